"""Fixtures for the OnnxFormat I/O tests (Tests/OnnxFormatTests/IO*Tests.swift).

Why: Parity reads arrays that NumPy and the onnx package wrote, so the readers are tested
against files those libraries made themselves, not only against our own writer. The
cases cover every dtype Npy supports, both byte orders, Fortran order, 0-d and empty
arrays, format versions 1.0/2.0/3.0, np.savez and np.savez_compressed, an ONNX backend-test
folder (11 inputs, so input_10.pb must sort after input_9.pb), a SequenceProto .pb that
must be refused clearly, and an ONNX model whose weights live in model.onnx.data.

What computed the expected values: NumPy itself (seeded generator); expected.json holds,
per file, the dtype, the shape and the C-order elements as strings (str() of each NumPy
scalar, which round-trips at the element's precision; bools as "true"/"false").

Run from anywhere with the project's venv (numpy 2.4.6, onnx 1.23.2):
    .venv/bin/python Fixtures/io/make_io_fixtures.py
"""
import json
import os
import shutil

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20240611)
expected = {"npy": {}, "npz": {}, "testdir": {}, "external": {}}


def describe(a):
    a = np.asarray(a)
    flat = a.reshape(-1) if a.flags.c_contiguous else np.ascontiguousarray(a).reshape(-1)
    if a.dtype == np.bool_:
        values = ["true" if v else "false" for v in flat]
    elif a.dtype.kind == "S":
        values = [v.decode("utf-8") for v in flat]
    else:
        values = [str(v) for v in flat]
    return {"dtype": a.dtype.name, "shape": list(a.shape), "values": values}


def reset(path):
    if os.path.exists(path):
        shutil.rmtree(path)
    os.makedirs(path)


# ---- .npy -----------------------------------------------------------------------------
npy_dir = os.path.join(HERE, "npy")
reset(npy_dir)
arrays = {
    "f4": rng.standard_normal((2, 3)).astype("<f4"),
    "f8_be": rng.standard_normal((3,)).astype(">f8"),
    "f2": rng.standard_normal((2, 2)).astype("<f2"),
    "f4_be": rng.standard_normal((2, 2)).astype(">f4"),
    "i1": rng.integers(-128, 128, (5,)).astype("i1"),
    "i2_be": rng.integers(-30000, 30000, (2, 3)).astype(">i2"),
    "i4": rng.integers(-2**31, 2**31, (4,)).astype("<i4"),
    "i8": np.array([-2**63, -1, 0, 1, 2**63 - 1], dtype="<i8"),
    "u1": rng.integers(0, 256, (3, 2)).astype("u1"),
    "u2": rng.integers(0, 2**16, (4,)).astype("<u2"),
    "u4_be": rng.integers(0, 2**32, (3,)).astype(">u4"),
    "u8": np.array([0, 1, 2**63 + 5, 2**64 - 1], dtype="<u8"),
    "b1": rng.integers(0, 2, (2, 3)).astype(bool),
    "scalar_f8": np.array(3.25, dtype="<f8"),
    "scalar_i8": np.array(-7, dtype="<i8"),
    "empty_f4": np.zeros((0, 3), dtype="<f4"),
    "unicode": np.array([["a", "héllo"], ["", "日本語ab"]], dtype="<U5"),
    "unicode_be": np.array(["xyz", "Ω"], dtype=">U3"),
    "bytes": np.array([b"ab", b"", b"xyz"], dtype="S3"),
}
for name, a in arrays.items():
    np.save(os.path.join(npy_dir, name + ".npy"), a)
    expected["npy"][name] = describe(a)

# Fortran order: np.save keeps it (fortran_order: True in the header).
fortran = np.asfortranarray(rng.standard_normal((2, 3, 4)).astype("<f4"))
np.save(os.path.join(npy_dir, "fortran_f4.npy"), fortran)
expected["npy"]["fortran_f4"] = describe(fortran)
fortran_i2 = np.asfortranarray(np.arange(12, dtype=">i2").reshape(3, 4))
np.save(os.path.join(npy_dir, "fortran_i2_be.npy"), fortran_i2)
expected["npy"]["fortran_i2_be"] = describe(fortran_i2)

# Format versions 2.0 and 3.0.
for version in [(2, 0), (3, 0)]:
    a = rng.standard_normal((3, 2)).astype("<f8")
    name = "v%d" % version[0]
    with open(os.path.join(npy_dir, name + ".npy"), "wb") as f:
        np.lib.format.write_array(f, a, version=version)
    expected["npy"][name] = describe(a)

