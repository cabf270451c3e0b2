"""FAISS vector indexes keyed by stable chunk ids, chosen by corpus size.

Exhaustive inner-product search (``flat``, vectors kept in float16) is
exact up to that rounding and fast enough for small corpora; from
``APPROXIMATE_FROM`` vectors ``auto`` picks an IVF index
(``ivf``: a trained k-means quantizer, exact vectors in the lists), which
supports ``remove_ids`` and keeps recall@10 >= 0.95 of exact search at the
tuned ``nprobe``. ``ivfpq`` (product-quantised, ~8x less memory) and ``hnsw``
(lowest latency, most memory, slow to build) are offered via
``--index-type``. ``bench/search.py`` measured the threshold and the search
parameters (figures in ``bench/RESULTS.md``).

An index on disk is *segmented* so that adding one article to a large index
does not rewrite it (``VectorIndex``):

- a **base** index of any kind (``vectors.faiss``), never modified in place:
  a new generation hard-links it from the previous one while unchanged;
- a small exact **delta** (``vectors.delta.faiss``) receiving the vectors
  added since the base was written;
- **tombstones** (``vectors.dead.npy``): ids removed from the base, filtered
  out of every search with an ``IDSelector`` (HNSW cannot ``remove_ids``).

When the delta or the tombstones grow past a fraction of the base, the base
is compacted (delta merged in, tombstones removed; HNSW is rebuilt from its
stored vectors), which costs one rewrite of the base, amortised over many
updates.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt

from index.errors import IndexCorruptError
from index.files import link_or_copy
from index.lazy_import import lazy_module

faiss = lazy_module("faiss")  # ~0.1 s: loaded when an index is built or opened, not for `qa --help`
# faiss (SWIG) ships no type information: its index objects are typed as this alias
FaissIndex: TypeAlias = Any

INDEX_TYPES = ("auto", "flat", "ivf", "ivfpq", "hnsw")
# Vectors from which ``auto`` leaves exact search. Measured (bench/search.py,
# one query, one thread, 2-core CPU): exact search costs 6.9 ms at 50k
# vectors, 13 ms at 100k, 30 ms at 200k, 145 ms at 1M; below 100k it is a
# small part of a ~100 ms question and keeps recall exact.
APPROXIMATE_FROM = 100_000
APPROXIMATE_TYPE = "ivf"

IVF_MIN_TRAINING_PER_LIST = 39  # FAISS warns below this many training points per centroid
PQ_CENTROIDS = 256  # per sub-quantiser at 8 bits; fewer training points and ivfpq falls back to 4 bits
# Lists probed per query, of nlist. Real MiniLM news vectors are diffuse: on
# 27.7k Reuters chunks (nlist 666) recall@10 was 0.88 at 1/21 of the lists,
# 0.94 at 1/10, 0.96 at 1/7 (bench/RESULTS.md); clustered synthetic vectors
# need far fewer (1M, nlist 4000: 0.994 at 32 lists). 1/8 errs on recall;
# ``search_nprobe`` in qa.toml trades it for speed.
IVF_NPROBE_FRACTION = 1 / 8
IVF_MIN_NPROBE = 32
IVF_KMEANS_ITERATIONS = 10  # FAISS's default 25 costs 2.5x the training time for no measurable recall
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 64
HNSW_EF_SEARCH = 96

DELTA_MIN = 2_000  # vectors the delta may hold whatever the base's size
DELTA_FRACTION = 0.05  # ...or this fraction of the base, before it is merged into the base
DEAD_FRACTION = 0.10  # tombstones tolerated, as a fraction of the base, before compaction

# Fewer queries than this are searched on one thread: FAISS's OpenMP team
# otherwise waits on cores still spinning in torch's pool after the question
# was encoded (measured: 8 ms -> 2 ms per question on 30k vectors, 2 cores).
SINGLE_THREAD_BELOW = 8

DELTA_SUFFIX = ".delta.faiss"
DEAD_SUFFIX = ".dead.npy"
INFO_SUFFIX = ".json"


def choose_index_type(requested: str, n_vectors: int) -> str:
    """Resolve ``auto`` by size; pass an explicit choice through."""
    if requested not in INDEX_TYPES:
        raise ValueError(f"unknown index type {requested!r}; choose from {', '.join(INDEX_TYPES)}")
    if requested != "auto":
        return requested
    return "flat" if n_vectors < APPROXIMATE_FROM else APPROXIMATE_TYPE


def nlist_for(n_vectors: int) -> int:
    """IVF lists: ~4 sqrt(n) (FAISS guideline), at least 16."""
    return max(16, min(65536, int(4 * math.sqrt(max(n_vectors, 1)))))


def nprobe_for(nlist: int) -> int:
    return min(nlist, max(IVF_MIN_NPROBE, int(round(nlist * IVF_NPROBE_FRACTION))))


def undertrained_note(index_type: str, n_vectors: int) -> str | None:
    """A note when an IVF kind asked for by name has too few vectors to train on, else ``None``.

    FAISS itself prints a raw "WARNING clustering 19 points to 1 centroids"
    on standard error; this says what it means for the user instead (the
    warning is silenced in ``create_index``).
    """
    wanted = IVF_MIN_TRAINING_PER_LIST * (PQ_CENTROIDS if index_type == "ivfpq" else nlist_for(0))
    if not needs_training(index_type) or n_vectors >= wanted:
        return None
    return (
        f"an {index_type} index needs about {wanted:,} chunks to train; with {n_vectors:,} it is no faster "
        "than exact search and may miss neighbours (--index-type auto picks flat at this size)"
    )


def needs_training(index_type: str) -> bool:
    return index_type in ("ivf", "ivfpq")


def training_size(index_type: str, n_vectors: int) -> int:
    """How many vectors an IVF kind wants for training when ``n_vectors`` will be indexed."""
    if not needs_training(index_type):
        return 0
    return min(n_vectors, max(IVF_MIN_TRAINING_PER_LIST * nlist_for(n_vectors), 256 * 40))


def flat_storage(dim: int) -> FaissIndex:
    """An exhaustive inner-product index keeping its vectors in float16.

    Why float16: a question's search over a flat index reads every stored
    vector, and once the span reader has run it is bound by memory, not by
    arithmetic. On Reuters-21578 (27,314 vectors), inside warm questions,
    the two alternating in one process (``bench/flat_storage.py``, "flat-fp16"
    in ``bench/RESULTS.md``): dense search 3.58 -> 2.35 ms, whole question
    p50 34.5 -> 32.4 ms (0.939x), the same answer to all 300 calls; every
    answer of the gold, near-miss and SQuAD sets the same. Normalised MiniLM
    vectors lose nothing that ranks them: a stored component is off by at
    most ~2.4e-4 and a score by about 1e-4. Indexes built before keep their
    float32 ``IndexFlatIP`` and are searched as they are.
    """
    return faiss.IndexScalarQuantizer(dim, faiss.ScalarQuantizer.QT_fp16, faiss.METRIC_INNER_PRODUCT)


def create_index(
    index_type: str, dim: int, training_vectors: np.ndarray | None = None, n_vectors: int | None = None
) -> FaissIndex:
    """An empty raw FAISS index that accepts ``add_with_ids``; IVF kinds are trained first.

    ``n_vectors`` (how many will be added) sizes the IVF lists; it defaults
    to the number of training vectors.
    """
    if index_type == "flat":
        return faiss.IndexIDMap2(flat_storage(dim))
    if index_type == "hnsw":
        hnsw = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        hnsw.hnsw.efSearch = HNSW_EF_SEARCH
        return faiss.IndexIDMap2(hnsw)
    if index_type in ("ivf", "ivfpq"):
        if training_vectors is None or len(training_vectors) == 0:
            raise ValueError("IVF indexes need training vectors")
        n = max(n_vectors or 0, len(training_vectors))
        nlist = max(1, min(nlist_for(n), len(training_vectors) // IVF_MIN_TRAINING_PER_LIST))
        quantizer = faiss.IndexFlatIP(dim)
        if index_type == "ivf":
            index = faiss.IndexIVFFlat(quantizer, dim, nlist, faiss.METRIC_INNER_PRODUCT)
        else:
            m = 48 if dim % 48 == 0 else 32 if dim % 32 == 0 else 16 if dim % 16 == 0 else 8 if dim % 8 == 0 else 1
            nbits = 8 if len(training_vectors) >= PQ_CENTROIDS * IVF_MIN_TRAINING_PER_LIST else 4
            index = faiss.IndexIVFPQ(quantizer, dim, nlist, m, nbits, faiss.METRIC_INNER_PRODUCT)
        index.cp.seed = 1234
        index.cp.niter = IVF_KMEANS_ITERATIONS
        index.cp.min_points_per_centroid = 1  # too few points is reported once, as a build warning (undertrained_note)
        if index_type == "ivfpq":
            index.pq.cp.min_points_per_centroid = 1
        index.train(np.ascontiguousarray(training_vectors, dtype=np.float32))
        index.nprobe = nprobe_for(nlist)
        return index
    raise ValueError(f"unknown index type {index_type!r}")


def _inner(index: FaissIndex) -> FaissIndex:
    """The index under an ``IndexIDMap2`` wrapper (or itself)."""
    return faiss.downcast_index(index.index) if isinstance(index, (faiss.IndexIDMap, faiss.IndexIDMap2)) else index


def kind_of(index: FaissIndex) -> str:
    inner = _inner(faiss.downcast_index(index))
    if isinstance(inner, faiss.IndexHNSW):
        return "hnsw"
    if isinstance(inner, faiss.IndexIVFPQ):
        return "ivfpq"
    if isinstance(inner, faiss.IndexIVF):
        return "ivf"
    return "flat"


def stored_vectors(index: FaissIndex, batch: int = 65536) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(ids, vectors) of every vector a raw index holds, in batches.

    Exact for ``flat``, ``hnsw`` and ``ivf``; ``ivfpq`` gives its lossy
    reconstructions (callers re-embed instead).
    """
    index = faiss.downcast_index(index)
    if isinstance(index, (faiss.IndexIDMap, faiss.IndexIDMap2)):
        ids = faiss.vector_to_array(index.id_map).astype(np.int64)
        inner = faiss.downcast_index(index.index)
        for i in range(0, len(ids), batch):
            n = min(batch, len(ids) - i)
            yield ids[i : i + n], inner.reconstruct_n(i, n)
        return
    if isinstance(index, faiss.IndexIVF):
        invlists = index.invlists
        for lst in range(index.nlist):
            size = invlists.list_size(lst)
            if size == 0:
                continue
            ids = faiss.rev_swig_ptr(invlists.get_ids(lst), size).copy().astype(np.int64)
            vecs = (
                np.vstack([index.reconstruct_from_offset(lst, off) for off in range(size)])
                if isinstance(index, faiss.IndexIVFPQ)
                else None
            )
            if vecs is None:
                codes = faiss.rev_swig_ptr(invlists.get_codes(lst), size * index.code_size).copy()
                vecs = codes.view(np.float32).reshape(size, index.d)
            yield ids, vecs
        return
    raise ValueError(f"cannot read vectors back from {type(index).__name__}")


