"""Reference engines for `parity bench`: onnxruntime, and the framework the model came
from (torch eager, Keras, or the scikit-learn estimator), run in the embedded interpreter
on the same inputs and thread counts as Parity's runtime.

Swift drives the loop and alternates engines run by run (single runs drift by up to 45%
on this machine); each call here times exactly one inference with perf_counter, so the
Swift-Python call overhead is outside the timed region.

Memory (see docs/performance.md): `ort_memory` returns the growth of the peak resident
set over a trimmed baseline while a fresh session is created and does its first run.
"""
import ctypes
import gc
import os
import time

_SESSIONS = {}
_INPUTS = {}
# Inputs converted once for the framework engine (torch tensors, float64 rows), so that
# the conversion is not timed.
_FRAMEWORK_INPUTS = {}

_LIBC = None


def _libc():
    global _LIBC
    if _LIBC is None:
        _LIBC = ctypes.CDLL("libc.so.6")
    return _LIBC


def trim():
    """Return the allocator's free memory to the system (glibc malloc_trim(0)), so that a
    later allocation has to fault in fresh pages and shows in the peak resident set."""
    gc.collect()
    try:
        _libc().malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _peak_reset():
    # Writing 5 to clear_refs resets VmHWM (the peak RSS) to the current RSS.
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def _rss_kb(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _session(onnx_path, threads):
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = int(threads)
    so.inter_op_num_threads = 1
    so.log_severity_level = 3
    return ort.InferenceSession(onnx_path, so, providers=["CPUExecutionProvider"])


def ort_create(key, onnx_path, threads):
    """Create the onnxruntime session used for timed runs; returns its creation time."""
    import onnxruntime as ort

    # The previous session is dropped and the allocator trimmed first, as Parity does
    # before each of its loads: every creation faults in fresh pages, as in a new process.
    _SESSIONS.pop(key, None)
    trim()
    t0 = time.perf_counter()
    sess = _session(onnx_path, threads)
    seconds = time.perf_counter() - t0
    _SESSIONS[key] = sess
    return {"seconds": seconds, "version": ort.__version__}


def ort_memory(onnx_path, threads, inputs_key):
    """Memory onnxruntime needs for the model: trim, reset the peak, then create a fresh
    session and run it once (cold); returns VmHWM - VmRSS(before) in KiB. The session is
    dropped and the allocator trimmed again afterwards."""
    import onnxruntime  # noqa: F401  (imported before the baseline: a library, not the model)

    feeds = _INPUTS[inputs_key]
    trim()
    _peak_reset()
    before = _rss_kb("VmRSS")
    sess = _session(onnx_path, threads)
    sess.run(None, feeds)
    peak = _rss_kb("VmHWM") - before
    del sess
    trim()
    return peak


def set_inputs(key, names, inputs):
    """Keep the inputs (graph input name -> array) on the Python side for repeated runs;
    `names` is the graph's input order (the framework engines take positional inputs)."""
    _INPUTS[key] = {n: inputs[n] for n in names}
    _FRAMEWORK_INPUTS.pop(key, None)
    return True


def ort_run(key, inputs_key):
    sess = _SESSIONS[key]
    feeds = _INPUTS[inputs_key]
    t0 = time.perf_counter()
    sess.run(None, feeds)
    return time.perf_counter() - t0


# ---- the framework engine ---------------------------------------------------------------

def framework_available(framework):
    """Whether the last export of `framework` left a model to time."""
    return _framework_model(framework) is not None


def _framework_model(framework):
    if framework == "torch":
        import parity_torch

        return parity_torch.last_model()
    if framework == "keras":
        import parity_keras

        return parity_keras.last_model()
    if framework == "sklearn":
        import parity_sklearn

        return parity_sklearn.last_estimator()
    raise ValueError(f"unknown framework {framework}")


def _framework_inputs(framework, inputs_key):
    xs = _FRAMEWORK_INPUTS.get(inputs_key)
    if xs is not None:
        return xs
    arrays = list(_INPUTS[inputs_key].values())
    if framework in ("torch", "keras"):
        import torch

        xs = [torch.from_numpy(a) for a in arrays]
    else:
        import numpy as np

        # The estimator sees what export-check gives it: float rows as float64.
        xs = [a.astype(np.float64) if a.dtype.kind == "f" else a for a in arrays]
    _FRAMEWORK_INPUTS[inputs_key] = xs
    return xs


def framework_run(framework, inputs_key, threads):
    """One inference of the framework's own model on the bench inputs, timed.

    torch: model(*inputs) under no_grad, torch.set_num_threads(threads).
    keras (torch backend): model(x, training=False) under no_grad (what predict_on_batch
    computes, without its numpy conversions).
    sklearn: the calls the ONNX outputs stand for (predict and predict_proba or
    decision_function for a classifier, predict for a regressor, transform ...), with
    threadpoolctl limiting BLAS/OpenMP pools to `threads`.
    """
    model = _framework_model(framework)
    xs = _framework_inputs(framework, inputs_key)
    if framework in ("torch", "keras"):
        import torch

        torch.set_num_threads(int(threads))
        with torch.no_grad():
            t0 = time.perf_counter()
            if framework == "torch":
                model(*xs)
            else:
                model(xs if len(xs) > 1 else xs[0], training=False)
            return time.perf_counter() - t0
    import warnings

    import parity_sklearn
    from threadpoolctl import threadpool_limits

    est, kind = model
    with threadpool_limits(limits=int(threads)), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t0 = time.perf_counter()
        parity_sklearn.reference_outputs(est, kind, xs[0])
        return time.perf_counter() - t0


def release(key):
    _SESSIONS.pop(key, None)
    return True


def machine():
    import platform

    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    versions = {}
    for mod in ("onnxruntime", "torch", "keras", "sklearn"):
        m = __import__("sys").modules.get(mod)
        if m is not None:
            versions[mod] = getattr(m, "__version__", "?")
    return {"cpu": cpu, "cores": os.cpu_count() or 0, "python": platform.python_version(),
            **{f"{k}_version": v for k, v in versions.items()}}
