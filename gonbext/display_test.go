package gonbext

import (
	"encoding/xml"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/janpfeifer/gonb/gonbui/protocol"
	"github.com/toymodels/superposition/toysup/figures"
)

func TestDisplayOutsideNotebook(t *testing.T) {
	outsideNotebook(t)
	out := captureText(t)
	res := handResult()
	if err := DisplayWtW(res, nil, figures.Options{}); err != nil {
		t.Fatal(err)
	}
	line := out.String()
	if !strings.HasPrefix(line, `[figure "WᵀW (left) and bias b (right) — ReLU output, n = 20, m = 5"`) || strings.Count(line, "\n") != 1 {
		t.Errorf("outside a notebook: printed %q, want one line naming the figure", line)
	}
	out.Reset()
	DisplayHTML("<b>x</b>")
	if out.Len() != 0 {
		t.Errorf("DisplayHTML printed %q outside a notebook", out.String())
	}
	res.Instances[1].B[3] = math.NaN()
	err := DisplayWtW(res, nil, figures.Options{})
	if err == nil || !strings.HasPrefix(err.Error(), "gonbext: figures: ") || !strings.Contains(err.Error(), "B[3]") {
		t.Errorf("NaN bias: error %v, want a wrapped figures error naming B[3]", err)
	}
	if out.Len() != 0 {
		t.Errorf("a failed figure printed %q", out.String())
	}
}

func TestDisplayInNotebookSendsHTMLThenSyncs(t *testing.T) {
	k := startFakeKernel(t)
	res := handResult()
	cases := []struct {
		name, title string
		show        func() error
	}{
		{"loss", "Training loss", func() error { return DisplayLossCurves(res, figures.Options{SigmaSteps: 50}) }},
		{"wtw", "WᵀW (left)", func() error { return DisplayWtW(res, nil, figures.Options{}) }},
		{"bars", "superposition", func() error { return DisplayNormBars(res, nil, figures.Options{}) }},
		{"summary", "represented", func() error { return DisplaySummary(res, nil) }},
	}
	for _, c := range cases {
		n, syncs := len(k.html()), k.syncCount()
		if err := c.show(); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		// Display returns after gonbui.Sync, i.e. after the kernel acknowledged everything sent before it.
		msgs := k.html()
		if len(msgs) != n+1 || k.syncCount() != syncs+1 {
			t.Fatalf("%s: %d new HTML messages and %d syncs, want 1 and 1", c.name, len(msgs)-n, k.syncCount()-syncs)
		}
		html := msgs[n].Data[protocol.MIMETextHTML].(string)
		if !strings.Contains(html, c.title) || msgs[n].DisplayID != "" {
			t.Errorf("%s: message %.80q… lacks %q or is transient", c.name, html, c.title)
		}
		if c.name != "summary" {
			var v any
			if err := xml.Unmarshal([]byte(html), &v); err != nil && err != io.EOF {
				t.Errorf("%s: sent HTML is not well-formed: %v", c.name, err)
			}
		}
	}
	// Geometry needs m = 2.
	if err := DisplayGeometry(res, figures.Options{}); err == nil || !strings.Contains(err.Error(), "hidden = 2") {
		t.Errorf("geometry of an m = 5 result: error %v", err)
	}
}

func TestSVGTitle(t *testing.T) {
	svg := figures.MustLossCurvesFigure(handResult(), figures.Options{Title: `a & "b" <c>`})
	if got := svgTitle(svg); got != `a & "b" <c>` {
		t.Errorf("svgTitle = %q", got)
	}
	if got := svgTitle("<svg></svg>"); got != "" {
		t.Errorf("untitled: %q", got)
	}
}

// Outside a notebook DisplaySummary prints the summary table's Markdown.
func TestDisplaySummaryOutsideNotebook(t *testing.T) {
	outsideNotebook(t)
	out := captureText(t)
	res := handResult()
	if err := DisplaySummary(res, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "### ReLU output, n = 20, m = 5, 1000 steps") || !strings.Contains(out.String(), "| 1 | 0.1 | 0.1 | – | 5/20 | 1.000 |") {
		t.Errorf("printed %q", out.String())
	}
}
