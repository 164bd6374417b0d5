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
#include <math.h>
#include <stdint.h>
#include <string.h>

#define MR 12
#define NR 32
#ifndef KC
#define KC 256
#endif
// Rows of A per block (at most): the rows are cut into equal blocks of MR multiples no
// larger than this. A fixed block of 144 rows cut ViT's 197 tokens into 144 + 53 and
// streamed every B panel twice: 768 x 3072 at 159 GFLOP/s, 218 with one 204-row block.
#ifndef MC
#define MC 264
#endif
#define NC 4096

#define AVX512 __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,fma,avx2,avx,bmi2")))
#include "simd_exp.h"
#include "simd_transpose.h"
#include "simd_mask.h"

int pk_avx512_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq")
        && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl")
        && __builtin_cpu_supports("fma") && __builtin_cpu_supports("bmi2");
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
// 16 columns of a panel's rows at a time: the rows are transposed so that each k's MR
// values are one masked store (the scalar loop wrote 12 floats 48 bytes apart per k; it
// was the largest part of loading resnet18's convolution weights after the page faults).
AVX512 static void pack_a_rows16(const float *a, long lda, long rows, long kc, float alpha, float *d) {
    const __m512 av = _mm512_set1_ps(alpha);
    long k = 0;
    for (; k < kc; k += 16) {
        long n = kc - k < 16 ? kc - k : 16;
        __mmask16 m = first_n(n);
        __m512 in[16], out[16];
        for (long r = 0; r < 16; r++)
            in[r] = r < rows ? _mm512_mul_ps(av, _mm512_maskz_loadu_ps(m, a + r * lda + k)) : _mm512_setzero_ps();
        transpose16(in, out);
        for (long j = 0; j < n; j++) _mm512_mask_storeu_ps(d + (k + j) * MR, (__mmask16)((1u << MR) - 1), out[j]);
    }
}

static int pack_simd = -1;

