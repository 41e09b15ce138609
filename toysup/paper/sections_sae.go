package paper

import (
	"context"
	"fmt"

	"github.com/toymodels/superposition/toysup/sae"
)

// SAETrainer trains one SAE experiment on the trained base it names. reproduce saves each result; gonbext
// caches it.
type SAETrainer func(ctx context.Context, e SAEExperiment, base *Trained) (*sae.Result, error)

// SAERun is the SAE section: the two bases (every seed) and the SAEs trained on the best seed of each.
type SAERun struct {
	ARENABase, LargeBase *Trained
	// ARENABest and LargeBest are the base instances the SAEs read: the lowest evaluated loss.
	ARENABest, LargeBest                     int
	ARENA, ARENANoResample, Large40, Large80 *sae.Result
	// Sweep holds one result per λ of [SAESweepL1].
	Sweep []*sae.Result
}

// SAE trains the [SAE] presets: the bases through the runner's trainer, then every SAE experiment on the
// lowest-loss instance of its base (its config's base_instances set to it, so the SAE results index the base
// result as saved).
func (r Runner) SAE(ctx context.Context) (*SAERun, error) {
	p := SAE(r.Quick)
	out := &SAERun{}
	var err error
	if out.ARENABase, err = r.train(ctx, p.ARENABase); err != nil {
		return nil, err
	}
	if out.LargeBase, err = r.train(ctx, p.LargeBase); err != nil {
		return nil, err
	}
	out.ARENABest, out.LargeBest = lowestLoss(out.ARENABase), lowestLoss(out.LargeBase)
	bases := map[string]*Trained{p.ARENABase.Name: out.ARENABase, p.LargeBase.Name: out.LargeBase}
	best := map[string]int{p.ARENABase.Name: out.ARENABest, p.LargeBase.Name: out.LargeBest}
	run := func(e SAEExperiment) (*sae.Result, error) {
		e.Config.BaseInstances = []int{best[e.Base]}
		return r.trainSAE(ctx, e, bases[e.Base])
	}
	for _, job := range []struct {
		e   SAEExperiment
		dst **sae.Result
	}{{p.ARENA, &out.ARENA}, {p.ARENANoResample, &out.ARENANoResample}, {p.Large40, &out.Large40}, {p.Large80, &out.Large80}} {
		if *job.dst, err = run(job.e); err != nil {
			return nil, err
		}
	}
	for _, e := range p.Sweep {
		res, err := run(e)
		if err != nil {
			return nil, err
		}
		out.Sweep = append(out.Sweep, res)
	}
	return out, nil
}

// lowestLoss is the instance of t with the lowest evaluated loss.
func lowestLoss(t *Trained) int {
	best := 0
	for k, a := range t.Analyses {
		if a.EvalLoss < t.Analyses[best].EvalLoss {
			best = k
		}
	}
	return best
}

// trainSAE runs e through the runner's SAE trainer.
func (r Runner) trainSAE(ctx context.Context, e SAEExperiment, base *Trained) (*sae.Result, error) {
	if base == nil {
		return nil, fmt.Errorf("%s: unknown base %q", e.Name, e.Base)
	}
	tr := r.TrainSAE
	if tr == nil {
		tr = func(ctx context.Context, e SAEExperiment, base *Trained) (*sae.Result, error) {
			return sae.Train(ctx, base.Result, e.Config)
		}
	}
	res, err := tr(ctx, e, base)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", e.Name, err)
	}
	return res, nil
}

// BestSAE is the SAE of res with the lowest training loss on its evaluation inputs (the first on ties): the best
// of its seeds, chosen as a user without the ground truth would choose — never by the true features (MMCS).
func BestSAE(res *sae.Result) sae.SAE {
	best := res.SAEs[0]
	for _, s := range res.SAEs[1:] {
		if s.Metrics.Loss < best.Metrics.Loss {
			best = s
		}
	}
	return best
}
