"""Question in, extractive answer out: retrieve chunks, read spans, decide.

The one entry point every front end uses (``qa ask``, ``qa batch``,
``qa eval``, the chat). Model, index and reader load once in
``QAPipeline.load``; ``answer_batch`` encodes and searches all questions of
a batch in one call each, so batches cost far less than single questions.
"""

from __future__ import annotations

import dataclasses
import logging
import time
import unicodedata
from collections.abc import Callable, Sequence

import numpy as np

from index.corpus_index import CorpusIndex
from index.embedding import TextEncoder, make_embedder
from index.types import Document, Metadata
from qa.answer_types import sentence_type_check
from qa.article_header import with_header_answer
from qa.body_names import answer_span, asks_for_body
from qa.config import QAConfig
from qa.coordinated_answers import asks_for_several, with_whole_list
from qa.early_exit import read_in_two_stages
from qa.errors import IndexMismatchError, QAError, QuestionError
from qa.evidence import LexicalEvidence, QuestionTerms, rescore_by_sentences
from qa.features import QuestionContext, candidate_features
from qa.frequency_spans import asks_how_often
from qa.metrics import normalize_answer
from qa.readers import READERS, ReadablePassage, Reader, SpanPrediction
from qa.readers.span_model import crosses_a_sentence
from qa.refusal import refusal_reason
from qa.retrieval import RETRIEVERS, Retriever, retrieval_setting
from qa.selector import ScoreCalibration, Selector
from qa.terminal_text import without_escape_sequences
from qa.types import Candidate, Passage, QAResult

RETRIEVED_FOR_EVAL = 10  # passages kept on a result for recall@10 / MRR@10
SCORED_CANDIDATES = 20  # reader spans (best margins first) the selector scores per question

log = logging.getLogger(__name__)


def hide_sentences(passages: list[ReadablePassage], hidden: Sequence[str]) -> list[ReadablePassage]:
    """The passages without every sentence that holds one of ``hidden`` (case-insensitive).

    How a near-miss evaluation asks a question of a corpus that keeps the
    topic but lacks the fact (``qa.nearmiss``'s ``answer_removed``); offsets
    stay those of the original articles.
    """
    needles = [h.lower() for h in hidden if h.strip()]
    if not needles:
        return passages
    out = []
    for p in passages:
        kept = tuple(s for s in p.sentences if not any(n in p.doc_text[s.start : s.end].lower() for n in needles))
        if kept:
            out.append(dataclasses.replace(p, sentences=kept))
    return out


def validate_question(question: str, config: QAConfig) -> str:
    """The question as the models see it; QuestionError when it cannot be answered at all.

    Terminal escape sequences (colour codes pasted with the text) are
    removed whole; other control, format and unassigned code points (NUL,
    lone surrogates from undecodable command-line bytes, zero-width joiners)
    become spaces and runs of whitespace one space. Any script is accepted; a
    question needs at least one letter or digit, so one made only of
    punctuation or emoji is refused with a message rather than "answered".
    """
    if not isinstance(question, str):
        raise QuestionError("the question must be text")
    if len(question) > 4 * config.max_question_chars + 1000:  # do not scan megabytes
        raise QuestionError(f"the question is {len(question):,} characters long; the limit is {config.max_question_chars:,}")
    cleaned = without_escape_sequences(question)
    cleaned = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in cleaned)
    cleaned = " ".join(cleaned.split())
    if not cleaned:
        raise QuestionError("the question is empty; type a question about the articles")
    if len(cleaned) > config.max_question_chars:
        raise QuestionError(f"the question is {len(cleaned):,} characters long; the limit is {config.max_question_chars:,}")
    if not any(ch.isalnum() for ch in cleaned):
        raise QuestionError("the question has no words in it (only punctuation or symbols); ask it in words")
    return cleaned


def printable_question(question: str) -> str:
    """``question`` as echoed on a result: lone surrogates become U+FFFD.

    A question from the command line may hold lone surrogates (bytes that
    were not UTF-8); echoing them would make printing or writing the JSON fail.
    """
    if not any("\ud800" <= ch <= "\udfff" for ch in question):
        return question
    return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in question)


