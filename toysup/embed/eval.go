package embed

import (
	"errors"
	"fmt"
	"math"
)

// LookupFunc returns the vector of a word, `[d]`. The caller must not modify it.
type LookupFunc func(w *Word) ([]float64, error)

// Eval evaluates x to a vector `[d]`, looking words up with lookup; all words must have the same dimension d.
// A failed lookup is returned as an [*ExprError] pointing at the word (its Input is empty: Eval does not see the
// text; [Embeddings.Eval] fills it in).
func Eval(x Expr, lookup LookupFunc) ([]float64, error) {
	dim := -1
	var ev func(x Expr) ([]float64, error)
	ev = func(x Expr) ([]float64, error) {
		switch x := x.(type) {
		case *Word:
			v, err := lookup(x)
			if err != nil {
				return nil, &ExprError{Offset: x.Offset, Msg: err.Error(), Err: err}
			}
			if dim >= 0 && len(v) != dim {
				return nil, &ExprError{Offset: x.Offset, Msg: fmt.Sprintf("%s has dimension %d, earlier words %d", x, len(v), dim)}
			}
			dim = len(v)
			return append([]float64(nil), v...), nil
		case *Neg:
			v, err := ev(x.X)
			for i := range v {
				v[i] = -v[i]
			}
			return v, err
		case *Scale:
			v, err := ev(x.X)
			for i := range v {
				if x.Divide {
					v[i] /= x.Factor
				} else {
					v[i] *= x.Factor
				}
			}
			return v, err
		case *Sum:
			a, err := ev(x.X)
			if err != nil {
				return nil, err
			}
			b, err := ev(x.Y)
			if err != nil {
				return nil, err
			}
			for i := range a {
				if x.Op == '-' {
					a[i] -= b[i]
				} else {
					a[i] += b[i]
				}
			}
			return a, nil
		case nil:
			return nil, errors.New("embed: nil expression")
		}
		return nil, fmt.Errorf("embed: unknown expression type %T", x)
	}
	return ev(x)
}

// Norm is the Euclidean norm of v `[d]`.
func Norm(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x * x
	}
	return math.Sqrt(s)
}

// Cosine is the cosine similarity a·b / (|a| |b|) of a and b, both `[d]`, clamped to [-1, 1]. Unlike PyTorch's
// cosine_similarity, which divides by max(|a| |b|, 1e-8) and so returns 0, a zero vector is an error: its
// direction is undefined.
func Cosine(a, b []float64) (float64, error) {
	if len(a) != len(b) {
		return 0, fmt.Errorf("embed: cosine of vectors of dimensions %d and %d", len(a), len(b))
	}
	na, nb := Norm(a), Norm(b)
	if na == 0 || nb == 0 {
		return 0, errors.New("embed: cosine with a zero vector is undefined")
	}
	var dot float64
	for i := range a {
		dot += a[i] * b[i]
	}
	return max(-1, min(1, dot/(na*nb))), nil
}
