// Depthwise 2-D convolution (one input channel per group) for float32 NCHW, the core of
// MobileNet and EfficientNet. Each input plane is first copied into a zero-padded scratch
// plane that covers every window, so every output is computed by the same unchecked loop:
// with AVX-512, 16 outputs of a row at a time (stride 2 picks the even elements of two
// loads; the row's tail uses masked loads and stores), else a plain scalar loop. Small
// planes (7x7, 14x14) are the norm in these networks, so there is no separate edge path.
#include "CKernels.h"
#include <immintrin.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define AVX512 __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,fma,avx2,avx")))
#include "simd_exp.h"
#include "simd_transpose.h"
#include "simd_mask.h"

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

// ---------------------------------------------------------------------------------------
// Channels in lanes (multiplier 1, at least 8 channels, AVX-512): 16 channels at a time are
// transposed into a zero-padded [rows][columns][16] scratch band, every tap is then one FMA
// of a weight vector (16 channels) with one load, eight output pixels (four for kernel
// shapes other than 3x3 and 5x5 at stride 1 or 2) share each weight load, and the results are transposed back to NCHW as they are stored. Every lane does
// useful work whatever the plane size (a row of 7 outputs filled 7 of 16 lanes in the row
// kernel above), and strides or dilations only change which pixel is loaded. This is
// onnxruntime's NCHWc idea applied inside one node, the layout staying NCHW outside.

// Eight output pixels of one row of a channel block: out[i] = bias + sum over taps of
// wt[kh][kw] * band[kh * rowStep + 16 * (i * S + kw * dw)]. With KW and S compile-time
// constants (the common 3x3 and 5x5, stride 1 or 2, no dilation) each input pixel of a
// kernel row is loaded once and feeds every output that needs it: 8 * KW FMAs per 8 * S +
// KW - S loads, where loading per tap was one load per FMA and the trip-count-3 loops
// did not unroll (a 32-channel 3x3 layer at 112 x 112: 0.33 ms before, 0.09 ms with this
// and the small functions below, clang -O3).
AVX512 static inline __attribute__((always_inline)) void
dw_pixels8_fixed(const float *p0, const float *wt, long KH, long rowStep, __m512 bv, __m512 *out,
                 const int KW, const int S) {
    __m512 a0 = bv, a1 = bv, a2 = bv, a3 = bv, a4 = bv, a5 = bv, a6 = bv, a7 = bv;
    for (long kh = 0; kh < KH; kh++) {
        const float *pr = p0 + kh * rowStep;
        const float *wr = wt + 16 * kh * KW;
        __m512 in[7 * 2 + 5];
        for (int t = 0; t < 7 * S + KW; t++) in[t] = _mm512_load_ps(pr + 16 * t);
        for (int kw = 0; kw < KW; kw++) {
            __m512 wv = _mm512_load_ps(wr + 16 * kw);
            a0 = _mm512_fmadd_ps(wv, in[0 * S + kw], a0);
            a1 = _mm512_fmadd_ps(wv, in[1 * S + kw], a1);
            a2 = _mm512_fmadd_ps(wv, in[2 * S + kw], a2);
            a3 = _mm512_fmadd_ps(wv, in[3 * S + kw], a3);
            a4 = _mm512_fmadd_ps(wv, in[4 * S + kw], a4);
            a5 = _mm512_fmadd_ps(wv, in[5 * S + kw], a5);
            a6 = _mm512_fmadd_ps(wv, in[6 * S + kw], a6);
            a7 = _mm512_fmadd_ps(wv, in[7 * S + kw], a7);
        }
    }
    out[0] = a0; out[1] = a1; out[2] = a2; out[3] = a3; out[4] = a4; out[5] = a5; out[6] = a6; out[7] = a7;
}

