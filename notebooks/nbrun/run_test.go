package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// requireJupyter skips the test when Debian's Jupyter or the GoNB kernel is missing, or fails it when
// TOYSUP_REQUIRE_JUPYTER=1 (set by .ci/run, which installs them).
func requireJupyter(t *testing.T) {
	t.Helper()
	why := jupyterMissingOnce()
	if why == "" {
		return
	}
	if os.Getenv("TOYSUP_REQUIRE_JUPYTER") == "1" {
		t.Fatalf("TOYSUP_REQUIRE_JUPYTER=1 but %s", why)
	}
	t.Skipf("skipped: %s (set TOYSUP_REQUIRE_JUPYTER=1 to make this a failure)", why)
}

// jupyterMissingOnce asks once per test binary (jupyter kernelspec list takes seconds).
var jupyterMissingOnce = sync.OnceValue(jupyterMissing)

func jupyterMissing() string {
	if _, err := os.Stat("/usr/bin/jupyter"); err != nil {
		return "/usr/bin/jupyter is not installed (apt-get install jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel)"
	}
	if err := exec.Command("/usr/bin/python3", "-c", "import nbclient, nbformat").Run(); err != nil {
		return "/usr/bin/python3 cannot import nbclient: " + err.Error()
	}
	out, err := exec.Command("/usr/bin/jupyter", "kernelspec", "list", "--json").Output()
	if err != nil {
		return "jupyter kernelspec list failed: " + err.Error()
	}
	var specs struct {
		Kernelspecs map[string]any `json:"kernelspecs"`
	}
	if err := json.Unmarshal(out, &specs); err != nil {
		return "jupyter kernelspec list: " + err.Error()
	}
	if _, ok := specs.Kernelspecs["gonb"]; !ok {
		return "the gonb kernel is not installed (gonb --install)"
	}
	if _, err := exec.LookPath("go"); err != nil {
		return "go is not on PATH"
	}
	return ""
}

func testRunner() *Runner {
	return &Runner{
		Python: "/usr/bin/python3", Kernel: "gonb",
		Timeout: 5 * time.Minute, StartupTimeout: time.Minute,
		SkipTags:   []string{"interactive"},
		Env:        kernelEnv(true, os.Stderr),
		Check:      CheckOptions{FigureTag: "figure", AllowErrorsTag: "raises-exception"},
		CheckPaths: true,
	}
}

// TestRunFixtures executes the fixture notebooks with the real GoNB kernel: what nbconvert reports as a success
// (a panic, os.Exit(3)) must fail here, at the right cell.
func TestRunFixtures(t *testing.T) {
	requireJupyter(t)
	tests := []struct {
		fixture    string
		wantStatus string
		want       []string // "cell:kind" that must be among the problems
	}{
		{"panic.ipynb", "ok", []string{"2:panic", "2:exit status 2", "2:absolute path in output"}},
		{"compile_error.ipynb", "cell_error", []string{"1:error output"}},
		{"no_figure.ipynb", "ok", []string{"0:no figure"}},
	}
	r := testRunner()
	for _, tc := range tests {
		t.Run(tc.fixture, func(t *testing.T) {
			res, err := r.Run(context.Background(), filepath.Join("testdata", tc.fixture))
			if err != nil {
				t.Fatal(err)
			}
			got := kinds(res.Problems)
			if res.Status != tc.wantStatus {
				t.Errorf("status %q, want %q (problems %v)\nlog:\n%s", res.Status, tc.wantStatus, got, tail(res.KernelLog, 30))
			}
			if res.Passed() {
				t.Fatalf("passed; want problems %v", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(" "+strings.Join(got, " ")+" ", " "+w+" ") {
					t.Errorf("problems %v lack %q", got, w)
				}
			}
		})
	}
}

func TestRunPassingFixtureDetails(t *testing.T) {
	requireJupyter(t)
	res, err := testRunner().Run(context.Background(), "testdata/pass.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	if !res.Passed() {
		t.Fatalf("pass.ipynb failed: %v\n%s", res.Problems, tail(res.KernelLog, 30))
	}
	// The interactive cell (which would exit 7) was skipped; the 3 other code cells ran.
	if res.CellsRun != 3 || res.CellsSkipped != 1 {
		t.Errorf("cells run %d, skipped %d; want 3, 1", res.CellsRun, res.CellsSkipped)
	}
	if res.SVG != 1 || res.Raster != 0 {
		t.Errorf("figures %d SVG, %d raster; want 1, 0", res.SVG, res.Raster)
	}
	var stdout string
	for _, o := range res.Executed.Cells[2].Outputs {
		stdout += o.Text
	}
	if stdout != "quick=1 headless=1\n" {
		t.Errorf("cell 2 printed %q: the kernel must see TOYSUP_QUICK=1 and TOYSUP_HEADLESS=1", stdout)
	}
	// Write-back: outputs land in their cells; the skipped cell keeps its (empty) outputs.
	merged, err := res.Original.MergeOutputs(res.Executed, res.Index)
	if err != nil {
		t.Fatal(err)
	}
	m, err := ParseNotebook(merged)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Cells) != 5 || len(m.Cells[3].Outputs) != 0 || len(m.Cells[4].Outputs) != 1 || m.Cells[4].Outputs[0].Text != "last cell\n" {
		t.Errorf("merged notebook: %d cells, cell 3 outputs %v, cell 4 outputs %v", len(m.Cells), m.Cells[3].Outputs, m.Cells[4].Outputs)
	}
	if probs := Check(m, CheckOptions{ForbiddenPaths: forbiddenPaths(mustAbs(t, "testdata/pass.ipynb"))}); len(probs) != 0 {
		t.Errorf("merged notebook has problems %v", probs)
	}
}

