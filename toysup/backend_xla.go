//go:build xla

package toysup

import _ "github.com/gomlx/gomlx/backends/xla" // XLA backends (cgo; PJRT plugin found at run time).

func init() { xlaBuiltIn = true }
