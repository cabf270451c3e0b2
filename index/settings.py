"""The settings the index layer owns: where the corpus and index live, how text is chunked and embedded.

``qa.config.QAConfig`` composes them with the retrieval, reader, selector
and chat settings and hands them down (``QAConfig.index_settings``), so
``index`` never imports ``qa``: dependencies point one way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

#: Texts per encoder call when indexing. Small batches are fastest on a CPU: 8
#: gives 1.24x the chunks/s of 64 with ONNX Runtime fp32, 1.38x int8, and
#: sentence-transformers likewise (bench/RESULTS.md, "embed-batch"); a GPU
#: actor of the Ray engine takes wider ones (``index.ray_engine.GPU_EMBED_BATCH``).
MODEL_BATCH = 8


@dataclass(frozen=True)
class IndexSettings:
    """What ``index.builder`` needs to build or check an index (defaults and ranges: ``qa.config``)."""

    corpus: Path
    index_dir: Path
    model_name: str
    backend: str
    precision: str
    chunk_tokens: int
    chunk_overlap_sentences: int
    embed_batch_size: int
    index_type: str


@runtime_checkable
class HasIndexSettings(Protocol):
    """Any configuration that can hand down the index's settings (``QAConfig``)."""

    @property
    def index_settings(self) -> IndexSettings: ...


def index_settings_of(config: IndexSettings | HasIndexSettings) -> IndexSettings:
    """The index settings themselves, or those a larger configuration composes."""
    return config if isinstance(config, IndexSettings) else config.index_settings
