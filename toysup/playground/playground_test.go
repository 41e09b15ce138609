package playground

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod"
	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/internal/browsertest"
	"github.com/toymodels/superposition/toysup/playground/internal/web"
	"github.com/toymodels/superposition/toysup/train"
)

// The committed wasm is what `go generate` builds from the current sources (same Go version: the build is
// reproducible, other versions give other bytes).
func TestEmbeddedWasmUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("rebuilds the wasm (-short)")
	}
	want, _ := assets.ReadFile("assets/go-version.txt")
	if v := runtime.Version(); strings.TrimSpace(string(want)) != v {
		t.Skipf("the committed wasm was built by %s, this is %s: cannot compare bytes", strings.TrimSpace(string(want)), v)
	}
	dir := t.TempDir()
	cmd := exec.Command("go", "run", "gen_wasm.go", "-out", dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run gen_wasm.go: %v\n%s", err, out)
	}
	for _, name := range []string{"toysup.wasm.gz", "wasm_exec.js"} {
		got, _ := os.ReadFile(filepath.Join(dir, name))
		committed, _ := assets.ReadFile("assets/" + name)
		if !bytes.Equal(got, committed) {
			t.Errorf("assets/%s is stale: the sources changed since it was generated; run `go generate ./toysup/playground` and commit", name)
		}
	}
}

