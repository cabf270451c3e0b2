"""The sentence encoder on ONNX Runtime: the default backend for indexing and queries.

Why: importing torch + sentence-transformers takes ~5 s, most of a one-shot
``qa ask``; onnxruntime + ``tokenizers`` take ~0.35 s and encode as fast or
faster (int8: ~2x). This module imports neither torch nor transformers: the
model is exported once (``index.onnx_export``, which does import torch) and
loaded from the cache (``index.model_cache``) afterwards.

The tokenizer must reproduce sentence-transformers exactly: the bundled
``tokenizer.json`` truncates at 128 tokens and pads to a fixed 128, while
sentence-transformers reads up to ``max_seq_length`` (256) and pads to the
batch's longest text. Both are overridden here; otherwise chunks longer than
128 word pieces get different vectors from the index's.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from index.errors import QAError
from index.model_cache import load_with_repair, read_meta, source_hash
from index.model_location import local_model_folder
from index.settings import MODEL_BATCH

if TYPE_CHECKING:
    from tokenizers import Tokenizer

log = logging.getLogger(__name__)

PRECISIONS = ("fp32", "int8")

Export = Callable[[Path, Path], dict[str, Any]]  # (torch source folder, destination) -> metadata
_T = TypeVar("_T")


def ort_session(model_path: Path) -> Any:  # onnxruntime.InferenceSession (no type stubs)
    """An ONNX Runtime CPU session with all graph optimisations, one thread per core, spinning only within a run.

    ONNX Runtime's idle threads spin a while waiting for more work, after
    every parallel section and after the run itself. Within a run that saves
    waking the pool between operators. After it, the spinning threads hold
    cores the next step needs: a question runs the encoder, Python retrieval
    (~5 ms) and the span reader in turn. So ``session.force_spinning_stop``
    stops the threads when a run returns, in both sessions. Measured with
    ``bench/ort_spin.py`` (one process per setting, interleaved, the same
    answers), against the encoder never spinning and the reader spinning after
    its runs (shipped before): warm Reuters questions p50 41.8 -> 39.4 ms
    (0.942x; the encoder's part 6.4 -> 4.6 ms), seed questions 0.968x. One
    thread pool shared by both sessions (``use_per_session_threads = False``,
    whose threads cannot be stopped) gave 0.954x and 1.01x. Indexing, batch
    after batch, encodes as fast as with a pool that keeps spinning.
    """
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3  # warnings about unused initialisers are noise on a CLI
    options.add_session_config_entry("session.force_spinning_stop", "1")
    threads = os.environ.get("QA_THREADS")
    if threads and threads.isdigit():
        options.intra_op_num_threads = int(threads)
    return ort.InferenceSession(str(model_path), sess_options=options, providers=["CPUExecutionProvider"])


def _artifact(
    kind: str, source: Path, precision: str, export: Export, describe: str
) -> tuple[str, str, Callable[[Path], dict[str, Any]], str]:
    """``(cache kind, key, build, description)`` of one export; int8 is quantised from the fp32 export."""
    from index.model_cache import ensure_artifact

    if precision not in PRECISIONS:
        raise QAError(f"unknown precision {precision!r}; choose from {', '.join(PRECISIONS)}")
    key = f"source={source_hash(source)}"

    def build_fp32(dest: Path) -> dict[str, Any]:
        return export(source, dest)

    if precision == "fp32":
        return f"{kind}-fp32", key, build_fp32, describe

    def build_int8(dest: Path) -> dict[str, Any]:
        from index.onnx_export import quantize_int8

        return quantize_int8(ensure_artifact(f"{kind}-fp32", key, build_fp32, describe), dest)

    return f"{kind}-int8", key, build_int8, f"{describe} (int8)"


def exported_folder(kind: str, source: Path, precision: str, export: Export, describe: str) -> Path:
    """The cache folder of an export (made on a cold cache), without loading it."""
    from index.model_cache import ensure_artifact

    return ensure_artifact(*_artifact(kind, source, precision, export, describe))


@contextmanager
def onnx_export_errors(what: str) -> Iterator[None]:
    """Turn a failed ONNX export of ``what`` into a one-line ``QAError`` that names the torch fallback."""
    try:
        yield
    except QAError:
        raise
    except (OSError, ValueError, RuntimeError, ImportError) as exc:
        from index.model_cache import cache_root

        root, failed = cache_root(), getattr(exc, "filename", None)
        if isinstance(failed, str) and (root.is_relative_to(failed) or Path(failed).is_relative_to(root)):
            raise QAError(
                f"cannot write the model cache {root} ({getattr(exc, 'strerror', None) or exc}); "
                "set QA_CACHE_DIR to a writable folder, or use --backend torch"
            ) from exc
        raise QAError(f"cannot export {what} to ONNX: {str(exc).splitlines()[0]}; try --backend torch") from exc


def exported_model(kind: str, source: Path, precision: str, export: Export, describe: str) -> tuple[Path, Any]:
    """``(folder, session)`` of an exported model, exporting (and quantising) on a cold cache.

    Args:
        kind: ``encoder`` or ``reader``.
        source: the torch model's folder.
        precision: ``fp32`` or ``int8`` (quantised from the fp32 export).
        export: ``(source, dest) -> metadata``, run only when the fp32 export is missing.
    """
    from index.onnx_export import MODEL_FILE

    cache_kind, key, build, description = _artifact(kind, source, precision, export, describe)
    return load_with_repair(cache_kind, key, build, description, lambda folder: ort_session(folder / MODEL_FILE))


class OnnxEmbedder:
    """Same interface as ``index.embedding.Embedder``, on ONNX Runtime.

    The session loads lazily on first ``encode``, so ``qa index`` can answer
    "up to date" without it; ``count_tokens`` needs only the tokenizer.
    """

    backend = "onnx"

    def __init__(self, model_name: str, batch_size: int = MODEL_BATCH, precision: str = "fp32") -> None:
        if precision not in PRECISIONS:
            raise QAError(f"unknown precision {precision!r}; choose from {', '.join(PRECISIONS)}")
        self.model_name = model_name
        self.batch_size = batch_size
        self.precision = precision
        self._session: Any = None  # onnxruntime.InferenceSession, once loaded
        self._session_lock = threading.Lock()
        self._prefetch: threading.Thread | None = None

    @cached_property
    def source_folder(self) -> Path:
        try:
            return local_model_folder(self.model_name)
        except (OSError, RuntimeError) as exc:
            raise QAError(f"cannot load embedding model {self.model_name!r}: {str(exc).splitlines()[0]}") from exc

    def _export_args(self) -> tuple[str, Path, str, Export, str]:
        from index.onnx_export import export_encoder

        return "encoder", self.source_folder, self.precision, export_encoder, self.model_name

    def _exporting(self, what: Callable[[str, Path, str, Export, str], _T]) -> _T:
        with onnx_export_errors(f"embedding model {self.model_name!r}"):
            return what(*self._export_args())

    @cached_property
    def folder(self) -> Path:
        """The export's cache folder (exported on a cold cache); the session is not loaded."""
        return self._exporting(exported_folder)

    @property
    def session(self) -> Any:
        """The ONNX Runtime session, created once (also by ``prefetch``'s thread)."""
        with self._session_lock:
            if self._session is None:
                folder, self._session = self._exporting(exported_model)
                self.__dict__["folder"] = folder  # a repaired export may have been rebuilt
            return self._session

    def prefetch(self) -> None:
        """Create the session (and run it once) in a thread while the caller loads other things.

        ONNX Runtime releases the GIL while it builds a session and runs it,
        so the encoder's ~0.15 s load and first-run set-up overlap the span
        reader's. Any error is raised again, with its message, on first use.
        """
        if self._session is not None or self._prefetch is not None:
            return

        def warm() -> None:
            try:
                self.encode(["warm up"])
            except Exception:  # noqa: BLE001 - re-raised by the caller's own first use
                pass

        self._prefetch = threading.Thread(target=warm, name="onnx-encoder-load", daemon=True)
        self._prefetch.start()

    def load(self) -> OnnxEmbedder:
        """Load (exporting once if needed) now rather than on first use."""
        _ = self.session  # the property exports (once) and loads it
        return self

    @cached_property
    def _meta(self) -> dict[str, Any]:
        return read_meta(self.folder)

    @cached_property
    def _input_names(self) -> list[str]:
        return [i.name for i in self.session.get_inputs()]

    @property
    def dimension(self) -> int:
        return int(self._meta["dimension"])

    @property
    def max_tokens(self) -> int:
        return int(self._meta["max_seq_length"])

    def _tokenizer_file(self) -> Path:
        own = self.source_folder / "tokenizer.json"
        return own if own.is_file() else self.folder / "tokenizer.json"

    @cached_property
    def counting_tokenizer(self) -> Tokenizer:
        """The word-piece tokenizer without truncation or padding, for sizing chunks."""
        from tokenizers import Tokenizer

        tok = Tokenizer.from_file(str(self._tokenizer_file()))
        tok.no_truncation()
        tok.no_padding()
        return tok

    @cached_property
    def tokenizer(self) -> Tokenizer:
        """The tokenizer as sentence-transformers applies it: truncation at ``max_seq_length``, no fixed padding."""
        from tokenizers import Tokenizer

        tok = Tokenizer.from_file(str(self.folder / "tokenizer.json"))
        tok.enable_truncation(max_length=self.max_tokens)
        tok.no_padding()  # each batch is padded to its own longest text below
        return tok

    def count_tokens(self, texts: list[str]) -> list[int]:
        """Word pieces per text (no special tokens), for sizing chunks."""
        if not texts:
            return []
        return [len(e.ids) for e in self.counting_tokenizer.encode_batch(list(texts), add_special_tokens=False)]

    def encode(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        """Normalised float32 embeddings, shape ``(len(texts), dimension)``.

        Texts are sorted by length and padded per batch, as sentence-transformers does.
        """
        if len(texts) == 0:
            return np.zeros((0, self.dimension), dtype=np.float32)
        encodings = self.tokenizer.encode_batch([str(t).strip() for t in texts])
        lengths = np.array([len(e.ids) for e in encodings])
        order = np.argsort(-lengths, kind="stable")
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=len(texts), unit="text", desc="embedding")
        for i in range(0, len(order), self.batch_size):
            rows = order[i : i + self.batch_size]
            width = int(lengths[rows].max())
            feeds = {name: np.zeros((len(rows), width), dtype=np.int64) for name in self._input_names}
            for r, idx in enumerate(rows):
                enc = encodings[idx]
                n = len(enc.ids)
                feeds["input_ids"][r, :n] = enc.ids
                feeds["attention_mask"][r, :n] = 1
                if "token_type_ids" in feeds:
                    feeds["token_type_ids"][r, :n] = enc.type_ids
            out[rows] = self.session.run(None, feeds)[0]
            if bar is not None:
                bar.update(len(rows))
        if bar is not None:
            bar.close()
        return out