// Any kernel width, stride and dilation: four pixels at a time, one load per FMA.
AVX512 static void dw_pixels4_any(const float *p0, const float *wt, long KH, long KW, long S, long rowStep,
                                  long dw, __m512 bv, __m512 *out) {
    __m512 a0 = bv, a1 = bv, a2 = bv, a3 = bv;
    for (long kh = 0; kh < KH; kh++) {
        const float *pr = p0 + kh * rowStep;
        const float *wr = wt + 16 * kh * KW;
        for (long kw = 0; kw < KW; kw++) {
            __m512 wv = _mm512_load_ps(wr + 16 * kw);
            const float *pp = pr + 16 * kw * dw;
            a0 = _mm512_fmadd_ps(wv, _mm512_load_ps(pp), a0);
            a1 = _mm512_fmadd_ps(wv, _mm512_load_ps(pp + 16 * S), a1);
            a2 = _mm512_fmadd_ps(wv, _mm512_load_ps(pp + 32 * S), a2);
            a3 = _mm512_fmadd_ps(wv, _mm512_load_ps(pp + 48 * S), a3);
        }
    }
    out[0] = a0; out[1] = a1; out[2] = a2; out[3] = a3;
}

// The epilogue on 16 outputs of one channel row (bias already in): + z, clamp, SiLU.
AVX512 static inline __m512 dw_tail16(__m512 v, const pk_epilogue *ep, const float *z, __mmask16 m) {
    if (!ep) return v;
    if (z) v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(m, z));
    return ep_activate16(v, ep);
}

// Pixels [0, n) (n <= 16) of one output row of a channel block into res[0 ..< 16] (lanes
// past n are zero; pixels past n up to the next multiple of 8 read scratch slack). One
// small function per kernel shape, chosen once per call: inlined into the band loop, the
// variants' register pressure made clang keep the loop's pointers on the stack.
typedef void (*dw_pixels16_fn)(const float *p0, const float *wt, long KH, long KW, long S, long rowStep, long dw,
                               __m512 bv, __m512 *res, long n);

#define DW_FIXED(name, KW_, S_) \
AVX512 __attribute__((noinline)) static void name(const float *p0, const float *wt, long KH, long KW, long S, \
                                                  long rowStep, long dw, __m512 bv, __m512 *res, long n) { \
    (void)KW; (void)S; (void)dw; \
    for (long q = 0; q < 16; q += 8) { \
        if (q < n) dw_pixels8_fixed(p0 + 16 * q * S_, wt, KH, rowStep, bv, res + q, KW_, S_); \
        else for (int i = 0; i < 8; i++) res[q + i] = _mm512_setzero_ps(); \
    } \
}
DW_FIXED(dw16_k3s1, 3, 1)
DW_FIXED(dw16_k3s2, 3, 2)
DW_FIXED(dw16_k5s1, 5, 1)
DW_FIXED(dw16_k5s2, 5, 2)

AVX512 __attribute__((noinline)) static void dw16_any(const float *p0, const float *wt, long KH, long KW, long S,
                                                      long rowStep, long dw, __m512 bv, __m512 *res, long n) {
    for (long q = 0; q < 16; q += 4) {
        if (q < n) dw_pixels4_any(p0 + 16 * q * S, wt, KH, KW, S, rowStep, dw, bv, res + q);
        else for (int i = 0; i < 4; i++) res[q + i] = _mm512_setzero_ps();
    }
}

static dw_pixels16_fn dw_pixels16_for(long KW, long S, long dw) {
    if (dw == 1 && KW == 3 && S == 1) return dw16_k3s1;
    if (dw == 1 && KW == 3 && S == 2) return dw16_k3s2;
    if (dw == 1 && KW == 5 && S == 1) return dw16_k5s1;
    if (dw == 1 && KW == 5 && S == 2) return dw16_k5s2;
    return dw16_any;
}

