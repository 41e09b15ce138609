package theory

import (
	"fmt"
	"math"

	"github.com/toymodels/superposition/toysup"
)

// Section 3 ("Superposition as a phase change"), analytically.
//
// The expected loss E[Σ_i I_i (x_i − x'_i)²] of a tied model with independent sparse features (x_i = 0 with
// probability 1 − p_i, else Uniform[0, 1]) is computed exactly by [ExactLoss]: output i of the ReLU-output model
// is ReLU(Σ_j G_ij x_j + b_i) with G = WᵀW, so its squared error is a quadratic polynomial on each side of the
// hyperplane where the pre-activation changes sign. Conditioning on which features are non-zero leaves integrals
// of quadratics over the unit square cut by a line, which are evaluated exactly (the square is clipped to a
// polygon, fanned into triangles and integrated with the edge-midpoint rule, exact for degree 2).
//
// The paper's candidate solutions of the n=2, m=1 model (feature 0 of importance 1, the "extra" feature 1 of
// relative importance r, both of density p) and their losses:
//
//	not learned  W = [1, 0],  b = [0, p/2]:  L = r (p/3 − p²/4)        (the extra feature's variance)
//	dedicated    W = [0, 1],  b = [p/2, 0]:  L = p/3 − p²/4
//	antipodal    W = [1, −1], b = [0, 0]:    L = p² (1 + r)/6          (both non-zero: (1 + r)·min(x₀, x₁)²)
//
// so superposition beats both one-feature solutions iff 2p/(4 − 5p) < r < 2/p − 2.5, with the triple point at
// p = 4/7, r = 1. [OptimalBiases] lowers the antipodal loss a little further (a small positive bias recovers part
// of the interference when both features are on), which moves the boundaries: see [Phase2Boundaries].

// Phase classes of the extra feature in the n=2, m=1 diagram.
const (
	// PhaseNotLearned: the extra feature is not represented (‖W₁‖ ≤ [RepresentedThreshold]).
	PhaseNotLearned = 0
	// PhaseDedicated: the extra feature has a dimension of its own (the other feature is dropped).
	PhaseDedicated = 1
	// PhaseSuperposition: both features share the dimension (antipodal).
	PhaseSuperposition = 2
)

// Phase2Classes names the classes of the n=2, m=1 diagram, indexed by PhaseNotLearned, PhaseDedicated,
// PhaseSuperposition.
var Phase2Classes = []string{"not learned", "dedicated dimension", "superposition"}

// Classes of the n=3, m=2 diagram (importances 1, 1, r): the candidate whose hidden plane is orthogonal to the
// given vector. Features 0 and 1 are interchangeable, so W⊥[1,0,0] also stands for W⊥[0,1,0] and W⊥[0,1,1] for
// W⊥[1,0,1].
const (
	Phase3W001  = 0 // features 0 and 1 dedicated, the extra feature 2 not learned
	Phase3W100  = 1 // the extra feature and one other dedicated, the third not learned
	Phase3W011  = 2 // one feature dedicated, the extra feature antipodal with the other
	Phase3W110  = 3 // the extra feature dedicated, features 0 and 1 antipodal
	Phase3Other = 4 // none of the four (e.g. three features at 120°)
)

// Phase3Classes names the classes of the n=3, m=2 diagram, indexed by the Phase3* constants.
var Phase3Classes = []string{"W⊥[0,0,1]", "W⊥[1,0,0]", "W⊥[0,1,1]", "W⊥[1,1,0]", "other"}

// TriplePointDensity and TriplePointImportance locate the n=2, m=1 triple point (p = 4/7, r = 1).
const (
	TriplePointDensity    = 4.0 / 7.0
	TriplePointImportance = 1.0
)

// featureVariance is Var(x) = p/3 − p²/4 of a feature of density p.
func featureVariance(p float64) float64 { return p/3 - p*p/4 }

