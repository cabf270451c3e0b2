"""Does ONNX Runtime's transformer optimizer make the span reader faster on CPU?

``onnxruntime.transformers.optimizer.optimize_model(model_type="bert")``
rewrites a BERT graph into fused contrib ops (Attention,
SkipLayerNormalization, BiasGelu, EmbedLayerNormalization). The reader's
forward pass is ~85 % of a warm question (#13), so a faster graph would be
the cheapest lever left. This times the shipped reader's fp32 export (from
the user cache, exported on a cold cache) against its optimized copy, both
in sessions with ``ORT_ENABLE_ALL``, alternating runs in the same process, on
batches shaped like the pipeline's (1-16 windows of 128-200 word pieces,
random token ids), and checks that the logits agree.

    .venv/bin/python bench/ort_fusion.py [--repeats 15]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
from common import ROOT, header, median, table, write_section

SHAPES = ((1, 128), (3, 150), (5, 180), (16, 200))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()

    from onnxruntime.transformers.optimizer import optimize_model

    from index.onnx_encoder import ort_session
    from qa.readers.span_onnx import reader_export_folder

    source = reader_export_folder(ROOT / "models" / "reader") / "model.onnx"
    with tempfile.TemporaryDirectory() as tmp:
        fused_path = Path(tmp) / "fused.onnx"
        t0 = time.perf_counter()
        optimized = optimize_model(str(source), model_type="bert", num_heads=12, hidden_size=384, opt_level=1)
        optimized.save_model_to_file(str(fused_path))
        optimize_s = time.perf_counter() - t0
        fused_ops = {k: v for k, v in optimized.get_fused_operator_statistics().items() if v}
        plain, fused = ort_session(source), ort_session(fused_path)
        names = [i.name for i in plain.get_inputs()]
        rng = np.random.default_rng(0)
        rows, ratios = [], []
        for batch, length in SHAPES:
            feeds = {
                "input_ids": rng.integers(1000, 20000, (batch, length)).astype(np.int64),
                "attention_mask": np.ones((batch, length), np.int64),
                "token_type_ids": np.zeros((batch, length), np.int64),
            }
            feeds = {k: v for k, v in feeds.items() if k in names}
            diff = max(float(np.abs(a - b).max()) for a, b in zip(plain.run(None, feeds), fused.run(None, feeds)))
            times: dict[str, list[float]] = {"plain": [], "fused": []}
            for _ in range(args.repeats):
                for name, session in (("plain", plain), ("fused", fused)):
                    t = time.perf_counter()
                    session.run(None, feeds)
                    times[name].append((time.perf_counter() - t) * 1000)
            p, f = median(times["plain"]), median(times["fused"])
            ratios.append(f / p)
            rows.append([f"{batch} x {length}", p, f, f"{f / p:.2f}x", f"{diff:.1e}"])

    body = header("ONNX Runtime transformer optimizer on the span reader")
    body += f"- fused operators: {fused_ops}; optimizing took {optimize_s:.1f} s\n"
    body += f"- median of {args.repeats} alternating runs per shape, same process\n\n"
    body += table(
        rows, ["windows x word pieces", "ORT_ENABLE_ALL ms", "optimizer-fused ms", "fused / plain", "max abs logit difference"]
    )
    verdict = "faster" if max(ratios) < 1.0 else "not faster"
    body += f"\n\nThe optimizer-fused graph is {verdict} than ORT_ENABLE_ALL's own fusions here ({min(ratios):.2f}-{max(ratios):.2f}x).\n"
    write_section("ort-fusion", body)
    print(body)


if __name__ == "__main__":
    main()
