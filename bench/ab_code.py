"""Warm seed latency of this checkout against another one (an older commit), alternating whole processes.

A change spread over several checks cannot be switched off by config
(``ab_query.py``) nor one helper at a time (``feature_cost.py``), so this
times the pipeline of each source tree in its own process, in turn, for
``--rounds`` rounds: each process loads the seed index, warms up, then times
the seed dev questions three times. Both trees read the same index and
models; make the other tree with ``git worktree add /tmp/old <commit>``.

    .venv/bin/python bench/ab_code.py --other /tmp/old [--rounds 3] [--section ab-code-NAME]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from common import ROOT, header, median, write_section

# Run inside each tree's process: prints the p50 and p95 in milliseconds as JSON.
_PROBE = """
import json, statistics, sys, time
from pathlib import Path
from qa.config import QAConfig
from qa.pipeline import QAPipeline
root = Path(sys.argv[1])
pipe = QAPipeline.load(QAConfig(corpus=root / "seeds", index_dir=root / ".qa-index" / "seeds"))
questions = [json.loads(line)["question"] for line in open(root / "data/gold/dev.jsonl") if line.strip()]
for q in questions:
    pipe.answer(q)
times = []
for _ in range(3):
    for q in questions:
        t0 = time.perf_counter()
        pipe.answer(q)
        times.append((time.perf_counter() - t0) * 1000)
times.sort()
print(json.dumps({"p50": statistics.median(times), "p95": times[int(0.95 * len(times))]}))
"""


def _run(tree: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(tree), "HF_HUB_OFFLINE": "1"}
    out = subprocess.run([sys.executable, "-c", _PROBE, str(ROOT)], cwd=tree, env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--other", type=Path, required=True, help="the other source tree (a git worktree)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--section", default="ab-code", help="RESULTS.md section to write (keep earlier runs under their own)")
    args = parser.parse_args()
    other_rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=args.other, capture_output=True, text=True)
    this_rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    runs: dict[str, list[dict[str, float]]] = {"other": [], "this": []}
    for r in range(args.rounds):
        order = (("other", args.other), ("this", ROOT)) if r % 2 == 0 else (("this", ROOT), ("other", args.other))
        for name, tree in order:
            runs[name].append(_run(tree))
            print(name, runs[name][-1], flush=True)
    p50 = {name: median([x["p50"] for x in xs]) for name, xs in runs.items()}
    labels = (("other", f"other tree ({other_rev.stdout.strip()})"), ("this", f"this tree ({this_rev.stdout.strip()})"))
    rows = ""
    for name, label in labels:
        each_p50 = " / ".join(f"{x['p50']:.1f}" for x in runs[name])
        each_p95 = " / ".join(f"{x['p95']:.1f}" for x in runs[name])
        rows += f"| {label} | {each_p50} | {p50[name]:.1f} | {each_p95} |\n"
    body = header("Warm seed latency, this code against an older commit, alternating processes")
    body += f"- {args.rounds} rounds; each process times the 33 dev questions 3 times after a warm-up pass\n\n"
    body += "| tree | p50 ms per process | median p50 ms | p95 ms per process |\n| --- | --- | --- | --- |\n" + rows
    body += f"\nthis / other (median p50): **{p50['this'] / p50['other']:.3f}**\n"
    write_section(args.section, body)


if __name__ == "__main__":
    main()
