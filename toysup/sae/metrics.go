package sae

import "math"

// Recovery thresholds: a feature is recovered when some decoder direction has cosine above one of them with it.
const (
	Recovered90Cos = 0.9
	Recovered99Cos = 0.99
	// RepresentedNorm is the norm above which a base feature counts as represented (as in toysup's analysis).
	RepresentedNorm = 0.5
)

// Metrics scores one SAE against the base instance it read (see the package doc for each definition).
type Metrics struct {
	// Features is n; Represented the base features with ‖W_i‖ > [RepresentedNorm].
	Features    int `json:"features"`
	Represented int `json:"represented"`
	// MMCS is the mean over features of the largest cosine with any decoder direction.
	MMCS float64 `json:"mmcs"`
	// Recovered90 and Recovered99 count the features whose largest cosine exceeds 0.9 and 0.99.
	Recovered90 int `json:"recovered_0.9"`
	Recovered99 int `json:"recovered_0.99"`
	// MatchedCosine is the mean over features of the cosine with their latent in the one-to-one matching that
	// maximises the total cosine ([Assign]); features left without a latent (latents < features) count 0.
	MatchedCosine float64 `json:"matched_cosine"`
	// L0 is the mean number of active latents per input; TrueL0 the mean number of non-zero features of the same
	// inputs.
	L0     float64 `json:"l0"`
	TrueL0 float64 `json:"true_l0"`
	// DeadFraction is the share of latents that fired on none of the evaluation inputs.
	DeadFraction float64 `json:"dead_fraction"`
	// FVU is Σ‖h' − h‖² / Σ‖h − mean h‖²; Shrinkage the mean of ‖h'‖/‖h‖ over inputs with h ≠ 0.
	FVU       float64 `json:"fvu"`
	Shrinkage float64 `json:"shrinkage"`
	// Loss is the training loss on the evaluation inputs.
	Loss float64 `json:"loss"`
	// MaxCosine is each feature's largest cosine, `[features]`; Match its latent in the matching (−1: none).
	MaxCosine []float64 `json:"max_cosine"`
	Match     []int     `json:"match"`
	// FiringFrequency is each latent's share of evaluation inputs on which it is active, `[latents]`.
	FiringFrequency []float64 `json:"firing_frequency"`
}

// Cosines is the features × latents cosine matrix: Ŵ_i · Ŵdec_j for the base directions W `[features][hidden]`
// and the decoder rows wDec `[latents][hidden]`; a zero vector has cosine 0 with everything.
func Cosines(W, wDec [][]float64) [][]float64 {
	unit := func(v []float64) []float64 {
		n := math.Sqrt(dot(v, v))
		u := make([]float64, len(v))
		if n > 0 {
			for i := range v {
				u[i] = v[i] / n
			}
		}
		return u
	}
	dec := make([][]float64, len(wDec))
	for j, d := range wDec {
		dec[j] = unit(d)
	}
	out := make([][]float64, len(W))
	for i, w := range W {
		u := unit(w)
		out[i] = make([]float64, len(wDec))
		for j, d := range dec {
			out[i][j] = dot(u, d)
		}
	}
	return out
}

// scoreDirections fills the weight-only metrics (MMCS, recovered counts, the matching, represented) from the
// base directions and the decoder rows.
func scoreDirections(W, wDec [][]float64, mt *Metrics) {
	cos := Cosines(W, wDec)
	mt.Features, mt.Represented, mt.MMCS, mt.Recovered90, mt.Recovered99 = len(W), 0, 0, 0, 0
	mt.MaxCosine = make([]float64, len(W))
	for i, row := range cos {
		if math.Sqrt(dot(W[i], W[i])) > RepresentedNorm {
			mt.Represented++
		}
		best := math.Inf(-1)
		for _, c := range row {
			best = math.Max(best, c)
		}
		mt.MaxCosine[i] = best
		mt.MMCS += best / float64(len(W))
		if best > Recovered90Cos {
			mt.Recovered90++
		}
		if best > Recovered99Cos {
			mt.Recovered99++
		}
	}
	cost := make([][]float64, len(cos))
	for i, row := range cos {
		cost[i] = make([]float64, len(row))
		for j, c := range row {
			cost[i][j] = -c
		}
	}
	mt.Match = Assign(cost)
	mt.MatchedCosine = 0
	for i, j := range mt.Match {
		if j >= 0 {
			mt.MatchedCosine += cos[i][j] / float64(len(W))
		}
	}
}

// MMCS is the mean over features of the largest cosine with any decoder row (W `[features][hidden]`, wDec
// `[latents][hidden]`).
func MMCS(W, wDec [][]float64) float64 {
	var mt Metrics
	scoreDirections(W, wDec, &mt)
	return mt.MMCS
}

// batchStats accumulates the data metrics over inputs.
type batchStats struct {
	n, withH               int
	active, features, loss float64
	sq, sumH2, shrink      float64
	sumH                   []float64
	fired                  []int
}

func newBatchStats(latents, hidden int) *batchStats {
	return &batchStats{sumH: make([]float64, hidden), fired: make([]int, latents)}
}

// add records one input h with its features count, the SAE's scratch after forward, and the loss.
func (b *batchStats) add(h []float64, nonzero int, s *scratch, loss, sq float64) {
	b.n++
	b.features += float64(nonzero)
	b.loss += loss
	b.sq += sq
	hh, rec := 0.0, 0.0
	for i, v := range h {
		b.sumH[i] += v
		hh += v * v
		r := s.r[i] + v // h'
		rec += r * r
	}
	b.sumH2 += hh
	if hh > 0 {
		b.withH++
		b.shrink += math.Sqrt(rec / hh)
	}
	for j, z := range s.z {
		if z != 0 {
			b.active++
			b.fired[j]++
		}
	}
}

// merge adds o's sums to b.
func (b *batchStats) merge(o *batchStats) {
	b.n, b.withH = b.n+o.n, b.withH+o.withH
	b.active, b.features, b.loss = b.active+o.active, b.features+o.features, b.loss+o.loss
	b.sq, b.sumH2, b.shrink = b.sq+o.sq, b.sumH2+o.sumH2, b.shrink+o.shrink
	for i, v := range o.sumH {
		b.sumH[i] += v
	}
	for j, f := range o.fired {
		b.fired[j] += f
	}
}

// fill writes the data metrics into mt.
func (b *batchStats) fill(mt *Metrics) {
	n := float64(b.n)
	mt.L0, mt.TrueL0, mt.Loss = b.active/n, b.features/n, b.loss/n
	mt.FVU = b.fvu()
	mt.Shrinkage = 0
	if b.withH > 0 {
		mt.Shrinkage = b.shrink / float64(b.withH)
	}
	mt.FiringFrequency = make([]float64, len(b.fired))
	dead := 0
	for j, f := range b.fired {
		mt.FiringFrequency[j] = float64(f) / n
		if f == 0 {
			dead++
		}
	}
	mt.DeadFraction = float64(dead) / float64(len(b.fired))
}

// fvu is Σ‖h' − h‖² / Σ‖h − mean h‖² (0 when h is constant and reconstructed).
func (b *batchStats) fvu() float64 {
	n := float64(b.n)
	variance := b.sumH2
	for _, s := range b.sumH {
		variance -= s * s / n
	}
	if variance <= 0 {
		if b.sq == 0 {
			return 0
		}
		return math.Inf(1)
	}
	return b.sq / variance
}
