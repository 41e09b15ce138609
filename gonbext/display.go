package gonbext

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/figures"
)

// textOut, when set (tests), receives the notes written outside a notebook instead of os.Stdout.
var textOut io.Writer

// out is where outside-notebook notes go: os.Stdout (looked up at each call, so redirections apply).
func out() io.Writer {
	if textOut != nil {
		return textOut
	}
	return os.Stdout
}

// Display shows an SVG figure (or any HTML fragment) as the cell's output and flushes it with gonbui.Sync.
// Outside a notebook it prints one line naming the figure instead.
func Display(svg string) {
	if !isNotebook() {
		fmt.Fprintf(out(), "[figure %q, %d bytes of SVG: shown in GoNB notebooks only]\n", svgTitle(svg), len(svg))
		return
	}
	gonbui.DisplayHTML("<div>" + svg + "</div>")
	gonbui.Sync()
}

// DisplayHTML shows an HTML fragment in the cell and flushes; outside a notebook it prints nothing.
func DisplayHTML(html string) {
	if !isNotebook() {
		return
	}
	gonbui.DisplayHTML(html)
	gonbui.Sync()
}

// DisplayMarkdown shows Markdown in the cell and flushes; outside a notebook it prints the Markdown as text.
func DisplayMarkdown(md string) {
	if !isNotebook() {
		fmt.Fprintln(out(), md)
		return
	}
	gonbui.DisplayMarkdown(md)
	gonbui.Sync()
}

// svgTitle returns the figure's title: the text of its first bold <text>, or "" if none.
func svgTitle(svg string) string {
	i := strings.Index(svg, `font-weight="bold">`)
	if i < 0 {
		return ""
	}
	rest := svg[i+len(`font-weight="bold">`):]
	if j := strings.Index(rest, "</text>"); j >= 0 {
		return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`).Replace(rest[:j])
	}
	return ""
}

func display(svg string, err error) error {
	if err != nil {
		return fmt.Errorf("gonbext: %w", err)
	}
	Display(svg)
	return nil
}

// DisplayLossCurves shows [figures.LossCurvesFigure] of res in the cell.
func DisplayLossCurves(res *toysup.Result, opts figures.Options) error {
	return display(figures.LossCurvesFigure(res, opts))
}

// DisplayWtW shows [figures.WtWFigure] (WᵀW and the bias per instance) of res in the cell; analyses may be nil
// (then analysed from the weights, without evaluation losses).
func DisplayWtW(res *toysup.Result, analyses []toysup.Analysis, opts figures.Options) error {
	return display(drawPanels(res, analyses, opts, figures.WtWFigure))
}

// DisplayNormBars shows [figures.NormBarsFigure] (‖W_i‖ coloured by superposition) of res in the cell; analyses
// may be nil (then analysed from the weights).
func DisplayNormBars(res *toysup.Result, analyses []toysup.Analysis, opts figures.Options) error {
	return display(drawPanels(res, analyses, opts, figures.NormBarsFigure))
}

// DisplayGeometry shows [figures.Geometry2DFigure] (the arrows W_i of an m = 2 result) in the cell.
func DisplayGeometry(res *toysup.Result, opts figures.Options) error {
	return display(drawPanels(res, nil, opts, figures.Geometry2DFigure))
}

// drawPanels draws a panel figure of res; nil analyses are computed from the weights ([toysup.AnalyzeWeights]).
func drawPanels(res *toysup.Result, analyses []toysup.Analysis, opts figures.Options,
	draw func([]figures.Panel, figures.Options) (string, error)) (string, error) {
	if analyses == nil && res != nil {
		analyses = make([]toysup.Analysis, len(res.Instances))
		for k, in := range res.Instances {
			analyses[k] = toysup.AnalyzeWeights(in.W)
		}
	}
	panels, err := figures.PanelsOf(res, analyses)
	if err != nil {
		return "", err
	}
	return draw(panels, opts)
}

// MustDisplayLossCurves is [DisplayLossCurves] for notebooks: it panics on error.
func MustDisplayLossCurves(res *toysup.Result, opts figures.Options) {
	must0(DisplayLossCurves(res, opts))
}

// MustDisplayWtW is [DisplayWtW] for notebooks: it panics on error.
func MustDisplayWtW(res *toysup.Result, analyses []toysup.Analysis, opts figures.Options) {
	must0(DisplayWtW(res, analyses, opts))
}

// MustDisplayNormBars is [DisplayNormBars] for notebooks: it panics on error.
func MustDisplayNormBars(res *toysup.Result, analyses []toysup.Analysis, opts figures.Options) {
	must0(DisplayNormBars(res, analyses, opts))
}

// MustDisplayGeometry is [DisplayGeometry] for notebooks: it panics on error.
func MustDisplayGeometry(res *toysup.Result, opts figures.Options) {
	must0(DisplayGeometry(res, opts))
}

func must0(err error) {
	if err != nil {
		panic(err)
	}
}

// notebookOff makes gonbext behave as outside a notebook although gonbui.IsNotebook is set (tests only:
// gonbui.IsNotebook itself must not change while gonbui's goroutines run).
var notebookOff atomic.Bool

// isNotebook reports whether the program runs in a GoNB cell.
func isNotebook() bool { return gonbui.IsNotebook && !notebookOff.Load() }
