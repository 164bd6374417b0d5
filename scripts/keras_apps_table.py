"""Table for scripts/check-keras-apps.sh: per keras.applications model, the verdict and
max abs error of `parity export-check NAME --from keras` (from its JSON report), the node
count of Parity's Swift conversion (the ONNX export-check kept), and the node count of
Keras' own `model.export(format="onnx")` on the same seeded model (torch backend).

Run: KERAS_BACKEND=torch .venv/bin/python scripts/keras_apps_table.py OUTDIR NAME...
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
os.environ["KERAS_BACKEND"] = "torch"
import onnx  # noqa: E402
import parity_keras  # noqa: E402


def keras_export_nodes(name, out):
    """Keras' own ONNX export of the same seeded application (None if it fails)."""
    path = os.path.join(out, f"{name}.keras-export.keras")
    onnx_path = os.path.join(out, f"{name}.keras-export.onnx")
    # torch.onnx prints traces and whole graphs: keep them out of the table.
    sys.stdout.flush()
    saved = os.dup(1), os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    try:
        parity_keras.build_application(name, path)
        r = parity_keras.keras_export_node_count(path, onnx_path)
        return r["nodes"], None
    except Exception as e:  # noqa: BLE001
        return None, f"{type(e).__name__}: {str(e).splitlines()[0][:60] if str(e) else ''}"
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        os.close(devnull)


def main():
    out, names = sys.argv[1], sys.argv[2:]
    print("| model | export-check | max abs error | parity convert nodes | Keras export nodes |")
    print("| --- | --- | --- | --- | --- |")
    for n in names:
        verdict, err, nodes = "error", "-", "-"
        try:
            with open(os.path.join(out, f"{n}.json")) as f:
                rep = json.load(f)
            verdict = rep.get("verdict", "error")
            errs = [o["maxAbsError"] for c in rep.get("cases", []) for o in c.get("outputs", []) if "maxAbsError" in o]
            if errs:
                err = f"{max(errs):.1e}"
        except (OSError, ValueError, KeyError):
            pass
        onnx_path = os.path.join(out, f"{n}.onnx")
        if os.path.exists(onnx_path):
            nodes = str(len(onnx.load(onnx_path).graph.node))
        k, why = keras_export_nodes(n, out)
        print(f"| {n} | {verdict} | {err} | {nodes} | {k if k is not None else 'export fails (' + str(why).replace('|', '/') + ')'} |", flush=True)


if __name__ == "__main__":
    main()
