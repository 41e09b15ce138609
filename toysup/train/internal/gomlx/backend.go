package gomlx

import (
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/gomlx/gomlx/backends"
	_ "github.com/gomlx/gomlx/backends/simplego"
	"github.com/toymodels/superposition/toysup"
	// the pure-Go backend "go", always available.
)

// xlaBuiltIn is set by backend_xla.go in binaries built with `-tags xla`.
var xlaBuiltIn bool

var (
	backendMu    sync.Mutex
	backendCache = map[string]backends.Backend{}
)

// Backend returns the GoMLX backend named by a config's "backend" field ("go", "xla:cpu", "xla:cuda", …),
// creating it once per process. XLA backends need a binary built with `-tags xla` and an installed PJRT plugin;
// they are never downloaded automatically (GOMLX_NO_AUTO_INSTALL is set unless the caller set it).
func Backend(name string) (backends.Backend, error) {
	backendMu.Lock()
	defer backendMu.Unlock()
	if b, ok := backendCache[name]; ok {
		return b, nil
	}
	if strings.HasPrefix(name, "xla") && !xlaBuiltIn {
		return nil, toysup.FieldErrorf("backend", "%q needs a binary built with `-tags xla` (cgo and an XLA PJRT plugin); this one has only \"go\"", name)
	}
	if _, set := os.LookupEnv("GOMLX_NO_AUTO_INSTALL"); !set {
		_ = os.Setenv("GOMLX_NO_AUTO_INSTALL", "1")
	}
	var b backends.Backend
	err := catch(func() {
		var err error
		b, err = backends.NewWithConfig(name)
		if err != nil {
			panic(err)
		}
	})
	if err != nil {
		return nil, toysup.FieldErrorf("backend", "%q: %v (available: %q)", name, err, backends.List())
	}
	backendCache[name] = b
	return b, nil
}

// catch runs fn and turns a panic (GoMLX reports graph errors by panicking) into an error.
func catch(fn func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(error); ok {
				err = e
			} else {
				err = fmt.Errorf("%v", r)
			}
		}
	}()
	fn()
	return nil
}
