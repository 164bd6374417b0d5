// CPython for Swift: Python.h plus static inline wrappers for the macros Swift cannot import.
#define _GNU_SOURCE 1
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static inline PyObject *parity_py_none(void) { return Py_None; }
static inline PyObject *parity_py_true(void) { return Py_True; }
static inline PyObject *parity_py_false(void) { return Py_False; }
static inline int parity_py_is_none(PyObject *o) { return o == Py_None; }
static inline int parity_py_is_unicode(PyObject *o) { return PyUnicode_Check(o); }
static inline int parity_py_is_long(PyObject *o) { return PyLong_Check(o); }
static inline int parity_py_is_float(PyObject *o) { return PyFloat_Check(o); }
static inline int parity_py_is_bool(PyObject *o) { return PyBool_Check(o); }
static inline int parity_py_is_dict(PyObject *o) { return PyDict_Check(o); }
static inline int parity_py_is_list(PyObject *o) { return PyList_Check(o); }
static inline int parity_py_is_tuple(PyObject *o) { return PyTuple_Check(o); }
static inline int parity_py_is_bytes(PyObject *o) { return PyBytes_Check(o); }
static inline int parity_py_check_buffer(PyObject *o) { return PyObject_CheckBuffer(o); }
static inline int parity_buffer_flags(void) { return PyBUF_FORMAT | PyBUF_C_CONTIGUOUS; }
static inline int parity_py_major(void) { return PY_MAJOR_VERSION; }
static inline int parity_py_minor(void) { return PY_MINOR_VERSION; }

/// Starts the interpreter as if `executable` (a venv's bin/python) had been run, so that
/// the venv's pyvenv.cfg decides sys.prefix. Returns NULL on success or an error message.
static inline const char *parity_py_initialize(const char *executable) {
    PyConfig config;
    PyConfig_InitPythonConfig(&config);
    config.install_signal_handlers = 0;
    config.parse_argv = 0;
    PyStatus status = PyConfig_SetBytesString(&config, &config.executable, executable);
    if (PyStatus_Exception(status)) { PyConfig_Clear(&config); return status.err_msg ? status.err_msg : "PyConfig_SetBytesString failed"; }
    status = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    if (PyStatus_Exception(status)) { return status.err_msg ? status.err_msg : "Py_InitializeFromConfig failed"; }
    return NULL;
}
