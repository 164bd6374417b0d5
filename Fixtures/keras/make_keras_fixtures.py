"""Keras fixtures for `parity convert`: small models covering the layer families, saved as
.keras, Keras 3 legacy .h5 and (synthesised) tf.keras 2.x .h5, each with Keras' own outputs.

Why: the Swift converter reads these files with libhdf5, builds ONNX, and the tests run
that ONNX on Parity's runtime and compare with what Keras computed here. Expected values
come from Keras 3 itself (torch backend, no TensorFlow), `model(x, training=False)`.

Every model's weights are seeded random values (BatchNorm statistics included, so that
folding is really tested). For each case NAME this writes:
  NAME.keras / NAME.h5          the model (some cases both)
  NAME.io.npz                   in_0..in_K (seeded inputs, batch 2), out_0..out_M (Keras' outputs)
Refusal and corruption fixtures: refuse_lambda_custom.keras (a Lambda and a custom class),
missing_weights.h5 (one layer's weight group deleted), weights_only.weights.h5.

Run: KERAS_BACKEND=torch .venv/bin/python Fixtures/keras/make_keras_fixtures.py
"""
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "torch")
import json  # noqa: E402

import h5py  # noqa: E402
import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers as L  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 0


def randomize(model, rng):
    """Seeded random weights everywhere; positive variances."""
    for layer in model.layers:
        if isinstance(layer, keras.Model):
            randomize(layer, rng)
            continue
        new = []
        for v in layer.weights:
            shape = tuple(v.shape)
            name = v.path if hasattr(v, "path") else v.name
            if "int" in str(v.dtype):
                new.append(np.asarray(v.numpy()))
            elif "variance" in name:
                new.append(rng.uniform(0.5, 1.5, shape).astype("float32"))
            else:
                new.append((rng.standard_normal(shape) * 0.3).astype("float32"))
        if new:
            layer.set_weights(new)


def inputs_for(model, rng, batch=2):
    xs = []
    for t in model.inputs:
        shape = (batch,) + tuple(t.shape[1:])
        if "int" in str(t.dtype):
            xs.append(rng.integers(0, 10, shape).astype(str(t.dtype)))
        else:
            xs.append(rng.standard_normal(shape).astype("float32"))
    return xs


def save(model, name, formats=("keras", "h5"), prepare=None):
    rng = np.random.default_rng(SEED)
    randomize(model, rng)
    xs = inputs_for(model, rng)
    if prepare:
        xs = prepare(xs)
    ys = model(xs if len(xs) > 1 else xs[0], training=False)
    if not isinstance(ys, (list, tuple)):
        ys = [ys]
    arrays = {f"in_{i}": x for i, x in enumerate(xs)}
    arrays.update({f"out_{i}": np.asarray(keras.ops.convert_to_numpy(y), dtype="float32") for i, y in enumerate(ys)})
    np.savez(os.path.join(HERE, f"{name}.io.npz"), **arrays)
    for f in formats:
        model.save(os.path.join(HERE, f"{name}.{f}"))
    print(name, [os.path.getsize(os.path.join(HERE, f"{name}.{f}")) for f in formats])


def mlp():
    return keras.Sequential([keras.Input((12,)), L.Dense(16, activation="relu"), L.Dropout(0.3),
                             L.Dense(8), L.BatchNormalization(), L.Dense(4, activation="softmax")], name="mlp")


def cnn_bn():
    inp = keras.Input((16, 16, 3), name="image")
    x = L.Conv2D(8, 3, padding="same", use_bias=False)(inp)
    x = L.BatchNormalization()(x)
    x = L.ReLU(max_value=6.0)(x)
    x = L.MaxPooling2D()(x)
    x = L.DepthwiseConv2D(3, padding="same", depth_multiplier=2)(x)
    x = L.BatchNormalization()(x)
    x = L.Activation("swish")(x)
    x = L.SeparableConv2D(12, 3, strides=2, padding="same")(x)
    x = L.BatchNormalization()(x)
    x = L.Activation("relu")(x)
    x = L.Conv2D(10, 3, strides=2, padding="valid", dilation_rate=1, activation="elu")(x)
    x = L.GlobalAveragePooling2D()(x)
    out = L.Dense(5, name="logits")(x)
    return keras.Model(inp, out, name="cnn_bn")


