package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func fixtures(t *testing.T) []string {
	t.Helper()
	paths, err := filepath.Glob("testdata/*.ipynb")
	if err != nil || len(paths) < 6 {
		t.Fatalf("fixtures: %v, %v", paths, err)
	}
	return paths
}

// The fixtures were written by nbformat: parsing and re-encoding one must give the same bytes, so -inplace
// changes only outputs.
func TestEncodeMatchesNbformat(t *testing.T) {
	for _, p := range fixtures(t) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		nb, err := ParseNotebook(data)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		out, err := encodeNotebook(nb.raw)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out, data) {
			t.Errorf("%s: re-encoded notebook differs from nbformat's bytes", p)
		}
	}
	// HTML characters and non-ASCII text must not be escaped (nbformat writes them as is).
	nb := synth(t, synthCell{source: "a < b && c > d // λ ≈ 0.7"})
	out, _ := encodeNotebook(nb.raw)
	if !strings.Contains(string(out), `"a < b && c > d // λ ≈ 0.7"`) {
		t.Errorf("escaped output: %s", out)
	}
}

func TestParseNotebook(t *testing.T) {
	nb, err := ReadNotebook("testdata/panic.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	if len(nb.Cells) != 4 {
		t.Fatalf("cells = %d, want 4", len(nb.Cells))
	}
	c := nb.Cells[2]
	if c.Index != 2 || c.Type != "code" || c.Source != "%%\nfmt.Println(\"before\")\npanic(\"boom\")" {
		t.Errorf("cell 2 = %+v", c)
	}
	if !nb.Cells[1].HasTag("interactive") || nb.Cells[2].HasTag("interactive") {
		t.Errorf("tags: cell 1 %v, cell 2 %v", nb.Cells[1].Tags, nb.Cells[2].Tags)
	}
	bad := map[string]string{
		"not JSON":        `{"cells": [`,
		"nbformat 3":      `{"nbformat": 3, "worksheets": []}`,
		"no cells":        `{"nbformat": 4, "metadata": {}}`,
		"cell not object": `{"nbformat": 4, "cells": [1]}`,
		"no cell_type":    `{"nbformat": 4, "cells": [{"source": "x"}]}`,
		"bad output":      `{"nbformat": 4, "cells": [{"cell_type": "code", "source": "", "outputs": ["x"]}]}`,
	}
	for name, doc := range bad {
		if _, err := ParseNotebook([]byte(doc)); err == nil {
			t.Errorf("%s: parsed without error", name)
		}
	}
}

