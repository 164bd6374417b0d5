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

#include "simd_exp.h"
#include "simd_mask.h"

// erf for 16 lanes: x * P(x^2) / Q(x^2) on [-4, 4] (beyond, erf is +-1 in float), the
// rational form Eigen uses for float. Max abs error 4.2e-7 against double erf (measured
// over [-8, 8] in steps of 1e-5).
AVX512 static inline __m512 erf16(__m512 x) {
    x = _mm512_max_ps(_mm512_min_ps(x, _mm512_set1_ps(4.0f)), _mm512_set1_ps(-4.0f));
    __m512 x2 = _mm512_mul_ps(x, x);
    __m512 p = _mm512_set1_ps(-2.72614225801306e-10f);
    p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(2.77068142495902e-08f));
    p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(-2.10102402082508e-06f));
    p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(-5.69250639462346e-05f));
    p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(-7.34990630326855e-04f));
    p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(-2.95459980854025e-03f));
    p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(-1.60960333262415e-02f));
    __m512 q = _mm512_set1_ps(-1.45660718464996e-05f);
    q = _mm512_fmadd_ps(q, x2, _mm512_set1_ps(-2.13374055278905e-04f));
    q = _mm512_fmadd_ps(q, x2, _mm512_set1_ps(-1.68282697438203e-03f));
    q = _mm512_fmadd_ps(q, x2, _mm512_set1_ps(-7.37332916720468e-03f));
    q = _mm512_fmadd_ps(q, x2, _mm512_set1_ps(-1.42647390514189e-02f));
    return _mm512_div_ps(_mm512_mul_ps(x, p), q);
}

// Applies `f16` to full 16-lane blocks and to the tail through a masked load/store.
#define UNARY_AVX512(NAME, BODY) \
    AVX512 static void NAME(const float *x, float *y, long n, float p0, float p1) { \
        (void)p0; (void)p1; \
        long i = 0; \
        for (; i + 16 <= n; i += 16) { __m512 v = _mm512_loadu_ps(x + i); BODY; _mm512_storeu_ps(y + i, v); } \
        if (i < n) { __mmask16 m = first_n(n - i); \
            __m512 v = _mm512_maskz_loadu_ps(m, x + i); BODY; _mm512_mask_storeu_ps(y + i, m, v); } \
    }

UNARY_AVX512(sigmoid512, { __m512 e = exp16(_mm512_sub_ps(_mm512_setzero_ps(), v));
                           v = _mm512_div_ps(_mm512_set1_ps(1.0f), _mm512_add_ps(_mm512_set1_ps(1.0f), e)); })
UNARY_AVX512(silu512, { v = silu16(v); })
UNARY_AVX512(exp512, { v = exp16(v); })
UNARY_AVX512(erf512, {
                       __mmask16 isnan = _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q);
                       v = _mm512_mask_mov_ps(erf16(v), isnan, v); })
UNARY_AVX512(gelu512, { __mmask16 isnan = _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q);
                        __m512 e = erf16(_mm512_mul_ps(v, _mm512_set1_ps(0.70710678118654752f)));
                        __m512 g = _mm512_mul_ps(_mm512_mul_ps(_mm512_set1_ps(0.5f), v), _mm512_add_ps(_mm512_set1_ps(1.0f), e));
                        v = _mm512_mask_mov_ps(g, isnan, v); })

// The piecewise-linear activations, with the portable loops' exact comparisons (a NaN goes
// where the portable `?:` sends it) and their rounding (multiply, then add: no FMA). The
// portable loops ran at ~0.4 ns per element, these at memory speed; MobileNetV3's
// HardSwish/HardSigmoid and every unfused Relu use them.
#define SPLAT(f) _mm512_set1_ps(f)
UNARY_AVX512(relu512, { __mmask16 keep = _mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_GT_OQ) | _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q);
                        v = _mm512_maskz_mov_ps(keep, v); })
UNARY_AVX512(hardsigmoid512, { v = _mm512_add_ps(_mm512_mul_ps(SPLAT(p0), v), SPLAT(p1));
                               v = _mm512_mask_mov_ps(SPLAT(1.0f), _mm512_cmp_ps_mask(v, SPLAT(1.0f), _CMP_LT_OQ), v);
                               v = _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_GT_OQ), v); })
