"""Torch frontend for Parity: build or load a model, export it to ONNX, and compute
torch's own outputs on seeded inputs as the parity reference.

Called from Swift (Frontends/Torch) through the embedded interpreter. Arguments and
results are plain Python values and numpy arrays.
"""
import contextlib
import difflib
import io
import math
import os
import re
import time

DEFAULT_IMAGE_SHAPE = (3, 224, 224)
# torchvision classifiers whose stem expects another resolution.
IMAGE_SHAPE_OVERRIDES = {"inception_v3": (3, 299, 299)}
# A healthy reference has logits with a standard deviation in this range.
HEALTHY_STD = (0.1, 10.0)
# Logits outside this narrower band are rescaled to TARGET_STD, so that other inputs than
# the probe batch stay well inside HEALTHY_STD.
RESCALE_OUTSIDE = (0.3, 3.0)
TARGET_STD = 1.0


_LAST_MODEL = [None]


def last_model():
    """The torch module of the last export_check call (for `parity bench`)."""
    return _LAST_MODEL[0]


class ParityUsageError(Exception):
    """A problem with what the user asked for (unknown model, bad shape); exit code 2."""


def classification_models():
    """Names of torchvision's classification models."""
    import torchvision

    return sorted(torchvision.models.list_models(module=torchvision.models))


def model_names():
    """Every name `export-check --from torch` and `bench --from torch` accept."""
    return sorted(classification_models() + list(_NAMED_MODELS))


