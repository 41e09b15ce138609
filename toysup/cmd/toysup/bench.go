package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/internal/bench"
	"github.com/toymodels/superposition/toysup/train"
)

func init() {
	register("bench", "time 'toysup train' against the PyTorch reference side by side (issue 4's configs a–d)", runBench)
}

// benchCase is one configuration of the side-by-side benchmark.
type benchCase struct {
	name, desc string
	cfg        toysup.Config
}

// benchCases returns the speed configurations a–d (batch 1024, AdamW lr 1e-3, weight decay 0.01, ReLU output),
// with step counts that take a few seconds per run on a 2-core machine, multiplied by stepScale.
func benchCases(stepScale float64) map[string]benchCase {
	steps := func(n int) int { return max(1, int(math.Round(float64(n)*stepScale))) }
	cfgs := bench.SpeedConfigs()
	withSteps := func(name string, n int) toysup.Config {
		c := cfgs[name]
		c.Steps = steps(n)
		return c
	}
	return map[string]benchCase{
		"a": {"a", "n=20 m=5 K=1 1-S=0.1 I=0.7^i", withSteps("a", 6000)},
		"b": {"b", "n=20 m=5 K=7 (Section 2 sweep)", withSteps("b", 1500)},
		"c": {"c", "n=400 m=30 K=1 1-S=0.1 I=1", withSteps("c", 150)},
		"d": {"d", "n=2 m=1 K=400 (20x20 grid)", withSteps("d", 150)},
	}
}

// childRun is one timed child process.
type childRun struct {
	wall    time.Duration
	cpu     time.Duration // user + system time of the child
	others  float64       // cores used by other processes meanwhile (NaN where /proc/stat is missing)
	rssKB   float64       // peak resident set size
	loopSPS float64       // steps per second of the training loop alone, as the child reports it
}

func runBench(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	torch := fs.String("torch", "../shared/bench/torch_reference.py", "PyTorch reference script (skipped if absent)")
	python := fs.String("python", "/usr/bin/python3", "Python interpreter with torch")
	threads := fs.Int("threads", 2, "PyTorch threads")
	rounds := fs.Int("rounds", 3, "rounds; each runs every config on both sides, alternating which goes first")
	configs := fs.String("configs", "a,b,c,d", "comma-separated configs: a, b, c, d (empty: only --scale)")
	engine := fs.String("engine", "auto", "engine for 'toysup train': auto, native or gomlx")
	stepScale := fs.Float64("step-scale", 1, "multiply every config's step count (e.g. 0.1 for a quick check)")
	scale := fs.Int("scale", 0, "also train n=2, m=1 sweeps of this many instances and 1/10 and 1/100 of it, reporting time and peak RSS")
	maxOthers := fs.Float64("max-interference", 0, "retry a run (after a pause, up to --retries times) while other processes used more than this many cores during it; 0: accept every run")
	retries := fs.Int("retries", 30, "retries per run for --max-interference")
	dir := fs.String("dir", "", "folder for the config and result files (default: a temporary folder, removed after)")
	trainOnly := fs.String("train-only", "", "internal: train this config file and save the result to --out, without the summary")
	out := fs.String("out", "", "internal: result file of --train-only")
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			fs.SetOutput(os.Stdout)
			fmt.Println("usage: toysup bench [--torch torch_reference.py] [--rounds 3] [--configs a,b,c,d] [--scale 10000]")
			fs.PrintDefaults()
		}
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if *trainOnly != "" {
		return benchTrainOnly(ctx, *trainOnly, *out)
	}
	if *rounds < 1 || *rounds > 100 {
		return fmt.Errorf("--rounds %d: allowed 1…100", *rounds)
	}
	if !(*stepScale > 0 && *stepScale <= 100) {
		return fmt.Errorf("--step-scale %v: allowed (0, 100]", *stepScale)
	}
	if *scale < 0 || *scale > 1_000_000 {
		return fmt.Errorf("--scale %d: allowed 0…1000000", *scale)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	all := benchCases(*stepScale)
	var cases []benchCase
	for _, name := range strings.FieldsFunc(*configs, func(r rune) bool { return r == ',' }) {
		c, ok := all[strings.TrimSpace(name)]
		if !ok {
			return fmt.Errorf("--configs: unknown config %q, allowed a, b, c, d", name)
		}
		c.cfg.Engine = toysup.EngineKind(*engine)
		cases = append(cases, c)
	}
	work := *dir
	if work == "" {
		if work, err = os.MkdirTemp("", "toysup-bench"); err != nil {
			return err
		}
		defer os.RemoveAll(work)
	}
	useTorch := true
	if _, err := os.Stat(*torch); err != nil {
		fmt.Printf("PyTorch reference %s not found: timing toysup only\n", *torch)
		useTorch = false
	}
	if *maxOthers < 0 || *retries < 0 {
		return fmt.Errorf("--max-interference and --retries must be ≥ 0")
	}
	b := &bencher{ctx: ctx, self: self, python: *python, torch: *torch, threads: *threads, dir: work, useTorch: useTorch,
		maxOthers: *maxOthers, retries: *retries}
	fmt.Printf("machine: %s, %d CPUs, %s/%s, %s; load average at start: %s\n", cpuModel(), runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version(), loadAverage())
	defer func() { fmt.Printf("\nload average at end: %s\n", loadAverage()) }()
	if len(cases) > 0 {
		if err := b.sideBySide(cases, *rounds); err != nil {
			return err
		}
	}
	if *scale > 0 {
		return b.scaling(*scale, *engine, *stepScale)
	}
	return nil
}