def _selector_for(config: QAConfig) -> Selector:
    """The fitted selector, reading retrieval scores only if ``config`` retrieves as its training did."""
    fitted = Selector.load(config.selector_path)
    adapted = fitted.for_retrieval(retrieval_setting(config))
    if adapted is not fitted:
        log.info(
            "selector fitted on %s retrieval; with %s it ignores the retrieval score", fitted.retrieval, retrieval_setting(config)
        )
    return adapted


class QAPipeline:
    """Retriever → reader → selector → refusal threshold, over one built index."""

    def __init__(
        self,
        config: QAConfig,
        index: CorpusIndex,
        embedder: TextEncoder,
        retriever: Retriever,
        reader: Reader,
        selector: Selector | None = None,
        calibration: ScoreCalibration | None = None,
    ) -> None:
        self.config = config
        self.index = index
        self.embedder = embedder
        self.retriever = retriever
        self.reader = reader
        self.selector = selector
        self.calibration = calibration  # readers without logits: their own score, calibrated
        self.evidence = LexicalEvidence(index.bm25)

    @property
    def threshold(self) -> float:
        """Below this probability the answer is "not in the corpus": the setting, else the selector's
        (or, for a reader without logits, its calibration's) own."""
        if self.config.no_answer_threshold is not None:
            return float(self.config.no_answer_threshold)
        if self.selector is not None:
            return self.selector.threshold
        return self.calibration.threshold if self.calibration is not None else 0.5

    @classmethod
    def load(cls, config: QAConfig, embedder: TextEncoder | None = None, *, selector: bool = True) -> QAPipeline:
        """Open the index and load the models (seconds); raises QAError subclasses."""
        if config.retriever not in RETRIEVERS:
            raise QAError(f"unknown retriever {config.retriever!r}; choose from {', '.join(RETRIEVERS)}")
        if config.reader not in READERS:
            raise QAError(f"unknown reader {config.reader!r}; choose from {', '.join(READERS)}")
        index = CorpusIndex.open(config.index_dir, config.model_name)
        embedder = embedder or make_embedder(config.model_name, config.embed_batch_size, config.backend, config.precision)
        index.check_encoder(embedder, config.index_dir)  # vectors from another backend/precision are refused
        if hasattr(embedder, "prefetch"):
            embedder.prefetch()  # ONNX: the encoder loads in a thread while the reader loads here
        if config.search_nprobe > 0:
            index.vectors.set_search_params(nprobe=config.search_nprobe)
        retriever = RETRIEVERS[config.retriever](index, config)
        if retriever.needs_vectors and index.manifest.dimension != embedder.dimension:
            raise IndexMismatchError(
                f"index in {config.index_dir} holds vectors of dimension {index.manifest.dimension}, but model "
                f"{config.model_name!r} makes {embedder.dimension}; run `qa index --rebuild`"
            )
        reader = READERS[config.reader](config, embedder)
        chosen = _selector_for(config) if selector and config.reader == "span" else None
        calibration = ScoreCalibration.load(config.selector_path, config.reader) if selector and config.reader != "span" else None
        return cls(config, index, embedder, retriever, reader, chosen, calibration)

    # public API -------------------------------------------------------------
    def answer(self, question: str, hide: Sequence[str] = (), *, early_exit: bool = True) -> QAResult:
        return self.answer_batch([question], [hide], early_exit=early_exit)[0]

    def answer_batch(
        self, questions: Sequence[str], hide: Sequence[Sequence[str]] | None = None, *, early_exit: bool = True
    ) -> list[QAResult]:
        """Answer many questions with one encode, one search, one read.

        Args:
            questions: as typed by users.
            hide: per question, strings whose sentences the reader must not see
                (near-miss evaluation, ``hide_sentences``); empty or None in normal use.
            early_exit: False reads every passage whatever the first one's answer
                (``qa ask --across``, which lists every article's answers).
        """
        cleaned = [validate_question(q, self.config) for q in questions]
        if not cleaned:
            return []
        t0 = time.perf_counter()
        vectors = self.embedder.encode(cleaned) if self.retriever.needs_vectors else None
        t1 = time.perf_counter()
        passages = self.retrieve(cleaned, vectors)
        if hide is not None:
            passages = [hide_sentences(ps, h) for ps, h in zip(passages, hide)]
        t2 = time.perf_counter()
        to_read = [self.focus(q, p[: self.config.passages_to_read]) for q, p in zip(cleaned, passages)]
        predictions = self.read(cleaned, to_read, early_exit=early_exit)
        t3 = time.perf_counter()
        n = len(cleaned)
        timings = {"encode": (t1 - t0) * 1000 / n, "search": (t2 - t1) * 1000 / n, "read": (t3 - t2) * 1000 / n}
        hidden = hide if hide is not None else [()] * n
        read = [
            self._result(printable_question(q), [p.passage for p in ps], rp, preds, timings, asked=c)
            for q, c, ps, rp, preds in zip(questions, cleaned, passages, to_read, predictions)
        ]
        # Questions about the article itself (who wrote it, when) are answered from its header instead.
        return [with_header_answer(r, c, self.document, self.embedder.encode, h) for r, c, h in zip(read, cleaned, hidden)]

    def retrieve(
        self,
        questions: Sequence[str],
        vectors: np.ndarray | None = None,
        keep: Callable[[ReadablePassage], bool] | None = None,
    ) -> list[list[ReadablePassage]]:
        """Ranked passages per validated question: retrieval, then sentence-level re-scoring.

        Args:
            questions: questions already passed through ``validate_question``.
            vectors: their embeddings (encoded here when the retriever needs them and none are given).
            keep: drop passages for which this is false before re-scoring and ranking
                (e.g. to leave a document out when measuring "no answer").
        """
        if vectors is None and self.retriever.needs_vectors:
            vectors = self.embedder.encode(list(questions))
        # as many as are re-ranked: a rescore_depth over 10 would otherwise re-rank only the 10 retrieved
        depth = max(self.config.passages_to_read, RETRIEVED_FOR_EVAL, self.config.rescore_depth) * (3 if keep else 1)
        passages = self._passages(self.retriever.retrieve(questions, vectors, depth))
        if keep is not None:
            passages = [[p for p in ps if keep(p)] for ps in passages]
            passages = [self._renumber(ps) for ps in passages]
        return [self._rescore(self.evidence.question_terms(q), ps) for q, ps in zip(questions, passages)]

    def read(
        self, questions: Sequence[str], passages: Sequence[Sequence[ReadablePassage]], *, early_exit: bool = True
    ) -> list[list[SpanPrediction]]:
        """The reader's spans per question, each scored by the selector, most probable first.

        Read in two stages (``qa.early_exit``): the first passage of every
        question, then the others only for the questions whose best answer so
        far scores under ``early_exit_probability`` (or under the no-answer
        threshold, if that is set higher). Those are selected over all their
        passages, exactly as one read of them all would be. ``early_exit=False``
        reads them all at once.
        """
        # Only the selector's scores are probabilities it was measured with (a
        # raw reader margin, e.g. while collecting the selector's data, is not).
        exit_at = max(self.config.early_exit_probability, self.threshold) if early_exit and self.selector is not None else 1.0
        if exit_at >= 1.0:
            predictions = self.reader.read_batch(questions, passages)
            return [self.select(q, ps, preds) for q, ps, preds in zip(questions, passages, predictions)]
        return read_in_two_stages(questions, passages, self.reader.read_batch, self.select, exit_at)

    def candidate_features(
        self, question: str, passages: Sequence[ReadablePassage], predictions: Sequence[SpanPrediction]
    ) -> tuple[list[SpanPrediction], np.ndarray]:
        """The spans the selector scores (best reader margins, at most ``SCORED_CANDIDATES``) and their features."""
        kept = sorted(predictions, key=lambda p: -(p.margin if p.margin is not None else p.score))[:SCORED_CANDIDATES]
        context = QuestionContext.of(question, self.evidence)
        return kept, candidate_features(context, passages, kept, self.evidence)

    def select(
        self, question: str, passages: Sequence[ReadablePassage], predictions: Sequence[SpanPrediction]
    ) -> list[SpanPrediction]:
        """Predictions with ``score`` = the selector's probability of being right, most probable first.

        A reader without logits (``sentence``) has its own score calibrated
        (``ScoreCalibration``): the selector was fitted on the span reader's
        features. A span that runs from one sentence into the next is scored
        with the rest (the features of each span read the others, as when the
        selector was fitted) and then dropped.
        """
        if self.selector is None or not predictions or all(p.margin is None for p in predictions):
            if self.calibration is not None and predictions:
                probs = self.calibration.probabilities(np.array([p.score for p in predictions]))
                predictions = [dataclasses.replace(p, score=float(prob)) for p, prob in zip(predictions, probs)]
            return sorted(predictions, key=lambda p: -p.score)
        kept, features = self.candidate_features(question, passages, predictions)
        texts = [passages[p.passage_index].doc_text[p.start : p.end] for p in kept]
        probs = self.selector.probabilities(features, texts)
        scored = [dataclasses.replace(p, score=float(prob)) for p, prob in zip(kept, probs)]
        # Scored with every span the selector was fitted among (a span's share of the reader's mass reads the
        # others), then a span that runs from one sentence into the next is no answer (qa.readers.span_model).
        whole = [
            p
            for p in scored
            if not crosses_a_sentence(passages[p.passage_index].doc_text, passages[p.passage_index].sentences, p.start, p.end)
        ]
        return sorted(whole, key=lambda p: (-p.score, -(p.margin or 0.0)))

    def focus(self, question: str, passages: list[ReadablePassage]) -> list[ReadablePassage]:
        """Passages cut to the sentences around their best window (``read_window_sentences``; 0 reads whole chunks).

        A question asking for a sum, a share, a date or a rate also reads a
        chunk's sentence that holds one when its window has none
        (``qa.answer_types.sentence_type_check``, ``LexicalEvidence.focus``).

        The first ``read_whole_passages`` (0 by default) stay whole: a window
        chosen by the question's words can miss an answer sentence that
        repeats few of them ("The 912km pipeline ..." for "How long will the
        AMBO oil pipeline through the Balkans be?"), at the cost of more text
        to read and more distractors in it (``QAConfig`` has the measured trade).
        """
        n = self.config.read_window_sentences
        if n <= 0:
            return passages
        terms = self.evidence.question_terms(question)
        whole = self.config.read_whole_passages
        holds_type = sentence_type_check(question)
        return passages[:whole] + [self.evidence.focus(terms, p, n, holds_type) for p in passages[whole:]]

    def answer_in_text(self, question: str, text: str, doc_id: str = "") -> QAResult:
        """Read one given text only (SQuAD's closed setting); no retrieval."""
        cleaned = validate_question(question, self.config)
        readable = [ReadablePassage.whole_text(text, doc_id)]
        passage = readable[0].passage
        preds = self.read([cleaned], [readable])[0]
        return self._result(printable_question(question), [passage], readable, preds, {}, metadata=Metadata(), asked=cleaned)

    def document(self, doc_id: str) -> Document:
        doc = self.index.store.document(doc_id)
        if doc is None:
            raise QAError(f"document {doc_id!r} is not in the index")
        return doc

    # internals ---------------------------------------------------------------
    def _rescore(self, terms: QuestionTerms, passages: list[ReadablePassage]) -> list[ReadablePassage]:
        """Re-rank the top retrieved chunks by their best two-sentence window; ranks renumbered."""
        depth = min(self.config.rescore_depth, len(passages))
        if depth < 2 or self.config.rescore_weight <= 0 or not terms.terms:
            return passages
        head = passages[:depth]
        coverages = [self.evidence.best_window(terms, p) for p in head]
        head = rescore_by_sentences(head, coverages, self.config.rrf_k, self.config.rescore_weight)
        return self._renumber(head) + passages[depth:]

    @staticmethod
    def _renumber(passages: list[ReadablePassage]) -> list[ReadablePassage]:
        """The same passages with ranks 1..n in list order (the confidence's rank penalty reads them)."""
        return [
            p if p.passage.rank == rank else dataclasses.replace(p, passage=dataclasses.replace(p.passage, rank=rank))
            for rank, p in enumerate(passages, start=1)
        ]

    def _passages(self, hits: list[list[tuple[int, float]]]) -> list[list[ReadablePassage]]:
        store = self.index.store
        chunks = store.chunks([cid for row in hits for cid, _ in row])
        docs = store.documents(c.doc_id for c in chunks.values())
        out = []
        for row in hits:
            plist = []
            for rank, (cid, score) in enumerate(row, start=1):
                chunk = chunks.get(cid)
                if chunk is None:
                    continue
                doc = docs[chunk.doc_id]
                text = doc.text
                passage = Passage(cid, chunk.doc_id, chunk.start, chunk.end, text[chunk.start : chunk.end], score, rank)
                plist.append(ReadablePassage(passage, text, chunk.sentences, doc.metadata.date, doc.metadata.title))
            out.append(plist)
        return out

    def _result(
        self,
        question: str,
        passages: list[Passage],
        readable: Sequence[ReadablePassage],
        preds: Sequence[SpanPrediction],
        timings: dict[str, float],
        metadata: Metadata | None = None,
        *,
        asked: str,
    ) -> QAResult:
        """The result for ``question`` (echoed as typed); ``asked`` is the cleaned question the models read.

        A refusal's reason names what the articles lack of the question, so it
        reads ``asked``: the typed text may hold colour codes or control
        characters that ``validate_question`` dropped.
        """
        candidates: list[Candidate] = []
        seen_answers: set[str] = set()
        asks_body = asks_for_body(asked)
        asks_often = asks_how_often(asked)
        if asks_for_several(asked):
            preds = with_whole_list(preds, [rp.doc_text for rp in readable])
        for pred in preds:
            if len(candidates) >= self.config.candidates:
                break
            rp = readable[pred.passage_index]
            p = rp.passage
            named = answer_span(rp, pred.start, pred.end, asks_body, asks_often)  # "Ms Kelly" -> "Ruth Kelly"
            text = rp.doc_text[named.start : named.end]
            key = normalize_answer(text) or text
            if key in seen_answers:  # runners-up should be different answers
                continue
            seen_answers.add(key)
            shown = rp.doc_text[named.shown_start : named.shown_end]
            candidates.append(Candidate(text, pred.score, p.doc_id, named.start, named.end, shown, named.shown_start))
        best = candidates[0] if candidates else None
        top = readable[0].passage if readable else None
        no_answer = best is None or best.score < self.threshold
        if best is not None and not no_answer:
            doc_id, start, end, passage, passage_start = best.doc, best.start, best.end, best.passage, best.passage_start
        elif top is not None:
            # Nothing good enough: point at the closest passage, empty span.
            doc_id, start, end, passage, passage_start = top.doc_id, top.start, top.start, top.text, top.start
        else:
            doc_id, start, end, passage, passage_start = None, 0, 0, "", 0
        if metadata is None:
            metadata = self.document(doc_id).metadata if doc_id is not None else Metadata()
        return QAResult(
            question=question,
            answer="" if best is None or no_answer else best.answer,
            no_answer=no_answer,
            score=best.score if best else 0.0,
            doc=doc_id,
            start=start,
            end=end,
            title=metadata.title,
            date=metadata.date,
            passage=passage,
            passage_start=passage_start,
            candidates=candidates,
            passages=passages,
            timings_ms=timings,
            reason=refusal_reason(asked, readable, preds) if no_answer else None,
        )
