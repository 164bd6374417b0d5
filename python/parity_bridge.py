"""Helpers the Swift side calls to move arrays across the boundary.

Arrays cross as one bytearray (one copy in Swift) that numpy wraps without copying; the
reverse direction uses the buffer protocol from Swift.
"""
import numpy as np


def array_from_bytes(buf, dtype, shape):
    """Wrap a bytearray as an array of `dtype` and `shape` (no copy; writable)."""
    if dtype == "bfloat16":
        import ml_dtypes  # noqa: F401  (only needed for bfloat16)
        dt = np.dtype("bfloat16")
    else:
        dt = np.dtype(dtype)
    return np.frombuffer(buf, dtype=dt).reshape(tuple(shape))


def strings_to_array(values, shape):
    return np.array(values, dtype=object).reshape(tuple(shape))


def evaluate(expression, setup=""):
    """Run `setup` statements, then return the value of `expression` (tests, diagnostics)."""
    scope = {}
    if setup:
        exec(setup, scope)
    return eval(expression, scope)
