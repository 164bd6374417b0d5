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
static inline hid_t parity_h5p_file_access(void) { return H5P_FILE_ACCESS; }
static inline hid_t parity_h5e_default(void) { return H5E_DEFAULT; }
static inline size_t parity_h5t_variable(void) { return H5T_VARIABLE; }
static inline hid_t parity_h5t_native_uint8(void) { return H5T_NATIVE_UINT8; }
/// Turns off HDF5's automatic printing of its error stack (we report errors ourselves).
static inline void parity_h5_silence_errors(void) { (void)H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }
static inline unsigned parity_h5f_acc_rdonly(void) { return H5F_ACC_RDONLY; }
