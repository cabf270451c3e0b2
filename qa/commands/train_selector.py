"""``qa train-selector``: fit the calibrated answer selector and choose its refusal threshold.

Collects the pipeline's candidates on SQuAD (open setting, articles 0-35:
train / calibrate / test by article) and on the development gold sets
(``--dev GOLD=CORPUS``), each with generated near misses (``qa.nearmiss``),
then fits ``qa.selector.Selector`` (``qa.selector_training``) and writes it
with a model card. Collected candidates are cached under ``--work`` so a
refit takes seconds; ``--recollect`` runs the pipeline again.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from index.files import atomic_write_text
from qa.cli_common import check_counts, check_positive
from qa.config import PROJECT_ROOT, load_config
from qa.errors import UsageError

# The mix of questions the probabilities are calibrated for: between gold sets
# written over an archive (about 87 % answerable) and near-miss sets that pair
# every near miss with its answerable twin (50 %). The model card reports ECE
# on both kinds.
ANSWERABLE_SHARE = 0.7

SQUAD_SPLITS = {"train": (0, 28), "calibrate": (28, 32), "test": (32, 36)}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "train-selector",
        help="fit the answer selector (calibrated probability per candidate) and its no-answer threshold",
        description=__doc__.splitlines()[0],
    )
    parser.add_argument("--squad", type=Path, default=PROJECT_ROOT / "data/squad/squad-v1.1-dev.json", help="SQuAD v1.1 file")
    parser.add_argument(
        "--dev",
        action="append",
        default=[],
        metavar="GOLD=CORPUS[@INDEX]",
        help="a development gold set and its corpus folder (optionally its index folder); repeatable",
    )
    parser.add_argument(
        "--pairs",
        action="append",
        default=[],
        metavar="TSV=CORPUS[@INDEX]",
        help="hand-written near-miss pairs with the twins' answers (qa.written_pairs) over a corpus, "
        "fitted with the train split; repeatable",
    )
    parser.add_argument(
        "--pairs-weight",
        type=float,
        default=1.0,
        help="weight of each --pairs candidate in the regression, against a SQuAD train candidate's 1",
    )
    parser.add_argument("--work", type=Path, default=PROJECT_ROOT / "runs/selector", help="cache of collected candidates")
    parser.add_argument("--output", type=Path, default=PROJECT_ROOT / "models/selector", help="where selector.json goes")
    parser.add_argument("--train-questions", type=int, default=1000)
    parser.add_argument("--calibrate-questions", type=int, default=300)
    parser.add_argument("--test-questions", type=int, default=300)
    parser.add_argument(
        "--keep",
        type=float,
        default=0.89,
        help="share of right answers the refusal threshold must keep on the choosing data (dev sets and the calibrate split)",
    )
    parser.add_argument(
        "--answerable-share",
        type=float,
        default=ANSWERABLE_SHARE,
        help="share of answerable questions the probabilities are calibrated for (0 < share < 1)",
    )
    parser.add_argument("--c", type=float, default=0.5, help="inverse L2 strength of the logistic regression")
    parser.add_argument(
        "--reader",
        choices=["span", "sentence"],
        default="span",
        help="span: fit the answer selector; sentence: calibrate the sentence reader's own score and threshold",
    )
    parser.add_argument(
        "--fit-added",
        action="append",
        default=[],
        metavar="FEATURE",
        help="keep --base's selector (weights, Platt map, threshold) and fit only this feature's weight; repeatable",
    )
    parser.add_argument(
        "--base", type=Path, default=PROJECT_ROOT / "models/selector", help="the selector --fit-added starts from"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--recollect", action="store_true", help="run the pipeline again even when candidates are cached")
    parser.add_argument(
        "--collect-only", metavar="NAME", help="collect one dataset (squad-train, squad-calibrate, squad-test, dev-N) and stop"
    )
    parser.set_defaults(func=run)


def _dev_specs(values: list[str], flag: str = "--dev", what: str = "GOLD") -> list[tuple[Path, Path, Path | None]]:
    specs = []
    for value in values:
        gold, sep, rest = value.partition("=")
        if not sep or not gold or not rest:
            raise UsageError(f"{flag} expects {what}=CORPUS[@INDEX], got {value!r}")
        corpus, _, index = rest.partition("@")
        specs.append((Path(gold), Path(corpus), Path(index) if index else None))
    return specs


def _pairs_specs(values: list[str]) -> list[tuple[Path, Path, Path | None]]:
    """``--pairs TSV=CORPUS[@INDEX]`` values, read as ``--dev`` ones."""
    return _dev_specs(values, "--pairs", "TSV")


def _check_numbers(args: argparse.Namespace) -> None:
    """Every number flag in range, before minutes of collecting (they were checked after it, or not at all)."""
    if not 0.0 < args.answerable_share < 1.0:  # also false for NaN
        raise UsageError(f"--answerable-share must be in (0, 1); got {args.answerable_share}")
    if not 0.0 < args.keep <= 1.0:
        raise UsageError(f"--keep must be in (0, 1]; got {args.keep}")
    check_positive(args.c, "--c")
    check_positive(args.pairs_weight, "--pairs-weight")
    check_counts(args, "train_questions", "calibrate_questions", "test_questions")


def _check_outputs(args: argparse.Namespace) -> None:
    """``--output`` and ``--work`` outside every development corpus and index folder.

    Both are written into (a model card, JSON lines of candidates), and a
    ``MODEL_CARD.md`` or ``.jsonl`` inside a corpus is read as articles by its
    next update.
    """
    from qa.output_files import refuse_inside

    for _gold, corpus, index_dir in [*_dev_specs(args.dev), *_pairs_specs(args.pairs)]:
        folders = {"corpus": corpus} | ({"index": index_dir} if index_dir is not None else {})
        refuse_inside(args.output, folders, "--output")
        refuse_inside(args.work, folders, "--work")


def _check_pairs(args: argparse.Namespace) -> None:
    """Every ``--pairs`` file readable and well formed, before minutes of collecting SQuAD's candidates."""
    from qa.written_pairs import load_pairs

    for pairs_path, _corpus, _index in _pairs_specs(args.pairs):
        load_pairs(pairs_path)


