"""Train the extractive span reader from the bundled MiniLM on SQuAD v1.1 dev.

No pretrained reader can be downloaded here, so the project trains its own:
``BertForQuestionAnswering`` initialised from all-MiniLM-L6-v2, trained on
SQuAD v1.1 dev articles 0-35 (file order) and scored on articles 36-47, which
it never sees. Beyond a plain fine-tune it adds SQuAD 2.0-style negative
windows (the question paired with a paragraph that does not answer it, half
from the same article, half from another), so the CLS ("no answer") logit
means something and span scores are comparable across passages. With
``near_miss_ratio`` it also trains on generated near misses (``qa.nearmiss``:
a name, year or role swapped in the question, or the answer's sentence
removed from the paragraph), each pointed at CLS: the SQuAD 2.0 recipe of
unanswerable questions that look answerable. They come only from
``near_miss_articles`` (0-27 by default, the selector's training articles),
so the near misses the selector is calibrated and tested on (28-35) stay
unseen.

Runs on CPU (2 cores: about an hour for the default recipe) or on a GPU when
one is present; a fixed seed makes it reproducible on the same hardware.
"""

from __future__ import annotations

import json
import logging
import math
import random
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from index.model_location import prefer_offline, resolve_model_path
from qa.errors import UsageError
from qa.metrics import exact_match, f1, max_over_gold
from qa.nearmiss import KINDS as NEAR_MISS_KINDS
from qa.opening import counted
from qa.readers.span_model import context_token_mask, decode_window, encode_windows
from qa.squad import load_squad

log = logging.getLogger(__name__)


@dataclass
class TrainConfig:
    """Recipe for ``qa train-reader``; defaults are the committed model's recipe."""

    squad_path: str = "data/squad/squad-v1.1-dev.json"
    output_dir: str = "models/reader"
    base_model: str = "all-MiniLM-L6-v2"  # or a trained reader's folder, to continue training it
    train_articles: tuple[int, int] = (0, 36)  # [start, stop) in file order
    eval_articles: tuple[int, int] = (36, 48)
    max_length: int = 256
    stride: int = 96
    batch_size: int = 16
    epochs: float = 3.0
    learning_rate: float = 1.5e-4
    warmup_ratio: float = 0.1
    weight_decay: float = 0.01
    negative_ratio: float = 0.25  # negative windows per answerable question
    near_miss_ratio: float = 0.0  # near-miss negatives per answerable question of near_miss_articles
    near_miss_articles: tuple[int, int] = (0, 28)
    near_miss_kinds: tuple[str, ...] = NEAR_MISS_KINDS
    seed: int = 13
    max_train_questions: int | None = None  # for smoke runs
    max_eval_questions: int | None = None
    bf16: bool = True
    freeze_embeddings: bool = True
    threads: int | None = None
    save_dtype: str = "float16"
    extra: dict[str, Any] = field(default_factory=dict)


def _examples(articles: list[dict[str, Any]], lo: int, hi: int) -> list[dict[str, Any]]:
    out = []
    for a_idx in range(lo, min(hi, len(articles))):
        for p_idx, para in enumerate(articles[a_idx]["paragraphs"]):
            for qa in para["qas"]:
                out.append(
                    {
                        "id": qa["id"],
                        "question": qa["question"].strip(),
                        "context": para["context"],
                        "answers": qa["answers"],
                        "article": a_idx,
                        "paragraph": p_idx,
                    }
                )
    return out


def _negatives(
    examples: list[dict[str, Any]], articles: list[dict[str, Any]], lo: int, hi: int, ratio: float, rng: random.Random
) -> list[dict[str, Any]]:
    """Question paired with a paragraph that does not contain any gold answer."""
    negs = []
    for ex in examples:
        if rng.random() >= ratio:
            continue
        golds = [a["text"] for a in ex["answers"]]
        for _ in range(5):
            same = rng.random() < 0.5
            a_idx = ex["article"] if same else rng.randrange(lo, min(hi, len(articles)))
            paras = articles[a_idx]["paragraphs"]
            p_idx = rng.randrange(len(paras))
            if a_idx == ex["article"] and p_idx == ex["paragraph"]:
                continue
            ctx = paras[p_idx]["context"]
            if any(g in ctx for g in golds):
                continue
            negs.append({**ex, "context": ctx, "answers": [], "id": ex["id"] + "-neg"})
            break
    return negs


