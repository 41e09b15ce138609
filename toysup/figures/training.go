package figures

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup"
)

// TrainingFrameFigure draws one frame of a model being trained, as one SVG: a header with the step (of
// res.Config.Steps) and the latest logged loss, then the figures of the other entry points side by side — the
// feature arrows ([Geometry2DFigure], when m = 2), WᵀW and the bias ([WtWFigure]), the feature dimensionalities
// D_i ([FeatureDimensionalityFigure]) and the loss so far ([LossCurvesFigure]; a placeholder before the first
// logged step). res holds the parameters after step steps (a train.Frame's Result) and analyses their
// [toysup.AnalyzeWeights] `[instances]`. Live displays redraw it in place while a model trains; the final frame
// is the trained model's. Options: Title (of the header), Width (1000; each figure gets half).
func TrainingFrameFigure(res *toysup.Result, analyses []toysup.Analysis, step int, opts Options) (string, error) {
	o, err := opts.resolve(spec{name: "TrainingFrameFigure", width: 1000})
	if err != nil {
		return "", err
	}
	if res == nil || len(res.Instances) == 0 {
		return "", errors.New("figures: TrainingFrameFigure: result is nil or has no instances")
	}
	if step < 0 || step > res.Config.Steps {
		return "", fmt.Errorf("figures: TrainingFrameFigure: step = %d, allowed 0…%d", step, res.Config.Steps)
	}
	panels, err := PanelsOf(res, analyses)
	if err != nil {
		return "", err
	}
	half := Options{Width: max(minSize, o.Width/2-10)}
	var parts []string
	add := func(svg string, err error) {
		if err == nil {
			parts = append(parts, svg)
		}
	}
	if res.Config.Hidden == 2 {
		add(Geometry2DFigure(panels, half))
	}
	add(WtWFigure(panels, half))
	add(FeatureDimensionalityFigure(res, analyses, Options{Width: half.Width, Height: 320}))
	if len(res.LossHistory.Step) > 0 {
		add(LossCurvesFigure(res, Options{Width: half.Width, Height: 320}))
	} else {
		parts = append(parts, placeholder(half.Width, 320, "training loss: no step logged yet"))
	}
	if len(parts) < 3 {
		return "", fmt.Errorf("figures: TrainingFrameFigure: the step %d figures failed to draw", step)
	}
	header := fmt.Sprintf("%s, n = %d, m = %d — step %d of %d, loss %s", ModelName(res.Config.Model),
		res.Config.Features, res.Config.Hidden, step, res.Config.Steps, lossText(res))
	return tile(o.titleOr(header), parts, 2, o.Width), nil
}

// MustTrainingFrameFigure is [TrainingFrameFigure] for notebooks: it panics on error.
func MustTrainingFrameFigure(res *toysup.Result, analyses []toysup.Analysis, step int, opts Options) string {
	return must.M1(TrainingFrameFigure(res, analyses, step, opts))
}

// lossText is the mean of the latest logged losses, or "—" before the first.
func lossText(res *toysup.Result) string {
	h := res.LossHistory.Loss
	if len(h) == 0 {
		return "—"
	}
	s := 0.0
	for _, l := range h[len(h)-1] {
		s += l
	}
	return strconv.FormatFloat(s/float64(len(h[len(h)-1])), 'g', 4, 64)
}

func placeholder(w, h int, text string) string {
	s := newSVG(float64(w), float64(h))
	s.rect(8, 30, float64(w)-16, float64(h)-40, "#fafafa", ` stroke="#ddd"`)
	s.text(float64(w)/2, float64(h)/2, labelSize, "middle", text, ` fill="#888"`)
	return s.String()
}

var rootSize = regexp.MustCompile(`^<svg [^>]*?width="([0-9.]+)" height="([0-9.]+)"`)

// svgSize reads the width and height of a figure's root element.
func svgSize(svg string) (float64, float64) {
	m := rootSize.FindStringSubmatch(svg)
	if m == nil {
		return 0, 0
	}
	w, _ := strconv.ParseFloat(m[1], 64)
	h, _ := strconv.ParseFloat(m[2], 64)
	return w, h
}

// nested turns a figure into an <svg> element placed at (x, y) inside another.
func nested(svg string, x, y float64) string {
	svg = strings.Replace(svg, `<svg xmlns="http://www.w3.org/2000/svg" `, fmt.Sprintf(`<svg x="%s" y="%s" `, num(x), num(y)), 1)
	return strings.Replace(svg, ` style="max-width:100%;height:auto"`, "", 1)
}

// tile places figures in rows of cols under a bold title, in one SVG of the given width.
func tile(title string, parts []string, cols, width int) string {
	const top = 36.0
	var body strings.Builder
	y, rowH, x := top, 0.0, 0.0
	for i, p := range parts {
		if i > 0 && i%cols == 0 {
			y, x, rowH = y+rowH, 0, 0
		}
		w, h := svgSize(p)
		body.WriteString(nested(p, x, y))
		x += w + 10
		rowH = math.Max(rowH, h)
	}
	s := newSVG(float64(width), y+rowH+4)
	s.title(title)
	s.raw("%s", body.String())
	return s.String()
}

// AnimatedFigure plays figures (SVG documents, e.g. [TrainingFrameFigure]s) as one animated SVG: each shown for
// frameSeconds in turn, looping, by SMIL <animate> (which browsers play inside <img>, so on GitHub too). Without
// SMIL the last frame shows. Options: Width (0: the widest frame's).
func AnimatedFigure(frames []string, frameSeconds float64, opts Options) (string, error) {
	o, err := opts.resolve(spec{name: "AnimatedFigure"})
	if err != nil {
		return "", err
	}
	if len(frames) == 0 || !(frameSeconds > 0) || math.IsInf(frameSeconds, 0) {
		return "", fmt.Errorf("figures: AnimatedFigure: %d frames at %v s each, need ≥ 1 frame and a positive duration", len(frames), frameSeconds)
	}
	W, H := 0.0, 0.0
	for i, f := range frames {
		w, h := svgSize(f)
		if w == 0 {
			return "", fmt.Errorf("figures: AnimatedFigure: frames[%d] is not an SVG document with a width and height", i)
		}
		W, H = math.Max(W, w), math.Max(H, h)
	}
	if o.Width > 0 {
		W = float64(o.Width)
	}
	n := float64(len(frames))
	s := newSVG(W, H)
	for i, f := range frames {
		vis := "hidden"
		if i == len(frames)-1 {
			vis = "visible"
		}
		values, times := "hidden;visible;hidden", fmt.Sprintf("0;%s;%s", ratio(float64(i)/n), ratio(float64(i+1)/n))
		switch {
		case len(frames) == 1:
			values, times = "visible", "0"
		case i == 0:
			values, times = "visible;hidden", "0;"+ratio(1/n)
		case i == len(frames)-1:
			values, times = "hidden;visible", "0;"+ratio(float64(i)/n)
		}
		s.raw(`<g visibility="%s"><animate attributeName="visibility" values="%s" keyTimes="%s" dur="%ss" calcMode="discrete" repeatCount="indefinite"/>`+"\n",
			vis, values, times, strconv.FormatFloat(n*frameSeconds, 'g', 6, 64))
		s.raw("%s</g>\n", nested(f, 0, 0))
	}
	return s.String(), nil
}

func ratio(v float64) string { return strconv.FormatFloat(v, 'f', 4, 64) }
