// OpenBLAS's CBLAS interface (Debian's libopenblas-dev, pthread variant).
#define _GNU_SOURCE 1
#include <cblas.h>
