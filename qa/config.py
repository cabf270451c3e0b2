"""All settings in one place: a dataclass with defaults, then ``qa.toml``, then CLI flags.

Precedence (last wins): the defaults below, a ``qa.toml`` (``--config PATH``
or ``./qa.toml`` when present, keys named as the fields), then any CLI flag
the user actually gave.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from qa.errors import UsageError

DEFAULT_CONFIG_FILE = Path("qa.toml")
PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class QAConfig:
    """Every tunable of the pipeline.

    Attributes:
        corpus: folder of articles (``.txt``, ``.md``, ``.jsonl``).
        index_dir: where the index for that corpus lives.
        model_name: sentence-transformers model; the default is bundled.
        backend: ``onnx`` (onnxruntime, exported once and cached; no torch when answering) or
            ``torch`` (sentence-transformers/transformers, the reference; needed for training).
        precision: ``fp32`` or ``int8`` (onnx only: per-channel dynamic quantisation of encoder and reader).
        retriever: ``hybrid`` (BM25 + dense, fused), ``dense`` or ``bm25``.
        reader: ``span`` (the trained reader) or ``sentence``.
        reader_path: folder of the trained span reader's weights.
        reader_int8: run the span reader with dynamic int8 matmuls (1.9x faster reading, ~3 EM lower).
        passages_to_read: retrieved chunks handed to the reader.
        candidates: how many answers a result carries (best + runners-up).
        retrieve_depth: hits taken from each retriever before fusion.
        rrf_k: reciprocal-rank-fusion constant (60 in the original paper).
        no_answer_threshold: below this confidence the answer is "no answer".
        rescore_depth: retrieved chunks re-ranked by their best two-sentence window (0 turns re-scoring off).
        rescore_weight: weight of that sentence-level ranking against the retrieval ranking.
        read_window_sentences: sentences of each chunk the reader reads, around its best window (0: the whole chunk).
        coverage_weight: logits taken off an answer whose sentences miss all of the question's words (IDF-weighted).
        chunk_tokens: word pieces per chunk (the model reads at most 256).
        chunk_overlap_sentences: sentences repeated between neighbouring chunks.
        embed_batch_size: texts per model call when indexing.
        index_type: ``auto``, ``flat``, ``ivf``, ``ivfpq`` or ``hnsw``.
        search_nprobe: IVF lists probed per question (0: the index's own, sized for recall@10 >= 0.95);
            lower is faster and less exact (bench/RESULTS.md has the trade).
        max_question_chars: longer questions are refused.
    """

    corpus: Path = PROJECT_ROOT / "seeds"
    index_dir: Path = PROJECT_ROOT / ".qa-index" / "seeds"
    model_name: str = "all-MiniLM-L6-v2"
    backend: str = "onnx"
    precision: str = "fp32"
    retriever: str = "hybrid"
    reader: str = "span"
    reader_path: Path = PROJECT_ROOT / "models" / "reader"
    reader_int8: bool = False
    passages_to_read: int = 3
    candidates: int = 5
    retrieve_depth: int = 50
    rrf_k: int = 60
    no_answer_threshold: float = 0.895  # midway between dev gold's highest unanswerable (0.881) and lowest right answer (0.909)
    rescore_depth: int = 10
    rescore_weight: float = 1.0
    coverage_weight: float = 4.0
    read_window_sentences: int = 4  # Reuters warm p50 163 -> 80 ms (bench/RESULTS.md); see README for the quality trade
    chunk_tokens: int = 200
    chunk_overlap_sentences: int = 1
    embed_batch_size: int = 64
    index_type: str = "auto"
    search_nprobe: int = 0
    max_question_chars: int = 2000

    def with_overrides(self, **overrides: Any) -> "QAConfig":
        """Copy with the given fields replaced; ``None`` values are ignored."""
        known = {f.name: f for f in fields(self)}
        clean: dict[str, Any] = {}
        for key, value in overrides.items():
            if value is None:
                continue
            if key not in known:
                raise UsageError(f"unknown setting {key!r} (known: {', '.join(sorted(known))})")
            clean[key] = _coerce(key, value, getattr(self, key))
        return replace(self, **clean)


def _coerce(key: str, value: Any, current: Any) -> Any:
    if isinstance(current, Path):
        return Path(value).expanduser()
    if isinstance(current, bool):
        if isinstance(value, str):
            return value.strip().lower() in ("1", "true", "yes", "on")
        return bool(value)
    if current is None:
        return value
    try:
        return type(current)(value)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"setting {key!r} expects {type(current).__name__}, got {value!r}") from exc


def default_index_dir(corpus: Path) -> Path:
    """One index folder per corpus, side by side under ``.qa-index/``."""
    corpus = corpus.resolve()
    if corpus == (PROJECT_ROOT / "seeds").resolve():
        return PROJECT_ROOT / ".qa-index" / "seeds"
    import hashlib

    tag = hashlib.sha1(str(corpus).encode()).hexdigest()[:8]
    return PROJECT_ROOT / ".qa-index" / f"{corpus.name or 'corpus'}-{tag}"


def load_config(config_file: Path | None = None, **cli_overrides: Any) -> QAConfig:
    """Defaults, then the TOML file, then CLI flags (those not ``None``)."""
    config = QAConfig()
    path = config_file or (DEFAULT_CONFIG_FILE if DEFAULT_CONFIG_FILE.exists() else None)
    if path is not None:
        try:
            with open(path, "rb") as fh:
                data = tomllib.load(fh)
        except FileNotFoundError as exc:
            raise UsageError(f"config file not found: {path}") from exc
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise UsageError(f"config file {path} is not valid TOML: {exc}") from exc
        except OSError as exc:  # a folder, unreadable
            raise UsageError(f"cannot read config file {path}: {exc.strerror or exc}") from exc
        config = config.with_overrides(**data.get("qa", data))
    corpus_given = cli_overrides.get("corpus") is not None
    config = config.with_overrides(**cli_overrides)
    if corpus_given and cli_overrides.get("index_dir") is None:
        config = replace(config, index_dir=default_index_dir(config.corpus))
    return config
