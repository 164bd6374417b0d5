// 2-D max pooling for float32, NCHW planes, no dilation: the loop nest the Swift generic
// version could not get the compiler to tighten (it ran at ~4 ns per tap).
//
// Separable: for each output row, first the maximum over the window's rows, element by
// element across the whole input row (contiguous, vectorised), then the maximum over each
// window's columns of that row. On AVX-512 both passes take 16 elements per step (resnet18's
// 64 x 112 x 112 pooling: 1.15 ms with 9 data-dependent branches per output, 0.56 ms with
// the separable portable loop, 0.1 ms with the AVX-512 one); other CPUs run the portable loop.
//
// NaN: a NaN anywhere in a window makes that output NaN (as torch's max_pool2d does).
#include "CKernels.h"
#include <immintrin.h>
#include <stdlib.h>
#include <string.h>
#include "simd_mask.h"

static inline long lmax(long a, long b) { return a > b ? a : b; }
static inline long lmin(long a, long b) { return a < b ? a : b; }

// NaN-propagating maximum: once m is NaN it stays NaN; a NaN v replaces m.
static inline float nanmax(float m, float v) { return (v > m || v != v) ? v : m; }

#define AVX512 __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,fma,avx2,avx")))
#include "simd_rows.h"

// AVX-512 version: the row maximum 16 inputs per step, then the window maximum 16 outputs
// per step on a copy of that row with -infinity on both sides (so every window lies inside
// it: -infinity never wins, which is exactly clipping the window to the input).
// NaN: vmaxps alone would drop a NaN (it returns its second operand when either is NaN),
// so each pass keeps a mask of the lanes that saw one and stores NaN there (the column
// pass is `max_over_columns`, shared with the small-channel convolution's pooling). Three
// compares, two mask operations and a blend per tap before: resnet18's 64 x 112 x 112
// pooling 0.173 -> 0.130 ms.
AVX512 static int maxpool2d_avx512(const float *x, float *y, long planes, long H, long W, long OH, long OW,
                                   long KH, long KW, long sh, long sw, long ph, long pw) {
    long span = (OW + 16) * sw + KW + 32;
    long padded = pw + (W > span ? W : span) + 32;
    float *buf = malloc(sizeof(float) * (size_t)padded);
    if (!buf) return 1;
    const __m512 ninf = _mm512_set1_ps(-__builtin_inff()), qnan = _mm512_set1_ps(__builtin_nanf(""));
    for (long i = 0; i < padded; i++) buf[i] = -__builtin_inff();
    float *row = buf + pw;
    for (long p = 0; p < planes; p++) {
        const float *src = x + p * H * W;
        float *dst = y + p * OH * OW;
        for (long oh = 0; oh < OH; oh++) {
            long h0 = oh * sh - ph;
            long kh0 = lmax(0, -h0), kh1 = lmin(KH, H - h0);
            for (long w = 0; w < W; w += 16) {
                __mmask16 mk = first_n(W - w);
                __m512 m = ninf;
                __mmask16 nan = 0;
                // The two rows the next output row adds, fetched while these compute: from
                // memory (resnet18 at batch 8: a 26 MB input) the loop ran at 4.7 GB/s
                // without it, 13 GB/s with it (5.5 -> 2.0 ms).
                if (h0 + kh1 + 2 < H) _mm_prefetch((const char *)(src + (h0 + kh1 + 2) * W + w), _MM_HINT_T0);
                if (h0 + kh1 + 3 < H) _mm_prefetch((const char *)(src + (h0 + kh1 + 3) * W + w), _MM_HINT_T0);
                for (long kh = kh0; kh < kh1; kh++) {
                    __m512 v = _mm512_maskz_loadu_ps(mk, src + (h0 + kh) * W + w);
                    m = _mm512_max_ps(m, v);
                    nan |= _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q);
                }
                _mm512_mask_storeu_ps(row + w, mk, _mm512_mask_blend_ps(nan, m, qnan));
            }
            max_over_columns(buf, OW, KW, sw, dst + oh * OW);
        }
    }
    free(buf);
    return 0;
}

int pk_maxpool2d_portable(const float *x, float *y, long planes, long H, long W, long OH, long OW,
                          long KH, long KW, long sh, long sw, long ph, long pw) {
    float stackRow[1024];
    float *rowMax = W <= 1024 ? stackRow : malloc(sizeof(float) * (size_t)W);
    if (!rowMax) return 1;
    for (long p = 0; p < planes; p++) {
        const float *src = x + p * H * W;
        float *dst = y + p * OH * OW;
        for (long oh = 0; oh < OH; oh++) {
            long h0 = oh * sh - ph;
            long kh0 = lmax(0, -h0), kh1 = lmin(KH, H - h0);
            if (kh1 <= kh0) {
                // The window lies wholly in the padding (pads as large as the kernel).
                for (long ow = 0; ow < OW; ow++) dst[oh * OW + ow] = -__builtin_inff();
                continue;
            }
            const float *first = src + (h0 + kh0) * W;
            for (long w = 0; w < W; w++) rowMax[w] = first[w];
            for (long kh = kh0 + 1; kh < kh1; kh++) {
                const float *row = src + (h0 + kh) * W;
                for (long w = 0; w < W; w++) rowMax[w] = nanmax(rowMax[w], row[w]);
            }
            float *out = dst + oh * OW;
            for (long ow = 0; ow < OW; ow++) {
                long w0 = ow * sw - pw;
                long kw0 = lmax(0, -w0), kw1 = lmin(KW, W - w0);
                float m = -__builtin_inff();
                for (long kw = kw0; kw < kw1; kw++) m = nanmax(m, rowMax[w0 + kw]);
                out[ow] = m;
            }
        }
    }
    if (rowMax != stackRow) free(rowMax);
    return 0;
}

int pk_maxpool2d(const float *x, float *y, long planes, long H, long W, long OH, long OW,
                 long KH, long KW, long sh, long sw, long ph, long pw) {
    static int avx512 = -1;
    if (avx512 < 0) avx512 = pk_avx512_available();
    // (gather indices are 32-bit: absurd strides take the portable loop)
    if (avx512 && sw < (1L << 20) && KW < (1L << 20) && pw >= 0 && pw < (1L << 20))
        return maxpool2d_avx512(x, y, planes, H, W, OH, OW, KH, KW, sh, sw, ph, pw);
    return pk_maxpool2d_portable(x, y, planes, H, W, OH, OW, KH, KW, sh, sw, ph, pw);
}

// Every sh-th row and sw-th column of each plane: y[p][oh][ow] = x[p][oh * sh][ow * sw] for
// planes [p0, p1). A 1x1 convolution with stride reads exactly these pixels; gathered by the
// implicit GEMM column panel by column panel, 16 pixels from each of K planes at a time,
// the loads missed the caches once the image had left L2 (resnet18's downsampling 1x1s at
// batch 8).
void pk_subsample2d(const float *x, long H, long W, long sh, long sw, long OH, long OW, long p0, long p1, float *y) {
    static int avx512 = -1;
    if (avx512 < 0) avx512 = pk_avx512_available();
    for (long p = p0; p < p1; p++)
        for (long oh = 0; oh < OH; oh++) strided_row(x + (p * H + oh * sh) * W, sw, OW, y + (p * OH + oh) * OW, avx512);
}