// Phase2ClosedLosses returns the paper's closed-form losses of the three n=2, m=1 candidates at density p and
// relative importance r, indexed by PhaseNotLearned, PhaseDedicated, PhaseSuperposition.
func Phase2ClosedLosses(p, r float64) [3]float64 {
	v := featureVariance(p)
	return [3]float64{r * v, v, p * p * (1 + r) / 6}
}

// Phase3ClosedLosses returns the closed-form losses of the four n=3, m=2 candidates (importances 1, 1, r, all of
// density p; unit weights, b = 0 on represented features and p/2 on dropped ones), indexed by Phase3W001…W110.
func Phase3ClosedLosses(p, r float64) [4]float64 {
	v := featureVariance(p)
	return [4]float64{r * v, v, p * p * (1 + r) / 6, p * p / 3}
}

// Phase2LowerBoundary is 2p/(4 − 5p): above this relative importance, superposition beats not learning the extra
// feature; +Inf for p ≥ 0.8.
func Phase2LowerBoundary(p float64) float64 {
	if p >= 0.8 {
		return math.Inf(1)
	}
	return 2 * p / (4 - 5*p)
}

// Phase2UpperBoundary is 2/p − 2.5: below this relative importance, superposition beats giving the extra feature
// the dimension.
func Phase2UpperBoundary(p float64) float64 { return 2/p - 2.5 }

// Phase2Closed classifies (p, r) by the closed forms: superposition iff Phase2LowerBoundary(p) < r <
// Phase2UpperBoundary(p), else not learned for r < 1 and dedicated for r ≥ 1.
func Phase2Closed(p, r float64) int {
	switch {
	case r > Phase2LowerBoundary(p) && r < Phase2UpperBoundary(p):
		return PhaseSuperposition
	case r < 1:
		return PhaseNotLearned
	}
	return PhaseDedicated
}

// Phase3Closed classifies (p, r) of the n=3, m=2 model by the lowest of [Phase3ClosedLosses].
func Phase3Closed(p, r float64) int {
	l := Phase3ClosedLosses(p, r)
	return argmin(l[:])
}

func argmin(v []float64) int {
	best := 0
	for i, x := range v {
		if x < v[best] {
			best = i
		}
	}
	return best
}

// Candidate is one of the paper's candidate solutions: feature directions W `[features][hidden]` (rows of zeros
// for dropped features) and the class it belongs to.
type Candidate struct {
	Name  string
	Class int
	W     [][]float64
}

// Phase2Candidates are the n=2, m=1 candidates: not learned W = [1, 0], dedicated W = [0, 1] and antipodal
// superposition W = [1, −1].
func Phase2Candidates() []Candidate {
	return []Candidate{
		{"not learned", PhaseNotLearned, [][]float64{{1}, {0}}},
		{"dedicated dimension", PhaseDedicated, [][]float64{{0}, {1}}},
		{"superposition", PhaseSuperposition, [][]float64{{1}, {-1}}},
	}
}

// Phase3Candidates are the n=3, m=2 candidates W⊥[0,0,1], W⊥[1,0,0], W⊥[0,1,1] and W⊥[1,1,0], with unit rows.
func Phase3Candidates() []Candidate {
	return []Candidate{
		{Phase3Classes[Phase3W001], Phase3W001, [][]float64{{1, 0}, {0, 1}, {0, 0}}},
		{Phase3Classes[Phase3W100], Phase3W100, [][]float64{{0, 0}, {1, 0}, {0, 1}}},
		{Phase3Classes[Phase3W011], Phase3W011, [][]float64{{1, 0}, {0, 1}, {0, -1}}},
		{Phase3Classes[Phase3W110], Phase3W110, [][]float64{{1, 0}, {-1, 0}, {0, 1}}},
	}
}