def resnet_block():
    inp = keras.Input((12, 12, 4), name="x")
    a = L.Conv2D(6, 3, padding="same")(inp)
    a = L.BatchNormalization()(a)
    b = L.Conv2D(6, 1)(inp)
    x = L.Add()([a, b])
    x = L.Activation("relu")(x)
    c = L.Conv2D(3, 3, padding="same", activation="tanh")(x)
    x = L.Concatenate()([x, c])
    x = L.ZeroPadding2D(((1, 2), (0, 1)))(x)
    x = L.Cropping2D(((0, 1), (1, 0)))(x)
    x = L.AveragePooling2D(pool_size=3, strides=2, padding="same")(x)
    x = L.UpSampling2D(size=(2, 2))(x)
    x = L.Conv2D(4, 2, strides=2, groups=1)(x)
    x = L.UpSampling2D(interpolation="bilinear")(x)
    p = L.GlobalMaxPooling2D(keepdims=True)(x)
    x = L.Multiply()([x, p])
    x = L.Flatten()(x)
    out = L.Dense(6, activation="sigmoid")(x)
    return keras.Model(inp, out, name="resnet_block")


ACTIVATIONS = ["relu", "sigmoid", "tanh", "softmax", "swish", "silu", "gelu", "elu", "selu", "softplus", "softsign",
               "hard_sigmoid", "hard_swish", "hard_silu", "leaky_relu", "relu6", "exponential", "linear", "mish",
               "log_softmax", "celu", "hard_tanh", "tanh_shrink", "log_sigmoid"]
# ONNX Shrink, which Parity's runtime lacks so far: checked with onnxruntime only.
SHRINK = ["hard_shrink", "soft_shrink"]


def activations():
    inp = keras.Input((10,), name="v")
    h = L.Dense(10)(inp)
    branches = [L.Activation(a, name=f"act_{a}")(h) for a in ACTIVATIONS]
    branches += [L.ReLU(max_value=1.5, negative_slope=0.1, threshold=0.2)(h), L.ReLU(threshold=0.3)(h),
                 L.ReLU(negative_slope=0.2)(h), L.LeakyReLU(negative_slope=0.15)(h), L.PReLU()(h), L.ELU(alpha=0.7)(h),
                 L.Softmax()(h)]
    out = L.Concatenate(name="all")(branches)
    return keras.Model(inp, out, name="activations")


def shrink():
    inp = keras.Input((10,), name="v")
    out = L.Concatenate()([L.Activation(a)(inp) for a in SHRINK])
    return keras.Model(inp, out, name="shrink")


def conv1d():
    inp = keras.Input((20, 3), name="seq")
    x = L.Conv1D(6, 3, padding="causal", dilation_rate=2, activation="relu")(inp)
    x = L.Conv1D(6, 3, padding="same")(x)
    x = L.BatchNormalization()(x)
    x = L.MaxPooling1D(2)(x)
    x = L.ZeroPadding1D((1, 2))(x)
    x = L.Cropping1D((2, 0))(x)
    x = L.UpSampling1D(2)(x)
    x = L.SeparableConv1D(5, 3, padding="valid")(x)
    x = L.DepthwiseConv1D(3, padding="same")(x)
    x = L.AveragePooling1D(3, strides=2, padding="same")(x)
    g1 = L.GlobalAveragePooling1D()(x)
    g2 = L.GlobalMaxPooling1D()(x)
    out = L.Concatenate()([g1, g2])
    return keras.Model(inp, out, name="conv1d")