UNARY_AVX512(hardswish512, { v = hardswish16(v); })
UNARY_AVX512(clip512, { v = _mm512_mask_mov_ps(v, _mm512_cmp_ps_mask(v, SPLAT(p0), _CMP_LT_OQ), SPLAT(p0));
                        v = _mm512_mask_mov_ps(v, _mm512_cmp_ps_mask(v, SPLAT(p1), _CMP_GT_OQ), SPLAT(p1)); })
UNARY_AVX512(leakyrelu512, { v = _mm512_mask_mov_ps(_mm512_mul_ps(SPLAT(p0), v), _mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_GE_OQ), v); })

static int has_avx512 = -1;

void pk_unary_f32(int op, const float *x, float *y, long n, float p0, float p1) {
    if (has_avx512 < 0) has_avx512 = pk_avx512_available();
    switch (op) {
    case PK_RELU:
        if (has_avx512) { relu512(x, y, n, p0, p1); break; }
        for (long i = 0; i < n; i++) { float v = x[i]; y[i] = v > 0 ? v : (v == v ? 0 : v); }
        break;
    case PK_HARDSIGMOID:  // max(0, min(1, p0 * x + p1))
        if (has_avx512) { hardsigmoid512(x, y, n, p0, p1); break; }
        for (long i = 0; i < n; i++) { float v = p0 * x[i] + p1; v = v < 1 ? v : 1; y[i] = v > 0 ? v : 0; }
        break;
    case PK_HARDSWISH:  // x * max(0, min(1, x / 6 + 1 / 2))
        if (has_avx512) { hardswish512(x, y, n, p0, p1); break; }
        for (long i = 0; i < n; i++) y[i] = hardswish1(x[i]);
        break;
    case PK_CLIP:
        if (has_avx512) { clip512(x, y, n, p0, p1); break; }
        for (long i = 0; i < n; i++) { float v = x[i]; v = v < p0 ? p0 : v; y[i] = v > p1 ? p1 : v; }
        break;
    case PK_LEAKYRELU:
        if (has_avx512) { leakyrelu512(x, y, n, p0, p1); break; }
        for (long i = 0; i < n; i++) { float v = x[i]; y[i] = v >= 0 ? v : p0 * v; }
        break;
    case PK_SIGMOID:
        if (has_avx512) { sigmoid512(x, y, n, p0, p1); break; }
        for (long i = 0; i < n; i++) y[i] = sigmoid1(x[i]);
        break;
    case PK_SILU:
        if (has_avx512) { silu512(x, y, n, p0, p1); break; }
        for (long i = 0; i < n; i++) y[i] = silu1(x[i]);
        break;
    case PK_EXP:
        if (has_avx512) { exp512(x, y, n, p0, p1); break; }
        for (long i = 0; i < n; i++) y[i] = expf(x[i]);
        break;
    case PK_ERF:
        if (has_avx512) { erf512(x, y, n, p0, p1); break; }
        for (long i = 0; i < n; i++) y[i] = erff(x[i]);
        break;
    case PK_GELU:
        if (has_avx512) { gelu512(x, y, n, p0, p1); break; }
        for (long i = 0; i < n; i++) y[i] = 0.5f * x[i] * (1 + erff(x[i] * 0.70710678118654752f));
        break;
    default: break;
    }
}

// The AVX-512 form: 32 floats widened to doubles per step into four vector accumulators
// (the portable loop below, compiled for baseline x86-64, widens two at a time and was 2x
// onnxruntime on EfficientNet's squeeze-and-excitation means).
AVX512 static void sum_rows512(const float *x, long rows, long m, double scale, float *y) {
    for (long r = 0; r < rows; r++) {
        const float *p = x + r * m;
        __m512d a0 = _mm512_setzero_pd(), a1 = a0, a2 = a0, a3 = a0;
        long i = 0;
        for (; i + 32 <= m; i += 32) {
            a0 = _mm512_add_pd(a0, _mm512_cvtps_pd(_mm256_loadu_ps(p + i)));
            a1 = _mm512_add_pd(a1, _mm512_cvtps_pd(_mm256_loadu_ps(p + i + 8)));
            a2 = _mm512_add_pd(a2, _mm512_cvtps_pd(_mm256_loadu_ps(p + i + 16)));
            a3 = _mm512_add_pd(a3, _mm512_cvtps_pd(_mm256_loadu_ps(p + i + 24)));
        }
        for (; i + 8 <= m; i += 8) a0 = _mm512_add_pd(a0, _mm512_cvtps_pd(_mm256_loadu_ps(p + i)));
        double s = _mm512_reduce_add_pd(_mm512_add_pd(_mm512_add_pd(a0, a1), _mm512_add_pd(a2, a3)));
        for (; i < m; i++) s += p[i];
        y[r] = (float)(s * scale);
    }
}

