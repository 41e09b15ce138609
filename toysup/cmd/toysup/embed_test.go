package main

import (
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/toymodels/superposition/toysup/embed"
)

const (
	embedGPT2 = "../../embed/testdata/gpt2"
	embedText = "../../embed/testdata/words.txt"
)

// runCaptured runs the CLI in-process and returns its exit code, stdout and stderr.
func runCaptured(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	capture := func(f **os.File) (restore func() string) {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		old := *f
		*f = w
		done := make(chan string)
		go func() {
			b, _ := io.ReadAll(r)
			done <- string(b)
		}()
		return func() string {
			*f = old
			w.Close()
			return <-done
		}
	}
	restoreOut := capture(&os.Stdout)
	restoreErr := capture(&os.Stderr)
	code := run(args)
	return code, restoreOut(), restoreErr()
}

// lastNumber parses the number after the last ": " of a line.
func lastNumber(t *testing.T, line string) float64 {
	t.Helper()
	i := strings.LastIndex(line, ": ")
	f, err := strconv.ParseFloat(strings.TrimSpace(line[i+2:]), 64)
	if i < 0 || err != nil {
		t.Fatalf("no number at the end of %q", line)
	}
	return f
}

// TestEmbedCLI checks the printed norms and cosines against the fixture's hand-computed values (see
// toysup/embed/fixture_test.go): ‖(wine − type) − (four − cat)‖ = √5, cos(wine − type, four − cat) = 1/√5,
// ‖cat‖ = 1 and ‖" cat"‖ = √2. Numbers are printed with 8 significant digits.
func TestEmbedCLI(t *testing.T) {
	const tol = 1e-7
	cases := []struct {
		args  []string
		lines []string  // exact text before the number, per line
		want  []float64 // the numbers
	}{
		{[]string{"--source", embedGPT2, "(wine - type) - (four - cat)", "(boy - girl) - (man - woman)"},
			[]string{"(wine - type) - (four - cat)", "(boy - girl) - (man - woman)"}, []float64{math.Sqrt(5), 0}},
		{[]string{"--source", embedText, "--cos", "wine - type", "four - cat"},
			[]string{"'wine - type' vs 'four - cat'"}, []float64{1 / math.Sqrt(5)}},
		{[]string{"--cos", "boy - girl", "man - woman", "--source", embedGPT2, "--space"},
			[]string{"'boy - girl' vs 'man - woman'"}, []float64{1}},
		{[]string{"cat", "--source", embedGPT2}, []string{"cat"}, []float64{1}},
		{[]string{"--space", "--source", embedGPT2, "cat", `" cat"`, `"cat"`}, []string{"cat", `" cat"`, `"cat"`},
			[]float64{math.Sqrt(2), math.Sqrt(2), 1}},
		{[]string{"--source", embedText, "--", "-cat", "-2 wine + 4 type"}, []string{"-cat", "-2 wine + 4 type"},
			[]float64{1, math.Sqrt(5)}}, // −2·(3, 0, 0.5, 0) + 4·(1, 0, 0.5, 0) = (−2, 0, 1, 0)
	}
	for _, c := range cases {
		code, out, errOut := runCaptured(t, append([]string{"embed"}, c.args...)...)
		if code != 0 || errOut != "" {
			t.Errorf("toysup embed %q: exit %d, stderr %q", c.args, code, errOut)
			continue
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(lines) != len(c.want) {
			t.Errorf("toysup embed %q printed %q, want %d lines", c.args, out, len(c.want))
			continue
		}
		for i, line := range lines {
			if !strings.HasPrefix(line, c.lines[i]+": ") {
				t.Errorf("toysup embed %q: line %q, want it to start with %q", c.args, line, c.lines[i]+": ")
			}
			if got := lastNumber(t, line); math.Abs(got-c.want[i]) > tol {
				t.Errorf("toysup embed %q: %s, want %.8g", c.args, line, c.want[i])
			}
		}
	}
}

func TestEmbedCLIAverageNorm(t *testing.T) {
	code, out, _ := runCaptured(t, "embed", "--source", embedGPT2, "--average-norm")
	e := embed.MustLoad(embedGPT2)
	if code != 0 || !strings.HasPrefix(out, "average norm of "+strconv.Itoa(e.Rows())+" rows: ") ||
		math.Abs(lastNumber(t, out)-e.AverageNorm()) > 1e-7*e.AverageNorm() {
		t.Errorf("--average-norm: exit %d, %q; want %d rows, %.8g", code, out, e.Rows(), e.AverageNorm())
	}
}

func TestEmbedCLIErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "gpt2")
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"--source", embedGPT2, "(boy - girl"}, []string{`column 12 of "(boy - girl": expected ')'`}},
		{[]string{"--source", embedGPT2, "boy * girl"}, []string{"column 7", "expected a number after '*'"}},
		{[]string{"--source", embedGPT2, "boy - wonderful"}, []string{"column 7", `"wonderful" is not a single token`, "--space"}},
		{[]string{"--source", missing, "boy"}, []string{missing + " does not exist", "model.safetensors", "vocab.json", "openai-community/gpt2"}},
		{[]string{"--source", embedGPT2, "--cos", "boy"}, []string{"--cos takes exactly two expressions, got 1"}},
		{[]string{"--source", embedGPT2}, []string{"no expression"}},
		{[]string{"--source", embedText, "--space", "boy"}, []string{"GPT-2 folders only"}},
		{[]string{"--source", embedGPT2, "-boy + girl"}, []string{"flag provided but not defined", "after --"}},
		{[]string{"--source", embedGPT2, "--cos", "boy - girl - (man - woman)", "boy"}, []string{"zero vector"}},
	}
	for _, c := range cases {
		code, out, errOut := runCaptured(t, append([]string{"embed"}, c.args...)...)
		if code != 1 || out != "" || strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "toysup embed: ") {
			t.Errorf("toysup embed %q: exit %d, stdout %q, stderr %q; want exit 1 and one line on stderr", c.args, code, out, errOut)
		}
		for _, s := range c.want {
			if !strings.Contains(errOut, s) {
				t.Errorf("toysup embed %q: stderr %q lacks %q", c.args, errOut, s)
			}
		}
	}
	if code, out, _ := runCaptured(t, "embed", "-h"); code != 0 || !strings.Contains(out, "--cos EXPR1 EXPR2") || !strings.Contains(out, "-space") {
		t.Errorf("embed -h: exit %d, %q", code, out)
	}
}
