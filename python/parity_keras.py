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


class ParityUsageError(Exception):
    """A problem with what the user asked for (unknown application, bad file); exit code 2."""


_MODELS = {}
_LAST_MODEL = [None]


def last_model():
    """The Keras model of the last `reference` call (for `parity bench`)."""
    return _LAST_MODEL[0]


def application_names():
    keras = _import_keras()
    import inspect

    return sorted(n for n, f in inspect.getmembers(keras.applications) if callable(f) and n[0].isupper())


def build_application(name, path, seed=0, input_shape=None):
    """keras.applications.NAME(weights=None, classifier_activation=None), seeded, saved as
    .keras at `path` (the Swift converter reads it from there)."""
    import difflib

    keras = _import_keras()
    names = application_names()
    if name not in names:
        close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise ParityUsageError(f"unknown Keras application '{name}'{hint}")
    keras.utils.set_random_seed(seed)
    kwargs = {"weights": None}
    if input_shape:
        kwargs["input_shape"] = tuple(input_shape)

    def make():
        try:
            return getattr(keras.applications, name)(classifier_activation=None, **kwargs)
        except TypeError:
            return getattr(keras.applications, name)(**kwargs)

    model = make()
    if not input_shape and any(d is None for d in model.inputs[0].shape[1:]):
        # Some applications (MobileNetV3, ...) default to any image size: use 224x224.
        kwargs["input_shape"] = (224, 224, 3)
        keras.utils.set_random_seed(seed)
        model = make()
    notes = _healthy_initialisation(model, seed)
    model.save(path)
    _MODELS[os.path.abspath(path)] = model
    return {"model": name, "parameters": int(model.count_params()), "notes": notes}


def _healthy_initialisation(model, seed):
    """Untrained applications give degenerate logits (MobileNetV2: ~1e-11). As for torch
    (see docs/parity.md): BatchNormalization statistics are calibrated on one seeded batch
    (momentum 0, training mode), then the last Dense layer is rescaled so that the logits'
    std is 1. Returns notes saying what changed."""
    import numpy as np

    keras = _import_keras()
    notes = []
    bns = [l for l in _all_layers(model) if isinstance(l, keras.layers.BatchNormalization)]
    if bns:
        saved = [l.momentum for l in bns]
        for l in bns:
            l.momentum = 0.0
        xs = _seeded_inputs(model, 8, seed + 2)
        model(xs if len(xs) > 1 else xs[0], training=True)
        for l, m in zip(bns, saved):
            l.momentum = m
        notes.append(f"{len(bns)} BatchNormalization layers calibrated on a seeded batch of 8")
    xs = _seeded_inputs(model, 4, seed + 3)
    y = keras.ops.convert_to_numpy(model(xs if len(xs) > 1 else xs[0], training=False))
    std = float(np.std(y))
    dense = [l for l in _all_layers(model) if isinstance(l, keras.layers.Dense)]
    if dense and np.isfinite(std) and std > 0 and not (0.3 <= std <= 3.0):
        head = dense[-1]
        factor = 1.0 / std
        head.set_weights([w * factor for w in head.get_weights()])
        notes.append(f"logits std was {std:.3g}: final Dense scaled by {factor:.3g}")
    return notes


def _all_layers(model):
    keras = _import_keras()
    out = []
    for l in model.layers:
        out.extend(_all_layers(l) if isinstance(l, keras.Model) else [l])
    return out


def _seeded_inputs(model, batch, seed):
    import numpy as np

    rng = np.random.default_rng(seed)
    xs = []
    for t in model.inputs:
        shape = (batch,) + tuple(d if d is not None else 8 for d in t.shape[1:])
        if "int" in str(t.dtype):
            xs.append(rng.integers(0, 10, shape).astype(str(t.dtype)))
        else:
            xs.append(rng.standard_normal(shape).astype("float32"))
    return xs


def reference(model_path, batches=(1, 3), seed=0):
    """Keras' own outputs (model(x, training=False)) on seeded inputs, one case per batch."""
    import time

    import numpy as np

    keras = _import_keras()
    key = os.path.abspath(model_path)
    model = _MODELS.get(key)
    if model is None:
        try:
            model = keras.saving.load_model(model_path, compile=False, safe_mode=True)
        except Exception as e:  # noqa: BLE001
            raise ParityUsageError(f"Keras cannot load {os.path.basename(model_path)}: {e}") from e
        _MODELS[key] = model
    _LAST_MODEL[0] = model
    t0 = time.time()
    cases = []
    for b in batches:
        xs = _seeded_inputs(model, int(b), seed + int(b))
        ys = model(xs if len(xs) > 1 else xs[0], training=False)
        if isinstance(ys, dict):
            ys = [ys[k] for k in sorted(ys)]
        if not isinstance(ys, (list, tuple)):
            ys = [ys]
        outs = [np.ascontiguousarray(keras.ops.convert_to_numpy(y), dtype=np.float32) for y in ys]
        cases.append({"batch": int(b), "inputs": [np.ascontiguousarray(x) for x in xs], "outputs": outs})
    return {
        "model": model.name,
        "keras_version": keras.__version__,
        "input_shape": [int(d) if d is not None else -1 for d in model.inputs[0].shape[1:]],
        "parameters": int(model.count_params()),
        "cases": cases,
        "reference_seconds": time.time() - t0,
    }


def keras_export_node_count(model_path, onnx_path):
    """Keras' own `model.export(format="onnx")` (torch backend), for node-count comparisons."""
    import onnx

    keras = _import_keras()
    model = keras.saving.load_model(model_path, compile=False)
    xs = _seeded_inputs(model, 2, 0)
    model(xs if len(xs) > 1 else xs[0])  # export needs a model that has been called
    model.export(onnx_path, format="onnx", verbose=False)
    m = onnx.load(onnx_path)
    counts = {}
    for n in m.graph.node:
        counts[n.op_type] = counts.get(n.op_type, 0) + 1
    return {"nodes": len(m.graph.node), "ops": counts}
