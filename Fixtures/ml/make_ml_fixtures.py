"""Single-node ai.onnx.ml test cases for Parity's Swift runtime (Sources/Runtime/Ops/ML).

Why: every ai.onnx.ml operator the runtime implements gets small models that exercise its
attributes (post transforms, label types, tensor-valued attributes, double thresholds, NaN
handling, sequences of maps) with inputs the backend node suite does not cover (it has only
8 ai.onnx.ml cases).

What computed the expected values: onnx.reference.ReferenceEvaluator (the spec-level
reference, onnx/reference/ops/aionnxml), except where it has no implementation or departs
from the operator's documented behaviour; those cases use onnxruntime and say so in their
case.json ("source"):
  - CategoryMapper, ZipMap, LabelEncoder opset 1: not implemented by the reference;
  - DictVectorizer on one map: the reference returns a 1-D float64 array, onnxruntime (and
    the runtime) a [1, V] tensor of the map's value type;
  - SVMClassifier probabilities with more than two classes: the reference's
    multiclass_probability fills Q[t, t+1:] with a dot product instead of libsvm's
    -r[j][t]*r[t][j]; onnxruntime follows libsvm (as scikit-learn does);
  - SVMClassifier with one rho and string labels: the reference's set_score_svm calls
    len() on the absent int labels.

TreeEnsembleRegressor/Classifier's `*_as_tensor` attributes (ml opset 3, double thresholds
and weights): the reference stores but never reads them, so the generator patches its
TreeEnsemble helper to use them in place of the float lists (source
"onnx.reference+as_tensor"). onnxruntime reads them but writes a float Y for a double X,
where the reference (and skl2onnx's double models, which declare a double output) keep
X's type.

Each case is a folder: model.onnx, test_data_set_0/input_K.pb and output_K.pb (tensors as
TensorProto, maps as MapProto and sequences as SequenceProto via onnx.numpy_helper), and
case.json with the source and the tolerance (rtol, atol).

Run from the repository root with the project's venv:
    .venv/bin/python Fixtures/ml/make_ml_fixtures.py
Seeded: the output is the same on every run.
"""
from __future__ import annotations

import json
import os
import shutil

import numpy as np
import onnx
from onnx import TensorProto as TP
from onnx import helper as h
from onnx import numpy_helper as nh
from onnx.reference import ReferenceEvaluator

HERE = os.path.dirname(os.path.abspath(__file__))
ML = "ai.onnx.ml"
rng = np.random.default_rng(20260101)

NP_TO_ONNX = {np.dtype(np.float32): TP.FLOAT, np.dtype(np.float64): TP.DOUBLE,
              np.dtype(np.int64): TP.INT64, np.dtype(np.int32): TP.INT32, np.dtype(object): TP.STRING}


def tensor_type(a):
    dt = NP_TO_ONNX[np.asarray(a).dtype] if np.asarray(a).dtype.kind != "U" else TP.STRING
    return h.make_tensor_type_proto(dt, list(np.asarray(a).shape))


def seq_map_type(key, value=TP.FLOAT):
    return h.make_sequence_type_proto(h.make_map_type_proto(key, h.make_tensor_type_proto(value, [])))


def map_proto(d, name=None):
    """A MapProto (numpy_helper.from_dict misreads str keys as dtype codes under numpy 2)."""
    p = onnx.MapProto()
    if name:
        p.name = name
    keys = list(d)
    if isinstance(keys[0], str):
        p.key_type = TP.STRING
        p.string_keys.extend(k.encode() for k in keys)
    else:
        p.key_type = TP.INT64
        p.keys.extend(int(k) for k in keys)
    p.values.CopyFrom(nh.from_list([np.asarray(v) for v in d.values()]))
    return p


