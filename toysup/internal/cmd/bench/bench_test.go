package main

import (
	"context"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/toymodels/superposition/toysup"
)

// childEnv makes the test binary act as the command itself, so the scaling runs' --train-only children work.
const childEnv = "TOYSUP_BENCH_TEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		if err := run(context.Background(), os.Args[1:]); err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// fakeTorch writes a shell script that prints the reference's report line for a run of steps steps.
func fakeTorch(t *testing.T, steps string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fake_torch.sh")
	script := "echo 'some log line'\necho '{\"impl\": \"fake-torch\", \"loop_steps_per_s\": 123.5, \"steps\": " + steps + "}'\n"
	if err := os.WriteFile(path, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// captureStdout runs f with os.Stdout redirected and returns what it printed.
func captureStdout(t *testing.T, f func() error) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdout
	os.Stdout = w
	done := make(chan string)
	go func() { data, _ := io.ReadAll(r); done <- string(data) }()
	ferr := f()
	os.Stdout = old
	w.Close()
	out := <-done
	if ferr != nil {
		t.Fatalf("%v\noutput:\n%s", ferr, out)
	}
	return out
}

func TestParseBusyCPU(t *testing.T) {
	busy, ok := parseBusyCPU("cpu  100 2 30 5000 7 1 1 4 9 9\ncpu0 1 2 3 4 5 6 7 8\n")
	if want := 138 * 10 * time.Millisecond; !ok || busy != want {
		t.Errorf("parseBusyCPU = %v, %v; want %v, true", busy, ok, want)
	}
	for _, bad := range []string{"", "cpu 1 2 3", "intr 1 2 3 4 5 6 7 8 9", "cpu 1 2 x 4 5 6 7 8"} {
		if _, ok := parseBusyCPU(bad); ok {
			t.Errorf("parseBusyCPU(%q) accepted", bad)
		}
	}
}

func TestParseTorchReport(t *testing.T) {
	rep, err := parseTorchReport([]byte("warming up\n{\"impl\": \"x\"}\n  {\"impl\": \"torch 2\", \"loop_steps_per_s\": 7.5, \"steps\": 3}\ndone\n"))
	if err != nil || rep.Impl != "torch 2" || rep.Loop != 7.5 || rep.Steps != 3 {
		t.Errorf("parseTorchReport = %+v, %v", rep, err)
	}
	if _, err := parseTorchReport([]byte("no report\n")); err == nil {
		t.Error("parseTorchReport accepted output without a report line")
	}
}

func TestStats(t *testing.T) {
	runs := []childRun{{wall: 3 * time.Second}, {wall: time.Second}, {wall: 2 * time.Second}, {wall: 10 * time.Second}}
	wall := func(r childRun) float64 { return r.wall.Seconds() }
	if m := median(runs, wall); m != 2.5 {
		t.Errorf("median = %v, want 2.5", m)
	}
	if m := median(runs[:3], wall); m != 2 {
		t.Errorf("median of 3 = %v, want 2", m)
	}
	if m := maxOf(runs, wall); m != 10 {
		t.Errorf("maxOf = %v, want 10", m)
	}
	if !math.IsNaN(median(nil, wall)) || !math.IsNaN(maxOf(nil, wall)) {
		t.Error("median and maxOf of no runs must be NaN")
	}
	if s := medianSPS(runs, 5); s != 2 {
		t.Errorf("medianSPS = %v, want 2", s)
	}
	if ratio(3, 2) != "1.50x" || ratio(math.NaN(), 2) != "-" || ratio(1, 0) != "-" || num(math.NaN(), "%.1f") != "-" {
		t.Error("ratio or num print unknown values wrongly")
	}
}

// The configs a–g are valid config files with the documented sizes, scaled step counts and the chosen engine.
func TestCases(t *testing.T) {
	cases, err := selectCases("a, b,c,d,e,f,g", 0.1, "native")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][3]int{"a": {20, 5, 600}, "b": {20, 5, 150}, "c": {400, 30, 15}, "d": {2, 1, 15},
		"e": {10, 5, 60}, "f": {100, 40, 20}, "g": {6, 2, 200}}
	for i, c := range cases {
		if c.name != "abcdefg"[i:i+1] || c.cfg.Engine != "native" {
			t.Errorf("case %d: %s on engine %s", i, c.name, c.cfg.Engine)
		}
		if w := want[c.name]; c.cfg.Features != w[0] || c.cfg.Hidden != w[1] || c.cfg.Steps != w[2] {
			t.Errorf("%s: n=%d m=%d steps=%d, want %v", c.name, c.cfg.Features, c.cfg.Hidden, c.cfg.Steps, w)
		}
		if err := writeConfig(filepath.Join(t.TempDir(), c.name+".json"), c.cfg); err != nil {
			t.Error(err)
		}
	}
	if _, err := selectCases("a,h", 1, "auto"); err == nil {
		t.Error("selectCases accepted config h")
	}
	if cases, err := selectCases("", 1, "auto"); err != nil || len(cases) != 0 {
		t.Errorf("selectCases(\"\") = %v, %v; want none", cases, err)
	}
}

