"""Which ONNX Runtime sessions may spin their idle threads: warm seed questions, one process per setting, interleaved.

Each session (the encoder, the span reader) has its own thread pool, and
ONNX Runtime's threads spin a while after a run waiting for more work. On a
2-core machine a question runs the encoder once and then the reader, so
spinning encoder threads may hold the cores the reader needs. Spinning is
fixed when a session is created, so each setting runs in its own child
process (``--child``), over the same seed index and dev questions; the
children alternate A, B, C, A, B, C ... for ``--rounds`` rounds, so a
drifting shared VM touches every setting alike. Figures: medians of whole
``answer`` calls and of their ``read`` part over all rounds, and the ratio
of each setting's median to the first's.

    .venv/bin/python bench/ort_spin.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from common import OUT, ROOT, header, median, pct, save_raw, table, write_section
from query import questions_for

# setting -> (encoder spins, reader spins)
SETTINGS: dict[str, tuple[bool, bool]] = {
    "both spin (before)": (True, True),
    "encoder stopped (shipped)": (False, True),
    "neither spins": (False, False),
}


def child(setting: str) -> None:
    """Answer every seed dev question twice under ``setting``; print the second pass's timings as JSON."""
    import index.onnx_encoder as onnx_encoder

    encoder_spins, reader_spins = SETTINGS[setting]
    plain = onnx_encoder.ort_session

    def session(model_path, spin=True):  # type: ignore[no-untyped-def]
        return plain(model_path, reader_spins if "reader" in str(model_path) else encoder_spins)

    onnx_encoder.ort_session = session
    from qa.config import QAConfig
    from qa.pipeline import QAPipeline

    questions = questions_for("seeds", 0)
    pipe = QAPipeline.load(QAConfig(corpus=ROOT / "seeds", index_dir=OUT / "index-seeds-onnx-fp32"))
    for q in questions:  # warm up: first runs allocate
        pipe.answer(q)
    total, read = [], []
    for q in questions:
        t = time.perf_counter()
        result = pipe.answer(q)
        total.append((time.perf_counter() - t) * 1000)
        read.append(result.timings_ms.get("read", 0.0))
    print(json.dumps({"total": total, "read": read}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", choices=list(SETTINGS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    total: dict[str, list[float]] = {s: [] for s in SETTINGS}
    read: dict[str, list[float]] = {s: [] for s in SETTINGS}
    for _ in range(args.rounds):
        for setting in SETTINGS:
            out = subprocess.run(
                [sys.executable, __file__, "--child", setting], check=True, capture_output=True, text=True, cwd=ROOT
            ).stdout
            timings = json.loads(out.strip().splitlines()[-1])
            total[setting] += timings["total"]
            read[setting] += timings["read"]
    first = median(total[next(iter(SETTINGS))])
    rows = [
        [
            setting,
            len(total[setting]),
            median(total[setting]),
            pct(total[setting], 95),
            median(read[setting]),
            median(total[setting]) / first,
        ]
        for setting in SETTINGS
    ]
    save_raw("query-seeds-spin", {"total_ms": total, "read_ms": read})
    body = header("ONNX Runtime thread spinning: warm seed questions, fp32, one process per setting, interleaved")
    body += (
        f"- {len(questions_for('seeds', 0))} dev questions per process, {args.rounds} rounds of the three settings in turn\n\n"
    )
    body += table(rows, ["setting", "calls", "p50 ms", "p95 ms", "read p50 ms", "p50 / first p50"])
    write_section("query-seeds-spin", body)
    print(body)


if __name__ == "__main__":
    main()
