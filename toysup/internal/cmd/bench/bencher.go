package main

import (
	"context"
	"fmt"
	"os"
	"time"
)

// bencher runs the timed child processes of one benchmark.
type bencher struct {
	ctx       context.Context
	self      string // this executable, for the --train-only children
	toysup    string // the toysup binary timed by the side-by-side runs
	python    string
	torch     string // PyTorch reference script; "" when only toysup is timed
	threads   int
	dir       string     // folder of the config and result files
	torchImpl string     // implementation the reference reported, for the table's title
	peak      peakReport // the machine's float32 matmul peak, measured in this run (0 when not measured)
	maxOthers float64
	retries   int
}

// newBencher prepares the work folder and, when side-by-side runs follow (needToysup), the toysup binary. cleanup
// removes a temporary work folder.
func newBencher(ctx context.Context, o options, needToysup bool) (b *bencher, cleanup func(), err error) {
	self, err := os.Executable()
	if err != nil {
		return nil, nil, err
	}
	b = &bencher{ctx: ctx, self: self, toysup: o.toysupBin, python: o.python, torch: o.torch, threads: o.threads,
		dir: o.dir, maxOthers: o.maxOthers, retries: o.retries}
	cleanup = func() {}
	if b.dir == "" {
		if b.dir, err = os.MkdirTemp("", "toysup-bench"); err != nil {
			return nil, nil, err
		}
		dir := b.dir
		cleanup = func() { os.RemoveAll(dir) }
	}
	if b.torch == "" {
		fmt.Println("no --torch reference script: timing toysup only")
	}
	if needToysup && b.toysup == "" {
		if b.toysup, err = buildToysup(ctx, b.dir); err != nil {
			cleanup()
			return nil, nil, err
		}
	}
	return b, cleanup, nil
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

func sleepCtx(ctx context.Context, d time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}
