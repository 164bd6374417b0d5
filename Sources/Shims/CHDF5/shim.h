// HDF5 for Swift: hdf5.h plus inline wrappers for H5T_NATIVE_*, H5P_DEFAULT and friends,
// which are macros over library globals that Swift cannot import.
#define _GNU_SOURCE 1
#include <hdf5.h>

static inline hid_t parity_h5p_default(void) { return H5P_DEFAULT; }
static inline hid_t parity_h5s_all(void) { return H5S_ALL; }
static inline hid_t parity_h5t_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t parity_h5t_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t parity_h5t_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t parity_h5t_native_int32(void) { return H5T_NATIVE_INT32; }
static inline hid_t parity_h5t_c_s1(void) { return H5T_C_S1; }
