package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"text/tabwriter"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/internal/bench"
)

// scaling trains n=2, m=1 grid sweeps of k/100, k/10 and k instances on both sides and prints time and memory.
// The toysup side is this command's --train-only child: training and saving, without the CLI's summary.
func (b *bencher) scaling(k int, engine string, stepScale float64) error {
	base := toysup.Config{Model: toysup.ModelReLUOutput, BatchSize: 1024, LearningRate: 1e-3, Optimizer: "adamw", Seed: 1, Engine: toysup.EngineKind(engine)}
	steps := scaledSteps(50, stepScale)
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
		if err := b.scalingRow(tw, cfg); err != nil {
			return err
		}
	}
	return tw.Flush()
}

// scalingRow times one sweep on both sides and prints its row.
func (b *bencher) scalingRow(tw *tabwriter.Writer, cfg toysup.Config) error {
	path := filepath.Join(b.dir, fmt.Sprintf("scale-%d.json", cfg.Instances))
	if err := writeConfig(path, cfg); err != nil {
		return err
	}
	label := fmt.Sprintf("scale %d", cfg.Instances)
	own, err := b.measure(label+" toysup", func() (childRun, error) {
		return b.trainOnlyChild(path, filepath.Join(b.dir, "scale-result.json"))
	})
	if err != nil {
		return fmt.Errorf("scaling %d instances: %w", cfg.Instances, err)
	}
	ts, trss, others := "-", "-", own.others
	if b.torch != "" {
		ref, err := b.measure(label+" torch", func() (childRun, error) { return b.runTorch(path, cfg.Steps) })
		if err == nil {
			ts, trss = fmt.Sprintf("%.2f", ref.wall.Seconds()), fmt.Sprintf("%.0f", ref.rssKB/1024)
			others = max(others, ref.others)
		} else {
			ts = "failed: " + firstLine(err.Error())
		}
	}
	fmt.Fprintf(tw, "%d\t%.2f\t%.2f\t%.0f\t\t%s\t%s\t\t%.2f\t\n", cfg.Instances, own.wall.Seconds(),
		own.wall.Seconds()*1e6/float64(cfg.Steps*cfg.Instances), own.rssKB/1024, ts, trss, others)
	return nil
}
