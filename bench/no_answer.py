"""Calibrating "no answer": how much sentence coverage should weigh in the confidence.

A near-miss set is what a threshold must survive: a question asked of a
corpus that holds its topic but not its answer. SQuAD v1.1 dev gives one
for free: every question is asked twice of the open corpus (all 2,067
paragraphs), once as is (answerable) and once with its own paragraph and
every paragraph containing a gold answer left out (unanswerable; the other
paragraphs of its article, on the same topic, stay in). Only held-out
articles are used (the reader never trained on them): 36-41 to choose the
weight, 42-47 to check it. The seed dev gold is scored the same way.

For each ``coverage_weight`` the script reports, with the reader's raw
margins read once:

- span F1 / EM of the best answer on answerable questions (coverage also
  picks *which* span wins);
- AUC: how often a right answer (F1 >= 0.5) outscores an unanswerable
  question's best guess;
- SQuAD 2.0-style F1 at the best threshold (abstaining scores 1 on an
  unanswerable question, 0 on an answerable one).

    .venv/bin/python bench/no_answer.py [--questions 400]
"""

from __future__ import annotations

import argparse
import math
import random
import time

import numpy as np

from common import ROOT, header, save_raw, table, write_section

WEIGHTS = (0.0, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0)


def features(pipe, question: str, golds: tuple[str, ...], keep=None) -> list[dict]:
    """Margin, rank, coverage and F1 of the reader's top spans (no weighting applied yet)."""
    from qa.metrics import exact_match, f1, max_over_gold

    passages = pipe.focus(question, pipe.retrieve([question], keep=keep)[0][: pipe.config.passages_to_read])
    preds = pipe.reader.read_batch([question], [passages])[0][:10]
    terms = pipe.evidence.question_terms(question)
    out = []
    for pred in preds:
        rp = passages[pred.passage_index]
        text = rp.doc_text[pred.start : pred.end]
        out.append({
            "margin": pred.margin, "rank": rp.passage.rank,
            "coverage": pipe.evidence.around_span(terms, rp, pred.start, pred.end),
            "f1": max_over_gold(f1, text, golds) if golds else 0.0,
            "em": max_over_gold(exact_match, text, golds) if golds else 0.0,
        })
    return out


def summarize(rows: list[dict], weight: float) -> dict:
    from qa.confidence import span_confidence
    from qa.evaluate import QuestionScore, best_threshold

    scores = []
    for i, row in enumerate(rows):
        conf, best = 0.0, {"f1": 0.0, "em": 0.0}
        if row["preds"]:
            conf, best = max(((span_confidence(f["margin"], f["rank"], f["coverage"], weight), f) for f in row["preds"]),
                             key=lambda x: x[0])
        golds = ("answer",) if row["answerable"] else ()
        scores.append(QuestionScore(str(i), "", golds, None, "", False, conf, None, best["em"], best["f1"], None, 0.0))
    answerable = [s for s in scores if s.answerable]
    pos = np.array([s.score for s in answerable if s.f1 >= 0.5])
    neg = np.array([s.score for s in scores if not s.answerable])
    auc = float(((pos[:, None] > neg[None, :]).mean() + 0.5 * (pos[:, None] == neg[None, :]).mean())) if len(pos) and len(neg) else math.nan
    sweep = best_threshold(scores)  # the same sweep as `qa eval --sweep-threshold`
    return {"weight": weight, "span_f1": 100 * np.mean([s.f1 for s in answerable]), "span_em": 100 * np.mean([s.em for s in answerable]),
            "auc": auc, "best_f1": sweep["f1"], "threshold": sweep["threshold"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=400, help="questions sampled from each held-out half")
    args = parser.parse_args()

    from qa.config import load_config
    from qa.evaluate import load_gold
    from qa.pipeline import QAPipeline
    from qa.squad import prepare_squad

    ws = prepare_squad(ROOT / "data/squad/squad-v1.1-dev.json", None, ROOT / ".qa-index")
    squad = QAPipeline.load(load_config(corpus=ws.corpus_dir, index_dir=ws.index_dir))
    sets: dict[str, list[dict]] = {}
    t = time.perf_counter()
    for name, (lo, hi) in {"squad 36-41 (choose)": (36, 42), "squad 42-47 (check)": (42, 48)}.items():
        items = [g for g in ws.gold if g.answers and lo <= int(g.doc.split("#a")[1].split("-")[0]) < hi]
        random.Random(0).shuffle(items)
        rows = []
        for g in items[: args.questions]:
            rows.append({"answerable": True, "preds": features(squad, g.question, g.answers)})

            def keep(p, g=g) -> bool:
                return p.passage.doc_id != g.doc and not any(a in p.doc_text for a in g.answers)

            rows.append({"answerable": False, "preds": features(squad, g.question, g.answers, keep)})
        sets[name] = rows
        print(f"{name}: {len(rows)} rows, {time.perf_counter() - t:.0f}s", flush=True)
    seeds = QAPipeline.load(load_config())
    sets["seed dev gold"] = [{"answerable": bool(g.answers), "preds": features(seeds, g.question, g.answers)}
                             for g in load_gold(ROOT / "data/gold/dev.jsonl")]
    results = {name: [summarize(rows, w) for w in WEIGHTS] for name, rows in sets.items()}
    save_raw("no_answer", {"sets": sets, "results": results})
    out = []
    for name, res in results.items():
        n_ans = sum(r["answerable"] for r in sets[name])
        for r in res:
            out.append([name, f"{n_ans}/{len(sets[name]) - n_ans}", r["weight"], r["span_em"], r["span_f1"], r["auc"], r["best_f1"], r["threshold"]])
    body = header("No-answer calibration (coverage weight)")
    body += ("- near-miss unanswerable questions: each SQuAD held-out question asked with its own paragraph, and every paragraph"
             " holding a gold answer, left out of the 2,067-paragraph corpus; seed dev gold as is\n\n")
    body += table(out, ["set", "answerable/unanswerable", "coverage_weight", "span EM", "span F1", "AUC right vs unanswerable",
                        "best SQuAD2-style F1", "at threshold"])
    write_section("no_answer", body)
    print(body)


if __name__ == "__main__":
    main()
