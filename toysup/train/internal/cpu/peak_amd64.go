//go:build amd64 && !purego && !noasm

package cpu

// fmaPeak512 runs iters × 12 AVX-512 FMAs (peak_amd64.s); callers must check bestLevel ≥ levelAVX512.
//
//go:noescape
func fmaPeak512(iters int)
