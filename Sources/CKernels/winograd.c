// Winograd F(2x2, 3x3) convolution transforms (Lavin & Gray, 2015) for float32 NCHW,
// stride 1, no dilation. A 3x3 convolution then costs 16 multiplies per 2x2 output tile
// instead of 36: the input is cut into overlapping 4x4 tiles (stride 2), each transformed
// (V = B^T d B), multiplied with the transformed weights (U = G g G^T) in 16 independent
// GEMMs over channels (done by the caller with the AVX-512 GEMM), and transformed back
// (Y = A^T m A). F(2x2, 3x3) is chosen over larger tiles because its transforms use only
// +-1 and 1/2, so its rounding error stays at the level of direct convolution: Parity's
// runtime must not add its own noise to a parity check.
//
// Layouts: U_k [M][C] (16 matrices, each packed for the GEMM), V[16][C][T], Mbuf[16][M][T], with T = batch * tilesH * tilesW and
// tile t = (b * tilesH + th) * tilesW + tw, th counted from the block's first tile row th0
// (callers transform a few tile rows at a time so that V and Mbuf stay in cache).
#include "CKernels.h"
#include <immintrin.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define AVX512 __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,fma,avx2,avx")))
#include "simd_exp.h"
#include "simd_mask.h"

// U = G g G^T for one 3x3 kernel g, element (i, j) at U[(i * 4 + j) * MC].
static void weights_one(const float *g, float *U, long MC) {
    // t = G g (4x3), then u = t G^T (4x4).
    float t[4][3];
    for (int j = 0; j < 3; j++) {
        float g0 = g[j], g1 = g[3 + j], g2 = g[6 + j];
        t[0][j] = g0;
        t[1][j] = 0.5f * (g0 + g1 + g2);
        t[2][j] = 0.5f * (g0 - g1 + g2);
        t[3][j] = g2;
    }
    for (int i = 0; i < 4; i++) {
        float u[4] = {t[i][0], 0.5f * (t[i][0] + t[i][1] + t[i][2]), 0.5f * (t[i][0] - t[i][1] + t[i][2]), t[i][2]};
        for (int j = 0; j < 4; j++) U[(long)(i * 4 + j) * MC] = u[j];
    }
}

// The same for 16 kernels w[c .. c + 16) of one output channel (9 floats apart), the same
// operations in the same order per lane: bit-identical to weights_one. At load this
// transform ran at ~30 ms for resnet18 scalar (one kernel at a time).
AVX512 static void weights_16(const float *w, float *U, long MC) {
    const __m512i idx = _mm512_mullo_epi32(_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                                           _mm512_set1_epi32(9));
    const __m512 half = _mm512_set1_ps(0.5f);
    __m512 t[4][3];
    for (int j = 0; j < 3; j++) {
        __m512 g0 = _mm512_i32gather_ps(idx, w + j, 4), g1 = _mm512_i32gather_ps(idx, w + 3 + j, 4);
        __m512 g2 = _mm512_i32gather_ps(idx, w + 6 + j, 4);
        t[0][j] = g0;
        t[1][j] = _mm512_mul_ps(half, _mm512_add_ps(_mm512_add_ps(g0, g1), g2));
        t[2][j] = _mm512_mul_ps(half, _mm512_add_ps(_mm512_sub_ps(g0, g1), g2));
        t[3][j] = g2;
    }
    for (int i = 0; i < 4; i++) {
        __m512 u1 = _mm512_mul_ps(half, _mm512_add_ps(_mm512_add_ps(t[i][0], t[i][1]), t[i][2]));
        __m512 u2 = _mm512_mul_ps(half, _mm512_add_ps(_mm512_sub_ps(t[i][0], t[i][1]), t[i][2]));
        _mm512_storeu_ps(U + (long)(i * 4 + 0) * MC, t[i][0]);
        _mm512_storeu_ps(U + (long)(i * 4 + 1) * MC, u1);
        _mm512_storeu_ps(U + (long)(i * 4 + 2) * MC, u2);
        _mm512_storeu_ps(U + (long)(i * 4 + 3) * MC, t[i][2]);
    }
}

