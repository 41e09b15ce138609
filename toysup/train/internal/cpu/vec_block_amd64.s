//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "vec_amd64.h"

// Block products of the vector path (kernel_vec.go); see vec.go for the portable references.

// func zBlock512(Z, Wt, bias, H *float32, m, mp, np, s4 int)
// Z[s][i] = bias[i] + Σ_{j<m} H[s][j]·Wt[j][i] for s < s4 (a multiple of 4), i < np (a multiple of 16): 16 rows
// × 4 samples per pass, 4 independent FMA chains, Wt's 16-row panel reused by every sample.
TEXT ·zBlock512(SB), NOSPLIT, $0-64
	MOVQ Wt+8(FP), SI
	MOVQ mp+40(FP), R9
	SHLQ $2, R9
	MOVQ np+48(FP), R8
	SHLQ $2, R8
	XORQ CX, CX
z5row:
	CMPQ CX, R8
	JGE  z5done
	MOVQ H+24(FP), R10
	MOVQ Z+0(FP), R11
	ADDQ CX, R11
	MOVQ s4+56(FP), AX
z5tile:
	TESTQ AX, AX
	JLE   z5next
	MOVQ    bias+16(FP), BX
	VMOVUPS (BX)(CX*1), Z0
	VMOVAPS Z0, Z1
	VMOVAPS Z0, Z2
	VMOVAPS Z0, Z3
	LEAQ    (SI)(CX*1), R12
	MOVQ    R10, R13
	LEAQ    (R10)(R9*2), BX
	MOVQ    m+32(FP), DX
z5j:
	VMOVUPS (R12), Z4
	VFMADD231PS.BCST (R13), Z4, Z0
	VFMADD231PS.BCST (R13)(R9*1), Z4, Z1
	VFMADD231PS.BCST (BX), Z4, Z2
	VFMADD231PS.BCST (BX)(R9*1), Z4, Z3
	ADDQ    R8, R12
	ADDQ    $4, R13
	ADDQ    $4, BX
	DECQ    DX
	JNZ     z5j
	VMOVUPS Z0, (R11)
	VMOVUPS Z1, (R11)(R8*1)
	LEAQ    (R11)(R8*2), DX
	VMOVUPS Z2, (DX)
	VMOVUPS Z3, (DX)(R8*1)
	LEAQ    (R10)(R9*4), R10
	LEAQ    (R11)(R8*4), R11
	SUBQ    $4, AX
	JMP     z5tile
z5next:
	ADDQ $64, CX
	JMP  z5row
z5done:
	VZEROUPPER
	RET

// func zBlock2(Z, Wt, bias, H *float32, m, mp, np, s4 int)
// As zBlock512 with 16 rows as two YMM vectors: 8 accumulators.
TEXT ·zBlock2(SB), NOSPLIT, $0-64
	MOVQ Wt+8(FP), SI
	MOVQ mp+40(FP), R9
	SHLQ $2, R9
	MOVQ np+48(FP), R8
	SHLQ $2, R8
	XORQ CX, CX
z2row:
	CMPQ CX, R8
	JGE  z2done
	MOVQ H+24(FP), R10
	MOVQ Z+0(FP), R11
	ADDQ CX, R11
	MOVQ s4+56(FP), AX
z2tile:
	TESTQ AX, AX
	JLE   z2next
	MOVQ    bias+16(FP), BX
	VMOVUPS (BX)(CX*1), Y0
	VMOVUPS 32(BX)(CX*1), Y1
	VMOVAPS Y0, Y2
	VMOVAPS Y1, Y3
	VMOVAPS Y0, Y4
	VMOVAPS Y1, Y5
	VMOVAPS Y0, Y6
	VMOVAPS Y1, Y7
	LEAQ    (SI)(CX*1), R12
	MOVQ    R10, R13
	LEAQ    (R10)(R9*2), BX
	MOVQ    m+32(FP), DX
