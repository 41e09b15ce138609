// Shared macros of the vector assembly.

// MASK16 sets K1 to the lanes of the 16-lane vector at float index CX of a row of DX floats: the low min(16,
// DX − CX) bits (BZHI reads only the index's low byte, hence the clamp). Clobbers AX and R11.
#define MASK16 \
	MOVQ DX, AX; \
	SUBQ CX, AX; \
	MOVL $16, R11; \
	CMPQ AX, R11; \
	CMOVQGT R11, AX; \
	MOVL $0xFFFF, R11; \
	BZHIL AX, R11, R11; \
	KMOVW R11, K1
