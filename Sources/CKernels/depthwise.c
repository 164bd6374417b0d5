// Depthwise 2-D convolution (one input channel per group) for float32 NCHW, the core of
// MobileNet and EfficientNet. Each input plane is first copied into a zero-padded scratch
// plane that covers every window, so every output is computed by the same unchecked loop:
// with AVX-512, 16 outputs of a row at a time (stride 2 picks the even elements of two
// loads; the row's tail uses masked loads and stores), else a plain scalar loop. Small
// planes (7x7, 14x14) are the norm in these networks, so there is no separate edge path.
#include "CKernels.h"
#include <immintrin.h>
#include <stdlib.h>
#include <string.h>

#define AVX512 __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,fma,avx2,avx")))

static inline __mmask16 first_n(long n) { return n >= 16 ? (__mmask16)0xFFFF : n <= 0 ? 0 : (__mmask16)((1u << n) - 1); }

// One output row: out[ow] = b0 + sum over taps of wt[kh][kw] * rows[kh][ow * s + kw * dw].
AVX512 static void dw_row_avx512(const float **rows, const float *wt, long KH, long KW, long s, long dw,
                                 long OW, float b0, float *out) {
    const __m512i evens = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    for (long ow = 0; ow < OW; ow += 16) {
        long n = OW - ow < 16 ? OW - ow : 16;
        __mmask16 m = first_n(n);
        // Stride 2 reads elements 0, 2, ..., 2(n-1) of the window start: the lower load
        // covers 0..15 and the upper 16..31, each masked to what is needed.
        __mmask16 ma = first_n(2 * (n - 1) + 1), mb = first_n(2 * (n - 1) + 1 - 16);
        __m512 acc = _mm512_set1_ps(b0);
        for (long kh = 0; kh < KH; kh++) {
            const float *r = rows[kh] + ow * s;
            for (long kw = 0; kw < KW; kw++) {
                const float *p = r + kw * dw;
                __m512 v;
                if (s == 1) {
                    v = _mm512_maskz_loadu_ps(m, p);
                } else {
                    __m512 a = _mm512_maskz_loadu_ps(ma, p), b = _mm512_maskz_loadu_ps(mb, p + 16);
                    v = _mm512_permutex2var_ps(a, evens, b);
                }
                acc = _mm512_fmadd_ps(_mm512_set1_ps(wt[kh * KW + kw]), v, acc);
            }
        }
        _mm512_mask_storeu_ps(out + ow, m, acc);
    }
}

static void dw_row_scalar(const float **rows, const float *wt, long KH, long KW, long s, long dw,
                          long OW, float b0, float *out) {
    for (long ow = 0; ow < OW; ow++) {
        float acc = b0;
        for (long kh = 0; kh < KH; kh++) {
            const float *r = rows[kh] + ow * s;
            for (long kw = 0; kw < KW; kw++) acc += wt[kh * KW + kw] * r[kw * dw];
        }
        out[ow] = acc;
    }
}

static int dw_avx512 = -1;

int pk_depthwise2d(const float *x, const float *w, const float *bias, float *y,
                   long channels, long mult, long H, long W, long OH, long OW,
                   long KH, long KW, long sh, long sw, long ph, long pw, long dh, long dw) {
    if (dw_avx512 < 0) dw_avx512 = pk_avx512_available();
    if (OH <= 0 || OW <= 0) return 0;
    // The padded plane spans every window: rows -ph .. (OH-1)*sh + (KH-1)*dh - ph.
    long PH = (OH - 1) * sh + (KH - 1) * dh + 1, PW = (OW - 1) * sw + (KW - 1) * dw + 1;
    // Stride-2 loads may touch 16 floats past the last needed element (masked, but keep the
    // address range valid): pad the allocation.
    float *plane = malloc(sizeof(float) * (PH * PW + 32));
    const float **rows = malloc(sizeof(float *) * (KH > 0 ? KH : 1));
    if (!plane || !rows) { free(plane); free(rows); return -1; }
    for (long ic = 0; ic < channels; ic++) {
        const float *src = x + ic * H * W;
        memset(plane, 0, sizeof(float) * (PH * PW + 32));
        for (long i = 0; i < PH; i++) {
            long ih = i - ph;
            if (ih < 0 || ih >= H) continue;
            // Columns j of the padded row map to input column j - pw.
            long j0 = pw > 0 ? pw : 0, j1 = W + pw < PW ? W + pw : PW;
            if (j1 > j0) memcpy(plane + i * PW + j0, src + ih * W + (j0 - pw), sizeof(float) * (j1 - j0));
        }
        for (long k = 0; k < mult; k++) {
            long oc = ic * mult + k;
            const float *wt = w + oc * KH * KW;
            float *dst = y + oc * OH * OW;
            float b0 = bias ? bias[oc] : 0.0f;
            for (long oh = 0; oh < OH; oh++) {
                for (long kh = 0; kh < KH; kh++) rows[kh] = plane + (oh * sh + kh * dh) * PW;
                if (dw_avx512) dw_row_avx512(rows, wt, KH, KW, sw, dw, OW, b0, dst + oh * OW);
                else dw_row_scalar(rows, wt, KH, KW, sw, dw, OW, b0, dst + oh * OW);
            }
        }
    }
    free(plane);
    free(rows);
    return 0;
}
