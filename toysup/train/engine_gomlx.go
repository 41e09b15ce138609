//go:build !js

package train

import (
	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/train/internal/gomlx"
)

// gomlxEngine trains on GoMLX (toysup/train/internal/gomlx). The browser build (GOOS=js, the playground's
// WebAssembly) leaves GoMLX out: see engine_js.go.
var gomlxEngine = engine{toysup.EngineGoMLX, gomlx.Supports,
	func(cfg toysup.Config) (stepper, error) { return gomlx.NewStepper(cfg) }}

// BackendInfo describes the GoMLX backend named by a config's "backend" field ("go", "xla:cpu", "xla:cuda"), or
// says why this binary cannot use it (XLA needs `-tags xla` and a PJRT plugin; nothing is downloaded).
func BackendInfo(name string) (string, error) {
	b, err := gomlx.Backend(name)
	if err != nil {
		return "", err
	}
	return b.Description(), nil
}
