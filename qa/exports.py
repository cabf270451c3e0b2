"""Make sure the ONNX exports a configuration needs exist, before they are needed.

Why: with ``backend = "onnx"`` the encoder and the span reader are exported
on first use (torch, a few seconds, one note on standard error). ``qa index``
calls this after building, so ``make run``'s chat and the first ``qa ask``
find both exports ready; ``qa chat`` calls it before its window opens, so a
cold cache never prints into the Textual screen nor imports torch in its
worker. On a warm cache this only ``stat``s the model files (milliseconds)
and loads no session.
"""

from __future__ import annotations

from qa.config import QAConfig


def ensure_exports(config: QAConfig) -> None:
    """Export (once) the encoder and, for the span reader, the reader of ``config``; no-op for torch."""
    if config.backend != "onnx":
        return
    from index.embedding import make_embedder
    from index.onnx_encoder import OnnxEmbedder

    embedder = make_embedder(config.model_name, config.embed_batch_size, config.backend, config.precision)
    assert isinstance(embedder, OnnxEmbedder)  # the onnx backend's encoder
    _ = embedder.folder  # exports it
    if config.reader == "span" and (config.reader_path / "config.json").exists():
        from qa.readers.span_onnx import reader_export_folder

        reader_export_folder(config.reader_path, int8=config.reader_int8 or config.precision == "int8")