type bencher struct {
	ctx                 context.Context
	self, python, torch string
	threads             int
	dir                 string
	useTorch            bool
	torchImpl           string
	maxOthers           float64
	retries             int
}

// sideBySide runs each case on both sides for the given rounds and prints the medians.
func (b *bencher) sideBySide(cases []benchCase, rounds int) error {
	own := map[string][]childRun{}
	ref := map[string][]childRun{}
	for r := 0; r < rounds; r++ {
		for _, c := range cases {
			path := filepath.Join(b.dir, c.name+".json")
			if err := writeConfig(path, c.cfg); err != nil {
				return err
			}
			sides := []string{"toysup", "torch"}
			if r%2 == 1 {
				sides = []string{"torch", "toysup"}
			}
			for _, side := range sides {
				if side == "torch" && !b.useTorch {
					continue
				}
				label := fmt.Sprintf("round %d/%d %s %-6s", r+1, rounds, c.name, side)
				run, err := b.measure(label, func() (childRun, error) {
					if side == "toysup" {
						return b.runToysup("train", "--config", path, "--out", filepath.Join(b.dir, c.name+"-result.json"), "--quiet")
					}
					return b.runTorch(path, c.cfg.Steps)
				})
				if err != nil {
					return fmt.Errorf("config %s, %s: %w", c.name, side, err)
				}
				if side == "toysup" {
					own[c.name] = append(own[c.name], run)
				} else {
					ref[c.name] = append(ref[c.name], run)
				}
			}
		}
	}
	worst := 0.0
	for _, runs := range []map[string][]childRun{own, ref} {
		for _, rs := range runs {
			worst = max(worst, maxOf(rs, func(r childRun) float64 { return r.others }))
		}
	}
	fmt.Printf("toysup train (engine %s) vs %s, %d threads: whole process, median of %d rounds; other processes used at most %.2f cores during a run\n\n",
		cases[0].cfg.Engine, b.torchName(), b.threads, rounds, worst)
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "config\t\tsteps\ttoysup steps/s\ttorch steps/s\tratio\t\ttoysup loop\ttorch loop\tloop ratio\t\ttoysup CPU s\ttorch CPU s\t\ttoysup RSS MB\ttorch RSS MB\t")
	for _, c := range cases {
		o, t := own[c.name], ref[c.name]
		osps, tsps := medianSPS(o, c.cfg.Steps), medianSPS(t, c.cfg.Steps)
		ol, tl := median(o, func(r childRun) float64 { return r.loopSPS }), median(t, func(r childRun) float64 { return r.loopSPS })
		orss, trss := maxOf(o, func(r childRun) float64 { return r.rssKB / 1024 }), maxOf(t, func(r childRun) float64 { return r.rssKB / 1024 })
		cpuSecs := func(r childRun) float64 { return r.cpu.Seconds() }
		fmt.Fprintf(tw, "%s\t%s\t%d\t%.1f\t%s\t%s\t\t%.1f\t%s\t%s\t\t%.2f\t%s\t\t%.0f\t%s\t\n", c.name, c.desc, c.cfg.Steps, osps, num(tsps, "%.1f"),
			ratio(osps, tsps), ol, num(tl, "%.1f"), ratio(ol, tl), median(o, cpuSecs), num(median(t, cpuSecs), "%.2f"), orss, num(trss, "%.0f"))
	}
	return tw.Flush()
}

