package main

import (
	"bytes"
	"fmt"
	"math"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"time"
)

// childRun is one timed child process.
type childRun struct {
	wall    time.Duration
	cpu     time.Duration // user + system time of the child
	others  float64       // cores used by other processes meanwhile (NaN where /proc/stat is missing)
	rssKB   float64       // peak resident set size
	loopSPS float64       // steps per second of the training loop alone, as the child reports it
}

// child runs a process, timing its wall clock, reading its CPU time and peak RSS from its rusage and the CPU time
// other processes used meanwhile from /proc/stat.
func (b *bencher) child(name string, args ...string) (childRun, []byte, error) {
	cmd := exec.CommandContext(b.ctx, name, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	busy0, ok0 := busyCPU()
	start := time.Now()
	err := cmd.Run()
	run := childRun{wall: time.Since(start), others: math.NaN()}
	busy1, ok1 := busyCPU()
	if ps := cmd.ProcessState; ps != nil {
		run.rssKB = maxRSSKB(ps.SysUsage())
		run.cpu = ps.UserTime() + ps.SystemTime()
	}
	if ok0 && ok1 {
		run.others = max(0, (busy1-busy0-run.cpu).Seconds()/run.wall.Seconds())
	}
	if err != nil {
		return run, nil, fmt.Errorf("%s %s: %w: %s", filepath.Base(name), strings.Join(args, " "), err, lastLines(stderr.String(), 3))
	}
	return run, stdout.Bytes(), nil
}

// maxRSSKB reads Maxrss from a *syscall.Rusage (kilobytes on Linux, bytes on macOS); NaN where there is none.
func maxRSSKB(usage any) float64 {
	v := reflect.ValueOf(usage)
	if v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return math.NaN()
	}
	f := v.FieldByName("Maxrss")
	if !f.IsValid() || !f.CanInt() {
		return math.NaN()
	}
	kb := float64(f.Int())
	if runtime.GOOS == "darwin" {
		kb /= 1024
	}
	return kb
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "; ")
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
