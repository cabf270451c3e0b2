"""Export the encoder and the span reader from torch to ONNX (and to int8).

Why here and only here: this is the one module of the ONNX backend that
imports torch and transformers. It runs once per model (the result is cached,
see ``index.model_cache``), typically during the first ``qa index``; every
later query loads the cached ``.onnx`` files with onnxruntime alone.

Choices, from the spike in issue 13:

- the legacy TorchScript exporter (``dynamo=False``), opset 17, dynamic batch
  and sequence axes: 1-2 s per model, and logits/embeddings within 1e-6 of
  torch;
- the sentence encoder's pooling (mean over real tokens, or CLS) and its L2
  normalisation are inside the graph, so the query path is one ``run`` call;
- int8 is ``quantize_dynamic(per_channel=True, weight_type=QInt8)``: the
  defaults (per-tensor) lose far more (cosine 0.95 against fp32) and
  ``reduce_range`` is worse still.
"""

from __future__ import annotations

import json
import logging
import shutil
import warnings
from pathlib import Path
from typing import Any

from index.model_location import prefer_offline

OPSET = 17
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"


def _load_json(path: Path) -> Any:  # a JSON object for the files read here; modules.json holds a list
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def sentence_model_settings(folder: Path) -> dict[str, Any]:
    """Max sequence length and pooling of a sentence-transformers folder (defaults for a plain model)."""
    st_config = _load_json(folder / "sentence_bert_config.json")
    pooling = "mean"
    for module in _load_json(folder / "modules.json") or []:
        if isinstance(module, dict) and str(module.get("type", "")).endswith("Pooling"):
            cfg = _load_json(folder / module.get("path", "") / "config.json")
            if cfg.get("pooling_mode_cls_token"):
                pooling = "cls"
            elif cfg.get("pooling_mode_max_tokens") or cfg.get("pooling_mode_mean_sqrt_len_tokens"):
                pooling = "unsupported"
    return {"max_seq_length": int(st_config.get("max_seq_length") or 256), "pooling": pooling}


def _save_tokenizer(folder: Path, dest: Path) -> None:
    """The fast tokenizer's ``tokenizer.json`` (made by transformers when the folder only has a vocab)."""
    if (folder / TOKENIZER_FILE).is_file():
        shutil.copyfile(folder / TOKENIZER_FILE, dest / TOKENIZER_FILE)
        return
    from transformers import AutoTokenizer

    AutoTokenizer.from_pretrained(str(folder)).backend_tokenizer.save(str(dest / TOKENIZER_FILE))


def _export(
    module: Any, inputs: dict[str, Any], output_names: list[str], dynamic_axes: dict[str, dict[int, str]], path: Path
) -> None:
    import torch

    with warnings.catch_warnings(), torch.inference_mode(False), torch.no_grad():
        warnings.simplefilter("ignore")  # TracerWarnings about shape arithmetic: the axes are dynamic
        torch.onnx.export(
            module,
            tuple(inputs.values()),
            str(path),
            input_names=list(inputs),
            output_names=output_names,
            dynamic_axes=dynamic_axes,
            opset_version=OPSET,
            do_constant_folding=True,
            dynamo=False,
        )


def _example_inputs(names: list[str]) -> dict[str, Any]:
    import torch

    ids = torch.tensor([[101, 2054, 2003, 1996, 3437, 102, 0], [101, 2129, 2116, 2111, 102, 0, 0]])
    mask = (ids != 0).long()
    values = {"input_ids": ids, "attention_mask": mask, "token_type_ids": torch.zeros_like(ids)}
    return {name: values[name] for name in names}


def _accepts_token_types(model: Any) -> bool:
    import inspect

    return "token_type_ids" in inspect.signature(model.forward).parameters


def export_encoder(folder: Path, dest: Path) -> dict[str, Any]:
    """Write ``model.onnx`` (transformer + pooling + L2 norm) and ``tokenizer.json`` of a sentence model."""
    prefer_offline()  # before transformers is imported: it reads these settings once
    import torch
    from transformers import AutoModel

    settings = sentence_model_settings(folder)
    if settings["pooling"] == "unsupported":
        raise ValueError("its pooling (max or sqrt-length) has no ONNX export here; use --backend torch")
    model = AutoModel.from_pretrained(str(folder), dtype=torch.float32, attn_implementation="eager")
    model.eval()
    names = ["input_ids", "attention_mask"] + (["token_type_ids"] if _accepts_token_types(model) else [])
    cls_pooling = settings["pooling"] == "cls"

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any = None) -> Any:
            kwargs = {"token_type_ids": token_type_ids} if token_type_ids is not None else {}
            hidden = self.model(input_ids=input_ids, attention_mask=attention_mask, **kwargs)[0]
            if cls_pooling:
                pooled = hidden[:, 0]
            else:
                mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2.0, dim=1)

    wrapper = Pooled().eval()
    axes = {name: {0: "batch", 1: "tokens"} for name in names} | {"embedding": {0: "batch"}}
    _export(wrapper, _example_inputs(names), ["embedding"], axes, dest / MODEL_FILE)
    _save_tokenizer(folder, dest)
    return {
        "dimension": int(model.config.hidden_size),
        "max_seq_length": settings["max_seq_length"],
        "pooling": settings["pooling"],
    }


def export_span_reader(folder: Path, dest: Path) -> dict[str, Any]:
    """Write ``model.onnx`` (start and end logits) and ``tokenizer.json`` of a question-answering model."""
    prefer_offline()  # before transformers is imported: it reads these settings once
    import torch
    from transformers import AutoModelForQuestionAnswering

    model = AutoModelForQuestionAnswering.from_pretrained(str(folder), dtype=torch.float32, attn_implementation="eager")
    model.eval()
    names = ["input_ids", "attention_mask"] + (["token_type_ids"] if _accepts_token_types(model) else [])

    class Logits(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any = None) -> tuple[Any, Any]:
            kwargs = {"token_type_ids": token_type_ids} if token_type_ids is not None else {}
            out = self.model(input_ids=input_ids, attention_mask=attention_mask, **kwargs)
            return out.start_logits, out.end_logits

    wrapper = Logits().eval()
    axes = {name: {0: "batch", 1: "tokens"} for name in names} | {
        "start_logits": {0: "batch", 1: "tokens"},
        "end_logits": {0: "batch", 1: "tokens"},
    }
    _export(wrapper, _example_inputs(names), ["start_logits", "end_logits"], axes, dest / MODEL_FILE)
    _save_tokenizer(folder, dest)
    return {}


def quantize_int8(fp32_folder: Path, dest: Path) -> dict[str, Any]:
    """Per-channel dynamic int8 copy of an exported folder (no torch needed)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    logging.disable(logging.WARNING)  # "consider pre-processing" advice on the root logger; measured without it
    try:
        quantize_dynamic(
            str(fp32_folder / MODEL_FILE),
            str(dest / MODEL_FILE),
            weight_type=QuantType.QInt8,
            per_channel=True,
        )
    finally:
        logging.disable(logging.NOTSET)
    shutil.copyfile(fp32_folder / TOKENIZER_FILE, dest / TOKENIZER_FILE)
    meta = json.loads((fp32_folder / "export.json").read_text(encoding="utf-8"))
    return {k: v for k, v in meta.items() if k not in ("kind", "key", "exporter_version", "files")}
