"""The sentence encoder, loaded once per process: ``make_embedder`` picks the backend.

``backend = "onnx"`` (the default) is ``index.onnx_encoder.OnnxEmbedder``:
onnxruntime + tokenizers, no torch on the query path. ``backend = "torch"``
is the sentence-transformers ``Embedder`` below, the reference the ONNX
export is made from and checked against.

Embeddings are L2-normalised so FAISS inner product equals cosine
similarity. Texts are encoded in batches; sentence-transformers already sorts
each call's texts by length, which keeps padding (and time) down.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Protocol

import numpy as np

from index.errors import QAError, UsageError
from index.model_location import prefer_offline, resolve_model_path
from index.settings import MODEL_BATCH

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer
    from transformers import PreTrainedTokenizerBase

    from index.onnx_encoder import OnnxEmbedder

log = logging.getLogger(__name__)


BACKENDS = ("onnx", "torch")
PRECISIONS = ("fp32", "int8")


class TextEncoder(Protocol):
    """What indexing and the readers need of an encoder: ``Embedder`` and ``OnnxEmbedder`` both are one."""

    @property
    def dimension(self) -> int: ...

    def count_tokens(self, texts: list[str]) -> list[int]: ...

    def encode(self, texts: Sequence[str], progress: bool = False) -> np.ndarray: ...


def make_embedder(
    model_name: str, batch_size: int = MODEL_BATCH, backend: str = "onnx", precision: str = "fp32"
) -> Embedder | OnnxEmbedder:
    """The encoder for ``backend`` and ``precision``; int8 is an ONNX Runtime quantisation only."""
    if backend not in BACKENDS:
        raise UsageError(f"unknown backend {backend!r}; choose from {', '.join(BACKENDS)}")
    if precision not in PRECISIONS:
        raise UsageError(f"unknown precision {precision!r}; choose from {', '.join(PRECISIONS)}")
    if backend == "torch":
        if precision != "fp32":
            raise UsageError(f"precision {precision!r} needs the onnx backend; use --backend onnx or --precision fp32")
        return Embedder(model_name, batch_size)
    from index.onnx_encoder import OnnxEmbedder

    return OnnxEmbedder(model_name, batch_size, precision)


class Embedder:
    """Wraps one SentenceTransformer; the model loads lazily on first use.

    Lazy loading lets ``qa index`` answer "index is up to date" without paying
    the model's start-up cost, while its word-piece tokenizer (cheap) is still
    available for chunking.
    """

    backend = "torch"
    precision = "fp32"

    def __init__(self, model_name: str, batch_size: int = MODEL_BATCH, device: str | None = None) -> None:
        self.model_name = model_name
        self.batch_size = batch_size
        self.device = device

    def load(self) -> Embedder:
        """Load the model now rather than on first use."""
        _ = self.model  # the property loads it
        return self

    @cached_property
    def model(self) -> SentenceTransformer:
        prefer_offline()
        from sentence_transformers import SentenceTransformer

        path = resolve_model_path(self.model_name)
        try:
            return SentenceTransformer(path, device=self.device or "cpu")
        except (OSError, ValueError) as exc:
            raise QAError(f"cannot load embedding model {self.model_name!r}: {str(exc).splitlines()[0]}") from exc

    @cached_property
    def tokenizer(self) -> PreTrainedTokenizerBase:
        """The model's fast tokenizer, without loading the model weights."""
        if "model" in self.__dict__:
            loaded: PreTrainedTokenizerBase = self.model.tokenizer  # sentence-transformers types it Any
            return loaded
        prefer_offline()
        from transformers import AutoTokenizer

        try:
            return AutoTokenizer.from_pretrained(resolve_model_path(self.model_name))
        except (OSError, ValueError) as exc:
            raise QAError(f"cannot load tokenizer of {self.model_name!r}: {str(exc).splitlines()[0]}") from exc

    @property
    def dimension(self) -> int:
        model = self.model
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        # sentence-transformers types the dimension Optional; a loaded sentence model always reports one
        return int(getter())  # type: ignore[arg-type]

    def count_tokens(self, texts: list[str]) -> list[int]:
        """Word pieces per text (no special tokens), for sizing chunks."""
        if not texts:
            return []
        ids = self.tokenizer(texts, add_special_tokens=False, truncation=False)["input_ids"]
        return [len(x) for x in ids]

    def encode(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        """Normalised float32 embeddings, shape ``(len(texts), dimension)``."""
        if len(texts) == 0:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)
