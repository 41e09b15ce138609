// Package playground is the page behind `toysup serve`: toysup's native engine compiled to WebAssembly
// (./internal/wasm, embedded here gzipped) trains the toy model in the visitor's browser, drawing the library's
// SVG figures ([figures.TrainingFrameFigure]) live, with no server-side compute. The page takes the config's
// fields from its form or its URL query (under the config's JSON names; autostart=1 trains at once) and shows a
// finished run's final loss in #final-loss and its result file's JSON in #result-json.
//
// The embedded wasm is generated: `go generate ./toysup/playground` rebuilds assets/toysup.wasm.gz (and the
// matching assets/wasm_exec.js) from the current sources, reproducibly, and TestEmbeddedWasmUpToDate rebuilds it
// and fails when the committed copy differs (run go generate and commit). A change to toysup, toysup/train or
// toysup/figures therefore needs a regeneration.
package playground

//go:generate go run gen_wasm.go -out assets

import (
	"bytes"
	"compress/gzip"
	"embed"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

//go:embed assets/index.html assets/app.js assets/wasm_exec.js assets/toysup.wasm.gz assets/go-version.txt
var assets embed.FS

var files = map[string]string{
	"/":             "index.html",
	"/index.html":   "index.html",
	"/app.js":       "app.js",
	"/wasm_exec.js": "wasm_exec.js",
}

var contentTypes = map[string]string{".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".wasm": "application/wasm"}

// Handler serves the page: /, /app.js, /wasm_exec.js and /toysup.wasm (gzip-encoded to clients that accept it).
func Handler() http.Handler {
	mux := http.NewServeMux()
	for path, name := range files {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			if path == "/" && r.URL.Path != "/" {
				http.NotFound(w, r)
				return
			}
			data, _ := assets.ReadFile("assets/" + name)
			w.Header().Set("Content-Type", contentTypes[filepath.Ext(name)])
			w.Write(data)
		})
	}
	mux.HandleFunc("/toysup.wasm", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentTypes[".wasm"])
		if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			data, _ := assets.ReadFile("assets/toysup.wasm.gz")
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(data)
			return
		}
		data, err := Wasm()
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Write(data)
	})
	return mux
}

var (
	wasmOnce sync.Once
	wasmData []byte
	wasmErr  error
)

// Wasm returns the embedded WebAssembly program, uncompressed.
func Wasm() ([]byte, error) {
	wasmOnce.Do(func() {
		gz, _ := assets.ReadFile("assets/toysup.wasm.gz")
		r, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			wasmErr = fmt.Errorf("playground: embedded toysup.wasm.gz: %w", err)
			return
		}
		wasmData, wasmErr = io.ReadAll(r)
	})
	return wasmData, wasmErr
}

// Export writes the page as a static site in dir (index.html, app.js, wasm_exec.js, toysup.wasm), for any static
// web host; dir is created if needed.
func Export(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, name := range []string{"index.html", "app.js", "wasm_exec.js"} {
		data, _ := assets.ReadFile("assets/" + name)
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	data, err := Wasm()
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "toysup.wasm"), data, 0o644)
}
