"""The build's read/chunk and embed steps on a Ray cluster (``qa index --engine ray``).

Ray Data runs the same functions as a local build (``index.engine``):

1. the new or changed files (only those: the plan is made locally, see
   ``index.changes``) become a dataset of paths;
2. tasks read, clean and chunk them with ``index.engine.read_file``, the
   local code, so chunk offsets are exactly a local build's;
3. ``map_batches`` with a callable class embeds the chunk texts on a pool of
   actors, each loading the model once (ONNX or torch backend; ``num_gpus``
   with the torch backend when the cluster has GPUs);
4. the driver streams the vectors into shard files in the new generation
   folder, and ``index.builder`` builds the same index as ever from them
   (SQLite, BM25, FAISS, generations, the atomic switch).

Actors ask for a fraction of a CPU: on a 2-CPU cluster two actors holding one
CPU each would starve the read tasks, and the pipeline would wait forever.

Ray is an optional extra; nothing here imports it at module level.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import os
import pickle
import re
import shutil
import socket
import warnings
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from index.engine import ChunkSettings, FileChunks, FileWork, read_file
from index.errors import IndexCorruptError, QAError, UsageError
from index.settings import MODEL_BATCH

log = logging.getLogger(__name__)

INSTALL_HINT = "--engine ray needs Ray, an optional extra: pip install 'corpus-qa[ray]'"
LOCAL_CPUS = os.cpu_count() or 2  # a Ray started here, without --ray-address, gets every core
SHARDS_DIR = "ray-shards"  # inside the new generation folder; removed before it is published
SHARD_ROWS = 8192
EMBED_BATCH = 256  # chunk texts per actor call
CHUNK_FILES_BATCH = 4  # files per read/chunk task
GPU_EMBED_BATCH = 128  # texts per model call on a GPU actor (the CPU default, index.settings.MODEL_BATCH, is small)


def import_ray() -> Any:
    """The ``ray`` module (with ``ray.data``); a one-line ``UsageError`` when the extra is missing."""
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as exc:
        raise UsageError(INSTALL_HINT) from exc
    return ray


def connect(address: str | None = None, num_cpus: int = LOCAL_CPUS) -> Any:
    """Join the cluster at ``address``, or start a local Ray; reuse one already started.

    Raises:
        UsageError: Ray is not installed.
        QAError: nothing answers at ``address`` (one line, no traceback).
    """
    ray = import_ray()
    if ray.is_initialized():
        return ray
    logging.getLogger("ray").setLevel(logging.ERROR)
    if address:
        _check_reachable(address)
        _token_auth_if_token()
    try:
        if address:
            ray.init(address=address, log_to_driver=False, logging_level=logging.ERROR)
        else:
            # "local": a new Ray even when `ray start` left a cluster behind (ray.init() alone would join it)
            ray.init(
                address="local", num_cpus=num_cpus, include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR
            )
    except Exception as exc:  # Ray raises ConnectionError, RuntimeError, ValueError...
        where = f"the Ray cluster at {address}" if address else "a local Ray"
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:160]
        hint = ""
        if address and os.environ.get("RAY_AUTH_MODE") != "disabled":
            hint = (
                " (a cluster with token authentication needs its token: RAY_AUTH_TOKEN, or ~/.ray/auth_token from the head node)"
            )
        raise QAError(f"cannot start or join {where}: {first}{hint}") from exc
    _quiet_data(False)
    return ray


def _check_reachable(address: str) -> None:
    """Fail in seconds on a ``host:port`` nobody listens on (``ray.init`` would retry for a minute)."""
    match = re.fullmatch(r"(?:ray://)?\[?([^\]]+?)\]?:(\d+)", address)
    if address == "auto" or match is None:
        return
    host, port = match.group(1), int(match.group(2))
    try:
        with socket.create_connection((host, port), timeout=5):
            return
    except OSError as exc:
        raise QAError(
            f"cannot join the Ray cluster at {address}: {exc.strerror or exc} "
            "(start one with `ray start --head`, or leave out --ray-address for a local Ray)"
        ) from exc


def _token_auth_if_token() -> None:
    """Send the cluster token when one is at hand (``RAY_AUTH_TOKEN``, ``RAY_AUTH_TOKEN_PATH``, ``~/.ray/auth_token``).

    ``ray start --head`` (2.60) turns token authentication on and writes
    ``~/.ray/auth_token``; a local ``ray.init()`` finds it, but
    ``ray.init(address=...)`` does not look unless ``RAY_AUTH_MODE=token``,
    and fails after 20 s of retries. ``RAY_AUTH_MODE`` set by the user wins.
    """
    if "RAY_AUTH_MODE" in os.environ:
        return
    if (
        os.environ.get("RAY_AUTH_TOKEN")
        or os.environ.get("RAY_AUTH_TOKEN_PATH")
        or (Path.home() / ".ray" / "auth_token").is_file()
    ):
        os.environ["RAY_AUTH_MODE"] = "token"
        try:  # Ray read its configuration at import: have it read RAY_AUTH_MODE again, as its own local start does
            config: Any = importlib.import_module("ray._raylet").Config
            config.initialize("")
        except (ImportError, AttributeError):  # another Ray version: the variable alone
            pass


def _quiet_data(progress: bool) -> None:
    import ray.data

    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = progress
    if hasattr(ctx, "print_on_execution_start"):
        ctx.print_on_execution_start = False
    logging.getLogger("ray.data").setLevel(logging.ERROR)
    # A small update has fewer blocks than actors; Ray Data says so on stderr at every run.
    warnings.filterwarnings("ignore", message="The minimum number of concurrent actors", category=UserWarning)


def cluster_shape(ray: Any) -> tuple[float, float]:
    """``(CPUs, GPUs)`` of the cluster."""
    resources = ray.cluster_resources()
    return float(resources.get("CPU", 1.0)), float(resources.get("GPU", 0.0))


def actor_cpus(cpus: float, workers: int) -> float:
    """CPUs each of ``workers`` embedding actors asks for: at most one, and half a CPU left for the tasks."""
    return round(max(0.1, min(1.0, (cpus - 0.5) / max(1, workers))), 2)


def text_key(text: str) -> str:
    """Which vector belongs to a chunk text: same text, same vector."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