def run(args: argparse.Namespace) -> int:
    _check_numbers(args)
    _check_outputs(args)
    _check_pairs(args)
    if args.reader != "span":
        return calibrate_reader(args)
    if not args.dev and not args.collect_only:
        raise UsageError("no --dev GOLD=CORPUS given: the threshold is chosen on pooled development sets")
    datasets = collect_all(args)
    if args.collect_only:
        return 0
    from qa.selector_report import selector_report, write_model_card
    from qa.selector_training import answered_precision, fit, threshold_keeping, top_candidates

    if args.fit_added:
        return fit_added_only(args, datasets)
    pair_rows = [r for name in datasets if name.startswith("pairs-") for r in datasets[name]]
    selector = fit(
        datasets["squad-train"],
        datasets["squad-calibrate"],
        c=args.c,
        answerable_share=args.answerable_share,
        extra=pair_rows,
        extra_weight=args.pairs_weight,
    )
    dev_names = [name for name in datasets if name.startswith("dev-")]

    def threshold_on(names: list[str]) -> float:
        rows = [r for n in [*names, "squad-calibrate"] for r in datasets[n]]
        return threshold_keeping(top_candidates(selector, rows), args.keep)

    threshold = threshold_on(dev_names)
    held_out = {name: threshold_on([n for n in dev_names if n != name]) for name in dev_names}
    report = selector_report(selector, datasets, threshold, held_out)
    pooled = top_candidates(selector, [r for n in dev_names for r in datasets[n]])
    precision = answered_precision(pooled, threshold)
    info = {
        "threshold_rule": f"highest that keeps {args.keep:.0%} of the right answers on the dev sets and the calibrate split",
        "keep": args.keep,
        "answerable_share": args.answerable_share,
        "precision_at_threshold": round(precision, 4) if precision is not None else None,
        "leave_one_set_out_thresholds": {n: round(t, 4) for n, t in held_out.items()},
        "c": args.c,
        "train_questions": len(datasets["squad-train"]),
        "calibrate_questions": len(datasets["squad-calibrate"]),
        "pairs": [str(s[0]) for s in _pairs_specs(args.pairs)],
        "pair_questions": len(pair_rows),
        "pairs_weight": args.pairs_weight,
        "dev_sets": [str(s[0]) for s in _dev_specs(args.dev)],
        "retrieval": _retrieval_now(),  # the settings the candidates were collected with
        "report": report,
    }
    from dataclasses import replace

    selector = replace(selector, threshold=threshold, info=info)
    path = selector.save(args.output)
    write_model_card(args.output / "MODEL_CARD.md", selector, report)
    print(json.dumps(report, indent=1))
    shown = f"{precision:.3f}" if precision is not None else "n/a"
    print(f"threshold {threshold:.3f} (answered precision on the pooled dev sets {shown}); selector written to {path}")
    return 0


