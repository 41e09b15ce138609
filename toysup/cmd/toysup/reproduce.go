package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/paper"
	"github.com/toymodels/superposition/toysup/reproduce"
	"github.com/toymodels/superposition/toysup/train"
)

func init() {
	register("reproduce", "train the paper's experiments and write results, SVG figures and index.html", runReproduce)
}

func runReproduce(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("reproduce", flag.ContinueOnError)
	out := fs.String("out", "out", "output folder")
	quick := fs.Bool("quick", false, fmt.Sprintf("cut every experiment to %d steps (smoke test)", paper.QuickSteps))
	sections := fs.String("section", "", fmt.Sprintf("comma-separated sections to run: paper section numbers or named extras (available: %s; default: the paper's, %s)", strings.Join(reproduce.Sections, ","), strings.Join(reproduce.PaperSections(), ",")))
	seeds := fs.Int("seeds", 0, fmt.Sprintf("seeds per setting in every best-of-K preset, 1 … %d (default: each preset's own; more find the lowest-loss solutions more often)", paper.MaxSeeds))
	quiet := fs.Bool("quiet", false, "no progress bar")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *seeds < 0 || *seeds > paper.MaxSeeds {
		return fmt.Errorf("--seeds: got %d, allowed 1 … %d (or 0: the presets' own counts)", *seeds, paper.MaxSeeds)
	}
	if err := checkOutDir("--out", *out); err != nil {
		return err
	}
	opts := reproduce.Options{Dir: *out, Quick: *quick, Seeds: *seeds, Log: os.Stdout, Progress: train.DefaultProgress()}
	if *quiet {
		opts.Progress = nil
	}
	if *sections != "" {
		var err error
		if opts.Sections, err = reproduce.ParseSections(*sections); err != nil {
			return fmt.Errorf("--section %q: %w", *sections, err)
		}
	}
	rep, err := reproduce.Run(ctx, opts)
	if ctx.Err() != nil {
		return interrupted(ctx, "the result files written so far in %s are complete; the others were not written", toysup.Clip(*out, 200))
	}
	if err != nil {
		return err
	}
	abs, _ := filepath.Abs(*out)
	fmt.Printf("wrote %d result files and %d figures; open %s\n", len(rep.Results), len(rep.Figures), filepath.Join(abs, "index.html"))
	return nil
}
