package figures

import (
	"errors"
	"fmt"
	"math"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/sae"
)

// featureColour is the colour of the base model's feature arrows under the SAE latents.
const featureColour = "#9a9a9a"

// SAELatentsFigure draws, for an m = 2 base, one panel per SAE of res: the base instance's feature directions
// W_i as grey arrows and the SAE's decoder directions (unit vectors, row j of W_dec) as coloured arrows over them,
// titled with the SAE's MMCS and dead latents — a latent between two features, or a dead one, shows at a glance.
// Options: Title, Width, Columns.
func SAELatentsFigure(base *toysup.Result, res *sae.Result, opts Options) (string, error) {
	if err := checkSAE(base, res, true); err != nil {
		return "", err
	}
	o, err := opts.resolve(spec{name: "SAELatentsFigure", width: 800, uses: useColumns})
	if err != nil {
		return "", err
	}
	panels := make([]Panel, len(res.SAEs))
	for q, s := range res.SAEs {
		m := s.Metrics
		panels[q] = Panel{Label: fmt.Sprintf("instance %d, seed %d: MMCS %.3f, dead %d/%d", s.BaseInstance, s.Seed, m.MMCS,
			int(math.Round(m.DeadFraction*float64(len(s.WDec)))), len(s.WDec)), Model: base.Config.Model, Hidden: 2,
			Instance: base.Instances[s.BaseInstance]}
	}
	title := fmt.Sprintf("SAE latents (colours) over the base model's features (grey) — n = %d, m = 2, %d latents", base.Config.Features, res.Config.Latents)
	return latentPanels(panels, o, title, func(q int) [][]float64 { return res.SAEs[q].WDec }, nil), nil
}

// MustSAELatentsFigure is [SAELatentsFigure] for notebooks: it panics on error.
func MustSAELatentsFigure(base *toysup.Result, res *sae.Result, opts Options) string {
	return must.M1(SAELatentsFigure(base, res, opts))
}

// SAEFramesFigure draws the decoder directions of SAE opts.Instance of res over training, as frames: up to 8
// recorded steps (first and last included, from the history's W_dec, recorded with record_decoder), each with
// the latents' arrows at that step and the path their tips took since the start (faint), over the base's
// feature arrows — ARENA's animation, frame by frame. Options: Title, Width, Columns, Instance.
func SAEFramesFigure(base *toysup.Result, res *sae.Result, opts Options) (string, error) {
	if err := checkSAE(base, res, true); err != nil {
		return "", err
	}
	o, err := opts.resolve(spec{name: "SAEFramesFigure", width: 800, uses: useColumns | useInstance})
	if err != nil {
		return "", err
	}
	h := res.History
	if len(h.WDec) == 0 || len(h.WDec) != len(h.Step) {
		return "", errors.New("figures: SAEFramesFigure needs the decoder history: train with record_decoder")
	}
	q := o.Instance
	if q >= len(res.SAEs) {
		return "", fmt.Errorf("figures: Options.Instance = %d, the result has %d SAEs", q, len(res.SAEs))
	}
	frames := frameIndices(len(h.Step), 8)
	panels := make([]Panel, len(frames))
	for f, t := range frames {
		panels[f] = Panel{Label: fmt.Sprintf("step %d: MMCS %.3f", h.Step[t], h.MMCS[t][q]), Model: base.Config.Model, Hidden: 2,
			Instance: base.Instances[res.SAEs[q].BaseInstance]}
	}
	s := res.SAEs[q]
	title := fmt.Sprintf("SAE latents over training — instance %d, seed %d, %d latents, resample %s", s.BaseInstance, s.Seed, res.Config.Latents, res.Config.Resample)
	trail := func(f int) [][][]float64 {
		var out [][][]float64
		for t := 0; t <= frames[f]; t++ {
			out = append(out, h.WDec[t][q])
		}
		return out
	}
	return latentPanels(panels, o, title, func(f int) [][]float64 { return h.WDec[frames[f]][q] }, trail), nil
}

// MustSAEFramesFigure is [SAEFramesFigure] for notebooks: it panics on error.
func MustSAEFramesFigure(base *toysup.Result, res *sae.Result, opts Options) string {
	return must.M1(SAEFramesFigure(base, res, opts))
}

// frameIndices picks up to k indices of 0…n−1, evenly spaced, first and last included.
func frameIndices(n, k int) []int {
	if n <= k {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	}
	out := make([]int, k)
	for i := range out {
		out[i] = int(math.Round(float64(i) * float64(n-1) / float64(k-1)))
	}
	return out
}

// latentPanels draws the planar panels: the features in grey, then latent j of panel k (latents(k) `[L][2]`)
// in colour j, after the faint paths of its tip when trail is not nil (trail(k) `[steps][L][2]`).
func latentPanels(panels []Panel, o Options, title string, latents func(k int) [][]float64, trail func(k int) [][][]float64) string {
	const right = 110.0
	l := newPlanarLayout(panels, o, right, 300)
	s := newSVG(float64(o.Width), math.Max(l.g.top+l.g.height()+4, l.g.top+200))
	s.title(o.titleOr(title))
	L := 0
	for k, p := range panels {
		order := make([]int, len(p.Instance.W))
		for i := range order {
			order[i] = i
		}
		l.panel(s, panels, k, order, func(int) string { return featureColour })
		cx, cy, px := l.centre(k)
		dec := latents(k)
		L = len(dec)
		if trail != nil {
			steps := trail(k)
			for j := range dec {
				xs, ys := make([]float64, len(steps)), make([]float64, len(steps))
				for t, d := range steps {
					xs[t], ys[t] = cx+d[j][0]*px, cy-d[j][1]*px
				}
				s.polyline(xs, ys, seriesColour(j, L), 1, ` opacity="0.35" class="ts-trail"`)
			}
		}
		for j, d := range dec {
			s.arrow(cx, cy, cx+d[0]*px, cy-d[1]*px, seriesColour(j, L), math.Max(1, l.side/220))
		}
	}
	entries := []legendEntry{{label: "feature W_i", colour: featureColour}}
	for j := range min(L, 10) {
		entries = append(entries, legendEntry{label: fmt.Sprintf("latent %d", j), colour: seriesColour(j, L)})
	}
	s.legend(s.w-right+8, l.g.top+l.headH+10, right-12, entries)
	return s.String()
}

// checkSAE checks that res's SAEs read base (shapes and instances), and that the base is planar when planar.
func checkSAE(base *toysup.Result, res *sae.Result, planar bool) error {
	if base == nil || res == nil || len(res.SAEs) == 0 {
		return errors.New("figures: base or SAE result is nil or empty")
	}
	if base.Config.Features != res.Base.Features || base.Config.Hidden != res.Base.Hidden {
		return fmt.Errorf("figures: the SAEs read a base with n = %d, m = %d; this base has n = %d, m = %d",
			res.Base.Features, res.Base.Hidden, base.Config.Features, base.Config.Hidden)
	}
	if planar && base.Config.Hidden != 2 {
		return fmt.Errorf("figures: the latent pictures need hidden = 2, the base has hidden = %d", base.Config.Hidden)
	}
	for q, s := range res.SAEs {
		if s.BaseInstance < 0 || s.BaseInstance >= len(base.Instances) {
			return fmt.Errorf("figures: saes[%d] reads base instance %d, the base has %d", q, s.BaseInstance, len(base.Instances))
		}
		if err := checkMatrix(fmt.Sprintf("saes[%d].W_dec", q), s.WDec, res.Config.Latents, base.Config.Hidden); err != nil {
			return err
		}
	}
	return nil
}