z2j:
	VMOVUPS (R12), Y8
	VMOVUPS 32(R12), Y9
	VBROADCASTSS (R13), Y10
	VFMADD231PS Y8, Y10, Y0
	VFMADD231PS Y9, Y10, Y1
	VBROADCASTSS (R13)(R9*1), Y11
	VFMADD231PS Y8, Y11, Y2
	VFMADD231PS Y9, Y11, Y3
	VBROADCASTSS (BX), Y12
	VFMADD231PS Y8, Y12, Y4
	VFMADD231PS Y9, Y12, Y5
	VBROADCASTSS (BX)(R9*1), Y13
	VFMADD231PS Y8, Y13, Y6
	VFMADD231PS Y9, Y13, Y7
	ADDQ    R8, R12
	ADDQ    $4, R13
	ADDQ    $4, BX
	DECQ    DX
	JNZ     z2j
	VMOVUPS Y0, (R11)
	VMOVUPS Y1, 32(R11)
	VMOVUPS Y2, (R11)(R8*1)
	VMOVUPS Y3, 32(R11)(R8*1)
	LEAQ    (R11)(R8*2), DX
	VMOVUPS Y4, (DX)
	VMOVUPS Y5, 32(DX)
	VMOVUPS Y6, (DX)(R8*1)
	VMOVUPS Y7, 32(DX)(R8*1)
	LEAQ    (R10)(R9*4), R10
	LEAQ    (R11)(R8*4), R11
	SUBQ    $4, AX
	JMP     z2tile
z2next:
	ADDQ $64, CX
	JMP  z2row
z2done:
	VZEROUPPER
	RET

// func backTile512(G, W, dW, H, D *float32, mp, np int, rows *int32, nrows int)
// For a tile of 4 samples (rows of G, H: stride mp; of D: stride np) and the listed rows i of W and dW (stride mp):
// G[s][c] = Σ_i D[s][i]·W[i][c] and dW[i][c] += Σ_s D[s][i]·H[s][c], one column vector (masked) at a time.
TEXT ·backTile512(SB), NOSPLIT, $0-72
	MOVQ mp+40(FP), DX
	LEAQ (DX*4), R8
	MOVQ np+48(FP), R9
	SHLQ $2, R9
	XORQ CX, CX
b5col:
	CMPQ CX, DX
	JGE  b5done
	MASK16
	MOVQ      H+24(FP), R10
	LEAQ      (R10)(CX*4), R10
	VMOVUPS.Z (R10), K1, Z4
	VMOVUPS.Z (R10)(R8*1), K1, Z5
	LEAQ      (R10)(R8*2), R10
	VMOVUPS.Z (R10), K1, Z6
	VMOVUPS.Z (R10)(R8*1), K1, Z7
	VPXORD    Z0, Z0, Z0
	VPXORD    Z1, Z1, Z1
	VPXORD    Z2, Z2, Z2
	VPXORD    Z3, Z3, Z3
	MOVQ      W+8(FP), R12
	LEAQ      (R12)(CX*4), R12
	MOVQ      dW+16(FP), R13
	LEAQ      (R13)(CX*4), R13
	MOVQ      D+32(FP), BX
	MOVQ      rows+56(FP), SI
	MOVQ      nrows+64(FP), DI
	TESTQ     DI, DI
	JLE       b5store
b5row:
	MOVLQSX (SI), AX
	ADDQ    $4, SI
	LEAQ    (BX)(AX*4), R10
	VBROADCASTSS (R10), Z8
	VBROADCASTSS (R10)(R9*1), Z9
	LEAQ    (R10)(R9*2), R10
	VBROADCASTSS (R10), Z10
	VBROADCASTSS (R10)(R9*1), Z11
	IMULQ   R8, AX
	VMOVUPS.Z (R12)(AX*1), K1, Z12
	VMOVUPS.Z (R13)(AX*1), K1, Z13
	VFMADD231PS Z12, Z8, Z0
	VFMADD231PS Z12, Z9, Z1
	VFMADD231PS Z12, Z10, Z2
	VFMADD231PS Z12, Z11, Z3
	VFMADD231PS Z4, Z8, Z13
	VFMADD231PS Z5, Z9, Z13
	VFMADD231PS Z6, Z10, Z13
	VFMADD231PS Z7, Z11, Z13
	VMOVUPS Z13, K1, (R13)(AX*1)
	DECQ    DI
	JNZ     b5row
