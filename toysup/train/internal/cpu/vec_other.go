//go:build !amd64 || purego || noasm

package cpu

func detectLevel() simdLevel { return levelGo }

func asmOps(simdLevel) *vecOps { return nil }

func laneKernel(Model, int) laneFunc { return nil }

func laneReduce(dst, acc *float32, count int) { panic("cpu: no lane kernels in this build") }
