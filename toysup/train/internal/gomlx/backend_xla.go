//go:build xla

package gomlx

import (
	"github.com/gomlx/gomlx/backends/xla" // XLA backends (cgo; the PJRT plugin is found at run time).
)

func init() {
	xlaBuiltIn = true
	// Never download a plugin behind the user's back: GoMLX reads GOMLX_NO_AUTO_INSTALL in its own init, before
	// toysup could set it, so turn auto-install off here. Install plugins explicitly (see the README).
	xla.EnableAutoInstall(false)
}
