package cpu

import "math"

// Vector path: the block kernel of [instanceData.blockVec] runs its products through a vecOps table, implemented
// in Go assembly for amd64 (AVX-512 and AVX2+FMA, vec_amd64.go) and here in portable Go (the reference the tests
// compare the assembly against). Other platforms, and builds with the purego or noasm tag, have no vector level
// and keep the scalar kernels (kernel_tiled.go, kernels_hidden.go).

// simdLevel is a kernel path.
type simdLevel int

// Kernel paths, in increasing order of width.
const (
	levelGo     simdLevel = iota // portable Go kernels
	levelAVX2                    // AVX2 + FMA, 8 lanes
	levelAVX512                  // AVX-512F, 16 lanes, masked tails
)

func (l simdLevel) String() string {
	return [...]string{"go", "avx2", "avx512"}[l]
}

// bestLevel is the widest path this CPU supports.
var bestLevel = detectLevel()

// kernelLevel is the path new trainers use (the vector ops for m > maxSmallHidden; AVX-512 also selects the lane
// kernels for m ≤ maxSmallHidden); tests lower it to compare the paths.
var kernelLevel = bestLevel

// vecOps are the products of the block path. Row widths mp are multiples of 8, row lengths np of 16, sample counts
// s4 of 4; slices are long enough for what the index arithmetic touches.
type vecOps struct {
	// gather adds Σ_r xs[r]·M[r] over the listed rows r to v `[mp]` (M `[n][mp]`).
	gather func(v, M []float32, mp int, xs []float32, rows []int32)
	// scatter adds xs[r]·v to the listed rows r of M.
	scatter func(M, v []float32, mp int, xs []float32, rows []int32)
	// zBlock sets Z[s][i] = bias[i] + Σ_{j<m} H[s][j]·Wt[j][i] (Z `[s4][np]`, H `[s4][mp]`, Wt `[m][np]`).
	zBlock func(Z, Wt, bias, H []float32, m, mp, np, s4 int)
	// backTile sets, for 4 samples, G[s] = Σ_i D[s][i]·W[i] and adds Σ_s D[s][i]·H[s] to dW[i], over the listed
	// rows i (G, H `[4][mp]`, D `[4][np]`, W, dW `[n][mp]`).
	backTile func(G, W, dW, H, D []float32, mp, np int, rows []int32)
	// loss is one sample's output rows (see [instanceData.lossRow]): n = len(z), the other slices as long.
	loss func(z, xs, dr, db, imp, c2 []float32, lin, absMask uint32) float32
}

// goOps is the portable reference of the vector ops.
var goOps = &vecOps{gather: gatherRows, scatter: scatterRows, zBlock: zBlockGo, backTile: backTileGo, loss: lossRowGo}

func zBlockGo(Z, Wt, bias, H []float32, m, mp, np, s4 int) {
	for s := 0; s < s4; s++ {
		z, h := Z[s*np:s*np+np], H[s*mp:s*mp+mp]
		copy(z, bias[:np])
		for j := 0; j < m; j++ {
			hj, w := h[j], Wt[j*np:j*np+np]
			for i := range z {
				z[i] += hj * w[i]
			}
		}
	}
}

func backTileGo(G, W, dW, H, D []float32, mp, np int, rows []int32) {
	clear(G[:4*mp])
	for _, i := range rows {
		w, dw := W[int(i)*mp:int(i)*mp+mp], dW[int(i)*mp:int(i)*mp+mp]
		for s := 0; s < 4; s++ {
			ds, g, h := D[s*np+int(i)], G[s*mp:s*mp+mp], H[s*mp:s*mp+mp]
			for c := range w {
				g[c] += ds * w[c]
				dw[c] += ds * h[c]
			}
		}
	}
}

// lossRowGo is the scalar loss and d of one sample: on = z > 0 or NaN (all rows for the linear model, lin = all
// ones), r = act(z) − (x & absMask), loss = Σ I·r², d = c2·r·on written to dr and added to db.
func lossRowGo(z, xs, dr, db, imp, c2 []float32, lin, absMask uint32) float32 {
	n := len(z)
	xs, dr, db, imp, c2 = xs[:n], dr[:n], db[:n], imp[:n], c2[:n]
	var loss float32
	for i, zi := range z {
		zb := math.Float32bits(zi)
		on := positive(zb) | lin
		r := math.Float32frombits(zb&on) - math.Float32frombits(math.Float32bits(xs[i])&absMask)
		loss += imp[i] * r * r
		di := math.Float32frombits(math.Float32bits(c2[i]*r) & on)
		db[i] += di
		dr[i] = di
	}
	return loss
}

// opsFor returns the ops of a path (nil for levelGo or a level this build lacks).
func opsFor(l simdLevel) *vecOps {
	if l > bestLevel {
		return nil
	}
	return asmOps(l)
}
