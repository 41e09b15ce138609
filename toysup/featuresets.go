package toysup

import "fmt"

// Feature sets (Section 4, "Correlated and anticorrelated features").
//
// Every feature belongs to one sampling set: its own, or a "correlated" or "anticorrelated" set of the config.
// Each sample draws one uniform u per set, and feature i is non-zero iff lo_i ≤ u < hi_i:
//
//	independent feature:        [0, p)
//	correlated set:             [0, p) for every member (zero or non-zero together)
//	anticorrelated ("paper"):   member j of s: [p·j/s, p·(j+1)/s)  (the set is non-zero with probability p)
//	anticorrelated ("arena"):   member j:      [p·j, p·(j+1))      (each member has density p)
//
// A non-zero value is Uniform[0, 1): drawn separately per feature for correlated sets, and otherwise taken from
// the set's own draw as (u − lo)/(hi − lo), which is uniform given the interval. The abs model maps it to
// Uniform[−1, 1) as 2v − 1.

// Sampling is how a config's features are drawn: the set of each feature and its activation interval.
type Sampling struct {
	// Set is the sampling set of each feature, `[features]`, numbered 0…NumSets−1.
	Set     []int
	NumSets int
	// Lo and Hi bound each feature's activation interval, `[instances][features]`.
	Lo, Hi [][]float64
	// SeparateValues is true when some set is correlated: values then need their own uniform per feature.
	SeparateValues bool
	// Signed draws non-zero values from Uniform[−1, 1) (the abs model).
	Signed bool
	// Normalize scales every sample to unit L2 norm (normalize_inputs).
	Normalize bool
}

// Independent reports whether every feature is its own set (the fast path of the engines).
func (s Sampling) Independent() bool { return s.NumSets == len(s.Set) && !s.SeparateValues }

// Sampling resolves the config's feature sets and probabilities into a [Sampling].
func (c Config) Sampling() Sampling {
	n := c.Features
	probs := c.FeatureProbabilities()
	s := Sampling{Set: make([]int, n), Lo: make([][]float64, c.Instances), Hi: make([][]float64, c.Instances),
		SeparateValues: len(c.Correlated) > 0, Signed: c.Model == ModelAbs, Normalize: c.NormalizeInputs}
	for i := range s.Set {
		s.Set[i] = -1
	}
	for k := range s.Lo {
		s.Lo[k] = make([]float64, n)
		s.Hi[k] = append([]float64(nil), probs[k]...)
	}
	for _, set := range c.Correlated {
		for _, i := range set {
			s.Set[i] = s.NumSets
		}
		s.NumSets++
	}
	for _, set := range c.Anticorrelated {
		size := float64(len(set))
		for j, i := range set {
			s.Set[i] = s.NumSets
			for k := range s.Lo {
				p := probs[k][set[0]]
				if c.AnticorrelatedMode == AnticorrelatedARENA {
					s.Lo[k][i], s.Hi[k][i] = p*float64(j), p*float64(j+1)
				} else {
					s.Lo[k][i], s.Hi[k][i] = p*float64(j)/size, p*float64(j+1)/size
				}
			}
		}
		s.NumSets++
	}
	for i := range s.Set {
		if s.Set[i] < 0 {
			s.Set[i] = s.NumSets
			s.NumSets++
		}
	}
	return s
}

// checkFeatureSets validates correlated and anticorrelated sets: indices in range, sets of ≥ 2 disjoint members
// sharing one probability per instance, and p·size ≤ 1 for "arena" anticorrelation.
func (c Config) checkFeatureSets() error {
	if len(c.Anticorrelated) > 0 {
		if err := oneOf("anticorrelated_mode", c.AnticorrelatedMode, AnticorrelatedModes); err != nil {
			return err
		}
	} else if c.AnticorrelatedMode != "" {
		return fieldErr("anticorrelated_mode", "only applies with anticorrelated sets")
	}
	seen := map[int]string{}
	probs := c.FeatureProbabilities()
	for _, group := range []struct {
		field string
		sets  [][]int
	}{{"correlated", c.Correlated}, {"anticorrelated", c.Anticorrelated}} {
		for si, set := range group.sets {
			name := fmt.Sprintf("%s[%d]", group.field, si)
			if len(set) < 2 {
				return fieldErr(name, "a set needs at least 2 feature indices, got %d", len(set))
			}
			for _, i := range set {
				if i < 0 || i >= c.Features {
					return fieldErr(name, "feature index %d outside 0…%d", i, c.Features-1)
				}
				if other, dup := seen[i]; dup {
					return fieldErr(name, "feature %d is already in %s (sets must be disjoint)", i, other)
				}
				seen[i] = name
				for k := range probs {
					if probs[k][i] != probs[k][set[0]] {
						return fieldErr(name, "members must share their feature_probability; instance %d has %v for feature %d and %v for feature %d",
							k, probs[k][set[0]], set[0], probs[k][i], i)
					}
				}
			}
			if group.field == "anticorrelated" && c.AnticorrelatedMode == AnticorrelatedARENA {
				for k := range probs {
					if p := probs[k][set[0]]; p*float64(len(set)) > 1+1e-12 {
						return fieldErr(name, "with anticorrelated_mode \"arena\" each member has density p, so p·size ≤ 1; instance %d has p = %v for %d members", k, p, len(set))
					}
				}
			}
		}
	}
	return nil
}

// drawSample fills row `[features]` for instance k from uniforms: setU `[numSets]` and, when SeparateValues,
// valueU `[features]`.
func (s Sampling) drawSample(k int, setU, valueU, row []float64) {
	for i := range row {
		u := setU[s.Set[i]]
		lo, hi := s.Lo[k][i], s.Hi[k][i]
		if u < lo || u >= hi {
			row[i] = 0
			continue
		}
		v := (u - lo) / (hi - lo)
		if s.SeparateValues {
			v = valueU[i]
		}
		if s.Signed {
			v = 2*v - 1
		}
		row[i] = v
	}
}
