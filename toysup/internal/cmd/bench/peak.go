package main

import (
	"encoding/json"
	"fmt"
	"strings"
)

// peakScript measures the machine's float32 matrix-product peak the way the reference computes: PyTorch's 2048²
// float32 matmul on the benchmark's threads (best of 5 after a warm-up), and names the BLAS library it mapped.
const peakScript = `
import json, os, sys, time
import torch
torch.set_num_threads(int(sys.argv[1]))
a, b = torch.rand(2048, 2048), torch.rand(2048, 2048)
a @ b
best = float("inf")
for _ in range(5):
    t = time.perf_counter(); a @ b; best = min(best, time.perf_counter() - t)
blas = ""
for line in open("/proc/self/maps"):
    p = line.split()[-1]
    if "blas" in p or "mkl" in p or "blis" in p:
        blas = os.path.realpath(p); break
print(json.dumps({"gflops": 2 * 2048**3 / best / 1e9, "blas": blas}))
`

// peakReport is what peakScript prints.
type peakReport struct {
	GFLOPS float64 `json:"gflops"`
	BLAS   string  `json:"blas"`
}

// optimisedBLAS reports whether a mapped BLAS library is an optimised one (OpenBLAS, MKL, BLIS) rather than
// Debian's reference BLAS, which runs a 2048² float32 matmul about 50× slower on this kind of machine.
func optimisedBLAS(path string) bool {
	for _, name := range []string{"openblas", "mkl", "blis"} {
		if strings.Contains(path, name) {
			return true
		}
	}
	return false
}

// measurePeak runs peakScript with the reference's interpreter and checks that PyTorch uses an optimised BLAS
// (unless allowed otherwise): comparing against the reference BLAS would flatter toysup.
func (b *bencher) measurePeak(allowReferenceBLAS bool) (peakReport, error) {
	_, stdout, err := b.child(b.python, "-c", peakScript, fmt.Sprint(b.threads))
	if err != nil {
		return peakReport{}, fmt.Errorf("measuring the matmul peak with %s: %w", b.python, err)
	}
	var rep peakReport
	if err := json.Unmarshal(stdout, &rep); err != nil {
		return rep, fmt.Errorf("reading the peak measurement %q: %w", stdout, err)
	}
	if !optimisedBLAS(rep.BLAS) && !allowReferenceBLAS {
		return rep, fmt.Errorf("PyTorch uses %q, not an optimised BLAS (%.1f GFLOP/s on a 2048² matmul): install it with "+
			"`apt-get install libopenblas0-pthread` (or pass --allow-reference-blas)", rep.BLAS, rep.GFLOPS)
	}
	return rep, nil
}

// denseFLOPs is the dense-equivalent work of one training step of cfg: for each instance and sample the two
// forward products (h = Wᵀx, z = W h or W₂h) and the three backward ones (dh = Wᵀg, dW from g hᵀ and from x dhᵀ),
// each 2·n·m FLOPs: 10·K·B·n·m. Sparse inputs make the real work smaller; this is the work a dense implementation
// (the PyTorch reference) does.
func denseFLOPs(k, batch, n, m int) float64 {
	return 10 * float64(k) * float64(batch) * float64(n) * float64(m)
}