// Input row ih of channels [0, nch) transposed into a scratch row of PW pixels x 16
// channels: pixel j holds input column j - pw, zeros outside the image.
AVX512 __attribute__((noinline)) static void dw_fill_row(const float *x, long H, long W, long ih, long nch,
                                                         long pw, long PW, float *row) {
    const __m512 zero = _mm512_setzero_ps();
    if (ih < 0 || ih >= H) {
        for (long j = 0; j < PW; j++) _mm512_store_ps(row + 16 * j, zero);
        return;
    }
    long left = pw < PW ? pw : PW;
    for (long j = 0; j < left; j++) _mm512_store_ps(row + 16 * j, zero);
    long cols = W < PW - pw ? W : PW - pw;   // input columns that land in the row
    for (long j = pw + (cols > 0 ? cols : 0); j < PW; j++) _mm512_store_ps(row + 16 * j, zero);
    const float *src = x + ih * W;
    long HW = H * W;
    // Row ih + 2 of each channel, fetched while this one is transposed (the same 16 streams;
    // with the input out of cache too, 144 channels at 56 x 56 went 0.367 -> 0.234 ms).
    if (ih + 2 < H)
        for (long c = 0; c < nch; c++)
            for (long iw = 0; iw < W; iw += 16) __builtin_prefetch(src + c * HW + 2 * W + iw, 0, 3);
    for (long iw = 0; iw < cols; iw += 16) {
        long n = cols - iw < 16 ? cols - iw : 16;
        __mmask16 m = first_n(n);
        __m512 in[16], out[16];
        for (long c = 0; c < 16; c++) in[c] = c < nch ? _mm512_maskz_loadu_ps(m, src + c * HW + iw) : zero;
        transpose16(in, out);
        float *d = row + 16 * (pw + iw);
        for (long p = 0; p < n; p++) _mm512_store_ps(d + 16 * p, out[p]);
    }
}

// res (16 pixels x 16 channels) transposed back and stored as n pixels of each of the nch
// channel rows at y (row stride OHW between channels), with the epilogue's tail.
AVX512 __attribute__((noinline)) static void dw_store16(const __m512 *res, long n, long nch, float *y, long OHW,
                                                        const pk_epilogue *ep, const float *z) {
    __m512 out[16];
    transpose16(res, out);
    __mmask16 m = first_n(n);
    // The lines two groups ahead in each channel row, fetched for writing: a layer's output
    // is usually memory no cache holds, and 16 channel rows are more streams than the
    // hardware prefetcher follows (a 32-channel 3x3 layer at 112 x 112 with its output out
    // of cache: 0.221 -> 0.189 ms; 144 channels at 56 x 56: 0.259 -> 0.209).
    for (long c = 0; c < nch; c++) __builtin_prefetch(y + c * OHW + 32, 1, 3);
    for (long c = 0; c < nch; c++)
        _mm512_mask_storeu_ps(y + c * OHW, m, dw_tail16(out[c], ep, z ? z + c * OHW : 0, m));
}

// Channels [0, nch) (nch <= 16) of one image: x, w, bias, y, z offset to the first one.
AVX512 static void dw_block16(const float *x, const float *w, const float *bias, float *y, long nch,
                              long H, long W, long OH, long OW, long KH, long KW, long sh, long sw,
                              long ph, long pw, long dh, long dw, const pk_epilogue *ep, const float *z,
                              float *scratch, long bandRows, long PW, float *wt) {
    long taps = KH * KW, OHW = OH * OW;
    __mmask16 chans = first_n(nch);
    dw_pixels16_fn pixels = dw_pixels16_for(KW, sw, dw);
    for (long t = 0; t < taps; t++)
        for (long c = 0; c < 16; c++) wt[16 * t + c] = c < nch ? w[c * taps + t] : 0.0f;
    __m512 bv = _mm512_setzero_ps();
    if (bias) bv = _mm512_maskz_loadu_ps(chans, bias);
    for (long oh0 = 0; oh0 < OH; oh0 += bandRows) {
        long rows = OH - oh0 < bandRows ? OH - oh0 : bandRows;
        long inRows = (rows - 1) * sh + (KH - 1) * dh + 1;
        // Scratch row i holds input row oh0 * sh - ph + i, columns -pw .. PW - pw - 1.
        for (long i = 0; i < inRows; i++)
            dw_fill_row(x, H, W, oh0 * sh - ph + i, nch, pw, PW, scratch + i * PW * 16);
        for (long r = 0; r < rows; r++) {
            long oh = oh0 + r;
            const float *base = scratch + r * sh * PW * 16;
            for (long ow = 0; ow < OW; ow += 16) {
                long n = OW - ow < 16 ? OW - ow : 16;
                __m512 res[16];
                pixels(base + 16 * ow * sw, wt, KH, KW, sw, dh * PW * 16, dw, bv, res, n);
                long at = oh * OW + ow;
                dw_store16(res, n, nch, y + at, OHW, ep, z ? z + at : 0);
            }
        }
    }
}

