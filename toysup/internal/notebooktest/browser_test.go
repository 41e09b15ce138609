package notebooktest

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/go-rod/rod"
	"github.com/toymodels/superposition/gonbext"
	"github.com/toymodels/superposition/toysup/internal/browsertest"
	"github.com/toymodels/superposition/toysup/train"
)

// startJupyter serves the notebooks folder with the classic Notebook server (GoNB kernel installed) and returns
// its URL with the token; it skips (or fails, with TOYSUP_REQUIRE_BROWSER=1) without Jupyter or the kernel.
func startJupyter(t *testing.T, env ...string) string {
	jupyter, err := exec.LookPath("jupyter")
	if err != nil {
		browsertest.SkipOrFail(t, "no jupyter on PATH")
	}
	if _, err := exec.LookPath("gonb"); err != nil {
		browsertest.SkipOrFail(t, "no gonb on PATH (the GoNB kernel)")
	}
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	const token = "toysup-browser-test"
	dir, _ := filepath.Abs("../../../notebooks")
	cmd := exec.Command(jupyter, "notebook", "--no-browser", "--allow-root", fmt.Sprintf("--port=%d", port),
		"--NotebookApp.token="+token, "--NotebookApp.open_browser=False")
	cmd.Dir = dir
	// A fresh TMPDIR: GoNB's cache lives under it, and a result cached by an earlier run must not stand in for
	// this build's training.
	cmd.Env = append(append(os.Environ(), "TMPDIR="+t.TempDir()), env...)
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if regexp.MustCompile(`http://127\.0\.0\.1:\d+/`).MatchString(sc.Text()) {
				select {
				case ready <- true:
				default:
				}
			}
		}
	}()
	select {
	case <-ready:
	case <-time.After(60 * time.Second):
		t.Fatal("jupyter notebook did not start in 60 s")
	}
	return fmt.Sprintf("http://127.0.0.1:%d/notebooks/01_demonstrating_superposition.ipynb?token=%s", port, token)
}

// poll evaluates js (returning a string) until it is not empty.
func poll(t *testing.T, page *rod.Page, what, js string, timeout time.Duration, args ...any) string {
	t.Helper()
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(500 * time.Millisecond) {
		if s := page.MustEval(js, args...).Str(); s != "" {
			return s
		}
	}
	t.Fatalf("timed out after %v waiting for %s", timeout, what)
	return ""
}

// Notebook 01 in headless Chromium, quick mode with widgets on: the intro sliders cell draws the defaults; moving
// the density slider retrains and redraws, and the new figure is that of the model trained for that value.
func TestNotebookSlidersInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a notebook in a browser (-short)")
	}
	url := startJupyter(t, gonbext.EnvQuick+"=1", gonbext.EnvHeadless+"=0")
	page := browsertest.Launch(t).MustPage(url)
	page.MustWait(`() => globalThis.Jupyter?.notebook?.kernel?.is_connected?.()`)
	// No autosave: the committed notebook must not get this run's outputs.
	page.MustEval(`() => { Jupyter.notebook.set_autosave_interval(0); Jupyter.notebook.clear_all_output(); Jupyter.notebook.execute_all_cells(); }`)
	c := gonbext.IntroControls(true)
	frameKey := func(pos []int) (string, string) {
		cfg, _ := c.Config(pos)
		k, _ := gonbext.CacheKey(c.Key, cfg)
		return k, fmt.Sprint(cfg.Steps)
	}
	const finalFrame = `(key, steps) => { const d = document.querySelector('div.toysup-frame[data-toysup-key="' + key + '"][data-toysup-step="' + steps + '"]'); return d ? d.dataset.toysupLoss : ""; }`
	defKey, steps := frameKey(c.Defaults())
	poll(t, page, "the default figure", finalFrame, 8*time.Minute, defKey, steps)
	knob := poll(t, page, "the density slider", `(p) => document.querySelector('input[id^="' + p + '"]')?.id ?? ""`, time.Minute, gonbext.KnobHTMLID(c.Key, 0))
	pos := c.Defaults()
	pos[0] = 8 // 1−S = 0.01
	page.MustEval(`(id, v) => { const s = document.getElementById(id); s.value = v; s.dispatchEvent(new Event("input")); s.dispatchEvent(new Event("change")); }`, knob, pos[0])
	key, _ := frameKey(pos)
	loss := poll(t, page, "the figure of 1−S = 0.01", finalFrame, 3*time.Minute, key, steps)
	cfg, _ := c.Config(pos)
	res, err := train.Train(context.Background(), cfg, train.WithProgress(nil))
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprint(train.MeanLoss(res.LossHistory.Loss[len(res.LossHistory.Loss)-1])); loss != want {
		t.Errorf("the figure after the move shows loss %s, the model trained for 1−S = 0.01 in Go %s", loss, want)
	}
}
