"""Seeded generator for Fixtures/nn/nn_cases.json: single-node cases for the NN-family
ops and Gemm/MatMul, read by Tests/RuntimeTests/Ops/NNFixtureTests.swift.

Why: the Swift kernels are tested against their own naive references, which share the
authors' reading of the spec. These cases pin the semantics (padding, ceil_mode,
count_include_pad, output_shape, storage_order, broadcasting...) to independent
implementations.

What computes the expected values: onnxruntime (CPU provider) running a one-node ONNX
model. Where onnxruntime lacks the op/opset or is known to deviate from the spec, the
ONNX reference evaluator (onnx.reference) is used instead, and the case says so in
"source"; LRN with an even size comes from a numpy transcription of the spec formula
(onnxruntime rejects even sizes, onnx.reference 1.23 gets LRN wrong). Where torch has the
same op, and for the ConvTranspose output_shape/SAME and GroupNormalization cases
(where onnx.reference is run too), the generator checks that the independent
implementations agree and fails loudly if not. Nothing here comes from Parity's code.

Inputs are multiples of 1/64 in [-2, 2) (exact in float16, short in JSON).
Run: .venv/bin/python Fixtures/nn/make_nn_fixtures.py
"""
import json
import os

import numpy as np
import onnx
import onnxruntime as ort
import torch
import torch.nn.functional as F
from onnx import TensorProto, helper
from onnx.reference import ReferenceEvaluator

ort.set_default_logger_severity(3)
rng = np.random.default_rng(20240607)
DT = {"float32": TensorProto.FLOAT, "float64": TensorProto.DOUBLE, "float16": TensorProto.FLOAT16,
      "int32": TensorProto.INT32, "int64": TensorProto.INT64, "int8": TensorProto.INT8, "bool": TensorProto.BOOL}
cases = []


def rnd(shape, dtype="float32", positive=False):
    if dtype.startswith("int"):
        lo = -8 if not positive else 0
        return np.asarray(rng.integers(lo, 8, size=shape), dtype=dtype)
    v = rng.integers(-128, 128, size=shape) / 64.0
    if positive:
        v = np.abs(v) + 0.25
    return np.asarray(v, dtype=dtype)


