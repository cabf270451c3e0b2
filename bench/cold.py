"""Cold start: one-shot ``qa ask`` and ``qa --help``, whole process, per backend.

Each variant (ONNX Runtime fp32, ONNX Runtime int8, the torch reference)
gets its own index of ``seeds/`` (an index records the backend and precision
it was built with) and its exported models are made before timing, so every
timed run is what a user sees on the second and later calls: process start,
imports, model and index load, one question, exit. Rounds alternate the
variants (fp32, int8, torch, fp32, ...) so load on the machine hits all alike;
medians of ``--runs`` rounds are reported, with the ratio to the torch run
of the same rounds.

    .venv/bin/python bench/cold.py [--runs 5]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from common import OUT, ROOT, header, median, save_raw, table, write_section

QUESTION = "How many people in Haiti remain displaced?"
VARIANTS = {
    "onnx fp32": ["--backend", "onnx", "--precision", "fp32"],
    "onnx int8": ["--backend", "onnx", "--precision", "int8"],
    "torch (reference)": ["--backend", "torch"],
}


def qa(*args: str) -> list[str]:
    return [sys.executable, "-m", "qa.cli", *args]


def timed(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    commands = {}
    for name, flags in VARIANTS.items():
        index_dir = OUT / f"cold-index-{name.split()[0]}-{name.split()[1]}"
        where = ["--corpus", str(ROOT / "seeds"), "--index-dir", str(index_dir)]
        subprocess.run(qa("index", "-q", *where, *flags), cwd=ROOT, check=True, capture_output=True)
        commands[name] = qa("ask", QUESTION, "--json", "--no-update", *where, *flags)
        subprocess.run(commands[name], cwd=ROOT, check=True, capture_output=True)  # exports the reader once
    commands["qa --help"] = qa("--help")
    times: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(args.runs):
        for name, cmd in commands.items():
            times[name].append(timed(cmd))
        print(f"round {round_ + 1}: " + ", ".join(f"{n} {t[-1]:.2f} s" for n, t in times.items()), flush=True)
    torch_median = median(times["torch (reference)"])
    rows = [[name, median(t), min(t), max(t), median(t) / torch_median] for name, t in times.items()]
    save_raw("cold", {"runs": times})
    body = header("Cold start: one-shot `qa ask` on the seeds (whole process)")
    body += f"- question: {QUESTION!r}; `--no-update` on an index built by the same backend/precision; exports already cached\n"
    body += f"- {args.runs} rounds, variants alternating within each round; seconds, wall clock of the process\n\n"
    body += table(rows, ["command", "median s", "min s", "max s", "ratio to torch, same rounds"])
    body += "\n\nTargets (ONNX backend): `qa ask` <= 0.8 s and <= 0.15x torch; `qa --help` <= 0.3 s.\n"
    write_section("cold", body)
    print(body)


if __name__ == "__main__":
    main()