def resolve_model_name(name):
    names = model_names()
    if name in names:
        return name
    close = difflib.get_close_matches(name.lower(), names, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise ParityUsageError(f"unknown torch model '{name}'{hint} (`parity export-check --list-models --from torch` lists all)")


def _seeded_batches(shape, batch, count, seed):
    """Seeded standard-normal float32 batches, made by numpy so that Swift could remake them."""
    import numpy as np

    rng = np.random.default_rng(seed)
    return [rng.standard_normal((batch,) + tuple(shape), dtype=np.float32) for _ in range(count)]


def _heads(model, probe):
    """The Linear/Conv modules in the order the forward pass runs them."""
    import torch

    order = []
    hooks = [m.register_forward_hook(lambda mod, _i, _o: order.append(mod))
             for m in model.modules() if isinstance(m, (torch.nn.Linear, torch.nn.Conv2d, torch.nn.Conv1d))]
    try:
        with torch.no_grad():
            model(probe)
    finally:
        for h in hooks:
            h.remove()
    return order


def _logits(out):
    import torch

    if isinstance(out, torch.Tensor):
        return out
    if hasattr(out, "logits"):
        return out.logits
    if isinstance(out, (tuple, list)) and out and isinstance(out[0], torch.Tensor):
        return out[0]
    raise ParityUsageError(f"model output of type {type(out).__name__} is not a tensor")


def healthy_initialisation(model, shape, seed):
    """Make a randomly initialised model's logits discriminate (std between 0.1 and 10).

    Untrained torchvision models are traps: some give outputs near 1e-14 (any atol
    passes), some exactly zero (vit's head starts at zero), deep ones explode to 1e12.
    Three seeded steps fix that without changing the architecture:
    1. weight matrices that are all zero are re-drawn from N(0, 1/fan_in);
    2. BatchNorm running statistics are calibrated on seeded batches (cumulative mean,
       train mode), so every normalised activation has unit scale in eval mode;
    3. the layer that produces the logits is rescaled so their std is 1.
    Returns the notes that explain what was changed.
    """
    import torch

    notes = []
    g = torch.Generator().manual_seed(seed + 1)
    with torch.no_grad():
        for pname, p in model.named_parameters():
            if p.dim() >= 2 and p.numel() > 1 and bool((p == 0).all()):
                fan_in = p[0].numel()
                p.copy_(torch.randn(p.shape, generator=g) / math.sqrt(fan_in))
                notes.append(f"{pname}: all zero, re-drawn from N(0, 1/{fan_in})")

    bns = [m for m in model.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    if bns:
        saved = [m.momentum for m in bns]
        for m in bns:
            m.reset_running_stats()
            m.momentum = None  # cumulative average over the calibration batches
        model.train()
        with torch.no_grad():
            for x in _seeded_batches(shape, 8, 4, seed + 2):
                model(torch.from_numpy(x))
        for m, mom in zip(bns, saved):
            m.momentum = mom
        notes.append(f"{len(bns)} BatchNorm layers calibrated on 4 seeded batches of 8")
    model.eval()

    probe = torch.from_numpy(_seeded_batches(shape, 4, 1, seed + 3)[0])
    with torch.no_grad():
        std = float(_logits(model(probe)).float().std())
    if not (RESCALE_OUTSIDE[0] <= std <= RESCALE_OUTSIDE[1]) and math.isfinite(std) and std > 0:
        order = _heads(model, probe)
        if order:
            head = order[-1]
            factor = TARGET_STD / std
            with torch.no_grad():
                head.weight.mul_(factor)
                if head.bias is not None:
                    head.bias.mul_(factor)
            notes.append(f"logits std was {std:.3g}: final layer scaled by {factor:.3g}")
    return notes


# ---- named models that are not torchvision classifiers ---------------------------------
# Each builds a seeded, untrained network and its own seeded inputs, so that nothing is
# downloaded: `bert` is a BERT-base-sized encoder from a transformers BertConfig, `mlp` the
# 784-256-10 network of issue 6.

BERT_SEQUENCE = 128


class _BertEncoder:
    """Builds the `bert` model lazily (transformers is imported only when asked for)."""

    @staticmethod
    def build(seed):
        import torch
        from transformers import BertConfig, BertModel

        class Encoder(torch.nn.Module):
            """BertModel without its pooler, returning last_hidden_state only (a tensor, not a
            ModelOutput: the exporter and the comparison want one named output)."""

            def __init__(self, bert):
                super().__init__()
                self.bert = bert

            def forward(self, input_ids, attention_mask):
                return self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

        torch.manual_seed(seed)
        config = BertConfig(vocab_size=30522, hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
                            intermediate_size=3072, max_position_embeddings=512)
        return Encoder(BertModel(config, add_pooling_layer=False)).eval()

    @staticmethod
    def inputs(batch, seed):
        """Token ids and an attention mask that exercise padding: row i keeps
        128 - 16 * (i % 4) tokens ([CLS] ... [SEP]) and pads the rest with id 0, mask 0.
        Ids are drawn above 999 (ordinary word pieces in BERT's vocabulary)."""
        import numpy as np

        rng = np.random.default_rng(seed)
        ids = rng.integers(1000, 30522, (batch, BERT_SEQUENCE), dtype=np.int64)
        mask = np.ones((batch, BERT_SEQUENCE), dtype=np.int64)
        for i in range(batch):
            n = BERT_SEQUENCE - 16 * (i % 4)
            ids[i, 0], ids[i, n - 1] = 101, 102
            ids[i, n:] = 0
            mask[i, n:] = 0
        return [ids, mask]


class _MLP:
    @staticmethod
    def build(seed):
        import torch

        torch.manual_seed(seed)
        return torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10)).eval()

    @staticmethod
    def inputs(batch, seed):
        return _seeded_batches((784,), batch, 1, seed)


# name -> (builder, input names, output names, per-sample shape of each input, healthy init)
_NAMED_MODELS = {
    "bert": (_BertEncoder, ["input_ids", "attention_mask"], ["last_hidden_state"],
             [(BERT_SEQUENCE,), (BERT_SEQUENCE,)], False),
    "mlp": (_MLP, ["input"], ["logits"], [(784,)], True),
}


def build_torchvision(name, seed):
    import torch
    import torchvision

    name = resolve_model_name(name)
    torch.manual_seed(seed)
    kwargs = {"weights": None}
    if name in ("inception_v3", "googlenet"):
        kwargs["aux_logits"] = False
        kwargs["init_weights"] = True
    model = torchvision.models.get_model(name, **kwargs)
    model.eval()
    return name, model