def multi_io():
    a = keras.Input((6,), name="a")
    b = keras.Input((6,), name="b")
    shared = L.Dense(8, activation="tanh", name="shared")
    ha, hb = shared(a), shared(b)
    s = L.Subtract()([ha, hb])
    m = L.Multiply()([ha, hb])
    av = L.Average()([ha, hb, s])
    mx = L.Maximum()([ha, hb])
    mn = L.Minimum()([ha, hb])
    total = L.Add()([s, m, av, mx, mn])
    r = L.Reshape((2, 4))(total)
    r = L.Permute((2, 1))(r)
    r = L.LayerNormalization()(r)
    r = L.Rescaling(0.5, offset=0.25)(r)
    norm = L.Normalization(axis=-1)
    norm.adapt(np.random.default_rng(1).standard_normal((32, 4, 2)).astype("float32") * 3 + 1)
    r = norm(r)
    out1 = L.Flatten(name="flat")(r)
    out2 = L.Dense(3, name="head")(total)
    return keras.Model([a, b], [out1, out2], name="multi_io")


def embedding():
    inp = keras.Input((7,), dtype="int32", name="tokens")
    x = L.Embedding(10, 6)(inp)
    x = L.Conv1D(4, 2, activation="relu")(x)
    x = L.GlobalAveragePooling1D()(x)
    out = L.Dense(2)(x)
    return keras.Model(inp, out, name="embedding")


def channels_first():
    inp = keras.Input((3, 10, 10), name="chw")
    x = L.Conv2D(4, 3, padding="same", data_format="channels_first")(inp)
    x = L.BatchNormalization(axis=1)(x)
    x = L.MaxPooling2D(data_format="channels_first")(x)
    x = L.Conv2D(5, 3, data_format="channels_first", activation="relu")(x)
    x = L.GlobalAveragePooling2D(data_format="channels_first")(x)
    out = L.Dense(3)(x)
    return keras.Model(inp, out, name="channels_first")


def nested():
    inner = keras.Sequential([keras.Input((8,)), L.Dense(6, activation="relu"), L.Dense(4)], name="inner")
    inp = keras.Input((8,), name="x")
    y1 = inner(inp)
    y2 = L.Dense(4)(inp)
    out = L.Add()([y1, y2])
    return keras.Model(inp, out, name="nested")


def conv3d():
    inp = keras.Input((6, 6, 6, 2), name="vol")
    x = L.Conv3D(3, 3, padding="same", activation="relu")(inp)
    x = L.MaxPooling3D(2)(x)
    x = L.UpSampling3D(2)(x)
    x = L.ZeroPadding3D(1)(x)
    x = L.Cropping3D(1)(x)
    x = L.AveragePooling3D(2)(x)
    x = L.GlobalAveragePooling3D()(x)
    out = L.Dense(2)(x)
    return keras.Model(inp, out, name="conv3d")


def tf_keras2_h5(src_h5, dst):
    """Rewrites a Keras 3 legacy .h5 in the tf.keras 2.x layout: keras_version 2.15.0,
    backend tensorflow, Keras 2 config (inbound_nodes as [[[name, node, tensor, {}]]],
    batch_input_shape), weight names with ':0'."""
    with h5py.File(src_h5, "r") as s, h5py.File(dst, "w") as d:
        cfg = json.loads(s.attrs["model_config"])

        def k2(layer):
            c = dict(layer["config"])
            if layer["class_name"] == "InputLayer":
                c["batch_input_shape"] = c.pop("batch_shape")
            if isinstance(c.get("dtype"), dict):
                c["dtype"] = c["dtype"]["config"]["name"]
            out = {"class_name": layer["class_name"], "config": c, "name": layer.get("name", c.get("name"))}
            if "inbound_nodes" in layer:
                nodes = []
                for n in layer["inbound_nodes"]:
                    args = n["args"][0] if isinstance(n["args"][0], list) else [n["args"][0]]
                    nodes.append([[a["config"]["keras_history"][0], a["config"]["keras_history"][1],
                                   a["config"]["keras_history"][2], {}] for a in args])
                out["inbound_nodes"] = nodes
            return out

        c = cfg["config"]
        c["layers"] = [k2(l) for l in c["layers"]]
        if cfg["class_name"] == "Functional":
            cfg["class_name"] = "Functional"
            for key in ("input_layers", "output_layers"):
                v = c[key]
                c[key] = [v] if v and isinstance(v[0], str) else v
        d.attrs["model_config"] = json.dumps(cfg).encode()
        d.attrs["keras_version"] = b"2.15.0"
        d.attrs["backend"] = b"tensorflow"
        mw = d.create_group("model_weights")
        names = [n for n in s["model_weights"].attrs["layer_names"]]
        mw.attrs["layer_names"] = np.array([n.encode() if isinstance(n, str) else n for n in names], dtype="S")
        mw.attrs["keras_version"] = b"2.15.0"
        mw.attrs["backend"] = b"tensorflow"
        for n in names:
            n = n.decode() if isinstance(n, bytes) else n
            sg = s["model_weights"][n]
            g = mw.create_group(n)
            wn = [w.decode() if isinstance(w, bytes) else w for w in sg.attrs["weight_names"]]
            new = [w + ":0" for w in wn]
            g.attrs["weight_names"] = np.array([w.encode() for w in new], dtype="S") if new else np.array([], dtype="S")
            for w, nw in zip(wn, new):
                g.create_dataset(nw, data=sg[w][()])


