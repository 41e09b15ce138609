package main

import (
	"os"
	"path/filepath"
	"testing"
)

// `toysup serve --export DIR` writes the static site; a bad flag or address is an error.
func TestServeExport(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	if code := run([]string{"serve", "--export", dir}); code != 0 {
		t.Fatalf("serve --export: exit %d", code)
	}
	for _, f := range []string{"index.html", "app.js", "wasm_exec.js", "toysup.wasm"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	if code := run([]string{"serve", "--addr", "not an address"}); code != 1 {
		t.Errorf("serve with a bad address: exit %d, want 1", code)
	}
}
