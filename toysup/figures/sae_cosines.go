package figures

import (
	"fmt"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/sae"
)

// SAECosineFigure draws the features × latents cosine matrix Ŵ_i · d_j ([sae.Cosines]) of SAE opts.Instance of
// res as a heatmap on [Diverging] (−1 blue … +1 red), features down, latents across: the latents matched to
// features (the Hungarian matching of the metrics) first in feature order, so a perfect dictionary is a red
// diagonal; unmatched latents follow. Options: Title, Width (0: fitted, at most 800), Instance.
func SAECosineFigure(base *toysup.Result, res *sae.Result, opts Options) (string, error) {
	if err := checkSAE(base, res, false); err != nil {
		return "", err
	}
	o, err := opts.resolve(spec{name: "SAECosineFigure", width: 800, uses: useInstance})
	if err != nil {
		return "", err
	}
	q := o.Instance
	if q >= len(res.SAEs) {
		return "", fmt.Errorf("figures: Options.Instance = %d, the result has %d SAEs", q, len(res.SAEs))
	}
	sa := res.SAEs[q]
	cos := sae.Cosines(base.Instances[sa.BaseInstance].W, sa.WDec)
	n, L := len(cos), len(sa.WDec)
	order, used := make([]int, 0, L), make([]bool, L)
	for _, j := range sa.Metrics.Match {
		if j >= 0 && j < L && !used[j] {
			order, used[j] = append(order, j), true
		}
	}
	for j := range L {
		if !used[j] {
			order = append(order, j)
		}
	}
	const left, top, right = 60.0, 48.0, 90.0
	cell := min(28, (float64(o.Width)-left-right)/float64(L))
	W, H := left+cell*float64(L)+right, top+cell*float64(n)+48
	colours := make([][]RGB, n)
	for i := range colours {
		colours[i] = make([]RGB, L)
		for c, j := range order {
			colours[i][c] = Diverging(quantize(cos[i][j], 50))
		}
	}
	s := newSVG(max(W, 320), max(H, 220))
	s.title(o.titleOr(fmt.Sprintf("Cosines of features and latents — instance %d, seed %d: MMCS %.3f", sa.BaseInstance, sa.Seed, sa.Metrics.MMCS)))
	if err := s.heatmap(left, top, cell, cell, colours, "ts-cosine", n*L > 40_000); err != nil {
		return "", err
	}
	s.frame(left, top, cell*float64(L), cell*float64(n))
	s.text(left+cell*float64(L)/2, top+cell*float64(n)+18, labelSize, "middle", "latents (matched first)", "")
	s.vtext(left-30, top+cell*float64(n)/2, "features i")
	s.colourBar(left+cell*float64(L)+30, top+16, 12, 120, -1, 1, Diverging, linearTicks(-1, 1, 4), "cosine")
	return s.String(), nil
}

// MustSAECosineFigure is [SAECosineFigure] for notebooks: it panics on error.
func MustSAECosineFigure(base *toysup.Result, res *sae.Result, opts Options) string {
	return must.M1(SAECosineFigure(base, res, opts))
}