def fit_added_only(args: argparse.Namespace, datasets: dict[str, list[Any]]) -> int:
    """``--fit-added``: the base selector with only the named features' weights fitted (``fit_added``)."""
    from dataclasses import replace

    from qa.features import FEATURE_NAMES
    from qa.selector import Selector
    from qa.selector_report import selector_report, write_model_card
    from qa.selector_training import fit_added

    unknown = [name for name in args.fit_added if name not in FEATURE_NAMES]
    if unknown:
        raise UsageError(f"--fit-added: unknown feature {unknown[0]!r}")
    base = Selector.load(args.base)
    # An added feature may fire rarely (a list item beside a set-aside phrase: 23 of the train split's
    # candidates), so its weight is fitted on the train and calibrate splits together; the Platt map
    # fitted on the calibrate split alone stays as it was.
    selector = fit_added(base, [*datasets["squad-train"], *datasets["squad-calibrate"]], args.fit_added, c=args.c)
    dev_names = [name for name in datasets if name.startswith("dev-")]
    report = selector_report(selector, datasets, base.threshold, {})
    added = {name: round(float(selector.weights[FEATURE_NAMES.index(name)]), 6) for name in args.fit_added}
    info = {
        **base.info,
        "train_questions": len(datasets["squad-train"]),  # the candidates the added weights were fitted on
        "calibrate_questions": len(datasets["squad-calibrate"]),
        "retrieval": _retrieval_now(),
        "added_features": added,
        "report": report,
    }
    selector = replace(selector, info=info)
    path = selector.save(args.output)
    write_model_card(args.output / "MODEL_CARD.md", selector, report)
    print(json.dumps(report, indent=1))
    fitted_on = len(datasets["squad-train"]) + len(datasets["squad-calibrate"])
    print(
        f"weights fitted for {added} on {fitted_on} questions ({', '.join(dev_names)} reported); "
        f"threshold {base.threshold:.3f} kept; selector written to {path}"
    )
    return 0