// Bias choices for [CandidateInstance].
const (
	// BiasPaper: b_i = 0 for represented features and p_i/2 (the mean) for dropped ones — the paper's closed forms.
	BiasPaper = "paper"
	// BiasOptimal: each b_i minimises the exact expected loss ([OptimalBiases]).
	BiasOptimal = "optimal"
)

// CandidateInstance builds the instance of candidate c at feature probabilities p and importances imp
// (`[features]` each) with biases chosen by bias ([BiasPaper] or [BiasOptimal]).
func CandidateInstance(c Candidate, p, imp []float64, bias string) (toysup.Instance, error) {
	n := len(c.W)
	if len(p) != n || len(imp) != n {
		return toysup.Instance{}, toysup.ArgErrorf("feature_probability", "candidate %q has %d features, got %d probabilities and %d importances", c.Name, n, len(p), len(imp))
	}
	in := toysup.Instance{FeatureProbability: append([]float64(nil), p...), Importance: append([]float64(nil), imp...),
		W: make([][]float64, n), B: make([]float64, n)}
	for i, row := range c.W {
		in.W[i] = append([]float64(nil), row...)
		if toysup.Dot(row, row) == 0 {
			in.B[i] = p[i] / 2
		}
	}
	switch bias {
	case BiasPaper:
	case BiasOptimal:
		b, err := OptimalBiases(toysup.ModelReLUOutput, in)
		if err != nil {
			return toysup.Instance{}, err
		}
		in.B = b
	default:
		return toysup.Instance{}, toysup.ArgErrorf("bias", "got %q, allowed %q or %q", bias, BiasPaper, BiasOptimal)
	}
	return in, nil
}