// The dense-equivalent work of a step: 10·K·B·n·m (config c: 122 880 000 FLOPs); only optimised BLAS libraries
// count as a fair reference.
func TestDenseFLOPsAndBLAS(t *testing.T) {
	if got := denseFLOPs(1, 1024, 400, 30); got != 122_880_000 {
		t.Errorf("denseFLOPs(c) = %v, want 122880000", got)
	}
	for path, want := range map[string]bool{"/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3": true,
		"/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0": false, "": false, "/opt/intel/libmkl_rt.so": true} {
		if optimisedBLAS(path) != want {
			t.Errorf("optimisedBLAS(%q) = %v, want %v", path, !want, want)
		}
	}
}

func TestOptions(t *testing.T) {
	for _, bad := range [][]string{{"--rounds", "0"}, {"--step-scale", "0"}, {"--scale", "-1"}, {"--retries", "-1"},
		{"--torch", "/no/such/torch_reference.py"}, {"extra"}, {"--no-such-flag"}} {
		if _, err := parseOptions(bad); err == nil {
			t.Errorf("parseOptions(%q) accepted", bad)
		}
	}
	o, err := parseOptions(nil)
	if err != nil || o.torch != "" || o.rounds != 3 || o.configs != "a,b,c,d,e,f,g" || o.engine != "auto" || o.threads != 2 {
		t.Errorf("defaults: %+v, %v", o, err)
	}
}

// Side by side: the real `toysup train`, built from this repository, against a fake reference, two rounds.
func TestSideBySide(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the toysup CLI")
	}
	dir := t.TempDir()
	out := captureStdout(t, func() error {
		return run(context.Background(), []string{"--configs", "a", "--step-scale", "0.001", "--rounds", "2",
			"--engine", "native", "--python", "/bin/sh", "--torch", fakeTorch(t, "6"), "--dir", dir, "--peak=false"})
	})
	for _, want := range []string{"toysup train (engine native) vs fake-torch, 2 threads", "median of 2 rounds", "n=20 m=5 K=1"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	res, err := toysup.LoadResult(filepath.Join(dir, "a-result.json"))
	if err != nil || res.Config.Steps != 6 || res.Run == nil || res.Run.Engine != "native" {
		t.Fatalf("toysup train's result: %+v, %v", res, err)
	}
}

// Scaling: the --train-only children train 1-, 9- and 100-instance sweeps; the reference's rows come from the fake.
func TestScaling(t *testing.T) {
	t.Setenv(childEnv, "1")
	out := captureStdout(t, func() error {
		return run(context.Background(), []string{"--configs", "", "--scale", "100", "--step-scale", "0.02",
			"--python", "/bin/sh", "--torch", fakeTorch(t, "1")})
	})
	lines := strings.Split(out, "\n")
	rows := 0
	for _, line := range lines {
		f := strings.Fields(line)
		if len(f) >= 6 && (f[0] == "1" || f[0] == "9" || f[0] == "100") {
			rows++
		}
	}
	if rows != 3 || !strings.Contains(out, "scaling: n=2, m=1 sweeps, batch 1024, 1 steps") {
		t.Errorf("want rows for 1, 9 and 100 instances:\n%s", out)
	}
}

// The peak measurement reads the interpreter's report and refuses the reference BLAS unless allowed.
func TestMeasurePeak(t *testing.T) {
	fakePython := func(blas string) string {
		path := filepath.Join(t.TempDir(), "python")
		script := "#!/bin/sh\necho '{\"gflops\": 301.5, \"blas\": \"" + blas + "\"}'\n"
		if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
		return path
	}
	b := &bencher{ctx: context.Background(), python: fakePython("/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3"), threads: 2}
	rep, err := b.measurePeak(false)
	if err != nil || rep.GFLOPS != 301.5 {
		t.Errorf("OpenBLAS: %+v, %v; want 301.5 GFLOP/s", rep, err)
	}
	b.python = fakePython("/usr/lib/x86_64-linux-gnu/blas/libblas.so.3")
	if _, err := b.measurePeak(false); err == nil || !strings.Contains(err.Error(), "libopenblas0-pthread") {
		t.Errorf("reference BLAS: %v, want a refusal saying how to install OpenBLAS", err)
	}
	if _, err := b.measurePeak(true); err != nil {
		t.Errorf("reference BLAS allowed: %v", err)
	}
}
