"""Keras side of Parity: checks of converted models, and Keras' own reference outputs.

The Swift converter (Frontends/Keras) builds the ONNX model without Python; this module
only checks it (onnx.checker, onnxruntime) and computes Keras' outputs.

HDF5 clash: our process links Debian's libhdf5 1.10, and the h5py wheel bundles its own
HDF5. A plain `import h5py` would bind h5py's calls to the library already loaded and fail
("Not a datatype"). Importing h5py with RTLD_DEEPBIND makes it resolve its symbols in its
own bundled library first; the flags are restored right after (see docs/keras.md).
"""
import os
import sys

_KERAS = None


def _import_h5py():
    if "h5py" in sys.modules:
        return sys.modules["h5py"]
    old = sys.getdlopenflags()
    sys.setdlopenflags(os.RTLD_NOW | os.RTLD_DEEPBIND)
    try:
        import h5py
    finally:
        sys.setdlopenflags(old)
    return h5py


def _import_keras():
    """Keras 3 on the torch backend (no TensorFlow), with h5py imported safely first."""
    global _KERAS
    if _KERAS is None:
        os.environ["KERAS_BACKEND"] = "torch"
        _import_h5py()
        import keras

        if keras.backend.backend() != "torch":
            raise RuntimeError(f"keras runs on the {keras.backend.backend()} backend, expected torch")
        _KERAS = keras
    return _KERAS


def check_onnx(onnx_path, npz_path=None):
    """onnx.checker (full_check) and onnxruntime on a converted model. With `npz_path`
    (in_K inputs, out_K expected outputs), also the max abs error of onnxruntime's outputs."""
    import numpy as np
    import onnx
    import onnxruntime as ort

    model = onnx.load(onnx_path)
    onnx.checker.check_model(model, full_check=True)
    result = {"nodes": len(model.graph.node), "ops": sorted({n.op_type for n in model.graph.node})}
    if npz_path:
        io = np.load(npz_path)
        sess = ort.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
        feeds = {i.name: io[f"in_{k}"] for k, i in enumerate(sess.get_inputs())}
        outs = sess.run(None, feeds)
        result["max_error"] = float(max(np.max(np.abs(o - io[f"out_{k}"])) for k, o in enumerate(outs)))
    return result


def h5py_works(path):
    """Reads a Keras .h5 with h5py inside this process (proves the DEEPBIND import)."""
    h5py = _import_h5py()
    with h5py.File(path, "r") as f:
        return sorted(f.attrs.keys())
