package gomlx

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	G "github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/janpfeifer/must"
)

// The replacement DotGeneral gradient equals GoMLX's built-in one on several axis layouts, in float64.
func TestDotGeneralVJPMatchesBuiltin(t *testing.T) {
	backend := must.M1(Backend("go"))
	installDotGeneralVJP()
	rng := rand.New(rand.NewPCG(1, 1))
	random := func(dims ...int) *tensors.Tensor {
		n := 1
		for _, d := range dims {
			n *= d
		}
		v := make([]float64, n)
		for i := range v {
			v[i] = rng.NormFloat64()
		}
		return tensors.FromFlatDataAndDimensions(v, dims...)
	}
	for _, tc := range []struct {
		name           string
		lhs, rhs       []int
		lc, lb, rc, rb []int
	}{
		{"matmul", []int{3, 4}, []int{4, 5}, []int{1}, nil, []int{0}, nil},
		{"matmul transposed rhs", []int{3, 4}, []int{5, 4}, []int{1}, nil, []int{1}, nil},
		{"toy model h = W x", []int{2, 6, 4}, []int{2, 4, 3}, []int{2}, []int{0}, []int{1}, []int{0}},
		{"toy model z = Wᵀh", []int{2, 6, 3}, []int{2, 4, 3}, []int{2}, []int{0}, []int{2}, []int{0}},
		{"batch last", []int{4, 3, 2}, []int{3, 5, 2}, []int{1}, []int{2}, []int{0}, []int{2}},
		{"two contracting axes", []int{2, 3, 4, 5}, []int{2, 6, 5, 3}, []int{3, 1}, []int{0}, []int{2, 3}, []int{0}},
	} {
		lhs, rhs := random(tc.lhs...), random(tc.rhs...)
		grads := func(dot func(l *G.Node, lc, lb []int, r *G.Node, rc, rb []int) *G.Node) [][]float64 {
			outs := G.MustExecOnceN(backend, func(l, r *G.Node) []*G.Node {
				o := dot(l, tc.lc, tc.lb, r, tc.rc, tc.rb)
				// A non-uniform output gradient: weight each output element differently.
				w := G.Iota(o.Graph(), shapes.Make(dtypes.Float64, o.Shape().Dimensions...), o.Rank()-1)
				loss := G.ReduceAllSum(G.Mul(G.Sin(o), G.AddScalar(w, 1)))
				return G.Gradient(loss, l, r)
			}, lhs, rhs)
			return [][]float64{tensors.MustCopyFlatData[float64](outs[0]), tensors.MustCopyFlatData[float64](outs[1])}
		}
		want, got := grads(G.DotGeneral), grads(dotGeneral)
		for i := range want {
			for j := range want[i] {
				if math.Abs(want[i][j]-got[i][j]) > 1e-9 {
					t.Fatalf("%s: gradient %d element %d: replacement %v, built-in %v", tc.name, i, j, got[i][j], want[i][j])
				}
			}
		}
	}
}
