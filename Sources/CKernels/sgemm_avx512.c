// A BLIS-style single-precision GEMM for AVX-512: C is computed in 12 x 32 tiles (24 zmm
// accumulators) from packed panels of A (12 rows) and B (32 columns). Loop order and block
// sizes follow the Goto/BLIS design: a KC x NR panel of B stays in L1 while the MC x KC
// block of A streams from L2.
//
// Why not OpenBLAS alone: on CPUs its 0.3.21 detection does not know, or where the
// environment pins OPENBLAS_CORETYPE to an AVX2 core, its sgemm runs at half the speed
// this CPU can reach (see docs/performance.md).
#include "CKernels.h"
#include <immintrin.h>
#include <stdlib.h>
#include <string.h>

#define MR 12
#define NR 32
#ifndef KC
#define KC 256
#endif
#ifndef MC
#define MC 144
#endif
#define NC 4096

#define AVX512 __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,fma,avx2,avx")))

int pk_avx512_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq")
        && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl")
        && __builtin_cpu_supports("fma");
}

// Per-thread packing buffers, allocated once per thread (callers run on a fixed pool).
static _Thread_local float *packA;
static _Thread_local float *packB;

static int ensure_buffers(void) {
    if (!packA) packA = aligned_alloc(64, sizeof(float) * MC * KC);
    if (!packB) packB = aligned_alloc(64, sizeof(float) * KC * NC);
    return packA && packB;
}

// Packs rows [i0, i0+mc) x cols [k0, k0+kc) of alpha*op(A) into MR-row panels laid out
// [panel][k][r]; rows past mc are zero so the kernel always runs full tiles.
static void pack_a(int trans, const float *a, long lda, long i0, long mc, long k0, long kc,
                   float alpha, float *dst) {
    for (long p = 0; p < mc; p += MR) {
        long rows = mc - p < MR ? mc - p : MR;
        float *d = dst + p * kc;
        if (!trans) {
            for (long r = 0; r < rows; r++) {
                const float *src = a + (i0 + p + r) * lda + k0;
                for (long k = 0; k < kc; k++) d[k * MR + r] = alpha * src[k];
            }
        } else {
            for (long k = 0; k < kc; k++) {
                const float *src = a + (k0 + k) * lda + i0 + p;
                for (long r = 0; r < rows; r++) d[k * MR + r] = alpha * src[r];
            }
        }
        for (long r = rows; r < MR; r++)
            for (long k = 0; k < kc; k++) d[k * MR + r] = 0;
    }
}

// Packs rows [k0, k0+kc) x cols [j0, j0+nc) of op(B) into NR-column panels laid out
// [panel][k][c]; columns past nc are zero.
static void pack_b(int trans, const float *b, long ldb, long k0, long kc, long j0, long nc, float *dst) {
    for (long q = 0; q < nc; q += NR) {
        long cols = nc - q < NR ? nc - q : NR;
        float *d = dst + q * kc;
        if (!trans) {
            for (long k = 0; k < kc; k++) {
                const float *src = b + (k0 + k) * ldb + j0 + q;
                float *row = d + k * NR;
                memcpy(row, src, sizeof(float) * cols);
                for (long c = cols; c < NR; c++) row[c] = 0;
            }
        } else {
            for (long c = 0; c < cols; c++) {
                const float *src = b + (j0 + q + c) * ldb + k0;
                for (long k = 0; k < kc; k++) d[k * NR + c] = src[k];
            }
            for (long k = 0; k < kc; k++)
                for (long c = cols; c < NR; c++) d[k * NR + c] = 0;
        }
    }
}

#define DECL(r) __m512 c##r##_0 = _mm512_setzero_ps(), c##r##_1 = _mm512_setzero_ps();
#define STEP(r) { __m512 av = _mm512_set1_ps(A[r]); \
    c##r##_0 = _mm512_fmadd_ps(av, b0, c##r##_0); c##r##_1 = _mm512_fmadd_ps(av, b1, c##r##_1); }
