// Elementwise float32 loops for the hot ops of real models. The Swift generic versions call
// a closure per element (no vectorisation); these are plain loops the compiler vectorises,
// plus an AVX-512 exp for the sigmoid family, chosen at run time.
#include "CKernels.h"
#include <immintrin.h>
#include <math.h>

#define AVX512 __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,fma,avx2,avx")))

// y[i] = a[i*sa] op b[i*sb], sa and sb in {0, 1}: the inner run of a broadcast.
#define BINARY_LOOP(EXPR) \
    if (sa && sb) { for (long i = 0; i < n; i++) { float x = a[i], z = b[i]; y[i] = EXPR; } } \
    else if (sa) { float z = b[0]; for (long i = 0; i < n; i++) { float x = a[i]; y[i] = EXPR; } } \
    else if (sb) { float x = a[0]; for (long i = 0; i < n; i++) { float z = b[i]; y[i] = EXPR; } } \
    else { float x = a[0], z = b[0]; float v = EXPR; for (long i = 0; i < n; i++) y[i] = v; }

void pk_binary_f32(int op, const float *a, int sa, const float *b, int sb, float *y, long n) {
    switch (op) {
    case PK_ADD: BINARY_LOOP(x + z) break;
    case PK_SUB: BINARY_LOOP(x - z) break;
    case PK_MUL: BINARY_LOOP(x * z) break;
    case PK_DIV: BINARY_LOOP(x / z) break;
    default: break;
    }
}

// exp for 16 lanes: n = round(x / ln 2), r = x - n ln 2 (two-part constant), e^r by a
// degree-6 polynomial, then scaled by 2^n with vscalefps (which handles overflow to inf
// and underflow to 0). Relative error ~1-2 ulp over the float range.
AVX512 static inline __m512 exp16(__m512 x) {
    const __m512 log2e = _mm512_set1_ps(1.44269504088896341f);
    const __m512 ln2hi = _mm512_set1_ps(0.693359375f), ln2lo = _mm512_set1_ps(-2.12194440e-4f);
    x = _mm512_max_ps(_mm512_min_ps(x, _mm512_set1_ps(88.7f)), _mm512_set1_ps(-104.0f));
    __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, log2e), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps(n, ln2hi, x);
    r = _mm512_fnmadd_ps(n, ln2lo, r);
    __m512 p = _mm512_set1_ps(1.9875691500E-4f);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.3981999507E-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.3334519073E-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665795894E-2f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.6666665459E-1f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.0000001201E-1f));
    __m512 r2 = _mm512_mul_ps(r, r);
    p = _mm512_fmadd_ps(p, r2, _mm512_add_ps(r, _mm512_set1_ps(1.0f)));
    return _mm512_scalef_ps(p, n);
}

// Applies `f16` to full 16-lane blocks and to the tail through a masked load/store.
#define UNARY_AVX512(NAME, BODY) \
    AVX512 static void NAME(const float *x, float *y, long n, float p0, float p1) { \
        (void)p0; (void)p1; \
        long i = 0; \
        for (; i + 16 <= n; i += 16) { __m512 v = _mm512_loadu_ps(x + i); BODY; _mm512_storeu_ps(y + i, v); } \
        if (i < n) { __mmask16 m = (__mmask16)((1u << (n - i)) - 1); \
            __m512 v = _mm512_maskz_loadu_ps(m, x + i); BODY; _mm512_mask_storeu_ps(y + i, m, v); } \
    }

UNARY_AVX512(sigmoid512, { __m512 e = exp16(_mm512_sub_ps(_mm512_setzero_ps(), v));
                           v = _mm512_div_ps(_mm512_set1_ps(1.0f), _mm512_add_ps(_mm512_set1_ps(1.0f), e)); })
UNARY_AVX512(silu512, { __m512 e = exp16(_mm512_sub_ps(_mm512_setzero_ps(), v));
                        v = _mm512_div_ps(v, _mm512_add_ps(_mm512_set1_ps(1.0f), e)); })
UNARY_AVX512(exp512, { v = exp16(v); })

static int has_avx512 = -1;

void pk_unary_f32(int op, const float *x, float *y, long n, float p0, float p1) {
    if (has_avx512 < 0) has_avx512 = pk_avx512_available();
    switch (op) {
    case PK_RELU:
        for (long i = 0; i < n; i++) { float v = x[i]; y[i] = v > 0 ? v : (v == v ? 0 : v); }
        break;
    case PK_HARDSIGMOID:  // max(0, min(1, p0 * x + p1))
        for (long i = 0; i < n; i++) { float v = p0 * x[i] + p1; v = v < 1 ? v : 1; y[i] = v > 0 ? v : 0; }
        break;
    case PK_HARDSWISH:  // x * max(0, min(1, x / 6 + 1 / 2))
        for (long i = 0; i < n; i++) { float v = x[i] * (1.0f / 6) + 0.5f; v = v < 1 ? v : 1; v = v > 0 ? v : 0; y[i] = x[i] * v; }
        break;
    case PK_CLIP:
        for (long i = 0; i < n; i++) { float v = x[i]; v = v < p0 ? p0 : v; y[i] = v > p1 ? p1 : v; }
        break;
    case PK_LEAKYRELU:
        for (long i = 0; i < n; i++) { float v = x[i]; y[i] = v >= 0 ? v : p0 * v; }
        break;
    case PK_SIGMOID:
        if (has_avx512) { sigmoid512(x, y, n, p0, p1); break; }
        for (long i = 0; i < n; i++) { float v = x[i]; y[i] = v >= 0 ? 1 / (1 + expf(-v)) : expf(v) / (1 + expf(v)); }
        break;
    case PK_SILU:
        if (has_avx512) { silu512(x, y, n, p0, p1); break; }
        for (long i = 0; i < n; i++) { float v = x[i]; y[i] = v / (1 + expf(-v)); }
        break;
    case PK_EXP:
        if (has_avx512) { exp512(x, y, n, p0, p1); break; }
        for (long i = 0; i < n; i++) y[i] = expf(x[i]);
        break;
    default: break;
    }
}

void pk_sum_rows_f32(const float *x, long rows, long m, double scale, float *y) {
    for (long r = 0; r < rows; r++) {
        const float *p = x + r * m;
        // Eight independent double accumulators: exact enough to match a double-precision
        // reference and free of the serial dependency of one running sum.
        double acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        long i = 0;
        for (; i + 8 <= m; i += 8)
            for (int j = 0; j < 8; j++) acc[j] += p[i + j];
        double s = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
        for (; i < m; i++) s += p[i];
        y[r] = (float)(s * scale);
    }
}
