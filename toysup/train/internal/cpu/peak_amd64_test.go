//go:build amd64 && !purego && !noasm

package cpu

import (
	"sync"
	"testing"
)

// BenchmarkFMAPeak measures the machine's float32 FMA peak with a register-only AVX-512 loop on 1 and 2 goroutines
// (GFLOP/s counts 2 flops per lane per FMA): the yardstick for the GFLOP/s of BenchmarkStep.
func BenchmarkFMAPeak(b *testing.B) {
	if bestLevel < levelAVX512 {
		b.Skip("no AVX-512")
	}
	const iters = 1 << 20
	for _, g := range []int{1, 2} {
		b.Run(map[int]string{1: "goroutines=1", 2: "goroutines=2"}[g], func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				var wg sync.WaitGroup
				for range g {
					wg.Go(func() { fmaPeak512(iters) })
				}
				wg.Wait()
			}
			b.ReportMetric(float64(b.N)*float64(g)*iters*12*32/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