def rnn():
    inp = keras.Input((7, 3), name="seq")
    a = L.LSTM(4, return_sequences=True)(inp)
    b, h, c = L.LSTM(3, return_state=True, go_backwards=True, recurrent_activation="hard_sigmoid", name="lstm_state")(a)
    s = L.GRU(5, return_sequences=True)(inp)
    s = L.GRU(4, return_sequences=True, reset_after=False, go_backwards=True, activation="relu", name="gru_v1")(s)
    g, gh = L.GRU(3, return_state=True, use_bias=False, name="gru_state")(s)
    r, rh = L.SimpleRNN(3, return_sequences=True, return_state=True, name="rnn_state")(s)
    r2 = L.SimpleRNN(2, go_backwards=True, activation="relu", use_bias=False, name="rnn_back")(s)
    r3 = L.SimpleRNN(2, return_sequences=True, go_backwards=True, activation="sigmoid", name="rnn_back_seq")(a)
    return keras.Model(inp, [b, h, c, g, gh, r, rh, r2, r3], name="rnn")


def bidirectional():
    inp = keras.Input((6, 4), name="seq")
    a = L.Bidirectional(L.LSTM(3, return_sequences=True), name="bi_concat")(inp)
    b = L.Bidirectional(L.GRU(2), merge_mode="sum", name="bi_sum")(a)
    c = L.Bidirectional(L.SimpleRNN(3, return_sequences=True), merge_mode="mul", name="bi_mul")(inp)
    d = L.Bidirectional(L.LSTM(2), merge_mode="ave", name="bi_ave")(c)
    e1, e2 = L.Bidirectional(L.GRU(2, reset_after=False, return_sequences=True), merge_mode=None, name="bi_none")(inp)
    f, fh, fc, bh, bc = L.Bidirectional(L.LSTM(2, return_state=True), name="bi_state")(inp)
    return keras.Model(inp, [a, b, c, d, e1, e2, f, fh, fc, bh, bc], name="bidirectional")


def time_distributed():
    inp = keras.Input((4, 6, 6, 2), name="frames")
    x = L.TimeDistributed(L.Conv2D(3, 3, activation="relu"))(inp)
    x = L.TimeDistributed(L.MaxPooling2D())(x)
    x = L.TimeDistributed(L.Flatten())(x)
    x = L.TimeDistributed(L.Dense(5))(x)
    x = L.LSTM(3)(x)
    y = L.RepeatVector(4)(x)
    return keras.Model(inp, [x, y], name="time_distributed")


def masking():
    inp = keras.Input((6, 3), name="seq")
    x = L.Masking(mask_value=0.0)(inp)
    x = L.Dense(4, activation="tanh")(x)
    return keras.Model(inp, x, name="masking")


def mask_some_steps(xs):
    x = xs[0].copy()
    x[0, 2, :] = 0.0
    x[1, 4:, :] = 0.0
    x[1, 0, 1] = 0.0  # one zero feature: not masked
    return [x]


def refuse_masked_lstm():
    inp = keras.Input((6, 3), name="seq")
    x = L.Masking()(inp)
    x = L.Dense(4)(x)
    out = L.LSTM(2)(x)
    m = keras.Model(inp, out, name="masked_lstm")
    m.save(os.path.join(HERE, "refuse_masked_lstm.keras"))


