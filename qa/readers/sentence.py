"""A model-free-of-training baseline reader: the best sentence is the answer.

Scores each sentence of the retrieved passages by cosine similarity between
its embedding and the question's (the bundled MiniLM is trained for exactly
this), plus a lexical-overlap term for names and numbers. Useful when no
span-reader weights are available, and as the baseline the span reader must
beat.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from index.embedding import TextEncoder
from index.text import content_words
from qa.readers.base import ReadablePassage, Reader, SpanPrediction


class SentenceReader(Reader):
    def __init__(self, embedder: TextEncoder) -> None:
        self.embedder = embedder

    def read_batch(self, questions: Sequence[str], passages: Sequence[Sequence[ReadablePassage]]) -> list[list[SpanPrediction]]:
        out: list[list[SpanPrediction]] = []
        q_vecs = self.embedder.encode(list(questions))
        for qi, (question, plist) in enumerate(zip(questions, passages)):
            seen: dict[tuple[str, int], SpanPrediction] = {}
            sents = [(pi, s) for pi, p in enumerate(plist) for s in p.sentences]
            if not sents:
                out.append([])
                continue
            texts = [plist[pi].doc_text[s.start : s.end] for pi, s in sents]
            sims = self.embedder.encode(texts) @ q_vecs[qi]
            q_terms = content_words(question)
            for (pi, s), text, sim in zip(sents, texts, sims):
                overlap = len(q_terms & content_words(text)) / max(1, len(q_terms))
                score = float(np.clip(0.7 * sim + 0.3 * overlap, 0.0, 1.0))
                key = (plist[pi].passage.doc_id, s.start)
                if key not in seen or seen[key].score < score:
                    seen[key] = SpanPrediction(pi, s.start, s.end, score)
            out.append(sorted(seen.values(), key=lambda p: -p.score))
        return out
