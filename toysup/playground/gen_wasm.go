//go:build ignore

// gen_wasm builds the playground's WebAssembly program (./internal/wasm, GOOS=js GOARCH=wasm, -trimpath, no VCS
// stamp, symbols stripped: the same bytes for the same sources and Go version) and writes, in -out (default
// assets): toysup.wasm.gz (gzip level 9, no name or time: reproducible), wasm_exec.js (the Go toolchain's loader,
// which must match the compiler) and go-version.txt. Run by `go generate ./toysup/playground`;
// TestEmbeddedWasmUpToDate runs it into a temporary folder and compares.
package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

func main() {
	out := flag.String("out", "assets", "output folder")
	flag.Parse()
	tmp, err := os.MkdirTemp("", "toysup-wasm")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	wasm := filepath.Join(tmp, "toysup.wasm")
	cmd := exec.Command("go", "build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w", "-o", wasm, "./internal/wasm")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0", "GOFLAGS=")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		log.Fatalf("building the wasm: %v", err)
	}
	data, err := os.ReadFile(wasm)
	if err != nil {
		log.Fatal(err)
	}
	var gz bytes.Buffer
	w, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	w.Write(data)
	if err := w.Close(); err != nil {
		log.Fatal(err)
	}
	goroot := strings.TrimSpace(run("go", "env", "GOROOT"))
	loader, err := os.ReadFile(filepath.Join(goroot, "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		log.Fatal(err)
	}
	version := strings.TrimSpace(run("go", "env", "GOVERSION"))
	for name, content := range map[string][]byte{"toysup.wasm.gz": gz.Bytes(), "wasm_exec.js": loader, "go-version.txt": []byte(version + "\n")} {
		if err := os.WriteFile(filepath.Join(*out, name), content, 0o644); err != nil {
			log.Fatal(err)
		}
	}
	log.Printf("%s: toysup.wasm %d bytes (%d gzipped), %s, %s/%s host", *out, len(data), gz.Len(), version, runtime.GOOS, runtime.GOARCH)
}

func run(name string, args ...string) string {
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		log.Fatalf("%s %v: %v", name, args, err)
	}
	return string(out)
}
