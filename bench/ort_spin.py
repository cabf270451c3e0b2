"""ONNX Runtime thread pools: warm questions, one process per setting, interleaved.

A question runs the encoder once, then the span reader. ONNX Runtime's
threads spin a while after a run waiting for more work, and on a 2-core
machine the encoder's spinning threads held the cores the reader needed. The
settings below compare how each session's threads wait (shipped: both spin
between operators and stop when a run returns; ``ort_session``) and one pool
shared by both sessions. Pools
are fixed when a process creates its first session, so each setting runs in
its own child process (``--child``), over the same index and questions; the
children alternate A, B, C, A, B, C ... for ``--rounds`` rounds, so a
drifting shared VM touches every setting alike. Figures: medians of whole
``answer`` calls and of their ``encode`` and ``read`` parts over all rounds,
a hash of every answer and score (the same in every setting when only speed
changed), and the ratio of each setting's median to the first's.

    .venv/bin/python bench/ort_spin.py [--rounds 3] [--corpus reuters21578 --section ort-pool-reuters]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from common import OUT, ROOT, header, median, pct, save_raw, table, write_section
from query import index_for, questions_for

# How a pool's idle threads wait: "spin" (ONNX Runtime's default: spin a while after every
# parallel section, runs included), "no spin" (sleep at once, even between the operators of
# one run), "spin in a run" (spin between operators, stop when the run returns:
# session.force_spinning_stop).
# setting -> (encoder, reader) on a pool per session; None: one pool shared by both sessions
SETTINGS: dict[str, tuple[str, str] | None] = {
    "a pool each: encoder no spin, reader spin (before)": ("no spin", "spin"),
    "a pool each: encoder spin in a run, reader spin": ("spin in a run", "spin"),
    "a pool each: both spin in a run (shipped)": ("spin in a run", "spin in a run"),
    "one pool shared by both": None,
}


def per_session_pool(model_path: Path, wait: str) -> Any:  # onnxruntime.InferenceSession
    """A session with a thread pool of its own whose idle threads wait as ``wait`` says (see ``SETTINGS``)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    if wait == "no spin":
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    elif wait == "spin in a run":
        options.add_session_config_entry("session.force_spinning_stop", "1")
    return ort.InferenceSession(str(model_path), sess_options=options, providers=["CPUExecutionProvider"])


def shared_pool(model_path: Path) -> Any:  # onnxruntime.InferenceSession
    """A session on the process's one global thread pool (which spins after every run)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    options.use_per_session_threads = False
    return ort.InferenceSession(str(model_path), sess_options=options, providers=["CPUExecutionProvider"])


def pipeline_config(corpus: str) -> Any:  # QAConfig
    from index import layout
    from qa.config import QAConfig

    if corpus == "seeds":
        return QAConfig(corpus=ROOT / "seeds", index_dir=OUT / "index-seeds-onnx-fp32")
    index_dir = index_for(corpus, "onnx-fp32")
    if index_dir is None:
        raise SystemExit(f"no onnx-fp32 index of {corpus}; run bench/ingest.py --backend onnx-fp32")
    return QAConfig(corpus=Path(layout.read_manifest(layout.require_generation(index_dir)).corpus), index_dir=index_dir)


def child(setting: str, corpus: str, n_questions: int) -> None:
    """Answer every question twice under ``setting``; print the second pass's timings (and an answer hash) as JSON."""
    import index.onnx_encoder as onnx_encoder

    waits = SETTINGS[setting]
    if waits is None:
        from onnxruntime.capi import _pybind_state

        _pybind_state.set_global_thread_pool_sizes(0, 1)
        onnx_encoder.ort_session = shared_pool
    else:
        encoder_wait, reader_wait = waits

        def session(model_path: Path) -> Any:
            return per_session_pool(model_path, reader_wait if "reader" in str(model_path) else encoder_wait)

        onnx_encoder.ort_session = session
    from qa.pipeline import QAPipeline

    questions = questions_for(corpus, n_questions)
    pipe = QAPipeline.load(pipeline_config(corpus))
    for q in questions:  # warm up: first runs allocate
        pipe.answer(q)
    total, encode, read, answers = [], [], [], []
    for q in questions:
        t = time.perf_counter()
        result = pipe.answer(q)
        total.append((time.perf_counter() - t) * 1000)
        encode.append(result.timings_ms.get("encode", 0.0))
        read.append(result.timings_ms.get("read", 0.0))
        answers.append((result.answer, round(result.score, 6)))
    digest = hashlib.sha256(repr(answers).encode()).hexdigest()[:12]
    print(json.dumps({"total": total, "encode": encode, "read": read, "answers": digest}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--corpus", default="seeds", choices=["seeds", "bbc-news", "reuters21578"])
    parser.add_argument("--questions", type=int, default=100, help="title questions asked of a news corpus")
    parser.add_argument("--section", default="ort-pool")
    parser.add_argument("--child", choices=list(SETTINGS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.corpus, args.questions)
        return
    total: dict[str, list[float]] = {s: [] for s in SETTINGS}
    encode: dict[str, list[float]] = {s: [] for s in SETTINGS}
    read: dict[str, list[float]] = {s: [] for s in SETTINGS}
    digests: dict[str, set[str]] = {s: set() for s in SETTINGS}
    for _ in range(args.rounds):
        for setting in SETTINGS:
            command = [sys.executable, __file__, "--child", setting, "--corpus", args.corpus, "--questions", str(args.questions)]
            out = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT).stdout
            timings = json.loads(out.strip().splitlines()[-1])
            total[setting] += timings["total"]
            encode[setting] += timings["encode"]
            read[setting] += timings["read"]
            digests[setting].add(timings["answers"])
    first = median(total[next(iter(SETTINGS))])
    rows = [
        [
            setting,
            len(total[setting]),
            median(total[setting]),
            pct(total[setting], 95),
            median(encode[setting]),
            median(read[setting]),
            ", ".join(sorted(digests[setting])),
            median(total[setting]) / first,
        ]
        for setting in SETTINGS
    ]
    save_raw(args.section, {"total_ms": total, "encode_ms": encode, "read_ms": read})
    n = len(questions_for(args.corpus, args.questions))
    body = header(f"ONNX Runtime thread pools: warm {args.corpus} questions, fp32, one process per setting, interleaved")
    body += f"- {n} questions per process, {args.rounds} rounds of the settings in turn\n\n"
    headers = ["setting", "calls", "p50 ms", "p95 ms", "encode p50 ms", "read p50 ms", "answers hash", "p50 / first p50"]
    body += table(rows, headers)
    write_section(args.section, body)
    print(body)


if __name__ == "__main__":
    main()
