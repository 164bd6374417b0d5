"""Markdown table of `parity bench --json` files (scripts/bench-all.sh prints it for
docs/performance.md): one line per model, batch and thread count.

Run: python3 scripts/bench_table.py out/bench/*.json
"""
import json
import sys

# Issue 6's targets: Parity's median latency over onnxruntime's.
TARGETS = {"resnet18": 1.0}
DEFAULT_TARGET = 1.2


def mib(kib):
    return "-" if kib is None else f"{kib / 1024:.1f}"


def main(paths):
    print("| model | batch | threads | Parity ms | onnxruntime ms | ratio | target | load ratio | peak MiB Parity / ORT |")
    print("|---|---:|---:|---:|---:|---:|---|---:|---:|")
    machine = None
    for path in paths:
        with open(path) as f:
            report = json.load(f)
        machine = machine or report.get("machine")
        model = report["model"]
        target = TARGETS.get(model, DEFAULT_TARGET)
        load = report.get("loadRatio")
        for row in report["rows"]:
            engines = row["engines"]
            p, o = engines.get("parity", {}).get("medianMs"), engines.get("onnxruntime", {}).get("medianMs")
            ratio = row.get("ratioToOnnxruntime")
            verdict = "" if ratio is None else (" met" if ratio <= target else " missed")
            peaks = row.get("peakKiB", {})
            print(f"| {model} | {row['batch']} | {row['threads']} | {p:.2f} | {o:.2f} | "
                  f"{'-' if ratio is None else f'{ratio:.2f}x'} | <= {target:.1f}x{verdict} | "
                  f"{'-' if load is None else f'{load:.2f}x'} | {mib(peaks.get('parity'))} / {mib(peaks.get('onnxruntime'))} |")
    if machine:
        versions = ", ".join(f"{k.removesuffix('_version')} {v}" for k, v in sorted(machine.items()) if k.endswith("_version"))
        print(f"\nMachine: {machine.get('cpu', '?')}, {machine.get('cores', '?')} cores; {versions}.")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: python3 scripts/bench_table.py BENCH.json ...")
    main(sys.argv[1:])
