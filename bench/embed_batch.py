"""Chunk embedding speed by batch size: ONNX Runtime (fp32, int8) and bare sentence-transformers, same texts.

Why: ingest is ~97 % embedding, and the texts per model call
(``QAConfig.embed_batch_size``) was 64 without a measurement behind it. On a
2-core CPU a smaller batch keeps a call's activations in cache; this bench
says how much each batch size costs, so the default is a measured one.

The first ``--chunks`` chunk texts of a BBC index (``bench/ingest.py`` keeps
one in ``bench/out/index-bbc-news-onnx-fp32``), each encoder warmed up, then
``--rounds`` rounds that run every (encoder, batch) pair once, alternating;
medians of the rounds.

    .venv/bin/python bench/embed_batch.py [--chunks 512] [--rounds 3] [--batches 4,8,16,32,64]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from common import OUT, header, median, save_raw, table, write_section


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=OUT / "index-bbc-news-onnx-fp32")
    parser.add_argument("--chunks", type=int, default=512)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batches", default="4,8,16,32,64")
    args = parser.parse_args()

    from index.embedding import Embedder, make_embedder
    from index.layout import METADATA_FILE, current_generation
    from index.store import MetadataStore

    store = MetadataStore(current_generation(args.index) / METADATA_FILE, readonly=True)
    texts = []
    for _, text in store.iter_chunk_texts():
        texts.append(text)
        if len(texts) == args.chunks:
            break
    store.close()
    batches = [int(b) for b in args.batches.split(",")]
    encoders = {
        "onnx fp32": make_embedder("all-MiniLM-L6-v2", 8, "onnx", "fp32").load(),
        "onnx int8": make_embedder("all-MiniLM-L6-v2", 8, "onnx", "int8").load(),
        "sentence-transformers (torch)": Embedder("all-MiniLM-L6-v2", 8).load(),
    }
    for enc in encoders.values():
        enc.encode(texts[:32])
    seconds: dict[str, list[float]] = {}
    for _ in range(args.rounds):
        for name, enc in encoders.items():
            for batch in batches:
                enc.batch_size = batch
                t = time.perf_counter()
                enc.encode(texts)
                seconds.setdefault(f"{name}|{batch}", []).append(time.perf_counter() - t)
    rows = []
    for name in encoders:
        best64 = median(seconds[f"{name}|64"]) if 64 in batches else None
        for batch in batches:
            s = median(seconds[f"{name}|{batch}"])
            rows.append([name, batch, s, len(texts) / s, best64 / s if best64 else "-"])
    save_raw("embed-batch", {"chunks": len(texts), "seconds": seconds})
    body = header("Chunk embedding by batch size (BBC chunks, same texts, alternating)")
    body += f"- the first {len(texts)} chunk texts of {args.index.name}; medians of {args.rounds} rounds\n\n"
    body += table(rows, ["encoder", "batch", "seconds", "chunks/s", "speed vs batch 64"])
    write_section("embed-batch", body)
    print(body)


if __name__ == "__main__":
    main()