# ------------------------------------------------------------ cluster side


@lru_cache(maxsize=4)
def _token_counter(model_name: str, backend: str, precision: str) -> Callable[[list[str]], list[int]]:
    """The model's word-piece counter, once per worker process (no model weights)."""
    from index.embedding import make_embedder

    counter: Callable[[list[str]], list[int]] = make_embedder(model_name, 1, backend, precision).count_tokens
    return counter


def chunk_files(
    batch: dict[str, np.ndarray], corpus: str, model: tuple[str, str, str], settings: ChunkSettings
) -> dict[str, Any]:
    """Ray Data task: ``read_file`` of each file in the batch, the local build's own code."""
    count_tokens = _token_counter(*model)
    order, payloads, texts = [], [], []
    for i, rel, path, before in zip(batch["i"], batch["rel"], batch["path"], batch["before"], strict=True):
        read = read_file(Path(corpus), FileWork(str(rel), Path(str(path)), pickle.loads(before)), count_tokens, settings)
        order.append(int(i))
        payloads.append(pickle.dumps(read))
        texts.append(pickle.dumps(_chunk_texts(read)))
    return {
        "i": np.array(order, dtype=np.int64),
        "payload": np.array(payloads, dtype=object),
        "texts": np.array(texts, dtype=object),
    }


def _chunk_texts(read: FileChunks) -> list[str]:
    """What gets embedded: each new chunk's title and sentences (``Chunk.search_text``)."""
    return [c.search_text(d.document) for d in read.documents if d.chunks for c in d.chunks]


def explode_texts(row: dict[str, Any]) -> list[dict[str, bytes]]:
    """One row per chunk text (as UTF-8 bytes: Arrow strings refuse lone surrogates)."""
    return [{"text": t.encode("utf-8", "surrogatepass")} for t in pickle.loads(row["texts"])]


