// 2-D max pooling for float32, NCHW planes, no dilation: the loop nest the Swift generic
// version could not get the compiler to tighten (it ran at ~4 ns per tap).
#include "CKernels.h"

static inline long lmax(long a, long b) { return a > b ? a : b; }
static inline long lmin(long a, long b) { return a < b ? a : b; }

void pk_maxpool2d(const float *x, float *y, long planes, long H, long W, long OH, long OW,
                  long KH, long KW, long sh, long sw, long ph, long pw) {
    for (long p = 0; p < planes; p++) {
        const float *src = x + p * H * W;
        float *dst = y + p * OH * OW;
        for (long oh = 0; oh < OH; oh++) {
            long h0 = oh * sh - ph;
            long kh0 = lmax(0, -h0), kh1 = lmin(KH, H - h0);
            for (long ow = 0; ow < OW; ow++) {
                long w0 = ow * sw - pw;
                long kw0 = lmax(0, -w0), kw1 = lmin(KW, W - w0);
                float m = -__builtin_inff();
                int first = 1;
                for (long kh = kh0; kh < kh1; kh++) {
                    const float *row = src + (h0 + kh) * W + w0;
                    for (long kw = kw0; kw < kw1; kw++) {
                        float v = row[kw];
                        // The first tap always wins, so a NaN there propagates as in the
                        // generic kernel; later NaNs are skipped as `>` is false for them.
                        if (first || v > m) { m = v; first = 0; }
                    }
                }
                dst[oh * OW + ow] = m;
            }
        }
    }
}
