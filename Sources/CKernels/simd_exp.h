// exp and SiLU for 16 float lanes, shared by the elementwise kernels and the GEMM
// epilogue so that a SiLU fused into a convolution rounds exactly as the SiLU op does.
// Private to CKernels (not in include/). Include after CKernels.h, <immintrin.h>, <math.h>
// and the AVX512 macro.
#ifndef PARITY_SIMD_EXP_H
#define PARITY_SIMD_EXP_H

// exp for 16 lanes: n = round(x / ln 2), r = x - n ln 2 (two-part constant), e^r by a
// degree-6 polynomial, then scaled by 2^n with vscalefps (which handles overflow to inf
// and underflow to 0). Relative error ~1-2 ulp over the float range; NaN gives NaN.
AVX512 static inline __m512 exp16(__m512 x) {
    const __m512 log2e = _mm512_set1_ps(1.44269504088896341f);
    const __m512 ln2hi = _mm512_set1_ps(0.693359375f), ln2lo = _mm512_set1_ps(-2.12194440e-4f);
    // (min/max return their second operand when either is NaN: x second keeps a NaN.)
    x = _mm512_max_ps(_mm512_set1_ps(-104.0f), _mm512_min_ps(_mm512_set1_ps(88.7f), x));
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

// Scalar sigmoid, the portable loops' form (no overflow of expf for either sign), and
// x * sigmoid(x) from it: the elementwise kernel's portable SiLU and the GEMM epilogue's
// scalar path both use these.
static inline float sigmoid1(float v) { return v >= 0 ? 1 / (1 + expf(-v)) : expf(v) / (1 + expf(v)); }
static inline float silu1(float v) { return v * sigmoid1(v); }

// x * sigmoid(x), rounded exactly as a Sigmoid node followed by a Mul node.
AVX512 static inline __m512 silu16(__m512 v) {
    __m512 e = exp16(_mm512_sub_ps(_mm512_setzero_ps(), v));
    return _mm512_mul_ps(v, _mm512_div_ps(_mm512_set1_ps(1.0f), _mm512_add_ps(_mm512_set1_ps(1.0f), e)));
}

// HardSwish, x * max(0, min(1, x / 6 + 1 / 2)), with the portable loop's comparisons and
// rounding (multiply, then add): the HardSwish op's kernels and the epilogues share these.
static inline float hardswish1(float x) { float v = x * (1.0f / 6) + 0.5f; v = v < 1 ? v : 1; v = v > 0 ? v : 0; return x * v; }
AVX512 static inline __m512 hardswish16(__m512 v) {
    __m512 s = _mm512_add_ps(_mm512_mul_ps(v, _mm512_set1_ps(1.0f / 6)), _mm512_set1_ps(0.5f));
    s = _mm512_mask_mov_ps(_mm512_set1_ps(1.0f), _mm512_cmp_ps_mask(s, _mm512_set1_ps(1.0f), _CMP_LT_OQ), s);
    s = _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(s, _mm512_setzero_ps(), _CMP_GT_OQ), s);
    return _mm512_mul_ps(v, s);
}

// FusedConv's activation from an epilogue on one value, for the scalar paths.
static inline float ep_activate1(float v, const pk_epilogue *ep) {
    if (ep->clamp) { v = v < ep->lo ? ep->lo : v; v = v > ep->hi ? ep->hi : v; }
    if (ep->silu) v = silu1(v);
    if (ep->hardswish) v = hardswish1(v);
    return v;
}

// The same on 16 lanes (not for the GEMM tile stores, which keep the bounds in registers
// across a tile): the clamp (a NaN stays NaN: max/min
// return their second operand when either is NaN), then SiLU. Needs CKernels.h.
AVX512 static inline __m512 ep_activate16(__m512 v, const pk_epilogue *ep) {
    if (ep->clamp) v = _mm512_min_ps(_mm512_set1_ps(ep->hi), _mm512_max_ps(_mm512_set1_ps(ep->lo), v));
    if (ep->silu) v = silu16(v);
    if (ep->hardswish) v = hardswish16(v);
    return v;
}

#endif
