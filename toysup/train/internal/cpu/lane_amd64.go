//go:build amd64 && !purego && !noasm

package cpu

// Assembly in lane_amd64.s and the generated lane_m*_amd64.s.

// laneReduce adds the 16-lane sums of acc `[count][16]` to dst `[count]` (acc readable for count rounded up to 16
// vectors).
//
//go:noescape
func laneReduce(dst, acc *float32, count int)

//go:noescape
func laneOut1(p *laneArgs) float64

//go:noescape
func laneOut2(p *laneArgs) float64

//go:noescape
func laneOut3(p *laneArgs) float64

//go:noescape
func laneOut4(p *laneArgs) float64

//go:noescape
func laneOut5(p *laneArgs) float64

//go:noescape
func laneOut6(p *laneArgs) float64

//go:noescape
func laneOut7(p *laneArgs) float64

//go:noescape
func laneOut8(p *laneArgs) float64

//go:noescape
func laneHid1(p *laneArgs) float64

//go:noescape
func laneHid2(p *laneArgs) float64

//go:noescape
func laneHid3(p *laneArgs) float64

//go:noescape
func laneHid4(p *laneArgs) float64

//go:noescape
func laneHid5(p *laneArgs) float64

//go:noescape
func laneHid6(p *laneArgs) float64

//go:noescape
func laneHid7(p *laneArgs) float64

//go:noescape
func laneHid8(p *laneArgs) float64

//go:noescape
func laneAbs1(p *laneArgs) float64

//go:noescape
func laneAbs2(p *laneArgs) float64

//go:noescape
func laneAbs3(p *laneArgs) float64

//go:noescape
func laneAbs4(p *laneArgs) float64

//go:noescape
func laneAbs5(p *laneArgs) float64

//go:noescape
func laneAbs6(p *laneArgs) float64

//go:noescape
func laneAbs7(p *laneArgs) float64

//go:noescape
func laneAbs8(p *laneArgs) float64

var laneKernels = [...][maxSmallHidden]laneFunc{
	{laneOut1, laneOut2, laneOut3, laneOut4, laneOut5, laneOut6, laneOut7, laneOut8},
	{laneHid1, laneHid2, laneHid3, laneHid4, laneHid5, laneHid6, laneHid7, laneHid8},
	{laneAbs1, laneAbs2, laneAbs3, laneAbs4, laneAbs5, laneAbs6, laneAbs7, laneAbs8},
}

// laneKernel returns the lane kernel of a model for hidden size m, nil for m > maxSmallHidden or a CPU without
// AVX-512.
func laneKernel(model Model, m int) laneFunc {
	if m < 1 || m > maxSmallHidden || bestLevel < levelAVX512 {
		return nil
	}
	switch model {
	case Linear, ReLUOutput:
		return laneKernels[0][m-1]
	case ReLUHidden:
		return laneKernels[1][m-1]
	case Abs:
		return laneKernels[2][m-1]
	}
	return nil
}
