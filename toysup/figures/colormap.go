package figures

import (
	"fmt"
	"math"
)

// RGB is an 8-bit colour.
type RGB struct{ R, G, B uint8 }

// Hex is the colour as "#rrggbb".
func (c RGB) Hex() string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

func mustHex(s string) RGB {
	var c RGB
	if _, err := fmt.Sscanf(s, "#%02x%02x%02x", &c.R, &c.G, &c.B); err != nil {
		panic(err)
	}
	return c
}

// ramp interpolates linearly between equally spaced anchor colours.
type ramp []RGB

func newRamp(hex ...string) ramp {
	r := make(ramp, len(hex))
	for i, h := range hex {
		r[i] = mustHex(h)
	}
	return r
}

// at returns the colour at t ∈ [0, 1] (clamped; NaN gives the first colour).
func (r ramp) at(t float64) RGB {
	if !(t > 0) {
		return r[0]
	}
	if t >= 1 {
		return r[len(r)-1]
	}
	pos := t * float64(len(r)-1)
	i := int(pos)
	f := pos - float64(i)
	lerp := func(a, b uint8) uint8 { return uint8(math.Round(float64(a) + f*(float64(b)-float64(a)))) }
	a, b := r[i], r[i+1]
	return RGB{lerp(a.R, b.R), lerp(a.G, b.G), lerp(a.B, b.B)}
}

var (
	// ColorBrewer RdBu reversed (blue for negative), with a pure white centre.
	rdbuR = newRamp("#053061", "#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#ffffff",
		"#fddbc7", "#f4a582", "#d6604d", "#b2182b", "#67001f")
	// matplotlib's viridis and plasma, sampled at nine points.
	viridis = newRamp("#440154", "#472c7a", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962", "#addc30", "#fde725")
	plasma  = newRamp("#0d0887", "#4c02a1", "#7e03a8", "#a92395", "#cc4778", "#e56b5d", "#f89441", "#fdc328", "#f0f921")
	// matplotlib's tab10, for up to ten categories.
	tab10 = []string{"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"}
)

// Diverging maps v ∈ [−1, 1] to blue (−1) – white (0) – red (+1) (ColorBrewer's RdBu, reversed); values outside
// are clamped. It colours WᵀW and the bias.
func Diverging(v float64) RGB { return rdbuR.at((v + 1) / 2) }

// Viridis maps t ∈ [0, 1] to matplotlib's viridis: dark purple (0) to yellow (1); clamped. It colours
// superposition (dark = orthogonal, bright = fully interfered).
func Viridis(t float64) RGB { return viridis.at(t) }

// importanceMax is how far along plasma the least important feature goes: plasma's yellow end is unreadable on
// white.
const importanceMax = 0.8

// ImportanceColour maps t ∈ [0, 1] (0 = least, 1 = most important) to plasma from orange (least) to dark blue
// (most); clamped. It colours the feature arrows of [Geometry2D].
func ImportanceColour(t float64) RGB { return plasma.at(importanceMax * (1 - clamp01(t))) }

func clamp01(t float64) float64 { return math.Max(0, math.Min(1, t)) }

// quantize rounds v to a multiple of 1/levels so that heatmaps use few distinct colours.
func quantize(v float64, levels int) float64 { return math.Round(v*float64(levels)) / float64(levels) }

// seriesColour is the colour of curve k of n: tab10 for up to ten, viridis otherwise.
func seriesColour(k, n int) string {
	if n <= len(tab10) {
		return tab10[k]
	}
	return Viridis(0.9 * float64(k) / float64(n-1)).Hex()
}
