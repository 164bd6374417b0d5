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