def conv_transpose():
    a = keras.Input((7, 3), name="seq")
    b = keras.Input((5, 6, 3), name="image")
    c = keras.Input((3, 4, 3, 2), name="volume")
    x1 = L.Conv1DTranspose(4, 3, strides=2, padding="same")(a)
    x1 = L.Conv1DTranspose(2, 2, strides=3, padding="valid", activation="relu")(x1)
    y1 = L.Conv2DTranspose(4, 3, strides=2, padding="same")(b)
    y1 = L.Conv2DTranspose(3, (2, 3), strides=(2, 1), padding="valid", dilation_rate=1)(y1)
    y2 = L.Conv2DTranspose(2, 4, strides=2, padding="same", use_bias=False)(b)
    y3 = L.Conv2DTranspose(2, 3, strides=2, padding="valid", output_padding=1)(b)
    y4 = L.Conv2DTranspose(2, 3, dilation_rate=2, padding="same")(b)
    z = L.Conv3DTranspose(2, 3, strides=(1, 2, 2), padding="same")(c)
    return keras.Model([a, b, c], [x1, y1, y2, y3, y4, z], name="conv_transpose")


def attention():
    q = keras.Input((5, 8), name="query")
    kv = keras.Input((7, 6), name="context")
    cross = L.MultiHeadAttention(2, 4, name="cross")(q, kv)
    selfatt, scores = L.MultiHeadAttention(3, 2, value_dim=5, output_shape=6, name="self")(q, q, use_causal_mask=True,
                                                                                          return_attention_scores=True)
    three = L.MultiHeadAttention(2, 3, use_bias=False, name="qkv")(q, kv, kv)
    e1 = L.EinsumDense("abc,cd->abd", output_shape=(None, 6), bias_axes="d", name="ed_bias_last")(kv)
    e2 = L.EinsumDense("...b,bc->...c", output_shape=5, bias_axes="c", activation="relu", name="ed_ellipsis")(q)
    e3 = L.EinsumDense("abc,cde->abde", output_shape=(None, 2, 3), bias_axes="de", name="ed_heads")(q)
    return keras.Model([q, kv], [cross, selfatt, scores, three, e1, e2, e3], name="attention")


def misc_layers():
    img = keras.Input((8, 8, 4), name="image")
    vec = keras.Input((6,), name="vec")
    seq = keras.Input((5, 6), name="seq")
    g = L.Conv2D(6, 3, padding="same")(img)
    g = L.GroupNormalization(groups=3, name="gn_conv")(g)
    g2 = L.GroupNormalization(groups=2, axis=-1, scale=False, name="gn_seq")(seq)
    u = L.UnitNormalization(name="unit_last")(seq)
    u2 = L.UnitNormalization(axis=[1, 2], name="unit_two")(seq)
    r = L.RepeatVector(3)(vec)
    d1 = L.Dot(axes=1, normalize=True, name="cosine")([vec, vec])
    d2 = L.Dot(axes=(2, 2), name="dot_seq")([seq, seq])
    d3 = L.Dot(axes=(1, 2), name="dot_mixed")([vec, seq])
    return keras.Model([img, vec, seq], [g, g2, u, u2, r, d1, d2, d3], name="misc_layers")


def image_ops():
    img = keras.Input((9, 7, 3), name="image")
    a = L.Resizing(12, 10, interpolation="bilinear", name="up_bilinear")(img)
    b = L.Resizing(5, 4, interpolation="nearest", name="down_nearest")(img)
    c = L.Resizing(11, 14, interpolation="nearest", name="up_nearest")(img)
    d = L.Resizing(6, 6, interpolation="bilinear", name="down_bilinear")(img)
    e = L.Resizing(13, 9, interpolation="bicubic", name="up_bicubic")(img)
    f = L.CenterCrop(5, 4)(img)
    x = L.Conv2D(4, 3)(img)
    h = L.CenterCrop(4, 4, name="crop_conv")(x)
    return keras.Model(img, [a, b, c, d, e, f, h], name="image_ops")