def load_file(path):
    import torch

    if not os.path.exists(path):
        raise ParityUsageError(f"{path}: no such file")
    try:
        if path.endswith(".pt2"):
            return "exported-program", torch.export.load(path).module()
        m = torch.jit.load(path, map_location="cpu")
        m.eval()
        return "torchscript", m
    except ParityUsageError:
        raise
    except Exception as e:  # torch raises many types for a corrupt archive
        kind = "exported program (.pt2)" if path.endswith(".pt2") else "TorchScript file"
        raise ParityUsageError(f"{path}: cannot load as a {kind}: {str(e).splitlines()[0] if str(e) else type(e).__name__}")


def _export(model, examples, path, exporter, opset, input_names=("input",), output_names=("logits",)):
    """Exports with axis 0 of every input and output dynamic ("batch")."""
    import torch

    input_names, output_names = list(input_names), list(output_names)
    log = io.StringIO()
    with contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
        if exporter == "dynamo":
            batch = torch.export.Dim("batch", min=1, max=1024)
            kwargs = dict(dynamo=True, input_names=input_names, output_names=output_names,
                          dynamic_shapes=tuple({0: batch} for _ in examples), external_data=True, verbose=False)
            if opset:
                kwargs["opset_version"] = opset
            torch.onnx.export(model, tuple(examples), path, **kwargs)
        elif exporter == "torchscript":
            kwargs = dict(dynamo=False, input_names=input_names, output_names=output_names,
                          dynamic_axes={n: {0: "batch"} for n in input_names + output_names},
                          do_constant_folding=True)
            if opset:
                kwargs["opset_version"] = opset
            torch.onnx.export(model, tuple(examples), path, **kwargs)
        else:
            raise ParityUsageError(f"unknown exporter '{exporter}' (dynamo or torchscript)")
    return log.getvalue()