// measure runs f until other processes used at most maxOthers cores during the run (or retries are exhausted),
// pausing between tries, and logs the accepted run to stderr.
func (b *bencher) measure(label string, f func() (childRun, error)) (childRun, error) {
	for attempt := 0; ; attempt++ {
		run, err := f()
		if err != nil {
			return run, err
		}
		if b.maxOthers == 0 || !(run.others > b.maxOthers) || attempt >= b.retries {
			fmt.Fprintf(os.Stderr, "%s %6.2fs wall %6.2fs CPU %7.1f MB, others %.2f cores\n", label, run.wall.Seconds(), run.cpu.Seconds(), run.rssKB/1024, run.others)
			return run, nil
		}
		fmt.Fprintf(os.Stderr, "%s: other processes used %.2f cores, retrying\n", label, run.others)
		if err := sleepCtx(b.ctx, 5*time.Second); err != nil {
			return run, err
		}
	}
}

// scaling trains n=2, m=1 grid sweeps of k/100, k/10 and k instances on both sides and prints time and memory.
func (b *bencher) scaling(k int, engine string, stepScale float64) error {
	base := toysup.Config{Model: toysup.ModelReLUOutput, BatchSize: 1024, LearningRate: 1e-3, Optimizer: "adamw", Seed: 1, Engine: toysup.EngineKind(engine)}
	steps := max(1, int(math.Round(50*stepScale)))
	fmt.Printf("\nscaling: n=2, m=1 sweeps, batch 1024, %d steps, whole process (toysup: train and save, no summary)\n\n", steps)
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "instances\ttoysup s\ttoysup µs per instance-step\ttoysup RSS MB\t\ttorch s\ttorch RSS MB\t\tothers (cores)\t")
	for _, kk := range []int{k / 100, k / 10, k} {
		if kk < 1 {
			continue
		}
		side := int(math.Round(math.Sqrt(float64(kk))))
		cfg := bench.GridSweep(base, side)
		cfg.Steps = steps
		cfg.Instances = side * side
		path := filepath.Join(b.dir, fmt.Sprintf("scale-%d.json", cfg.Instances))
		if err := writeConfig(path, cfg); err != nil {
			return err
		}
		label := fmt.Sprintf("scale %d", cfg.Instances)
		own, err := b.measure(label+" toysup", func() (childRun, error) {
			return b.runToysup("bench", "--train-only", path, "--out", filepath.Join(b.dir, "scale-result.json"))
		})
		if err != nil {
			return fmt.Errorf("scaling %d instances: %w", cfg.Instances, err)
		}
		ts, trss, others := "-", "-", own.others
		if b.useTorch {
			ref, err := b.measure(label+" torch", func() (childRun, error) { return b.runTorch(path, steps) })
			if err == nil {
				ts, trss = fmt.Sprintf("%.2f", ref.wall.Seconds()), fmt.Sprintf("%.0f", ref.rssKB/1024)
				others = max(others, ref.others)
			} else {
				ts = "failed: " + firstLine(err.Error())
			}
		}
		fmt.Fprintf(tw, "%d\t%.2f\t%.2f\t%.0f\t\t%s\t%s\t\t%.2f\t\n", cfg.Instances, own.wall.Seconds(),
			own.wall.Seconds()*1e6/float64(steps*cfg.Instances), own.rssKB/1024, ts, trss, others)
	}
	return tw.Flush()
}