def op_layers():
    """Keras 3 op layers with number arguments (saved as keras.src.ops.numpy.Add etc.) and
    ConvNeXt's LayerScale, as keras.applications use them."""
    from keras.src.applications.convnext import LayerScale

    inp = keras.Input((4, 4, 3), name="x")
    h = L.Conv2D(6, 1)(inp)
    a = h + 3.0
    b = 0.5 * h
    c = 2.0 - h
    d = keras.ops.maximum(h, 0.1)
    e = h - 1
    f = LayerScale(1e-6, 6)(h)
    return keras.Model(inp, [a, b, c, d, e, f], name="op_layers")


NEW_ACTIVATIONS = ["glu", "sparsemax", "squareplus", "sparse_plus", "sparse_sigmoid"]


def activations2():
    inp = keras.Input((10,), name="v")
    h = L.Dense(10)(inp)
    branches = [L.Activation(a, name=f"act_{a}")(h) for a in NEW_ACTIVATIONS]
    branches.append(L.Dense(4, activation="sparsemax", name="dense_sparsemax")(h))
    out = L.Concatenate(name="all")(branches)
    return keras.Model(inp, out, name="activations2")


@keras.saving.register_keras_serializable(package="fixtures")
class TimesTwo(L.Layer):
    def call(self, x):
        return x * 2


def refusals():
    inp = keras.Input((4,), name="x")
    x = L.Dense(4)(inp)
    x = L.Lambda(lambda t: t + 1, name="plus_one")(x)
    x = TimesTwo(name="times_two")(x)
    out = L.Dense(2)(x)
    m = keras.Model(inp, out, name="refuse")
    m.save(os.path.join(HERE, "refuse_lambda_custom.keras"))
    m.save(os.path.join(HERE, "refuse_lambda_custom.h5"))


def main():
    keras.utils.set_random_seed(SEED)
    save(mlp(), "mlp")
    save(cnn_bn(), "cnn_bn")
    save(resnet_block(), "resnet_block")
    save(activations(), "activations", formats=("keras",))
    save(shrink(), "shrink", formats=("keras",))
    save(conv1d(), "conv1d", formats=("keras",))
    save(multi_io(), "multi_io")
    save(embedding(), "embedding", formats=("keras",))
    save(channels_first(), "channels_first", formats=("h5",))
    save(nested(), "nested")
    save(conv3d(), "conv3d", formats=("keras",))
    save(rnn(), "rnn")
    save(bidirectional(), "bidirectional")
    save(time_distributed(), "time_distributed")
    save(masking(), "masking", formats=("keras",), prepare=mask_some_steps)
    save(conv_transpose(), "conv_transpose", formats=("keras",))
    save(attention(), "attention")
    save(misc_layers(), "misc_layers", formats=("keras",))
    save(image_ops(), "image_ops", formats=("keras",))
    save(activations2(), "activations2", formats=("keras",))
    save(op_layers(), "op_layers", formats=("keras",))
    refuse_masked_lstm()
    # tf.keras 2.x layout, from the Keras 3 files just written (same weights, same outputs).
    for name in ("mlp", "cnn_bn", "multi_io"):
        tf_keras2_h5(os.path.join(HERE, f"{name}.h5"), os.path.join(HERE, f"{name}.tfkeras2.h5"))
    refusals()
    # One layer's weights missing.
    import shutil
    shutil.copy(os.path.join(HERE, "mlp.h5"), os.path.join(HERE, "missing_weights.h5"))
    with h5py.File(os.path.join(HERE, "missing_weights.h5"), "a") as f:
        names = [n for n in f["model_weights"].attrs["layer_names"]]
        victim = [n for n in names if (n.decode() if isinstance(n, bytes) else n).startswith("dense")][-1]
        victim = victim.decode() if isinstance(victim, bytes) else victim
        del f["model_weights"][victim]
    mlp_model = keras.saving.load_model(os.path.join(HERE, "mlp.keras"))
    mlp_model.save_weights(os.path.join(HERE, "weights_only.weights.h5"))


if __name__ == "__main__":
    sys.exit(main())
