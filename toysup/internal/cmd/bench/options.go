package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// options are the command's flags.
type options struct {
	torch, python  string  // PyTorch reference script ("" for none) and its interpreter
	threads        int     // PyTorch threads
	toysupBin      string  // toysup binary to time ("" to build one)
	rounds         int     // rounds of the side-by-side runs
	configs        string  // comma-separated configs a–g
	engine         string  // engine for `toysup train`
	stepScale      float64 // multiplies every config's step count
	scale          int     // largest scaling sweep (0: none)
	maxOthers      float64 // retry runs while other processes used more cores than this (0: never)
	retries        int     // retries per run for maxOthers
	dir            string  // work folder ("" for a temporary one)
	trainOnly, out string  // hidden child mode: train this config file and save the result to out
	allowRefBLAS   bool    // accept a PyTorch on the reference BLAS
	peak           bool    // measure the float32 matmul peak with the reference's PyTorch
}

const usageLine = "usage: go run ./toysup/internal/cmd/bench [--torch torch_reference.py] [--rounds 3] [--configs a,b,c,d,e,f,g] [--scale 10000]"

// parseOptions parses and checks the flags; -h prints them and returns [flag.ErrHelp].
func parseOptions(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.StringVar(&o.torch, "torch", "", "PyTorch reference script, e.g. ../shared/bench/torch_reference.py (empty: time toysup only)")
	fs.StringVar(&o.python, "python", "/usr/bin/python3", "Python interpreter with torch")
	fs.IntVar(&o.threads, "threads", 2, "PyTorch threads")
	fs.StringVar(&o.toysupBin, "toysup", "", "toysup binary to time (empty: build ./toysup/cmd/toysup of this repository into the work folder)")
	fs.IntVar(&o.rounds, "rounds", 3, "rounds; each runs every config on both sides, alternating which goes first")
	fs.StringVar(&o.configs, "configs", "a,b,c,d,e,f,g", "comma-separated configs: a–g (empty: only --scale)")
	fs.BoolVar(&o.peak, "peak", true, "with --torch: measure the machine's float32 matmul peak with its PyTorch (for the % of peak column) and check its BLAS")
	fs.BoolVar(&o.allowRefBLAS, "allow-reference-blas", false, "compare even when PyTorch uses the reference BLAS (not a fair reference)")
	fs.StringVar(&o.engine, "engine", "auto", "engine for 'toysup train': auto, native or gomlx")
	fs.Float64Var(&o.stepScale, "step-scale", 1, "multiply every config's step count (e.g. 0.1 for a quick check)")
	fs.IntVar(&o.scale, "scale", 0, "also train n=2, m=1 sweeps of this many instances and 1/10 and 1/100 of it, reporting time and peak RSS")
	fs.Float64Var(&o.maxOthers, "max-interference", 0, "retry a run (after a pause, up to --retries times) while other processes used more than this many cores during it; 0: accept every run")
	fs.IntVar(&o.retries, "retries", 30, "retries per run for --max-interference")
	fs.StringVar(&o.dir, "dir", "", "folder for the config and result files (default: a temporary folder, removed after)")
	fs.StringVar(&o.trainOnly, "train-only", "", "internal: train this config file and save the result to --out, without the summary")
	fs.StringVar(&o.out, "out", "", "internal: result file of --train-only")
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			fs.SetOutput(os.Stdout)
			fmt.Println(usageLine)
			fs.PrintDefaults()
		}
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if o.trainOnly != "" {
		return o, nil
	}
	return o, o.check()
}

// check rejects flag values out of range.
func (o options) check() error {
	switch {
	case o.rounds < 1 || o.rounds > 100:
		return fmt.Errorf("--rounds %d: allowed 1…100", o.rounds)
	case !(o.stepScale > 0 && o.stepScale <= 100):
		return fmt.Errorf("--step-scale %v: allowed (0, 100]", o.stepScale)
	case o.scale < 0 || o.scale > 1_000_000:
		return fmt.Errorf("--scale %d: allowed 0…1000000", o.scale)
	case o.maxOthers < 0 || o.retries < 0:
		return errors.New("--max-interference and --retries must be ≥ 0")
	}
	if o.torch != "" {
		if _, err := os.Stat(o.torch); err != nil {
			return fmt.Errorf("--torch: %w", err)
		}
	}
	return nil
}
