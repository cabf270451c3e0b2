"""The trained span reader: start/end logits over word pieces, mapped to characters.

Each passage's clean text is paired with the question and cut into stride
windows exactly as in training (``qa.readers.span_model``); the fast
tokenizer's offset mapping brings every word piece back to a character, and
``ReadablePassage.to_original`` brings that back to the original article.

The reader computes no confidence: each span carries its logits (span,
the window's own no-answer score, their margin) and is ordered by margin;
the pipeline's selector (``qa.selector``) turns those and other evidence
into the one probability a user sees.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from index.model_location import prefer_offline
from qa.errors import QAError
from qa.readers.base import ReadablePassage, Reader, SpanPrediction
from qa.readers.span_model import (
    context_token_mask,
    crosses_a_paragraph,
    cuts_a_word,
    decode_window,
    encode_windows,
    scored_spans,
    shortened_questions,
    tidy_span_edges,
    word_boundary_masks,
)

FORWARD_BATCH = 32


class SpanReader(Reader):
    def __init__(
        self,
        model_path: Path,
        max_length: int = 256,
        stride: int = 96,
        max_answer_tokens: int = 30,
        int8: bool = False,
        backend: str = "onnx",
        propose: Callable[[str, str], list[tuple[int, int]]] | None = None,
    ) -> None:
        """Load the reader on ``backend``: ``onnx`` (exported once, cached; no torch) or ``torch`` (the reference).

        ``propose(question, passage_text)`` names character spans of the
        passage to score besides the reader's own n-best (``qa.list_siblings``).
        """
        self.propose = propose
        if not (Path(model_path) / "config.json").exists():
            raise QAError(f"span reader weights not found in {model_path}; run `qa train-reader` or use `--reader sentence`")
        self.backend = backend
        self.max_length = max_length
        self.stride = stride
        self.max_answer_tokens = max_answer_tokens
        if backend == "onnx":
            self._init_onnx(Path(model_path), int8)
        elif backend == "torch":
            self._init_torch(Path(model_path), int8)
        else:
            raise QAError(f"unknown backend {backend!r}; choose from onnx, torch")

    def _init_onnx(self, model_path: Path, int8: bool) -> None:
        from index.onnx_encoder import exported_model, onnx_export_errors
        from qa.readers.span_onnx import WindowTokenizer, export_reader

        with onnx_export_errors(f"the span reader in {model_path}"):
            folder, self.session = exported_model(
                "reader", model_path, "int8" if int8 else "fp32", export_reader, f"the span reader {model_path}"
            )
        self._input_names = [i.name for i in self.session.get_inputs()]
        self.tokenizer: Any = WindowTokenizer(folder / "tokenizer.json")  # or transformers' fast tokenizer: same call

    def _init_torch(self, model_path: Path, int8: bool) -> None:
        prefer_offline()
        import torch
        from transformers import AutoModelForQuestionAnswering, AutoTokenizer

        self.torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(str(model_path))
        model = AutoModelForQuestionAnswering.from_pretrained(str(model_path), dtype=torch.float32)
        model.eval()
        if int8:
            # Dynamic int8 on the Linear layers: reading is ~1.9x faster on
            # CPU but costs ~3 EM on SQuAD (see models/reader/MODEL_CARD.md),
            # so it is opt-in (reader_int8 = true).
            with warnings.catch_warnings():  # torch marks eager quantisation deprecated; it still works in 2.13
                warnings.simplefilter("ignore")
                # torch leaves quantize_dynamic unannotated
                model = torch.ao.quantization.quantize_dynamic(  # type: ignore[no-untyped-call]
                    model, {torch.nn.Linear}, dtype=torch.qint8
                )
        self.model = model

    def _logits(self, enc: Any) -> tuple[list[np.ndarray], list[np.ndarray]]:  # BatchEncoding or WindowEncoding
        if self.backend == "onnx":
            from qa.readers.span_onnx import onnx_logits

            return onnx_logits(self.session, self._input_names, enc, self.tokenizer.pad_token_id, FORWARD_BATCH)
        torch = self.torch
        starts, ends = [], []
        n = len(enc["input_ids"])
        with torch.inference_mode():
            for i in range(0, n, FORWARD_BATCH):
                sl = slice(i, i + FORWARD_BATCH)
                ids = enc["input_ids"][sl]
                width = max(len(x) for x in ids)
                pad = self.tokenizer.pad_token_id
                input_ids = torch.tensor([x + [pad] * (width - len(x)) for x in ids])
                token_types = torch.tensor([x + [0] * (width - len(x)) for x in enc["token_type_ids"][sl]])
                mask = torch.tensor([[1] * len(x) + [0] * (width - len(x)) for x in ids])
                out = self.model(input_ids=input_ids, token_type_ids=token_types, attention_mask=mask)
                for row in range(len(ids)):
                    starts.append(out.start_logits[row].float().numpy())
                    ends.append(out.end_logits[row].float().numpy())
        return starts, ends

    def read_batch(self, questions: Sequence[str], passages: Sequence[Sequence[ReadablePassage]]) -> list[list[SpanPrediction]]:
        questions = shortened_questions(self.tokenizer, questions)  # room for the passage in every window
        pairs: list[tuple[int, int, list[tuple[int, int]]]] = []
        q_texts: list[str] = []
        p_texts: list[str] = []
        for qi, (question, plist) in enumerate(zip(questions, passages)):
            for pi, passage in enumerate(plist):
                text, table = passage.clean_text_and_offsets()
                if not text:
                    continue
                pairs.append((qi, pi, table))
                q_texts.append(question)
                p_texts.append(text)
        results: list[dict[tuple[int, int, int], SpanPrediction]] = [dict() for _ in questions]
        if not pairs:
            return [[] for _ in questions]
        enc = encode_windows(self.tokenizer, q_texts, p_texts, self.max_length, self.stride)
        starts, ends = self._logits(enc)
        proposed = [self.propose(q, t) if self.propose else [] for q, t in zip(q_texts, p_texts)]
        for f_idx, sample in enumerate(enc["overflow_to_sample_mapping"]):
            qi, pi, table = pairs[sample]
            passage = passages[qi][pi]
            words = word_boundary_masks(enc.word_ids(f_idx))
            context = context_token_mask(enc, f_idx)
            spans = decode_window(
                starts[f_idx],
                ends[f_idx],
                enc["offset_mapping"][f_idx],
                context,
                pi,
                self.max_answer_tokens,
                n_best=5,
                word_masks=words,
            )
            if proposed[sample]:
                offsets = enc["offset_mapping"][f_idx]
                spans += scored_spans(starts[f_idx], ends[f_idx], offsets, context, pi, proposed[sample])
            for span in spans:
                start = ReadablePassage.to_original(table, span.start)
                end = ReadablePassage.to_original(table, span.end, is_end=True)
                start, end = tidy_span_edges(passage.doc_text, start, end)
                if cuts_a_word(passage.doc_text, start, end) or crosses_a_paragraph(passage.doc_text, start, end):
                    continue
                margin = span.score - span.null_score
                key = (hash(passage.passage.doc_id), start, end)
                best = results[qi].get(key)
                if best is None or margin > best.score:
                    results[qi][key] = SpanPrediction(pi, start, end, margin, margin, span.score, span.null_score)
        return [sorted(r.values(), key=lambda p: -p.score) for r in results]