// CandidateLosses returns the exact expected loss of each candidate at p and imp (`[features]`) with the given
// bias choice, `[candidates]`.
func CandidateLosses(cands []Candidate, p, imp []float64, bias string) ([]float64, error) {
	out := make([]float64, len(cands))
	for k, c := range cands {
		in, err := CandidateInstance(c, p, imp, bias)
		if err != nil {
			return nil, err
		}
		if out[k], err = ExactLoss(toysup.ModelReLUOutput, in); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Phase2Optimum returns the class of the lowest-loss n=2, m=1 candidate at density p and relative importance r
// (exact losses, biases by bias) and the candidates' losses `[3]`.
func Phase2Optimum(p, r float64, bias string) (int, []float64, error) {
	l, err := CandidateLosses(Phase2Candidates(), []float64{p, p}, []float64{1, r}, bias)
	if err != nil {
		return 0, nil, err
	}
	return argmin(l), l, nil
}

// Phase3Optimum is [Phase2Optimum] for the n=3, m=2 candidates with importances 1, 1, r; losses `[4]`.
func Phase3Optimum(p, r float64, bias string) (int, []float64, error) {
	l, err := CandidateLosses(Phase3Candidates(), []float64{p, p, p}, []float64{1, 1, r}, bias)
	if err != nil {
		return 0, nil, err
	}
	return argmin(l), l, nil
}

// Phase2Boundaries returns, at density p, the relative importances lo < hi between which the antipodal candidate
// has the lowest exact loss (biases by bias); ok is false when it never does (lo, hi searched in [1e-3, 1e3]).
// With [BiasPaper] they are [Phase2LowerBoundary] and [Phase2UpperBoundary].
func Phase2Boundaries(p float64, bias string) (lo, hi float64, ok bool, err error) {
	if !(p > 0 && p <= 1) {
		return 0, 0, false, toysup.ArgErrorf("feature_probability", "got %v, allowed (0, 1]", p)
	}
	// gap(r) = L_antipodal − min(one-feature solutions): negative inside the superposition region.
	gap := func(r float64) (float64, error) {
		_, l, err := Phase2Optimum(p, r, bias)
		if err != nil {
			return 0, err
		}
		return l[PhaseSuperposition] - math.Min(l[PhaseNotLearned], l[PhaseDedicated]), nil
	}
	// The region, if any, contains r = 1 (the one-feature solutions are worst there).
	g1, err := gap(1)
	if err != nil || g1 >= 0 {
		return 0, 0, false, err
	}
	bisect := func(in, out float64) (float64, error) { // log-space bisection between in (gap < 0) and out
		for it := 0; it < 60; it++ {
			mid := math.Sqrt(in * out)
			g, err := gap(mid)
			if err != nil {
				return 0, err
			}
			if g < 0 {
				in = mid
			} else {
				out = mid
			}
		}
		return math.Sqrt(in * out), nil
	}
	lo, hi = 1e-3, 1e3
	if g, err := gap(lo); err != nil {
		return 0, 0, false, err
	} else if g >= 0 {
		if lo, err = bisect(1, lo); err != nil {
			return 0, 0, false, err
		}
	}
	if g, err := gap(hi); err != nil {
		return 0, 0, false, err
	} else if g >= 0 {
		if hi, err = bisect(1, hi); err != nil {
			return 0, 0, false, err
		}
	}
	return lo, hi, true, nil
}

// ClassifyPhase2 classifies a trained n=2 instance's W `[2][hidden]` (feature 1 the extra feature): not learned
// when ‖W₁‖ ≤ [RepresentedThreshold]; dedicated when only W₁ is represented, or when both are and are nearly
// orthogonal (|cos| < 1/2, possible for hidden ≥ 2); superposition otherwise.
func ClassifyPhase2(W [][]float64) (int, error) {
	if err := checkW(W, 2); err != nil {
		return 0, err
	}
	n0, n1 := math.Sqrt(toysup.Dot(W[0], W[0])), math.Sqrt(toysup.Dot(W[1], W[1]))
	switch {
	case n1 <= toysup.RepresentedThreshold:
		return PhaseNotLearned, nil
	case n0 <= toysup.RepresentedThreshold || math.Abs(toysup.Dot(W[0], W[1])/(n0*n1)) < 0.5:
		return PhaseDedicated, nil
	}
	return PhaseSuperposition, nil
}

// ClassifyPhase3 classifies a trained n=3 instance's W `[3][hidden]` (feature 2 the extra feature) into the
// Phase3* classes: two represented, nearly orthogonal features (|cos| < 1/2) give W⊥[0,0,1] or W⊥[1,0,0] by
// which is dropped; three represented, two of them antipodal (cos < −1/2) and the third nearly orthogonal to both,
// give W⊥[1,1,0] or W⊥[0,1,1] by which pair; anything else is Phase3Other.
func ClassifyPhase3(W [][]float64) (int, error) {
	if err := checkW(W, 3); err != nil {
		return 0, err
	}
	norm := make([]float64, 3)
	var rep []int
	for i := range W {
		norm[i] = math.Sqrt(toysup.Dot(W[i], W[i]))
		if norm[i] > toysup.RepresentedThreshold {
			rep = append(rep, i)
		}
	}
	cos := func(i, j int) float64 { return toysup.Dot(W[i], W[j]) / (norm[i] * norm[j]) }
	switch len(rep) {
	case 2:
		if math.Abs(cos(rep[0], rep[1])) >= 0.5 {
			return Phase3Other, nil
		}
		if rep[1] != 2 {
			return Phase3W001, nil
		}
		return Phase3W100, nil
	case 3:
		for _, pair := range [][3]int{{0, 1, 2}, {0, 2, 1}, {1, 2, 0}} {
			a, b, c := pair[0], pair[1], pair[2]
			if cos(a, b) < -0.5 && math.Abs(cos(a, c)) < 0.5 && math.Abs(cos(b, c)) < 0.5 {
				if c == 2 {
					return Phase3W110, nil
				}
				return Phase3W011, nil
			}
		}
	}
	return Phase3Other, nil
}

func checkW(W [][]float64, n int) error {
	if len(W) != n {
		return toysup.ArgErrorf("W", "got %d rows, want features = %d", len(W), n)
	}
	for i, row := range W {
		if len(row) == 0 || len(row) != len(W[0]) {
			return toysup.ArgErrorf(fmt.Sprintf("W[%d]", i), "got %d values, want hidden = %d ≥ 1", len(row), len(W[0]))
		}
		for _, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return toysup.ArgErrorf(fmt.Sprintf("W[%d]", i), "must be finite, got %v", v)
			}
		}
	}
	return nil
}