def dataset_items(args: argparse.Namespace, names: list[str]) -> Iterator[tuple[str, Any, list[Any]]]:
    """(name, config, questions with their near misses) for each wanted dataset, built lazily.

    A missing or stale index (the SQuAD workspace's on a fresh machine) is
    built first, as ``qa eval`` does, rather than failing half-way.
    """
    from index.builder import ensure_index
    from qa.evaluate import corpus_context_lookup, load_gold
    from qa.nearmiss import EntityPool, NearMiss, generate
    from qa.selector_training import squad_items
    from qa.squad import prepare_squad
    from qa.written_pairs import load_pairs

    squad_names = [n for n in names if n.startswith("squad-")]
    if squad_names:
        ws = prepare_squad(args.squad, None, PROJECT_ROOT / ".qa-index")
        config = load_config(corpus=ws.corpus_dir, index_dir=ws.index_dir)
        ensure_index(config, progress=sys.stderr.isatty())
        texts = {g.doc: g.context for g in ws.gold}
        pool = EntityPool.from_texts(t for t in dict.fromkeys(texts.values()) if t)
        sizes = {"train": args.train_questions, "calibrate": args.calibrate_questions, "test": args.test_questions}
        for name in squad_names:
            split = name.removeprefix("squad-")
            lo, hi = SQUAD_SPLITS[split]
            items = squad_items(ws.gold, lo, hi, sizes[split], args.seed)
            misses = generate(items, lambda g: g.context, pool, seed=args.seed)
            print(f"{name}: {len(items)} questions, {len(misses)} with near misses", flush=True)
            yield name, config, misses
    for i, (gold_path, corpus, index_dir) in enumerate(_dev_specs(args.dev)):
        name = f"dev-{i}"
        if name not in names:
            continue
        gold = load_gold(gold_path)
        lookup = corpus_context_lookup(corpus)
        pool = EntityPool.from_texts(corpus_texts(corpus))
        originals = [NearMiss(g.id, g.question, g.answers, g.doc, "gold", g.id) for g in gold]
        generated = [m for m in generate(gold, lookup, pool, seed=args.seed) if m.kind != "twin"]
        print(f"{name} ({gold_path}): {len(gold)} gold questions, {len(generated)} near misses", flush=True)
        config = load_config(corpus=corpus, index_dir=index_dir)
        ensure_index(config, progress=sys.stderr.isatty())
        yield name, config, originals + generated
    for i, (pairs_path, corpus, index_dir) in enumerate(_pairs_specs(args.pairs)):
        name = f"pairs-{i}"
        if name not in names:
            continue
        pairs = load_pairs(pairs_path, prefix=f"{name}:")
        print(f"{name} ({pairs_path}): {len(pairs) // 2} hand-written pairs", flush=True)
        config = load_config(corpus=corpus, index_dir=index_dir)
        ensure_index(config, progress=sys.stderr.isatty())
        yield name, config, pairs


def calibrate_reader(args: argparse.Namespace) -> int:
    """Fit a reader's own score calibration on the calibrate split; threshold on it and the dev sets."""
    from qa.pipeline import QAPipeline
    from qa.selector import ScoreCalibration
    from qa.selector_training import fit_score_calibration, reader_tops, threshold_keeping, timed, tops_summary

    if not args.dev:
        raise UsageError("no --dev GOLD=CORPUS given: the threshold is chosen on pooled development sets")
    args.work.mkdir(parents=True, exist_ok=True)
    names = ["squad-calibrate", "squad-test"] + [f"dev-{i}" for i in range(len(args.dev))]
    tops: dict[str, list[Any]] = {}
    todo = []
    for name in names:
        cache = args.work / f"{args.reader}-{name}.json"
        if cache.exists() and not args.recollect:
            tops[name] = [tuple(t) for t in json.loads(cache.read_text(encoding="utf-8"))]
        else:
            todo.append(name)
    for name, config, items in dataset_items(args, todo):
        pipe = QAPipeline.load(config.with_overrides(reader=args.reader), selector=False)
        tops[name] = reader_tops(pipe, items, timed(name))
        (args.work / f"{args.reader}-{name}.json").write_text(json.dumps(tops[name]), encoding="utf-8")
    scale, bias = fit_score_calibration(tops["squad-calibrate"], args.answerable_share)
    calibrated = {n: [(1.0 / (1.0 + math.exp(-(scale * t[0] + bias))), *t[1:]) for t in ts] for n, ts in tops.items()}
    choosing = [t for n in names if n != "squad-test" for t in calibrated[n]]
    threshold = threshold_keeping(choosing, args.keep)
    report = {n: tops_summary(calibrated[n], threshold) for n in names}
    info = {
        "right": "the answer (a sentence) holds a gold answer",
        "calibrated_on": "squad-calibrate (SQuAD articles 28-31 with near misses)",
        "threshold_rule": f"highest that keeps {args.keep:.0%} of the right answers on the dev sets and the calibrate split",
        "answerable_share": args.answerable_share,
        "dev_sets": [str(s[0]) for s in _dev_specs(args.dev)],
        "report": report,
    }
    path = ScoreCalibration(args.reader, scale, bias, threshold, info).save(args.output)
    print(json.dumps(report, indent=1))
    print(f"threshold {threshold:.3f}; {args.reader} reader calibration written to {path}")
    return 0


