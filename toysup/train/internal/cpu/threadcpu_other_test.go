//go:build !linux

package cpu

// threadCPU is the calling thread's CPU time in ns where known (Linux); 0 here.
func threadCPU() int64 { return 0 }
