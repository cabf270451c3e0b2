"""Quantisation schemes for the span reader: how often each picks fp32's best span, and how fast it reads.

The int8 reader (``reader_int8 = true``) reads a warm seed question in about
two thirds of the time, but its answers near the refusal threshold flip both
ways (README, "Backends and precision"), so it is opt-in. This measures
candidate schemes against the fp32 export, on windows shaped like the
pipeline's: SQuAD v1.1 dev articles 28-31 (the selector's calibration
articles, not the reader's held-out ones), two questions per paragraph,
tokenised and grouped exactly as ``qa.readers.span_onnx`` does.

- ``dynamic``: what ships, ``quantize_dynamic(per_channel=True, QInt8)``;
- ``dynamic, FFN output fp32``: the same, the feed-forward output matmuls
  (inputs after GELU, the widest activations) left in fp32;
- ``8-bit weights, block B``: weight-only ``MatMulNBits`` (8 bits, blocks of
  B along the input, activations quantised per block at ``accuracy_level``
  4); needs ``pip install onnx-ir``, else these rows are skipped.

Agreement is the share of windows whose best span, decoded as the reader
decodes it (``decode_window`` on whole words), is fp32's; time is the median
of alternating passes over all windows, in one process.

    .venv/bin/python bench/reader_quant.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from common import ROOT, header, median, table, write_section

MAX_LENGTH, STRIDE = 256, 96  # the span reader's windows (qa.readers.span.SpanReader's defaults)


def windows() -> Any:
    from qa.readers.span_model import encode_windows
    from qa.readers.span_onnx import WindowTokenizer, reader_export_folder

    folder = reader_export_folder(ROOT / "models" / "reader")
    tokenizer = WindowTokenizer(folder / "tokenizer.json")
    data = json.loads((ROOT / "data" / "squad" / "squad-v1.1-dev.json").read_text(encoding="utf-8"))["data"]
    questions, passages = [], []
    for article in data[28:32]:
        for paragraph in article["paragraphs"]:
            for qa in paragraph["qas"][:2]:
                questions.append(qa["question"])
                passages.append(paragraph["context"])
    return folder / "model.onnx", tokenizer, encode_windows(tokenizer, questions, passages, MAX_LENGTH, STRIDE)


def dynamic(exclude: Callable[[str], bool]) -> Callable[[Path, Path], None]:
    def build(source: Path, dest: Path) -> None:
        import onnx
        from onnxruntime.quantization import QuantType, quantize_dynamic

        nodes = [n.name for n in onnx.load(str(source)).graph.node if exclude(n.name)]
        quantize_dynamic(str(source), str(dest), weight_type=QuantType.QInt8, per_channel=True, nodes_to_exclude=nodes)

    return build


def weight_only(block: int) -> Callable[[Path, Path], None]:
    def build(source: Path, dest: Path) -> None:
        from onnxruntime.quantization.matmul_nbits_quantizer import DefaultWeightOnlyQuantConfig, MatMulNBitsQuantizer

        config = DefaultWeightOnlyQuantConfig(block_size=block, is_symmetric=True, accuracy_level=4, bits=8)
        quantizer = MatMulNBitsQuantizer(str(source), bits=8, block_size=block, accuracy_level=4, algo_config=config)
        quantizer.process()
        quantizer.model.save_model_to_file(str(dest), use_external_data_format=False)

    return build


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    from index.onnx_encoder import ort_session
    from qa.readers.span_model import context_token_mask, decode_window, word_boundary_masks
    from qa.readers.span_onnx import onnx_logits

    logging.disable(logging.WARNING)  # quantize_dynamic's "consider pre-processing" advice
    source, tokenizer, enc = windows()
    context = [context_token_mask(enc, i) for i in range(len(enc.encodings))]
    words = [word_boundary_masks(enc.word_ids(i)) for i in range(len(enc.encodings))]

    def best_spans(starts: list[np.ndarray], ends: list[np.ndarray]) -> list[tuple[int, int] | None]:
        """Each window's best span as character offsets, as the reader decodes it (None: no span)."""
        out: list[tuple[int, int] | None] = []
        for i, (s, e) in enumerate(zip(starts, ends)):
            spans = decode_window(s, e, enc["offset_mapping"][i], context[i], 0, n_best=1, word_masks=words[i])
            out.append((spans[0].start, spans[0].end) if spans else None)
        return out

    schemes: dict[str, Callable[[Path, Path], None]] = {
        "dynamic (shipped int8)": dynamic(lambda name: False),
        "dynamic, FFN output fp32": dynamic(lambda name: name.endswith("/output/dense/MatMul") and "attention" not in name),
    }
    try:
        import onnx_ir  # noqa: F401  (MatMulNBitsQuantizer needs it)

        schemes["8-bit weights, block 32"] = weight_only(32)
        schemes["8-bit weights, block 128"] = weight_only(128)
        skipped = ""
    except ImportError:
        skipped = "- weight-only 8-bit rows skipped: `pip install onnx-ir` to run them\n"

    reference = ort_session(source)
    names = [i.name for i in reference.get_inputs()]

    def read(session: Any) -> tuple[list[np.ndarray], list[np.ndarray]]:
        return onnx_logits(session, names, enc, tokenizer.pad_token_id, 16)

    ref_start, ref_end = read(reference)
    ref_best = best_spans(ref_start, ref_end)
    sessions: dict[str, Any] = {"fp32 (default)": reference}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, build in schemes.items():
            path = Path(tmp) / f"{len(sessions)}.onnx"
            build(source, path)
            sessions[label] = ort_session(path)
        times: dict[str, list[float]] = {label: [] for label in sessions}
        agreement: dict[str, float] = {}
        drift: dict[str, float] = {}
        for label, session in sessions.items():
            starts, ends = read(session)  # warm-up, and the logits compared
            agreement[label] = float(np.mean([b == r for b, r in zip(best_spans(starts, ends), ref_best)]))
            drift[label] = float(np.mean([np.abs(s - r)[c].mean() for s, r, c in zip(starts, ref_start, context)]))
        for _ in range(args.repeats):
            for label, session in sessions.items():
                t = time.perf_counter()
                read(session)
                times[label].append(time.perf_counter() - t)
    base = median(times["fp32 (default)"])
    for label in sessions:
        t = median(times[label])
        rows.append(
            [label, f"{100 * agreement[label]:.1f}", f"{drift[label]:.3f}", t * 1000 / len(enc.encodings), f"{t / base:.2f}x"]
        )

    body = header("Span reader quantisation schemes against fp32 (SQuAD 28-31 windows)")
    body += (
        f"- {len(enc.encodings)} windows (2 questions a paragraph, {MAX_LENGTH} word pieces, stride {STRIDE}); "
        f"median of {args.repeats} alternating passes\n"
    )
    body += skipped + "\n"
    body += table(rows, ["scheme", "best span = fp32's %", "mean abs start-logit change", "ms a window", "time / fp32"])
    write_section("reader-quant", body)
    print(body)


if __name__ == "__main__":
    main()
