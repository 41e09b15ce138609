//go:build ignore

// gen_live_training draws notebooks/figures/live_training.svg, the README's picture of live training: the
// introduction's model (n = 5, m = 2, I = 0.9^i, 1−S = 0.1, seed 0, 10 000 steps) at eight steps of its training,
// as the notebooks' live cells draw it (figures.TrainingFrameFigure), played by figures.AnimatedFigure.
//
//	go run notebooks/figures/gen_live_training.go
package main

import (
	"context"
	"log"
	"os"
	"slices"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/figures"
	"github.com/toymodels/superposition/toysup/train"
)

func main() {
	decay := 0.9
	cfg := toysup.Config{Features: 5, Hidden: 2, FeatureProbability: toysup.Scalar(0.1), ImportanceDecay: &decay, Steps: 10_000}
	keep := []int{0, 250, 500, 1000, 2000, 4000, 7000, 10_000}
	var frames []string
	_, err := train.Train(context.Background(), cfg, train.WithProgress(nil), train.WithFrames(250, 0, func(f train.Frame) {
		if !slices.Contains(keep, f.Step) {
			return
		}
		an := make([]toysup.Analysis, len(f.Result.Instances))
		for k, in := range f.Result.Instances {
			an[k] = toysup.AnalyzeWeights(in.W)
		}
		frames = append(frames, figures.MustTrainingFrameFigure(f.Result, an, f.Step, figures.Options{Width: 900}))
	}))
	if err != nil {
		log.Fatal(err)
	}
	svg, err := figures.AnimatedFigure(frames, 1.2, figures.Options{})
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("notebooks/figures/live_training.svg", []byte(svg), 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("notebooks/figures/live_training.svg: %d frames, %d bytes", len(frames), len(svg))
}