int pk_winograd_pack_weights(const float *w, const float *wpacked, long M, long C, float *const *U) {
    if (!w && !wpacked) return -1;
    // 48 rows: four of the GEMM's 12-row panels, ~1.6 MB of U and 0.9 MB of W for C = 512.
    long rb = 4 * pk_sgemm_row_block();
    float *wb = w ? NULL : malloc(sizeof(float) * rb * 9 * C);
    float *ub = malloc(sizeof(float) * 16 * rb * C);
    if (!ub || (!w && !wb)) {
        free(wb);
        free(ub);
        return -1;
    }
    int simd = pk_avx512_available();
    for (long r0 = 0; r0 < M; r0 += rb) {
        long rows = M - r0 < rb ? M - r0 : rb;
        const float *src = w ? w + r0 * 9 * C : wb;
        if (!w) pk_sgemm_unpack_a_rows(M, 9 * C, r0, rows, wpacked, wb, 9 * C);
        long RC = rows * C;
        for (long m = 0; m < rows; m++) {
            long c = 0;
            if (simd) for (; c + 16 <= C; c += 16) weights_16(src + (m * C + c) * 9, ub + m * C + c, RC);
            for (; c < C; c++) weights_one(src + (m * C + c) * 9, ub + m * C + c, RC);
        }
        for (int k = 0; k < 16; k++) pk_sgemm_pack_a_rows(M, C, r0, rows, ub + k * RC, C, U[k]);
    }
    free(wb);
    free(ub);
    return 0;
}

static inline long round16(long n) { return (n + 15) / 16 * 16; }