b5store:
	MOVQ    G+0(FP), R10
	LEAQ    (R10)(CX*4), R10
	VMOVUPS Z0, K1, (R10)
	VMOVUPS Z1, K1, (R10)(R8*1)
	LEAQ    (R10)(R8*2), R10
	VMOVUPS Z2, K1, (R10)
	VMOVUPS Z3, K1, (R10)(R8*1)
	ADDQ    $16, CX
	JMP     b5col
b5done:
	VZEROUPPER
	RET

// func backTile2(G, W, dW, H, D *float32, mp, np int, rows *int32, nrows int)
TEXT ·backTile2(SB), NOSPLIT, $0-72
	MOVQ mp+40(FP), DX
	LEAQ (DX*4), R8
	MOVQ np+48(FP), R9
	SHLQ $2, R9
	XORQ CX, CX
b2col:
	CMPQ CX, DX
	JGE  b2done
	MOVQ    H+24(FP), R10
	LEAQ    (R10)(CX*4), R10
	VMOVUPS (R10), Y4
	VMOVUPS (R10)(R8*1), Y5
	LEAQ    (R10)(R8*2), R10
	VMOVUPS (R10), Y6
	VMOVUPS (R10)(R8*1), Y7
	VXORPS  Y0, Y0, Y0
	VXORPS  Y1, Y1, Y1
	VXORPS  Y2, Y2, Y2
	VXORPS  Y3, Y3, Y3
	MOVQ    W+8(FP), R12
	LEAQ    (R12)(CX*4), R12
	MOVQ    dW+16(FP), R13
	LEAQ    (R13)(CX*4), R13
	MOVQ    D+32(FP), BX
	MOVQ    rows+56(FP), SI
	MOVQ    nrows+64(FP), DI
	TESTQ   DI, DI
	JLE     b2store
b2row:
	MOVLQSX (SI), AX
	ADDQ    $4, SI
	LEAQ    (BX)(AX*4), R10
	VBROADCASTSS (R10), Y8
	VBROADCASTSS (R10)(R9*1), Y9
	LEAQ    (R10)(R9*2), R10
	VBROADCASTSS (R10), Y10
	VBROADCASTSS (R10)(R9*1), Y11
	IMULQ   R8, AX
	VMOVUPS (R12)(AX*1), Y12
	VMOVUPS (R13)(AX*1), Y13
	VFMADD231PS Y12, Y8, Y0
	VFMADD231PS Y12, Y9, Y1
	VFMADD231PS Y12, Y10, Y2
	VFMADD231PS Y12, Y11, Y3
	VFMADD231PS Y4, Y8, Y13
	VFMADD231PS Y5, Y9, Y13
	VFMADD231PS Y6, Y10, Y13
	VFMADD231PS Y7, Y11, Y13
	VMOVUPS Y13, (R13)(AX*1)
	DECQ    DI
	JNZ     b2row
b2store:
	MOVQ    G+0(FP), R10
	LEAQ    (R10)(CX*4), R10
	VMOVUPS Y0, (R10)
	VMOVUPS Y1, (R10)(R8*1)
	LEAQ    (R10)(R8*2), R10
	VMOVUPS Y2, (R10)
	VMOVUPS Y3, (R10)(R8*1)
	ADDQ    $8, CX
	JMP     b2col
b2done:
	VZEROUPPER
	RET
