"""Single-node ONNX fixtures for the Runtime's elementwise, activation, tensor, reduction,
logic and generator operators.

Why: each op's attributes, opset differences, broadcasting and element types need a check
against an independent implementation. Every case here is one node in its own model; the
expected outputs are computed by onnx's reference evaluator (onnx.reference), never by the
code under test. Inputs come from a seeded numpy generator, so rerunning this script
reproduces the folders byte for byte.

Layout: Fixtures/ops/<Family>/<OpType>/<case>/model.onnx and test_data_set_0/input_K.pb,
output_K.pb (the ONNX backend-test format). Run with the project venv:
    .venv/bin/python Fixtures/ops/generate.py
"""
from __future__ import annotations

import os
import shutil

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from onnx.reference import ReferenceEvaluator

ROOT = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20240611)
F32 = np.float32


def r(*shape, dtype=F32, lo=-3.0, hi=3.0):
    return rng.uniform(lo, hi, size=shape).astype(dtype)


def ri(*shape, lo=-5, hi=6, dtype=np.int64):
    return rng.integers(lo, hi, size=shape).astype(dtype)


def case(family, op, name, inputs, attrs=None, opset=17, n_out=1, oracle="reference"):
    """inputs: list of (name, array) or None for an omitted optional input. `oracle` is
    "reference" (onnx.reference) or "ort" (onnxruntime, for the few cases the reference
    evaluator gets wrong or lacks: opset-10 Resize, the opset < 13 Softmax family)."""
    folder = os.path.join(ROOT, family, op, name)
    if os.path.exists(folder):
        shutil.rmtree(folder)
    os.makedirs(os.path.join(folder, "test_data_set_0"))
    in_names = [("" if a is None else n) for n, a in ((x if x is not None else ("", None)) for x in inputs)]
    given = [x for x in inputs if x is not None and x[1] is not None]
    out_names = [f"y{i}" for i in range(n_out)]
    node = helper.make_node(op, in_names, out_names, **(attrs or {}))
    graph_inputs = [helper.make_tensor_value_info(n, helper.np_dtype_to_tensor_dtype(a.dtype), a.shape) for n, a in given]
    # Output types are unknown before running; declare them untyped.
    graph_outputs = [helper.make_empty_tensor_value_info(n) for n in out_names]
    graph = helper.make_graph([node], f"{op}_{name}", graph_inputs, graph_outputs)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], ir_version=8)
    if oracle == "ort":
        import onnxruntime as ort

        sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    else:
        sess = ReferenceEvaluator(model)
    outs = sess.run(None, {n: a for n, a in given})
    onnx.save(model, os.path.join(folder, "model.onnx"))
    for k, (n, a) in enumerate(given):
        t = numpy_helper.from_array(a, n)
        open(os.path.join(folder, "test_data_set_0", f"input_{k}.pb"), "wb").write(t.SerializeToString())
    for k, (n, a) in enumerate(zip(out_names, outs)):
        t = numpy_helper.from_array(np.asarray(a), n)
        open(os.path.join(folder, "test_data_set_0", f"output_{k}.pb"), "wb").write(t.SerializeToString())


