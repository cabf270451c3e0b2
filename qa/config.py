"""All settings in one place: a dataclass with defaults, then ``qa.toml``, then CLI flags.

Precedence (last wins): the defaults below, a ``qa.toml`` (``--config PATH``
or ``./qa.toml`` when present, keys named as the fields), then any CLI flag
the user actually gave.
"""

from __future__ import annotations

import math
import os
import tomllib
import typing
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from index.settings import MODEL_BATCH, IndexSettings
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
        reader_int8: run the span reader alone in int8 (onnx: per-channel dynamic int8 beside the fp32
            encoder, a warm seed question 0.68x as long, SQuAD open EM -0.9; torch: per-tensor, ~5 EM lower).
        passages_to_read: retrieved chunks handed to the reader.
        early_exit_probability: the first chunk is read alone, and the others only when its best answer's
            probability is under this (1 always reads them all; ``qa.early_exit`` has why and what it costs).
        list_siblings: for "apart from / besides / along with X" questions, hand the reader the list items
            beside X to score too (``qa.list_siblings``), which it rarely proposes on its own.
        candidates: how many answers a result carries (best + runners-up).
        retrieve_depth: hits taken from each retriever before fusion.
        fusion: how ``hybrid`` fuses its two rankings: ``convex`` (a weighted sum of min-max normalised
            scores; Bruch et al. 2023) or ``rrf`` (reciprocal-rank fusion, the rule before; see qa.retrieval).
        lexical_weight: BM25's share of the convex combination (dense gets the rest); equal by default.
        rrf_k: reciprocal-rank-fusion constant (60 in the original paper): the sentence re-scoring, and ``fusion = "rrf"``.
        no_answer_threshold: below this probability the answer is "no answer" (None: the selector's
            threshold, chosen on pooled development data for a stated precision).
        selector_path: folder of the fitted answer selector (``qa train-selector``).
        rescore_depth: retrieved chunks re-ranked by their best two-sentence window (0 turns re-scoring off).
        rescore_weight: weight of that sentence-level ranking against the retrieval ranking.
        read_window_sentences: sentences of each chunk the reader reads, around its best window (0: the whole chunk);
            one more, the chunk's sentence holding a sum, share, date or rate, when the question asks for one and
            the window has none (``LexicalEvidence.focus``).
        read_whole_passages: the best-ranked chunks the reader reads whole all the same (the rest are cut to
            their window). Off by default: on bbc-dev it puts 54 instead of 50 of 60 answers in the text read
            (EM 62.5 -> 68.1) for 26 % more words, but on the seeds' longer chunks the extra text misleads
            (dev2 EM 57.8 -> 51.1); see the README.
        chunk_tokens: word pieces per chunk (the model reads at most 256).
        chunk_overlap_sentences: sentences repeated between neighbouring chunks.
        embed_batch_size: texts per model call when indexing (``index.settings.MODEL_BATCH``, 8: small batches
            are fastest on a CPU; a GPU actor of the Ray engine takes at least 128).
        index_type: ``auto``, ``flat``, ``ivf``, ``ivfpq`` or ``hnsw``.
        search_nprobe: IVF lists probed per question (0: the index's own, sized for recall@10 >= 0.95);
            lower is faster and less exact (bench/RESULTS.md has the trade).
        max_question_chars: longer questions are refused.
    """

    corpus: Path = Path("seeds")  # relative to the current folder, as git and ripgrep take paths
    index_dir: Path = Path(".qa-index") / "seeds"
    model_name: str = "all-MiniLM-L6-v2"
    backend: str = "onnx"
    precision: str = "fp32"
    retriever: str = "hybrid"
    reader: str = "span"
    reader_path: Path = PROJECT_ROOT / "models" / "reader"
    reader_int8: bool = False
    list_siblings: bool = True
    passages_to_read: int = 3
    early_exit_probability: float = 0.7
    candidates: int = 5
    retrieve_depth: int = 50
    fusion: str = "convex"
    lexical_weight: float = 0.5
    rrf_k: int = 60
    no_answer_threshold: float | None = None  # None: the selector's own threshold (models/selector/MODEL_CARD.md)
    selector_path: Path = PROJECT_ROOT / "models" / "selector"
    rescore_depth: int = 10
    rescore_weight: float = 1.0
    read_window_sentences: int = 4  # Reuters warm p50 163 -> 80 ms (bench/RESULTS.md); see README for the quality trade
    read_whole_passages: int = 0
    chunk_tokens: int = 200
    chunk_overlap_sentences: int = 1
    embed_batch_size: int = MODEL_BATCH
    index_type: str = "auto"
    search_nprobe: int = 0
    max_question_chars: int = 2000

    def with_overrides(self, **overrides: Any) -> QAConfig:
        """Copy with the given fields replaced; ``None`` values are ignored."""
        known = {f.name: f for f in fields(self)}
        clean: dict[str, Any] = {}
        for key, value in overrides.items():
            if value is None:
                continue
            if key not in known:
                raise UsageError(f"unknown setting {key!r} (known: {', '.join(sorted(known))})")
            clean[key] = check_setting(key, value)
        return replace(self, **clean)

    @property
    def index_settings(self) -> IndexSettings:
        """The settings the index layer owns, handed down to ``index.builder``."""
        return IndexSettings(
            corpus=self.corpus,
            index_dir=self.index_dir,
            model_name=self.model_name,
            backend=self.backend,
            precision=self.precision,
            chunk_tokens=self.chunk_tokens,
            chunk_overlap_sentences=self.chunk_overlap_sentences,
            embed_batch_size=self.embed_batch_size,
            index_type=self.index_type,
        )


# ------------------------------------------------------------------ validation
#
# Every setting, from qa.toml or from a flag, passes through ``check_setting``:
# first its type (from the field's annotation: a path, a whole number, a
# finite number, text, true/false), then its rule in ``RULES`` if it has one.
# A bad value is one ``UsageError`` line (exit 2) naming the setting, its flag
# and what it accepts, instead of a traceback or a silent "not found".
# A new field gets its rule by adding one line to ``RULES``.


@dataclass(frozen=True)
class Rule:
    """What one setting accepts beyond its type: a closed range, or a set of words."""

    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()

    def check(self, key: str, value: Any) -> None:
        if self.choices and value not in self.choices:
            raise UsageError(f"{_name(key)} must be one of {', '.join(self.choices)}; got {value!r}")
        if self.low is not None and value < self.low or self.high is not None and value > self.high:
            if self.high is None:
                raise UsageError(f"{_name(key)} must be at least {_num(self.low)}; got {value!r}")
            raise UsageError(f"{_name(key)} must be between {_num(self.low)} and {_num(self.high)}; got {value!r}")


RULES: dict[str, Rule] = {
    "retriever": Rule(choices=("hybrid", "dense", "bm25")),  # qa.retrieval.RETRIEVERS (a test keeps them equal)
    "reader": Rule(choices=("span", "sentence")),  # qa.readers.READERS
    "backend": Rule(choices=("onnx", "torch")),  # index.embedding.BACKENDS
    "precision": Rule(choices=("fp32", "int8")),  # index.embedding.PRECISIONS (int8: onnx only)
    "index_type": Rule(choices=("auto", "flat", "ivf", "ivfpq", "hnsw")),  # index.vector_index.INDEX_TYPES
    "passages_to_read": Rule(1, 100),  # 0 would make every question "not found"
    "early_exit_probability": Rule(0.0, 1.0),  # a probability; 1 turns the early exit off
    "candidates": Rule(1, 100),
    "retrieve_depth": Rule(1, 10_000),
    "fusion": Rule(choices=("convex", "rrf")),  # qa.retrieval.HybridRetriever.fuse
    "lexical_weight": Rule(0.0, 1.0),
    "rrf_k": Rule(0, 1_000_000),
    "no_answer_threshold": Rule(0.0, 1.0),  # confidences are in [0, 1]
    "rescore_depth": Rule(0, 1_000),
    "rescore_weight": Rule(0.0, 1_000.0),
    "read_window_sentences": Rule(0, 10_000),
    "read_whole_passages": Rule(0, 100),
    "chunk_tokens": Rule(8, 256),  # the model reads at most 256 word pieces
    "chunk_overlap_sentences": Rule(0, 50),
    "embed_batch_size": Rule(1, 4_096),
    "search_nprobe": Rule(0, 1_000_000),
    "max_question_chars": Rule(1, 1_000_000),
}

#: The flag that sets a field, for messages (fields without one are qa.toml-only).
FLAGS = {
    "corpus": "--corpus",
    "index_dir": "--index-dir",
    "model_name": "--model",
    "reader": "--reader",
    "retriever": "--retriever",
    "no_answer_threshold": "--threshold",
    "candidates": "--top-k",
    "index_type": "--index-type",
    "backend": "--backend",
    "precision": "--precision",
}


def _name(key: str) -> str:
    flag = FLAGS.get(key)
    return f"setting {key!r} ({flag})" if flag else f"setting {key!r}"


def _num(value: float | None) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _field_types() -> dict[str, Any]:
    """Each field's annotation, resolved (``float | None`` and all)."""
    return typing.get_type_hints(QAConfig)


def _base_type(hint: Any) -> tuple[type, bool]:
    """``(type, optional)`` of an annotation such as ``int`` or ``float | None``."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if args:
        return args[0], len(args) < len(typing.get_args(hint))
    return hint, False


def check_setting(key: str, value: Any) -> Any:
    """``value`` converted to the type of setting ``key`` and checked against its rule.

    Raises:
        UsageError: wrong type, not finite, out of range, or not a known choice.
    """
    kind, _optional = _base_type(_field_types()[key])
    value = _convert(key, kind, value)
    rule = RULES.get(key)
    if rule is not None:
        rule.check(key, value)
    return value


def _convert(key: str, kind: type, value: Any) -> Any:
    bad = UsageError(f"{_name(key)} expects {_KIND_WORDS.get(kind, kind.__name__)}; got {value!r}")
    if kind is Path:
        if isinstance(value, (str, os.PathLike)) and str(value).strip():
            return _path_setting(key, str(value), bad)
        raise bad
    if kind is bool:
        if isinstance(value, bool):
            return value
        words = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False, "no": False, "off": False}
        if isinstance(value, str) and value.strip().lower() in words:
            return words[value.strip().lower()]
        raise bad
    if kind is int:
        if isinstance(value, bool):
            raise bad
        if isinstance(value, float) and math.isfinite(value) and value.is_integer():
            return int(value)
        if isinstance(value, int):
            return value
        if isinstance(value, str) and value.strip().lstrip("+-").isdigit() and len(value) < 20:
            return int(value)
        raise bad
    if kind is float:
        if isinstance(value, bool):
            raise bad
        try:
            number = float(value) if isinstance(value, (int, float, str)) else math.nan
        except (ValueError, OverflowError):
            raise bad from None
        if not math.isfinite(number):
            raise bad
        return number
    if kind is str:
        if isinstance(value, str) and value.strip():
            return value
        raise bad
    return value


def _path_setting(key: str, value: str, bad: UsageError) -> Path:
    """``value`` as a path, ``~`` expanded; a path no system call can take is refused here.

    A NUL (``corpus = "a\\u0000b"`` in qa.toml) made the first ``resolve()``
    raise ``ValueError``, and ``~nobody/x`` made ``expanduser`` raise
    ``RuntimeError``: both were tracebacks instead of a setting error.
    """
    if "\x00" in value:
        raise bad
    try:
        return Path(value).expanduser()
    except RuntimeError:  # "~user" for a user this system does not know
        raise UsageError(f"{_name(key)}: cannot find the home folder in {value!r}") from None


_KIND_WORDS = {Path: "a path", bool: "true or false", int: "a whole number", float: "a finite number", str: "non-empty text"}


def validate_config(config: QAConfig) -> QAConfig:
    """Check every field of ``config`` (a config built in code, not through ``with_overrides``)."""
    for f in fields(config):
        value = getattr(config, f.name)
        if value is not None:
            check_setting(f.name, value)
    return config


def default_index_dir(corpus: Path) -> Path:
    """One index folder per corpus, side by side under ``./.qa-index/`` (the current folder)."""
    if corpus.resolve() == QAConfig.corpus.resolve():
        return QAConfig.index_dir
    import hashlib

    resolved = corpus.resolve()
    tag = hashlib.sha1(str(resolved).encode()).hexdigest()[:8]
    return Path(".qa-index") / f"{resolved.name or 'corpus'}-{tag}"


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
        settings = data.get("qa", data)
        if not isinstance(settings, dict):
            raise UsageError(f"config file {path}: 'qa' must be a table of settings ([qa] then key = value lines)")
        config = config.with_overrides(**settings)
        file_keys = {k for k, v in settings.items() if v is not None}
    else:
        file_keys = set()
    config = config.with_overrides(**cli_overrides)
    given = file_keys | {k for k, v in cli_overrides.items() if v is not None}
    if "corpus" in given and "index_dir" not in given:
        # A corpus set anywhere gets its own index folder: it must not overwrite the seeds' index.
        config = replace(config, index_dir=default_index_dir(config.corpus))
    check_index_outside_corpus(config.corpus, config.index_dir)
    return validate_config(config)


def check_index_outside_corpus(corpus: Path, index_dir: Path) -> None:
    """UsageError for an index folder inside the corpus, unless it is hidden there (``corpus/.qa-index``).

    The corpus scan reads every ``.txt`` under the corpus, and ``qa index
    remove`` moves articles to ``<index>/removed/``: an index at
    ``corpus/idx`` took a removed article straight back in as
    ``idx/removed/<time>/b.txt``. Hidden folders are never scanned.
    """
    real_corpus, real_index = corpus.resolve(), index_dir.resolve()
    if not real_index.is_relative_to(real_corpus):
        return
    inside = real_index.relative_to(real_corpus).parts
    if any(part.startswith(".") for part in inside):
        return
    raise UsageError(
        f"index folder {index_dir} is inside the corpus {corpus}, which would read the index's own files as articles; "
        f"pass --index-dir outside it, or a hidden folder such as {corpus / '.qa-index'}"
    )
