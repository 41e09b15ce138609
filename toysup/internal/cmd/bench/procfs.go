package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// machineLine describes the machine: CPU model, CPU count, platform and Go version.
func machineLine() string {
	return fmt.Sprintf("%s, %d CPUs, %s/%s, %s", cpuModel(), runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version())
}

// cpuModel is /proc/cpuinfo's first "model name" (GOARCH where there is none).
func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

// busyCPU returns the machine's total non-idle CPU time from /proc/stat; ok is false where it is unavailable.
func busyCPU() (busy time.Duration, ok bool) {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, false
	}
	return parseBusyCPU(string(data))
}

// parseBusyCPU sums the user, nice, system, irq, softirq and steal times of /proc/stat's first ("cpu") line, in
// 10 ms ticks; ok is false when the line is missing or malformed.
func parseBusyCPU(stat string) (busy time.Duration, ok bool) {
	line, _, _ := strings.Cut(stat, "\n")
	f := strings.Fields(line)
	if len(f) < 9 || f[0] != "cpu" {
		return 0, false
	}
	var ticks int64
	for i, v := range f[1:9] { // guest times (fields 9, 10) are already in user and nice
		x, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, false
		}
		if i != 3 && i != 4 { // idle, iowait
			ticks += x
		}
	}
	return time.Duration(ticks) * 10 * time.Millisecond, true
}

// loadAverage returns the 1, 5 and 15 minute load averages ("?" where unknown): the side-by-side numbers are
// only meaningful on an otherwise idle machine.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}
