// Row helpers shared by the pooling and the small-channel convolution kernels: every s-th
// float of a row, and the maximum over a pooling window's columns. Private to CKernels
// (not in include/). Include after CKernels.h, <immintrin.h>, <string.h>, simd_mask.h and
// the AVX512 macro.
#ifndef PARITY_SIMD_ROWS_H
#define PARITY_SIMD_ROWS_H

// dst[i] = src[i * 2] for i < n, 16 per step; nothing past the 2n - 1 floats the row
// really has is read (whole loads while 32 floats lie inside them, masked ones after).
AVX512 static inline void strided_row2(const float *src, long n, float *dst) {
    const __m512i evens = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    long i = 0;
    for (; i + 17 <= n; i += 16)
        _mm512_storeu_ps(dst + i, _mm512_permutex2var_ps(_mm512_loadu_ps(src + 2 * i), evens, _mm512_loadu_ps(src + 2 * i + 16)));
    for (; i < n; i += 16) {
        long k = n - i < 16 ? n - i : 16;
        long reach = 2 * k - 1;   // floats of the source this step needs
        __m512 a = _mm512_maskz_loadu_ps(first_n(reach), src + 2 * i);
        __m512 b = _mm512_maskz_loadu_ps(first_n(reach - 16), src + 2 * i + 16);
        _mm512_mask_storeu_ps(dst + i, first_n(k), _mm512_permutex2var_ps(a, evens, b));
    }
}

// dst[i] = src[i * s] for i < n: a copy for s = 1, 16 per step for s = 2 on AVX-512
// (`avx512`: the caller's pk_avx512_available()), a loop otherwise.
static inline void strided_row(const float *src, long s, long n, float *dst, int avx512) {
    if (s == 1) memcpy(dst, src, sizeof(float) * (size_t)n);
    else if (s == 2 && avx512) strided_row2(src, n, dst);
    else for (long i = 0; i < n; i++) dst[i] = src[i * s];
}

// Window maxima over the columns of one row: out[o] = max over kw < KW of
// padded[o * sw + kw] for o < OW, where `padded` is the row with its leading padding
// (column c at padded[pad + c]) and -infinity wherever there is no column, far enough
// right that every vector it loads lies inside ((OW rounded up to 16) * sw + KW + 16
// floats). A NaN in a window gives NaN: vmaxps alone would drop it (it returns its second
// operand when either is NaN), so a mask records the lanes that saw one. Strides 1 and 2
// load whole vectors; others gather (32-bit indices: the caller keeps sw and KW small).
AVX512 static inline void max_over_columns(const float *padded, long OW, long KW, long sw, float *out) {
    const __m512i evens = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    for (long o = 0; o < OW; o += 16) {
        __m512 m = _mm512_set1_ps(-__builtin_inff());
        __mmask16 nan = 0;
        const float *base = padded + o * sw;
        for (long kw = 0; kw < KW; kw++) {
            __m512 v;
            if (sw == 1) {
                v = _mm512_loadu_ps(base + kw);
            } else if (sw == 2) {
                v = _mm512_permutex2var_ps(_mm512_loadu_ps(base + kw), evens, _mm512_loadu_ps(base + kw + 16));
            } else {
                __m512i idx = _mm512_add_epi32(_mm512_mullo_epi32(lane, _mm512_set1_epi32((int)sw)), _mm512_set1_epi32((int)kw));
                v = _mm512_i32gather_ps(idx, base, 4);
            }
            m = _mm512_max_ps(m, v);
            nan |= _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q);
        }
        _mm512_mask_storeu_ps(out + o, first_n(OW - o), _mm512_mask_blend_ps(nan, m, _mm512_set1_ps(__builtin_nanf(""))));
    }
}

#endif
