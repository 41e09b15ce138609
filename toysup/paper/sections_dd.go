package paper

import (
	"context"
	"fmt"
	"math"
	"slices"

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
	// GapError is [theory.MaxGapError] of the h_t in degrees and MinGap their smallest [theory.AngleGaps], per
	// seed (NaN when train_hidden was not stored).
	GapError, MinGap []float64
	// HiddenNorm2 is the mean ‖h_t‖² per seed and CostRatio the seed's polygon's [theory.PolygonCost] over the
	// regular T-gon's ([theory.RegularMemorization]: 1 when regular), per seed (NaN without train_hidden; the
	// ratio also NaN with fewer than 2 non-zero h_t).
	HiddenNorm2, CostRatio []float64
	// Best is the seed with the lowest train loss (the first of those within [MemorizedTie] of it): the model whose
	// h_t the figures draw. Neither it nor [DoubleDescentPoint.Memorizing] looks at the test loss or the angles.
	Best int
}

// Memorization thresholds: a seed memorizes when its train loss is at most MemorizedTrainLoss (a training point
// left out costs 1/T ≥ 0.125 of train loss at T ≤ 8; measured at T ≤ 8: 1e-15–7e-3 with every point stored,
// 0.09–0.3 with a point dropped or two merged, rarely in between); train losses within MemorizedTie count as equal
// (float32 round-off: the zero-loss seeds of T = 3 and 5 end between 1e-15 and 1e-9).
const (
	MemorizedTrainLoss = 0.01
	MemorizedTie       = 1e-6
)

// RegularGapTolerance is how close to a regular T-gon [DoubleDescentPoint.Regular] wants the memorized points: the
// median over the memorizing seeds of the worst angle-gap error at most this fraction of 360°/T (10.8° at T = 5,
// 6.75° at T = 8). Why not tighter: with AdamW the loss does not single out the regular T-gon. Any polygon whose
// neighbours the output bias can separate memorizes with zero train loss; the L2 weight norm prefers the regular
// one ([theory.RegularMemorization]), but AdamW's decoupled decay does not descend that norm: a memorized polygon
// stays where it landed (Adam with the same decay coupled into the gradient does: [DoubleDescentPresets.AdamL2]).
// Measured on 4 training seeds (quick and full presets): single seeds 1.6–12° at T = 5 and 1.7–6.4° at T = 8 with
// about one in five far off (28–68°, a point squeezed between two), the medians 3.5–6.9° at T = 5 and 2.6–5.4° at
// T = 8; a polygon with a point dropped or two merged errs by ≥ 20°. At T = 3 AdamW's triangles end near
// 104°/104°/152° (worst errors 25–48°) at any weight decay from 1e-2 to 0.3, after 50 000 steps and at the
// follow-up's own N = 10 000, 1 − S = 0.001 (19–37°), as they do with PyTorch's AdamW (27–44°, 8 seeds); gradient
// descent on the L2-regularised loss ([DoubleDescentPresets.GD]) and Adam on it reach the equilateral triangle.
const RegularGapTolerance = 0.15

// Memorizing lists the seeds whose train loss is at most [MemorizedTrainLoss].
func (p DoubleDescentPoint) Memorizing() []int {
	var out []int
	for k, l := range p.TrainLoss {
		if l <= MemorizedTrainLoss {
			out = append(out, k)
		}
	}
	return out
}

// MemorizingGapError is the median over the [DoubleDescentPoint.Memorizing] seeds of GapError and
// MemorizingMinGap that of MinGap, in degrees (NaN when no seed memorizes).
func (p DoubleDescentPoint) MemorizingGapError() float64 { return medianOf(p.GapError, p.Memorizing()) }

// MemorizingMinGap: see [DoubleDescentPoint.MemorizingGapError].
func (p DoubleDescentPoint) MemorizingMinGap() float64 { return medianOf(p.MinGap, p.Memorizing()) }

// MemorizingHiddenNorm2: see [DoubleDescentPoint.MemorizingGapError].
func (p DoubleDescentPoint) MemorizingHiddenNorm2() float64 {
	return medianOf(p.HiddenNorm2, p.Memorizing())
}

// MemorizingCostRatio: see [DoubleDescentPoint.MemorizingGapError].
func (p DoubleDescentPoint) MemorizingCostRatio() float64 {
	return medianOf(p.CostRatio, p.Memorizing())
}

