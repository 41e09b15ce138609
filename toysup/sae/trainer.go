package sae

import (
	"context"
	"math"
	"math/rand/v2"

	"github.com/toymodels/superposition/toysup"
)

// trainer trains one SAE: its model, data, optimiser, dead-latent tracking and history.
type trainer struct {
	cfg          Config
	index, base  int
	seed         int64
	md           *model
	src, evalSrc *source
	rng          *rand.Rand // resampling draws
	opt          adam
	g            []float64
	s            *scratch
	H, sq        []float64
	counts       []int
	lastFired    []int // the step at which each latent last fired
	chunks       []*chunk
	workers      int // goroutines over the batch chunks
	hist         series
	metrics      Metrics
}

// series is one SAE's history, one value per logged step.
type series struct {
	step                      []int
	loss, mmcs, l0, dead, fvu []float64
	wDec                      [][][]float64
	events                    []ResampleEvent
}

func newTrainer(cfg Config, base *toysup.Result, k int, seed int64, index int) (*trainer, error) {
	src, err := newSource(base, k, mix(seed, k, 1))
	if err != nil {
		return nil, err
	}
	evalSrc, _ := newSource(base, k, mix(seed, k, 2))
	m := base.Config.Hidden
	md := newModel(cfg, m, newRand(mix(seed, k, 3)))
	t := &trainer{cfg: cfg, index: index, base: k, seed: seed, md: md, src: src, evalSrc: evalSrc,
		rng: newRand(mix(seed, k, 4)), opt: adam{m: make([]float64, len(md.p)), v: make([]float64, len(md.p)), lr: cfg.LearningRate},
		g: make([]float64, len(md.p)), s: md.newScratch(), H: make([]float64, cfg.BatchSize*m),
		sq: make([]float64, cfg.BatchSize), counts: make([]int, cfg.BatchSize), lastFired: make([]int, cfg.Latents), workers: 1}
	for range (cfg.BatchSize + chunkRows - 1) / chunkRows {
		t.chunks = append(t.chunks, &chunk{g: make([]float64, len(md.p)), s: md.newScratch(), fired: make([]bool, cfg.Latents)})
	}
	return t, nil
}

// run trains for cfg.Steps steps, logging every log_every steps and at the end, resampling as configured, then
// evaluates the final metrics.
func (t *trainer) run(ctx context.Context) error {
	c := t.cfg
	for step := range c.Steps {
		if step%100 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		t.src.fill(t.H, t.counts)
		var st *batchStats
		if step%c.LogEvery == 0 {
			st = newBatchStats(c.Latents, t.md.m)
		}
		t.gradient(step, st)
		if st != nil {
			t.log(step, st)
		}
		t.md.projectDecoderGrad(t.g)
		t.opt.step(t.md.p, t.g)
		for j := range c.Latents {
			t.md.normalise(j)
		}
		if done := step + 1; c.Resample != ResampleNone && done%c.ResampleEvery == 0 && done <= c.Steps-c.ResampleEvery {
			t.resample(done)
		}
	}
	t.src.fill(t.H, t.counts)
	st := newBatchStats(c.Latents, t.md.m)
	t.gradient(c.Steps, st)
	t.log(c.Steps, st)
	t.evaluate()
	return nil
}

// dead lists the latents that have not fired in the last resample_window steps before step.
func (t *trainer) dead(step int) []int {
	var out []int
	for j, f := range t.lastFired {
		if step-f >= t.cfg.ResampleWindow {
			out = append(out, j)
		}
	}
	return out
}

func (t *trainer) log(step int, st *batchStats) {
	var mt Metrics
	st.fill(&mt)
	h := &t.hist
	h.step = append(h.step, step)
	h.loss, h.l0, h.fvu = append(h.loss, mt.Loss), append(h.l0, mt.L0), append(h.fvu, mt.FVU)
	h.dead = append(h.dead, float64(len(t.dead(step)))/float64(t.cfg.Latents))
	wDec := t.decoder()
	h.mmcs = append(h.mmcs, MMCS(t.src.W, wDec))
	if t.cfg.RecordDecoder {
		h.wDec = append(h.wDec, wDec)
	}
}

// decoder copies W_dec as `[latents][hidden]`.
func (t *trainer) decoder() [][]float64 { return rows(t.md.wDec, t.md.L, t.md.m) }

func rows(v []float64, r, c int) [][]float64 {
	out := make([][]float64, r)
	for i := range out {
		out[i] = append([]float64(nil), v[i*c:(i+1)*c]...)
	}
	return out
}

// evaluate computes the final metrics on eval_samples fresh inputs.
func (t *trainer) evaluate() {
	c, m := t.cfg, t.md.m
	st := newBatchStats(c.Latents, m)
	const chunk = 4096
	H, counts := make([]float64, chunk*m), make([]int, chunk)
	for done := 0; done < c.EvalSamples; done += chunk {
		n := min(chunk, c.EvalSamples-done)
		t.evalSrc.fill(H[:n*m], counts[:n])
		for r := range n {
			h := H[r*m : (r+1)*m]
			loss, sq := t.md.forward(h, t.s)
			st.add(h, counts[r], t.s, loss, sq)
		}
	}
	st.fill(&t.metrics)
	scoreDirections(t.src.W, t.decoder(), &t.metrics)
}

// export is the trained SAE in the result format.
func (t *trainer) export() SAE {
	md := t.md
	out := SAE{BaseInstance: t.base, Seed: t.seed, WEnc: rows(md.wEnc, md.L, md.m), WDec: t.decoder(),
		BEnc: append([]float64(nil), md.bEnc...), BDec: append([]float64(nil), md.bDec...), Metrics: t.metrics}
	for _, lt := range md.logT {
		out.Threshold = append(out.Threshold, math.Exp(lt))
	}
	return out
}
