package cpu

import "syscall"

// threadCPU is the calling thread's CPU time in ns (user + system), 0 if unknown; lock the thread first.
func threadCPU() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(1, &ru) != nil { // 1: RUSAGE_THREAD
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
