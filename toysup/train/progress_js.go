//go:build js

package train

// DefaultProgress is nil in the browser build (no terminal; the playground draws its own progress).
func DefaultProgress() Progress { return nil }