def main():
    for family in ["Math", "Activation", "Tensor", "Reduction", "Logic", "Generator"]:
        shutil.rmtree(os.path.join(ROOT, family), ignore_errors=True)
    M, A, T, R, L, G = "Math", "Activation", "Tensor", "Reduction", "Logic", "Generator"

    # ---- Math: unary
    pos = r(2, 3, lo=0.1, hi=4)
    for op, x in [("Sqrt", pos), ("Exp", r(2, 3)), ("Log", pos), ("Abs", r(2, 3)), ("Neg", r(2, 3)),
                  ("Reciprocal", pos), ("Erf", r(2, 3)), ("Floor", r(2, 3)), ("Ceil", r(2, 3)),
                  ("Sign", np.array([-2, 0, 3.5, -0.0], F32)), ("Sin", r(2, 3)), ("Cos", r(2, 3)),
                  ("Tan", r(2, 3, lo=-1, hi=1)), ("Asin", r(4, lo=-1, hi=1)), ("Acos", r(4, lo=-1, hi=1)),
                  ("Atan", r(4)), ("Sinh", r(4)), ("Cosh", r(4))]:
        case(M, op, "float", [("x", x)])
    case(M, "Round", "half_even", [("x", np.array([0.5, 1.5, 2.5, -0.5, -1.5, 2.4, -2.6, 3.5], F32))])
    case(M, "Abs", "int64", [("x", ri(5))])
    case(M, "Abs", "int32", [("x", ri(5, dtype=np.int32))])
    case(M, "Neg", "int32", [("x", ri(5, dtype=np.int32))])
    case(M, "Sign", "int64", [("x", ri(6))])
    case(M, "Sqrt", "double", [("x", pos.astype(np.float64))])
    case(M, "Exp", "float16", [("x", r(2, 3).astype(np.float16))])
    # ---- Math: binary / variadic
    case(M, "Pow", "float_float", [("x", r(2, 3, lo=0.5, hi=2)), ("y", r(3, lo=-2, hi=2))])
    case(M, "Pow", "float_int64", [("x", r(2, 3)), ("y", np.array([2, 3, 0], np.int64))], opset=15)
    case(M, "Pow", "float_square", [("x", r(2, 3)), ("y", np.array(2, F32))])
    case(M, "Pow", "int64", [("x", ri(4, lo=-3, hi=4)), ("y", np.array([0, 1, 2, 3], np.int64))], opset=15)
    case(M, "Max", "three_broadcast", [("a", r(2, 3)), ("b", r(3)), ("c", r(2, 1))])
    case(M, "Min", "three_broadcast", [("a", r(2, 3)), ("b", r(3)), ("c", r(2, 1))])
    case(M, "Max", "int32", [("a", ri(2, 3, dtype=np.int32)), ("b", ri(3, dtype=np.int32))], opset=13)
    case(M, "Sum", "three", [("a", r(2, 3)), ("b", r(3)), ("c", r(2, 1))])
    case(M, "Sum", "single", [("a", r(2, 3))])
    case(M, "Mean", "three", [("a", r(2, 3)), ("b", r(3)), ("c", r(2, 1))])
    case(M, "Clip", "opset6_attrs", [("x", r(3, 4))], {"min": -1.0, "max": 0.5}, opset=6)
    case(M, "Clip", "opset6_default", [("x", r(3, 4))], opset=6)
    case(M, "Clip", "inputs", [("x", r(3, 4)), ("lo", np.array(-0.5, F32)), ("hi", np.array(1.0, F32))], opset=13)
    case(M, "Clip", "max_only", [("x", r(3, 4)), None, ("hi", np.array(0.0, F32))], opset=13)
    case(M, "Clip", "int64", [("x", ri(8)), ("lo", np.array(-2, np.int64)), ("hi", np.array(3, np.int64))], opset=13)
    case(M, "Mod", "int_python", [("a", ri(6, lo=-9, hi=10)), ("b", np.array([4, -4, 3, -3, 5, 7], np.int64))])
    case(M, "Mod", "int_fmod", [("a", ri(6, lo=-9, hi=10)), ("b", np.array([4, -4, 3, -3, 5, 7], np.int64))], {"fmod": 1})
    case(M, "Mod", "float_fmod", [("a", r(6)), ("b", np.array([1.5, -1.5, 2, -2, 0.7, 1], F32))], {"fmod": 1})
    case(M, "BitShift", "left_u8", [("a", np.array([1, 2, 255], np.uint8)), ("b", np.array([1, 3, 1], np.uint8))], {"direction": "LEFT"})
    case(M, "BitShift", "right_u32", [("a", np.array([16, 255, 7], np.uint32)), ("b", np.array(2, np.uint32))], {"direction": "RIGHT"})
    case(M, "IsNaN", "float", [("x", np.array([1, np.nan, np.inf, -np.inf], F32))])
    case(M, "IsInf", "default", [("x", np.array([1, np.nan, np.inf, -np.inf], F32))])
    case(M, "IsInf", "positive_only", [("x", np.array([1, np.nan, np.inf, -np.inf], F32))], {"detect_negative": 0})
    case(M, "CumSum", "axis1", [("x", r(2, 3, 4)), ("axis", np.array(1, np.int64))])
    case(M, "CumSum", "exclusive_reverse", [("x", r(2, 5)), ("axis", np.array(-1, np.int32))], {"exclusive": 1, "reverse": 1})
    case(M, "CumSum", "int64", [("x", ri(2, 3)), ("axis", np.array(0, np.int64))])

    # ---- Activation
    x = r(2, 3, 4)
    for op, attrs in [("Sigmoid", {}), ("Tanh", {}), ("HardSigmoid", {}), ("HardSigmoid", {"alpha": 0.3, "beta": 0.4}),
                      ("HardSwish", {}), ("LeakyRelu", {}), ("LeakyRelu", {"alpha": 0.2}), ("Elu", {}),
                      ("Elu", {"alpha": 0.5}), ("Selu", {}), ("Celu", {"alpha": 2.0}), ("Softplus", {}), ("Softsign", {}),
                      ("ThresholdedRelu", {"alpha": 0.5}), ("Relu", {})]:
        case(A, op, "default" if not attrs else "attrs", [("x", x)], attrs)
    case(A, "Mish", "default", [("x", x)], opset=18)
    case(A, "Gelu", "erf", [("x", x)], opset=20)
    case(A, "Gelu", "tanh", [("x", x)], {"approximate": "tanh"}, opset=20)
    case(A, "Sigmoid", "double", [("x", x.astype(np.float64))])
    case(A, "Sigmoid", "float16", [("x", x.astype(np.float16))])
    case(A, "PRelu", "channel_slope", [("x", r(2, 3, 4)), ("s", r(3, 1, lo=0, hi=1))])
    case(A, "PRelu", "scalar_slope", [("x", r(2, 3)), ("s", np.array([0.25], F32))])
    for op in ["Softmax", "LogSoftmax", "Hardmax"]:
        # onnx.reference ignores the pre-13 "coerce to 2-D" rule; onnxruntime follows the spec.
        case(A, op, "opset11_axis1_coerce", [("x", r(2, 3, 4))], opset=11, oracle="ort")
        case(A, op, "opset11_axis2", [("x", r(2, 3, 4))], {"axis": 2}, opset=11, oracle="ort")
        case(A, op, "opset13_default", [("x", r(2, 3, 4))], opset=13)
        case(A, op, "opset13_axis1", [("x", r(2, 3, 4))], {"axis": 1}, opset=13)
    case(A, "Softmax", "double", [("x", r(3, 5, dtype=np.float64))], opset=13)
    case(A, "Softmax", "large_values", [("x", np.array([[1000, 1001, 999], [-1000, 0, 1000]], F32))], opset=13)

    # ---- Tensor
    x4 = r(2, 3, 4, 5)
    case(T, "Transpose", "default_reverse", [("x", r(2, 3, 4))])
    case(T, "Transpose", "nchw_to_nhwc", [("x", x4)], {"perm": [0, 2, 3, 1]})
    case(T, "Transpose", "nhwc_to_nchw", [("x", x4)], {"perm": [0, 3, 1, 2]})
    case(T, "Transpose", "int64", [("x", ri(2, 3, 4))], {"perm": [1, 0, 2]})
    case(T, "Transpose", "string", [("x", np.array([["a", "b", "c"], ["d", "e", "f"]], dtype=object))], {"perm": [1, 0]})
    case(T, "Concat", "axis1", [("a", r(2, 3, 2)), ("b", r(2, 1, 2)), ("c", r(2, 4, 2))], {"axis": 1})
    case(T, "Concat", "neg_axis_int64", [("a", ri(2, 3)), ("b", ri(2, 2))], {"axis": -1})
    case(T, "Concat", "bool_axis0", [("a", np.array([[True, False]])), ("b", np.array([[False, False], [True, True]]))], {"axis": 0})
    case(T, "Split", "opset11_attr", [("x", r(2, 6))], {"axis": 1, "split": [1, 2, 3]}, opset=11, n_out=3)
    case(T, "Split", "opset11_even", [("x", r(6, 2))], {}, opset=11, n_out=3)
    case(T, "Split", "opset13_input", [("x", r(2, 7)), ("split", np.array([3, 4], np.int64))], {"axis": -1}, opset=13, n_out=2)
    case(T, "Split", "opset18_num_outputs", [("x", r(7, 2))], {"num_outputs": 3}, opset=18, n_out=3)
    case(T, "Slice", "opset9_attrs", [("x", r(4, 5))], {"starts": [1, 0], "ends": [3, 10], "axes": [0, 1]}, opset=9)
    case(T, "Slice", "inputs_steps", [("x", r(5, 6)), ("s", np.array([0, 1], np.int64)), ("e", np.array([5, 6], np.int64)),
                                      ("a", np.array([0, 1], np.int64)), ("st", np.array([2, 3], np.int64))])
    case(T, "Slice", "negative_step", [("x", r(5, 6)), ("s", np.array([-1], np.int64)), ("e", np.array([-10000], np.int64)),
                                       ("a", np.array([1], np.int64)), ("st", np.array([-2], np.int64))])
    case(T, "Slice", "clamp_int64max", [("x", ri(4, 3)), ("s", np.array([1], np.int64)),
                                        ("e", np.array([np.iinfo(np.int64).max], np.int64))])
    case(T, "Slice", "empty", [("x", r(4, 3)), ("s", np.array([3], np.int64)), ("e", np.array([1], np.int64))])
    case(T, "Gather", "axis0", [("x", r(5, 3)), ("i", np.array([[0, 4], [-1, 2]], np.int64))])
    case(T, "Gather", "axis1_int32", [("x", r(2, 5, 3)), ("i", np.array([3, 0, -2], np.int32))], {"axis": 1})
    case(T, "Gather", "scalar_index", [("x", ri(4, 3)), ("i", np.array(2, np.int64))], {"axis": 0})
    case(T, "GatherElements", "axis1", [("x", r(3, 4)), ("i", np.array([[0, 3], [1, -1], [2, 2]], np.int64))], {"axis": 1})
    case(T, "GatherElements", "axis0", [("x", r(3, 4)), ("i", np.array([[2, 0, 1, 1]], np.int64))])
    case(T, "GatherND", "basic", [("x", r(2, 3, 4)), ("i", np.array([[0, 1], [1, 2]], np.int64))])
    case(T, "GatherND", "batch_dims1", [("x", r(2, 3, 4)), ("i", np.array([[[1]], [[2]]], np.int64))], {"batch_dims": 1})
    case(T, "ScatterElements", "axis1", [("x", r(3, 4)), ("i", np.array([[1, 3], [0, 2], [3, 1]], np.int64)), ("u", r(3, 2))], {"axis": 1})
    case(T, "ScatterElements", "add", [("x", r(3, 4)), ("i", np.array([[1, 1], [0, 2], [3, 3]], np.int64)), ("u", r(3, 2))],
         {"axis": 1, "reduction": "add"}, opset=18)
    case(T, "ScatterND", "basic", [("x", r(4, 3)), ("i", np.array([[1], [3]], np.int64)), ("u", r(2, 3))])
    case(T, "Shape", "full", [("x", r(2, 3, 4))])
    case(T, "Shape", "opset15_range", [("x", r(2, 3, 4, 5))], {"start": 1, "end": -1}, opset=15)
    case(T, "Size", "basic", [("x", r(2, 3, 4))])
    case(T, "Unsqueeze", "opset11_attr", [("x", r(3, 4))], {"axes": [0, -1]}, opset=11)
    case(T, "Unsqueeze", "opset13_input", [("x", r(3, 4)), ("a", np.array([1, 3], np.int64))], opset=13)
    case(T, "Squeeze", "opset11_attr", [("x", r(1, 3, 1, 4))], {"axes": [2]}, opset=11)
    case(T, "Squeeze", "opset13_all", [("x", r(1, 3, 1, 4))], opset=13)
    case(T, "Squeeze", "opset13_input", [("x", r(1, 3, 1, 4)), ("a", np.array([0, -2], np.int64))], opset=13)
    case(T, "Expand", "broadcast", [("x", r(3, 1)), ("s", np.array([2, 1, 4], np.int64))])
    case(T, "Expand", "int64_smaller_shape", [("x", ri(2, 3)), ("s", np.array([3], np.int64))])
    case(T, "Flatten", "default", [("x", r(2, 3, 4))])
    case(T, "Flatten", "axis0", [("x", r(2, 3, 4))], {"axis": 0})
    case(T, "Flatten", "neg_axis", [("x", r(2, 3, 4))], {"axis": -1})
    case(T, "Identity", "int32", [("x", ri(3, dtype=np.int32))])
    case(T, "Tile", "basic", [("x", r(2, 3)), ("rep", np.array([2, 3], np.int64))])
    case(T, "Tile", "bool", [("x", np.array([[True, False]])), ("rep", np.array([3, 1], np.int64))])
    case(T, "Pad", "opset2_constant", [("x", r(2, 3))], {"pads": [1, 0, 0, 2], "value": 1.5}, opset=2)
    case(T, "Pad", "constant_input", [("x", r(2, 3)), ("p", np.array([0, 1, 2, 1], np.int64)), ("v", np.array(-1.0, F32))], opset=13)
    for mode in ["reflect", "edge"]:
        case(T, "Pad", mode, [("x", r(1, 2, 3, 4)), ("p", np.array([0, 0, 2, 1, 0, 0, 1, 3], np.int64))], {"mode": mode}, opset=13)
    case(T, "Pad", "wrap", [("x", r(3, 4)), ("p", np.array([1, 2, 2, 3], np.int64))], {"mode": "wrap"}, opset=19)
    case(T, "Pad", "axes_opset18", [("x", r(2, 3, 4)), ("p", np.array([1, 2], np.int64)), None, ("a", np.array([-1], np.int64))], opset=18)
    case(T, "DepthToSpace", "dcr", [("x", r(1, 8, 2, 3))], {"blocksize": 2})
    case(T, "DepthToSpace", "crd", [("x", r(1, 8, 2, 3))], {"blocksize": 2, "mode": "CRD"})
    case(T, "SpaceToDepth", "basic", [("x", r(1, 2, 4, 6))], {"blocksize": 2})
    case(T, "Trilu", "upper", [("x", r(3, 4))], opset=14)
    case(T, "Trilu", "lower_k", [("x", r(2, 3, 4)), ("k", np.array(1, np.int64))], {"upper": 0}, opset=14)
    case(T, "NonZero", "float", [("x", np.array([[0, 1.5, 0], [2, 0, -1]], F32))])
    case(T, "TopK", "largest", [("x", r(3, 5)), ("k", np.array([2], np.int64))], n_out=2)
    case(T, "TopK", "smallest_axis0", [("x", r(4, 3)), ("k", np.array([3], np.int64))], {"axis": 0, "largest": 0}, n_out=2)
    case(T, "TopK", "opset1_attr", [("x", r(3, 5))], {"k": 3}, opset=1, n_out=2)
    x = r(1, 2, 3, 4)
    sc = np.array([1, 1, 2, 1.5], F32)
    for cm in ["half_pixel", "asymmetric", "align_corners", "pytorch_half_pixel"]:
        case(T, "Resize", f"linear_{cm}", [("x", x), None, ("s", sc)], {"mode": "linear", "coordinate_transformation_mode": cm}, opset=13)
    for nm in ["round_prefer_floor", "round_prefer_ceil", "floor", "ceil"]:
        case(T, "Resize", f"nearest_{nm}", [("x", x), None, ("s", sc)], {"mode": "nearest", "nearest_mode": nm}, opset=13)
    case(T, "Resize", "nearest_sizes_down", [("x", r(1, 1, 5, 7)), None, None, ("sz", np.array([1, 1, 3, 4], np.int64))],
         {"mode": "nearest"}, opset=13)
    case(T, "Resize", "linear_sizes_down", [("x", r(1, 1, 5, 7)), None, None, ("sz", np.array([1, 1, 3, 4], np.int64))],
         {"mode": "linear"}, opset=13)
    case(T, "Resize", "cubic", [("x", r(1, 1, 4, 4)), None, ("s", np.array([1, 1, 2, 1.5], F32))], {"mode": "cubic"}, opset=13)
    case(T, "Resize", "cubic_exclude_outside", [("x", r(1, 1, 4, 4)), None, ("s", np.array([1, 1, 0.75, 1.5], F32))],
         {"mode": "cubic", "exclude_outside": 1, "cubic_coeff_a": -0.5}, opset=13)
    case(T, "Resize", "opset11_roi_empty", [("x", x), ("roi", np.array([], F32)), ("s", sc)], {"mode": "nearest"}, opset=11)
    case(T, "Resize", "opset10_nearest", [("x", x), ("s", np.array([1, 1, 2, 3], F32))], {"mode": "nearest"}, opset=10, oracle="ort")
    case(T, "Resize", "opset18_axes_not_larger", [("x", r(1, 2, 4, 6)), None, None, ("sz", np.array([6, 6], np.int64))],
         {"mode": "linear", "axes": [2, 3], "keep_aspect_ratio_policy": "not_larger"}, opset=18)
    case(T, "Resize", "nearest_uint8", [("x", ri(1, 1, 2, 3, lo=0, hi=255, dtype=np.uint8)), None, ("s", np.array([1, 1, 2, 2], F32))],
         {"mode": "nearest", "coordinate_transformation_mode": "asymmetric", "nearest_mode": "floor"}, opset=13)

    # ---- Reduction
    x = r(2, 3, 4)
    for op in ["ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2",
               "ReduceLogSumExp", "ReduceSumSquare"]:
        case(R, op, "opset11_axes_attr", [("x", x)], {"axes": [1]}, opset=11)
        case(R, op, "opset11_all_nokeep", [("x", x)], {"keepdims": 0}, opset=11)
        case(R, op, "opset18_axes_input", [("x", x), ("a", np.array([0, -1], np.int64))], opset=18)
    case(R, "ReduceLogSum", "opset11_axes_attr", [("x", r(2, 3, lo=0.1, hi=2))], {"axes": [1]}, opset=11)
    case(R, "ReduceSum", "opset13_axes_input_nokeep", [("x", x), ("a", np.array([1], np.int64))], {"keepdims": 0}, opset=13)
    case(R, "ReduceSum", "opset13_noop_empty", [("x", x), ("a", np.array([], np.int64))], {"noop_with_empty_axes": 1}, opset=13)
    case(R, "ReduceSum", "int64", [("x", ri(2, 3)), ("a", np.array([1], np.int64))], opset=13)
    case(R, "ReduceMax", "int32", [("x", ri(2, 3, dtype=np.int32))], {"axes": [0]}, opset=13)
    case(R, "ReduceMean", "opset18_no_axes", [("x", x)], opset=18)
    ties = np.array([[1, 3, 3, 0], [2, 2, -1, 2]], F32)
    for op in ["ArgMax", "ArgMin"]:
        case(R, op, "default", [("x", x)])
        case(R, op, "axis_neg_nokeep", [("x", x)], {"axis": -1, "keepdims": 0})
        case(R, op, "ties_first", [("x", ties)], {"axis": 1})
        case(R, op, "ties_last", [("x", ties)], {"axis": 1, "select_last_index": 1}, opset=12)
        case(R, op, "int64", [("x", ri(3, 4))], {"axis": 1})

    # ---- Logic
    a, b = ri(2, 3, lo=0, hi=3).astype(F32), ri(3, lo=0, hi=3).astype(F32)
    for op in ["Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual"]:
        case(L, op, "float_broadcast", [("a", a), ("b", b)], opset=16)
        case(L, op, "int64", [("a", ri(2, 3, lo=0, hi=3)), ("b", ri(2, 3, lo=0, hi=3))], opset=16)
    case(L, "Equal", "string", [("a", np.array(["x", "y", "z"], dtype=object)), ("b", np.array(["x", "q", "z"], dtype=object))], opset=19)
    case(L, "Equal", "bool", [("a", np.array([True, False, True])), ("b", np.array([True, True, False]))])
    ba, bb = rng.random((2, 3)) > 0.5, rng.random((3,)) > 0.5
    for op in ["And", "Or", "Xor"]:
        case(L, op, "broadcast", [("a", ba), ("b", bb)])
    case(L, "Not", "basic", [("a", ba)])
    case(L, "Where", "broadcast3", [("c", rng.random((2, 1, 3)) > 0.5), ("x", r(4, 1)), ("y", r(1, 3))])
    case(L, "Where", "int64", [("c", rng.random((2, 3)) > 0.5), ("x", ri(2, 3)), ("y", ri(3))])
    case(L, "Where", "string", [("c", np.array([True, False])), ("x", np.array(["a", "b"], dtype=object)),
                                 ("y", np.array(["c", "d"], dtype=object))])

    # ---- Generator
    case(G, "Constant", "value_tensor", [], {"value": numpy_helper.from_array(r(2, 3), "v")})
    case(G, "Constant", "value_float", [], {"value_float": 2.5}, opset=13)
    case(G, "Constant", "value_floats", [], {"value_floats": [1.0, 2.0, 3.0]}, opset=13)
    case(G, "Constant", "value_int", [], {"value_int": 7}, opset=13)
    case(G, "Constant", "value_ints", [], {"value_ints": [1, -2, 3]}, opset=13)
    case(G, "ConstantOfShape", "default", [("s", np.array([2, 3], np.int64))])
    case(G, "ConstantOfShape", "int64_value", [("s", np.array([4], np.int64))],
         {"value": numpy_helper.from_array(np.array([5], np.int64), "v")})
    case(G, "Range", "float", [("s", np.array(1.0, F32)), ("l", np.array(5.5, F32)), ("d", np.array(0.75, F32))])
    case(G, "Range", "int64_negative", [("s", np.array(10, np.int64)), ("l", np.array(-3, np.int64)), ("d", np.array(-4, np.int64))])
    case(G, "Range", "int32_empty", [("s", np.array(3, np.int32)), ("l", np.array(1, np.int32)), ("d", np.array(1, np.int32))])
    case(G, "EyeLike", "k1", [("x", r(3, 4))], {"k": 1})
    case(G, "EyeLike", "dtype_int64", [("x", r(3, 3))], {"k": -1, "dtype": TensorProto.INT64})


if __name__ == "__main__":
    main()