// ExactLoss returns the exact expected loss E[Σ_i I_i (x_i − x'_i)²] of a tied model (linear or relu_output) with
// independent features of the instance's probabilities, importances, W `[features][hidden]` and b `[features]`
// — the quantity [EvalLoss] estimates by sampling. The linear model is exact for any W; for relu_output each row
// of WᵀW may couple feature i to at most one other feature j (G_ij ≠ 0), as in the paper's candidate solutions.
func ExactLoss(model toysup.ModelKind, in toysup.Instance) (float64, error) {
	G, err := exactSetup(model, in)
	if err != nil {
		return 0, err
	}
	total := 0.0
	for i := range G {
		l, err := outputLoss(model, G, in.FeatureProbability, i, in.B[i])
		if err != nil {
			return 0, err
		}
		total += in.Importance[i] * l
	}
	return total, nil
}

// OptimalBiases returns the biases `[features]` that minimise [ExactLoss] for the instance's W: for the linear
// model b_i = E[x_i − Σ_j G_ij x_j]; for relu_output each output's expected squared error, a function of its own
// b_i only, is minimised by a scan and a golden-section search (to about 1e-10).
func OptimalBiases(model toysup.ModelKind, in toysup.Instance) ([]float64, error) {
	G, err := exactSetup(model, in)
	if err != nil {
		return nil, err
	}
	p := in.FeatureProbability
	b := make([]float64, len(G))
	for i := range G {
		if model == toysup.ModelLinear {
			for j := range G {
				b[i] += (delta(i, j) - G[i][j]) * p[j] / 2
			}
			continue
		}
		f := func(bi float64) float64 { l, _ := outputLoss(model, G, p, i, bi); return l }
		if _, err := outputLoss(model, G, p, i, 0); err != nil {
			return nil, err
		}
		span := 1.0
		for j := range G {
			span += math.Abs(G[i][j])
		}
		const scan = 400
		step := 2 * span / scan
		best, bestF := -span, math.Inf(1)
		for k := 0; k <= scan; k++ {
			x := -span + float64(k)*step
			if v := f(x); v < bestF {
				best, bestF = x, v
			}
		}
		b[i] = goldenMin(f, best-step, best+step)
	}
	return b, nil
}

func delta(i, j int) float64 {
	if i == j {
		return 1
	}
	return 0
}

// goldenMin minimises a unimodal f on [lo, hi] by golden-section search.
func goldenMin(f func(float64) float64, lo, hi float64) float64 {
	const inv = 0.6180339887498949
	x1, x2 := hi-inv*(hi-lo), lo+inv*(hi-lo)
	f1, f2 := f(x1), f(x2)
	for hi-lo > 1e-11 {
		if f1 <= f2 {
			hi, x2, f2 = x2, x1, f1
			x1 = hi - inv*(hi-lo)
			f1 = f(x1)
		} else {
			lo, x1, f1 = x1, x2, f2
			x2 = lo + inv*(hi-lo)
			f2 = f(x2)
		}
	}
	return (lo + hi) / 2
}

