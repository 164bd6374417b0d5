// Parity's own CPU kernels in C: the few hot loops that need explicit SIMD (AVX-512),
// compiled for that instruction set per function and chosen at run time, so the binary
// still runs on CPUs without it (callers then use OpenBLAS).
#ifndef PARITY_CKERNELS_H
#define PARITY_CKERNELS_H

#ifdef __cplusplus
extern "C" {
#endif

/// 1 when this CPU can run the AVX-512 kernels below, 0 otherwise.
int pk_avx512_available(void);

/// Row-major single-precision matrix product, single-threaded:
/// C[m x n] = alpha * op(A) * op(B) + beta * C, op(A) m x k, op(B) k x n; lda, ldb, ldc are
/// row strides as stored. Call only when pk_avx512_available() returned 1.
void pk_sgemm(int transA, int transB, long m, long n, long k, float alpha,
              const float *a, long lda, const float *b, long ldb,
              float beta, float *c, long ldc);

/// What a product does to each element of C as it stores it, so a bias, a residual and a
/// Relu/Clip/SiLU cost no extra pass over the output: c = act(product + beta * c +
/// bias[row] + z[row * ldz + col]). Any pointer may be NULL (term absent); `clamp` 0 skips
/// the clamp, else the result is min(hi, max(lo, v)) with a NaN v left NaN; `silu` 1
/// applies x * sigmoid(x) as PK_SILU does (after any clamp); `hardswish` 1 applies
/// x * max(0, min(1, x / 6 + 1 / 2)) as PK_HARDSWISH does (after those). Rows and columns are those of
/// the whole C (the kernels offset into bias and z as they do into C).
typedef struct pk_epilogue {
    const float *bias;
    const float *z;
    long ldz;
    int clamp;
    float lo, hi;
    int silu;
    int hardswish;
} pk_epilogue;

/// Floats needed to hold A (m x k) packed by pk_sgemm_pack_a.
long pk_sgemm_packed_a_count(long m, long k);

/// Packs alpha * op(A) (m x k) once, for repeated products with a constant A (weights).
void pk_sgemm_pack_a(int transA, long m, long k, float alpha, const float *a, long lda, float *packed);

/// Unpacks A (m x k, row stride lda) from pk_sgemm_pack_a's layout: with alpha 1 and no
/// transpose, exactly the matrix that was packed.
void pk_sgemm_unpack_a(long m, long k, const float *packed, float *a, long lda);

/// Packs rows [row0, row0 + rows) of an m x k A (alpha 1, no transpose) into `packed`, the
/// whole matrix's buffer (pk_sgemm_packed_a_count(m, k) floats), exactly where
/// pk_sgemm_pack_a puts them; `a` points at row row0. row0 must be a multiple of
/// pk_sgemm_row_block() (the packed layout's row panels) and the block inside the matrix
/// (otherwise nothing is written).
void pk_sgemm_pack_a_rows(long m, long k, long row0, long rows, const float *a, long lda, float *packed);

/// Unpacks rows [row0, row0 + rows) of A (m x k) into a (its row 0 = A's row row0).
void pk_sgemm_unpack_a_rows(long m, long k, long row0, long rows, const float *packed, float *a, long lda);

/// Rows [row0, row0 + rows) of C[m x n] = packedA * op(B) + beta * C, with A packed by
/// pk_sgemm_pack_a for the same m, k; c points at row 0. row0 must be a multiple of
/// pk_sgemm_row_block() (threads split a product by rows this way); otherwise nothing runs.
void pk_sgemm_prepacked(long m, long row0, long rows, long n, long k, const float *packedA, int transB,
                        const float *b, long ldb, float beta, float *c, long ldc);

/// pk_sgemm_prepacked with an epilogue (NULL: none). Returns 0, or 1 when row0 is not a
/// multiple of the row block or out of range (nothing written then).
int pk_sgemm_prepacked_ep(long m, long row0, long rows, long n, long k, const float *packedA, int transB,
                          const float *b, long ldb, float beta, float *c, long ldc, const pk_epilogue *ep);

/// Floats needed to hold B (k x n) packed by pk_sgemm_pack_b.
long pk_sgemm_packed_b_count(long k, long n);

/// Packs op(B) (k x n) once into the kernel's column panels, for repeated products with a
/// constant right operand (MatMul weights): each panel is then one contiguous stream.
void pk_sgemm_pack_b(int transB, long k, long n, const float *b, long ldb, float *packed);

/// Part of pk_sgemm_pack_b's work, for packing B a slice at a time as it is read from a
/// file: with transB, columns [first, first + count) of op(B), stored as `count` rows of
/// `ld` floats from `src` (first a multiple of 32; count too unless the slice ends at n);
/// without, rows [first, first + count) of B, `count` rows of `ld` floats from `src`.
/// Packing every slice once gives pk_sgemm_pack_b's result. Returns 0, or 1 (nothing
/// written) for a slice outside B or not on panel boundaries.
int pk_sgemm_pack_b_part(int transB, long k, long n, long first, long count, const float *src, long ld,
                         float *packed);

/// Columns [col0, col0 + cols) of C[m x n] = A * packedB + beta * C (A row-major m x k,
/// packedB from pk_sgemm_pack_b for the same k, n; c points at column 0); col0 a multiple
/// of 32. `ep` as in pk_sgemm_prepacked_ep (its bias is per row). Returns 0, or 1 when
/// the column range is invalid (nothing written then).
int pk_sgemm_packed_b(long m, long n, long k, long col0, long cols, const float *a, long lda,
                      const float *packedB, float beta, float *c, long ldc, const pk_epilogue *ep);

/// Convolution of one image (one group) as a GEMM with B gathered straight from the image:
/// y[i, j] = sum_k A[i, k] * unfold(x)[k, j] + beta * y[i, j] for rows [row0, row0+rows) of
/// the m rows of `packedA` (pk_sgemm_pack_a of W as [m, C*KH*KW]; row0 a multiple of
/// pk_sgemm_row_block) and output pixels j in [col0, col0+cols) of the OH x OW grid.
/// x is [C, H, W]; strides sh, sw, leading pads ph, pw, dilations dh, dw; y has row
/// stride ldy. AVX-512 only. Returns 0, or 1 when the arguments are out of range (sizes
/// past 32-bit indices) or packing space could not be allocated (nothing written then).
/// `ep` (NULL: none) is applied as in pk_sgemm_prepacked_ep, rows and columns being y's.
int pk_conv2d_prepacked(const float *x, long C, long H, long W, long KH, long KW, long sh, long sw,
                        long ph, long pw, long dh, long dw, long OH, long OW,
                        long m, long row0, long rows, const float *packedA,
                        long col0, long cols, float beta, float *y, long ldy, const pk_epilogue *ep);

/// Direct convolution for few input channels (conv_smallc.c), in three steps: W [M, C, KH, KW]
/// packed once by pk_conv2d_smallc_pack into pk_conv2d_smallc_packed_count floats; per
/// image, the input rewritten by pk_conv2d_smallc_input (channels [c0, c1) of a buffer of
/// pk_conv2d_smallc_input_count floats: zero-padded rows split by stride phase); then
/// pk_conv2d_smallc computes items [item0, item1) of the (8-channel block, output row)
/// pairs, block-major, into y [M, OH, OW] with the epilogue (z's rows ep->ldz apart).
/// Dilation 1 only. Each returns 0, or -1 (a kernel wider than 16; no scratch memory).
/// AVX-512 CPUs only.
long pk_conv2d_smallc_packed_count(long M, long C, long KH, long KW);
void pk_conv2d_smallc_pack(const float *w, long M, long C, long KH, long KW, float *wp);
long pk_conv2d_smallc_input_count(long C, long KH, long KW, long sh, long sw, long OH, long OW);
int pk_conv2d_smallc_input(const float *x, long C, long H, long W, long KH, long KW, long sh, long sw,
                            long ph, long pw, long OH, long OW, long c0, long c1, float *buf);
int pk_conv2d_smallc(const float *buf, long C, long KH, long KW, long sh, long sw, long OH, long OW,
                     const float *wp, long M, long item0, long item1, float *y, const pk_epilogue *ep);

/// pk_conv2d_smallc followed by a 2-D max pooling (kernel PKH x PKW, strides psh, psw <= 2,
/// leading pads pph, ppw, output POH x POW; no dilation), the convolution's output never
/// stored: items [item0, item1) of the (8-channel block, pooled row) pairs, block-major,
/// into y [M, POH, POW]. ep's z must be NULL. A NaN in a window gives NaN. Returns 0, or -1
/// (unsupported sizes; no scratch memory).
int pk_conv2d_smallc_maxpool(const float *buf, long C, long KH, long KW, long sh, long sw, long OH, long OW,
                             const float *wp, long M, const pk_epilogue *ep,
                             long PKH, long PKW, long psh, long psw, long pph, long ppw, long POH, long POW,
                             long item0, long item1, float *y);

/// y[p][oh][ow] = x[p][oh * sh][ow * sw] for planes [p0, p1) of [H, W] into [OH, OW] (the
/// pixels a 1x1 convolution with stride and no padding reads; pool.c).
void pk_subsample2d(const float *x, long H, long W, long sh, long sw, long OH, long OW, long p0, long p1, float *y);

/// The row granularity of the register tile (12).
long pk_sgemm_row_block(void);

/// 2-D max pooling of `planes` float32 planes [H, W] into [OH, OW]: kernel KH x KW, strides
/// sh, sw, leading pads ph, pw, no dilation. Windows are clipped to the input; an output
/// whose window holds no input element is -infinity; a NaN in a window gives NaN.
/// AVX-512 when the CPU has it, portable C otherwise. Returns 0, or 1 when a row buffer
/// could not be allocated.
int pk_maxpool2d(const float *x, float *y, long planes, long H, long W, long OH, long OW,
                  long KH, long KW, long sh, long sw, long ph, long pw);
/// The portable loop of pk_maxpool2d, whatever the CPU (tests compare both).
int pk_maxpool2d_portable(const float *x, float *y, long planes, long H, long W, long OH, long OW,
                          long KH, long KW, long sh, long sw, long ph, long pw);

/// Binary float32 ops for pk_binary_f32.
enum { PK_ADD = 0, PK_SUB = 1, PK_MUL = 2, PK_DIV = 3 };

/// y[i] = a[i * sa] op b[i * sb] for i < n, with sa, sb in {0, 1} (0: a broadcast scalar).
/// y may alias a or b when their stride is 1.
void pk_binary_f32(int op, const float *a, int sa, const float *b, int sb, float *y, long n);

/// Unary float32 ops for pk_unary_f32; p0, p1 are the op's parameters where it has them.
enum {
    PK_RELU = 0, PK_SIGMOID = 1, PK_SILU = 2, PK_EXP = 3,
    PK_HARDSIGMOID = 4,  // p0 alpha, p1 beta
    PK_HARDSWISH = 5,
    PK_CLIP = 6,         // p0 min, p1 max
    PK_LEAKYRELU = 7,    // p0 alpha
    PK_ERF = 8,          // AVX-512: rational approximation, max abs error 4.2e-7
    PK_GELU = 9          // exact (erf) form, erf as PK_ERF
};

/// y[i] = f(x[i]) for i < n; y may alias x. AVX-512 where the CPU has it (exp-based ops
/// are then a polynomial within ~2 ulp of expf), else portable loops.
void pk_unary_f32(int op, const float *x, float *y, long n, float p0, float p1);

/// Depthwise 2-D convolution, float32 NCHW, one batch item: `channels` input planes [H, W],
/// each producing `mult` output planes [OH, OW] (output channel oc reads input oc / mult)
/// with weights w[oc][KH][KW] and optional bias[oc]. Strides sh, sw, leading pads ph, pw,
/// dilations dh, dw. Returns 0, or -1 when its scratch plane cannot be allocated.
int pk_depthwise2d(const float *x, const float *w, const float *bias, float *y,
                   long channels, long mult, long H, long W, long OH, long OW,
                   long KH, long KW, long sh, long sw, long ph, long pw, long dh, long dw);

/// pk_depthwise2d with FusedConv's tail: z (NULL: none; laid out as y) is added, then
/// `ep`'s clamp and SiLU applied (its bias and ldz are ignored; NULL: none).
int pk_depthwise2d_ep(const float *x, const float *w, const float *bias, float *y,
                      long channels, long mult, long H, long W, long OH, long OW,
                      long KH, long KW, long sh, long sw, long ph, long pw, long dh, long dw,
                      const pk_epilogue *ep, const float *z);

/// y[r] = scale * sum(x[r * m ..< (r + 1) * m]) for r < rows, accumulated in double.
void pk_sum_rows_f32(const float *x, long rows, long m, double scale, float *y);

/// Softmax of each of `rows` contiguous rows of length n (n >= 1); y may alias x.
void pk_softmax_rows_f32(const float *x, float *y, long rows, long n);

/// LayerNormalization of each of `rows` rows of length n: statistics in double, then
/// (x - mean) / sqrt(var + eps) * scale + bias (scale, bias of length n, either may be
/// null). meanOut / invStdOut (length rows) receive the statistics when non-null.
void pk_layernorm_rows_f32(const float *x, const float *scale, const float *bias, float *y,
                           long rows, long n, float eps, float *meanOut, float *invStdOut);

/// Winograd F(2x2, 3x3) for stride-1, undilated, ungrouped 3x3 float32 convolution.
/// The 16 transformed weights U_k [M, C] of W[M][C][3][3], each packed for the GEMM into
/// U[k] (pk_sgemm_packed_a_count(M, C) floats each), 48 rows at a time so that only ~2 MB
/// of scratch is needed (not the 16 x M x C of all U_k before packing). W comes from `w`
/// (plain) or, when `w` is NULL, from `wpacked`, its GEMM form (pk_sgemm_pack_a of W as
/// M x 9C), unpacked block by block. Bit-identical either way. -1 when out of memory.
int pk_winograd_pack_weights(const float *w, const float *wpacked, long M, long C, float *const *U);
/// Input X[batch][C][H][W] with `pad` zeros around -> V[16][C][T] for channels [c0, c1)
/// and the tile rows [th0, th0 + tilesH) of each image, T = batch * tilesH * tilesW.
/// AVX-512 only. Returns 0, or -1 when out of memory.
int pk_winograd_input(const float *x, long batch, long C, long H, long W, long pad,
                      long th0, long tilesH, long tilesW, float *V, long c0, long c1);
/// Mbuf[16][M][T] (the 16 products U * V) -> Y[batch][M][OH][OW] plus bias (may be null)
/// for output channels [m0, m1) and the tile rows [th0, th0 + tilesH) (output rows 2*th0
/// on); `ep` (may be null; its bias is ignored) adds z (laid out as Y, ldz unused) and
/// clamps. AVX-512 only. Returns 0, or -1 when out of memory.
int pk_winograd_output(const float *Mbuf, long batch, long M, long th0, long tilesH, long tilesW,
                       const float *bias, float *y, long OH, long OW, long m0, long m1, const pk_epilogue *ep);

/// A part of a parallel loop: fn(ctx, part).
typedef void (*pk_task_fn)(void *ctx, long part);

/// Runs fn(ctx, 0 ..< parts) on the calling thread and up to parts - 1 pool workers, and
/// returns when every part is done. Workers spin ~1 ms after a job (for the whole of a pk_pool_hold), then sleep. Jobs are
/// serialised (one at a time, process-wide); fn must not call pk_parallel_for itself.
int pk_parallel_for(long parts, pk_task_fn fn, void *ctx);

/// Holds (on != 0) or releases (on == 0) the pool's workers awake: while at least one hold
/// is in place they spin between jobs instead of sleeping, and a hold wakes sleeping ones.
/// A thread's outermost hold, when there are enough CPUs (not with PARITY_PIN_THREADS=0),
/// pins the calling thread to its current CPU until the matching release (which restores
/// its CPU set) and places each worker on another allowed CPU. For the span of one
/// inference; calls pair up (on the same thread) and may nest.
void pk_pool_hold(int on);

/// The pool's worker threads so far (it grows to the largest part count asked for, minus 1).
int pk_pool_workers(void);

#ifdef __cplusplus
}
#endif
#endif