func TestRunTimeoutAndMissingKernel(t *testing.T) {
	requireJupyter(t)
	r := testRunner()
	r.CellTimeout = 3 * time.Second
	res, err := r.Run(context.Background(), "testdata/sleep.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != "timeout" || len(res.Problems) == 0 || res.Problems[0].Cell != 0 || res.Problems[0].Kind != "timeout" {
		t.Errorf("status %q problems %v; want a timeout at cell 0", res.Status, kinds(res.Problems))
	}

	r = testRunner()
	r.Kernel = "no-such-kernel-for-nbrun"
	res, err = r.Run(context.Background(), "testdata/exit3.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != "no_kernel" || res.Passed() || !strings.Contains(res.Problems[0].Detail, "no-such-kernel-for-nbrun") {
		t.Errorf("status %q problems %v; want no_kernel naming the kernel", res.Status, res.Problems)
	}
}

// TestCommandLine runs nbrun as CI does: a failing notebook makes the exit status 1 and the report names the
// cell and shows its source; a passing one gives 0.
func TestCommandLine(t *testing.T) {
	requireJupyter(t)
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	rc := run([]string{"-quick", "-outdir", out, "testdata/markdown_only.ipynb", "testdata/exit3.ipynb"}, &stdout, &stderr)
	if rc != 1 {
		t.Errorf("exit status %d, want 1\n%s%s", rc, stdout.String(), stderr.String())
	}
	for _, want := range []string{
		"PASS testdata/markdown_only.ipynb: 0 code cells run, 0 skipped, 0 SVG + 0 PNG figures",
		"FAIL testdata/exit3.ipynb: 1 code cells run",
		"--- testdata/exit3.ipynb: cell 1: exit status 3",
		"cell 1 (code) source:\n    | %%\n    | fmt.Println(\"bye\")\n    | os.Exit(3)",
		"error:\n    | exit status 3",
		"1 of 2 notebooks passed",
	} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, stdout.String())
		}
	}
	ex, err := ReadNotebook(filepath.Join(out, "exit3.ipynb"))
	if err != nil {
		t.Fatalf("-outdir: %v", err)
	}
	if probs := Check(ex, CheckOptions{}); len(probs) != 1 || probs[0].Kind != "exit status 3" {
		t.Errorf("-outdir copy: problems %v, want exit status 3", kinds(probs))
	}
	stdout.Reset()
	if rc := run([]string{"testdata/markdown_only.ipynb"}, &stdout, &stderr); rc != 0 {
		t.Errorf("markdown_only.ipynb alone: exit status %d, want 0\n%s", rc, stdout.String())
	}
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	abs, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}
