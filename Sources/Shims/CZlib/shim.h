// zlib (Debian's zlib1g-dev), used by OnnxFormat to inflate np.savez_compressed entries.
//
// Unlike the other shims this header does not #define _GNU_SOURCE: OnnxFormat is compiled
// without -D_GNU_SOURCE, and a module that defines it itself disagrees with SwiftGlibc
// about fd_set. zlib.h does not need it, so the module simply follows the importing
// target's setting (see "Clang modules" in the platform notes).
#include <zlib.h>

// inflateInit2 is a macro, which Swift cannot import.
static inline int parity_inflateInit2(z_streamp strm, int windowBits) {
    return inflateInit2(strm, windowBits);
}
