package figures

import (
	"bytes"
	"encoding/base64"
	"image/png"
	"math"
	"strings"
	"testing"

	"github.com/toymodels/superposition/toysup"
)

func TestWtWFigureCells(t *testing.T) {
	res := section2Result()
	an, err := res.Analyze(2000, 1)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := WtWFigure(MustPanelsOf(res, an), Options{})
	if err != nil {
		t.Fatal(err)
	}
	saveForViewing(t, "wtw.svg", doc)
	root := parseSVG(t, doc)
	heat, bias := root.find("g", "ts-wtw"), root.find("g", "ts-bias")
	if len(heat) != 3 || len(bias) != 3 {
		t.Fatalf("%d heatmaps and %d bias columns, want 3 each", len(heat), len(bias))
	}
	if bars := root.find("g", "ts-colourbar"); len(bars) != 1 {
		t.Errorf("%d colour bars, want 1", len(bars))
	}
	for k := range res.Instances {
		grid := cellGrid(t, heat[k], 20, 20)
		for i := range 20 {
			for j := range 20 {
				want := Diverging(quantize(an[k].WtW[i][j], heatmapLevels)).Hex()
				if grid[i][j] != want {
					t.Fatalf("panel %d cell (%d, %d) = %q, want %s (WᵀW = %v)", k, i, j, grid[i][j], want, an[k].WtW[i][j])
				}
			}
		}
		bgrid := cellGrid(t, bias[k], 20, 1)
		for i := range 20 {
			if want := Diverging(quantize(res.Instances[k].B[i], heatmapLevels)).Hex(); bgrid[i][0] != want {
				t.Errorf("panel %d bias %d = %q, want %s", k, i, bgrid[i][0], want)
			}
		}
	}
	// The dense instance: the 5 kept features are red on the diagonal, the rest white.
	g0 := cellGrid(t, heat[0], 20, 20)
	if g0[2][2] != Diverging(1).Hex() || g0[2][3] != "#ffffff" || g0[10][10] != "#ffffff" {
		t.Errorf("dense panel: diag %s, off-diagonal %s, dropped %s", g0[2][2], g0[2][3], g0[10][10])
	}
	containsAll(t, root.texts(), "1−S = 1", "1−S = 0.1", "1−S = 0.01", "ReLU output, n = 20, m = 5", "WᵀW", "b")
}

func TestWtWLargeIsRaster(t *testing.T) {
	res := randomResult(100, 10, 5) // 50 000 cells: embedded PNGs
	doc, err := WtWFigure(MustPanelsOf(res, weightAnalyses(res)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	root := parseSVG(t, doc)
	imgs := root.find("image", "ts-wtw")
	if len(imgs) != 5 || len(root.find("g", "ts-wtw")) != 0 {
		t.Fatalf("%d heatmap images (and %d vector heatmaps), want 5 images", len(imgs), len(root.find("g", "ts-wtw")))
	}
	if len(doc) > 400_000 {
		t.Errorf("figure is %d bytes, want < 400 kB", len(doc))
	}
	for k, im := range imgs {
		data, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(im.attr["href"], "data:image/png;base64,"))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		b := img.Bounds()
		if b.Dx()%100 != 0 || b.Dy()%100 != 0 {
			t.Fatalf("image %d×%d is not a whole number of pixels per cell", b.Dx(), b.Dy())
		}
		bw, bh := b.Dx()/100, b.Dy()/100
		wtw := toysup.Gram(res.Instances[k].W)
		for i := 0; i < 100; i += 7 {
			for j := 0; j < 100; j += 3 {
				r, g, bl, _ := img.At(j*bw+bw/2, i*bh+bh/2).RGBA()
				want := Diverging(quantize(wtw[i][j], heatmapLevels))
				if got := (RGB{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8)}); got != want {
					t.Fatalf("panel %d pixel of cell (%d, %d) = %s, want %s", k, i, j, got.Hex(), want.Hex())
				}
			}
		}
	}
}

func TestMustPanics(t *testing.T) {
	r := section2Result()
	r.Instances[0].B[0] = math.NaN()
	defer func() {
		if recover() == nil {
			t.Error("MustWtWFigure did not panic on NaN")
		}
	}()
	MustWtWFigure(MustPanelsOf(r, weightAnalyses(r)), Options{})
}
