"""How many right answers the refusal checks flag: every SQuAD v1.1 dev gold answer and the news gold sets' answers.

A check that refuses near misses must not refuse right answers. Before a
check is kept (``docs/trust.md``), it is run here: each distinct gold answer
of each SQuAD v1.1 dev question (``data/squad/``), in its whole article,
and each answerable question of the news gold sets (``data/gold/``), in its
article, goes through ``qa.features.clash_of`` (the checks that cap a
candidate and give the refusal its reason) and the ``narrow_type_clash``
feature (the type checks). A question counts as flagged when any of its
gold answers is. ``--out`` keeps every verdict; ``--against`` lists the
answers whose verdict changed since an earlier ``--out`` (a worktree of the
old code writes it):

    .venv/bin/python bench/gold_flags.py --out /tmp/flags-new.json [--against /tmp/flags-old.json]

Takes about four minutes on two cores. No model is loaded: the checks read
text only.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from common import ROOT

from index.bm25 import BM25Index
from qa.evidence import LexicalEvidence
from qa.features import FEATURE_NAMES, QuestionContext, candidate_features, clash_of
from qa.readers.base import ReadablePassage, SpanPrediction

SQUAD = ROOT / "data" / "squad" / "squad-v1.1-dev.json"
GOLD_SETS = ("dev", "dev2", "bbc-dev")
BBC = ROOT / "data" / "corpora" / "bbc" / "bbc-news.jsonl"
TYPE_COLUMN = FEATURE_NAMES.index("narrow_type_clash")


def squad_answers(data: list[dict[str, Any]]) -> Iterator[tuple[str, str, str, str, int, int]]:
    """(set, answer id, question, article text, start, end) per distinct gold answer, its paragraphs joined."""
    for article in data:
        text, offsets = "", []
        for paragraph in article["paragraphs"]:
            text += "\n\n" if text else ""
            offsets.append(len(text))
            text += paragraph["context"]
        for offset, paragraph in zip(offsets, article["paragraphs"]):
            for qa in paragraph["qas"]:
                seen: set[tuple[int, str]] = set()
                for k, answer in enumerate(qa["answers"]):
                    start = offset + answer["answer_start"]
                    if (start, answer["text"]) not in seen:
                        seen.add((start, answer["text"]))
                        yield "squad", f"{qa['id']}#{k}", qa["question"], text, start, start + len(answer["text"])


def news_answers() -> Iterator[tuple[str, str, str, str, int, int]]:
    """The news gold sets' answerable questions, each first answer at its first place in its article."""
    articles = {path.name: path.read_text(encoding="utf-8") for path in (ROOT / "seeds").glob("*.txt")}
    for line in BBC.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        articles[f"bbc-news.jsonl#{row['id']}"] = f"{row['title']}\n\n{row['text']}"
    for name in GOLD_SETS:
        for line in (ROOT / "data" / "gold" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            gold = json.loads(line)
            if not gold.get("answers"):
                continue
            text = articles[gold["doc"]]
            start = text.find(gold["answers"][0])
            if start < 0:
                print(f"gold_flags: {gold['id']}: answer not in its article", file=sys.stderr)
                continue
            yield "news", gold["id"], gold["question"], text, start, start + len(gold["answers"][0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write every answer's verdicts here (JSON)")
    parser.add_argument("--against", type=Path, help="an earlier --out: list the answers whose verdict changed")
    args = parser.parse_args()
    data = json.loads(SQUAD.read_text(encoding="utf-8"))["data"]
    paragraphs = [p["context"] for article in data for p in article["paragraphs"]]
    evidence = LexicalEvidence(BM25Index.build(list(range(len(paragraphs))), paragraphs))
    verdicts: dict[str, dict[str, Any]] = {}
    passage: ReadablePassage | None = None
    started = time.perf_counter()
    for kind, key, question, text, start, end in [*squad_answers(data), *news_answers()]:
        if passage is None or passage.doc_text is not text:
            passage = ReadablePassage.whole_text(text, "gold")
        clash = clash_of(question, passage, start, end)
        context = QuestionContext.of(question, evidence)
        features = candidate_features(context, [passage], [SpanPrediction(0, start, end, 0.5, 1.0, 5.0, 0.0)], evidence)
        verdicts[key] = {
            "set": kind,
            "question": question,
            "answer": text[start:end],
            "clash": None if clash is None else repr(clash),
            "type": bool(features[0, TYPE_COLUMN] > 0),
        }
    for kind in ("squad", "news"):
        questions: dict[str, list[dict[str, Any]]] = {}
        for key, verdict in verdicts.items():
            if verdict["set"] == kind:
                questions.setdefault(key.split("#")[0], []).append(verdict)
        clashes = sum(any(v["clash"] for v in answers) for answers in questions.values())
        types = sum(any(v["type"] for v in answers) for answers in questions.values())
        print(f"{kind}: {len(questions)} questions; flagged by the clash checks {clashes}, by the type checks {types}")
    print(f"({time.perf_counter() - started:.0f} s)")
    if args.out:
        args.out.write_text(json.dumps(verdicts), encoding="utf-8")
    if args.against:
        earlier = json.loads(args.against.read_text(encoding="utf-8"))
        for key, verdict in verdicts.items():
            before = earlier.get(key)
            for check in ("clash", "type"):
                if before is not None and bool(before[check]) != bool(verdict[check]):
                    print(
                        f"{check} {verdict['set']} {key}: {verdict['question']} | {verdict['answer']} | {before[check]} -> {verdict[check]}"
                    )


if __name__ == "__main__":
    main()
