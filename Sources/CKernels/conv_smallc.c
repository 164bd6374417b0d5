// Direct 2-D convolution for layers with few input channels (a network's first layer on an
// RGB image: resnet's 7x7 stride-2 stem, mobilenet's and efficientnet's 3x3 stride-2 stem).
//
// Why not the implicit GEMM: with C = 3 its K is only C * KH * KW (147 for a 7x7 stem,
// 27 for a 3x3), so every gathered B panel serves few multiply-adds and the gather itself
// (strided, padded) costs as much as the product. Here the image is first rewritten once
// as zero-padded, stride-phase-split rows, so that for any tap the 16 output pixels of a
// vector read 16 consecutive floats; 8 output channels are kept in registers against 32
// pixels (16 accumulators), each tap costing 2 pixel loads and 8 broadcast weights for 16
// multiply-adds.
//
// Phase split: with stride s, phase q of a padded row holds its columns q, q + s, q + 2s...
// Output column ow of tap kw reads padded column ow * s + kw, which is element
// ow + kw / s of phase kw % s: consecutive ow, consecutive floats.
#include "CKernels.h"
#include <immintrin.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "simd_mask.h"

#define AVX512 __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,fma,avx2,avx")))
#include "simd_exp.h"
#include "simd_rows.h"

#define SC_BLOCK 8
// Taps along a row the kernel precomputes offsets for (the largest kernel width it takes).
#define SC_MAX_KW 16

long pk_conv2d_smallc_packed_count(long M, long C, long KH, long KW) {
    return (M + SC_BLOCK - 1) / SC_BLOCK * SC_BLOCK * C * KH * KW;
}

void pk_conv2d_smallc_pack(const float *w, long M, long C, long KH, long KW, float *wp) {
    long taps = C * KH * KW, blocks = (M + SC_BLOCK - 1) / SC_BLOCK;
    for (long b = 0; b < blocks; b++)
        for (long t = 0; t < taps; t++)
            for (long j = 0; j < SC_BLOCK; j++) {
                long m = b * SC_BLOCK + j;
                wp[(b * taps + t) * SC_BLOCK + j] = m < M ? w[m * taps + t] : 0.0f;
            }
}

// Floats of one phase row: every output vector may read a whole 16 lanes from
// ow + kw / s, so the row runs to the output width rounded up to 16, plus the taps' reach.
static long phase_len(long OW, long KW, long sw) { return (OW + 15) / 16 * 16 + (KW - 1) / sw + 1; }

long pk_conv2d_smallc_input_count(long C, long KH, long KW, long sh, long sw, long OH, long OW) {
    long rows = (OH - 1) * sh + KH;
    return C * rows * sw * phase_len(OW, KW, sw);
}

int pk_conv2d_smallc_input(const float *x, long C, long H, long W, long KH, long KW, long sh, long sw,
                           long ph, long pw, long OH, long OW, long c0, long c1, float *buf) {
    long rows = (OH - 1) * sh + KH, len = phase_len(OW, KW, sw);
    // One padded row: zeros, the image row, zeros, to the last column any phase reads
    // (plus a vector of slack for split2's whole-vector loads).
    long span = sw * len + 32;
    float *padded = malloc(sizeof(float) * (size_t)(span + (W + pw > span ? W + pw - span : 0)));
    if (!padded) return -1;
    int avx512 = pk_avx512_available();
    for (long c = c0; c < c1; c++)
        for (long r = 0; r < rows; r++) {
            long ih = r - ph;
            float *dst = buf + (c * rows + r) * sw * len;
            if (ih < 0 || ih >= H) {
                memset(dst, 0, sizeof(float) * (size_t)(sw * len));
                continue;
            }
            const float *src = x + (c * H + ih) * W;
            // Columns [0, span) of the padded row: padded[i] = x[i - pw] where that exists.
            long lead = pw < span ? pw : span, first = pw < 0 ? -pw : 0;
            long copy = W - first < span - lead ? W - first : span - lead;
            memset(padded, 0, sizeof(float) * (size_t)lead);
            if (copy > 0) memcpy(padded + lead, src + first, sizeof(float) * (size_t)copy);
            else copy = 0;
            if (lead + copy < span) memset(padded + lead + copy, 0, sizeof(float) * (size_t)(span - lead - copy));
            for (long q = 0; q < sw; q++) strided_row(padded + q, sw, len, dst + q * len, avx512);
        }
    free(padded);
    return 0;
}