AVX512 int pk_winograd_input(const float *x, long batch, long C, long H, long W, long pad,
                      long th0, long tilesH, long tilesW, float *V, long c0, long c1) {
    long T = batch * tilesH * tilesW;
    // Zero-padded plane covering every tile, plus room for the last chunk's wide loads.
    long PH = 2 * tilesH + 2, PW = 2 * round16(tilesW) + 4 + 16;
    float *P = malloc(sizeof(float) * PH * PW);
    if (!P) return -1;
    const __m512i evens = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    const __m512i odds = _mm512_setr_epi32(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
    for (long b = 0; b < batch; b++) {
        for (long c = c0; c < c1; c++) {
            const float *src = x + (b * C + c) * H * W;
            memset(P, 0, sizeof(float) * PH * PW);
            for (long i = 0; i < PH; i++) {
                long ih = 2 * th0 + i - pad;
                if (ih < 0 || ih >= H) continue;
                long j0 = pad, j1 = W + pad < PW ? W + pad : PW;
                if (j1 > j0) memcpy(P + i * PW + j0, src + ih * W, sizeof(float) * (j1 - j0));
            }
            for (long th = 0; th < tilesH; th++) {
                for (long tw = 0; tw < tilesW; tw += 16) {
                    __mmask16 mk = first_n(tilesW - tw);
                    long t0 = (b * tilesH + th) * tilesW + tw;
                    __m512 u[4][4];
                    for (int r = 0; r < 4; r++) {
                        const float *base = P + (2 * th + r) * PW + 2 * tw;
                        __m512 l0 = _mm512_loadu_ps(base), l1 = _mm512_loadu_ps(base + 16);
                        __m512 l2 = _mm512_loadu_ps(base + 2), l3 = _mm512_loadu_ps(base + 18);
                        __m512 d0 = _mm512_permutex2var_ps(l0, evens, l1), d1 = _mm512_permutex2var_ps(l0, odds, l1);
                        __m512 d2 = _mm512_permutex2var_ps(l2, evens, l3), d3 = _mm512_permutex2var_ps(l2, odds, l3);
                        // Row transform: d B.
                        u[r][0] = _mm512_sub_ps(d0, d2);
                        u[r][1] = _mm512_add_ps(d1, d2);
                        u[r][2] = _mm512_sub_ps(d2, d1);
                        u[r][3] = _mm512_sub_ps(d1, d3);
                    }
                    for (int j = 0; j < 4; j++) {
                        // Column transform: B^T (d B).
                        __m512 v0 = _mm512_sub_ps(u[0][j], u[2][j]);
                        __m512 v1 = _mm512_add_ps(u[1][j], u[2][j]);
                        __m512 v2 = _mm512_sub_ps(u[2][j], u[1][j]);
                        __m512 v3 = _mm512_sub_ps(u[1][j], u[3][j]);
                        _mm512_mask_storeu_ps(V + ((long)(0 * 4 + j) * C + c) * T + t0, mk, v0);
                        _mm512_mask_storeu_ps(V + ((long)(1 * 4 + j) * C + c) * T + t0, mk, v1);
                        _mm512_mask_storeu_ps(V + ((long)(2 * 4 + j) * C + c) * T + t0, mk, v2);
                        _mm512_mask_storeu_ps(V + ((long)(3 * 4 + j) * C + c) * T + t0, mk, v3);
                    }
                }
            }
        }
    }
    free(P);
    return 0;
}

AVX512 int pk_winograd_output(const float *Mbuf, long batch, long M, long th0, long tilesH, long tilesW,
                       const float *bias, float *y, long OH, long OW, long m0, long m1, const pk_epilogue *ep) {
    const float *zAll = ep ? ep->z : 0;
    int clamp = ep && ep->clamp, silu = ep && ep->silu, hardswish = ep && ep->hardswish;
    const __m512 lov = _mm512_set1_ps(clamp ? ep->lo : 0), hiv = _mm512_set1_ps(clamp ? ep->hi : 0);
    long T = batch * tilesH * tilesW;
    long YW = 2 * round16(tilesW);
    float *row = malloc(sizeof(float) * 2 * YW);
    if (!row) return -1;
    const __m512i lo = _mm512_setr_epi32(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    const __m512i hi = _mm512_setr_epi32(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
    for (long b = 0; b < batch; b++) {
        for (long m = m0; m < m1; m++) {
            __m512 bv = _mm512_set1_ps(bias ? bias[m] : 0.0f);
            float *dst = y + (b * M + m) * OH * OW;
            const float *z = zAll ? zAll + (b * M + m) * OH * OW : 0;
            // This block's rows of the next channel (output, and residual), fetched while
            // this channel is transformed: each channel is a new stream the hardware
            // prefetcher has not seen, and the output is usually memory no cache holds.
            if (m + 1 < m1) {
                long first = 2 * th0 * OW, last = 2 * (th0 + tilesH) * OW;
                if (last > OH * OW) last = OH * OW;
                for (long e = first; e < last; e += 16) {
                    __builtin_prefetch(dst + OH * OW + e, 1, 3);
                    if (z) __builtin_prefetch(z + OH * OW + e, 0, 3);
                }
            }
            for (long th = 0; th < tilesH; th++) {
                for (long tw = 0; tw < tilesW; tw += 16) {
                    __mmask16 mk = first_n(tilesW - tw);
                    long t0 = (b * tilesH + th) * tilesW + tw;
                    __m512 s[2][4];
                    for (int j = 0; j < 4; j++) {
                        __m512 q0 = _mm512_maskz_loadu_ps(mk, Mbuf + ((long)(0 * 4 + j) * M + m) * T + t0);
                        __m512 q1 = _mm512_maskz_loadu_ps(mk, Mbuf + ((long)(1 * 4 + j) * M + m) * T + t0);
                        __m512 q2 = _mm512_maskz_loadu_ps(mk, Mbuf + ((long)(2 * 4 + j) * M + m) * T + t0);
                        __m512 q3 = _mm512_maskz_loadu_ps(mk, Mbuf + ((long)(3 * 4 + j) * M + m) * T + t0);
                        // A^T m: rows.
                        s[0][j] = _mm512_add_ps(_mm512_add_ps(q0, q1), q2);
                        s[1][j] = _mm512_sub_ps(_mm512_sub_ps(q1, q2), q3);
                    }
                    for (int i = 0; i < 2; i++) {
                        // (A^T m) A: columns.
                        __m512 y0 = _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(s[i][0], s[i][1]), s[i][2]), bv);
                        __m512 y1 = _mm512_add_ps(_mm512_sub_ps(_mm512_sub_ps(s[i][1], s[i][2]), s[i][3]), bv);
                        float *r = row + i * YW + 2 * tw;
                        _mm512_storeu_ps(r, _mm512_permutex2var_ps(y0, lo, y1));
                        _mm512_storeu_ps(r + 16, _mm512_permutex2var_ps(y0, hi, y1));
                    }
                }
                for (int i = 0; i < 2; i++) {
                    long oh = 2 * (th0 + th) + i;
                    if (oh >= OH) continue;
                    if (!z && !clamp && !silu && !hardswish) { memcpy(dst + oh * OW, row + i * YW, sizeof(float) * OW); continue; }
                    // The fused residual and Relu/Clip, while the row is in L1.
                    for (long w = 0; w < OW; w += 16) {
                        __mmask16 mk = first_n(OW - w);
                        __m512 v = _mm512_maskz_loadu_ps(mk, row + i * YW + w);
                        if (z) v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(mk, z + oh * OW + w));
                        if (clamp) v = _mm512_min_ps(hiv, _mm512_max_ps(lov, v));
                        if (silu) v = silu16(v);
                        if (hardswish) v = hardswish16(v);
                        _mm512_mask_storeu_ps(dst + oh * OW + w, mk, v);
                    }
                }
            }
        }
    }
    free(row);
    return 0;
}