def to_proto(v, name):
    if isinstance(v, dict):
        p = map_proto(v, name)
    elif isinstance(v, list):
        p = onnx.SequenceProto(name=name, elem_type=onnx.SequenceProto.MAP)
        if v and isinstance(v[0], dict):
            p.map_values.extend(map_proto(m) for m in v)
        else:
            p = nh.from_list(v, name)
    else:
        a = np.asarray(v)
        if a.dtype.kind == "U":
            a = a.astype(object)
        p = nh.from_array(a, name)
    return p


def patch_as_tensor():
    """Makes onnx.reference's tree helper use `*_as_tensor` attributes when given."""
    from onnx.reference.ops.aionnxml import op_tree_ensemble_helper as helper
    original = helper.TreeEnsembleAttributes.add

    def add(self, name, value):
        original(self, name, value)
        if name.endswith("_as_tensor") and value is not None:
            original(self, name[: -len("_as_tensor")], np.asarray(value).tolist())
            setattr(self, name[: -len("_as_tensor")], np.asarray(value, dtype=np.float64))

    helper.TreeEnsembleAttributes.add = add


def run_ort(model, feeds):
    import onnxruntime as ort
    s = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return s.run(None, feeds)


def case(name, op, inputs, outputs, attrs, *, ml_opset=1, input_types=None, output_types=None,
         source="onnx.reference", rtol=1e-4, atol=1e-5, n_outputs=None):
    """Writes one case. `inputs`: dict name -> value; `outputs`: output names."""
    in_types = input_types or {k: tensor_type(v) for k, v in inputs.items()}
    node = h.make_node(op, list(inputs), outputs, domain=ML, **attrs)
    vi_in = [h.make_value_info(k, in_types[k]) for k in inputs]
    # Outputs: declared without types first; typed after the expected values are known.
    tmp_out = [h.make_value_info(o, output_types[o]) if output_types and o in output_types
               else onnx.ValueInfoProto(name=o) for o in outputs]
    graph = h.make_graph([node], name, vi_in, tmp_out)
    model = h.make_model(graph, opset_imports=[h.make_opsetid("", 17), h.make_opsetid(ML, ml_opset)],
                         producer_name="make_ml_fixtures.py")
    model.ir_version = 8
    feeds = {k: (np.asarray(v).astype(object) if isinstance(v, np.ndarray) and v.dtype.kind == "U" else v)
             for k, v in inputs.items()}
    if source == "onnxruntime":
        got = run_ort(model, feeds)
    elif source == "onnx.reference+as_tensor":
        patch_as_tensor()
        got = ReferenceEvaluator(model).run(None, feeds)
    else:
        got = ReferenceEvaluator(model).run(None, feeds)
    # Declare the real output types.
    for k, o in enumerate(outputs):
        if output_types and o in output_types:
            continue
        a = np.asarray(got[k])
        dt = TP.STRING if a.dtype.kind in "OU" else NP_TO_ONNX[a.dtype]
        model.graph.output[k].CopyFrom(h.make_value_info(o, h.make_tensor_type_proto(dt, list(a.shape))))
    onnx.checker.check_model(model)
    folder = os.path.join(HERE, name)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(os.path.join(folder, "test_data_set_0"))
    onnx.save(model, os.path.join(folder, "model.onnx"))
    for k, (n, v) in enumerate(inputs.items()):
        with open(os.path.join(folder, "test_data_set_0", f"input_{k}.pb"), "wb") as f:
            f.write(to_proto(v, n).SerializeToString())
    for k, o in enumerate(outputs):
        v = got[k]
        if isinstance(v, list) and v and isinstance(v[0], dict):
            v = [{key: np.float32(x) for key, x in m.items()} for m in v]  # ZipMap: float values
        if isinstance(v, np.ndarray) and v.dtype.kind == "U":
            v = v.astype(object)
        with open(os.path.join(folder, "test_data_set_0", f"output_{k}.pb"), "wb") as f:
            f.write(to_proto(v, o).SerializeToString())
    with open(os.path.join(folder, "case.json"), "w") as f:
        json.dump({"op": op, "source": source, "rtol": rtol, "atol": atol}, f, indent=1, sort_keys=True)
        f.write("\n")


