package cpu

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// vecLevels returns the vector paths this machine runs (the assembly ones; none under purego/noasm or off amd64).
func vecLevels() []simdLevel {
	var out []simdLevel
	for l := levelAVX2; l <= bestLevel; l++ {
		out = append(out, l)
	}
	return out
}

// randSlice returns k values ~ N(0, 1) in a buffer offset by off floats (so that vectors start unaligned), with
// 32 guard floats after it.
func randSlice(r *rand.Rand, k, off int) []float32 {
	buf := make([]float32, off+k+32)
	for i := range buf {
		buf[i] = float32(r.NormFloat64())
	}
	return buf[off : off+k]
}

// closeTo checks got against want elementwise within tol·(scale + |want|) and that the guard floats after got
// are untouched.
func closeTo(t *testing.T, what string, got, want []float32, scale, tol float64) {
	t.Helper()
	for i := range want {
		if d := math.Abs(float64(got[i] - want[i])); d > tol*(scale+math.Abs(float64(want[i]))) || math.IsNaN(float64(got[i])) {
			t.Fatalf("%s[%d] = %v, want %v (scale %v)", what, i, got[i], want[i], scale)
		}
	}
}

// TestVecRowKernels checks gather and scatter on each path against the portable ones, for widths mp = 8…72 (the
// AVX-512 tail mask: mp mod 16 = 8), 0…67 listed rows, unaligned starts. FMA rounds once where Go rounds twice:
// the bound is 1e-5 relative to Σ|terms|.
func TestVecRowKernels(t *testing.T) {
	r := newRand()
	for _, l := range vecLevels() {
		ops := opsFor(l)
		for mp := 8; mp <= 72; mp += 8 {
			for nr := 0; nr <= 67; nr += 1 + nr/8 {
				n := nr + 5
				M, xs := randSlice(r, n*mp, r.IntN(16)), randSlice(r, n, r.IntN(16))
				rows := r.Perm(n)[:nr]
				rs := make([]int32, nr)
				for i, v := range rows {
					rs[i] = int32(v)
				}
				v := randSlice(r, mp, r.IntN(16))
				want, got := append([]float32(nil), v...), randSlice(r, mp, 3)
				copy(got, v)
				gatherRows(want, M, mp, xs, rs)
				ops.gather(got, M, mp, xs, rs)
				closeTo(t, fmt.Sprintf("%v gather mp=%d rows=%d", l, mp, nr), got, want, float64(nr+1)*4, 1e-5)
				M2 := append([]float32(nil), M...)
				scatterRows(M2, v, mp, xs, rs)
				ops.scatter(M, v, mp, xs, rs)
				closeTo(t, fmt.Sprintf("%v scatter mp=%d rows=%d", l, mp, nr), M, M2, 4, 1e-5)
			}
		}
	}
}

// TestVecBlockKernels checks zBlock and backTile on each path against the portable ones for several shapes.
func TestVecBlockKernels(t *testing.T) {
	r := newRand()
	for _, l := range vecLevels() {
		ops := opsFor(l)
		for _, sh := range []struct{ n, m, s4 int }{{1, 1, 4}, {16, 8, 4}, {30, 9, 8}, {67, 30, 12}, {400, 30, 20}, {100, 40, 4}, {33, 64, 8}} {
			mp, np := (sh.m+7)&^7, (sh.n+15)&^15
			Wt, bias, H := randSlice(r, sh.m*np, 1), randSlice(r, np, 2), randSlice(r, sh.s4*mp, 3)
			want, got := make([]float32, sh.s4*np), randSlice(r, sh.s4*np, 5)
			zBlockGo(want, Wt, bias, H, sh.m, mp, np, sh.s4)
			ops.zBlock(got, Wt, bias, H, sh.m, mp, np, sh.s4)
			closeTo(t, fmt.Sprintf("%v zBlock %+v", l, sh), got, want, 4*float64(sh.m+1), 1e-5)

			W, D, H4 := randSlice(r, sh.n*mp, 1), randSlice(r, 4*np, 2), randSlice(r, 4*mp, 3)
			for i := range D {
				if r.IntN(3) == 0 {
					D[i] = 0
				}
			}
			rows := activeTile(make([]int32, sh.n), D, sh.n, np)
			dW := randSlice(r, sh.n*mp, 4)
			dW2 := append([]float32(nil), dW...)
			G, G2 := randSlice(r, 4*mp, 6), make([]float32, 4*mp)
			backTileGo(G2, W, dW2, H4, D, mp, np, rows)
			ops.backTile(G, W, dW, H4, D, mp, np, rows)
			closeTo(t, fmt.Sprintf("%v backTile G %+v", l, sh), G, G2, 4*float64(sh.n), 1e-5)
			closeTo(t, fmt.Sprintf("%v backTile dW %+v", l, sh), dW, dW2, 16, 1e-5)
		}
	}
}

// TestVecLoss checks the loss row kernel on each path against the portable one for n = 0…67 and a few long rows, for the linear,
// ReLU and abs masks, with zeros, negatives and (odd n) a NaN in z.
func TestVecLoss(t *testing.T) {
	r := newRand()
	for _, l := range vecLevels() {
		ops := opsFor(l)
		for _, n := range append(seq(0, 67), 255, 256, 257, 400, 1000) {
			for _, mk := range []struct{ lin, abs uint32 }{{0, ^uint32(0)}, {^uint32(0), ^uint32(0)}, {0, 0x7fffffff}} {
				z, xs := randSlice(r, n, r.IntN(16)), randSlice(r, n, r.IntN(16))
				imp, c2 := randSlice(r, n, 1), randSlice(r, n, 2)
				for i := 0; i < n; i += 7 {
					z[i] = 0
				}
				nan := n > 5 && n%2 == 1
				if nan {
					z[5] = float32(math.NaN())
				}
				db, db2 := randSlice(r, n, 3), make([]float32, n)
				copy(db2, db)
				dr, dr2 := randSlice(r, n, 4), make([]float32, n)
				want := lossRowGo(z, xs, dr2, db2, imp, c2, mk.lin, mk.abs)
				got := ops.loss(z, xs, dr, db, imp, c2, mk.lin, mk.abs)
				what := fmt.Sprintf("%v loss n=%d lin=%x abs=%x", l, n, mk.lin, mk.abs)
				if nan {
					if !math.IsNaN(float64(got)) || !math.IsNaN(float64(dr[5])) {
						t.Fatalf("%s: NaN in z gave loss %v, d %v; want NaN", what, got, dr[5])
					}
					dr[5], dr2[5], db[5], db2[5], got, want = 0, 0, 0, 0, 0, 0
				}
				closeTo(t, what+" d", dr, dr2, 0, 1e-6)
				closeTo(t, what+" db", db, db2, 0, 1e-6)
				closeTo(t, what+" sum", []float32{got}, []float32{want}, absLoss(z, xs, imp, mk.lin, mk.abs), 1e-5)
			}
		}
	}
}

func seq(a, b int) []int {
	var out []int
	for i := a; i <= b; i++ {
		out = append(out, i)
	}
	return out
}

// absLoss is Σ|I_i|·r_i² in float64 (NaN rows skipped): the scale of the loss sum's rounding error.
func absLoss(z, xs, imp []float32, lin, absMask uint32) float64 {
	s := 0.0
	for i, zi := range z {
		if zi != zi {
			continue
		}
		y := float64(zi)
		if lin == 0 && zi <= 0 {
			y = 0
		}
		r := y - float64(math.Float32frombits(math.Float32bits(xs[i])&absMask))
		s += math.Abs(float64(imp[i])) * r * r
	}
	return s
}
