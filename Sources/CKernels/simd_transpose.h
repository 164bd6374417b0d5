// 16 x 16 float transpose for AVX-512 kernels (depthwise convolution's channel blocks,
// GEMM weight packing). Private to CKernels (not in include/). Include after
// <immintrin.h> and the AVX512 macro.
#ifndef PARITY_SIMD_TRANSPOSE_H
#define PARITY_SIMD_TRANSPOSE_H

// 16 x 16 transpose: out[j] lane i = in[i] lane j.
AVX512 static inline void transpose16(const __m512 *in, __m512 *out) {
    __m512 t[16], u[16];
    for (int i = 0; i < 8; i++) {
        t[2 * i] = _mm512_unpacklo_ps(in[2 * i], in[2 * i + 1]);
        t[2 * i + 1] = _mm512_unpackhi_ps(in[2 * i], in[2 * i + 1]);
    }
    // u[4i + k], 128-bit lane L: column 4L + k of rows 4i .. 4i + 3.
    for (int i = 0; i < 4; i++) {
        u[4 * i + 0] = _mm512_shuffle_ps(t[4 * i + 0], t[4 * i + 2], 0x44);
        u[4 * i + 1] = _mm512_shuffle_ps(t[4 * i + 0], t[4 * i + 2], 0xEE);
        u[4 * i + 2] = _mm512_shuffle_ps(t[4 * i + 1], t[4 * i + 3], 0x44);
        u[4 * i + 3] = _mm512_shuffle_ps(t[4 * i + 1], t[4 * i + 3], 0xEE);
    }
    for (int k = 0; k < 4; k++) {
        __m512 v0 = _mm512_shuffle_f32x4(u[k], u[4 + k], 0x88), v1 = _mm512_shuffle_f32x4(u[k], u[4 + k], 0xDD);
        __m512 w0 = _mm512_shuffle_f32x4(u[8 + k], u[12 + k], 0x88), w1 = _mm512_shuffle_f32x4(u[8 + k], u[12 + k], 0xDD);
        out[k] = _mm512_shuffle_f32x4(v0, w0, 0x88);
        out[8 + k] = _mm512_shuffle_f32x4(v0, w0, 0xDD);
        out[4 + k] = _mm512_shuffle_f32x4(v1, w1, 0x88);
        out[12 + k] = _mm512_shuffle_f32x4(v1, w1, 0xDD);
    }
}

#endif
