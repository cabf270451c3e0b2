"""Stand-ins shared by the test folders (no model).

``FakeFactory`` and ``FakePipeline`` answer from a fixed, tiny corpus (``DOCS``) for the chat tests;
``FastEmbedder`` stands in for the embedding model where only the indexer's own cost matters.
"""

from __future__ import annotations

import threading
import zlib
from dataclasses import dataclass, field

import numpy as np

from index.chunking import approx_token_count
from index.types import Document, Metadata
from qa.config import QAConfig
from qa.errors import QAError, QuestionError
from qa.types import Candidate, QAResult

FILLER = [
    "Officials in Nairobi said the deployment would continue through the rainy season.",
    "Aid groups warned that funding for the mission covers only a fraction of its needs.",
    "The council is expected to vote on the new mandate before the end of the month.",
    "Residents of the capital described checkpoints run by armed groups on main roads.",
    "Diplomats said several Caribbean nations had offered to send police officers.",
    "The mission's commander said his officers had retaken two police stations.",
]

HAITI_TEXT = "\n".join(
    [
        "Rubio hosts Ruto as Haiti mission seeks support",
        "",
        "U.S. Secretary of State Marco Rubio on Thursday urged countries to step up support "
        "for the multinational mission in Haiti, saying it cannot succeed alone [1].",
        "- Advertisement -",
        "Rubio made the appeal while hosting Kenyan President William Ruto at the State "
        "Department for a signing ceremony, praising Kenya's role in leading the intervention.",
        "",
        *[FILLER[i % len(FILLER)] + f" (update {i})" for i in range(24)],
        "",
        "Between July and September, 1,247 people were murdered in Haiti, according to a UN "
        "report whose annex used markers such as [bold] and [/] for emphasis.",
        "",
        *[FILLER[(i + 3) % len(FILLER)] + f" (late update {i})" for i in range(12)],
    ]
)

OTHER_TEXT = (
    "Kenya and the United States sign a security pact\n\n"
    "Kenya's parliament approved the agreement after a long debate, and President William Ruto "
    "signed it in Washington later that week.\n"
)

DOCS = {
    "000_haiti.txt": Document(
        "000_haiti.txt",
        HAITI_TEXT,
        Metadata(title="Rubio hosts Ruto as Haiti mission seeks support", date="2025-10-02", byline="By A. Reporter"),
    ),
    "001_kenya.txt": Document("001_kenya.txt", OTHER_TEXT, Metadata(title=None, date=None)),
}


def _passage_around(text: str, start: int, end: int) -> tuple[str, int]:
    """The line holding the span plus its neighbours (like a retrieved chunk)."""
    lo = text.rfind("\n", 0, max(0, text.rfind("\n", 0, start)))
    lo = 0 if lo < 0 else lo + 1
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else hi
    return text[lo:hi], lo


def _candidate(doc_id: str, answer: str, score: float, occurrence: str | None = None) -> Candidate:
    text = DOCS[doc_id].text
    start = text.index(occurrence or answer)
    if occurrence:
        start += occurrence.index(answer)
    end = start + len(answer)
    passage, passage_start = _passage_around(text, start, end)
    return Candidate(answer, score, doc_id, start, end, passage, passage_start)


def _result(question: str, cands: list[Candidate], *, no_answer: bool = False, reason: str | None = None) -> QAResult:
    best = cands[0]
    meta = DOCS[best.doc].metadata
    return QAResult(
        question=question,
        answer="" if no_answer else best.answer,
        no_answer=no_answer,
        score=best.score,
        doc=best.doc,
        start=best.start,
        end=best.end,
        title=meta.title,
        date=meta.date,
        passage=best.passage,
        passage_start=best.passage_start,
        candidates=cands,
        reason=reason,
    )


def answer_for(question: str) -> QAResult:
    q = question.lower()
    if not q.strip():
        raise QuestionError("the question is empty: type a question, e.g. 'Who leads the mission?'")
    if "too long" in q:
        raise QuestionError("the question is too long (2000 characters at most)")
    if "host" in q:
        return _result(
            question,
            [
                _candidate("000_haiti.txt", "Kenyan President William Ruto", 0.91),
                _candidate("001_kenya.txt", "President William Ruto", 0.42),
                _candidate("000_haiti.txt", "Marco Rubio", 0.12),
            ],
        )
    if "murdered" in q:
        return _result(
            question,
            [
                _candidate("000_haiti.txt", "1,247", 0.83),
                _candidate("000_haiti.txt", "two police stations", 0.08),
            ],
        )
    if "annex" in q:
        return _result(question, [_candidate("000_haiti.txt", "[bold] and [/]", 0.77)])
    # Anything else: nothing good enough (with the reason qa.refusal gives when the question names a year)
    return _result(
        question,
        [
            _candidate("001_kenya.txt", "a long debate", 0.18),
            _candidate("000_haiti.txt", "Marco Rubio", 0.05),
        ],
        no_answer=True,
        reason="none of the 2 closest articles mentions 1900" if "1900" in q else None,
    )


@dataclass
class FakePipeline:
    config: QAConfig
    asked: list[str] = field(default_factory=list)

    def answer(self, question: str) -> QAResult:
        self.asked.append(question)
        return answer_for(question)

    def document(self, doc_id: str) -> Document:
        if doc_id not in DOCS:
            raise QAError(f"document {doc_id!r} is not in the index")
        return DOCS[doc_id]


class FakeFactory:
    """``pipeline_factory`` that can be held back (``gate``) or made to fail."""

    def __init__(self, error: Exception | None = None, gate: threading.Event | None = None) -> None:
        self.error = error
        self.gate = gate
        self.calls = 0
        self.pipeline: FakePipeline | None = None

    def __call__(self, config: QAConfig) -> FakePipeline:
        self.calls += 1
        if self.gate is not None:
            self.gate.wait(10)
        if self.error is not None:
            raise self.error
        self.pipeline = FakePipeline(config)
        return self.pipeline


class FastEmbedder:
    """Deterministic unit vectors from a text's CRC; ~1.3 tokens per word."""

    model_name = "all-MiniLM-L6-v2"
    dimension = 384
    batch_size = 64

    def count_tokens(self, texts: list[str]) -> list[int]:
        return approx_token_count(texts)

    def encode(self, texts, progress: bool = False) -> np.ndarray:
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            rng = np.random.default_rng(zlib.crc32(text.encode("utf-8", "replace")))
            vec = rng.standard_normal(self.dimension).astype(np.float32)
            out[i] = vec / np.linalg.norm(vec)
        return out