func TestExportAndHandler(t *testing.T) {
	dir := t.TempDir()
	if err := Export(dir); err != nil {
		t.Fatal(err)
	}
	wasm, _ := os.ReadFile(filepath.Join(dir, "toysup.wasm"))
	if !bytes.HasPrefix(wasm, []byte("\x00asm")) {
		t.Fatal("exported toysup.wasm is not WebAssembly")
	}
	srv := httptest.NewServer(Handler())
	defer srv.Close()
	for path, ctype := range map[string]string{"/": "text/html", "/app.js": "text/javascript", "/toysup.wasm": "application/wasm"} {
		resp, err := http.Get(srv.URL + path)
		if err != nil || resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), ctype) {
			t.Errorf("GET %s: %v %v %q", path, err, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
	if resp, _ := http.Get(srv.URL + "/nothing"); resp.StatusCode != 404 {
		t.Errorf("GET /nothing: %d", resp.StatusCode)
	}
}

// The page's fields parse as the CLI's config does: the same field-naming errors.
func TestConfigFromFields(t *testing.T) {
	cfg, err := web.ConfigFromFields(map[string]string{"features": "5", "hidden": "2", "feature_probability": "0.1", "model": "linear", "seed": "", "batch_size": "64"})
	if err != nil || cfg.Features != 5 || cfg.Model != toysup.ModelLinear || cfg.BatchSize != 64 {
		t.Fatalf("%+v, %v", cfg, err)
	}
	for fields, file := range map[string]string{
		`{"features":"0","hidden":"2"}`:               `{"features":0,"hidden":2}`,
		`{"features":"abc","hidden":"2"}`:             `{"features":"abc","hidden":2}`,
		`{"features":"5","hidden":"2","model":"foo"}`: `{"features":5,"hidden":2,"model":"foo"}`,
	} {
		var f map[string]string
		json.Unmarshal([]byte(fields), &f)
		_, got := web.ConfigFromFields(f)
		_, want := toysup.ParseConfig([]byte(file))
		if got == nil || want == nil || got.Error() != want.Error() {
			t.Errorf("fields %s: error %v, ParseConfig gives %v", fields, got, want)
		}
	}
}

// serve starts the playground and a browser page on it (or skips without chromium).
func serve(t *testing.T, query string) (*rod.Page, *browsertest.Console) {
	b := browsertest.Launch(t)
	srv := httptest.NewServer(Handler())
	t.Cleanup(srv.Close)
	page := b.MustPage("")
	console := browsertest.WatchConsole(page)
	page.MustNavigate(srv.URL + "/" + query)
	return page, console
}

// waitText waits for the element's text to be non-empty.
func waitText(t *testing.T, page *rod.Page, sel string, timeout time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if txt := page.MustEval(`(s) => document.querySelector(s).textContent`, sel).Str(); txt != "" {
			return txt
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s stayed empty for %v; #error: %q", sel, timeout, page.MustElement("#error").MustText())
	return ""
}

// In Chromium the page trains the query's config (autostart) with live frames, and its result equals
// train.Train's in Go: the same engine, the portable kernels in the browser. Natively they are bit-identical where
// Go runs the portable kernels too, but on an AVX-512 CPU it runs the sample-lane assembly for hidden ≤ 8, whose
// sums round differently: so every number must agree to relative 1e-4 (after the 2000 steps they differ by about
// 1e-7).
func TestPlaygroundInChromium(t *testing.T) {
	const query = "?features=5&hidden=2&feature_probability=0.1&steps=2000&seed=1&importance_decay=0.9&autostart=1"
	page, console := serve(t, query)
	finalLoss := waitText(t, page, "#final-loss", 120*time.Second)
	var got toysup.Result
	if err := json.Unmarshal([]byte(page.MustEval(`() => document.getElementById("result-json").textContent`).Str()), &got); err != nil {
		t.Fatal(err)
	}
	cfg, err := web.ConfigFromFields(map[string]string{"features": "5", "hidden": "2", "feature_probability": "0.1", "steps": "2000",
		"seed": "1", "importance_decay": "0.9", "model": "relu_output"})
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	want, err := train.Train(context.Background(), cfg, train.WithProgress(nil))
	if err != nil {
		t.Fatal(err)
	}
	native := float64(cfg.Steps) / time.Since(t0).Seconds()
	if !reflect.DeepEqual(got.Config, want.Config) || !closeValues(reflect.ValueOf(got.Instances), reflect.ValueOf(want.Instances), 1e-4) ||
		!closeValues(reflect.ValueOf(got.LossHistory), reflect.ValueOf(want.LossHistory), 1e-4) {
		t.Errorf("the browser's result differs from train.Train's: W[0] %v vs %v, final loss %v vs %v",
			got.Instances[0].W[0], want.Instances[0].W[0], got.Instances[0].FinalLoss, want.Instances[0].FinalLoss)
	}
	frames := page.MustEval(`() => Number(document.getElementById("figure").dataset.frames)`).Int()
	svg := page.MustEval(`() => document.querySelectorAll("#figure svg").length`).Int()
	if frames < 2 || svg < 4 {
		t.Errorf("the figure updated %d times (%d SVG elements), want several frames of the tiled figure", frames, svg)
	}
	t.Logf("final loss %s; browser %.0f steps/s (%d frames), native in this test %.0f steps/s; status %q", finalLoss,
		got.Run.StepsPerSecond, frames, native, page.MustElement("#status").MustText())
	if errs := console.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
}

// Bad fields show ParseConfig's error naming the field, as the CLI does.
func TestPlaygroundBadInputInChromium(t *testing.T) {
	page, console := serve(t, "?features=0")
	page.MustWait(`() => !document.getElementById("train").disabled`)
	page.MustElement("#train").MustClick()
	got := waitText(t, page, "#error", 30*time.Second)
	_, want := toysup.ParseConfig([]byte(`{"features":0,"hidden":2,"feature_probability":0.1,"importance_decay":0.9,"model":"relu_output","steps":5000,"seed":0}`))
	if got != want.Error() {
		t.Errorf("page error %q, ParseConfig's %q", got, want)
	}
	if errs := console.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
}

// closeValues reports whether a and b (of the same type) are equal except that floats may differ by up to
// tol·max(|a|, |b|).
func closeValues(a, b reflect.Value, tol float64) bool {
	switch a.Kind() {
	case reflect.Float32, reflect.Float64:
		x, y := a.Float(), b.Float()
		return x == y || math.Abs(x-y) <= tol*max(math.Abs(x), math.Abs(y))
	case reflect.Slice, reflect.Array:
		if a.Len() != b.Len() {
			return false
		}
		for i := 0; i < a.Len(); i++ {
			if !closeValues(a.Index(i), b.Index(i), tol) {
				return false
			}
		}
		return true
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if !closeValues(a.Field(i), b.Field(i), tol) {
				return false
			}
		}
		return true
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return closeValues(a.Elem(), b.Elem(), tol)
	}
	return reflect.DeepEqual(a.Interface(), b.Interface())
}