def f32(*shape):
    return rng.standard_normal(shape).astype(np.float32)


# ---- simple transforms -------------------------------------------------------------

def simple():
    x = f32(4, 5)
    case("array_feature_extractor_float", "ArrayFeatureExtractor",
         {"X": x, "Y": np.array([4, 0, 2], dtype=np.int64)}, ["Z"], {})
    case("array_feature_extractor_string_1d", "ArrayFeatureExtractor",
         {"X": np.array(["a", "b", "c", "d"]), "Y": np.array([3, 1], dtype=np.int64)}, ["Z"], {})
    case("array_feature_extractor_int64_3d", "ArrayFeatureExtractor",
         {"X": rng.integers(-9, 9, (2, 3, 4)).astype(np.int64), "Y": np.array([[1, 3]], dtype=np.int64)}, ["Z"], {})
    case("binarizer_double", "Binarizer", {"X": rng.standard_normal((3, 4))}, ["Y"], {"threshold": 0.25})
    case("binarizer_int64", "Binarizer", {"X": rng.integers(-3, 4, (6,)).astype(np.int64)}, ["Y"], {"threshold": 0.5})
    case("category_mapper_string_to_int", "CategoryMapper", {"X": np.array([["cat", "dog"], ["bird", "cow"]])}, ["Y"],
         {"cats_strings": ["cat", "dog", "cow"], "cats_int64s": [7, 8, 9], "default_int64": 42}, source="onnxruntime")
    case("category_mapper_int_to_string", "CategoryMapper", {"X": np.array([8, 1, 7], dtype=np.int64)}, ["Y"],
         {"cats_strings": ["cat", "dog", "cow"], "cats_int64s": [7, 8, 9]}, source="onnxruntime")
    m = {"a": np.float32(1.5), "c": np.float32(-2.0), "zz": np.float32(9.0)}
    case("dict_vectorizer_string_float", "DictVectorizer", {"X": m}, ["Y"], {"string_vocabulary": ["a", "b", "c"]},
         input_types={"X": h.make_map_type_proto(TP.STRING, h.make_tensor_type_proto(TP.FLOAT, None))},
         source="onnxruntime")
    case("dict_vectorizer_int64_float", "DictVectorizer", {"X": {3: np.float32(0.5), 10: np.float32(2.25)}}, ["Y"],
         {"int64_vocabulary": [10, 2, 3]},
         input_types={"X": h.make_map_type_proto(TP.INT64, h.make_tensor_type_proto(TP.FLOAT, None))},
         source="onnxruntime")
    case("feature_vectorizer", "FeatureVectorizer",
         {"A": f32(3, 2), "B": f32(3, 4), "C": f32(3, 1)}, ["Y"],
         {"inputdimensions": [2, 3, 2]})
    x = f32(5, 3)
    x[[0, 2, 4], [1, 0, 2]] = np.nan
    case("imputer_float_nan", "Imputer", {"X": x}, ["Y"],
         {"imputed_value_floats": [10.0, 20.0, 30.0], "replaced_value_float": float("nan")})
    case("imputer_float_one_value", "Imputer", {"X": x}, ["Y"],
         {"imputed_value_floats": [-1.0], "replaced_value_float": float("nan")})
    case("imputer_int64", "Imputer", {"X": rng.integers(-1, 3, (4, 3)).astype(np.int64)}, ["Y"],
         {"imputed_value_int64s": [7, 8, 9], "replaced_value_int64": -1})
    case("label_encoder_v1_string_to_int", "LabelEncoder", {"X": np.array(["b", "x", "a"])}, ["Y"],
         {"classes_strings": ["a", "b", "c"], "default_int64": -7}, source="onnxruntime")
    case("label_encoder_v2_float_to_string", "LabelEncoder", {"X": np.array([0.5, 1.5, -2.0, 3.0], dtype=np.float32)}, ["Y"],
         {"keys_floats": [0.5, -2.0, 3.0], "values_strings": ["half", "minus two", "three"], "default_string": "?"},
         ml_opset=2)
    case("label_encoder_v2_int_to_float", "LabelEncoder", {"X": np.array([[1, 2], [3, 9]], dtype=np.int64)}, ["Y"],
         {"keys_int64s": [1, 2, 3], "values_floats": [0.25, 0.5, 0.75], "default_float": -1.0}, ml_opset=2)
    case("label_encoder_v4_tensor_int_to_double", "LabelEncoder", {"X": np.array([5, 6, 7], dtype=np.int64)}, ["Y"],
         {"keys_tensor": nh.from_array(np.array([5, 7], dtype=np.int64)),
          "values_tensor": nh.from_array(np.array([1.25, -3.5])),
          "default_tensor": nh.from_array(np.array([99.0]))}, ml_opset=4)
    x = f32(4, 3)
    x[1] = 0
    for norm in ("MAX", "L1", "L2"):
        case(f"normalizer_{norm.lower()}", "Normalizer", {"X": x}, ["Y"], {"norm": norm})
    case("one_hot_encoder_int64", "OneHotEncoder", {"X": np.array([[1, 5], [3, 1]], dtype=np.int64)}, ["Y"],
         {"cats_int64s": [1, 3, 4], "zeros": 1})
    case("one_hot_encoder_string", "OneHotEncoder", {"X": np.array(["b", "a", "c"])}, ["Y"],
         {"cats_strings": ["a", "b", "c"]})
    case("scaler", "Scaler", {"X": f32(4, 3)}, ["Y"], {"offset": [0.5, -1.0, 2.0], "scale": [2.0, 0.5, -1.0]})
    case("scaler_broadcast", "Scaler", {"X": f32(2, 3)}, ["Y"], {"offset": [0.5], "scale": [3.0]})
    labels = np.array([[0.1, 0.7, 0.2], [0.5, 0.25, 0.25]], dtype=np.float32)
    case("zipmap_int64", "ZipMap", {"X": labels}, ["Z"], {"classlabels_int64s": [10, 20, 30]},
         output_types={"Z": seq_map_type(TP.INT64)}, source="onnxruntime")
    case("zipmap_string", "ZipMap", {"X": labels}, ["Z"], {"classlabels_strings": ["x", "y", "z"]},
         output_types={"Z": seq_map_type(TP.STRING)}, source="onnxruntime")