// benchTrainOnly trains a config file and saves the result: the child process of the scaling runs.
func benchTrainOnly(ctx context.Context, cfgPath, out string) error {
	if out == "" {
		return errors.New("--train-only needs --out")
	}
	cfg, err := toysup.LoadConfig(cfgPath)
	if err != nil {
		return err
	}
	res, err := train.Train(ctx, cfg, train.WithProgress(nil))
	if err != nil {
		return err
	}
	return res.Save(out)
}

// runToysup runs this executable with args (which name the result file after --out) and reads the loop speed
// from the result.
func (b *bencher) runToysup(args ...string) (childRun, error) {
	run, _, err := b.child(b.self, args...)
	if err != nil {
		return run, err
	}
	outPath := args[slices.Index(args, "--out")+1]
	res, err := toysup.LoadResult(outPath)
	if err != nil {
		return run, err
	}
	if res.Run != nil {
		run.loopSPS = res.Run.StepsPerSecond
	}
	return run, nil
}

// runTorch runs the PyTorch reference on a config file and reads its report.
func (b *bencher) runTorch(cfgPath string, steps int) (childRun, error) {
	run, stdout, err := b.child(b.python, b.torch, "--config", cfgPath, "--threads", fmt.Sprint(b.threads))
	if err != nil {
		return run, err
	}
	var last string
	sc := bufio.NewScanner(bytes.NewReader(stdout))
	sc.Buffer(nil, 64<<20) // the report lists every instance's final loss
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); strings.HasPrefix(line, "{") {
			last = line
		}
	}
	var rep struct {
		Impl  string  `json:"impl"`
		Loop  float64 `json:"loop_steps_per_s"`
		Steps int     `json:"steps"`
	}
	if err := json.Unmarshal([]byte(last), &rep); err != nil {
		return run, fmt.Errorf("reading the reference's report %q: %w", last, err)
	}
	if rep.Steps != steps {
		return run, fmt.Errorf("the reference ran %d steps, the config says %d", rep.Steps, steps)
	}
	b.torchImpl, run.loopSPS = rep.Impl, rep.Loop
	return run, nil
}

// child runs a process, timing its wall clock and reading its peak RSS from its rusage.
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

func writeConfig(path string, cfg toysup.Config) error {
	data, err := json.MarshalIndent(cfg, "", " ")
	if err != nil {
		return err
	}
	if _, err := toysup.ParseConfig(data); err != nil {
		return fmt.Errorf("benchmark config %s: %w", filepath.Base(path), err)
	}
	return toysup.WriteFileAtomic(path, data)
}

func (b *bencher) torchName() string {
	if b.torchImpl == "" {
		return "PyTorch"
	}
	return b.torchImpl
}

// medianSPS is steps / median wall time.
func medianSPS(runs []childRun, steps int) float64 {
	m := median(runs, func(r childRun) float64 { return r.wall.Seconds() })
	return float64(steps) / m
}

func median(runs []childRun, f func(childRun) float64) float64 {
	if len(runs) == 0 {
		return math.NaN()
	}
	v := make([]float64, len(runs))
	for i, r := range runs {
		v[i] = f(r)
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

func maxOf(runs []childRun, f func(childRun) float64) float64 {
	if len(runs) == 0 {
		return math.NaN()
	}
	m := math.Inf(-1)
	for _, r := range runs {
		m = max(m, f(r))
	}
	return m
}

func ratio(a, b float64) string {
	if math.IsNaN(a) || math.IsNaN(b) || b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2fx", a/b)
}

func num(v float64, format string) string {
	if math.IsNaN(v) {
		return "-"
	}
	return fmt.Sprintf(format, v)
}

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

// busyCPU returns the machine's total non-idle CPU time (user, nice, system, irq, softirq and steal from
// /proc/stat, in 10 ms ticks); ok is false where it is unavailable.
func busyCPU() (busy time.Duration, ok bool) {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, false
	}
	line, _, _ := strings.Cut(string(data), "\n")
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

func sleepCtx(ctx context.Context, d time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
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

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "; ")
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
