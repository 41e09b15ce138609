// Package archtest holds only tests: they check the import rules of the README's Architecture section with
// `go list -deps` and a scan of every Go file's imports, and fail when a package breaks one.
package archtest
