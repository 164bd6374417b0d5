// Lane masks for AVX-512 kernels. Private to CKernels (not in include/). Include after
// <immintrin.h>.
#ifndef PARITY_SIMD_MASK_H
#define PARITY_SIMD_MASK_H

// The first n of 16 lanes (none for n <= 0, all for n >= 16): the mask of a row's tail.
static inline __mmask16 first_n(long n) { return n >= 16 ? (__mmask16)0xFFFF : n <= 0 ? 0 : (__mmask16)((1u << n) - 1); }

#endif