// One output row segment [ow0, ow0 + 16 * NV) of 8 output channels: NV (1 or 2) vectors
// of 16 pixels, `n` of them real (the rest computed, not stored). `in` points at the
// segment's first pixel in the phase rows of tap row 0, channel 0; `off[kw]` is tap kw's
// offset from there. The accumulators are named, not an array: as an array clang kept
// them on the stack (90 GFLOP/s on resnet18's stem instead of ~200).
#define SC_DECL(j) __m512 a0_##j = _mm512_setzero_ps(), a1_##j = _mm512_setzero_ps();
#define SC_STEP(j) { __m512 wv = _mm512_set1_ps(wb[j]); a0_##j = _mm512_fmadd_ps(x0, wv, a0_##j); \
                     if (NV == 2) a1_##j = _mm512_fmadd_ps(x1, wv, a1_##j); }
#define SC_STORE(j) if (j < mValid) { \
        __m512 v0 = a0_##j, v1 = a1_##j; \
        if (bias) { __m512 bv = _mm512_set1_ps(bias[j]); v0 = _mm512_add_ps(v0, bv); v1 = _mm512_add_ps(v1, bv); } \
        if (z) { v0 = _mm512_add_ps(v0, _mm512_maskz_loadu_ps(m0, z + j * ldz)); \
                 if (NV == 2) v1 = _mm512_add_ps(v1, _mm512_maskz_loadu_ps(m1, z + j * ldz + 16)); } \
        if (ep) { v0 = ep_activate16(v0, ep); if (NV == 2) v1 = ep_activate16(v1, ep); } \
        _mm512_mask_storeu_ps(y + j * ldy, m0, v0); \
        if (NV == 2) _mm512_mask_storeu_ps(y + j * ldy + 16, m1, v1); }

AVX512 static inline __attribute__((always_inline)) void
block_segment(const float *in, long C, long KH, long KW, long chanStride, long rowStride, const long *off,
              const float *wb, float *y, long ldy, long mValid, long n, const float *bias,
              const pk_epilogue *ep, const float *z, long ldz, const int NV) {
    SC_DECL(0) SC_DECL(1) SC_DECL(2) SC_DECL(3) SC_DECL(4) SC_DECL(5) SC_DECL(6) SC_DECL(7)
    for (long c = 0; c < C; c++) {
        for (long kh = 0; kh < KH; kh++) {
            const float *row = in + c * chanStride + kh * rowStride;
            for (long kw = 0; kw < KW; kw++) {
                const float *p = row + off[kw];
                __m512 x0 = _mm512_loadu_ps(p);
                __m512 x1 = NV == 2 ? _mm512_loadu_ps(p + 16) : x0;
                SC_STEP(0) SC_STEP(1) SC_STEP(2) SC_STEP(3) SC_STEP(4) SC_STEP(5) SC_STEP(6) SC_STEP(7)
                wb += SC_BLOCK;
            }
        }
    }
    __mmask16 m0 = first_n(n), m1 = first_n(n - 16);
    SC_STORE(0) SC_STORE(1) SC_STORE(2) SC_STORE(3) SC_STORE(4) SC_STORE(5) SC_STORE(6) SC_STORE(7)
}

AVX512 static void segment32(const float *in, long C, long KH, long KW, long cs, long rs, const long *off,
                             const float *wb, float *y, long ldy, long mValid, long n, const float *bias,
                             const pk_epilogue *ep, const float *z, long ldz) {
    block_segment(in, C, KH, KW, cs, rs, off, wb, y, ldy, mValid, n, bias, ep, z, ldz, 2);
}

