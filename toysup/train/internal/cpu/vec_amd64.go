//go:build amd64 && !purego && !noasm

package cpu

import "golang.org/x/sys/cpu"

// detectLevel picks AVX-512 when the CPU and OS support AVX-512F (and BMI2 for the tail masks), else AVX2 with FMA.
func detectLevel() simdLevel {
	x := cpu.X86
	switch {
	case x.HasAVX512F && x.HasBMI2:
		return levelAVX512
	case x.HasAVX2 && x.HasFMA:
		return levelAVX2
	}
	return levelGo
}

// Assembly in vec_amd64.s and vec_block_amd64.s.

//go:noescape
func gatherRows512(v, M *float32, mp int, xs *float32, rows *int32, nrows int)

//go:noescape
func gatherRows2(v, M *float32, mp int, xs *float32, rows *int32, nrows int)

//go:noescape
func scatterRows512(M, v *float32, mp int, xs *float32, rows *int32, nrows int)

//go:noescape
func scatterRows2(M, v *float32, mp int, xs *float32, rows *int32, nrows int)

//go:noescape
func zBlock512(Z, Wt, bias, H *float32, m, mp, np, s4 int)

//go:noescape
func zBlock2(Z, Wt, bias, H *float32, m, mp, np, s4 int)

//go:noescape
func backTile512(G, W, dW, H, D *float32, mp, np int, rows *int32, nrows int)

//go:noescape
func backTile2(G, W, dW, H, D *float32, mp, np int, rows *int32, nrows int)

//go:noescape
func lossRow512(z, xs, dr, db, imp, c2 *float32, n int, lin, absMask uint32) float32

//go:noescape
func lossRow2(z, xs, dr, db, imp, c2 *float32, n int, lin, absMask uint32) float32

// rowKernel is the signature of the gather and scatter assembly.
type rowKernel func(out, in *float32, mp int, xs *float32, rows *int32, nrows int)

func asmOps(l simdLevel) *vecOps {
	switch l {
	case levelAVX512:
		return &vecOps{gather: rowOp(gatherRows512), scatter: rowOp(scatterRows512), zBlock: zOp(zBlock512), backTile: backOp(backTile512), loss: loss512}
	case levelAVX2:
		return &vecOps{gather: rowOp(gatherRows2), scatter: rowOp(scatterRows2), zBlock: zOp(zBlock2), backTile: backOp(backTile2), loss: loss2}
	}
	return nil
}

// rowOp wraps a gather/scatter kernel: it checks that every listed row lies within M and that out and in hold mp
// values (the assembly does no bounds checks).
func rowOp(k rowKernel) func(out, in []float32, mp int, xs []float32, rows []int32) {
	return func(out, in []float32, mp int, xs []float32, rows []int32) {
		if len(rows) == 0 || mp == 0 {
			return
		}
		big, small := out, in
		if len(in) > len(out) {
			big, small = in, out
		}
		_ = small[mp-1]
		top := maxRow(rows)
		_, _ = big[top*mp+mp-1], xs[top]
		k(&out[0], &in[0], mp, &xs[0], &rows[0], len(rows))
	}
}

func zOp(k func(Z, Wt, bias, H *float32, m, mp, np, s4 int)) func(Z, Wt, bias, H []float32, m, mp, np, s4 int) {
	return func(Z, Wt, bias, H []float32, m, mp, np, s4 int) {
		if s4 == 0 || np == 0 {
			return
		}
		if m < 1 || m > mp || mp%8 != 0 || np%16 != 0 || s4%4 != 0 {
			panic("cpu: zBlock: bad shape")
		}
		_, _, _, _ = Z[s4*np-1], Wt[m*np-1], bias[np-1], H[s4*mp-1]
		k(&Z[0], &Wt[0], &bias[0], &H[0], m, mp, np, s4)
	}
}

func backOp(k func(G, W, dW, H, D *float32, mp, np int, rows *int32, nrows int)) func(G, W, dW, H, D []float32, mp, np int, rows []int32) {
	return func(G, W, dW, H, D []float32, mp, np int, rows []int32) {
		if mp%8 != 0 || np%16 != 0 || mp == 0 {
			panic("cpu: backTile: bad shape")
		}
		_, _, _ = G[4*mp-1], H[4*mp-1], D[4*np-1]
		if len(rows) == 0 {
			clear(G[:4*mp])
			return
		}
		top := maxRow(rows)
		_, _, _ = W[top*mp+mp-1], dW[top*mp+mp-1], D[3*np+top]
		k(&G[0], &W[0], &dW[0], &H[0], &D[0], mp, np, &rows[0], len(rows))
	}
}

// maxRow returns the largest of the (non-empty) rows as an int, treating negative values as huge so that the
// bounds check that follows catches them.
func maxRow(rows []int32) int {
	var top uint32
	for _, r := range rows {
		top = max(top, uint32(r))
	}
	return int(top)
}

func loss512(z, xs, dr, db, imp, c2 []float32, lin, absMask uint32) float32 {
	n := len(z)
	if n == 0 {
		return 0
	}
	_, _, _, _, _ = xs[n-1], dr[n-1], db[n-1], imp[n-1], c2[n-1]
	return lossRow512(&z[0], &xs[0], &dr[0], &db[0], &imp[0], &c2[0], n, lin, absMask)
}

// loss2 runs the AVX2 kernel on the first n − n mod 8 rows and the scalar code on the rest.
func loss2(z, xs, dr, db, imp, c2 []float32, lin, absMask uint32) float32 {
	n := len(z)
	n8 := n &^ 7
	var loss float32
	if n8 > 0 {
		_, _, _, _, _ = xs[n-1], dr[n-1], db[n-1], imp[n-1], c2[n-1]
		loss = lossRow2(&z[0], &xs[0], &dr[0], &db[0], &imp[0], &c2[0], n8, lin, absMask)
	}
	return loss + lossRowGo(z[n8:], xs[n8:n], dr[n8:n], db[n8:n], imp[n8:n], c2[n8:n], lin, absMask)
}