def collect_all(args: argparse.Namespace) -> dict[str, list[Any]]:
    """Every dataset's candidate rows, from the cache or by running the pipeline."""
    from qa.pipeline import QAPipeline
    from qa.selector_training import collect, load_rows, save_rows, timed

    args.work.mkdir(parents=True, exist_ok=True)
    wanted: list[str] = (
        [f"squad-{s}" for s in SQUAD_SPLITS]
        + [f"dev-{i}" for i in range(len(args.dev))]
        + [f"pairs-{i}" for i in range(len(args.pairs))]
    )
    if args.collect_only:
        if args.collect_only not in wanted:
            raise UsageError(f"--collect-only takes one of {', '.join(wanted)}")
        wanted = [args.collect_only]
    out: dict[str, list[Any]] = {}
    todo = [n for n in wanted if args.recollect or not (args.work / f"{n}.jsonl").exists()]
    cached = [n for n in wanted if n not in todo]
    retrieval = _retrieval_now()
    try:
        stamps = _read_stamps(args.work)
    except UsageError:
        if cached:
            raise
        stamps = {}  # everything is collected again: a damaged stamp file is simply rewritten
    _check_cached_retrieval(args.work, cached, stamps, retrieval)
    for name in cached:
        out[name] = load_rows(args.work / f"{name}.jsonl")
    pipes: dict[Path, Any] = {}
    for name, config, items in dataset_items(args, todo):
        if config.index_dir not in pipes:
            pipes = {config.index_dir: QAPipeline.load(config, selector=False)}  # one open index at a time
        save_rows(collect(pipes[config.index_dir], items, timed(name)), args.work / f"{name}.jsonl")
        # Fit from the rows as cached (features rounded to 6 decimals), so a later refit
        # from --work alone gives the same selector and threshold as this run.
        out[name] = load_rows(args.work / f"{name}.jsonl")
        stamps[name] = retrieval
        atomic_write_text(args.work / RETRIEVAL_STAMP, json.dumps(stamps, indent=1, sort_keys=True) + "\n")
    return {name: out[name] for name in wanted}


RETRIEVAL_STAMP = "retrieval.json"  # in --work: per dataset, the retrieval settings its cached candidates were collected with


def _retrieval_now() -> dict[str, str]:
    """The retrieval settings (``qa.toml`` and defaults) every dataset is collected with."""
    from qa.retrieval import retrieval_setting  # the retrievers and the index reader: only when training

    return retrieval_setting(load_config())


def _read_stamps(work: Path) -> dict[str, Any]:
    """The cache's per-dataset retrieval stamps; none for a cache from before stamps existed."""
    try:
        stamps = json.loads((work / RETRIEVAL_STAMP).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read {work / RETRIEVAL_STAMP} ({exc}); run again with --recollect") from exc
    if not isinstance(stamps, dict):
        raise UsageError(f"{work / RETRIEVAL_STAMP} is damaged; run again with --recollect")
    return stamps


def _check_cached_retrieval(work: Path, cached: list[str], stamps: dict[str, Any], current: dict[str, str]) -> None:
    """Refuse cached candidates collected with other retrieval settings: their retrieval scores are on another scale.

    A dataset cached before stamps existed is taken as it is.
    """
    for name in cached:
        if name in stamps and stamps[name] != current:
            raise UsageError(
                f"the {name} candidates cached in {work} were collected with retrieval {stamps[name]}, not {current}; "
                "run again with --recollect"
            )


def corpus_texts(corpus: Path, limit: int = 3000) -> list[str]:
    """Up to ``limit`` article texts of a corpus folder (``.txt``/``.md`` files, ``.jsonl`` records), for the entity pool."""
    texts: list[str] = []
    for path in sorted(corpus.rglob("*")):
        if len(texts) >= limit:
            break
        try:
            if path.suffix in (".txt", ".md"):
                texts.append(path.read_text(encoding="utf-8"))
            elif path.suffix == ".jsonl":
                with open(path, encoding="utf-8") as fh:
                    for line in fh:
                        record = json.loads(line) if line.strip() else None
                        if isinstance(record, dict) and isinstance(record.get("text"), str):
                            texts.append(record["text"])
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            continue
    return texts[:limit]