# An object array: must be refused (it is a pickle).
np.save(os.path.join(npy_dir, "object.npy"), np.array([1, "a", None], dtype=object), allow_pickle=True)

# ---- .npz -----------------------------------------------------------------------------
npz_arrays = {
    "weights": rng.standard_normal((4, 3)).astype("<f4"),
    "ids": np.arange(6, dtype="<i8").reshape(2, 3),
    "mask": np.array([True, False, True]),
    "scale": np.array(0.5, dtype="<f8"),
}
np.savez(os.path.join(HERE, "arrays.npz"), **npz_arrays)
big = {"big": np.tile(np.arange(100, dtype="<f4"), 20).reshape(40, 50), "small": np.array([1, 2, 3], dtype="<i4")}
np.savez_compressed(os.path.join(HERE, "arrays_compressed.npz"), **big)
expected["npz"]["arrays"] = [[k, describe(v)] for k, v in npz_arrays.items()]
expected["npz"]["arrays_compressed"] = [[k, describe(v)] for k, v in big.items()]

# ---- ONNX backend-test folder: Sum of 11 inputs -----------------------------------------
testdir = os.path.join(HERE, "testdir")
reset(testdir)
n_inputs = 11
inputs = [helper.make_tensor_value_info("x%d" % k, TensorProto.FLOAT, [2]) for k in range(n_inputs)]
graph = helper.make_graph([helper.make_node("Sum", ["x%d" % k for k in range(n_inputs)], ["y"])], "sum11",
                          inputs, [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2])])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
model.ir_version = 8
onnx.checker.check_model(model)
onnx.save_model(model, os.path.join(testdir, "model.onnx"))
expected["testdir"]["sets"] = []
for s in range(2):
    folder = os.path.join(testdir, "test_data_set_%d" % s)
    os.makedirs(folder)
    xs = [np.full((2,), 10.0 * s + k, dtype=np.float32) + np.array([0, 0.5], np.float32) for k in range(n_inputs)]
    y = np.sum(xs, axis=0).astype(np.float32)
    for k, x in enumerate(xs):
        # Input 3 is unnamed: the name field may be empty.
        t = numpy_helper.from_array(x, "" if k == 3 else "x%d" % k)
        with open(os.path.join(folder, "input_%d.pb" % k), "wb") as f:
            f.write(t.SerializeToString())
    with open(os.path.join(folder, "output_0.pb"), "wb") as f:
        f.write(numpy_helper.from_array(y, "y").SerializeToString())
    expected["testdir"]["sets"].append({"inputs": [describe(x) for x in xs], "outputs": [describe(y)]})

# A data set whose input is a SequenceProto: must be reported as unsupported.
seqdir = os.path.join(HERE, "seqdir", "test_data_set_0")
reset(os.path.dirname(seqdir))
os.makedirs(seqdir)
seq = numpy_helper.from_list([np.ones((2,), np.float32), np.zeros((3,), np.float32)], "s")
with open(os.path.join(seqdir, "input_0.pb"), "wb") as f:
    f.write(seq.SerializeToString())

# ---- ONNX model with external data ----------------------------------------------------
ext = os.path.join(HERE, "external")
reset(ext)
W = rng.standard_normal((3, 4)).astype(np.float32)
B = rng.standard_normal((4,)).astype(np.float32)
shape = np.array([4, 1], dtype=np.int64)
graph = helper.make_graph(
    [helper.make_node("MatMul", ["x", "W"], ["xw"]), helper.make_node("Add", ["xw", "B"], ["z"]),
     helper.make_node("Reshape", ["z", "shape"], ["y"])],
    "linear", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, [4, 1])],
    initializer=[numpy_helper.from_array(W, "W"), numpy_helper.from_array(B, "B"),
                 numpy_helper.from_array(shape, "shape")])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
model.ir_version = 8
onnx.checker.check_model(model)
onnx.save_model(model, os.path.join(ext, "model.onnx"), save_as_external_data=True,
                all_tensors_to_one_file=True, location="model.onnx.data", size_threshold=0)
expected["external"] = {"W": describe(W), "B": describe(B), "shape": describe(shape)}

with open(os.path.join(HERE, "expected.json"), "w") as f:
    json.dump(expected, f, indent=1, ensure_ascii=False, sort_keys=True)
    f.write("\n")
print("wrote fixtures under", HERE)
