// Command bench times `toysup train` against the PyTorch reference script side by side, as whole processes, on the
// speed configurations a–g (batch 1024, AdamW; see [bench.SpeedConfigs]), with the machine's float32 matmul peak
// measured in the same run, and optionally trains n=2, m=1 sweeps of growing size to show how time and memory scale. It is a developer tool, not part of the toysup CLI:
//
//	go run ./toysup/internal/cmd/bench --torch ../shared/bench/torch_reference.py --rounds 3
//	go run ./toysup/internal/cmd/bench --configs "" --scale 10000
//
// The toysup side runs a real `toysup train` binary (built from this repository's ./toysup/cmd/toysup into the work
// folder, or the one given with --toysup); the scaling runs re-execute this command in its hidden --train-only
// mode, which trains and saves without the CLI's summary. Without --torch only the toysup side is timed.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintf(os.Stderr, "bench: %s\n", strings.ReplaceAll(err.Error(), "\n", "; "))
		os.Exit(1)
	}
}

// run parses the flags and runs the side-by-side and scaling benchmarks, or the --train-only child mode.
func run(ctx context.Context, args []string) error {
	o, err := parseOptions(args)
	if err != nil {
		return err
	}
	if o.trainOnly != "" {
		return trainOnly(ctx, o.trainOnly, o.out)
	}
	cases, err := selectCases(o.configs, o.stepScale, o.engine)
	if err != nil {
		return err
	}
	b, cleanup, err := newBencher(ctx, o, len(cases) > 0)
	if err != nil {
		return err
	}
	defer cleanup()
	fmt.Printf("machine: %s; load average at start: %s\n", machineLine(), loadAverage())
	defer func() { fmt.Printf("\nload average at end: %s\n", loadAverage()) }()
	if len(cases) > 0 && b.torch != "" && o.peak {
		if b.peak, err = b.measurePeak(o.allowRefBLAS); err != nil {
			return err
		}
		fmt.Printf("float32 peak: %.0f GFLOP/s (PyTorch 2048² matmul, %d threads, best of 5; BLAS %s)\n", b.peak.GFLOPS, b.threads, b.peak.BLAS)
	}
	if len(cases) > 0 {
		if err := b.sideBySide(cases, o.rounds); err != nil {
			return err
		}
	}
	if o.scale > 0 {
		return b.scaling(o.scale, o.engine, o.stepScale)
	}
	return nil
}