void pk_sum_rows_f32(const float *x, long rows, long m, double scale, float *y) {
    if (has_avx512 < 0) has_avx512 = pk_avx512_available();
    if (has_avx512) { sum_rows512(x, rows, m, scale, y); return; }
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

// The AVX-512 softmax: a vector max, then exp(x - max) stored while its sum accumulates
// in double (widened, two accumulators), then the scale. The same exp as the portable
// path with exp512; the max and the sum only differ in order. The portable loops (max,
// subtract, sum and scale one float at a time around exp512) took 0.93 ns per element:
// vit_b_16's softmaxes 5.2 ms against onnxruntime's 1.5 ms.
AVX512 static void softmax_rows512(const float *x, float *y, long rows, long n) {
    for (long r = 0; r < rows; r++) {
        const float *p = x + r * n;
        float *o = y + r * n;
        __m512 mv = _mm512_set1_ps(p[0]);
        long i = 0;
        for (; i + 16 <= n; i += 16) mv = _mm512_max_ps(_mm512_loadu_ps(p + i), mv);
        float m = _mm512_reduce_max_ps(mv);
        for (; i < n; i++) if (p[i] > m) m = p[i];
        // A NaN anywhere makes its exp, the sum and so the whole row NaN, as in the
        // portable path; a NaN max does the same.
        if (p[0] != p[0]) m = p[0];
        const __m512 mb = _mm512_set1_ps(m);
        __m512d a0 = _mm512_setzero_pd(), a1 = a0;
        for (i = 0; i < n; i += 16) {
            __mmask16 k = first_n(n - i);
            __m512 e = exp16(_mm512_sub_ps(_mm512_maskz_loadu_ps(k, p + i), mb));
            e = _mm512_maskz_mov_ps(k, e);
            _mm512_mask_storeu_ps(o + i, k, e);
            a0 = _mm512_add_pd(a0, _mm512_cvtps_pd(_mm512_castps512_ps256(e)));
            a1 = _mm512_add_pd(a1, _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(e), 1))));
        }
        double sum = _mm512_reduce_add_pd(_mm512_add_pd(a0, a1));
        const __m512 inv = _mm512_set1_ps((float)(1.0 / sum));
        for (i = 0; i < n; i += 16) {
            __mmask16 k = first_n(n - i);
            _mm512_mask_storeu_ps(o + i, k, _mm512_mul_ps(_mm512_maskz_loadu_ps(k, o + i), inv));
        }
    }
}

// Softmax along rows of length n: max, exp(x - max) (AVX-512 exp when available) with a
// double sum, then a scale. A row containing NaN becomes NaN through the arithmetic.
void pk_softmax_rows_f32(const float *x, float *y, long rows, long n) {
    if (has_avx512 < 0) has_avx512 = pk_avx512_available();
    if (has_avx512 && n > 0) { softmax_rows512(x, y, rows, n); return; }
    for (long r = 0; r < rows; r++) {
        const float *p = x + r * n;
        float *o = y + r * n;
        float m = p[0];
        for (long i = 1; i < n; i++) if (p[i] > m) m = p[i];
        for (long i = 0; i < n; i++) o[i] = p[i] - m;
        if (has_avx512) exp512(o, o, n, 0, 0); else for (long i = 0; i < n; i++) o[i] = expf(o[i]);
        double acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        long i = 0;
        for (; i + 8 <= n; i += 8) for (int j = 0; j < 8; j++) acc[j] += o[i + j];
        double s = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
        for (; i < n; i++) s += o[i];
        float inv = (float)(1.0 / s);
        for (long k = 0; k < n; k++) o[k] *= inv;
    }
}