class EmbedChunks:
    """Ray Data callable class: one per actor, loading the model once.

    Its arguments are bound as a class attribute (``bound``), not passed as
    constructor arguments, which Ray would keep in the object store and warn
    about on every run.
    """

    ARGS: tuple[Any, ...] = ()

    @classmethod
    def bound(cls, *args: Any) -> type[EmbedChunks]:
        return type("EmbedChunks", (cls,), {"ARGS": args})

    def __init__(self) -> None:
        self._load(*self.ARGS)

    def _load(self, model_name: str, batch_size: int, backend: str, precision: str, threads: int, device: str | None) -> None:
        os.environ["QA_THREADS"] = str(max(1, threads))  # ONNX Runtime: no more threads than the actor's CPUs
        if device is not None:
            from index.embedding import Embedder

            # a GPU wants wide batches; the CPU default (QAConfig.embed_batch_size) is small
            self.embedder: Any = Embedder(model_name, max(batch_size, GPU_EMBED_BATCH), device=device)
        else:
            from index.embedding import make_embedder

            self.embedder = make_embedder(model_name, batch_size, backend, precision)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        texts = [bytes(t).decode("utf-8", "surrogatepass") for t in batch["text"]]
        vectors = self.embedder.encode(texts)
        return {"key": np.array([text_key(t) for t in texts]), "vector": vectors}


# -------------------------------------------------------------- driver side


