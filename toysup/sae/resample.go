package sae

import (
	"math"
	"sort"
)

// ResampleEvent records the latents of one SAE resampled after Step updates.
type ResampleEvent struct {
	Step    int   `json:"step"`
	SAE     int   `json:"sae"`
	Latents []int `json:"latents"`
}

// resample re-initialises the dead latents after done updates from the inputs of the current batch (t.H),
// with the configured scheme, and records the event.
func (t *trainer) resample(done int) {
	dead := t.dead(done)
	if len(dead) == 0 {
		return
	}
	m := t.md.m
	total := 0.0
	for r := range t.counts { // squared errors with the current parameters
		_, t.sq[r] = t.md.forward(t.H[r*m:(r+1)*m], t.s)
		total += t.sq[r]
	}
	if total < 1e-12 {
		return
	}
	var picks []int
	scale := t.cfg.ResampleScale
	if t.cfg.Resample == ResampleSimple {
		picks = t.highestLoss(len(dead))
	} else {
		picks = t.proportional(len(dead), total)
		scale = 0.2 * t.liveEncoderNorm(dead)
	}
	for q, j := range dead {
		t.reinit(j, t.H[picks[q]*m:(picks[q]+1)*m], scale)
		t.lastFired[j] = done
	}
	t.hist.events = append(t.hist.events, ResampleEvent{Step: done, SAE: t.index, Latents: dead})
}

// highestLoss returns the indices of the n inputs with the largest squared error (cycling if the batch is
// smaller than n).
func (t *trainer) highestLoss(n int) []int {
	idx := make([]int, len(t.sq))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return t.sq[idx[a]] > t.sq[idx[b]] })
	out := make([]int, n)
	for q := range out {
		out[q] = idx[q%len(idx)]
	}
	return out
}

// proportional draws n inputs with probability ∝ squared error.
func (t *trainer) proportional(n int, total float64) []int {
	out := make([]int, n)
	for q := range out {
		u, r := t.rng.Float64()*total, 0
		for ; r < len(t.sq)-1 && u >= t.sq[r]; r++ {
			u -= t.sq[r]
		}
		out[q] = r
	}
	return out
}

// liveEncoderNorm is the mean norm of the encoder rows of the latents not in dead (1 when all are dead).
func (t *trainer) liveEncoderNorm(dead []int) float64 {
	isDead := map[int]bool{}
	for _, j := range dead {
		isDead[j] = true
	}
	sum, n := 0.0, 0
	for j := range t.md.L {
		if !isDead[j] {
			e := t.md.row(t.md.wEnc, j)
			sum += math.Sqrt(dot(e, e))
			n++
		}
	}
	if n == 0 {
		return 1
	}
	return sum / float64(n)
}

// reinit points latent j at the input h: decoder row = the unit vector of h − b_dec, encoder row = that ×
// scale, b_enc = 0 (JumpReLU: θ back to its initial value); the anthropic scheme also resets the Adam moments
// of those parameters.
func (t *trainer) reinit(j int, h []float64, scale float64) {
	md := t.md
	d, e := md.row(md.wDec, j), md.row(md.wEnc, j)
	norm := 0.0
	for i := range d {
		d[i] = h[i] - md.bDec[i]
		norm += d[i] * d[i]
	}
	if norm = math.Sqrt(norm); norm == 0 {
		return
	}
	for i := range d {
		d[i] /= norm
		e[i] = scale * d[i]
	}
	md.bEnc[j] = 0
	if md.logT != nil && len(md.logT) > 0 {
		md.logT[j] = math.Log(t.cfg.Threshold)
	}
	if t.cfg.Resample != ResampleAnthropic {
		return
	}
	for _, v := range [][]float64{t.opt.m, t.opt.v} {
		vEnc, vDec, vbEnc, _, vLogT := md.layout(v)
		clear(vEnc[j*md.m : (j+1)*md.m])
		clear(vDec[j*md.m : (j+1)*md.m])
		vbEnc[j] = 0
		if len(vLogT) > 0 {
			vLogT[j] = 0
		}
	}
}
