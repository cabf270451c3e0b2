"""How ``hybrid`` should fuse its dense and BM25 rankings: rank of the answer-bearing chunk per rule.

Every rule sees the same two top-``retrieve_depth`` lists per question (one
encoder pass, one BM25 search), then the pipeline's own sentence re-scoring
(``QAPipeline.retrieve``), so only the fusion differs. A chunk "bears the
answer" when it holds a gold answer string (``qa.evaluate.first_hit_rank``,
the rank ``qa eval`` reports). Figures: recall@1 and recall@3 (the reader
reads 3 chunks) over the answerable questions, and MRR@10.

Rules: reciprocal-rank fusion (k 60, the rule before), the convex combination
of min-max normalised scores at BM25 weights 0.3 / 0.5 / 0.7 (0.5, equal
weights, is the default: no weight was fitted), and each retriever alone.

Sets: the seed gold sets (``dev``, ``dev2``), ``bbc-dev`` over the BBC corpus
(its index: ``--bbc-index``, made by ``qa index`` or ``bench/ingest.py``;
skipped when missing), and SQuAD v1.1 dev articles 36-47 over their own
paragraphs (the index ``qa eval --squad ... --articles 36:48`` builds).

    .venv/bin/python bench/fusion.py [--bbc-index DIR]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from common import OUT, ROOT, header, save_raw, table, write_section

Hits = list[tuple[int, float]]


def rules() -> dict[str, Callable[[Hits, Hits], Hits]]:
    from qa.retrieval import convex_combination, reciprocal_rank_fusion

    def convex(weight: float) -> Callable[[Hits, Hits], Hits]:
        return lambda dense, lexical: convex_combination([dense, lexical], [1 - weight, weight])

    return {
        "RRF k 60 (before)": lambda dense, lexical: reciprocal_rank_fusion([dense, lexical], 60),
        "convex, BM25 0.3": convex(0.3),
        "convex, BM25 0.5 (default)": convex(0.5),
        "convex, BM25 0.7": convex(0.7),
        "BM25 alone": convex(1.0),
        "dense alone": convex(0.0),
    }


class FixedLists:
    """A retriever that hands back one fusion of lists fetched once (so every rule sees the same lists)."""

    needs_vectors = True

    def __init__(self, fused: list[Hits]) -> None:
        self.fused = fused

    def retrieve(self, questions, vectors, k: int) -> list[Hits]:
        return [hits[:k] for hits in self.fused]


def score_set(name: str, config, items) -> list[list]:
    from qa.evaluate import first_hit_rank
    from qa.pipeline import QAPipeline, validate_question

    pipe = QAPipeline.load(config, selector=False)
    items = [item for item in items if item.answers]
    questions = [validate_question(item.question, config) for item in items]
    vectors = pipe.embedder.encode(questions)
    hybrid = pipe.retriever
    depth = config.retrieve_depth
    dense = hybrid.dense.retrieve(questions, vectors, depth)
    lexical = hybrid.bm25.retrieve(questions, vectors, depth)
    rows = []
    for rule, fuse in rules().items():
        pipe.retriever = FixedLists([fuse(d, b) for d, b in zip(dense, lexical)])
        ranked = pipe.retrieve(questions, vectors=vectors)
        ranks = [first_hit_rank([p.passage for p in passages], item.answers) for passages, item in zip(ranked, items)]
        n = len(ranks)
        rows.append(
            [
                name,
                n,
                rule,
                100 * sum(r == 1 for r in ranks) / n,
                100 * sum(r is not None and r <= 3 for r in ranks) / n,
                sum(1 / r for r in ranks if r) / n,
            ]
        )
        print(rows[-1], flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bbc-index", type=Path, default=OUT / "index-bbc-news-onnx-fp32")
    args = parser.parse_args()

    from index.builder import update_index
    from qa.config import QAConfig
    from qa.evaluate import load_gold
    from qa.squad import prepare_squad

    base = QAConfig(corpus=ROOT / "seeds", index_dir=OUT / "index-seeds-onnx-fp32")
    update_index(base, progress=False)
    rows = score_set("dev", base, load_gold(ROOT / "data/gold/dev.jsonl"))
    rows += score_set("dev2", base, load_gold(ROOT / "data/gold/dev2.jsonl"))
    if (args.bbc_index / "CURRENT").exists():
        bbc = base.with_overrides(corpus=ROOT / "data/corpora/bbc", index_dir=args.bbc_index)
        rows += score_set("bbc-dev", bbc, load_gold(ROOT / "data/gold/bbc-dev.jsonl"))
    squad = prepare_squad(ROOT / "data/squad/squad-v1.1-dev.json", "36:48", ROOT / ".qa-index")
    squad_config = base.with_overrides(corpus=squad.corpus_dir, index_dir=squad.index_dir)
    update_index(squad_config, progress=False)
    rows += score_set("SQuAD 36-47", squad_config, squad.gold)

    save_raw("fusion", {"rows": rows})
    body = header("Hybrid fusion rules: rank of the answer-bearing chunk")
    body += "- same dense and BM25 lists per question for every rule, then the pipeline's sentence re-scoring\n\n"
    body += table(rows, ["set", "answerable", "fusion", "recall@1 %", "recall@3 %", "MRR@10"])
    body += (
        "\n\nThe default weighs both rankings equally; no weight was fitted to these sets. "
        "End-to-end figures with the refitted selector: README, 'Trust', and docs/trust.md.\n"
    )
    write_section("fusion", body)


if __name__ == "__main__":
    main()
