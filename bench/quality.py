"""What the backends cost in quality: ``qa eval`` per gold set and backend, same code, same run.

Backends: ``torch`` (the reference), ``onnx-fp32`` (the default) and
``onnx-int8`` (opt-in). Each gold set is scored by ``qa eval --json`` in a
new process per backend, with the backend's own index (an index records the
backend and precision that built it):

- ``dev`` and ``dev2``: the seed articles (indexes built here);
- ``bbc-dev``: the BBC corpus, read from ``bench/out/index-bbc-news-<backend>``
  (made by ``bench/ingest.py``), skipped when that index is missing;
- ``squad-closed``: SQuAD v1.1 dev articles 36-47, each question with its own
  paragraph (``--closed``): the reader alone;
- ``squad-open`` (``--squad-open N``): N sampled SQuAD dev questions over all
  2,067 paragraphs (each backend indexes them first: slow).

the ONNX backend rule: int8 may become the default only if it loses <= 0.5 EM and
<= 1 point recall@5; fp32 must stay within 0.3 EM of torch.

    .venv/bin/python bench/quality.py [--backends torch,onnx-fp32,onnx-int8] [--sets dev,dev2,bbc-dev,squad-closed] [--squad-open 1000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from common import OUT, ROOT, header, save_raw, table, write_section

SQUAD = ROOT / "data" / "squad" / "squad-v1.1-dev.json"


def flags(variant: str) -> list[str]:
    backend, _, precision = variant.partition("-")
    return ["--backend", backend, "--precision", precision or "fp32"]


def eval_args(gold_set: str, variant: str, squad_open: int) -> list[str] | None:
    seeds = ["--corpus", str(ROOT / "seeds"), "--index-dir", str(OUT / f"index-seeds-{variant}")]
    if gold_set in ("dev", "dev2"):
        return [str(ROOT / "data" / "gold" / f"{gold_set}.jsonl"), *seeds]
    if gold_set == "bbc-dev":
        index_dir = OUT / f"index-bbc-news-{variant}"
        if not (index_dir / "CURRENT").exists():
            return None
        from index import layout

        corpus = layout.read_manifest(layout.require_generation(index_dir)).corpus
        return [str(ROOT / "data" / "gold" / "bbc-dev.jsonl"), "--corpus", corpus, "--index-dir", str(index_dir)]
    if gold_set == "squad-closed":
        return ["--squad", str(SQUAD), "--articles", "36:48", "--closed", "--index-dir", str(OUT / f"index-squad36-{variant}")]
    if gold_set == "squad-open":
        return ["--squad", str(SQUAD), "--sample", str(squad_open), "--index-dir", str(OUT / f"index-squad-{variant}")]
    raise ValueError(gold_set)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="torch,onnx-fp32,onnx-int8")
    parser.add_argument("--sets", default="dev,dev2,bbc-dev,squad-closed")
    parser.add_argument("--squad-open", type=int, default=0, help="also score N sampled SQuAD questions in the open setting")
    parser.add_argument("--section", default="quality", help="RESULTS.md section to write (a second run can keep the first's)")
    args = parser.parse_args()
    sets = [s for s in args.sets.split(",") if s] + (["squad-open"] if args.squad_open else [])
    variants = args.backends.split(",")
    raw: dict[str, dict] = {}
    rows, skipped = [], []
    for gold_set in sets:
        for variant in variants:
            extra = eval_args(gold_set, variant, args.squad_open)
            if extra is None:
                skipped.append(f"{gold_set}/{variant}")
                continue
            t = time.perf_counter()
            proc = subprocess.run(
                [sys.executable, "-m", "qa.cli", "eval", *extra, *flags(variant), "--json"],
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
            seconds = time.perf_counter() - t
            if proc.returncode != 0:
                raise SystemExit(f"{gold_set}/{variant} failed: {proc.stderr.strip()[-500:]}")
            metrics = json.loads(proc.stdout)
            raw[f"{gold_set}/{variant}"] = metrics
            rows.append(
                [
                    gold_set,
                    variant,
                    metrics["questions"],
                    metrics["exact_match"],
                    metrics["f1"],
                    metrics.get("recall@5", "-"),
                    metrics.get("latency_p50_ms", "-"),
                    seconds,
                ]
            )
            print(rows[-1], flush=True)
    for row in rows:  # deltas against the torch reference and the onnx fp32 default, same run
        ref = {r[1]: r for r in rows if r[0] == row[0]}
        for base in ("torch", "onnx-fp32"):
            b = ref.get(base)
            row.append(
                f"{row[3] - b[3]:+.1f} / {row[5] - b[5]:+.1f}"
                if b and isinstance(row[5], float) and isinstance(b[5], float)
                else (f"{row[3] - b[3]:+.1f} / -" if b else "-")
            )
    save_raw(args.section, {"rows": rows, "raw": raw, "skipped": skipped})
    body = header("Quality per backend (`qa eval`, same code, same run)")
    if skipped:
        body += "- not run (no index for that backend; see bench/ingest.py): " + ", ".join(skipped) + "\n"
    body += "\n" + table(
        rows,
        [
            "gold set",
            "backend",
            "questions",
            "EM",
            "F1",
            "recall@5",
            "latency p50 ms",
            "wall s",
            "EM / recall@5 vs torch",
            "EM / recall@5 vs onnx-fp32",
        ],
    )
    body += "\n\nRules (ONNX backend): fp32 within 0.3 EM of torch; int8 the default only if <= 0.5 EM and <= 1 point recall@5 lost.\n"
    write_section(args.section, body)
    print(body)


if __name__ == "__main__":
    main()