# ---- linear models and SVMs ---------------------------------------------------------

def linear():
    x = f32(6, 4)
    coef = rng.standard_normal(12).astype(np.float32).tolist()
    for pt in ("NONE", "SOFTMAX", "LOGISTIC", "SOFTMAX_ZERO"):
        case(f"linear_classifier_{pt.lower()}", "LinearClassifier", {"X": x}, ["Y", "Z"],
             {"coefficients": coef, "intercepts": [0.1, -0.2, 0.3], "classlabels_ints": [3, 5, 7], "post_transform": pt})
    case("linear_classifier_strings", "LinearClassifier", {"X": x}, ["Y", "Z"],
         {"coefficients": coef, "intercepts": [0.1, -0.2, 0.3], "classlabels_strings": ["a", "b", "c"],
          "post_transform": "SOFTMAX"})
    case("linear_classifier_binary_one_row", "LinearClassifier", {"X": x}, ["Y", "Z"],
         {"coefficients": coef[:4], "intercepts": [0.05], "classlabels_ints": [0, 1], "post_transform": "LOGISTIC"})
    case("linear_regressor_two_targets", "LinearRegressor", {"X": x}, ["Y"],
         {"coefficients": coef[:8], "intercepts": [1.0, -1.0], "targets": 2})
    case("linear_regressor_double", "LinearRegressor", {"X": x.astype(np.float64)}, ["Y"],
         {"coefficients": coef[:4], "intercepts": [0.5]})

    # SVMs on 3 features.
    x = f32(7, 3)
    sv = rng.standard_normal(15).astype(np.float32).tolist()  # 5 support vectors
    svc_common = {"support_vectors": sv, "vectors_per_class": [2, 1, 2], "classlabels_ints": [0, 1, 2]}
    case("svm_classifier_rbf_3class", "SVMClassifier", {"X": x}, ["Y", "Z"],
         {**svc_common, "kernel_type": "RBF", "kernel_params": [0.3, 0.0, 3.0],
          "coefficients": rng.standard_normal(10).astype(np.float32).tolist(), "rho": [0.1, -0.2, 0.05]})
    case("svm_classifier_poly_3class_proba", "SVMClassifier", {"X": x}, ["Y", "Z"],
         {**svc_common, "kernel_type": "POLY", "kernel_params": [0.5, 1.0, 2.0],
          "coefficients": rng.standard_normal(10).astype(np.float32).tolist(), "rho": [0.1, -0.2, 0.05],
          "prob_a": [-1.2, -0.8, -1.5], "prob_b": [0.1, -0.05, 0.2]}, source="onnxruntime")
    case("svm_classifier_sigmoid_binary", "SVMClassifier", {"X": x}, ["Y", "Z"],
         {"support_vectors": sv[:9], "vectors_per_class": [2, 1], "classlabels_ints": [4, 9],
          "kernel_type": "SIGMOID", "kernel_params": [0.2, 0.1, 0.0],
          "coefficients": rng.standard_normal(3).astype(np.float32).tolist(), "rho": [0.3]})
    case("svm_classifier_rbf_binary_proba", "SVMClassifier", {"X": x}, ["Y", "Z"],
         {"support_vectors": sv[:9], "vectors_per_class": [2, 1], "classlabels_strings": ["no", "yes"],
          "kernel_type": "RBF", "kernel_params": [0.4, 0.0, 0.0],
          "coefficients": rng.standard_normal(3).astype(np.float32).tolist(), "rho": [0.3],
          "prob_a": [-1.7], "prob_b": [0.2]}, source="onnxruntime")
    case("svm_classifier_liblinear", "SVMClassifier", {"X": x}, ["Y", "Z"],
         {"coefficients": rng.standard_normal(9).astype(np.float32).tolist(), "rho": [0.25],
          "classlabels_ints": [1, 2, 3], "kernel_type": "LINEAR"})
    case("svm_regressor_rbf", "SVMRegressor", {"X": x}, ["Y"],
         {"support_vectors": sv, "n_supports": 5, "coefficients": rng.standard_normal(5).astype(np.float32).tolist(),
          "rho": [0.5], "kernel_type": "RBF", "kernel_params": [0.25, 0.0, 0.0]})
    case("svm_regressor_linear_mode", "SVMRegressor", {"X": x}, ["Y"],
         {"coefficients": [0.5, -1.0, 2.0], "rho": [0.1], "n_supports": 0})
    case("svm_regressor_one_class_poly", "SVMRegressor", {"X": x}, ["Y"],
         {"support_vectors": sv, "n_supports": 5, "coefficients": rng.standard_normal(5).astype(np.float32).tolist(),
          "rho": [0.5], "kernel_type": "POLY", "kernel_params": [0.5, 0.5, 2.0], "one_class": 1})


