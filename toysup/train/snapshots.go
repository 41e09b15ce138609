package train

import (
	"context"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup"
)

// TrainWithSnapshots trains cfg like [Train] and records the geometry every `every` steps (and after the last
// step) through [WithSnapshots]. It returns an error if the engine reports no snapshots.
func TrainWithSnapshots(ctx context.Context, cfg toysup.Config, every int, opts ...Option) (*toysup.Dynamics, error) {
	if every < 1 {
		return nil, toysup.ArgErrorf("every", "snapshot interval: got %d, allowed ≥ 1", every)
	}
	d := &toysup.Dynamics{}
	record := func(step int, p toysup.Params) {
		if d.D == nil {
			k := len(p.W)
			d.D, d.Norms, d.DStar = make([][][]float64, k), make([][][]float64, k), make([][]float64, k)
		}
		d.Steps = append(d.Steps, step)
		for k, W := range p.W {
			a := toysup.AnalyzeWeights(W)
			d.D[k] = append(d.D[k], a.FeatureDimensionality)
			d.Norms[k] = append(d.Norms[k], a.Norms)
			d.DStar[k] = append(d.DStar[k], a.DimensionsPerFeature)
		}
	}
	res, err := Train(ctx, cfg, append(opts, WithSnapshots(every, record))...)
	if err != nil {
		return nil, err
	}
	if len(d.Steps) == 0 {
		return nil, toysup.FieldErrorf("engine", "the %q engine reported no snapshots (it does not implement WithSnapshots); use engine \"gomlx\"", res.Run.Engine)
	}
	d.Result = res
	return d, nil
}

// MustTrainWithSnapshots is [TrainWithSnapshots] for notebooks: it panics on error.
func MustTrainWithSnapshots(ctx context.Context, cfg toysup.Config, every int, opts ...Option) *toysup.Dynamics {
	return must.M1(TrainWithSnapshots(ctx, cfg, every, opts...))
}
