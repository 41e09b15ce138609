package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// synth builds an executed notebook from cells given as (source, tags, outputs) with outputs in nbformat JSON.
type synthCell struct {
	kind    string // "code" (default) or "markdown"
	source  string
	tags    []string
	outputs string // JSON list
}

func synth(t *testing.T, cells ...synthCell) *Notebook {
	t.Helper()
	var parts []string
	for i, c := range cells {
		kind := c.kind
		if kind == "" {
			kind = "code"
		}
		src, _ := json.Marshal(c.source)
		tags, _ := json.Marshal(c.tags)
		if c.tags == nil {
			tags = []byte("[]")
		}
		outs := c.outputs
		if outs == "" {
			outs = "[]"
		}
		if kind == "code" {
			parts = append(parts, `{"cell_type":"code","execution_count":`+itoa(i+1)+`,"id":"c`+itoa(i)+`","metadata":{"tags":`+string(tags)+`},"outputs":`+outs+`,"source":`+string(src)+`}`)
		} else {
			parts = append(parts, `{"cell_type":"`+kind+`","id":"c`+itoa(i)+`","metadata":{},"source":`+string(src)+`}`)
		}
	}
	doc := `{"cells":[` + strings.Join(parts, ",") + `],"metadata":{},"nbformat":4,"nbformat_minor":5}`
	nb, err := ParseNotebook([]byte(doc))
	if err != nil {
		t.Fatalf("synthetic notebook does not parse: %v\n%s", err, doc)
	}
	return nb
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

func stream(name, text string) string {
	b, _ := json.Marshal(map[string]any{"output_type": "stream", "name": name, "text": text})
	return string(b)
}

func kinds(probs []Problem) []string {
	var ks []string
	for _, p := range probs {
		ks = append(ks, itoa(p.Cell)+":"+p.Kind)
	}
	return ks
}

func TestCheckDetectsFailures(t *testing.T) {
	errOut := `{"output_type":"error","ename":"ERROR","evalue":"./main.go:10:1: declared and not used: x","traceback":["\u001b[31mCell[2]: Line 2\u001b[0m","declared and not used: x"]}`
	tests := []struct {
		name string
		cell synthCell
		want []string // "cell:kind"; the synthetic notebook has a clean markdown cell 0 before it
	}{
		{"clean", synthCell{source: "%%\nfmt.Println(1)", outputs: "[" + stream("stdout", "1\n") + "]"}, nil},
		{"error output", synthCell{source: "%%\nx := 1", outputs: "[" + errOut + "]"}, []string{"1:error output"}},
		{"exit status", synthCell{source: "%%\nos.Exit(3)", outputs: "[" + stream("stdout", "bye\n") + "," + stream("stderr", "exit status 3\n") + "]"}, []string{"1:exit status 3"}},
		{"exit status 0 is fine", synthCell{outputs: "[" + stream("stderr", "exit status 0\n") + "]"}, nil},
		{"panic split over two stream outputs", synthCell{outputs: "[" + stream("stderr", "warming up\npan") + "," + stream("stderr", "ic: boom\n\ngoroutine 1 [running]:\nexit status 2\n") + "]"},
			[]string{"1:panic", "1:exit status 2"}},
		{"panic on stdout is not a failure", synthCell{outputs: "[" + stream("stdout", "panic: printed on purpose\n") + "]"}, nil},
		{"panic mid-line is not a failure", synthCell{outputs: "[" + stream("stderr", "note: don't panic: all fine\n") + "]"}, nil},
		{"signal", synthCell{outputs: "[" + stream("stderr", "signal: killed\n") + "]"}, []string{"1:signal"}},
		{"fatal error", synthCell{outputs: "[" + stream("stderr", "fatal error: concurrent map writes\n") + "]"}, []string{"1:fatal error"}},
		{"coloured exit status", synthCell{outputs: "[" + stream("stderr", "\x1b[31mexit status 1\x1b[0m\n") + "]"}, []string{"1:exit status 1"}},
		{"raises-exception tag allows errors", synthCell{tags: []string{"raises-exception"}, outputs: "[" + errOut + "," + stream("stderr", "panic: x\nexit status 2\n") + "]"}, nil},
		{"figure cell without figure", synthCell{tags: []string{"figure"}, outputs: "[" + stream("stdout", "plotted?\n") + "]"}, []string{"1:no figure"}},
		{"figure cell with DisplaySvg", synthCell{tags: []string{"figure"}, outputs: `[{"output_type":"display_data","metadata":{},"data":{"text/html":["<div><svg xmlns=\"http://www.w3.org/2000/svg\">","</svg></div>"]}}]`}, nil},
		{"figure cell with PNG", synthCell{tags: []string{"figure"}, outputs: `[{"output_type":"display_data","metadata":{},"data":{"image/png":"iVBORw0KGgo="}}]`}, nil},
		{"figure cell with HTML but no SVG", synthCell{tags: []string{"figure"}, outputs: `[{"output_type":"display_data","metadata":{},"data":{"text/html":"<table></table>"}}]`}, []string{"1:no figure"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			nb := synth(t, synthCell{kind: "markdown", source: "# title"}, tc.cell)
			got := kinds(Check(nb, CheckOptions{FigureTag: "figure", AllowErrorsTag: "raises-exception"}))
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("problems = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestCheckErrorDetailIsClean(t *testing.T) {
	nb := synth(t, synthCell{outputs: `[{"output_type":"error","ename":"ERROR","evalue":"boom","traceback":["\u001b[31mCell[1]: Line 2\u001b[0m"]}]`})
	probs := Check(nb, CheckOptions{})
	if len(probs) != 1 {
		t.Fatalf("problems = %v, want one error output", probs)
	}
	if strings.Contains(probs[0].Detail, "\x1b") || !strings.Contains(probs[0].Detail, "ERROR: boom") || !strings.Contains(probs[0].Detail, "Cell[1]: Line 2") {
		t.Errorf("detail = %q: want the error and traceback without colour codes", probs[0].Detail)
	}
}

func TestCheckPaths(t *testing.T) {
	root := "/home/someone/src/superposition"
	opts := CheckOptions{ForbiddenPaths: []string{"/tmp/gonb_", root}}
	nb := synth(t,
		synthCell{kind: "markdown", source: "See " + root + "/README.md"},
		synthCell{source: "!*go mod edit -replace=m=${GONB_DIR}/..", outputs: "[" + stream("stdout", "wrote "+root+"/out/r.json\n") + "]"},
		synthCell{source: "%%\nfmt.Println(1)", outputs: "[" + stream("stderr", "\tmain.go:12 /tmp/gonb_1234abcd/main.go\n") + "]"},
		synthCell{source: "%%\nplot()", outputs: `[{"output_type":"display_data","metadata":{},"data":{"image/png":"` + root + `","text/plain":"<Figure>"}}]`},
		synthCell{source: "!*go mod edit -replace=m=" + root},
	)
	got := kinds(Check(nb, opts))
	want := []string{"0:absolute path in source", "1:absolute path in output", "2:absolute path in output", "4:absolute path in source"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("problems = %v, want %v (PNG data is not text and must be ignored)", got, want)
	}
	if got := Check(nb, CheckOptions{}); len(got) != 0 {
		t.Errorf("with no forbidden paths: problems = %v, want none", kinds(got))
	}
}

func TestFigures(t *testing.T) {
	nb := synth(t,
		synthCell{outputs: `[{"output_type":"display_data","metadata":{},"data":{"text/html":"<svg></svg><p>and</p><svg></svg>"}}]`},
		synthCell{outputs: `[{"output_type":"execute_result","execution_count":2,"metadata":{},"data":{"image/svg+xml":"<svg/>","text/html":"<svg/>"}}]`},
		synthCell{outputs: `[{"output_type":"display_data","metadata":{},"data":{"image/png":"AAAA"}},{"output_type":"display_data","metadata":{},"data":{"image/jpeg":"AAAA"}}]`},
		synthCell{outputs: "[" + stream("stdout", "<svg> in a stream is not a figure\n") + "]"},
	)
	svg, raster := Figures(nb)
	if svg != 3 || raster != 2 {
		t.Errorf("Figures = %d SVG, %d raster; want 3, 2", svg, raster)
	}
}

func TestTailAndExcerpt(t *testing.T) {
	s := "a\nb\nc\nd\ne\n"
	if got := tail(s, 2); got != "... (3 lines before)\nd\ne" {
		t.Errorf("tail = %q", got)
	}
	if got := excerpt(s, strings.Index(s, "e")); got != "b\nc\nd\ne" {
		t.Errorf("excerpt = %q, want three lines of context before e", got)
	}
	if got := excerpt(s, 0); got != "a\nb\nc\nd\ne" {
		t.Errorf("excerpt from 0 = %q", got)
	}
}