// Regular reports whether the memorized points form a regular T-gon within [RegularGapTolerance]: some seed
// memorizes and the median over those seeds of the worst |gap − 360°/T| is at most RegularGapTolerance × 360°/T.
func (p DoubleDescentPoint) Regular() bool {
	e := p.MemorizingGapError()
	return e <= RegularGapTolerance*360/float64(p.Size)
}

func medianOf(xs []float64, idx []int) float64 {
	var v []float64
	for _, k := range idx {
		v = append(v, xs[k])
	}
	if len(v) == 0 {
		return math.NaN()
	}
	slices.Sort(v)
	if n := len(v); n%2 == 0 {
		return (v[n/2-1] + v[n/2]) / 2
	}
	return v[len(v)/2]
}

// DoubleDescentRun is the double-descent sweep over T and the peak of the mean test loss, and the L2 companions
// beside their closed form.
type DoubleDescentRun struct {
	Points []DoubleDescentPoint
	// Peak is the index in Points of the highest mean test loss.
	Peak int
	// GD and AdamL2 are T = [DoubleDescentGDSize] trained on the loss with an L2 term ([DoubleDescentPresets.GD],
	// [DoubleDescentPresets.AdamL2]) and Optimum that objective's closed-form minimum, the regular polygon.
	GD, AdamL2 DoubleDescentPoint
	Optimum    theory.MemorizedPolygon
}

// DoubleDescent trains [DoubleDescent]'s presets and measures, for every T, the test and train losses, the
// training points' D_t, the top features' D_i and the h_t's angle gaps, and picks the lowest-train-loss seed.
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
	for _, c := range []struct {
		e  Experiment
		pt *DoubleDescentPoint
	}{{p.GD, &out.GD}, {p.AdamL2, &out.AdamL2}} {
		t, err := r.train(ctx, c.e)
		if err != nil {
			return nil, err
		}
		if *c.pt, err = ddPoint(DoubleDescentGDSize, t); err != nil {
			return nil, fmt.Errorf("%s: %w", c.e.Name, err)
		}
	}
	var err error
	out.Optimum, err = theory.RegularMemorization(DoubleDescentGDSize)
	return out, err
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
		dt, gap, minGap, norm2, ratio := math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()
		if in.TrainHidden != nil {
			dt = theory.Mean(toysup.Dimensionalities(in.TrainHidden))
			gap = theory.MaxGapError(in.TrainHidden)
			g := theory.AngleGaps(in.TrainHidden)
			if len(g) >= 2 {
				minGap = slices.Min(g)
			}
			norm2 = theory.Mean(squaredNorms(in.TrainHidden))
			if opt, err := theory.RegularMemorization(len(g)); err == nil {
				ratio = theory.PolygonCost(g) / (float64(len(g)) * opt.Cost)
			}
		}
		pt.MeanDt, pt.GapError, pt.MinGap = append(pt.MeanDt, dt), append(pt.GapError, gap), append(pt.MinGap, minGap)
		pt.HiddenNorm2, pt.CostRatio = append(pt.HiddenNorm2, norm2), append(pt.CostRatio, ratio)
	}
	lowest := slices.Min(pt.TrainLoss)
	pt.Best = slices.IndexFunc(pt.TrainLoss, func(l float64) bool { return l <= lowest+MemorizedTie })
	return pt, nil
}

// OptimumTolerance is how close [DoubleDescentRun.AtOptimum] wants an L2 companion's memorized polygon to the
// closed form: the median worst gap error within this fraction of 360°/T and the median mean ‖h_t‖² within this
// fraction of u (measured, gradient descent and Adam alike: 2e-6° and 1 % below; the finite weight decay trades a
// little loss for norm).
const OptimumTolerance = 0.03

// AtOptimum reports whether p's memorizing seeds reach the closed-form minimum r.Optimum within
// [OptimumTolerance]: the regular polygon, with ‖h_t‖² = u (false when no seed memorizes).
func (r *DoubleDescentRun) AtOptimum(p DoubleDescentPoint) bool {
	return p.MemorizingGapError() <= OptimumTolerance*r.Optimum.Gap &&
		math.Abs(p.MemorizingHiddenNorm2()/r.Optimum.HiddenNorm2-1) <= OptimumTolerance
}

// squaredNorms is ‖v_t‖² for every row of v.
func squaredNorms(v [][]float64) []float64 {
	out := make([]float64, len(v))
	for t, h := range v {
		out[t] = toysup.Dot(h, h)
	}
	return out
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