AVX512 static void segment16(const float *in, long C, long KH, long KW, long cs, long rs, const long *off,
                             const float *wb, float *y, long ldy, long mValid, long n, const float *bias,
                             const pk_epilogue *ep, const float *z, long ldz) {
    block_segment(in, C, KH, KW, cs, rs, off, wb, y, ldy, mValid, n, bias, ep, z, ldz, 1);
}

// One call's view of the rewritten image: phase rows `len` floats long, `rowStride` apart
// (all phases of one padded row), `chanStride` apart per channel; tap kw at `off[kw]` of a
// row; the epilogue's activation part (`post`, NULL when it has none). 0, or -1 for sizes
// the kernel does not take.
typedef struct { long len, rowStride, chanStride, taps; long off[SC_MAX_KW]; const pk_epilogue *post; } sc_layout;

static int sc_layout_init(sc_layout *L, long C, long KH, long KW, long sh, long sw, long OH, long OW, const pk_epilogue *ep) {
    if (KW > SC_MAX_KW || KW < 1 || KH < 1 || sh < 1 || sw < 1 || OH < 1 || OW < 1) return -1;
    L->len = phase_len(OW, KW, sw);
    L->rowStride = sw * L->len;
    L->chanStride = ((OH - 1) * sh + KH) * L->rowStride;
    L->taps = C * KH * KW;
    for (long kw = 0; kw < KW; kw++) L->off[kw] = (kw % sw) * L->len + kw / sw;
    L->post = ep && (ep->clamp || ep->silu || ep->hardswish) ? ep : 0;
    return 0;
}

// One output row of an 8-channel block: channel j's OW outputs at y + j * ldy (z likewise,
// ldz apart, or NULL), from `in`, the block's input at tap row 0 of channel 0. `prefetch`:
// fetch each segment's output lines for writing while it computes.
static void sc_row(const sc_layout *L, const float *in, long C, long KH, long KW, const float *wb, float *y, long ldy,
                   long mValid, long OW, const float *bias, const float *z, long ldz, int prefetch) {
    for (long ow = 0; ow < OW; ow += 32) {
        long n = OW - ow < 32 ? OW - ow : 32;
        if (prefetch) {
            for (long j = 0; j < mValid; j++) {
                __builtin_prefetch(y + j * ldy + ow, 1, 3);
                __builtin_prefetch(y + j * ldy + ow + n - 1, 1, 3);
                if (n > 16) __builtin_prefetch(y + j * ldy + ow + 16, 1, 3);
            }
        }
        const float *zs = z ? z + ow : 0;
        if (n > 16)
            segment32(in + ow, C, KH, KW, L->chanStride, L->rowStride, L->off, wb, y + ow, ldy, mValid, n, bias, L->post, zs, ldz);
        else
            segment16(in + ow, C, KH, KW, L->chanStride, L->rowStride, L->off, wb, y + ow, ldy, mValid, n, bias, L->post, zs, ldz);
    }
}

int pk_conv2d_smallc(const float *buf, long C, long KH, long KW, long sh, long sw, long OH, long OW,
                     const float *wp, long M, long item0, long item1, float *y, const pk_epilogue *ep) {
    sc_layout L;
    if (sc_layout_init(&L, C, KH, KW, sh, sw, OH, OW, ep)) return -1;
    long plane = OH * OW;
    // Items are (channel block, output row) pairs, block-major: a part's rows share weights.
    for (long item = item0; item < item1; item++) {
        long b = item / OH, oh = item % OH;
        long m0 = b * SC_BLOCK, mValid = M - m0 < SC_BLOCK ? M - m0 : SC_BLOCK;
        const float *z = ep && ep->z ? ep->z + m0 * ep->ldz + oh * OW : 0;
        // Output lines fetched for writing ahead: in a model they were last touched a whole
        // run ago (resnet18's stem writes 3.2 MB), and each store otherwise waited on its
        // line from memory (microbenchmark with the caches flushed between runs: 1.22 ->
        // 1.16-1.18 ms on one thread, 2% slower when hot).
        sc_row(&L, buf + oh * sh * L.rowStride, C, KH, KW, wp + b * L.taps * SC_BLOCK, y + m0 * plane + oh * OW, plane,
               mValid, OW, ep && ep->bias ? ep->bias + m0 : 0, z, ep ? ep->ldz : 0, 1);
    }
    return 0;
}

