package paper

import (
	"context"
	"fmt"
	"math"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/theory"
)

// TopFeatures is how many of the largest-norm features [DoubleDescentPoint.TopDi] averages.
const TopFeatures = 5

// DoubleDescentPoint is one training-set size T of [Runner.DoubleDescent], with per-seed numbers `[seeds]`.
type DoubleDescentPoint struct {
	Size    int
	Trained *Trained
	// TestLoss (fresh samples) and TrainLoss (the training set) per seed, from the result.
	TestLoss, TrainLoss []float64
	// MeanDt is the mean over the training points of D_t, per seed; MDivT is m/T.
	MeanDt []float64
	MDivT  float64
	// TopDi is the mean D_i of the [TopFeatures] largest-norm features, per seed.
	TopDi []float64
	// GapError is [theory.MaxGapError] of the h_t in degrees, per seed (NaN when train_hidden was not stored).
	GapError []float64
}

// DoubleDescentRun is the double-descent sweep over T and the peak of the mean test loss.
type DoubleDescentRun struct {
	Points []DoubleDescentPoint
	// Peak is the index in Points of the highest mean test loss.
	Peak int
}

// DoubleDescent trains [DoubleDescent]'s presets and measures, for every T, the test and train losses, the
// training points' D_t, the top features' D_i and the h_t's angle gaps.
func (r Runner) DoubleDescent(ctx context.Context) (*DoubleDescentRun, error) {
	p := DoubleDescent(r.Quick)
	out := &DoubleDescentRun{}
	for i, e := range p.Runs {
		t, err := r.train(ctx, e)
		if err != nil {
			return nil, err
		}
		pt, err := ddPoint(p.Sizes[i], t)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", e.Name, err)
		}
		out.Points = append(out.Points, pt)
		if theory.Mean(pt.TestLoss) > theory.Mean(out.Points[out.Peak].TestLoss) {
			out.Peak = i
		}
	}
	return out, nil
}

func ddPoint(T int, t *Trained) (DoubleDescentPoint, error) {
	pt := DoubleDescentPoint{Size: T, Trained: t, MDivT: float64(t.Result.Config.Hidden) / float64(T)}
	for k, in := range t.Result.Instances {
		if in.TestLoss == nil || in.TrainLoss == nil {
			return pt, fmt.Errorf("instance %d has no test_loss or train_loss", k)
		}
		pt.TestLoss = append(pt.TestLoss, *in.TestLoss)
		pt.TrainLoss = append(pt.TrainLoss, *in.TrainLoss)
		pt.TopDi = append(pt.TopDi, theory.TopDimensionality(t.Analyses[k], TopFeatures))
		dt, gap := math.NaN(), math.NaN()
		if in.TrainHidden != nil {
			dt = theory.Mean(toysup.Dimensionalities(in.TrainHidden))
			gap = theory.MaxGapError(in.TrainHidden)
		}
		pt.MeanDt, pt.GapError = append(pt.MeanDt, dt), append(pt.GapError, gap)
	}
	return pt, nil
}

// L1Point is one λ of [Runner.L1]: the best seed (lowest reconstruction loss on fresh samples) and its measures.
type L1Point struct {
	Lambda float64
	Best   *Trained
	// DStar is D* = m/‖W‖²_F, Represented the features with ‖W_i‖ > 0.5, Loss the reconstruction loss on fresh
	// samples (without the penalty), LossCost Loss − the λ = 0 model's Loss.
	DStar       float64
	Represented int
	Loss        float64
	LossCost    float64
}

// L1 trains [L1]'s presets and keeps the best seed of each λ.
func (r Runner) L1(ctx context.Context) ([]L1Point, error) {
	p := L1(r.Quick)
	var out []L1Point
	for i, e := range p.Runs {
		best, err := r.best(ctx, e)
		if err != nil {
			return nil, err
		}
		a := best.Analyses[0]
		pt := L1Point{Lambda: p.Lambdas[i], Best: best, DStar: a.DimensionsPerFeature, Represented: a.Represented, Loss: a.EvalLoss}
		if len(out) > 0 {
			pt.LossCost = pt.Loss - out[0].Loss
		}
		out = append(out, pt)
	}
	return out, nil
}
