"""``qa near-misses``: turn answerable gold questions into near-miss unanswerable ones.

Writes gold lines that ``qa eval`` scores directly: every answerable question
(``kind: twin``) followed by its near misses (``entity_swap``, ``time_shift``,
``role_swap``, ``false_premise``, ``attribute_swap``, ``answer_removed``; see
``qa.nearmiss``).
``qa eval`` then reports, per kind, how many were refused and how many twins
were still answered right.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from index.files import atomic_write_text
from qa.cli_common import check_counts
from qa.errors import UsageError
from qa.json_lines import json_text
from qa.terminal_text import safe_line


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "near-misses",
        help="generate near-miss unanswerable questions (with their answerable twins) from a gold set",
        description=__doc__.splitlines()[0],
    )
    parser.add_argument("gold", type=Path, nargs="?", metavar="GOLD.jsonl", help="answerable gold questions over --corpus")
    parser.add_argument("--corpus", type=Path, help="folder of articles the gold questions are about (default: seeds/)")
    parser.add_argument("--squad", type=Path, metavar="FILE", help="take the questions from a SQuAD file instead")
    parser.add_argument("--articles", metavar="START:STOP", default="0:36", help="with --squad: articles to use (default 0:36)")
    parser.add_argument(
        "--kinds", default=",".join(_kinds()), help="comma-separated rules to apply (subject_swap only when named)"
    )
    parser.add_argument("--sample", type=int, metavar="N", help="use N answerable questions drawn at random (seeded)")
    parser.add_argument(
        "--paired", action="store_true", help="write only the twins that got a near miss (a small set for a rare kind)"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", type=Path, required=True, help="JSON-lines file to write")
    parser.set_defaults(func=run)


def _kinds() -> tuple[str, ...]:
    from qa.nearmiss import KINDS

    return KINDS


def _extra_kinds() -> tuple[str, ...]:
    from qa.nearmiss import EXTRA_KINDS

    return EXTRA_KINDS


def _sample(items: list[Any], n: int | None, seed: int) -> list[Any]:
    """``n`` answerable items in the order ``qa train-selector`` draws them (all answerable ones when ``n`` is None)."""
    import random

    answerable = [item for item in items if item.answers]
    if n is None:
        return answerable
    random.Random(seed).shuffle(answerable)
    return answerable[:n]


def _check_output(args: argparse.Namespace) -> None:
    """``-o`` must not replace its own input, nor land in the corpus (the next index would read it as articles)."""
    from qa.output_files import refuse_inside, refuse_same_file

    if args.gold is not None:
        refuse_same_file(args.output, args.gold, "gold file", "-o")
        refuse_inside(args.output, {"corpus": args.corpus or Path("seeds")}, "-o")
    else:
        refuse_same_file(args.output, args.squad, "SQuAD file", "-o")


def run(args: argparse.Namespace) -> int:
    from qa.commands.train_selector import corpus_texts
    from qa.evaluate import corpus_context_lookup, load_gold
    from qa.nearmiss import EntityPool, generate

    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    known = (*_kinds(), *_extra_kinds())
    unknown = sorted(set(kinds) - set(known))
    if unknown or not kinds:
        raise UsageError(f"--kinds takes some of {', '.join(known)}; got {args.kinds!r}")
    check_counts(args, "sample")
    if (args.gold is None) == (args.squad is None):
        raise UsageError("give either a gold file (qa near-misses GOLD.jsonl) or --squad FILE")
    _check_output(args)
    if args.squad is not None:
        from qa.squad import corpus_records, gold_items, load_squad, parse_article_range

        articles = load_squad(args.squad)
        start, stop = parse_article_range(args.articles, len(articles))
        items = gold_items(articles, start, stop, f"{args.squad.stem}.jsonl")
        pool = EntityPool.from_texts(r["text"] for r in corpus_records(articles, 0, len(articles)))
        items = _sample(items, args.sample, args.seed)
        misses = generate(items, lambda item: item.context, pool, seed=args.seed, kinds=kinds)
    else:
        corpus = args.corpus or Path("seeds")
        if not corpus.is_dir():
            raise UsageError(f"corpus folder {corpus} does not exist; pass --corpus DIR")
        items = _sample(load_gold(args.gold), args.sample, args.seed)
        pool = EntityPool.from_texts(corpus_texts(corpus))
        misses = generate(items, corpus_context_lookup(corpus), pool, seed=args.seed, kinds=kinds)
    if args.paired:
        with_miss = {m.twin for m in misses if m.kind != "twin"}
        misses = [m for m in misses if m.twin in with_miss]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(args.output, "".join(json_text(miss.to_json()) + "\n" for miss in misses))
    counts: dict[str, int] = {}
    for miss in misses:
        counts[miss.kind] = counts.get(miss.kind, 0) + 1
    summary = ", ".join(f"{n} {k}" for k, n in counts.items())
    print(f"wrote {len(misses)} questions to {safe_line(str(args.output))}: {summary}")  # a name is untrusted text
    return 0
