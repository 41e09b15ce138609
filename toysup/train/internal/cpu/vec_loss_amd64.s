//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "vec_amd64.h"

// func lossRow512(z, xs, dr, db, imp, c2 *float32, n int, lin, absMask uint32) float32
// Per row: on = z > 0 or NaN (or lin), y = z·on, r = y − (x & absMask), loss += I·r·r, d = c2·r·on, db += d, dr = d.
// Sixteen rows per vector, the last masked.
TEXT ·lossRow512(SB), NOSPLIT, $0-68
	MOVQ z+0(FP), SI
	MOVQ xs+8(FP), DI
	MOVQ dr+16(FP), R8
	MOVQ db+24(FP), R9
	MOVQ imp+32(FP), R10
	MOVQ c2+40(FP), R12
	MOVQ n+48(FP), DX
	MOVL absMask+60(FP), AX
	VPBROADCASTD AX, Z14
	MOVL lin+56(FP), AX
	KMOVW AX, K3
	VPXORD Z12, Z12, Z12
	VPXORD Z13, Z13, Z13
	XORQ CX, CX
l5loop:
	CMPQ CX, DX
	JGE  l5sum
	MASK16
	VMOVUPS.Z (SI)(CX*4), K1, Z0
	VCMPPS  $0x16, Z12, Z0, K1, K2
	KORW    K3, K2, K2
	KANDW   K1, K2, K2
	VMOVAPS.Z Z0, K2, Z1
	VMOVUPS.Z (DI)(CX*4), K1, Z2
	VPANDD  Z14, Z2, Z2
	VSUBPS  Z2, Z1, Z3
	VMULPS.Z (R10)(CX*4), Z3, K1, Z4
	VFMADD231PS Z3, Z4, Z13
	VMULPS.Z (R12)(CX*4), Z3, K2, Z5
	VADDPS.Z (R9)(CX*4), Z5, K1, Z6
	VMOVUPS Z6, K1, (R9)(CX*4)
	VMOVUPS Z5, K1, (R8)(CX*4)
	ADDQ    $16, CX
	JMP     l5loop
l5sum:
	VEXTRACTF32X8 $1, Z13, Y0
	VADDPS  Y0, Y13, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS  X1, X0, X0
	VMOVHLPS X0, X0, X1
	VADDPS  X1, X0, X0
	VMOVSHDUP X0, X1
	VADDSS  X1, X0, X0
	VMOVSS  X0, ret+64(FP)
	VZEROUPPER
	RET

// func lossRow2(z, xs, dr, db, imp, c2 *float32, n int, lin, absMask uint32) float32
// As lossRow512 for the first n rows, n a multiple of 8.
TEXT ·lossRow2(SB), NOSPLIT, $0-68
	MOVQ z+0(FP), SI
	MOVQ xs+8(FP), DI
	MOVQ dr+16(FP), R8
	MOVQ db+24(FP), R9
	MOVQ imp+32(FP), R10
	MOVQ c2+40(FP), R12
	MOVQ n+48(FP), DX
	MOVL lin+56(FP), AX
	MOVQ AX, X15
	VPBROADCASTD X15, Y15
	MOVL absMask+60(FP), AX
	MOVQ AX, X14
	VPBROADCASTD X14, Y14
	VXORPS Y12, Y12, Y12
	VXORPS Y13, Y13, Y13
	XORQ CX, CX
l2loop:
	CMPQ CX, DX
	JGE  l2sum
	VMOVUPS (SI)(CX*4), Y0
	VCMPPS  $0x16, Y12, Y0, Y1
	VORPS   Y15, Y1, Y1
	VANDPS  Y1, Y0, Y2
	VANDPS  (DI)(CX*4), Y14, Y3
	VSUBPS  Y3, Y2, Y4
	VMULPS  (R10)(CX*4), Y4, Y5
	VFMADD231PS Y4, Y5, Y13
	VMULPS  (R12)(CX*4), Y4, Y6
	VANDPS  Y1, Y6, Y6
	VADDPS  (R9)(CX*4), Y6, Y7
	VMOVUPS Y7, (R9)(CX*4)
	VMOVUPS Y6, (R8)(CX*4)
	ADDQ    $8, CX
	JMP     l2loop
l2sum:
	VEXTRACTF128 $1, Y13, X0
	VADDPS  X0, X13, X0
	VMOVHLPS X0, X0, X1
	VADDPS  X1, X0, X0
	VMOVSHDUP X0, X1
	VADDSS  X1, X0, X0
	VMOVSS  X0, ret+64(FP)
	VZEROUPPER
	RET