def _near_miss_negatives(
    examples: list[dict[str, Any]], articles: list[dict[str, Any]], cfg: TrainConfig, rng: random.Random
) -> list[dict[str, Any]]:
    """One generated near miss for a ``near_miss_ratio`` share of the questions of ``near_miss_articles``.

    The kind is drawn at random among those the rules could make for the
    question; ``answer_removed`` keeps the question and drops every sentence of
    the paragraph that holds a gold answer.
    """
    if cfg.near_miss_ratio <= 0:
        return []
    from qa.nearmiss import EntityPool, generate
    from qa.squad import corpus_records, gold_items

    lo, hi = cfg.near_miss_articles
    by_id = {ex["id"]: ex for ex in examples if lo <= ex["article"] < hi}
    items = [g for g in gold_items(articles, lo, hi, "squad.jsonl") if g.id in by_id and rng.random() < cfg.near_miss_ratio]
    pool = EntityPool.from_texts(r["text"] for r in corpus_records(articles, 0, len(articles)))
    options: dict[str, list[Any]] = {}
    for miss in generate(items, lambda item: item.context, pool, seed=cfg.seed, kinds=cfg.near_miss_kinds):
        if miss.kind != "twin":
            options.setdefault(miss.twin, []).append(miss)
    negs = []
    for twin_id, misses in options.items():
        miss = misses[rng.randrange(len(misses))]
        ex = by_id[twin_id]
        context = _without_sentences_holding(ex["context"], miss.hide) if miss.hide else ex["context"]
        if context.strip():
            negs.append({**ex, "question": miss.question, "context": context, "answers": [], "id": miss.id})
    return negs


def _without_sentences_holding(text: str, needles: tuple[str, ...]) -> str:
    """``text`` without its sentences that hold any of ``needles``, as the near-miss evaluation hides them.

    The same rule as ``qa.pipeline.hide_sentences`` (case-insensitive), so the
    reader trains on the passages it is judged on; sentences joined by spaces.
    """
    from qa.pipeline import hide_sentences
    from qa.readers.base import ReadablePassage

    kept = hide_sentences([ReadablePassage.whole_text(text)], needles)
    return kept[0].clean_text_and_offsets()[0] if kept else ""


def _features(tokenizer: Any, examples: list[dict[str, Any]], cfg: TrainConfig) -> list[dict[str, Any]]:
    """Windows with start/end labels; windows without the answer point at CLS."""
    feats = []
    step = 512
    for i in range(0, len(examples), step):
        chunk = examples[i : i + step]
        enc = encode_windows(tokenizer, [e["question"] for e in chunk], [e["context"] for e in chunk], cfg.max_length, cfg.stride)
        for f_idx, sample in enumerate(enc["overflow_to_sample_mapping"]):
            ex = chunk[sample]
            offsets = enc["offset_mapping"][f_idx]
            seq_ids = enc.sequence_ids(f_idx)
            start_pos = end_pos = 0
            if ex["answers"]:
                ans = ex["answers"][0]
                a_start = ans["answer_start"]
                a_end = a_start + len(ans["text"])
                ctx_tokens = [k for k, s in enumerate(seq_ids) if s == 1]
                if ctx_tokens and offsets[ctx_tokens[0]][0] <= a_start and offsets[ctx_tokens[-1]][1] >= a_end:
                    for k in ctx_tokens:
                        if offsets[k][0] <= a_start < offsets[k][1] or (offsets[k][0] >= a_start and start_pos == 0):
                            start_pos = k
                            break
                    for k in reversed(ctx_tokens):
                        if offsets[k][0] < a_end <= offsets[k][1] or (offsets[k][1] <= a_end and end_pos == 0):
                            end_pos = k
                            break
                    if end_pos < start_pos:
                        start_pos = end_pos = 0
            feats.append(
                {
                    "input_ids": enc["input_ids"][f_idx],
                    "token_type_ids": enc["token_type_ids"][f_idx],
                    "start": start_pos,
                    "end": end_pos,
                }
            )
    return feats


