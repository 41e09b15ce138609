//go:build amd64 && !purego && !noasm

#include "textflag.h"

// LR_PAIR(lo, hi, shuf, a, b, out): out = shuf(a, b, lo) + shuf(a, b, hi); clobbers a.
#define LR_PAIR(lo, hi, shuf, a, b, out) \
	shuf $lo, b, a, out; \
	shuf $hi, b, a, a; \
	VADDPS a, out, out

// func laneReduce(dst, acc *float32, count int)
// dst[k] += Σ_l acc[k][l] over the 16 lanes l, for k < count (acc `[count][16]`, readable up to count rounded up
// to 16 vectors; what lies past count is read but never stored). Sixteen vectors at a time by a transposing tree:
// pairs of vectors are shuffled together and added at 256-, 128- and 64-bit and then 32-bit granularity, leaving
// their sums in the order of laneReorder<>, which VPERMPS undoes.
TEXT ·laneReduce(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ acc+8(FP), SI
	MOVQ count+16(FP), DX
	VMOVDQU32 laneReorder<>(SB), Z31
	XORQ CX, CX
lrloop:
	CMPQ CX, DX
	JGE  lrdone
	MOVQ DX, AX
	SUBQ CX, AX
	MOVL $16, R11
	CMPQ AX, R11
	CMOVQGT R11, AX
	MOVL $0xFFFF, R11
	BZHIL AX, R11, R11
	KMOVW R11, K1
	VMOVUPS 0(SI), Z0
	VMOVUPS 64(SI), Z1
	VMOVUPS 128(SI), Z2
	VMOVUPS 192(SI), Z3
	VMOVUPS 256(SI), Z4
	VMOVUPS 320(SI), Z5
	VMOVUPS 384(SI), Z6
	VMOVUPS 448(SI), Z7
	VMOVUPS 512(SI), Z8
	VMOVUPS 576(SI), Z9
	VMOVUPS 640(SI), Z10
	VMOVUPS 704(SI), Z11
	VMOVUPS 768(SI), Z12
	VMOVUPS 832(SI), Z13
	VMOVUPS 896(SI), Z14
	VMOVUPS 960(SI), Z15
	// 256-bit halves: pair (2k, 2k+1) → Z16+k, 128-bit chunks [a0+a2, a1+a3, b0+b2, b1+b3].
	LR_PAIR(0x44, 0xEE, VSHUFF32X4, Z0, Z1, Z16)
	LR_PAIR(0x44, 0xEE, VSHUFF32X4, Z2, Z3, Z17)
	LR_PAIR(0x44, 0xEE, VSHUFF32X4, Z4, Z5, Z18)
	LR_PAIR(0x44, 0xEE, VSHUFF32X4, Z6, Z7, Z19)
	LR_PAIR(0x44, 0xEE, VSHUFF32X4, Z8, Z9, Z20)
	LR_PAIR(0x44, 0xEE, VSHUFF32X4, Z10, Z11, Z21)
	LR_PAIR(0x44, 0xEE, VSHUFF32X4, Z12, Z13, Z22)
	LR_PAIR(0x44, 0xEE, VSHUFF32X4, Z14, Z15, Z23)
	// 128-bit chunks: chunk c of Z24+k holds 4 partial sums of vector 4k+c.
	LR_PAIR(0x88, 0xDD, VSHUFF32X4, Z16, Z17, Z24)
	LR_PAIR(0x88, 0xDD, VSHUFF32X4, Z18, Z19, Z25)
	LR_PAIR(0x88, 0xDD, VSHUFF32X4, Z20, Z21, Z26)
	LR_PAIR(0x88, 0xDD, VSHUFF32X4, Z22, Z23, Z27)
	// 64-bit pairs within chunks: chunk c of Z28 holds 2 partials of vectors c, 4+c; Z29 of 8+c, 12+c.
	LR_PAIR(0x44, 0xEE, VSHUFPS, Z24, Z25, Z28)
	LR_PAIR(0x44, 0xEE, VSHUFPS, Z26, Z27, Z29)
	// Float c·4+p of Z30 is the sum of vector 4p+c.
	LR_PAIR(0x88, 0xDD, VSHUFPS, Z28, Z29, Z30)
	VPERMPS Z30, Z31, Z30
	VMOVUPS.Z (DI)(CX*4), K1, Z0
	VADDPS  Z30, Z0, Z0
	VMOVUPS Z0, K1, (DI)(CX*4)
	ADDQ $16, CX
	ADDQ $1024, SI
	JMP  lrloop
lrdone:
	VZEROUPPER
	RET

// laneReorder<>: lane k takes float 4·(k mod 4) + k/4 of the tree's result.
DATA laneReorder<>+0(SB)/4, $0
DATA laneReorder<>+4(SB)/4, $4
DATA laneReorder<>+8(SB)/4, $8
DATA laneReorder<>+12(SB)/4, $12
DATA laneReorder<>+16(SB)/4, $1
DATA laneReorder<>+20(SB)/4, $5
DATA laneReorder<>+24(SB)/4, $9
DATA laneReorder<>+28(SB)/4, $13
DATA laneReorder<>+32(SB)/4, $2
DATA laneReorder<>+36(SB)/4, $6
DATA laneReorder<>+40(SB)/4, $10
DATA laneReorder<>+44(SB)/4, $14
DATA laneReorder<>+48(SB)/4, $3
DATA laneReorder<>+52(SB)/4, $7
DATA laneReorder<>+56(SB)/4, $11
DATA laneReorder<>+60(SB)/4, $15
GLOBL laneReorder<>(SB), RODATA|NOPTR, $64