// exactSetup validates the instance for [ExactLoss] and returns G = WᵀW `[features][features]`.
func exactSetup(model toysup.ModelKind, in toysup.Instance) ([][]float64, error) {
	if model != toysup.ModelLinear && model != toysup.ModelReLUOutput {
		return nil, toysup.FieldErrorf("model", "got %q, the exact loss handles %q and %q", model, toysup.ModelLinear, toysup.ModelReLUOutput)
	}
	n := len(in.W)
	if n == 0 {
		return nil, toysup.ArgErrorf("W", "needs at least one feature")
	}
	if err := checkW(in.W, n); err != nil {
		return nil, err
	}
	for name, v := range map[string][]float64{"b": in.B, "importance": in.Importance, "feature_probability": in.FeatureProbability} {
		if len(v) != n {
			return nil, toysup.ArgErrorf(name, "got %d values, want features = %d", len(v), n)
		}
	}
	for i := 0; i < n; i++ {
		if p := in.FeatureProbability[i]; !(p > 0 && p <= 1) {
			return nil, toysup.ArgErrorf(fmt.Sprintf("feature_probability[%d]", i), "got %v, allowed (0, 1]", p)
		}
		if math.IsNaN(in.B[i]) || math.IsInf(in.B[i], 0) {
			return nil, toysup.ArgErrorf(fmt.Sprintf("b[%d]", i), "must be finite, got %v", in.B[i])
		}
	}
	return toysup.Gram(in.W), nil
}

// outputLoss is E[(x_i − x'_i)²] for output i with bias b.
func outputLoss(model toysup.ModelKind, G [][]float64, p []float64, i int, b float64) (float64, error) {
	if model == toysup.ModelLinear {
		// e = Σ_j c_j x_j − b with c_j = δ_ij − G_ij: E[e²] = Σ c_j² Var(x_j) + (Σ c_j E[x_j] − b)².
		mean, v := -b, 0.0
		for j := range G {
			c := delta(i, j) - G[i][j]
			mean += c * p[j] / 2
			v += c * c * featureVariance(p[j])
		}
		return v + mean*mean, nil
	}
	partner := -1
	for j := range G {
		if j != i && G[i][j] != 0 {
			if partner >= 0 {
				return 0, toysup.ArgErrorf("W", "relu_output: feature %d interacts with features %d and %d (WᵀW row %d has more than one non-zero off-diagonal entry); the exact loss handles at most one", i, partner, j, i)
			}
			partner = j
		}
	}
	a, pi := G[i][i], p[i]
	relu := math.Max(b, 0)
	if partner < 0 {
		return (1-pi)*relu*relu + pi*squareIntegral(1, a, 0, b), nil
	}
	c, pj := G[i][partner], p[partner]
	return (1-pi)*(1-pj)*relu*relu + // both zero: x' = ReLU(b)
		pi*(1-pj)*squareIntegral(1, a, 0, b) + // only x_i: (u − ReLU(a u + b))²
		(1-pi)*pj*squareIntegral(0, c, 0, b) + // only x_j: ReLU(c v + b)²
		pi*pj*squareIntegral(1, a, c, b), nil // both: (u − ReLU(a u + c v + b))²
}

// squareIntegral is ∫∫ over [0, 1]² of (t·u − ReLU(a u + c v + b))² du dv, exactly: t²/3 plus the integral of
// L² − 2 t u L (L = a u + c v + b) over the polygon where L > 0.
func squareIntegral(t, a, c, b float64) float64 {
	poly := clipSquare(a, c, b)
	f := func(u, v float64) float64 {
		l := a*u + c*v + b
		return l*l - 2*t*u*l
	}
	return t*t/3 + integrateQuadratic(poly, f)
}

// clipSquare returns the polygon {(u, v) ∈ [0, 1]²: a u + c v + b ≥ 0} (Sutherland–Hodgman, one half-plane).
func clipSquare(a, c, b float64) [][2]float64 {
	square := [][2]float64{{0, 0}, {1, 0}, {1, 1}, {0, 1}}
	s := func(q [2]float64) float64 { return a*q[0] + c*q[1] + b }
	var out [][2]float64
	for k, P := range square {
		Q := square[(k+1)%len(square)]
		sp, sq := s(P), s(Q)
		if sp >= 0 {
			out = append(out, P)
		}
		if (sp >= 0) != (sq >= 0) {
			t := sp / (sp - sq)
			out = append(out, [2]float64{P[0] + t*(Q[0]-P[0]), P[1] + t*(Q[1]-P[1])})
		}
	}
	return out
}

