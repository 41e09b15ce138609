package paper

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/toymodels/superposition/toysup"
)

// Claim is one checkable claim of the paper (the numbered list of shared/paper/experiments.md) evaluated on a
// run: what the paper says, what was measured, and whether the measurement meets the claim's threshold. Each check
// states its thresholds in its doc comment; they come from the paper's wording, never from what a run produced.
type Claim struct {
	ID        int    `json:"id"`
	Section   string `json:"section"`
	Statement string `json:"statement"`
	Measured  string `json:"measured"`
	Paper     string `json:"paper"`
	// Evaluated is false where the claim cannot be checked on this run (Detail says why); Pass is then false.
	Evaluated bool   `json:"evaluated"`
	Pass      bool   `json:"pass"`
	Detail    string `json:"detail,omitempty"`
}

// Mark is "✓", "✗" or "–" (not evaluated).
func (c Claim) Mark() string {
	switch {
	case !c.Evaluated:
		return "–"
	case c.Pass:
		return "✓"
	}
	return "✗"
}

// Row is the claim's cells in a scorecard ([report.Claims]): mark, number, section, statement, paper, measured,
// detail.
func (c Claim) Row() []string {
	return []string{c.Mark(), fmt.Sprint(c.ID), c.Section, c.Statement, c.Paper, c.Measured, c.Detail}
}

// Outcome says whether the claim was evaluated and passed.
func (c Claim) Outcome() (evaluated, pass bool) { return c.Evaluated, c.Pass }

// Thresholds shared by the checks: a feature is represented when ‖W_i‖ > RepresentedNorm, dedicated when also
// its superposition Σ_{j≠i}(Ŵ_i·W_j)² < DedicatedSuperposition; two directions are orthogonal when
// |cos| ≤ OrthogonalCos and antipodal when cos ≤ −AntipodalCos.
const (
	RepresentedNorm        = 0.5
	DedicatedSuperposition = 0.1
	OrthogonalCos          = 0.1
	AntipodalCos           = 0.9
)

// Runs are the section runs a scorecard is evaluated on; nil where the section was not run.
type Runs struct {
	S2 *Section2Run
	S3 []PhaseRun
	S4 *Section4Run
	S5 []DynamicsRun
	S6 *AttackRun
	S7 *NeuronRun
	S8 *Section8Run
}

// Claims evaluates every claim whose section is in runs, in the claims' order. A check that cannot read its run
// (a malformed or partial run) yields a claim not evaluated, with the reason, instead of failing the whole run.
func Claims(runs Runs) []Claim {
	out := []Claim{}
	add := func(section string, f func() []Claim) {
		defer func() {
			if e := recover(); e != nil {
				out = append(out, Claim{Section: section, Statement: "the claims of section " + section, Measured: "not evaluated",
					Paper: "–", Detail: fmt.Sprintf("the run could not be read: %v", e)})
			}
		}()
		out = append(out, f()...)
	}
	if runs.S2 != nil {
		add("2", func() []Claim { return Section2Claims(runs.S2) })
	}
	if runs.S3 != nil {
		add("3", func() []Claim { return []Claim{Claim7(runs.S3)} })
	}
	if runs.S4 != nil {
		add("4", func() []Claim { return Section4Claims(runs.S4) })
	}
	if runs.S5 != nil {
		add("5", func() []Claim { return []Claim{Claim16(runs.S5), Claim20(runs.S5)} })
	}
	if runs.S6 != nil {
		add("6", func() []Claim { return []Claim{Claim15(runs.S6)} })
	}
	if runs.S7 != nil {
		add("7", func() []Claim { return []Claim{Claim13(runs.S7)} })
	}
	if runs.S8 != nil {
		add("8", func() []Claim { return []Claim{Claim14(runs.S8), Claim19(runs.S8)} })
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// notEvaluated is a claim that cannot be checked, with the reason.
func notEvaluated(c Claim, why string) Claim {
	c.Evaluated, c.Pass, c.Detail = false, false, why
	if c.Measured == "" {
		c.Measured = "not evaluated"
	}
	return c
}

// verdict sets the claim's outcome from the failed conditions (none: pass).
func verdict(c Claim, failed []string) Claim {
	c.Evaluated, c.Pass = true, len(failed) == 0
	if len(failed) > 0 {
		c.Detail = strings.Join(failed, "; ")
	}
	return c
}

// cosine is the cosine between feature directions i and j of W (0 when either is zero).
func cosine(W [][]float64, i, j int) float64 {
	ni, nj := math.Sqrt(toysup.Dot(W[i], W[i])), math.Sqrt(toysup.Dot(W[j], W[j]))
	if ni == 0 || nj == 0 {
		return 0
	}
	return toysup.Dot(W[i], W[j]) / (ni * nj)
}

// represented lists the features with ‖W_i‖ > RepresentedNorm.
func represented(a toysup.Analysis) []int {
	var out []int
	for i, n := range a.Norms {
		if n > RepresentedNorm {
			out = append(out, i)
		}
	}
	return out
}

// antipodalPairs reports whether the features fs split into pairs, each member's most opposite partner having
// cos ≤ −AntipodalCos (and the partnering being mutual).
func antipodalPairs(W [][]float64, fs []int) bool {
	if len(fs)%2 != 0 || len(fs) == 0 {
		return false
	}
	partner := map[int]int{}
	for _, i := range fs {
		best, bc := -1, 2.0
		for _, j := range fs {
			if c := cosine(W, i, j); j != i && c < bc {
				best, bc = j, c
			}
		}
		if bc > -AntipodalCos {
			return false
		}
		partner[i] = best
	}
	for i, j := range partner {
		if partner[j] != i {
			return false
		}
	}
	return true
}

// neighbourAngles are the angles (degrees) between consecutive directions of the 2-D features fs around the circle.
func neighbourAngles(W [][]float64, fs []int) []float64 {
	var a []float64
	for _, i := range fs {
		a = append(a, math.Atan2(W[i][1], W[i][0])*180/math.Pi)
	}
	sort.Float64s(a)
	out := make([]float64, len(a))
	for k := range a {
		next := a[(k+1)%len(a)]
		if k == len(a)-1 {
			next += 360
		}
		out[k] = next - a[k]
	}
	return out
}

// ints writes integers space-separated.
func ints(v []int) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = fmt.Sprint(x)
	}
	return strings.Join(parts, " ")
}

// floats writes values with the given decimals, space-separated.
func floats(v []float64, decimals int) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = fmt.Sprintf("%.*f", decimals, x)
	}
	return strings.Join(parts, " ")
}

// density is an instance's density 1−S (its first feature's).
func density(in toysup.Instance) float64 { return in.FeatureProbability[0] }

// pearson is the correlation of x and y (NaN when either is constant).
func pearson(x, y []float64) float64 {
	n := float64(len(x))
	var mx, my float64
	for i := range x {
		mx, my = mx+x[i]/n, my+y[i]/n
	}
	var sxy, sxx, syy float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
		syy += (y[i] - my) * (y[i] - my)
	}
	return sxy / math.Sqrt(sxx*syy)
}