# ---- trees ---------------------------------------------------------------------------

def legacy_trees(n_trees, depth, n_features, leaf_values, shuffle=True, nan_true=False):
    """Complete binary trees in the opset 1-3 layout. `leaf_values(tree, node)` gives the
    leaf's [(id, weight)] entries. The root comes first among its tree's nodes."""
    att = {k: [] for k in ("nodes_treeids", "nodes_nodeids", "nodes_featureids", "nodes_modes", "nodes_values",
                           "nodes_truenodeids", "nodes_falsenodeids", "nodes_missing_value_tracks_true")}
    leaf = {"treeids": [], "nodeids": [], "ids": [], "weights": []}
    modes = ["BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT", "BRANCH_EQ", "BRANCH_NEQ"]
    for t in range(n_trees):
        count = 2 ** (depth + 1) - 1
        order = [0] + (list(rng.permutation(np.arange(1, count))) if shuffle else list(range(1, count)))
        for i in order:
            i = int(i)
            is_leaf = i >= 2 ** depth - 1
            att["nodes_treeids"].append(t)
            att["nodes_nodeids"].append(i)
            att["nodes_featureids"].append(0 if is_leaf else int(rng.integers(0, n_features)))
            att["nodes_modes"].append("LEAF" if is_leaf else modes[int(rng.integers(0, 4))])
            att["nodes_values"].append(0.0 if is_leaf else float(np.round(rng.standard_normal() * 0.8, 2)))
            att["nodes_truenodeids"].append(0 if is_leaf else 2 * i + 1)
            att["nodes_falsenodeids"].append(0 if is_leaf else 2 * i + 2)
            att["nodes_missing_value_tracks_true"].append(int(nan_true and not is_leaf and i % 2 == 0))
            if is_leaf:
                for cid, w in leaf_values(t, i):
                    leaf["treeids"].append(t)
                    leaf["nodeids"].append(i)
                    leaf["ids"].append(cid)
                    leaf["weights"].append(float(w))
    return att, leaf


