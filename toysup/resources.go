package toysup

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
)

// Resources is what training a config and keeping its result will take, estimated from the config alone before
// anything is allocated ([Estimate]). The README's "Limits and errors" section documents the model.
type Resources struct {
	// Weights counts the trained parameters of all instances (W, b, and W_out for abs).
	Weights int64
	// EngineBytes: the engine's float32 parameters and Adam's two moments, its gradient and batch buffers, and
	// the float64 initial parameters.
	EngineBytes int64
	// ResultBytes: the float64 result on the host and its JSON text while it is written (about 3× the file).
	ResultBytes int64
	// FileBytes is the expected size of the result file (24 bytes per number).
	FileBytes int64
	// GramBytes is the memory of every instance's n×n Gram matrix (WᵀW), which the full analysis builds.
	GramBytes int64
	// StepWork is the multiply-adds of one training step: instances × batch × features × (1 + (3·hidden + 4)·p̄)
	// with p̄ the mean feature probability on the native engine (it follows the sparsity), p̄ = 1 on gomlx.
	StepWork float64
}

// Limits of the pre-flight ([Resources.Check]).
const (
	// MaxStepWork bounds [Resources.StepWork] (1e10: seconds on a few cores, about a minute on one busy core),
	// so that every step ends and the gomlx engine, which checks for cancellation between steps, stops soon.
	MaxStepWork = 1e10
	// FallbackMemory is the memory assumed where the machine's cannot be read (no /proc/meminfo).
	FallbackMemory = 8 << 30
)

// Estimate returns the resources a resolved config needs.
func Estimate(c Config) Resources {
	k, n, m, b := int64(c.Instances), int64(c.Features), int64(c.Hidden), int64(c.EffectiveBatch())
	mats := int64(1)
	if c.Model == ModelAbs {
		mats = 2
	}
	p := mats*k*n*m + k*n
	var r Resources
	r.Weights = p
	mp := (m + 15) / 16 * 16 // the native engine pads rows
	batch, graph := int64(0), c.Engine == EngineGoMLX || c.Backend != DefaultBackend
	if graph {
		batch = 8*4*k*b*(n+m) + 2*(16<<20) // x, masks, outputs and their gradients; full-shape constants
	} else {
		batch = min(4<<24, 16*4*p) + int64(runtime.GOMAXPROCS(0))*8*(8192+n) // per-slice gradients, worker scratch
	}
	r.EngineBytes = 4*4*(mats*k*n*mp+k*n) + batch + 8*p + 24*k*n*mats + 48*k*n
	if t := int64(c.DatasetSize); t > 0 { // the fixed training sets: host (12 bytes per entry) and engine (8)
		r.EngineBytes += k * t * (int64(20*float64(n)*meanProbability(c)) + 16)
		if graph {
			r.EngineBytes += 4 * k * t * n // the dense set, a graph input
		}
	}
	host := 8*p + 24*k*n*mats + 16*k*n
	hist := int64(c.Steps/max(1, c.LogEvery)+2) * (k + 1)
	r.FileBytes = 24 * (p + 2*k*n + hist)
	r.ResultBytes = host + 3*r.FileBytes
	r.GramBytes = 8 * k * n * n
	density := 1.0
	if !graph { // the native engine follows the sparsity
		density = meanProbability(c)
	}
	r.StepWork = float64(k) * float64(b) * float64(n) * (1 + float64(3*m+4)*float64(mats)*density)
	return r
}

func meanProbability(c Config) float64 {
	if c.FeatureProbability.Rank() < 0 {
		return 1
	}
	s, cnt := 0.0, 0
	for _, row := range c.FeatureProbability.rows {
		for _, v := range row {
			s += v
			cnt++
		}
	}
	return s / float64(max(1, cnt))
}

// Check refuses resources beyond the machine (available bytes of memory, described by source) or beyond
// [MaxResultBytes] and [MaxStepWork], naming the config field to lower. extra is memory needed besides training
// and the result (the CLI's summary).
func (r Resources) Check(available int64, source string, extra int64) error {
	need := r.EngineBytes + r.ResultBytes + extra
	field := "features"
	switch {
	case r.StepWork > MaxStepWork:
		return fieldErr("batch_size", "one step is about %.2g multiply-adds (instances × batch_size × features × (1 + (3·hidden + 4)·p)), limit %.2g; lower batch_size, features or hidden",
			r.StepWork, float64(MaxStepWork))
	case r.FileBytes > MaxResultBytes:
		return fieldErr(field, "the result file would be about %s (%d weights), limit %s; lower features, hidden or instances",
			Bytes(r.FileBytes), r.Weights, Bytes(MaxResultBytes))
	case need > available:
		return fieldErr(field, "needs about %s of memory (training %s, result %s, other %s), %s available (%s); lower features, hidden, instances or batch_size",
			Bytes(need), Bytes(r.EngineBytes), Bytes(r.ResultBytes), Bytes(extra), Bytes(available), source)
	}
	return nil
}

// Bytes formats a byte count (1.5 GiB).
func Bytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
}

// AvailableMemory returns the memory a run may use and where the figure comes from: MemAvailable of
// /proc/meminfo, lowered to the cgroup's memory.max and to GOMEMLIMIT where those are set; where /proc/meminfo
// cannot be read, [FallbackMemory].
func AvailableMemory() (int64, string) {
	avail, source := int64(FallbackMemory), "assumed: no /proc/meminfo"
	if v, ok := memInfo("/proc/meminfo", "MemAvailable:"); ok {
		avail, source = v, "MemAvailable in /proc/meminfo"
	}
	if data, err := os.ReadFile("/sys/fs/cgroup/memory.max"); err == nil {
		if v, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64); err == nil && v < avail {
			avail, source = v, "the cgroup's memory.max"
		}
	}
	if v := debug.SetMemoryLimit(-1); v < avail && v < math.MaxInt64 {
		avail, source = v, "GOMEMLIMIT"
	}
	return avail, source
}

// memInfo reads a "Key: N kB" line of a meminfo file.
func memInfo(path, key string) (int64, bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && f[0] == key {
			v, err := strconv.ParseInt(f[1], 10, 64)
			return v << 10, err == nil
		}
	}
	return 0, false
}

// CheckResources estimates what the resolved config c needs ([Estimate]) and checks it against the machine
// ([AvailableMemory]) and the limits; extra is memory needed besides training and the result.
func CheckResources(c Config, extra int64) error {
	avail, source := AvailableMemory()
	return Estimate(c).Check(avail, source, extra)
}
