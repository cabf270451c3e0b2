"""The span reader's ONNX Runtime pieces: the exported model and a torch-free tokenizer.

Why: with ``backend = "onnx"`` (the default) a question must be answered
without importing torch or transformers (~5 s of a one-shot ``qa ask``).
The reader is exported once from ``models/reader/`` into the user cache
(``index.onnx_encoder.exported_model``; fp32 is ~90 MB, too big to ship
beside the 45 MB fp16 safetensors), and the windows are cut by the
``tokenizers`` library directly.

``WindowTokenizer`` answers the calls ``SpanReader`` and
``qa.readers.span_model.encode_windows`` make on a transformers fast
tokenizer, and ``WindowEncoding`` the parts of its ``BatchEncoding`` that
the decoding loop reads (``overflow_to_sample_mapping``, ``offset_mapping``,
``word_ids(i)``, ``sequence_ids(i)``), built from the same
``tokenizers.Encoding`` objects transformers itself wraps: windows, stride
and offsets are therefore identical to the torch backend's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from tokenizers import Encoding


class WindowEncoding:
    """A list of ``tokenizers.Encoding`` windows, read like a transformers ``BatchEncoding``."""

    _FIELDS: dict[str, Callable[[Encoding], list[Any]]] = {
        "input_ids": lambda e: e.ids,
        "token_type_ids": lambda e: e.type_ids,
        "attention_mask": lambda e: e.attention_mask,
        "offset_mapping": lambda e: e.offsets,
    }

    def __init__(self, encodings: list[Encoding], sample_mapping: list[int], single: bool = False) -> None:
        self.encodings = encodings
        self._sample_mapping = sample_mapping
        self._single = single

    def __len__(self) -> int:
        return len(self.encodings)

    def __getitem__(self, key: str) -> Any:  # per key what BatchEncoding holds: list of ids, offsets... per window
        if key == "overflow_to_sample_mapping":
            return self._sample_mapping
        try:
            get = self._FIELDS[key]
        except KeyError:
            raise KeyError(key) from None
        if self._single:
            return get(self.encodings[0])
        return [get(e) for e in self.encodings]

    def word_ids(self, index: int = 0) -> list[int | None]:
        return self.encodings[index].word_ids

    def sequence_ids(self, index: int = 0) -> list[int | None]:
        return self.encodings[index].sequence_ids


class WindowTokenizer:
    """``tokenizer(questions, passages, truncation="only_second", ...)`` on the ``tokenizers`` library."""

    def __init__(self, path: Path) -> None:
        from tokenizers import Tokenizer

        self._tok = Tokenizer.from_file(str(path))
        self._tok.no_padding()  # windows are padded per forward batch
        self.pad_token_id = self._tok.token_to_id("[PAD]") or 0

    def __call__(
        self,
        text: str | Sequence[str],
        text_pair: str | Sequence[str] | None = None,
        *,
        truncation: bool | str = False,
        max_length: int | None = None,
        stride: int = 0,
        return_overflowing_tokens: bool = False,
        return_offsets_mapping: bool = True,
        padding: bool | str = False,
        add_special_tokens: bool = True,
    ) -> WindowEncoding:
        if padding:
            raise ValueError("WindowTokenizer pads per forward batch; call it with padding=False")
        single = isinstance(text, str)
        texts = [text] if single else list(text)
        pairs = None if text_pair is None else ([text_pair] if isinstance(text_pair, str) else list(text_pair))
        if truncation and max_length:
            strategy = truncation if isinstance(truncation, str) and truncation != "longest_first" else "longest_first"
            self._tok.enable_truncation(max_length=max_length, stride=stride, strategy=strategy)
        else:
            self._tok.no_truncation()
        inputs = texts if pairs is None else list(zip(texts, pairs))
        encodings: list[Encoding] = []
        mapping: list[int] = []
        for sample, enc in enumerate(self._tok.encode_batch(inputs, add_special_tokens=add_special_tokens)):
            windows = [enc, *enc.overflowing] if return_overflowing_tokens else [enc]
            encodings.extend(windows)
            mapping.extend([sample] * len(windows))
        return WindowEncoding(encodings, mapping, single=single and not return_overflowing_tokens)


def length_buckets(lengths: Sequence[int], batch: int, slack: float = 1.1) -> list[list[int]]:
    """Indices of windows grouped for forward passes: by length, at most ``batch`` each, padding at most ``slack``.

    A forward pass pads every window to the longest in it, and padded
    positions cost as much as real ones. Sorting by length and starting a
    new group when a window is more than ``slack`` times the group's
    shortest keeps that waste under 10 %: a question's three windows of,
    say, 120, 150 and 200 word pieces run as three passes rather than one
    of 3 x 200 (a warm seed question reads ~7 % faster).
    """
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    groups: list[list[int]] = []
    for i in order:
        if groups and len(groups[-1]) < batch and lengths[i] <= slack * lengths[groups[-1][0]]:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def onnx_logits(
    session: Any, input_names: list[str], enc: WindowEncoding, pad_id: int, batch: int
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Start and end logits of every window (in ``enc``'s order), run in groups of similar length (``length_buckets``)."""
    windows = enc.encodings
    starts: list[np.ndarray] = [np.empty(0, dtype=np.float32)] * len(windows)
    ends: list[np.ndarray] = [np.empty(0, dtype=np.float32)] * len(windows)
    for group in length_buckets([len(e.ids) for e in windows], batch):
        rows = [windows[i] for i in group]
        width = max(len(e.ids) for e in rows)
        feeds = {name: np.zeros((len(rows), width), dtype=np.int64) for name in input_names}
        if pad_id:
            feeds["input_ids"].fill(pad_id)
        for r, e in enumerate(rows):
            n = len(e.ids)
            feeds["input_ids"][r, :n] = e.ids
            feeds["attention_mask"][r, :n] = 1
            if "token_type_ids" in feeds:
                feeds["token_type_ids"][r, :n] = e.type_ids
        start_logits, end_logits = session.run(["start_logits", "end_logits"], feeds)
        for r, i in enumerate(group):
            n = len(windows[i].ids)
            starts[i] = start_logits[r, :n]
            ends[i] = end_logits[r, :n]
    return starts, ends


def export_reader(source: Path, dest: Path) -> dict[str, Any]:
    """Export the span reader in ``source`` to ``dest`` (imports torch; runs once per reader)."""
    from index.onnx_export import export_span_reader

    return export_span_reader(source, dest)


def reader_export_folder(model_path: Path, int8: bool = False) -> Path:
    """The cache folder of the reader's export, exporting it on a cold cache (no session loaded)."""
    from index.onnx_encoder import exported_folder

    return exported_folder("reader", Path(model_path), "int8" if int8 else "fp32", export_reader, f"the span reader {model_path}")