def _search_params(base: FaissIndex, selector: Any) -> Any:  # faiss objects: untyped (follow_imports=skip)
    kind = kind_of(base)
    if kind == "hnsw":
        params = faiss.SearchParametersHNSW()
        params.efSearch = _inner(base).hnsw.efSearch
    elif kind in ("ivf", "ivfpq"):
        params = faiss.SearchParametersIVF()
        params.nprobe = faiss.downcast_index(base).nprobe
    else:
        params = faiss.SearchParameters()
    params.sel = selector
    return params


class VectorIndex:
    """A base FAISS index + an exact delta + tombstones, keyed by chunk id.

    Searches see ``base - tombstones + delta``; ``ntotal`` counts live
    vectors. Load with ``load_index``; write with ``save``.
    """

    def __init__(
        self,
        index_type: str,
        dim: int,
        base: FaissIndex | None = None,
        *,
        base_file: Path | None = None,
        base_count: int | None = None,
        delta: FaissIndex | None = None,
        dead: np.ndarray | None = None,
    ) -> None:
        self.index_type = index_type
        self.d = int(dim)
        self._base = base
        self._base_file = base_file  # where an unmodified base can be linked from
        self._base_count = int(base.ntotal if base is not None else (base_count or 0))
        self.base_dirty = base_file is None
        self.delta = delta if delta is not None else faiss.IndexIDMap2(faiss.IndexFlatIP(self.d))
        self.dead = np.unique(np.asarray(dead if dead is not None else [], dtype=np.int64))
        self._delta_ids: set[int] | None = None
        self._selector: tuple[Any, Any] | None = None  # (IDSelectorNot, the batch it wraps: kept alive)
        self.compactions = 0

    # construction -----------------------------------------------------------
    @classmethod
    def create(
        cls, index_type: str, dim: int, training_vectors: np.ndarray | None = None, n_vectors: int | None = None
    ) -> VectorIndex:
        """A new, empty index; vectors added go straight into its base."""
        return cls(index_type, dim, create_index(index_type, dim, training_vectors, n_vectors))

    @property
    def base(self) -> FaissIndex:
        """The base index, read from disk on first use."""
        if self._base is None:
            assert self._base_file is not None
            self._base = _read(self._base_file)
            self._base_count = int(self._base.ntotal)
        return self._base

    @property
    def base_loaded(self) -> bool:
        return self._base is not None

    # counts -----------------------------------------------------------------
    @property
    def ntotal(self) -> int:
        """Live vectors: base minus tombstones plus delta."""
        return self._base_count - len(self.dead) + int(self.delta.ntotal)

    @property
    def base_count(self) -> int:
        return self._base_count

    # updates ----------------------------------------------------------------
    def add(self, ids: npt.ArrayLike, vectors: np.ndarray) -> None:
        ids = np.asarray(ids, dtype=np.int64)
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if self.base_dirty and self._base is not None and not self.delta.ntotal:
            self._base.add_with_ids(vectors, ids)  # a base being built
            self._base_count = int(self._base.ntotal)
        else:
            self.delta.add_with_ids(vectors, ids)
            if self._delta_ids is not None:
                self._delta_ids.update(ids.tolist())

    def remove(self, ids: Iterable[int]) -> None:
        """Drop vectors by id; an id in neither part becomes a tombstone, which then filters nothing."""
        ids = np.asarray(list(ids), dtype=np.int64)
        if not len(ids):
            return
        if self._delta_ids is None:
            self._delta_ids = set(faiss.vector_to_array(self.delta.id_map).tolist()) if self.delta.ntotal else set()
        in_delta = np.array([i in self._delta_ids for i in ids.tolist()], dtype=bool)
        if in_delta.any():
            self.delta.remove_ids(ids[in_delta])
            self._delta_ids.difference_update(ids[in_delta].tolist())
        rest = ids[~in_delta]
        if len(rest):
            if self.base_dirty and self._base is not None and kind_of(self._base) != "hnsw":
                self._base_count -= int(self._base.remove_ids(rest))
            else:
                self.dead = np.union1d(self.dead, rest)
        self._selector = None

    def needs_compaction(self) -> bool:
        limit = max(DELTA_MIN, int(DELTA_FRACTION * self._base_count))
        return self.delta.ntotal > limit or len(self.dead) > max(DELTA_MIN // 4, int(DEAD_FRACTION * self._base_count))

    def compact(self) -> None:
        """Merge the delta into the base and purge tombstones (one base rewrite)."""
        base = self.base
        kind = kind_of(base)
        if len(self.dead):
            if kind == "hnsw":
                base = self._rebuilt_without(base, self.dead)
            else:
                base.remove_ids(self.dead)
            self.dead = np.zeros(0, dtype=np.int64)
        if self.delta.ntotal:
            for ids, vecs in stored_vectors(self.delta):
                base.add_with_ids(vecs, ids)
            self.delta = faiss.IndexIDMap2(faiss.IndexFlatIP(self.d))
            self._delta_ids = set()
        self._base = base
        self._base_count = int(base.ntotal)
        self.base_dirty = True
        self._selector = None
        self.compactions += 1

    def _rebuilt_without(self, base: FaissIndex, drop: np.ndarray) -> FaissIndex:
        fresh = create_index("hnsw", self.d)
        _inner(fresh).hnsw.efSearch = _inner(base).hnsw.efSearch
        for ids, vecs in stored_vectors(base):
            keep = ~np.isin(ids, drop)
            if keep.any():
                fresh.add_with_ids(np.ascontiguousarray(vecs[keep]), ids[keep])
        return fresh

    def converted(self, index_type: str, training_sample: int = 0) -> VectorIndex:
        """The same live vectors in another kind of index, without re-embedding.

        Raises ValueError for ``ivfpq`` sources (their vectors are lossy).
        """
        if self.index_type == "ivfpq":
            raise ValueError("ivfpq keeps only compressed vectors; re-embed instead")
        self.compact()
        training = None
        if needs_training(index_type):
            want = training_sample or training_size(index_type, self.ntotal)
            rng = np.random.default_rng(0)
            parts = []
            for _, vecs in stored_vectors(self.base):
                take = rng.random(len(vecs)) < want / max(1, self.ntotal)
                parts.append(vecs[take])
            training = np.vstack(parts) if parts else np.zeros((0, self.d), np.float32)
        fresh = VectorIndex.create(index_type, self.d, training, n_vectors=self.ntotal)
        for ids, vecs in stored_vectors(self.base):
            fresh.add(ids, vecs)
        return fresh

    # search -----------------------------------------------------------------
    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Scores and chunk ids, best first; ``-1`` ids where fewer than ``k`` hits."""
        queries = np.ascontiguousarray(queries, dtype=np.float32)
        if len(queries) >= SINGLE_THREAD_BELOW:
            return self._search(queries, k)
        threads = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(1)
        try:
            return self._search(queries, k)
        finally:
            faiss.omp_set_num_threads(threads)

    def _search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        k = max(1, k)
        base = self.base
        if len(self.dead):
            if self._selector is None:
                batch = faiss.IDSelectorBatch(self.dead)
                self._selector = (faiss.IDSelectorNot(batch), batch)
            not_dead, _ = self._selector
            scores, ids = base.search(queries, k, params=_search_params(base, not_dead))
        else:
            scores, ids = base.search(queries, k)
        if not self.delta.ntotal:
            return scores, ids
        d_scores, d_ids = self.delta.search(queries, min(k, int(self.delta.ntotal)))
        all_scores = np.hstack([scores, d_scores])
        all_ids = np.hstack([ids, d_ids])
        all_scores[all_ids < 0] = -np.inf
        order = np.argsort(-all_scores, axis=1, kind="stable")[:, :k]
        out_scores = np.take_along_axis(all_scores, order, axis=1)
        out_ids = np.take_along_axis(all_ids, order, axis=1)
        out_ids[~np.isfinite(out_scores)] = -1
        return out_scores.astype(np.float32), out_ids

    def set_search_params(self, nprobe: int | None = None, ef_search: int | None = None) -> None:
        base = faiss.downcast_index(self.base)
        if nprobe is not None and isinstance(base, faiss.IndexIVF):
            base.nprobe = nprobe
        if ef_search is not None and kind_of(base) == "hnsw":
            _inner(base).hnsw.efSearch = ef_search

    def save(self, path: Path) -> None:
        """Write (or hard-link an unchanged base) beside ``path``'s sidecars."""
        if self.needs_compaction():
            self.compact()
        path = Path(path)
        if self.base_dirty or self._base_file is None:
            faiss.write_index(self.base, str(path))
        else:
            link_or_copy(self._base_file, path)
        for suffix in (DELTA_SUFFIX, DEAD_SUFFIX):
            Path(str(path) + suffix).unlink(missing_ok=True)
        if self.delta.ntotal:
            faiss.write_index(self.delta, str(path) + DELTA_SUFFIX)
        if len(self.dead):
            np.save(str(path) + DEAD_SUFFIX, self.dead)
        info = {
            "index_type": self.index_type,
            "dimension": self.d,
            "base_count": self._base_count,
            "delta_count": int(self.delta.ntotal),
            "dead_count": int(len(self.dead)),
        }
        Path(str(path) + INFO_SUFFIX).write_text(json.dumps(info) + "\n", encoding="utf-8")


def _read(path: Path) -> FaissIndex:
    try:
        return faiss.read_index(str(path))
    except RuntimeError as exc:
        raise IndexCorruptError(
            f"vector index {path} is unreadable ({str(exc).splitlines()[0][:80]}); run `qa index --rebuild`"
        ) from exc


# opening and searching ------------------------------------------------------------
# Functions rather than methods: ``load_index`` decides which parts to read before
# a ``VectorIndex`` exists, and ``search`` also takes a bare FAISS index (benches).
def search(index: VectorIndex | FaissIndex, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Scores and chunk ids, ``-1`` where fewer than ``k`` hits exist."""
    k = max(1, min(k, index.ntotal)) if index.ntotal else 1
    if isinstance(index, VectorIndex):
        return index.search(queries, k)
    found: tuple[np.ndarray, np.ndarray] = index.search(np.ascontiguousarray(queries, dtype=np.float32), k)  # faiss: Any
    return found


def load_index(path: Path, lazy: bool = False) -> VectorIndex:
    """Open a saved index; ``lazy`` defers reading the base until it is needed."""
    path = Path(path)
    info_path = Path(str(path) + INFO_SUFFIX)
    try:
        info = json.loads(info_path.read_text(encoding="utf-8")) if info_path.exists() else None
        delta_path = Path(str(path) + DELTA_SUFFIX)
        delta = _read(delta_path) if delta_path.exists() else None
        dead_path = Path(str(path) + DEAD_SUFFIX)
        dead = np.load(dead_path) if dead_path.exists() else None
    except (OSError, ValueError) as exc:
        raise IndexCorruptError(f"vector index {path} is unreadable ({exc}); run `qa index --rebuild`") from exc
    if info is None or not lazy:
        base = _read(path)
        kind = info["index_type"] if info else kind_of(base)
        return VectorIndex(kind, base.d, base, base_file=path, delta=delta, dead=dead)
    if not path.exists():
        raise IndexCorruptError(f"vector index {path} is missing; run `qa index --rebuild`")
    return VectorIndex(
        info["index_type"], info["dimension"], None, base_file=path, base_count=info["base_count"], delta=delta, dead=dead
    )
