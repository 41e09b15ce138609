//go:build !amd64 || purego || noasm

package cpu

func detectLevel() simdLevel { return levelGo }

func asmOps(simdLevel) *vecOps { return nil }