// ---- the convolution followed by max pooling, in one pass --------------------------------
//
// resnet's stem feeds a 3x3 stride-2 max pooling, and its output (3.2 MB per image) is read
// by nothing else. Materialised, it is written and read back from memory once per image:
// at batch 8 the pooling alone took 3.2 ms on one thread. Here each 8-channel block keeps
// only the convolution rows the current pooled row needs, in a ring of PKH rows that stays
// in L1, and writes the pooled rows.

AVX512 int pk_conv2d_smallc_maxpool(const float *buf, long C, long KH, long KW, long sh, long sw, long OH, long OW,
                             const float *wp, long M, const pk_epilogue *ep,
                             long PKH, long PKW, long psh, long psw, long pph, long ppw, long POH, long POW,
                             long item0, long item1, float *y) {
    sc_layout L;
    if (sc_layout_init(&L, C, KH, KW, sh, sw, OH, OW, ep) || PKH < 1 || PKW < 1 || psh < 1 || psw < 1 || psw > 2
        || pph < 0 || ppw < 0) return -1;
    long rowLen = (OW + 31) / 32 * 32;
    // The padded window-row maximum: every pooled column's window lies inside it.
    long padLen = ppw + ((POW + 15) / 16 * 16) * psw + PKW + 32;
    if (padLen < ppw + OW + 16) padLen = ppw + OW + 16;
    float *ring = malloc(sizeof(float) * (size_t)(PKH * SC_BLOCK * rowLen + padLen));
    long *held = malloc(sizeof(long) * (size_t)PKH);
    if (!ring || !held) { free(ring); free(held); return -1; }
    float *prow = ring + PKH * SC_BLOCK * rowLen;
    for (long i = 0; i < padLen; i++) prow[i] = -__builtin_inff();
    long block = -1;
    for (long item = item0; item < item1; item++) {
        long b = item / POH, ph = item % POH;
        long m0 = b * SC_BLOCK, mValid = M - m0 < SC_BLOCK ? M - m0 : SC_BLOCK;
        const float *wb = wp + b * L.taps * SC_BLOCK;
        const float *bias = ep && ep->bias ? ep->bias + m0 : 0;
        if (b != block) {
            block = b;
            for (long s = 0; s < PKH; s++) held[s] = -1;
        }
        long r0 = ph * psh - pph, r1 = r0 + PKH;
        if (r0 < 0) r0 = 0;
        if (r1 > OH) r1 = OH;
        // The convolution rows of this window not already in the ring.
        for (long r = r0; r < r1; r++) {
            long s = r % PKH;
            if (held[s] == r) continue;
            held[s] = r;
            sc_row(&L, buf + r * sh * L.rowStride, C, KH, KW, wb, ring + s * SC_BLOCK * rowLen, rowLen, mValid, OW, bias, 0, 0, 0);
        }
        for (long j = 0; j < mValid; j++) {
            float *out = y + ((m0 + j) * POH + ph) * POW;
            if (r1 <= r0) {
                // The window lies wholly in the padding.
                for (long c = 0; c < POW; c++) out[c] = -__builtin_inff();
                continue;
            }
            for (long c = 0; c < OW; c += 16) {
                __mmask16 mk = first_n(OW - c);
                __m512 m = _mm512_set1_ps(-__builtin_inff());
                __mmask16 nan = 0;
                for (long r = r0; r < r1; r++) {
                    __m512 v = _mm512_maskz_loadu_ps(mk, ring + ((r % PKH) * SC_BLOCK + j) * rowLen + c);
                    m = _mm512_max_ps(m, v);
                    nan |= _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q);
                }
                _mm512_mask_storeu_ps(prow + ppw + c, mk, _mm512_mask_blend_ps(nan, m, _mm512_set1_ps(__builtin_nanf(""))));
            }
            max_over_columns(prow, POW, PKW, psw, out);
        }
    }
    free(ring);
    free(held);
    return 0;
}
