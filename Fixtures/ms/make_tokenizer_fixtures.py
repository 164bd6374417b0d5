"""Single-node com.microsoft Tokenizer test cases for Parity's Swift runtime
(Sources/Runtime/Ops/Microsoft/Tokenizer.swift).

Why: Tokenizer is an onnxruntime contrib op (skl2onnx's CountVectorizer/TfidfVectorizer
graphs use it) with no case in the onnx backend suite; these cases cover its modes
(tokenexp, regex separators applied in turn, character tokenization), `mark`, `pad_value`,
`mincharnum`, [C] and [N, C] inputs, rows without tokens and empty inputs.

What computed the expected values: onnxruntime (CPUExecutionProvider), which implements
the op. Each case is a folder: model.onnx, test_data_set_0/input_0.pb and output_0.pb
(TensorProto), and case.json naming the op and the source.

Run from the repository root with the project's venv:
    .venv/bin/python Fixtures/ms/make_tokenizer_fixtures.py
Seeded: the output is the same on every run.
"""
from __future__ import annotations

import json
import os
import shutil

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto as TP
from onnx import helper as h
from onnx import numpy_helper as nh

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20261122)
WORDS = ["model", "parity", "onnx", "swift", "Tree", "forest", "a", "x9", "kernel_2", "über", "straße"]
PUNCT = [" ", "  ", ". ", ", ", "; ", "!", "-", "(", ")", "\n", "'"]


def sentence(lo=0, hi=8):
    n = int(rng.integers(lo, hi))
    return "".join(str(rng.choice(WORDS)) + str(rng.choice(PUNCT)) for _ in range(n)).strip()


def case(name, x, **attrs):
    x = np.array(x, dtype=object)
    node = h.make_node("Tokenizer", ["x"], ["y"], domain="com.microsoft", **attrs)
    graph = h.make_graph([node], name, [h.make_tensor_value_info("x", TP.STRING, [None] * x.ndim)],
                         [h.make_tensor_value_info("y", TP.STRING, None)])
    model = h.make_model(graph, opset_imports=[h.make_opsetid("", 21), h.make_opsetid("com.microsoft", 1)])
    model.ir_version = 10
    sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    y = sess.run(None, {"x": x})[0]
    d = os.path.join(HERE, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(os.path.join(d, "test_data_set_0"))
    onnx.save(model, os.path.join(d, "model.onnx"))
    for fname, arr, tname in (("input_0.pb", x, "x"), ("output_0.pb", y, "y")):
        t = nh.from_array(np.asarray(arr, dtype=object), tname)
        if arr.size == 0:  # from_array cannot infer an empty object array's type
            t = h.make_tensor(tname, TP.STRING, list(arr.shape), [])
        with open(os.path.join(d, "test_data_set_0", fname), "wb") as f:
            f.write(t.SerializeToString())
    with open(os.path.join(d, "case.json"), "w") as f:
        json.dump({"op": "Tokenizer", "source": "onnxruntime " + ort.__version__,
                   "attributes": {k: v for k, v in attrs.items()}, "output_shape": list(y.shape)},
                  f, indent=1, sort_keys=True, ensure_ascii=False)
        f.write("\n")
    print(name, x.shape, "->", y.shape)


def main():
    base = dict(mark=0, pad_value="#", mincharnum=1)
    docs = [sentence(1, 9) for _ in range(6)]
    # skl2onnx's TfidfVectorizer/CountVectorizer: tokenexp, [N, 1] input (after a Reshape)
    case("tokenizer_tokenexp_skl2onnx", np.array(docs).reshape(-1, 1), tokenexp="[a-zA-Z0-9_]+", **base)
    case("tokenizer_tokenexp_1d_mark", docs[:4], tokenexp="[a-zA-Z0-9_]+", mark=1, pad_value="<pad>", mincharnum=1)
    case("tokenizer_tokenexp_mincharnum", docs, tokenexp="[^ .,;!()\\n'-]+", mark=0, pad_value="", mincharnum=3)
    case("tokenizer_tokenexp_word_boundary", ["ab cde f gh", "x yz", "Straße über ok"], tokenexp="\\b\\w\\w\\b", **base)
    case("tokenizer_tokenexp_anchor", ["abc def", "xyz"], tokenexp="^[a-z]", **base)
    # skl2onnx's separators: escaped punctuation, applied one after the other
    seps = [" ", "\\.", "\\?", ",", ";", ":", "\\!", "\\(", "\\)", "\n", "\"", "'", "-", "\\[", "\\]", "@"]
    case("tokenizer_separators_skl2onnx", np.array(docs).reshape(2, 3), separators=seps, **base)
    case("tokenizer_separators_mark_mincharnum", docs, separators=[" ", "[.,;!]"], mark=1, pad_value="#", mincharnum=2)
    case("tokenizer_separators_in_order", ["ab-cd ef", "abc", "ab  cd"], separators=[" ", "-", "c", "^a"], **base)
    case("tokenizer_separators_multichar", ["a--b---c", "--", "d"], separators=["--"], **base)
    # one token per Unicode scalar
    case("tokenizer_chars_separators", ["abc", "dé", "", "straße"], separators=[""], **base)
    case("tokenizer_chars_tokenexp_mark", [["ab", "c"], ["", "ü"]], tokenexp=".", mark=1, pad_value="_", mincharnum=1)
    # rows without tokens, empty inputs
    case("tokenizer_no_tokens_mark", ["", "...", ""], tokenexp="[a-z]+", mark=1, pad_value="#", mincharnum=1)
    case("tokenizer_some_rows_empty_mark", ["aa bb cc", "", "dd"], separators=[" "], mark=1, pad_value="<p>", mincharnum=1)
    case("tokenizer_empty_1d", np.zeros((0,), dtype=object), tokenexp="[a-z]+", **base)
    case("tokenizer_empty_2d", np.zeros((0, 3), dtype=object), tokenexp="[a-z]+", **base)
    case("tokenizer_empty_columns", np.zeros((2, 0), dtype=object), separators=[" "], **base)


if __name__ == "__main__":
    main()