// integrateQuadratic integrates a polynomial of degree ≤ 2 over a convex polygon exactly: fan triangulation and
// the edge-midpoint rule ∫_T f = |T|/3 (f(m₁₂) + f(m₂₃) + f(m₃₁)).
func integrateQuadratic(poly [][2]float64, f func(u, v float64) float64) float64 {
	total := 0.0
	mid := func(p, q [2]float64) float64 { return f((p[0]+q[0])/2, (p[1]+q[1])/2) }
	for k := 1; k+1 < len(poly); k++ {
		A, B, C := poly[0], poly[k], poly[k+1]
		area := math.Abs((B[0]-A[0])*(C[1]-A[1])-(C[0]-A[0])*(B[1]-A[1])) / 2
		total += area / 3 * (mid(A, B) + mid(B, C) + mid(C, A))
	}
	return total
}

// SmallModelLoss returns the expected loss of a tied model (linear or relu_output) with at most 3 independent
// features, any W `[features][hidden]`: it conditions on the set of non-zero features, integrates sets of up to
// two exactly (as [ExactLoss]) and the set of three with a 32³ midpoint rule (relative error about 1e-3 of that
// term, which carries weight p³). Unlike [EvalLoss] it has no sampling noise, so it can rank the seeds of a
// phase-diagram cell at high sparsity, where sampled losses are dominated by a handful of samples.
func SmallModelLoss(model toysup.ModelKind, in toysup.Instance) (float64, error) {
	G, err := exactSetup(model, in)
	if err != nil {
		return 0, err
	}
	n := len(G)
	if n > 3 {
		return 0, toysup.ArgErrorf("features", "got %d, SmallModelLoss handles at most 3", n)
	}
	if model == toysup.ModelLinear {
		return ExactLoss(model, in)
	}
	p := in.FeatureProbability
	total := 0.0
	for set := 0; set < 1<<n; set++ {
		var active []int
		prob := 1.0
		for j := 0; j < n; j++ {
			if set&(1<<j) != 0 {
				active, prob = append(active, j), prob*p[j]
			} else {
				prob *= 1 - p[j]
			}
		}
		if prob == 0 {
			continue
		}
		for i := range G {
			total += prob * in.Importance[i] * activeSetLoss(G, i, in.B[i], active)
		}
	}
	return total, nil
}

// activeSetLoss is E[(x_i − ReLU(Σ_{j∈active} G_ij x_j + b))²] over x_active ~ Uniform[0, 1]^|active|.
func activeSetLoss(G [][]float64, i int, b float64, active []int) float64 {
	t := 0.0 // target coefficient of the first integration variable
	var vars []int
	for _, j := range active { // put x_i first if active: the target is then t·u with t = 1
		if j == i {
			vars, t = append([]int{j}, vars...), 1
		} else {
			vars = append(vars, j)
		}
	}
	switch len(vars) {
	case 0:
		r := math.Max(b, 0)
		return r * r
	case 1:
		return squareIntegral(t, G[i][vars[0]], 0, b)
	case 2:
		return squareIntegral(t, G[i][vars[0]], G[i][vars[1]], b)
	}
	const k = 32
	s := 0.0
	for a := 0; a < k; a++ {
		u := (float64(a) + 0.5) / k
		for c := 0; c < k; c++ {
			v := (float64(c) + 0.5) / k
			for d := 0; d < k; d++ {
				w := (float64(d) + 0.5) / k
				e := t*u - math.Max(G[i][vars[0]]*u+G[i][vars[1]]*v+G[i][vars[2]]*w+b, 0)
				s += e * e
			}
		}
	}
	return s / (k * k * k)
}