def run_model(op, inputs, attrs, opset, n_out, source):
    in_names = [f"in{i}" if x is not None else "" for i, x in enumerate(inputs)]
    out_names = [f"out{i}" for i in range(n_out)]
    node = helper.make_node(op, in_names, out_names, **attrs)
    g_in = [helper.make_tensor_value_info(n, DT[str(x.dtype)], x.shape) for n, x in zip(in_names, inputs) if x is not None]
    g_out = [helper.make_empty_tensor_value_info(n) for n in out_names]
    model = helper.make_model(helper.make_graph([node], op, g_in, g_out),
                              opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8 if opset < 21 else 10
    # Output types from ONNX shape inference, so onnxruntime accepts the graph.
    inferred = onnx.shape_inference.infer_shapes(model)
    types = {v.name: v.type for v in list(inferred.graph.value_info) + list(inferred.graph.output)}
    for o in model.graph.output:
        if o.name in types and types[o.name].tensor_type.elem_type:
            o.type.CopyFrom(types[o.name])
    feeds = {n: x for n, x in zip(in_names, inputs) if x is not None}
    if source == "onnxruntime":
        try:
            sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
        except Exception as e:  # no kernel for this type/opset: use the ONNX reference instead
            if "NOT_IMPLEMENTED" not in str(e):
                raise
            return ReferenceEvaluator(model).run(None, feeds), "onnx.reference"
        return sess.run(None, feeds), source
    return ReferenceEvaluator(model).run(None, feeds), source


def fmt(a):
    a = np.asarray(a)
    if a.dtype == np.bool_:
        return [bool(v) for v in a.ravel()]
    if a.dtype.kind in "iu":
        return [int(v) for v in a.ravel()]
    if a.dtype == np.float64:
        return [float(v) for v in a.ravel()]
    return [float("%.9g" % float(v)) for v in a.ravel()]


def case(name, op, inputs, attrs=None, opset=17, n_out=1, source="onnxruntime", rtol=1e-4, atol=1e-5, torch_check=None,
         expected=None, cross_check_reference=False):
    attrs = attrs or {}
    if expected is not None:
        outs = expected(*inputs)
    else:
        outs, source = run_model(op, inputs, attrs, opset, n_out, source)
    if cross_check_reference:  # semantics where implementations have differed: both must agree
        ref, _ = run_model(op, inputs, attrs, opset, n_out, "onnx.reference")
        assert all(np.allclose(a, b, rtol=1e-4, atol=1e-5) for a, b in zip(outs, ref)), f"{name}: onnxruntime and onnx.reference disagree"
    if torch_check is not None:
        want = torch_check(*[torch.from_numpy(np.asarray(x, dtype=np.float64)) if x is not None else None for x in inputs])
        assert np.allclose(outs[0].astype(np.float64), want.numpy(), rtol=1e-4, atol=1e-5), f"{name}: onnxruntime and torch disagree"
    jattrs = {}
    for k, v in attrs.items():
        if isinstance(v, str):
            jattrs[k] = {"s": v}
        elif isinstance(v, float):
            jattrs[k] = {"f": v}
        elif isinstance(v, int):
            jattrs[k] = {"i": v}
        elif all(isinstance(e, int) for e in v):
            jattrs[k] = {"ints": list(v)}
        else:
            jattrs[k] = {"floats": [float(e) for e in v]}
    cases.append({
        "name": name, "op": op, "opset": opset, "source": source, "rtol": rtol, "atol": atol,
        "attrs": jattrs,
        "inputs": [None if x is None else {"dtype": str(x.dtype), "shape": list(x.shape), "data": fmt(x)} for x in inputs],
        "outputs": [{"dtype": str(np.asarray(o).dtype), "shape": list(np.asarray(o).shape), "data": fmt(o)} for o in outs],
    })


# ---- Conv ----
x, w, b = rnd([1, 2, 5, 5]), rnd([3, 2, 3, 3]), rnd([3])
case("conv2d_basic", "Conv", [x, w, b], {"pads": [1, 1, 1, 1], "kernel_shape": [3, 3]},
     torch_check=lambda x, w, b: F.conv2d(x, w, b, padding=1))
case("conv2d_float16", "Conv", [x.astype("float16"), w.astype("float16"), b.astype("float16")], {"pads": [1, 1, 1, 1]},
     rtol=1e-2, atol=2e-2)
x, w = rnd([2, 3, 7, 6]), rnd([4, 3, 3, 2])
case("conv2d_strides_dilations_pads", "Conv", [x, w], {"strides": [2, 1], "dilations": [1, 2], "pads": [1, 0, 2, 1]})
case("conv2d_float64", "Conv", [x.astype("float64"), w.astype("float64")], {"strides": [2, 1], "dilations": [1, 2], "pads": [1, 0, 2, 1]},
     rtol=1e-10, atol=1e-10)
x, w = rnd([1, 4, 5, 5]), rnd([6, 2, 3, 3])
case("conv2d_group2", "Conv", [x, w], {"group": 2},
     torch_check=lambda x, w: F.conv2d(x, w, groups=2))
x, w, b = rnd([1, 3, 6, 6]), rnd([3, 1, 3, 3]), rnd([3])
case("conv2d_depthwise", "Conv", [x, w, b], {"group": 3, "strides": [2, 2], "pads": [1, 1, 1, 1]},
     torch_check=lambda x, w, b: F.conv2d(x, w, b, stride=2, padding=1, groups=3))
x, w = rnd([1, 2, 5, 5]), rnd([4, 1, 3, 3])
case("conv2d_depthwise_multiplier", "Conv", [x, w], {"group": 2, "pads": [1, 1, 1, 1]})
x, w, b = rnd([2, 4, 3, 3]), rnd([5, 4, 1, 1]), rnd([5])
case("conv2d_pointwise", "Conv", [x, w, b], {})
x, w = rnd([1, 2, 5, 6]), rnd([2, 2, 3, 3])
case("conv2d_same_upper", "Conv", [x, w], {"auto_pad": "SAME_UPPER", "strides": [2, 2]})
x, w = rnd([1, 2, 5, 5]), rnd([2, 2, 4, 4])
case("conv2d_same_lower", "Conv", [x, w], {"auto_pad": "SAME_LOWER"})
case("conv2d_valid", "Conv", [x, w], {"auto_pad": "VALID", "strides": [2, 1]})
x, w = rnd([2, 3, 9]), rnd([4, 3, 3])
case("conv1d", "Conv", [x, w], {"strides": [2], "pads": [1, 2], "dilations": [2]},
     torch_check=lambda x, w: F.conv1d(F.pad(x, (1, 2)), w, stride=2, dilation=2))
x, w, b = rnd([1, 2, 4, 5, 4]), rnd([3, 2, 2, 3, 2]), rnd([3])
case("conv3d", "Conv", [x, w, b], {"strides": [1, 2, 1], "pads": [1, 0, 1, 0, 1, 1]})
x, w = rnd([1, 4, 4, 5, 3]), rnd([4, 1, 3, 3, 3])
case("conv3d_depthwise", "Conv", [x, w], {"group": 4, "pads": [1, 1, 1, 1, 1, 1]})

# ---- ConvTranspose ----
x, w, b = rnd([1, 2, 3, 3]), rnd([2, 3, 3, 3]), rnd([3])
case("convtranspose2d_basic", "ConvTranspose", [x, w, b], {},
     torch_check=lambda x, w, b: F.conv_transpose2d(x, w, b))
x, w = rnd([1, 2, 3, 4]), rnd([2, 2, 3, 3])
case("convtranspose2d_strides_pads_outpad", "ConvTranspose", [x, w],
     {"strides": [2, 2], "pads": [1, 0, 1, 1], "output_padding": [1, 1]})
x, w = rnd([1, 4, 3, 3]), rnd([4, 1, 2, 2])
case("convtranspose2d_group_dilation", "ConvTranspose", [x, w], {"group": 2, "dilations": [2, 2], "strides": [2, 1]},
     torch_check=lambda x, w: F.conv_transpose2d(x, w, groups=2, dilation=2, stride=(2, 1)))
x, w = rnd([1, 1, 3, 3]), rnd([1, 2, 3, 3])
case("convtranspose2d_output_shape", "ConvTranspose", [x, w], {"strides": [3, 2], "output_shape": [10, 8]},
     cross_check_reference=True)
case("convtranspose2d_same_upper", "ConvTranspose", [x, w], {"strides": [2, 2], "auto_pad": "SAME_UPPER"},
     cross_check_reference=True)
case("convtranspose2d_same_lower", "ConvTranspose", [x, w], {"strides": [2, 2], "auto_pad": "SAME_LOWER"},
     cross_check_reference=True)
x, w, b = rnd([2, 2, 5]), rnd([2, 3, 3]), rnd([3])
case("convtranspose1d", "ConvTranspose", [x, w, b], {"strides": [2]},
     torch_check=lambda x, w, b: F.conv_transpose1d(x, w, b, stride=2))
x, w = rnd([1, 1, 2, 3, 3]), rnd([1, 2, 2, 2, 2])
case("convtranspose3d", "ConvTranspose", [x, w], {"strides": [2, 1, 2]})

# ---- MaxPool ----
x = rnd([1, 2, 5, 5])
case("maxpool2d_basic", "MaxPool", [x], {"kernel_shape": [3, 3], "strides": [2, 2]}, opset=12,
     torch_check=lambda x: F.max_pool2d(x, 3, 2))
x = rnd([1, 1, 6, 7])
case("maxpool2d_pads_ceil", "MaxPool", [x], {"kernel_shape": [3, 3], "strides": [2, 2], "pads": [1, 1, 1, 1], "ceil_mode": 1}, opset=12,
     torch_check=lambda x: F.max_pool2d(x, 3, 2, padding=1, ceil_mode=True))
x = rnd([1, 1, 6, 6])
case("maxpool2d_dilations", "MaxPool", [x], {"kernel_shape": [2, 2], "dilations": [2, 2]}, opset=12,
     torch_check=lambda x: F.max_pool2d(x, 2, 1, dilation=2))
x = rnd([1, 1, 5, 6])
case("maxpool2d_same_upper", "MaxPool", [x], {"kernel_shape": [3, 3], "strides": [2, 2], "auto_pad": "SAME_UPPER"}, opset=12)
x = rnd([2, 2, 4, 5])
case("maxpool2d_indices", "MaxPool", [x], {"kernel_shape": [2, 2], "strides": [2, 2], "pads": [0, 1, 0, 0]}, opset=12, n_out=2)
case("maxpool2d_indices_column_major", "MaxPool", [x], {"kernel_shape": [2, 2], "strides": [2, 2], "storage_order": 1}, opset=12, n_out=2)
x = rnd([2, 3, 9])
case("maxpool1d", "MaxPool", [x], {"kernel_shape": [3], "strides": [2], "pads": [1, 1]}, opset=12)
x = rnd([1, 2, 4, 5, 4])
case("maxpool3d", "MaxPool", [x], {"kernel_shape": [2, 3, 2], "strides": [2, 1, 2], "ceil_mode": 1}, opset=12)
x = rnd([1, 1, 4, 4], "int8")
case("maxpool2d_int8", "MaxPool", [x], {"kernel_shape": [2, 2]}, opset=12)

# ---- AveragePool ----
x = rnd([1, 2, 5, 5])
case("averagepool2d_basic", "AveragePool", [x], {"kernel_shape": [3, 3]}, opset=11,
     torch_check=lambda x: F.avg_pool2d(x, 3, 1))
case("averagepool2d_pads_exclude", "AveragePool", [x], {"kernel_shape": [3, 3], "pads": [1, 1, 1, 1]}, opset=11,
     torch_check=lambda x: F.avg_pool2d(x, 3, 1, padding=1, count_include_pad=False))
case("averagepool2d_pads_include", "AveragePool", [x], {"kernel_shape": [3, 3], "pads": [1, 1, 1, 1], "count_include_pad": 1}, opset=11,
     torch_check=lambda x: F.avg_pool2d(x, 3, 1, padding=1, count_include_pad=True))
x = rnd([1, 1, 6, 6])
case("averagepool2d_ceil", "AveragePool", [x], {"kernel_shape": [3, 3], "strides": [2, 2], "ceil_mode": 1}, opset=11,
     torch_check=lambda x: F.avg_pool2d(x, 3, 2, ceil_mode=True))
case("averagepool2d_ceil_pads_include", "AveragePool", [x],
     {"kernel_shape": [3, 3], "strides": [2, 2], "pads": [1, 1, 1, 1], "ceil_mode": 1, "count_include_pad": 1}, opset=11,
     torch_check=lambda x: F.avg_pool2d(x, 3, 2, padding=1, ceil_mode=True, count_include_pad=True))
x = rnd([1, 2, 5, 6])
case("averagepool2d_same_lower", "AveragePool", [x], {"kernel_shape": [2, 3], "auto_pad": "SAME_LOWER"}, opset=11)
x = rnd([2, 2, 8])
case("averagepool1d", "AveragePool", [x], {"kernel_shape": [3], "strides": [2], "pads": [1, 0]}, opset=11)
x = rnd([1, 1, 4, 4, 5])
case("averagepool3d", "AveragePool", [x], {"kernel_shape": [2, 2, 3], "strides": [2, 2, 2]}, opset=11)
x = rnd([1, 1, 7, 7])
case("averagepool2d_dilations", "AveragePool", [x], {"kernel_shape": [2, 2], "dilations": [2, 2], "pads": [1, 1, 1, 1]}, opset=19)

# ---- LpPool and global pools ----
x = rnd([1, 2, 4, 4])
case("lppool2d_p2", "LpPool", [x], {"kernel_shape": [2, 2], "strides": [2, 2]}, opset=18)
case("lppool2d_p3_pads", "LpPool", [x], {"kernel_shape": [3, 3], "p": 3, "pads": [1, 1, 1, 1]}, opset=18)
x = rnd([2, 3, 4, 5])
case("globalaveragepool", "GlobalAveragePool", [x])
case("globalmaxpool", "GlobalMaxPool", [x])
case("globallppool", "GlobalLpPool", [x], {"p": 3}, opset=2)

# ---- normalisation ----
x = rnd([2, 3, 4, 4]); s, bb, m, v = rnd([3]), rnd([3]), rnd([3]), rnd([3], positive=True)
case("batchnorm_opset15", "BatchNormalization", [x, s, bb, m, v], {"epsilon": 1e-3}, opset=15,
     torch_check=lambda x, s, b, m, v: F.batch_norm(x, m, v, s, b, False, 0.0, 1e-3))
case("batchnorm_opset9_rank2", "BatchNormalization", [rnd([4, 3]), s, bb, m, v], {}, opset=9)
case("batchnorm_float16", "BatchNormalization", [x.astype("float16"), s.astype("float16"), bb.astype("float16"),
     m.astype("float16"), v.astype("float16")], {}, opset=15, rtol=1e-2, atol=2e-2)
x = rnd([2, 3, 4, 5])
case("instancenorm", "InstanceNormalization", [x, rnd([3]), rnd([3])], {"epsilon": 1e-4},
     torch_check=None)
x = rnd([2, 3, 5])
case("layernorm_last_axis_all_outputs", "LayerNormalization", [x, rnd([5]), rnd([5])], {}, n_out=3)
case("layernorm_axis1", "LayerNormalization", [x, rnd([3, 5])], {"axis": 1, "epsilon": 1e-3})
case("layernorm_broadcast_scale", "LayerNormalization", [x, rnd([1, 5]), rnd([5])], {"axis": -2})
x = rnd([2, 6, 3, 3])
case("groupnorm_opset21", "GroupNormalization", [x, rnd([6]), rnd([6])], {"num_groups": 3}, opset=21,
     cross_check_reference=True)
case("groupnorm_opset18", "GroupNormalization", [x, rnd([2]), rnd([2])], {"num_groups": 2, "epsilon": 1e-3}, opset=18,
     cross_check_reference=True)
x = rnd([1, 5, 3, 3])
case("lrn_size3", "LRN", [x], {"size": 3},
     torch_check=lambda x: F.local_response_norm(x, 3))


def lrn_spec(x, size, alpha, beta, bias):
    """LRN written from the ONNX spec text: channels [c - floor((size-1)/2), c + ceil((size-1)/2)]."""
    sq = np.zeros(x.shape, dtype=np.float64)
    lo, hi = (size - 1) // 2, -(-(size - 1) // 2)
    for c in range(x.shape[1]):
        sq[:, c] = (x[:, max(0, c - lo):min(x.shape[1], c + hi + 1)].astype(np.float64) ** 2).sum(axis=1)
    return [(x / (bias + alpha / size * sq) ** beta).astype(x.dtype)]


# onnxruntime accepts only odd sizes; onnx.reference 1.23's LRN loops over the batch axis
# instead of channels, and torch centres even windows differently: numpy from the spec.
case("lrn_size4_attrs", "LRN", [x], {"size": 4, "alpha": 0.01, "beta": 0.5, "bias": 2.0},
     source="numpy (spec formula)", expected=lambda x: lrn_spec(x, 4, 0.01, 0.5, 2.0))
ort_size3 = np.array(cases[-2]["outputs"][0]["data"]).reshape(x.shape)  # lrn_size3, from onnxruntime
assert np.allclose(lrn_spec(x, 3, 1e-4, 0.75, 1.0)[0], ort_size3, rtol=1e-5), "numpy LRN disagrees with onnxruntime"
case("dropout_opset13_mask", "Dropout", [x], {}, opset=13, n_out=2)

# ---- Gemm / MatMul ----
a, b2, c = rnd([3, 4]), rnd([4, 5]), rnd([5])
case("gemm_bias_vector", "Gemm", [a, b2, c], {"alpha": 0.5, "beta": 2.0})
case("gemm_transposed", "Gemm", [rnd([4, 3]), rnd([5, 4]), rnd([3, 1])], {"transA": 1, "transB": 1})
case("gemm_scalar_c", "Gemm", [a, b2, rnd([])], {"beta": -1.0})
case("gemm_no_c", "Gemm", [a, b2, None], {"transB": 0}, opset=13)
case("gemm_float64", "Gemm", [a.astype("float64"), b2.astype("float64"), rnd([3, 5], "float64")], {"alpha": 1.5}, rtol=1e-10, atol=1e-10)
case("matmul_2d", "MatMul", [rnd([3, 4]), rnd([4, 2])])
case("matmul_1d_2d", "MatMul", [rnd([4]), rnd([4, 3])])
case("matmul_2d_1d", "MatMul", [rnd([3, 4]), rnd([4])])
case("matmul_1d_1d", "MatMul", [rnd([4]), rnd([4])])
case("matmul_batched_shared_b", "MatMul", [rnd([2, 3, 4]), rnd([4, 5])])
case("matmul_broadcast_batch", "MatMul", [rnd([2, 1, 3, 4]), rnd([3, 4, 2])])
case("matmul_b_batched", "MatMul", [rnd([3, 4]), rnd([2, 4, 5])])
case("matmul_int32", "MatMul", [rnd([2, 3, 4], "int32"), rnd([4, 2], "int32")])
case("matmul_int64_1d", "MatMul", [rnd([2, 3, 4], "int64"), rnd([4], "int64")])
case("matmul_float64", "MatMul", [rnd([2, 2, 3], "float64"), rnd([2, 3, 2], "float64")], rtol=1e-10, atol=1e-10)

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "nn_cases.json")
with open(out, "w") as f:
    json.dump({"generator": "Fixtures/nn/make_nn_fixtures.py", "onnxruntime": ort.__version__,
               "onnx": onnx.__version__, "torch": torch.__version__, "cases": cases}, f, separators=(",", ":"))
print(f"{len(cases)} cases, {os.path.getsize(out)} bytes -> {out}")