// The AVX-512 layer norm: mean and variance in double (widened, two passes as in the
// portable loop), then (x - mean) * inv * scale + bias in float with the portable loop's
// roundings (no FMA). The portable loops summed one float at a time into one double:
// vit_b_16's 25 layer norms took 4.9 ms against onnxruntime's 1.5 ms.
AVX512 static void layernorm_rows512(const float *x, const float *scale, const float *bias, float *y,
                                     long rows, long n, float eps, float *meanOut, float *invStdOut) {
    for (long r = 0; r < rows; r++) {
        const float *p = x + r * n;
        float *o = y + r * n;
        __m512d s0 = _mm512_setzero_pd(), s1 = s0;
        long i = 0;
        for (; i + 16 <= n; i += 16) {
            s0 = _mm512_add_pd(s0, _mm512_cvtps_pd(_mm256_loadu_ps(p + i)));
            s1 = _mm512_add_pd(s1, _mm512_cvtps_pd(_mm256_loadu_ps(p + i + 8)));
        }
        double s = _mm512_reduce_add_pd(_mm512_add_pd(s0, s1));
        for (; i < n; i++) s += p[i];
        double mean = s / n;
        const __m512d md = _mm512_set1_pd(mean);
        __m512d v0 = _mm512_setzero_pd(), v1 = v0;
        for (i = 0; i + 16 <= n; i += 16) {
            __m512d d0 = _mm512_sub_pd(_mm512_cvtps_pd(_mm256_loadu_ps(p + i)), md);
            __m512d d1 = _mm512_sub_pd(_mm512_cvtps_pd(_mm256_loadu_ps(p + i + 8)), md);
            v0 = _mm512_fmadd_pd(d0, d0, v0);
            v1 = _mm512_fmadd_pd(d1, d1, v1);
        }
        double v = _mm512_reduce_add_pd(_mm512_add_pd(v0, v1));
        for (; i < n; i++) { double d = p[i] - mean; v += d * d; }
        float inv = (float)(1.0 / sqrt(v / n + eps));
        float mf = (float)mean;
        if (meanOut) meanOut[r] = mf;
        if (invStdOut) invStdOut[r] = inv;
        const __m512 mb = _mm512_set1_ps(mf), ib = _mm512_set1_ps(inv);
        for (i = 0; i < n; i += 16) {
            __mmask16 k = first_n(n - i);
            __m512 t = _mm512_mul_ps(_mm512_sub_ps(_mm512_maskz_loadu_ps(k, p + i), mb), ib);
            if (scale) t = _mm512_mul_ps(t, _mm512_maskz_loadu_ps(k, scale + i));
            if (bias) t = _mm512_add_ps(t, _mm512_maskz_loadu_ps(k, bias + i));
            _mm512_mask_storeu_ps(o + i, k, t);
        }
    }
}

// LayerNormalization over rows of length n: mean and variance in double (two passes),
// y = (x - mean) * rsqrt(var + eps) * scale + bias, with scale/bias per position (or null).
void pk_layernorm_rows_f32(const float *x, const float *scale, const float *bias, float *y,
                           long rows, long n, float eps, float *meanOut, float *invStdOut) {
    if (has_avx512 < 0) has_avx512 = pk_avx512_available();
    if (has_avx512 && n > 0) { layernorm_rows512(x, scale, bias, y, rows, n, eps, meanOut, invStdOut); return; }
    for (long r = 0; r < rows; r++) {
        const float *p = x + r * n;
        float *o = y + r * n;
        double s = 0;
        for (long i = 0; i < n; i++) s += p[i];
        double mean = n > 0 ? s / n : 0;
        double v = 0;
        for (long i = 0; i < n; i++) { double d = p[i] - mean; v += d * d; }
        double var = n > 0 ? v / n : 0;
        float inv = (float)(1.0 / sqrt(var + eps));
        float mf = (float)mean;
        if (meanOut) meanOut[r] = mf;
        if (invStdOut) invStdOut[r] = inv;
        for (long i = 0; i < n; i++) {
            float t = (p[i] - mf) * inv;
            if (scale) t *= scale[i];
            if (bias) t += bias[i];
            o[i] = t;
        }
    }
}