#define STORE(r) if ((r) < mr) { float *cr = c + (r) * ldc; \
    if (acc) { c##r##_0 = _mm512_add_ps(c##r##_0, _mm512_maskz_loadu_ps(m0, cr)); \
               c##r##_1 = _mm512_add_ps(c##r##_1, _mm512_maskz_loadu_ps(m1, cr + 16)); } \
    _mm512_mask_storeu_ps(cr, m0, c##r##_0); _mm512_mask_storeu_ps(cr + 16, m1, c##r##_1); }

// One MR x NR tile: C (+)= A_panel * B over kc, where row k of B starts at B + k * ldbk
// (ldbk = NR for a packed panel, the matrix's row stride when B is read in place). `acc`
// adds to C, else overwrites. Columns past nr are masked off in loads and stores, rows
// past mr are not stored.
AVX512 static void kernel(long kc, const float *A, const float *B, long ldbk, float *c, long ldc,
                          int acc, long mr, long nr) {
    __mmask16 m0 = nr >= 16 ? 0xFFFF : (__mmask16)((1u << nr) - 1);
    __mmask16 m1 = nr >= 32 ? 0xFFFF : nr <= 16 ? 0 : (__mmask16)((1u << (nr - 16)) - 1);
    DECL(0) DECL(1) DECL(2) DECL(3) DECL(4) DECL(5) DECL(6) DECL(7) DECL(8) DECL(9) DECL(10) DECL(11)
    for (long k = 0; k < kc; k++) {
        __m512 b0 = _mm512_maskz_loadu_ps(m0, B), b1 = _mm512_maskz_loadu_ps(m1, B + 16);
        _mm_prefetch((const char *)(B + 4 * ldbk), _MM_HINT_T0);
        STEP(0) STEP(1) STEP(2) STEP(3) STEP(4) STEP(5) STEP(6) STEP(7) STEP(8) STEP(9) STEP(10) STEP(11)
        A += MR;
        B += ldbk;
    }
    STORE(0) STORE(1) STORE(2) STORE(3) STORE(4) STORE(5) STORE(6) STORE(7) STORE(8) STORE(9) STORE(10) STORE(11)
}

// Rows of B further apart than this (in floats) are packed: reading them in place touches
// one page per row of a KC-row panel (measured: 147 x 12544 in place 1.5x slower); closer
// rows are read where they are, saving the copy (measured: 768 x 3072 weights in place
// 1.1-1.2x faster than packed per call).
#define IN_PLACE_LDB 4096

long pk_sgemm_row_block(void) { return MR; }

long pk_sgemm_packed_a_count(long m, long k) {
    long mpad = (m + MR - 1) / MR * MR;
    return mpad * (k > 0 ? k : 0);
}

void pk_sgemm_pack_a(int transA, long m, long k, float alpha, const float *a, long lda, float *packed) {
    long mpad = (m + MR - 1) / MR * MR;
    for (long pc = 0; pc < k; pc += KC) {
        long kc = k - pc < KC ? k - pc : KC;
        pack_a(transA, a, lda, 0, m, pc, kc, alpha, packed + pc * mpad);
    }
}

// The blocked product. With `prepacked` (from pk_sgemm_pack_a, alpha already applied) A is
// not read; otherwise each MC x KC block of alpha*op(A) is packed here.
// Products with very few rows (a batch-1 classifier: 1 x K times K x N) waste most of a
// 12-row register tile and, with a transposed B, would repack all of B for one row. They
// run as one dot product (B transposed: its rows are contiguous) or one axpy sweep over
// B's rows per row of C instead.
AVX512 static void gemv_rows(int transB, long m, long n, long k, float alpha, const float *a, long lda,
                             const float *b, long ldb, float beta, float *c, long ldc) {
    for (long i = 0; i < m; i++) {
        const float *x = a + i * lda;
        float *y = c + i * ldc;
        if (transB) {
            for (long j = 0; j < n; j++) {
                const float *row = b + j * ldb;
                __m512 acc = _mm512_setzero_ps();
                long p = 0;
                for (; p + 16 <= k; p += 16) acc = _mm512_fmadd_ps(_mm512_loadu_ps(x + p), _mm512_loadu_ps(row + p), acc);
                if (p < k) {
                    __mmask16 mk = (__mmask16)((1u << (k - p)) - 1);
                    acc = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(mk, x + p), _mm512_maskz_loadu_ps(mk, row + p), acc);
                }
                float v = alpha * _mm512_reduce_add_ps(acc);
                y[j] = beta == 0 ? v : v + beta * y[j];
            }
        } else {
            if (beta == 0) memset(y, 0, sizeof(float) * n);
            else if (beta != 1) for (long j = 0; j < n; j++) y[j] *= beta;
            for (long p = 0; p < k; p++) {
                __m512 s = _mm512_set1_ps(alpha * x[p]);
                const float *row = b + p * ldb;
                long j = 0;
                for (; j + 16 <= n; j += 16)
                    _mm512_storeu_ps(y + j, _mm512_fmadd_ps(s, _mm512_loadu_ps(row + j), _mm512_loadu_ps(y + j)));
                if (j < n) {
                    __mmask16 mk = (__mmask16)((1u << (n - j)) - 1);
                    _mm512_mask_storeu_ps(y + j, mk, _mm512_fmadd_ps(s, _mm512_maskz_loadu_ps(mk, row + j), _mm512_maskz_loadu_ps(mk, y + j)));
                }
            }
        }
    }
}

// Only rows [row0, row1) of C are computed (row0 a multiple of MR): threads split a
// prepacked product by rows this way.
AVX512 static void gemm(int transA, int transB, long m, long row0, long row1, long n, long k, float alpha,
                        const float *a, long lda, const float *prepacked, const float *b, long ldb,
                        float beta, float *c, long ldc) {
    if (m <= 0 || n <= 0 || row1 <= row0) return;
    if (row0 > 0) { c += row0 * ldc; if (!prepacked) a += transA ? row0 : row0 * lda; }
    // From here on, rows are counted from row0; the packed A is indexed by absolute rows.
    long rowBase = row0;
    long mpad = (m + MR - 1) / MR * MR;
    m = row1 - row0;
    if (beta != 0 && beta != 1) {
        for (long i = 0; i < m; i++) for (long j = 0; j < n; j++) c[i * ldc + j] *= beta;
    }
    if (k <= 0 || (alpha == 0 && !prepacked)) {
        if (beta == 0) for (long i = 0; i < m; i++) memset(c + i * ldc, 0, sizeof(float) * n);
        return;
    }
    if (m < 4 && !transA && !prepacked) {
        // C was already scaled by any beta other than 0 and 1 above.
        gemv_rows(transB, m, n, k, alpha, a, lda, b, ldb, beta == 0 ? 0 : 1, c, ldc);
        return;
    }
    int packB_needed = transB || ldb > IN_PLACE_LDB;
    if (!ensure_buffers()) {
        // No memory for 4 MB of packing space: a plain loop, slow but still correct.
        for (long i = 0; i < m; i++) for (long j = 0; j < n; j++) {
            float s = 0;
            for (long p = 0; p < k; p++) {
                long ai = i + rowBase, kb = p / KC * KC, kc = k - kb < KC ? k - kb : KC;
                float av = prepacked ? prepacked[kb * mpad + (ai / MR) * MR * kc + (p - kb) * MR + ai % MR]
                                     : alpha * (transA ? a[p * lda + i] : a[i * lda + p]);
                s += av * (transB ? b[j * ldb + p] : b[p * ldb + j]);
            }
            c[i * ldc + j] = s + (beta == 0 ? 0 : c[i * ldc + j]);
        }
        return;
    }
    for (long jc = 0; jc < n; jc += NC) {
        long nc = n - jc < NC ? n - jc : NC;
        for (long pc = 0; pc < k; pc += KC) {
            long kc = k - pc < KC ? k - pc : KC;
            int acc = pc > 0 || beta != 0;
            if (packB_needed) pack_b(transB, b, ldb, pc, kc, jc, nc, packB);
            for (long ic = 0; ic < m; ic += MC) {
                long mc = m - ic < MC ? m - ic : MC;
                const float *ap;
                if (prepacked) {
                    ap = prepacked + pc * mpad + (rowBase + ic) * kc;
                } else {
                    pack_a(transA, a, lda, ic, mc, pc, kc, alpha, packA);
                    ap = packA;
                }
                for (long jr = 0; jr < nc; jr += NR) {
                    long nr = nc - jr < NR ? nc - jr : NR;
                    const float *bp = packB_needed ? packB + jr * kc : b + pc * ldb + jc + jr;
                    long ldbk = packB_needed ? NR : ldb;
                    for (long ir = 0; ir < mc; ir += MR) {
                        long mr = mc - ir < MR ? mc - ir : MR;
                        kernel(kc, ap + ir * kc, bp, ldbk, c + (ic + ir) * ldc + jc + jr, ldc, acc, mr, nr);
                    }
                }
            }
        }
    }
}

void pk_sgemm(int transA, int transB, long m, long n, long k, float alpha,
              const float *a, long lda, const float *b, long ldb,
              float beta, float *c, long ldc) {
    gemm(transA, transB, m, 0, m, n, k, alpha, a, lda, 0, b, ldb, beta, c, ldc);
}

void pk_sgemm_prepacked(long m, long row0, long rows, long n, long k, const float *packedA, int transB,
                        const float *b, long ldb, float beta, float *c, long ldc) {
    if (row0 % MR != 0 || row0 < 0 || rows < 0 || row0 + rows > m) return;
    gemm(0, transB, m, row0, row0 + rows, n, k, 1, 0, 0, packedA, b, ldb, beta, c, ldc);
}