def trees():
    x = f32(9, 4)
    x[0, :] = 0.0
    x[3, 1] = np.nan
    att, leaf = legacy_trees(3, 3, 4, lambda t, i: [(0, rng.standard_normal()), (1, rng.standard_normal())], nan_true=True)
    reg = {**att, "target_treeids": leaf["treeids"], "target_nodeids": leaf["nodeids"], "target_ids": leaf["ids"],
           "target_weights": leaf["weights"], "n_targets": 2}
    for agg in ("SUM", "AVERAGE", "MIN", "MAX"):
        case(f"tree_ensemble_regressor_{agg.lower()}", "TreeEnsembleRegressor", {"X": x}, ["Y"],
             {**reg, "aggregate_function": agg, "base_values": [0.5, -0.5]})
    # Opset 3: double thresholds and weights as tensors, double input.
    xd = rng.standard_normal((9, 4))
    thresholds = np.array(att["nodes_values"], dtype=np.float64) + 1e-9  # not representable in float32
    reg3 = {k: v for k, v in reg.items() if k not in ("nodes_values", "target_weights")}
    reg3["nodes_values_as_tensor"] = nh.from_array(thresholds)
    reg3["target_weights_as_tensor"] = nh.from_array(np.array(leaf["weights"], dtype=np.float64))
    case("tree_ensemble_regressor_double_as_tensor", "TreeEnsembleRegressor", {"X": xd}, ["Y"],
         {**reg3, "aggregate_function": "SUM"}, ml_opset=3, source="onnx.reference+as_tensor")

    # Classifiers: multiclass with every class at every leaf.
    att, leaf = legacy_trees(4, 2, 4, lambda t, i: [(c, abs(rng.standard_normal())) for c in range(3)])
    clf = {**att, "class_treeids": leaf["treeids"], "class_nodeids": leaf["nodeids"], "class_ids": leaf["ids"],
           "class_weights": leaf["weights"]}
    case("tree_ensemble_classifier_multiclass", "TreeEnsembleClassifier", {"X": x}, ["Y", "Z"],
         {**clf, "classlabels_int64s": [10, 20, 30]})
    case("tree_ensemble_classifier_softmax_strings", "TreeEnsembleClassifier", {"X": x}, ["Y", "Z"],
         {**clf, "classlabels_strings": ["a", "b", "c"], "post_transform": "SOFTMAX", "base_values": [0.1, 0.2, -0.3]})
    # Binary (boosting): one class id, logistic.
    att, leaf = legacy_trees(3, 2, 4, lambda t, i: [(0, rng.standard_normal())])
    clf2 = {**att, "class_treeids": leaf["treeids"], "class_nodeids": leaf["nodeids"], "class_ids": leaf["ids"],
            "class_weights": leaf["weights"], "classlabels_int64s": [0, 1]}
    case("tree_ensemble_classifier_binary_logistic", "TreeEnsembleClassifier", {"X": x}, ["Y", "Z"],
         {**clf2, "post_transform": "LOGISTIC", "base_values": [0.25]})
    case("tree_ensemble_classifier_binary_none", "TreeEnsembleClassifier", {"X": x}, ["Y", "Z"], clf2)

    # TreeEnsemble (opset 5): two trees, every comparison mode, one membership node.
    # Tree 0: node0 (LEQ f0) -> node1 (MEMBER f1) | leaf0; node1 -> leaf1 | node2 (NEQ f2) -> leaf2 | leaf3.
    # Tree 1: node3 (GT f3) -> node4 (EQ f0) | leaf4; node4 -> leaf5 | node5 (LT f1) -> leaf6 | leaf7.
    xs = f32(8, 4)
    xs[:, 1] = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 2.0, np.nan, 1.0], dtype=np.float32)
    xs[2, 0] = 0.5
    xs[5, 2] = 0.25
    v5 = dict(
        nodes_featureids=[0, 1, 2, 3, 0, 1],
        nodes_modes=nh.from_array(np.array([0, 6, 5, 3, 4, 1], dtype=np.uint8)),
        nodes_splits=nh.from_array(np.array([0.3, 0.0, 0.25, -0.1, 0.5, 2.5], dtype=np.float32)),
        nodes_truenodeids=[1, 1, 2, 4, 5, 6], nodes_trueleafs=[0, 1, 1, 0, 1, 1],
        nodes_falsenodeids=[0, 2, 3, 4, 5, 7], nodes_falseleafs=[1, 0, 1, 1, 0, 1],
        nodes_missing_value_tracks_true=[0, 1, 0, 0, 0, 1],
        membership_values=nh.from_array(np.array([1.0, 2.0, np.nan], dtype=np.float32)),
        leaf_targetids=[0, 1, 2, 0, 1, 2, 0, 1],
        leaf_weights=nh.from_array(np.array([1.0, 10.0, 100.0, 1000.0, -1.0, -10.0, 0.5, 5.0], dtype=np.float32)),
        tree_roots=[0, 3], n_targets=3)
    for agg, name in ((1, "sum"), (0, "average"), (2, "min"), (3, "max")):
        case(f"tree_ensemble_v5_{name}", "TreeEnsemble", {"X": xs}, ["Y"], {**v5, "aggregate_function": agg,
             "post_transform": 0}, ml_opset=5)
    v5d = dict(v5, nodes_splits=nh.from_array(np.array([0.3, 0.0, 0.25, -0.1, 0.5, 2.5])),
               leaf_weights=nh.from_array(np.array([1.0, 10.0, 100.0, 1000.0, -1.0, -10.0, 0.5, 5.0])),
               membership_values=nh.from_array(np.array([1.0, 2.0, np.nan])))
    case("tree_ensemble_v5_double", "TreeEnsemble", {"X": xs.astype(np.float64)}, ["Y"],
         {**v5d, "aggregate_function": 1, "post_transform": 0}, ml_opset=5)


if __name__ == "__main__":
    simple()
    linear()
    trees()
    print("wrote", len([d for d in os.listdir(HERE) if os.path.isdir(os.path.join(HERE, d))]), "cases")
