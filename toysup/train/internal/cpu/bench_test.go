package cpu

import (
	"fmt"
	"testing"
)

// BenchmarkStep times one training step of the speed configurations a–e (see [benchConfig]) with 1 and 2 workers
// (ns/op is per step): `go test -run - -bench Step ./toysup/train/internal/cpu`.
func BenchmarkStep(b *testing.B) {
	for _, name := range []string{"a", "b", "c", "d", "e"} {
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("%s/workers=%d", name, workers), func(b *testing.B) {
				c, W, bias := benchConfig(name)
				c.Workers = workers
				tr := newTrainer(b, c, W, bias)
				loss := make([]float64, c.Instances)
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					if err := tr.Step(i, 1e-3, loss); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "steps/s")
				b.ReportMetric(float64(b.N)*denseFlops(c)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}

// denseFlops is the dense-equivalent work of a step, 10·n·m·B·K flops: forward h = Wᵀx and z = W h (2nm each per
// sample), backward g = Wᵀd and both terms of dW, d ⊗ h and x ⊗ g (2nm each), as dense products count it
// whatever the sparsity of x and of the ReLU's active rows.
func denseFlops(c Config) float64 {
	return 10 * float64(c.Features) * float64(c.Hidden) * float64(c.BatchSize) * float64(c.Instances)
}
