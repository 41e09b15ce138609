package figures

import "testing"

// luminance is the relative luminance of c in 0…1 (sRGB weights, without gamma: enough to order colours).
func luminance(c RGB) float64 {
	return (0.2126*float64(c.R) + 0.7152*float64(c.G) + 0.0722*float64(c.B)) / 255
}

func TestDivergingEndpoints(t *testing.T) {
	blue, white, red := Diverging(-1), Diverging(0), Diverging(1)
	if !(int(blue.B) > int(blue.R)+60 && int(blue.B) > int(blue.G)+30) {
		t.Errorf("Diverging(-1) = %s, want blue", blue.Hex())
	}
	if white != (RGB{255, 255, 255}) {
		t.Errorf("Diverging(0) = %s, want #ffffff", white.Hex())
	}
	if !(int(red.R) > int(red.B)+60 && int(red.R) > int(red.G)+60) {
		t.Errorf("Diverging(1) = %s, want red", red.Hex())
	}
	if Diverging(-7) != blue || Diverging(3) != red {
		t.Error("values beyond ±1 are not clamped to the endpoints")
	}
	// Lightness falls monotonically away from 0 on both sides.
	for _, sign := range []float64{-1, 1} {
		prev := luminance(white)
		for i := 1; i <= 50; i++ {
			l := luminance(Diverging(sign * float64(i) / 50))
			if l > prev+1e-9 {
				t.Errorf("lightness rises at %v: %v after %v", sign*float64(i)/50, l, prev)
			}
			prev = l
		}
	}
}

func TestSequentialMaps(t *testing.T) {
	if l := luminance(Viridis(0)); l > 0.25 {
		t.Errorf("Viridis(0) = %s is not dark (luminance %v)", Viridis(0).Hex(), l)
	}
	if l := luminance(Viridis(1)); l < 0.75 {
		t.Errorf("Viridis(1) = %s is not bright (luminance %v)", Viridis(1).Hex(), l)
	}
	prev := -1.0
	for i := 0; i <= 100; i++ {
		l := luminance(Viridis(float64(i) / 100))
		if l < prev-1e-9 {
			t.Errorf("viridis lightness falls at %v", float64(i)/100)
		}
		prev = l
	}
	if !(luminance(ImportanceColour(1)) < luminance(ImportanceColour(0))-0.3) {
		t.Errorf("most important (%s) should be much darker than least important (%s)",
			ImportanceColour(1).Hex(), ImportanceColour(0).Hex())
	}
	if got := seriesColour(2, 5); got != tab10[2] {
		t.Errorf("seriesColour(2, 5) = %s, want tab10's %s", got, tab10[2])
	}
	if seriesColour(0, 20) == seriesColour(19, 20) {
		t.Error("20 series: first and last share a colour")
	}
}

func TestRampInterpolation(t *testing.T) {
	r := newRamp("#000000", "#ff8000")
	if got := r.at(0.5); got != (RGB{128, 64, 0}) {
		t.Errorf("midpoint = %s, want #804000", got.Hex())
	}
	if r.at(-1) != r[0] || r.at(2) != r[1] {
		t.Error("not clamped")
	}
}