class RayEngine:
    """``index.engine.Engine`` on a Ray cluster: read/chunk tasks, an embedding actor pool, shards.

    Args:
        model_name, batch_size, backend, precision: the index settings' encoder.
        address: a cluster to join (``ray start --head`` prints it); ``None`` starts a local Ray.
        workers: embedding actors; default one per cluster CPU (one per GPU on a GPU cluster).
    """

    def __init__(
        self,
        model_name: str,
        batch_size: int = MODEL_BATCH,
        backend: str = "onnx",
        precision: str = "fp32",
        *,
        address: str | None = None,
        workers: int | None = None,
    ) -> None:
        self.ray = connect(address)
        self.model = (model_name, backend, precision)
        self.batch_size = batch_size
        self.backend, self.precision = backend, precision
        self.cpus, self.gpus = cluster_shape(self.ray)
        default = int(self.gpus) if self.gpus >= 1 and backend == "torch" else max(1, int(self.cpus))
        self.workers = max(1, workers or default)
        self._shards: list[Path] = []
        self._where: dict[str, tuple[int, int]] = {}
        self._arrays: dict[int, np.ndarray] = {}
        self._dimension: int | None = None
        self._shard_dir: Path | None = None
        self.timings: dict[str, float] = {}

    @property
    def dimension(self) -> int:
        if self._dimension is None:
            from index.embedding import make_embedder

            self._dimension = int(make_embedder(self.model[0], 1, self.backend, self.precision).dimension)
        return self._dimension

    def read_files(
        self, corpus: Path, work: Sequence[FileWork], settings: ChunkSettings, workdir: Path, progress: bool
    ) -> Iterator[FileChunks]:
        """Chunk and embed ``work`` on the cluster; yield each file's chunks in the given order."""
        if not work:
            return iter(())
        import time

        ray = self.ray
        _quiet_data(progress)
        t0 = time.perf_counter()
        rows = [{"i": n, "rel": w.rel, "path": str(w.path), "before": pickle.dumps(dict(w.before))} for n, w in enumerate(work)]
        files = ray.data.from_items(rows, override_num_blocks=max(1, min(len(rows), self.workers * 4)))
        chunked = files.map_batches(
            chunk_files,
            fn_kwargs={"corpus": str(corpus), "model": self.model, "settings": settings},
            batch_size=CHUNK_FILES_BATCH,
            batch_format="numpy",
            num_cpus=0.5,
        ).materialize()
        self.timings["ray_chunk"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        self._write_shards(chunked.flat_map(explode_texts, num_cpus=0.25), workdir)
        self.timings["ray_embed"] = time.perf_counter() - t0
        return self._in_order(chunked, len(work))

    def _embedded(self, texts: Any) -> Any:
        per_actor = actor_cpus(self.cpus, self.workers)
        gpu = self.gpus >= 1 and self.backend == "torch"
        with warnings.catch_warnings():  # max_restarts goes through ray_remote_args, deprecated in 2.60 without a named successor
            warnings.filterwarnings("ignore", message=".*ray_remote_args.*")
            return self._map_embed(texts, per_actor, gpu)

    def _map_embed(self, texts: Any, per_actor: float, gpu: bool) -> Any:
        return texts.map_batches(
            EmbedChunks.bound(
                self.model[0], self.batch_size, self.backend, self.precision, max(1, int(per_actor)), "cuda" if gpu else None
            ),
            batch_size=EMBED_BATCH,
            batch_format="numpy",
            concurrency=self.workers,
            num_cpus=per_actor,
            num_gpus=min(1.0, self.gpus / self.workers) if gpu else 0,
            # A lost actor fails the build (the live index stays); restarting it
            # would need its arguments kept in the object store, which Ray warns about.
            max_restarts=0,
        )

    def _write_shards(self, texts: Any, workdir: Path) -> None:
        """Stream the actors' vectors into ``.npy`` shards; remember where each text's vector is."""
        self._shard_dir = workdir / SHARDS_DIR
        self._shard_dir.mkdir(parents=True, exist_ok=True)
        keys: list[str] = []
        parts: list[np.ndarray] = []

        def flush() -> None:
            if not parts:
                return
            n = len(self._shards)
            path = self._shard_dir / f"shard-{n:05d}.npy"  # type: ignore[operator]
            block = np.ascontiguousarray(np.concatenate(parts), dtype=np.float32)
            np.save(path, block)
            self._shards.append(path)
            self._dimension = int(block.shape[1])
            for row, key in enumerate(keys):
                self._where[key] = (n, row)
            keys.clear()
            parts.clear()

        for batch in self._embedded(texts).iter_batches(batch_size=EMBED_BATCH, batch_format="numpy"):
            keys.extend(str(k) for k in batch["key"])
            parts.append(np.asarray(batch["vector"], dtype=np.float32))
            if len(keys) >= SHARD_ROWS:
                flush()
        flush()

    def _in_order(self, chunked: Any, count: int) -> Iterator[FileChunks]:
        """The files' chunks in plan order, whatever order the blocks come back in.

        A reorder buffer, not ``Dataset.sort``: the blocks usually come back in
        order already, and a distributed sort costs 4-5 s per build even for ten rows.
        """
        pending: dict[int, bytes] = {}
        expected = 0
        for row in chunked.iter_rows():
            i = int(row["i"])
            if not expected <= i < count or i in pending:
                raise IndexCorruptError(f"internal error: the cluster returned file {i} twice or out of range")
            pending[i] = row["payload"]
            while expected in pending:
                yield pickle.loads(pending.pop(expected))
                expected += 1
        if expected != count:
            raise IndexCorruptError(f"internal error: the cluster returned {expected} of {count} files")

    def embed(self, texts: list[str]) -> np.ndarray:
        """The cluster's vectors of these chunk texts, from the shards."""
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            where = self._where.get(text_key(text))
            if where is None:
                raise IndexCorruptError("internal error: a chunk was not embedded by the cluster; run `qa index --rebuild`")
            shard, offset = where
            if shard not in self._arrays:
                self._arrays[shard] = np.load(self._shards[shard], mmap_mode="r")
            out[row] = self._arrays[shard][offset]
        return out

    def finish(self) -> None:
        """Forget the shards and delete them: they are not part of the published generation."""
        self._arrays.clear()
        self._where.clear()
        self._shards.clear()
        if self._shard_dir is not None:
            shutil.rmtree(self._shard_dir, ignore_errors=True)
            self._shard_dir = None
