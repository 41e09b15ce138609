//go:build js

package train

import (
	"errors"

	"github.com/toymodels/superposition/toysup"
)

// The browser build (GOOS=js GOARCH=wasm: the playground of `toysup serve`) trains on the native engine only:
// GoMLX builds for js/wasm but would add megabytes to the download for configs the native engine trains anyway
// (every model with independent features or feature sets). "auto" picks native; "gomlx" is refused.

var errNoGoMLX = errors.New("the GoMLX engine is not part of the browser build (use engine \"native\" or \"auto\")")

var gomlxEngine = engine{toysup.EngineGoMLX, func(toysup.Config) error { return errNoGoMLX },
	func(toysup.Config) (stepper, error) { return nil, errNoGoMLX }}

// BackendInfo reports that the browser build has no GoMLX backend.
func BackendInfo(name string) (string, error) { return "", errNoGoMLX }