func TestRunCopyAndMerge(t *testing.T) {
	orig := synth(t,
		synthCell{kind: "markdown", source: "# t"},
		synthCell{source: "%%\nfmt.Println(1)", outputs: "[" + stream("stdout", "stale\n") + "]"},
		synthCell{source: "%%\nwidget()", tags: []string{"interactive"}, outputs: "[" + stream("stdout", "widget output kept\n") + "]"},
		synthCell{source: "%%\nfmt.Println(3)"},
	)
	data, index, err := orig.RunCopy([]string{"interactive", "slow"})
	if err != nil {
		t.Fatal(err)
	}
	if len(index) != 3 || index[0] != 0 || index[1] != 1 || index[2] != 3 {
		t.Fatalf("index = %v, want [0 1 3]", index)
	}
	run, err := ParseNotebook(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range run.Cells {
		if c.HasTag("interactive") {
			t.Errorf("run copy kept interactive cell %q", c.Source)
		}
		if len(c.Outputs) != 0 || (c.Type == "code" && c.raw["execution_count"] != nil) {
			t.Errorf("run copy cell %q kept outputs %v / execution count %v", c.Source, c.Outputs, c.raw["execution_count"])
		}
	}

	// Simulate the execution: new outputs in the run copy's code cells.
	executed := synth(t,
		synthCell{kind: "markdown", source: "# t"},
		synthCell{source: "%%\nfmt.Println(1)", outputs: "[" + stream("stdout", "1\n") + "]"},
		synthCell{source: "%%\nfmt.Println(3)", outputs: "[" + stream("stdout", "3\n") + "]"},
	)
	merged, err := orig.MergeOutputs(executed, index)
	if err != nil {
		t.Fatal(err)
	}
	m, err := ParseNotebook(merged)
	if err != nil {
		t.Fatal(err)
	}
	outText := func(c Cell) string {
		var s string
		for _, o := range c.Outputs {
			s += o.Text
		}
		return s
	}
	if len(m.Cells) != 4 || outText(m.Cells[1]) != "1\n" || outText(m.Cells[2]) != "widget output kept\n" || outText(m.Cells[3]) != "3\n" {
		t.Errorf("merged outputs: %q %q %q", outText(m.Cells[1]), outText(m.Cells[2]), outText(m.Cells[3]))
	}
	// The original is unchanged by the merge.
	if outText(orig.Cells[1]) != "stale\n" {
		t.Errorf("MergeOutputs modified the original notebook")
	}
	// A mismatching executed notebook is refused.
	other := synth(t, synthCell{kind: "markdown", source: "# t"}, synthCell{source: "changed"}, synthCell{source: "%%\nfmt.Println(3)"})
	if _, err := orig.MergeOutputs(other, index); err == nil {
		t.Errorf("merge of a different notebook succeeded")
	}
	if _, err := orig.MergeOutputs(executed, index[:2]); err == nil {
		t.Errorf("merge with a short index succeeded")
	}
}

func TestWriteFileAtomic(t *testing.T) {
	p := filepath.Join(t.TempDir(), "n.ipynb")
	if err := os.WriteFile(p, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := writeFileAtomic(p, []byte("new")); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(p)
	st, _ := os.Stat(p)
	if string(got) != "new" || st.Mode().Perm() != 0o600 {
		t.Errorf("content %q mode %v, want new and the old mode 0600", got, st.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Dir(p))
	if len(entries) != 1 {
		t.Errorf("temp files left: %v", entries)
	}
	if err := writeFileAtomic(filepath.Join(p, "sub", "x"), []byte("x")); err == nil {
		t.Errorf("write under a file succeeded")
	}
}

func TestParseFlags(t *testing.T) {
	var errs bytes.Buffer
	o, paths, err := parseFlags([]string{"-quick", "-timeout", "5m", "-skip-tags", "interactive, slow", "a.ipynb", "b.ipynb"}, &errs)
	if err != nil {
		t.Fatal(err)
	}
	if !o.quick || o.timeout != 5*time.Minute || len(paths) != 2 || !o.checkPaths {
		t.Errorf("options %+v paths %v", o, paths)
	}
	if got := splitList(o.skipTags); len(got) != 2 || got[1] != "slow" {
		t.Errorf("skip tags %v", got)
	}
	for _, bad := range [][]string{
		{},
		{"-timeout", "0s", "a.ipynb"},
		{"-cell-timeout", "-1s", "a.ipynb"},
		{"-min-figures", "-1", "a.ipynb"},
		{"notes.txt"},
		{"-nosuchflag", "a.ipynb"},
	} {
		if _, _, err := parseFlags(bad, &errs); err == nil {
			t.Errorf("parseFlags(%q) accepted", bad)
		}
	}
	if rc := run([]string{"-timeout", "0s", "a.ipynb"}, &errs, &errs); rc != 2 {
		t.Errorf("bad usage: exit %d, want 2", rc)
	}
}

func TestForbiddenPaths(t *testing.T) {
	abs, err := filepath.Abs("testdata/pass.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Dir(filepath.Dir(filepath.Dir(filepath.Dir(abs)))) // testdata → nbrun → notebooks → root
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("expected the checkout root at %s: %v", root, err)
	}
	got := forbiddenPaths(abs)
	if got[0] != "/tmp/gonb_" || !slices.Contains(got, root) {
		t.Errorf("forbiddenPaths = %v, want /tmp/gonb_ and %s", got, root)
	}
}
