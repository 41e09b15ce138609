//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "vec_amd64.h"

// Vector kernels of the block path (kernel_vec.go); the Go declarations and the portable references are in
// vec_amd64.go and vec.go. Widths (mp) are multiples of 8; the AVX-512 versions mask the last 16-lane vector
// (BZHI of 0xFFFF), the AVX2 versions need no tail. Row lengths np are multiples of 16.


// func gatherRows512(v, M *float32, mp int, xs *float32, rows *int32, nrows int)
// v[c] += Σ_r xs[rows[r]]·M[rows[r]][c], two accumulators (even and odd rows).
TEXT ·gatherRows512(SB), NOSPLIT, $0-48
	MOVQ v+0(FP), DI
	MOVQ M+8(FP), SI
	MOVQ mp+16(FP), DX
	MOVQ xs+24(FP), R8
	MOVQ rows+32(FP), R9
	MOVQ nrows+40(FP), R10
	LEAQ (DX*4), BX
	XORQ CX, CX
g5col:
	CMPQ CX, DX
	JGE  g5done
	MASK16
	VMOVUPS.Z (DI)(CX*4), K1, Z0
	VPXORD    Z1, Z1, Z1
	LEAQ      (SI)(CX*4), R13
	XORQ      R12, R12
g5pair:
	LEAQ    1(R12), AX
	CMPQ    AX, R10
	JGE     g5tail
	MOVLQSX (R9)(R12*4), AX
	VBROADCASTSS (R8)(AX*4), Z2
	IMULQ   BX, AX
	VFMADD231PS (R13)(AX*1), Z2, K1, Z0
	MOVLQSX 4(R9)(R12*4), AX
	VBROADCASTSS (R8)(AX*4), Z3
	IMULQ   BX, AX
	VFMADD231PS (R13)(AX*1), Z3, K1, Z1
	ADDQ    $2, R12
	JMP     g5pair
g5tail:
	CMPQ    R12, R10
	JGE     g5sum
	MOVLQSX (R9)(R12*4), AX
	VBROADCASTSS (R8)(AX*4), Z2
	IMULQ   BX, AX
	VFMADD231PS (R13)(AX*1), Z2, K1, Z0
g5sum:
	VADDPS  Z1, Z0, Z0
	VMOVUPS Z0, K1, (DI)(CX*4)
	ADDQ    $16, CX
	JMP     g5col
g5done:
	VZEROUPPER
	RET

// func gatherRows2(v, M *float32, mp int, xs *float32, rows *int32, nrows int)
TEXT ·gatherRows2(SB), NOSPLIT, $0-48
	MOVQ v+0(FP), DI
	MOVQ M+8(FP), SI
	MOVQ mp+16(FP), DX
	MOVQ xs+24(FP), R8
	MOVQ rows+32(FP), R9
	MOVQ nrows+40(FP), R10
	LEAQ (DX*4), BX
	XORQ CX, CX
g2col:
	CMPQ CX, DX
	JGE  g2done
	VMOVUPS (DI)(CX*4), Y0
	VXORPS  Y1, Y1, Y1
	LEAQ    (SI)(CX*4), R13
	XORQ    R12, R12
g2pair:
	LEAQ    1(R12), AX
	CMPQ    AX, R10
	JGE     g2tail
	MOVLQSX (R9)(R12*4), AX
	VBROADCASTSS (R8)(AX*4), Y2
	IMULQ   BX, AX
	VFMADD231PS (R13)(AX*1), Y2, Y0
	MOVLQSX 4(R9)(R12*4), AX
	VBROADCASTSS (R8)(AX*4), Y3
	IMULQ   BX, AX
	VFMADD231PS (R13)(AX*1), Y3, Y1
	ADDQ    $2, R12
	JMP     g2pair
g2tail:
	CMPQ    R12, R10
	JGE     g2sum
	MOVLQSX (R9)(R12*4), AX
	VBROADCASTSS (R8)(AX*4), Y2
	IMULQ   BX, AX
	VFMADD231PS (R13)(AX*1), Y2, Y0
g2sum:
	VADDPS  Y1, Y0, Y0
	VMOVUPS Y0, (DI)(CX*4)
	ADDQ    $8, CX
	JMP     g2col
g2done:
	VZEROUPPER
	RET

// func scatterRows512(M, v *float32, mp int, xs *float32, rows *int32, nrows int)
// M[rows[r]][c] += xs[rows[r]]·v[c].
TEXT ·scatterRows512(SB), NOSPLIT, $0-48
	MOVQ M+0(FP), SI
	MOVQ v+8(FP), DI
	MOVQ mp+16(FP), DX
	MOVQ xs+24(FP), R8
	MOVQ rows+32(FP), R9
	MOVQ nrows+40(FP), R10
	LEAQ (DX*4), BX
	XORQ CX, CX
s5col:
	CMPQ CX, DX
	JGE  s5done
	MASK16
	VMOVUPS.Z (DI)(CX*4), K1, Z0
	LEAQ      (SI)(CX*4), R13
	XORQ      R12, R12
s5row:
	CMPQ    R12, R10
	JGE     s5next
	MOVLQSX (R9)(R12*4), AX
	VBROADCASTSS (R8)(AX*4), Z2
	IMULQ   BX, AX
	VMOVUPS.Z (R13)(AX*1), K1, Z3
	VFMADD231PS Z0, Z2, Z3
	VMOVUPS Z3, K1, (R13)(AX*1)
	INCQ    R12
	JMP     s5row
s5next:
	ADDQ $16, CX
	JMP  s5col
s5done:
	VZEROUPPER
	RET

// func scatterRows2(M, v *float32, mp int, xs *float32, rows *int32, nrows int)
TEXT ·scatterRows2(SB), NOSPLIT, $0-48
	MOVQ M+0(FP), SI
	MOVQ v+8(FP), DI
	MOVQ mp+16(FP), DX
	MOVQ xs+24(FP), R8
	MOVQ rows+32(FP), R9
	MOVQ nrows+40(FP), R10
	LEAQ (DX*4), BX
	XORQ CX, CX
s2col:
	CMPQ CX, DX
	JGE  s2done
	VMOVUPS (DI)(CX*4), Y0
	LEAQ    (SI)(CX*4), R13
	XORQ    R12, R12
s2row:
	CMPQ    R12, R10
	JGE     s2next
	MOVLQSX (R9)(R12*4), AX
	VBROADCASTSS (R8)(AX*4), Y2
	IMULQ   BX, AX
	VMOVUPS (R13)(AX*1), Y3
	VFMADD231PS Y0, Y2, Y3
	VMOVUPS Y3, (R13)(AX*1)
	INCQ    R12
	JMP     s2row
s2next:
	ADDQ $8, CX
	JMP  s2col
s2done:
	VZEROUPPER
	RET