def export_check(model, onnx_path, exporter="", opset=0, input_shape=None, batches=(1, 3),
                 seed=0, healthy_init=True, perturb=0.0):
    """Build/load the model, export it to `onnx_path`, and return torch's reference.

    model: a torchvision classification model name, a named model of _NAMED_MODELS (bert,
    mlp: their own inputs, names and shapes), or a .pt (TorchScript) / .pt2 (torch.export)
    path. input_shape: per-sample shape (without batch); default from the
    model. batches: the batch sizes to check; the batch axis is exported dynamic.
    perturb: if non-zero, add this much seeded noise to every weight AFTER export, so that
    the reference no longer matches the ONNX file (used to prove failures are caught).
    """
    import numpy as np
    import onnx
    import torch

    torch.set_num_threads(max(1, os.cpu_count() or 1))
    notes = []
    named = _NAMED_MODELS.get(model)
    input_names, output_names = ["input"], ["logits"]
    if model.endswith((".pt", ".pt2")) or os.sep in model:
        source, net = load_file(model)
        name = os.path.basename(model)
        shape = tuple(input_shape) if input_shape else DEFAULT_IMAGE_SHAPE
    elif named:
        builder, input_names, output_names, shapes, healthy = named
        name, source, shape = model, "parity-named", shapes[0]
        if input_shape and tuple(input_shape) != tuple(shape):
            raise ParityUsageError(f"{model} takes inputs of shape {'x'.join(map(str, shape))} per sample; --input-shape cannot change it")
        try:
            net = builder.build(seed)
        except ImportError as e:
            raise ParityUsageError(f"{model} needs the Python package '{e.name}' (see python/requirements.txt)") from e
        if healthy and healthy_init:
            notes += healthy_initialisation(net, shape, seed)
    else:
        name, net = build_torchvision(model, seed)
        source = "torchvision"
        shape = tuple(input_shape) if input_shape else IMAGE_SHAPE_OVERRIDES.get(name, DEFAULT_IMAGE_SHAPE)
        if healthy_init:
            notes += healthy_initialisation(net, shape, seed)

    def make_inputs(batch, input_seed):
        if named:
            return named[0].inputs(batch, input_seed)
        return _seeded_batches(shape, batch, 1, input_seed)
    if not exporter:
        exporter = "torchscript" if source == "torchscript" else "dynamo"
    if source == "torchscript" and exporter != "torchscript":
        raise ParityUsageError(f"{model}: a TorchScript file can only be exported with --exporter torchscript (torch.export cannot trace a ScriptModule)")
    if source == "exported-program" and exporter != "dynamo":
        raise ParityUsageError(f"{model}: an exported program (.pt2) can only be exported with --exporter dynamo")
    if any(int(d) <= 0 for d in shape):
        raise ParityUsageError(f"invalid input shape {list(shape)}")

    # The dynamo exporter needs an example batch of at least 2 to keep the axis dynamic.
    examples = [torch.from_numpy(x) for x in make_inputs(2, seed + 4)]
    t0 = time.perf_counter()
    try:
        log = _export(net, examples, onnx_path, exporter, opset, input_names, output_names)
    except ParityUsageError:
        raise
    except Exception as e:
        text = re.sub(r"\x1b\[[0-9;]*m", "", str(e)).strip()
        first = text.splitlines()[0] if text else type(e).__name__
        raise RuntimeError(f"torch.onnx.export ({exporter}) failed for {name}: {type(e).__name__}: {first}") from e
    export_seconds = time.perf_counter() - t0

    _LAST_MODEL[0] = net
    if perturb:
        g = torch.Generator().manual_seed(seed + 5)
        with torch.no_grad():
            for p in net.parameters():
                p.add_(torch.randn(p.shape, generator=g) * perturb)
        notes.append(f"weights perturbed by N(0, {perturb}) after export (failure drill)")

    cases = []
    t0 = time.perf_counter()
    for b in batches:
        xs = make_inputs(int(b), seed + 100 + int(b))
        with torch.no_grad():
            out = net(*[torch.from_numpy(x.copy()) for x in xs])
        outs = out if isinstance(out, (tuple, list)) else [_logits(out)]
        cases.append({"batch": int(b), "inputs": xs,
                      "outputs": [np.ascontiguousarray(o.detach().numpy()) for o in outs]})
    reference_seconds = time.perf_counter() - t0

    proto = onnx.load(onnx_path, load_external_data=False)
    opsets = {o.domain or "ai.onnx": int(o.version) for o in proto.opset_import}
    params = sum(int(p.numel()) for p in net.parameters()) if hasattr(net, "parameters") else 0
    return {
        "model": name,
        "source": source,
        "exporter": exporter,
        "opset": opsets.get("ai.onnx", 0),
        "input_names": [i.name for i in proto.graph.input],
        "output_names": [o.name for o in proto.graph.output],
        "input_shape": list(shape),
        "parameters": params,
        "notes": notes,
        "cases": cases,
        "torch_version": torch.__version__,
        "export_seconds": export_seconds,
        "reference_seconds": reference_seconds,
        "export_log": log[-4000:],
    }


def reference_health(model, seed=0, input_shape=None, healthy_init=True, batch=2):
    """Build a named model as export_check does and report its logits' statistics, without
    exporting (tests use this to hold every named model to the healthy range)."""
    import torch

    name, net = build_torchvision(model, seed)
    shape = tuple(input_shape) if input_shape else IMAGE_SHAPE_OVERRIDES.get(name, DEFAULT_IMAGE_SHAPE)
    notes = healthy_initialisation(net, shape, seed) if healthy_init else []
    x = _seeded_batches(shape, batch, 1, seed + 100 + batch)[0]
    with torch.no_grad():
        y = _logits(net(torch.from_numpy(x))).float()
    return {"model": name, "std": float(y.std()), "max_abs": float(y.abs().max()), "notes": notes}