static void pack_a(int trans, const float *a, long lda, long i0, long mc, long k0, long kc,
                   float alpha, float *dst) {
    if (pack_simd < 0) pack_simd = pk_avx512_available();
    for (long p = 0; p < mc; p += MR) {
        long rows = mc - p < MR ? mc - p : MR;
        float *d = dst + p * kc;
        if (!trans && pack_simd) {
            // (rows past `rows` come out zero: the loads above give zero vectors for them)
            pack_a_rows16(a + (i0 + p) * lda + k0, lda, rows, kc, alpha, d);
            continue;
        }
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

// One NR-column panel of a transposed B (B^T rows are B's columns): 16 columns by 16 k
// at a time, the 16 loaded rows transposed so that each k's 16 values are one store. The
// scalar loop wrote one float per column 128 bytes apart; packing a linear layer's
// weights (mobilenet_v3_small's 1024 x 1000 classifier) was 5% of that model's load.
AVX512 static void pack_b_trans_panel(const float *b, long ldb, long k0, long kc, long cols, float *d) {
    for (long c0 = 0; c0 < NR; c0 += 16) {
        long live = cols - c0;
        for (long k = 0; k < kc; k += 16) {
            long n = kc - k < 16 ? kc - k : 16;
            __mmask16 m = first_n(n);
            __m512 in[16], out[16];
            for (long c = 0; c < 16; c++)
                in[c] = c < live ? _mm512_maskz_loadu_ps(m, b + (c0 + c) * ldb + k0 + k) : _mm512_setzero_ps();
            transpose16(in, out);
            for (long j = 0; j < n; j++) _mm512_storeu_ps(d + (k + j) * NR + c0, out[j]);
        }
    }
}

// Packs rows [k0, k0+kc) x cols [j0, j0+nc) of op(B) into NR-column panels laid out
// [panel][k][c]; columns past nc are zero.
static void pack_b(int trans, const float *b, long ldb, long k0, long kc, long j0, long nc, float *dst) {
    if (pack_simd < 0) pack_simd = pk_avx512_available();
    for (long q = 0; q < nc; q += NR) {
        long cols = nc - q < NR ? nc - q : NR;
        float *d = dst + q * kc;
        if (trans && pack_simd) {
            pack_b_trans_panel(b + (j0 + q) * ldb, ldb, k0, kc, cols, d);
            continue;
        }
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
#define STEP(r) if ((r) < R) { __m512 av = _mm512_set1_ps(A[r]); \
    c##r##_0 = _mm512_fmadd_ps(av, b0, c##r##_0); c##r##_1 = _mm512_fmadd_ps(av, b1, c##r##_1); }
#define STORE(r) if ((r) < mr) { float *cr = c + (r) * ldc; \
    if (acc) { c##r##_0 = _mm512_add_ps(c##r##_0, _mm512_maskz_loadu_ps(m0, cr)); \
               c##r##_1 = _mm512_add_ps(c##r##_1, _mm512_maskz_loadu_ps(m1, cr + 16)); } \
    if (bias) { __m512 bv = _mm512_set1_ps(bias[r]); \
               c##r##_0 = _mm512_add_ps(c##r##_0, bv); c##r##_1 = _mm512_add_ps(c##r##_1, bv); } \
    if (post) { \
        if (post->z) { const float *zr = post->z + (r) * post->ldz; \
            c##r##_0 = _mm512_add_ps(c##r##_0, _mm512_maskz_loadu_ps(m0, zr)); \
            c##r##_1 = _mm512_add_ps(c##r##_1, _mm512_maskz_loadu_ps(m1, zr + 16)); } \
        if (post->clamp) { /* max/min return their second operand when either is NaN */ \
            c##r##_0 = _mm512_min_ps(hiv, _mm512_max_ps(lov, c##r##_0)); \
            c##r##_1 = _mm512_min_ps(hiv, _mm512_max_ps(lov, c##r##_1)); } \
        if (post->silu) { c##r##_0 = silu16(c##r##_0); c##r##_1 = silu16(c##r##_1); } \
        if (post->hardswish) { c##r##_0 = hardswish16(c##r##_0); c##r##_1 = hardswish16(c##r##_1); } } \
    _mm512_mask_storeu_ps(cr, m0, c##r##_0); _mm512_mask_storeu_ps(cr + 16, m1, c##r##_1); }

// Whether an epilogue has any term to apply (NULL has none).
static inline int ep_active(const pk_epilogue *ep) {
    return ep && (ep->bias || ep->z || ep->clamp || ep->silu || ep->hardswish);
}

// The epilogue as one tile sees it: z offset to the tile's first element.
typedef struct { const float *z; long ldz; int clamp; float lo, hi; int silu, hardswish; } tile_post;

// One MR x NR tile: C (+)= A_panel * B over kc, where row k of B starts at B + k * ldbk
// (ldbk = NR for a packed panel, the matrix's row stride when B is read in place). `acc`
// adds to C, else overwrites. Columns past nr are masked off in loads and stores, rows
// past mr are not stored. `prefetchA` (a constant in each caller) fetches the A panel
// ahead: on the first pass over a block of prepacked weights A comes from DRAM, and the
// hardware prefetcher alone left a 512 x 4608 by 49 product (resnet18's last stage at
// batch 1) at 1.80 ms against 1.18 ms with it; on later passes A is in L2 and the extra
// loads cost ~5%, so those passes skip it.
#define PREFETCH_A 1152
// `bias` (mr values, or NULL) is added, and `post` (or NULL) applied, as the tile is stored:
// callers pass the bias on the first pass over k only and `post` on the last.
// `R` (a constant: 4, 8 or 12, at least mr) is the number of rows computed: channel counts
// are multiples of 16, 4 or 8 past a multiple of 12, and computing all 12 rows for the
// last tile cost 11% of a 64-row product (resnet18's stem and first stage).
AVX512 static inline __attribute__((always_inline)) void
tile(long kc, const float *A, const float *B, long ldbk, float *c, long ldc, int acc, long mr, long nr, int prefetchA,
     const float *bias, const tile_post *post, const char *prefetchNext, const int R) {
    const __m512 lov = _mm512_set1_ps(post ? post->lo : 0), hiv = _mm512_set1_ps(post ? post->hi : 0);
    __mmask16 m0 = first_n(nr), m1 = first_n(nr - 16);
    DECL(0) DECL(1) DECL(2) DECL(3) DECL(4) DECL(5) DECL(6) DECL(7) DECL(8) DECL(9) DECL(10) DECL(11)
    for (long k = 0; k < kc; k++) {
        __m512 b0 = _mm512_maskz_loadu_ps(m0, B), b1 = _mm512_maskz_loadu_ps(m1, B + 16);
        _mm_prefetch((const char *)(B + 4 * ldbk), _MM_HINT_T0);
        // (prefetches never fault, so running past the end of the packed buffer is harmless)
        if (prefetchA) _mm_prefetch((const char *)(A + PREFETCH_A), _MM_HINT_T0);
        if (prefetchNext) _mm_prefetch(prefetchNext + 64 * k, _MM_HINT_T1);
        STEP(0) STEP(1) STEP(2) STEP(3) STEP(4) STEP(5) STEP(6) STEP(7) STEP(8) STEP(9) STEP(10) STEP(11)
        A += MR;
        B += ldbk;
    }
    STORE(0) STORE(1) STORE(2) STORE(3) STORE(4) STORE(5) STORE(6) STORE(7) STORE(8) STORE(9) STORE(10) STORE(11)
}

// `tile` for mr rows, computing 4, 8 or 12 of them.
#define TILE_FOR_ROWS(...) do { \
    if (mr > 8) tile(__VA_ARGS__, 12); else if (mr > 4) tile(__VA_ARGS__, 8); else tile(__VA_ARGS__, 4); } while (0)

AVX512 static void kernel(long kc, const float *A, const float *B, long ldbk, float *c, long ldc,
                          int acc, long mr, long nr) {
    TILE_FOR_ROWS(kc, A, B, ldbk, c, ldc, acc, mr, nr, 0, 0, 0, 0);
}

AVX512 static void kernel_prefetch(long kc, const float *A, const float *B, long ldbk, float *c, long ldc,
                                   int acc, long mr, long nr) {
    TILE_FOR_ROWS(kc, A, B, ldbk, c, ldc, acc, mr, nr, 1, 0, 0, 0);
}

// With an epilogue or a next panel to fetch: one function, the epilogue's branches sit
// outside the k loop.
AVX512 static void kernel_ep(long kc, const float *A, const float *B, long ldbk, float *c, long ldc,
                             int acc, long mr, long nr, int prefetchA, const float *bias, const tile_post *post,
                             const char *prefetchNext) {
    if (prefetchA) TILE_FOR_ROWS(kc, A, B, ldbk, c, ldc, acc, mr, nr, 1, bias, post, prefetchNext);
    else TILE_FOR_ROWS(kc, A, B, ldbk, c, ldc, acc, mr, nr, 0, bias, post, prefetchNext);
}

// Dispatches one tile: the plain kernels when no epilogue term applies to this pass over k.
// (bias on the first pass, the rest on the last; i, j are the tile's row and column in C.)
// `prefetchNext`: kc cache lines (half a packed B panel) to bring into L2 while this tile
// computes, or NULL.
AVX512 static inline void run_tile(long kc, const float *ap, const float *bp, long ldbk, float *cp, long ldc, int acc,
                                   long mr, long nr, int prefetchA, const pk_epilogue *ep, int firstK, int lastK,
                                   long i, long j, const char *prefetchNext) {
    const float *bias = ep && firstK && ep->bias ? ep->bias + i : 0;
    // The next tile's lines of C (32 columns on), fetched for writing while this one
    // computes: C is often memory no cache holds (a layer's fresh output), and its 12 row
    // streams defeat the hardware prefetcher. A 16 -> 96 1x1 convolution at 112 x 112 with
    // bias, caches cold: 0.47 -> 0.27 ms; 24 -> 144 at 56 x 56: 0.20 -> 0.13 ms.
    if (firstK)
        for (long r = 0; r < mr; r++) {
            __builtin_prefetch(cp + r * ldc + NR, 1, 3);
            __builtin_prefetch(cp + r * ldc + NR + 16, 1, 3);
        }
    tile_post post;
    int hasPost = ep && lastK && (ep->z || ep->clamp || ep->silu || ep->hardswish);
    if (hasPost) {
        post.z = ep->z ? ep->z + i * ep->ldz + j : 0;
        // The next tile's residual lines, for the same reason as C's above.
        if (post.z)
            for (long r = 0; r < mr; r++) {
                __builtin_prefetch(post.z + r * ep->ldz + NR, 0, 3);
                __builtin_prefetch(post.z + r * ep->ldz + NR + 16, 0, 3);
            }
        post.ldz = ep->ldz;
        post.clamp = ep->clamp;
        post.lo = ep->lo;
        post.hi = ep->hi;
        post.silu = ep->silu;
        post.hardswish = ep->hardswish;
    }
    if (bias || hasPost || prefetchNext)
        kernel_ep(kc, ap, bp, ldbk, cp, ldc, acc, mr, nr, prefetchA, bias, hasPost ? &post : 0, prefetchNext);
    else if (prefetchA) kernel_prefetch(kc, ap, bp, ldbk, cp, ldc, acc, mr, nr);
    else kernel(kc, ap, bp, ldbk, cp, ldc, acc, mr, nr);
}

// The epilogue on one element, for the scalar paths (no k to sum, out of packing memory).
static inline float ep_scalar(const pk_epilogue *ep, float v, long i, long j) {
    if (!ep) return v;
    if (ep->bias) v += ep->bias[i];
    if (ep->z) v += ep->z[i * ep->ldz + j];
    return ep_activate1(v, ep);
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

// Rows [row0, row0 + rows) of alpha * op(A) (m x k; `a` at row row0) into the whole
// matrix's packed buffer. Within each KC block the rows lie in MR-row panels, so rows from
// row0 start at row0 * kc (row0 a panel boundary); the last panel's missing rows come out
// zero.
static void pack_a_blocks(int trans, long m, long k, long row0, long rows, float alpha, const float *a, long lda,
                          float *packed) {
    long mpad = (m + MR - 1) / MR * MR;
    for (long pc = 0; pc < k; pc += KC) {
        long kc = k - pc < KC ? k - pc : KC;
        pack_a(trans, a, lda, 0, rows, pc, kc, alpha, packed + pc * mpad + row0 * kc);
    }
}

void pk_sgemm_pack_a(int transA, long m, long k, float alpha, const float *a, long lda, float *packed) {
    pack_a_blocks(transA, m, k, 0, m, alpha, a, lda, packed);
}

void pk_sgemm_pack_a_rows(long m, long k, long row0, long rows, const float *a, long lda, float *packed) {
    if (row0 % MR != 0 || row0 < 0 || rows < 0 || row0 + rows > m) return;
    pack_a_blocks(0, m, k, row0, rows, 1.0f, a, lda, packed);
}

void pk_sgemm_unpack_a_rows(long m, long k, long row0, long rows, const float *packed, float *a, long lda) {
    long mpad = (m + MR - 1) / MR * MR;
    if (row0 < 0 || rows < 0 || row0 + rows > m) return;
    for (long pc = 0; pc < k; pc += KC) {
        long kc = k - pc < KC ? k - pc : KC;
        const float *block = packed + pc * mpad;
        for (long i = row0; i < row0 + rows; i++) {
            const float *src = block + (i / MR) * MR * kc + i % MR;
            float *dst = a + (i - row0) * lda + pc;
            for (long q = 0; q < kc; q++) dst[q] = src[q * MR];
        }
    }
}

void pk_sgemm_unpack_a(long m, long k, const float *packed, float *a, long lda) {
    pk_sgemm_unpack_a_rows(m, k, 0, m, packed, a, lda);
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
                    __mmask16 mk = first_n(k - p);
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
                    __mmask16 mk = first_n(n - j);
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
                        float beta, float *c, long ldc, const pk_epilogue *epAll,
                        const float *prepackedB, long nB, long bcol0) {
    if (m <= 0 || n <= 0 || row1 <= row0) return;
    // The epilogue seen from row0 on, as C is.
    pk_epilogue epRows;
    const pk_epilogue *ep = 0;
    if (ep_active(epAll)) {
        epRows = *epAll;
        if (epRows.bias) epRows.bias += row0;
        if (epRows.z) epRows.z += row0 * epRows.ldz;
        ep = &epRows;
    }
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
        if (ep) for (long i = 0; i < m; i++) for (long j = 0; j < n; j++) c[i * ldc + j] = ep_scalar(ep, c[i * ldc + j], i, j);
        return;
    }
    if (m < 4 && !transA && !prepacked && !prepackedB) {
        // C was already scaled by any beta other than 0 and 1 above.
        gemv_rows(transB, m, n, k, alpha, a, lda, b, ldb, beta == 0 ? 0 : 1, c, ldc);
        return;
    }
    int packB_needed = !prepackedB && (transB || ldb > IN_PLACE_LDB);
    long npadB = (nB + NR - 1) / NR * NR;
    if (!ensure_buffers()) {
        // No memory for 4 MB of packing space: a plain loop, slow but still correct.
        for (long i = 0; i < m; i++) for (long j = 0; j < n; j++) {
            float s = 0;
            for (long p = 0; p < k; p++) {
                long ai = i + rowBase, kb = p / KC * KC, kc = k - kb < KC ? k - kb : KC;
                float av = prepacked ? prepacked[kb * mpad + (ai / MR) * MR * kc + (p - kb) * MR + ai % MR]
                                     : alpha * (transA ? a[p * lda + i] : a[i * lda + p]);
                long bj = bcol0 + j;
                float bv = prepackedB ? prepackedB[kb * npadB + (bj / NR) * NR * kc + (p - kb) * NR + bj % NR]
                                      : transB ? b[j * ldb + p] : b[p * ldb + j];
                s += av * bv;
            }
            c[i * ldc + j] = ep_scalar(ep, s + (beta == 0 ? 0 : c[i * ldc + j]), i, j);
        }
        return;
    }
    long mBlocks = (m + MC - 1) / MC;
    long mcBlock = ((m + mBlocks - 1) / mBlocks + MR - 1) / MR * MR;
    for (long jc = 0; jc < n; jc += NC) {
        long nc = n - jc < NC ? n - jc : NC;
        for (long pc = 0; pc < k; pc += KC) {
            long kc = k - pc < KC ? k - pc : KC;
            int acc = pc > 0 || beta != 0;
            if (packB_needed) pack_b(transB, b, ldb, pc, kc, jc, nc, packB);
            for (long ic = 0; ic < m; ic += mcBlock) {
                long mc = m - ic < mcBlock ? m - ic : mcBlock;
                const float *ap;
                if (prepacked) {
                    ap = prepacked + pc * mpad + (rowBase + ic) * kc;
                } else {
                    pack_a(transA, a, lda, ic, mc, pc, kc, alpha, packA);
                    ap = packA;
                }
                for (long jr = 0; jr < nc; jr += NR) {
                    long nr = nc - jr < NR ? nc - jr : NR;
                    const float *bp = prepackedB ? prepackedB + pc * npadB + (bcol0 + jc + jr) * kc
                                    : packB_needed ? packB + jr * kc : b + pc * ldb + jc + jr;
                    long ldbk = packB_needed || prepackedB ? NR : ldb;
                    for (long ir = 0; ir < mc; ir += MR) {
                        long mr = mc - ir < MR ? mc - ir : MR;
                        // Prepacked weights are read from memory on the first column panel only.
                        // A prepacked B comes from memory panel by panel: the first two row
                        // tiles fetch the next panel (its two halves) while they compute, so
                        // the next panel's first tile does not wait on DRAM.
                        const char *next = 0;
                        if (prepackedB && ic == 0 && ir < 2 * MR && jr + NR < nc)
                            next = (const char *)(bp + NR * kc) + (ir / MR) * 64 * kc;
                        run_tile(kc, ap + ir * kc, bp, ldbk, c + (ic + ir) * ldc + jc + jr, ldc, acc, mr, nr,
                                 prepacked && jr == 0, ep, pc == 0, pc + kc >= k, ic + ir, jc + jr, next);
                    }
                }
            }
        }
    }
}

void pk_sgemm(int transA, int transB, long m, long n, long k, float alpha,
              const float *a, long lda, const float *b, long ldb,
              float beta, float *c, long ldc) {
    gemm(transA, transB, m, 0, m, n, k, alpha, a, lda, 0, b, ldb, beta, c, ldc, 0, 0, 0, 0);
}

long pk_sgemm_packed_b_count(long k, long n) {
    long npad = (n + NR - 1) / NR * NR;
    return npad * (k > 0 ? k : 0);
}

void pk_sgemm_pack_b(int transB, long k, long n, const float *b, long ldb, float *packed) {
    long npad = (n + NR - 1) / NR * NR;
    for (long pc = 0; pc < k; pc += KC) {
        long kc = k - pc < KC ? k - pc : KC;
        pack_b(transB, b, ldb, pc, kc, 0, n, packed + pc * npad);
    }
}

int pk_sgemm_pack_b_part(int transB, long k, long n, long first, long count, const float *src, long ld,
                         float *packed) {
    if (k <= 0 || n <= 0 || first < 0 || count <= 0) return count == 0 ? 0 : 1;
    long npad = (n + NR - 1) / NR * NR;
    if (transB) {
        // Columns of op(B): whole panels, since pack_b zero-fills a panel past its columns.
        if (first % NR != 0 || first + count > n || (count % NR != 0 && first + count != n)) return 1;
        for (long pc = 0; pc < k; pc += KC) {
            long kc = k - pc < KC ? k - pc : KC;
            pack_b(1, src, ld, pc, kc, 0, count, packed + pc * npad + first * kc);
        }
        return 0;
    }
    // Rows of B: row r lies in the K block starting at r / KC * KC, at row r % KC of each of
    // that block's panels (pack_b's layout).
    if (first + count > k) return 1;
    for (long i = 0; i < count; i++) {
        long r = first + i, pc = r / KC * KC;
        long kc = k - pc < KC ? k - pc : KC;
        const float *row = src + i * ld;
        for (long q = 0; q < npad; q += NR) {
            long cols = n - q < NR ? n - q : NR;
            float *d = packed + pc * npad + q * kc + (r - pc) * NR;
            memcpy(d, row + q, sizeof(float) * cols);
            for (long c = cols; c < NR; c++) d[c] = 0;
        }
    }
    return 0;
}

// A few rows (a batch-1 linear layer) times packed B: one pass over each panel with two
// accumulators, instead of a 12-row tile that would waste 11 of its rows.
AVX512 static void rows_times_packed_b(long m, long n, long k, long col0, long cols, const float *a, long lda,
                                       const float *packedB, float beta, float *c, long ldc) {
    long npad = (n + NR - 1) / NR * NR;
    for (long i = 0; i < m; i++) {
        const float *x = a + i * lda;
        for (long jr = 0; jr < cols; jr += NR) {
            long nr = cols - jr < NR ? cols - jr : NR;
            __mmask16 m0 = first_n(nr), m1 = first_n(nr - 16);
            __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
            for (long pc = 0; pc < k; pc += KC) {
                long kc = k - pc < KC ? k - pc : KC;
                const float *panel = packedB + pc * npad + (col0 + jr) * kc;
                for (long p = 0; p < kc; p++) {
                    __m512 s = _mm512_set1_ps(x[pc + p]);
                    acc0 = _mm512_fmadd_ps(s, _mm512_loadu_ps(panel + p * NR), acc0);
                    acc1 = _mm512_fmadd_ps(s, _mm512_loadu_ps(panel + p * NR + 16), acc1);
                }
            }
            float *y = c + i * ldc + col0 + jr;
            if (beta != 0) {
                acc0 = _mm512_fmadd_ps(_mm512_set1_ps(beta), _mm512_maskz_loadu_ps(m0, y), acc0);
                acc1 = _mm512_fmadd_ps(_mm512_set1_ps(beta), _mm512_maskz_loadu_ps(m1, y + 16), acc1);
            }
            _mm512_mask_storeu_ps(y, m0, acc0);
            _mm512_mask_storeu_ps(y + 16, m1, acc1);
        }
    }
}

int pk_sgemm_packed_b(long m, long n, long k, long col0, long cols, const float *a, long lda,
                      const float *packedB, float beta, float *c, long ldc, const pk_epilogue *ep) {
    if (col0 % NR != 0 || col0 < 0 || cols < 0 || col0 + cols > n) return 1;
    if (m < 4 && k > 0 && !ep_active(ep)) {
        rows_times_packed_b(m, n, k, col0, cols, a, lda, packedB, beta, c, ldc);
        return 0;
    }
    pk_epilogue local;
    if (ep && ep->z) { local = *ep; local.z += col0; ep = &local; }
    gemm(0, 0, m, 0, m, cols, k, 1, a, lda, 0, 0, 0, beta, c + col0, ldc, ep, packedB, n, col0);
    return 0;
}

void pk_sgemm_prepacked(long m, long row0, long rows, long n, long k, const float *packedA, int transB,
                        const float *b, long ldb, float beta, float *c, long ldc) {
    if (row0 % MR != 0 || row0 < 0 || rows < 0 || row0 + rows > m) return;
    gemm(0, transB, m, row0, row0 + rows, n, k, 1, 0, 0, packedA, b, ldb, beta, c, ldc, 0, 0, 0, 0);
}

int pk_sgemm_prepacked_ep(long m, long row0, long rows, long n, long k, const float *packedA, int transB,
                          const float *b, long ldb, float beta, float *c, long ldc, const pk_epilogue *ep) {
    if (row0 % MR != 0 || row0 < 0 || rows < 0 || row0 + rows > m) return 1;
    gemm(0, transB, m, row0, row0 + rows, n, k, 1, 0, 0, packedA, b, ldb, beta, c, ldc, ep, 0, 0, 0);
    return 0;
}

// ---------------------------------------------------------------------------------------
// Convolution as a GEMM whose B panels are packed straight from the image (implicit GEMM):
// Y[m, j] (+)= sum_k A[m, k] * X[c, oh*sh - ph + kh*dh, ow*sw - pw + kw*dw], k = (c, kh, kw),
// j = (oh, ow). im2col would first write all C*KH*KW x OH*OW columns to memory (7.4 MB
// for resnet18's 7x7 stem) and the GEMM would then copy them again into panels; here each
// KC x 32 panel is gathered once into an L1-sized buffer and used by every row tile.

// Gathers rows [k0, k0+kc) x output columns [j0, j0+cols) (cols <= NR) of the unfolded
// image into an NR-wide panel; taps in the padding and columns past `cols` are zero.
// `flat`: 1x1 kernel, unit strides, no padding at all: the unfolded matrix is x itself.
AVX512 static void pack_conv_panel(const float *x, long H, long W, long KH, long KW, long sh, long sw,
                                   long ph, long pw, long dh, long dw, long OW, long j0, long cols,
                                   long k0, long kc, int flat, float *dst) {
    int32_t ih0[NR], iw0[NR];
    long oh = j0 / OW, ow = j0 % OW;
    for (long q = 0; q < NR; q++) {
        ih0[q] = (int32_t)(oh * sh - ph);
        iw0[q] = (int32_t)(ow * sw - pw);
        if (++ow == OW) { ow = 0; oh++; }
    }
    __m512i vih[2], viw[2];
    __mmask16 live[2];
    int sameRow[2];
    for (int h = 0; h < 2; h++) {
        vih[h] = _mm512_loadu_si512(ih0 + 16 * h);
        viw[h] = _mm512_loadu_si512(iw0 + 16 * h);
        long n = cols - 16 * h;
        live[h] = first_n(n);
        // All 16 columns in one output row: with stride 1 (2) their taps are 16 consecutive
        // floats (every other of 31), loaded without a gather when all are in the image.
        sameRow[h] = (sw == 1 || sw == 2) && live[h] == 0xFFFF && ih0[16 * h] == ih0[16 * h + 15];
    }
    const __m512i evens = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    const __m512i vH = _mm512_set1_epi32((int32_t)H), vW = _mm512_set1_epi32((int32_t)W), zero = _mm512_setzero_si512();
    if (flat) {
        // 1x1, stride 1, no padding: the unfolded matrix is the image itself, [C, H*W].
        for (long k = 0; k < kc; k++) {
            const float *src = x + (k0 + k) * H * W + j0;
            _mm512_store_ps(dst + k * NR, _mm512_maskz_loadu_ps(live[0], src));
            _mm512_store_ps(dst + k * NR + 16, _mm512_maskz_loadu_ps(live[1], src + 16));
        }
        return;
    }
    long taps = KH * KW;
    long c = k0 / taps, r = k0 % taps, kh = r / KW, kw = r % KW;
    // For a half whose 16 columns lie in one output row (stride 1 or 2), which lanes read
    // inside the image depends on kw alone and whether any does on kh alone: masked loads
    // (masked-off lanes never fault) then serve the padding too, with no gather, and a run
    // of taps along kw reads one image row at a fixed step. load[h][kw] holds the 32-bit
    // mask of the floats to load: the lane mask for stride 1; for stride 2, lane q reads
    // element 2q of the 32 loaded, so the lane mask spread onto the even bits (pdep).
    // At most 64 kernel columns take this way.
    unsigned load[2][64];
    int direct[2];
    for (int h = 0; h < 2; h++) {
        direct[h] = sameRow[h] && KW <= 64;
        if (!direct[h]) continue;
        for (long q = 0; q < KW; q++) {
            __m512i iw = _mm512_add_epi32(viw[h], _mm512_set1_epi32((int32_t)(q * dw)));
            unsigned in = _mm512_cmpge_epi32_mask(iw, zero) & _mm512_cmplt_epi32_mask(iw, vW);
            load[h][q] = sw == 1 ? in : _pdep_u32(in, 0x55555555u);
        }
    }
    for (long k = 0; k < kc;) {
        const float *plane = x + c * H * W;
        long run = KW - kw < kc - k ? KW - kw : kc - k;  // taps kw ..< kw + run of row (c, kh)
        // Starting a channel: the rows the panel reads two channels on, fetched now. Each
        // channel is a new place in the image (K planes), which the hardware prefetcher
        // does not foresee (prefetches past the image never fault).
        if (kh == 0 && kw == 0)
            for (int h = 0; h < 2; h++) {
                if (!live[h]) continue;
                for (long q = 0; q < KH; q++) {
                    long ih = ih0[16 * h] + q * dh;
                    if (ih < 0 || ih >= H) continue;
                    const float *at = plane + 2 * H * W + ih * W + (iw0[16 * h] > 0 ? iw0[16 * h] : 0);
                    __builtin_prefetch(at, 0, 3);
                    __builtin_prefetch(at + 16, 0, 3);
                    if (sw > 1) __builtin_prefetch(at + 32, 0, 3);
                }
            }
        for (int h = 0; h < 2; h++) {
            float *d = dst + k * NR + 16 * h;
            long ih = ih0[16 * h] + kh * dh;
            if (!live[h] || (direct[h] && (ih < 0 || ih >= H))) {
                for (long j = 0; j < run; j++) _mm512_store_ps(d + j * NR, _mm512_setzero_ps());
            } else if (direct[h]) {
                // The first lane's tap at kw = 0; lanes outside the image are masked off.
                const float *row = plane + ih * W + iw0[16 * h];
                const unsigned *lm = load[h] + kw;
                if (sw == 1) {
                    for (long j = 0; j < run; j++)
                        _mm512_store_ps(d + j * NR, _mm512_maskz_loadu_ps((__mmask16)lm[j], row + (kw + j) * dw));
                } else {
                    for (long j = 0; j < run; j++) {
                        const float *at = row + (kw + j) * dw;
                        __m512 v = _mm512_permutex2var_ps(_mm512_maskz_loadu_ps((__mmask16)lm[j], at), evens,
                                                          _mm512_maskz_loadu_ps((__mmask16)(lm[j] >> 16), at + 16));
                        _mm512_store_ps(d + j * NR, v);
                    }
                }
            } else {
                __m512i vi = _mm512_add_epi32(vih[h], _mm512_set1_epi32((int32_t)(kh * dh)));
                __mmask16 rowsIn = live[h] & _mm512_cmpge_epi32_mask(vi, zero) & _mm512_cmplt_epi32_mask(vi, vH);
                __m512i rowBase = _mm512_mullo_epi32(vi, vW);
                for (long j = 0; j < run; j++) {
                    __m512i iw = _mm512_add_epi32(viw[h], _mm512_set1_epi32((int32_t)((kw + j) * dw)));
                    __mmask16 in = rowsIn & _mm512_cmpge_epi32_mask(iw, zero) & _mm512_cmplt_epi32_mask(iw, vW);
                    __m512i idx = _mm512_add_epi32(rowBase, iw);
                    _mm512_store_ps(d + j * NR, _mm512_mask_i32gather_ps(_mm512_setzero_ps(), in, idx, plane, 4));
                }
            }
        }
        k += run;
        kw += run;
        if (kw == KW) { kw = 0; if (++kh == KH) { kh = 0; c++; } }
    }
}

// A block of prepacked rows stays in L2 while every column panel passes it: up to this
// many rows (x KC floats: 528 KB of the 1 MB L2).
#define CONV_MC 516

// Floats of packed panels per column chunk of the implicit GEMM (128 KB).
#define CONV_CHUNK_FLOATS 32768

// Columns a flat 1x1 convolution with K <= KC sweeps per row tile (4 KB of each row).
#define FLAT_CHUNK 1024

// A 1x1 convolution over fewer than 4 pixels (squeeze-and-excitation blocks: [C, 1, 1]):
// matrix-vector products straight on the packed weights, the 12 rows of a panel in the
// lanes of one vector (a 12 x 32 tile would compute 32 columns for 1). Rows [row0, row0 +
// rows) (row0 a multiple of MR), columns [col0, col0 + cols) of y; beta 0.
AVX512 static void conv1x1_few_columns(const float *x, long HW, long C, long m, long row0, long rows,
                                       const float *packedA, long col0, long cols, float *y, long ldy,
                                       const pk_epilogue *ep) {
    long mpad = (m + MR - 1) / MR * MR;
    for (long i0 = row0; i0 < row0 + rows; i0 += MR) {
        long live = row0 + rows - i0 < MR ? row0 + rows - i0 : MR;
        __mmask16 lanes = first_n(live);
        for (long j = col0; j < col0 + cols; j++) {
            __m512 acc = _mm512_setzero_ps();
            for (long pc = 0; pc < C; pc += KC) {
                long kc = C - pc < KC ? C - pc : KC;
                const float *a = packedA + pc * mpad + i0 * kc;
                const float *b = x + pc * HW + j;
                // (12 of the 16 floats loaded belong to this k; the mask keeps the last
                // load inside the packed buffer)
                for (long k = 0; k < kc; k++)
                    acc = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(0x0FFF, a + k * MR), _mm512_set1_ps(b[k * HW]), acc);
            }
            if (ep) {
                if (ep->bias) acc = _mm512_add_ps(acc, _mm512_maskz_loadu_ps(lanes, ep->bias + i0));
                if (ep->z) {
                    __m512i at = _mm512_mullo_epi32(_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                                                    _mm512_set1_epi32((int)ep->ldz));
                    acc = _mm512_add_ps(acc, _mm512_mask_i32gather_ps(_mm512_setzero_ps(), lanes, at, ep->z + i0 * ep->ldz + j, 4));
                }
                acc = ep_activate16(acc, ep);
            }
            float out[16];
            _mm512_storeu_ps(out, acc);
            for (long r = 0; r < live; r++) y[(i0 + r) * ldy + j] = out[r];
        }
    }
}

int pk_conv2d_prepacked(const float *x, long C, long H, long W, long KH, long KW, long sh, long sw,
                        long ph, long pw, long dh, long dw, long OH, long OW,
                        long m, long row0, long rows, const float *packedA,
                        long col0, long cols, float beta, float *y, long ldy, const pk_epilogue *ep) {
    if (!ep_active(ep)) ep = 0;
    if (row0 % MR != 0 || row0 < 0 || rows < 0 || row0 + rows > m || col0 < 0 || cols < 0) return 1;
    // Gather indices are 32-bit.
    if (H * W >= (1L << 31) || OH * OW >= (1L << 31) || H + KH * dh >= (1L << 30) || W + KW * dw >= (1L << 30)) return 1;
    if (!ensure_buffers()) return 1;
    if (rows == 0 || cols == 0) return 0;
    long k = C * KH * KW;
    long mpad = (m + MR - 1) / MR * MR;
    if (k == 0) {
        for (long i = row0; i < row0 + rows; i++) for (long j = col0; j < col0 + cols; j++)
            y[i * ldy + j] = ep_scalar(ep, beta == 0 ? 0 : beta * y[i * ldy + j], i, j);
        return 0;
    }
    if (beta != 0 && beta != 1)
        for (long i = 0; i < rows; i++) for (long j = 0; j < cols; j++) y[(row0 + i) * ldy + col0 + j] *= beta;
    int flat = KH == 1 && KW == 1 && sh == 1 && sw == 1 && ph == 0 && pw == 0 && OH == H && OW == W;
    // (ldz * 15 must fit the gather's 32-bit offsets)
    if (flat && cols < 4 && beta == 0 && (!ep || !ep->z || ep->ldz < (1L << 26))) {
        conv1x1_few_columns(x, H * W, C, m, row0, rows, packedA, col0, cols, y, ldy, ep);
        return 0;
    }
    if (flat && k <= KC) {
        // A 1x1 convolution with few input channels (expansions: 16 -> 96 over 112 x 112)
        // is bound by writing its output, not by arithmetic. Row tiles sweep a chunk of
        // FLAT_CHUNK columns before moving on: 12 output rows are written as long runs
        // instead of all M rows 128 bytes at a time (M write streams defeat the
        // prefetchers), and B is read where it is (K rows of the image, no panel copy).
        // Measured on 16 -> 96 at 112 x 112 with caches cold: 0.42 -> 0.26 ms (bias).
        for (long jc = col0; jc < col0 + cols; jc += FLAT_CHUNK) {
            long cw = col0 + cols - jc < FLAT_CHUNK ? col0 + cols - jc : FLAT_CHUNK;
            for (long ir = row0; ir < row0 + rows; ir += MR) {
                long mr = row0 + rows - ir < MR ? row0 + rows - ir : MR;
                const float *ap = packedA + ir * k;
                for (long jr = jc; jr < jc + cw; jr += NR) {
                    long nr = jc + cw - jr < NR ? jc + cw - jr : NR;
                    run_tile(k, ap, x + jr, H * W, y + ir * ldy + jr, ldy, beta != 0, mr, nr, 0, ep, 1, 1, ir, jr, 0);
                }
            }
        }
        return 0;
    }
    long blocks = (rows + CONV_MC - 1) / CONV_MC;
    long per = ((rows + blocks - 1) / blocks + MR - 1) / MR * MR;
    for (long ib = row0; ib < row0 + rows; ib += per) {
        long mc = row0 + rows - ib < per ? row0 + rows - ib : per;
        for (long pc = 0; pc < k; pc += KC) {
            long kc = k - pc < KC ? k - pc : KC;
            int acc = pc > 0 || beta != 0;
            // Panels for a chunk of columns (~128 KB, in L2) are packed first, then each row
            // tile sweeps the chunk: the output is written 12 rows at a time in runs of
            // the chunk's width rather than M rows 128 bytes at a time (see FLAT_CHUNK).
            // With caches cold: EfficientNet's stem (3 -> 32, 3x3/2) 0.25 -> 0.18 ms,
            // resnet18's 1.25 -> 1.12 ms; unchanged with caches warm.
            long cw0 = CONV_CHUNK_FLOATS / kc / NR * NR;
            if (cw0 < NR) cw0 = NR;
            for (long jc = 0; jc < cols; jc += cw0) {
                long cw = cols - jc < cw0 ? cols - jc : cw0;
                for (long jr = 0; jr < cw; jr += NR) {
                    long nr = cw - jr < NR ? cw - jr : NR;
                    pack_conv_panel(x, H, W, KH, KW, sh, sw, ph, pw, dh, dw, OW, col0 + jc + jr, nr, pc, kc, flat, packB + jr * kc);
                }
                for (long ir = 0; ir < mc; ir += MR) {
                    long mr = mc - ir < MR ? mc - ir : MR;
                    const float *ap = packedA + pc * mpad + (ib + ir) * kc;
                    for (long jr = 0; jr < cw; jr += NR) {
                        long nr = cw - jr < NR ? cw - jr : NR;
                        float *cp = y + (ib + ir) * ldy + col0 + jc + jr;
                        run_tile(kc, ap, packB + jr * kc, NR, cp, ldy, acc, mr, nr, jc + jr == 0, ep, pc == 0, pc + kc >= k,
                                 ib + ir, col0 + jc + jr, 0);
                    }
                }
            }
        }
    }
    return 0;
}
