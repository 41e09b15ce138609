package sae

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"time"

	"github.com/toymodels/superposition/toysup"
)

// Train trains cfg's SAEs on the hidden activations h = Σ_i x_i W_i of base (a relu_output or linear result):
// [Config.Seeds] SAEs per base instance, side by side on all cores. Each SAE draws its own data, initialisation
// and resampling streams from (seed, base instance), so a seed gives the same SAE on any number of cores. The
// config is resolved for the base first ([Config.ForBase]).
func Train(ctx context.Context, base *toysup.Result, cfg Config) (*Result, error) {
	cfg, err := cfg.ForBase(base)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	var trainers []*trainer
	for _, k := range cfg.BaseInstances {
		for s := range cfg.Seeds {
			t, err := newTrainer(cfg, base, k, cfg.Seed+int64(s), len(trainers))
			if err != nil {
				return nil, err
			}
			trainers = append(trainers, t)
		}
	}
	if err := runAll(ctx, trainers); err != nil {
		return nil, err
	}
	res := &Result{Config: cfg, Base: BaseInfo{Model: base.Config.Model, Features: base.Config.Features,
		Hidden: base.Config.Hidden, Instances: len(base.Instances)}}
	for _, t := range trainers {
		res.SAEs = append(res.SAEs, t.export())
	}
	res.History = collectHistory(trainers)
	secs := time.Since(start).Seconds()
	res.Run = &toysup.RunInfo{Engine: "native-float64", Seconds: secs, StepsPerSecond: float64(cfg.Steps*len(trainers)) / math.Max(secs, 1e-9)}
	return res, nil
}

// runAll trains every trainer, GOMAXPROCS at a time (fewer trainers than cores: each runs its batch chunks on
// GOMAXPROCS/trainers goroutines); the first error (or cancellation) stops the rest.
func runAll(ctx context.Context, trainers []*trainer) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan *trainer)
	errs := make([]error, len(trainers))
	var wg sync.WaitGroup
	running := min(runtime.GOMAXPROCS(0), len(trainers))
	for _, t := range trainers { // the cores left over go to each SAE's batch chunks
		t.workers = max(1, runtime.GOMAXPROCS(0)/running)
	}
	for range running {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := range jobs {
				if errs[t.index] = t.run(ctx); errs[t.index] != nil {
					cancel()
				}
			}
		}()
	}
	for _, t := range trainers {
		jobs <- t
	}
	close(jobs)
	wg.Wait()
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return ctx.Err()
}

// source draws hidden activations of one base instance: h = Σ_i x_i W_i over the non-zero features. Independent
// features (no feature sets) are drawn in place as toysup's generator draws them (one uniform u per feature,
// x = u/p when u < p); feature sets go through [toysup.Generator].
type source struct {
	gen *toysup.Generator
	rng *rand.Rand
	p   []float64 // feature probabilities of the independent fast path
	W   [][]float64
	m   int
}

func newSource(base *toysup.Result, k int, seed uint64) (*source, error) {
	c := base.Config
	c.Instances, c.FeatureProbability = 1, toysup.Matrix([][]float64{base.Instances[k].FeatureProbability})
	c.Importance, c.ImportanceDecay = nil, nil
	s := &source{W: base.Instances[k].W, m: c.Hidden}
	if c.Sampling().Independent() {
		s.rng, s.p = newRand(seed), base.Instances[k].FeatureProbability
		return s, nil
	}
	gen, err := toysup.NewConfigGenerator(c, seed)
	if err != nil {
		return nil, fmt.Errorf("sae: base instance %d: %w", k, err)
	}
	s.gen = gen
	return s, nil
}

// fill draws len(counts) inputs into H `[len(counts)·m]` and their numbers of non-zero features into counts.
func (s *source) fill(H []float64, counts []int) {
	var b toysup.Batch
	if s.gen != nil {
		b = s.gen.Sample(len(counts))
	}
	for r := range counts {
		h := H[r*s.m : (r+1)*s.m]
		clear(h)
		counts[r] = 0
		add := func(i int, xi float64) {
			counts[r]++
			for j, w := range s.W[i] {
				h[j] += xi * w
			}
		}
		if s.gen == nil {
			for i, p := range s.p {
				if u := s.rng.Float64(); u < p {
					add(i, u/p)
				}
			}
			continue
		}
		for i, xi := range b.Row(r, 0) {
			if xi != 0 {
				add(i, xi)
			}
		}
	}
}

// mix derives a stream seed from an SAE's seed, its base instance and a purpose.
func mix(seed int64, instance, purpose int) uint64 {
	z := uint64(seed)*0x9e3779b97f4a7c15 + uint64(instance)*0xbf58476d1ce4e5b9 + uint64(purpose)*0x94d049bb133111eb
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x5851f42d4c957f2d)) }

// adam is Adam (β = 0.9, 0.999, ε = 1e-8, no weight decay) over one flat parameter vector.
type adam struct {
	m, v []float64
	t    int
	lr   float64
}

func (a *adam) step(p, g []float64) {
	a.t++
	c1, c2 := 1-math.Pow(0.9, float64(a.t)), 1-math.Pow(0.999, float64(a.t))
	for i, gi := range g {
		a.m[i] = 0.9*a.m[i] + 0.1*gi
		a.v[i] = 0.999*a.v[i] + 0.001*gi*gi
		p[i] -= a.lr * (a.m[i] / c1) / (math.Sqrt(a.v[i]/c2) + 1e-8)
	}
}