def _length_grouped_batches(feats: list[dict[str, Any]], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Shuffle, then sort within mega-batches so padding stays small."""
    order = list(range(len(feats)))
    rng.shuffle(order)
    mega = batch_size * 50
    batches: list[list[int]] = []
    for i in range(0, len(order), mega):
        block = sorted(order[i : i + mega], key=lambda k: len(feats[k]["input_ids"]), reverse=True)
        batches.extend(block[j : j + batch_size] for j in range(0, len(block), batch_size))
    rng.shuffle(batches)
    return batches


def _collate(feats: list[dict[str, Any]], idx: list[int], pad_id: int, torch: ModuleType) -> tuple[Any, ...]:
    width = max(len(feats[k]["input_ids"]) for k in idx)
    ids = torch.full((len(idx), width), pad_id, dtype=torch.long)
    tt = torch.zeros((len(idx), width), dtype=torch.long)
    am = torch.zeros((len(idx), width), dtype=torch.long)
    for row, k in enumerate(idx):
        n = len(feats[k]["input_ids"])
        ids[row, :n] = torch.tensor(feats[k]["input_ids"])
        tt[row, :n] = torch.tensor(feats[k]["token_type_ids"])
        am[row, :n] = 1
    starts = torch.tensor([feats[k]["start"] for k in idx])
    ends = torch.tensor([feats[k]["end"] for k in idx])
    return ids, tt, am, starts, ends


def evaluate_closed(
    model: Any, tokenizer: Any, examples: list[dict[str, Any]], cfg: TrainConfig, device: Any, torch: ModuleType
) -> dict[str, Any]:
    """EM/F1 reading each question's own gold paragraph (SQuAD closed setting)."""
    model.eval()
    em_total = f1_total = 0.0
    step = 64
    with torch.no_grad():
        for i in range(0, len(examples), step):
            chunk = examples[i : i + step]
            enc = encode_windows(
                tokenizer,
                [e["question"] for e in chunk],
                [e["context"] for e in chunk],
                cfg.max_length,
                cfg.stride,
                padding="longest",
            )
            out = model(
                input_ids=torch.tensor(enc["input_ids"], device=device),
                token_type_ids=torch.tensor(enc["token_type_ids"], device=device),
                attention_mask=torch.tensor(enc["attention_mask"], device=device),
            )
            s_log = out.start_logits.float().cpu().numpy()
            e_log = out.end_logits.float().cpu().numpy()
            best: dict[int, tuple[float, int, int]] = {}
            for f_idx, sample in enumerate(enc["overflow_to_sample_mapping"]):
                spans = decode_window(
                    s_log[f_idx], e_log[f_idx], enc["offset_mapping"][f_idx], context_token_mask(enc, f_idx), sample, n_best=5
                )
                if spans and (sample not in best or spans[0].score > best[sample][0]):
                    best[sample] = (spans[0].score, spans[0].start, spans[0].end)
            for k, ex in enumerate(chunk):
                pred = ex["context"][best[k][1] : best[k][2]] if k in best else ""
                golds = [a["text"] for a in ex["answers"]]
                em_total += max_over_gold(exact_match, pred, golds)
                f1_total += max_over_gold(f1, pred, golds)
    model.train()
    n = max(len(examples), 1)
    return {"exact_match": 100 * em_total / n, "f1": 100 * f1_total / n, "questions": len(examples)}


def train(cfg: TrainConfig) -> dict[str, Any]:
    """Train, evaluate on the held-out articles, save weights and a metrics file."""
    prefer_offline()
    import torch

    device = _seed_and_device(cfg, torch)
    rng = random.Random(cfg.seed)
    tokenizer, model = _load_base_model(cfg, device)
    feats, eval_ex = _training_windows(cfg, tokenizer, rng)

    steps_per_epoch = math.ceil(len(feats) / cfg.batch_size)
    total_steps = max(1, int(steps_per_epoch * cfg.epochs))
    t0 = time.time()
    history = _run_steps(model, tokenizer, feats, cfg, total_steps, rng, device, torch)
    train_seconds = time.time() - t0
    metrics = evaluate_closed(model, tokenizer, eval_ex, cfg, device, torch)
    metrics.update({"train_seconds": round(train_seconds, 1), "steps": total_steps, "windows": len(feats), "device": device.type})
    log.info("held-out articles %s: EM %.2f F1 %.2f", cfg.eval_articles, metrics["exact_match"], metrics["f1"])
    _save_trained(model, tokenizer, cfg, metrics, history)
    return metrics


def _seed_and_device(cfg: TrainConfig, torch: ModuleType) -> Any:
    """Seed every random source the run draws from (a rerun is the same run) and pick the device."""
    random.seed(cfg.seed)
    np.random.seed(cfg.seed)
    torch.manual_seed(cfg.seed)
    if cfg.threads:
        torch.set_num_threads(cfg.threads)
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def _load_base_model(cfg: TrainConfig, device: Any) -> tuple[Any, Any]:
    """The base model's tokenizer and question-answering model, on ``device``."""
    from transformers import AutoModelForQuestionAnswering, AutoTokenizer

    base = resolve_model_path(cfg.base_model)
    tokenizer = AutoTokenizer.from_pretrained(base)
    # .float(): a trained reader is saved in float16; training runs in float32 (bf16 autocast)
    model = AutoModelForQuestionAnswering.from_pretrained(base).float().to(device)
    if cfg.freeze_embeddings:
        # 12 of MiniLM's 23 M weights are the word-piece table: freezing it
        # saves optimizer work per step and keeps rare-word vectors intact
        # when the training set is this small.
        model.get_input_embeddings().weight.requires_grad_(False)
    return tokenizer, model


def _training_windows(cfg: TrainConfig, tokenizer: Any, rng: random.Random) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The training windows (questions plus unanswerable negatives) and the held-out examples.

    Draws from ``rng`` in a fixed order (question sample, then negatives), so a
    seed names one training set.
    """
    articles = load_squad(Path(cfg.squad_path))
    train_ex = _examples(articles, *cfg.train_articles)
    if not train_ex:
        lo, hi = cfg.train_articles
        raise UsageError(
            f"{cfg.squad_path} has {counted(len(articles), 'article')}; articles {lo}:{hi} hold no question to train on"
        )
    eval_ex = _examples(articles, *cfg.eval_articles)
    if cfg.max_train_questions:
        rng.shuffle(train_ex)
        train_ex = train_ex[: cfg.max_train_questions]
    if cfg.max_eval_questions:
        eval_ex = eval_ex[: cfg.max_eval_questions]
    negs = _negatives(train_ex, articles, *cfg.train_articles, cfg.negative_ratio, rng)
    misses = _near_miss_negatives(train_ex, articles, cfg, rng)
    feats = _features(tokenizer, train_ex + negs + misses, cfg)
    log.info(
        "train questions %d, negatives %d, near misses %d, windows %d; eval questions %d",
        len(train_ex),
        len(negs),
        len(misses),
        len(feats),
        len(eval_ex),
    )
    return feats, eval_ex


def _optimizer(model: Any, cfg: TrainConfig, total_steps: int, torch: ModuleType) -> tuple[Any, Any]:
    """AdamW without weight decay on biases and LayerNorm weights, with linear warm-up then linear decay."""
    warmup = int(total_steps * cfg.warmup_ratio)
    no_decay = ("bias", "LayerNorm.weight")
    trainable = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    params = [
        {"params": [p for n, p in trainable if not any(nd in n for nd in no_decay)], "weight_decay": cfg.weight_decay},
        {"params": [p for n, p in trainable if any(nd in n for nd in no_decay)], "weight_decay": 0.0},
    ]
    optim = torch.optim.AdamW(params, lr=cfg.learning_rate)
    sched = torch.optim.lr_scheduler.LambdaLR(
        optim, lambda s: (s + 1) / max(1, warmup) if s < warmup else max(0.0, (total_steps - s) / max(1, total_steps - warmup))
    )
    return optim, sched


def _run_steps(
    model: Any,
    tokenizer: Any,
    feats: list[dict[str, Any]],
    cfg: TrainConfig,
    total_steps: int,
    rng: random.Random,
    device: Any,
    torch: ModuleType,
) -> list[dict[str, Any]]:
    """Train for ``total_steps`` steps over length-grouped batches; returns the logged loss history.

    Padding positions are masked out of the start/end logits so that the
    loss never rewards pointing at them.
    """
    optim, sched = _optimizer(model, cfg, total_steps, torch)
    loss_fn = torch.nn.CrossEntropyLoss()
    model.train()
    step = 0
    t0 = time.time()
    history = []
    while step < total_steps:
        for batch in _length_grouped_batches(feats, cfg.batch_size, rng):
            if step >= total_steps:
                break
            ids, tt, am, starts, ends = (t.to(device) for t in _collate(feats, batch, tokenizer.pad_token_id, torch))
            with torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=cfg.bf16):
                out = model(input_ids=ids, token_type_ids=tt, attention_mask=am)
            s_log = out.start_logits.float().masked_fill(am == 0, -1e4)
            e_log = out.end_logits.float().masked_fill(am == 0, -1e4)
            loss = (loss_fn(s_log, starts) + loss_fn(e_log, ends)) / 2
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optim.step()
            sched.step()
            optim.zero_grad(set_to_none=True)
            step += 1
            if step % 50 == 0 or step == total_steps:
                rate = step / (time.time() - t0)
                log.info(
                    "step %d/%d loss %.3f (%.2f steps/s, eta %.0f min)",
                    step,
                    total_steps,
                    loss.item(),
                    rate,
                    (total_steps - step) / rate / 60,
                )
                history.append({"step": step, "loss": round(loss.item(), 4)})
    return history


def _save_trained(model: Any, tokenizer: Any, cfg: TrainConfig, metrics: dict[str, Any], history: list[dict[str, Any]]) -> None:
    """Write the weights (in ``cfg.save_dtype``), the tokenizer and ``training.json`` into ``cfg.output_dir``."""
    out_dir = Path(cfg.output_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    model = model.to("cpu")
    if cfg.save_dtype == "float16":
        model = model.half()
    model.save_pretrained(out_dir, safe_serialization=True)
    tokenizer.save_pretrained(out_dir)
    (out_dir / "training.json").write_text(
        json.dumps({"config": asdict(cfg), "metrics": metrics, "loss_history": history}, indent=2) + "\n", encoding="utf-8"
    )