AVX512 static void dw_row_tail_avx512(float *out, long n, const pk_epilogue *ep, const float *z) {
    for (long i = 0; i < n; i += 16) {
        __mmask16 m = first_n(n - i);
        _mm512_mask_storeu_ps(out + i, m, dw_tail16(_mm512_maskz_loadu_ps(m, out + i), ep, z ? z + i : 0, m));
    }
}

// The epilogue on one output row of the row kernels (bias already in).
static void dw_row_tail(float *out, long n, const pk_epilogue *ep, const float *z) {
    if (!ep) return;
    if (dw_avx512) { dw_row_tail_avx512(out, n, ep, z); return; }
    for (long i = 0; i < n; i++) {
        float v = out[i];
        if (z) v += z[i];
        out[i] = ep_activate1(v, ep);
    }
}

int pk_depthwise2d(const float *x, const float *w, const float *bias, float *y,
                   long channels, long mult, long H, long W, long OH, long OW,
                   long KH, long KW, long sh, long sw, long ph, long pw, long dh, long dw) {
    return pk_depthwise2d_ep(x, w, bias, y, channels, mult, H, W, OH, OW, KH, KW, sh, sw, ph, pw, dh, dw, 0, 0);
}

int pk_depthwise2d_ep(const float *x, const float *w, const float *bias, float *y,
                      long channels, long mult, long H, long W, long OH, long OW,
                      long KH, long KW, long sh, long sw, long ph, long pw, long dh, long dw,
                      const pk_epilogue *ep, const float *z) {
    if (dw_avx512 < 0) dw_avx512 = pk_avx512_available();
    if (OH <= 0 || OW <= 0) return 0;
    if (ep && !ep->clamp && !ep->silu && !ep->hardswish && !z) ep = 0;
    // The padded plane spans every window: rows -ph .. (OH-1)*sh + (KH-1)*dh - ph.
    long PH = (OH - 1) * sh + (KH - 1) * dh + 1, PW = (OW - 1) * sw + (KW - 1) * dw + 1;
    if (dw_avx512 && mult == 1 && channels >= 8) {
        // Bands of output rows whose padded input rows fit ~128 KB (L2); slack past the
        // last row for the pixels of a 4-pixel group that lie past OW.
        long rowFloats = PW * 16;
        long bandRows = ((32768 / rowFloats) - (KH - 1) * dh - 1) / sh + 1;
        if (bandRows < 1) bandRows = 1;
        if (bandRows > OH) bandRows = OH;
        long inRows = (bandRows - 1) * sh + (KH - 1) * dh + 1;
        // A group of 8 pixels reads at most 7 pixels' windows past the row's end (the fixed
        // kernels load 7 * sw + KW pixels from the group's first).
        long slack = 16 * (8 * sw + KW * dw);
        size_t bytes = ((size_t)(inRows * rowFloats + slack) * sizeof(float) + 63) / 64 * 64;
        float *scratch = aligned_alloc(64, bytes);
        float *wt = aligned_alloc(64, sizeof(float) * 16 * (KH * KW > 0 ? KH * KW : 1));
        if (!scratch || !wt) { free(scratch); free(wt); return -1; }
        memset(scratch + inRows * rowFloats, 0, sizeof(float) * slack);
        for (long c0 = 0; c0 < channels; c0 += 16) {
            long nch = channels - c0 < 16 ? channels - c0 : 16;
            dw_block16(x + c0 * H * W, w + c0 * KH * KW, bias ? bias + c0 : 0, y + c0 * OH * OW, nch, H, W, OH, OW,
                       KH, KW, sh, sw, ph, pw, dh, dw, ep, z ? z + c0 * OH * OW : 0, scratch, bandRows, PW, wt);
        }
        free(scratch);
        free(wt);
        return 0;
    }
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
                dw_row_tail(dst + oh * OW, OW, ep, z ? z + oc * OH * OW + oh * OW : 0);
            }
        }
    }
    free(plane);
    free(rows);
    return 0;
}
