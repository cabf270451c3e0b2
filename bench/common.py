"""Shared helpers for the benchmarks: machine description, percentiles, memory, RESULTS.md sections.

Benchmarks are run by hand (``.venv/bin/python bench/<name>.py``), never by
pytest (the files are not named ``test_*``). Each writes its own section of
``bench/RESULTS.md`` between markers, so they can be re-run one at a time,
and keeps its raw numbers in ``bench/out/<name>.json`` (git-ignored).
"""

from __future__ import annotations

import json
import os
import platform
import re
import shlex
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
RESULTS = BENCH / "RESULTS.md"
SHARED = Path(os.environ.get("QA_SHARED_CORPORA") or ROOT.parent / "shared" / "corpora")  # a worktree elsewhere sets it
BBC = SHARED / "bbc-news.jsonl"
REUTERS = SHARED / "reuters21578.jsonl"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
sys.path.insert(0, str(ROOT))


def machine() -> str:
    """One line: CPU model, cores, RAM, library versions; and whether a GPU exists."""
    model = platform.processor() or "unknown CPU"
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        found = re.search(r"Model name:\s*(.+)", lscpu)
        model = found.group(1).strip() if found else model
    except (OSError, subprocess.CalledProcessError):
        pass
    mem_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kb = int(line.split()[1])
    import faiss
    import onnxruntime
    import torch

    gpu = "CUDA GPU present" if torch.cuda.is_available() else "no GPU (none is lent to this task; CPU only)"
    return (
        f"{model}, {os.cpu_count()} cores, {mem_kb / 1024 / 1024:.1f} GiB RAM; Python {platform.python_version()}, "
        f"torch {torch.__version__} ({torch.get_num_threads()} threads), onnxruntime {onnxruntime.__version__}, faiss {faiss.__version__}; {gpu}"
    )


def command_line() -> str:
    return ".venv/bin/python " + " ".join(shlex.quote(a) for a in [os.path.relpath(sys.argv[0], ROOT), *sys.argv[1:]])


def pct(values, q: float) -> float:
    return float(np.percentile(np.asarray(values, dtype=np.float64), q)) if len(values) else float("nan")


def median(values) -> float:
    return pct(values, 50)


def rss_mb() -> float:
    """Current resident memory of this process, MiB."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


class PeakRSS:
    """Samples RSS every 20 ms in a thread: the peak during a ``with`` block."""

    def __init__(self) -> None:
        self.peak = 0.0
        self.start = 0.0
        self._stop = threading.Event()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_mb())
            time.sleep(0.02)

    def __enter__(self) -> PeakRSS:
        self.start = rss_mb()
        self.peak = self.start
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mb())

    @property
    def growth(self) -> float:
        return self.peak - self.start


@contextmanager
def timer(out: dict, key: str):
    t = time.perf_counter()
    yield
    out[key] = time.perf_counter() - t


def other_load() -> str:
    """Warn when something else (e.g. a training job) is busy on the CPU."""
    try:
        load1 = os.getloadavg()[0]
    except OSError:
        return ""
    busy = subprocess.run(["pgrep", "-f", "train_full"], capture_output=True, text=True).stdout.strip()
    note = f"load average {load1:.2f} at start"
    if busy:
        note += "; WARNING: a training job was running (timings not comparable)"
    return note


def write_section(name: str, body: str) -> None:
    """Replace (or append) the ``name`` section of RESULTS.md."""
    begin, end = f"<!-- BEGIN {name} -->", f"<!-- END {name} -->"
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n\n"
    block = f"{begin}\n{body.rstrip()}\n{end}"
    if begin in text and end in text:
        text = text[: text.index(begin)] + block + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(text, encoding="utf-8")


def save_raw(name: str, data) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.json").write_text(json.dumps(data, indent=2, default=float) + "\n", encoding="utf-8")


def header(title: str) -> str:
    return (
        f"## {title}\n\n"
        f"- machine: {machine()}\n"
        f"- command: `{command_line()}`\n"
        f"- run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {other_load()}\n"
    )


def table(rows: list[list], head: list[str]) -> str:
    def fmt(v):
        if isinstance(v, float):
            return f"{v:,.3g}" if abs(v) < 100 else f"{v:,.0f}"
        return str(v)

    lines = ["| " + " | ".join(head) + " |", "| " + " | ".join("---" for _ in head) + " |"]
    lines += ["| " + " | ".join(fmt(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def corpus_copy(src: Path, dest_root: Path) -> Path:
    """A corpus folder holding a copy of ``src`` (a .jsonl file)."""
    import shutil

    folder = dest_root / src.stem
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(src, folder / src.name)
    return folder
