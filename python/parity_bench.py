"""Timing of reference engines for `parity bench`: onnxruntime (and torch eager when the
model came from torch), run in the embedded interpreter on the same inputs and thread
counts as Parity's runtime.

Swift drives the loop and alternates engines run by run (single runs drift by up to 45%
on this machine); each call here times exactly one inference with perf_counter, so the
Swift-Python call overhead is outside the timed region.
"""
import os
import time

_SESSIONS = {}
_INPUTS = {}


def _peak_reset():
    # Writing 5 to clear_refs resets VmHWM (the peak RSS) for this process.
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


def ort_create(key, onnx_path, threads):
    """Create an onnxruntime session; returns creation seconds and the peak memory it took."""
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = int(threads)
    so.inter_op_num_threads = 1
    so.log_severity_level = 3
    _peak_reset()
    before = _rss_kb("VmRSS")
    t0 = time.perf_counter()
    sess = ort.InferenceSession(onnx_path, so, providers=["CPUExecutionProvider"])
    seconds = time.perf_counter() - t0
    _SESSIONS[key] = sess
    return {"seconds": seconds, "peak_kb": _rss_kb("VmHWM") - before, "version": ort.__version__}


def set_inputs(key, inputs):
    """Keep the inputs (name -> array) on the Python side for repeated runs."""
    _INPUTS[key] = dict(inputs)
    return True


def ort_run(key, inputs_key):
    sess = _SESSIONS[key]
    feeds = _INPUTS[inputs_key]
    t0 = time.perf_counter()
    sess.run(None, feeds)
    return time.perf_counter() - t0


def ort_peak(key, inputs_key):
    """Peak memory of one run above the resident set before it, in KiB."""
    _peak_reset()
    before = _rss_kb("VmRSS")
    ort_run(key, inputs_key)
    return _rss_kb("VmHWM") - before


def torch_available():
    import parity_torch

    return parity_torch.last_model() is not None


def torch_run(inputs_key, threads):
    import torch
    import parity_torch

    torch.set_num_threads(int(threads))
    model = parity_torch.last_model()
    xs = [torch.from_numpy(v) for v in _INPUTS[inputs_key].values()]
    with torch.no_grad():
        t0 = time.perf_counter()
        model(*xs)
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
    return {"cpu": cpu, "cores": os.cpu_count() or 0, "python": platform.python_version()}
