"""What one selector feature costs a warm seed question: with it and with it switched off, alternating.

A feature is computed for every candidate of every question, in pure
Python, so a new one must not cost the warm path (the trust issue allows
1.2x in all). Code cannot be A/B-tested by config (``ab_query.py``), so this
replaces the named helper of ``qa.features`` by one returning its "flag
unset" value (``--unset``: None for ``attribute_contrast``, False for a
yes/no helper) for every other call, over the seed dev questions, for
``--rounds`` rounds, in one process (``--unset empty``: an empty tuple, for
``missing_names``):

    .venv/bin/python bench/feature_cost.py [--helper attribute_contrast] [--unset none|false|empty] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

from common import ROOT, header, median, write_section


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--helper", default="attribute_contrast", help="function of qa.features to switch off")
    parser.add_argument(
        "--unset", choices=("none", "false", "empty"), default="none", help="what the switched-off helper returns (empty: ())"
    )
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    import qa.features as features
    from qa.config import load_config
    from qa.opening import open_pipeline

    pipe = open_pipeline(load_config(None, corpus=ROOT / "seeds"), refresh=True).pipeline
    questions = [
        json.loads(line)["question"]
        for name in ("dev.jsonl", "dev2.jsonl")
        for line in (ROOT / "data/gold" / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    real = getattr(features, args.helper)

    unset: Any = {"none": None, "false": False, "empty": ()}[args.unset]

    def off(*_: Any, **__: Any) -> Any:
        return unset

    for q in questions[:5]:  # warm-up
        pipe.answer(q)
    times: dict[str, list[float]] = {"on": [], "off": []}
    for r in range(args.rounds):
        order = (("on", real), ("off", off)) if r % 2 == 0 else (("off", off), ("on", real))
        for q in questions:
            for name, fn in order:
                setattr(features, args.helper, fn)
                t0 = time.perf_counter()
                pipe.answer(q)
                times[name].append((time.perf_counter() - t0) * 1000)
    setattr(features, args.helper, real)
    on, off_ms = median(times["on"]), median(times["off"])
    body = header(f"Cost of one selector feature ({args.helper}), warm seed questions, alternating")
    body += (
        f"- {len(times['on'])} calls each ({len(questions)} dev and dev2 questions x {args.rounds} rounds)\n\n"
        f"| helper | p50 ms off | p50 ms on | on / off |\n| --- | --- | --- | --- |\n"
        f"| `{args.helper}` | {off_ms:.1f} | {on:.1f} | {on / off_ms:.3f} |\n"
    )
    write_section(f"feature-cost-{args.helper}", body)
    print(body)


if __name__ == "__main__":
    main()
