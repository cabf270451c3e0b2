"""SQuAD-format files as an evaluation corpus plus gold set.

``qa eval --squad FILE`` measures the whole pipeline (retrieval + reading)
on a public benchmark: every paragraph of the selected articles becomes one
record of a ``.jsonl`` corpus, so the retriever has to find the right
paragraph among all the others before the reader can answer, and every
question becomes a gold item whose ``doc`` is that paragraph's document id.

The corpus is written into its own workspace under ``.qa-index/`` (named by a
hash of the file and the article range), never into the user's corpus, and
only rewritten when its content changes so the index is not rebuilt for
nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index.files import atomic_write_text
from qa.errors import UsageError
from qa.evaluate import GoldItem
from qa.json_lines import json_text

CORPUS_FOLDER = "corpus"
INDEX_FOLDER = "index"


@dataclass(frozen=True)
class SquadWorkspace:
    """Where a SQuAD file's corpus and index live, and its questions."""

    root: Path
    corpus_dir: Path
    index_dir: Path
    gold: list[GoldItem]


def load_squad(path: Path) -> list[dict[str, Any]]:
    """Read the ``data`` list of a SQuAD v1.1/v2.0 file.

    Raises:
        UsageError: the file is missing or is not SQuAD-shaped JSON, so the
            user gets one line saying which, instead of a traceback.
    """
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError as exc:
        raise UsageError(f"SQuAD file not found: {path}") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"cannot read SQuAD file {path}: {exc}") from exc
    articles = data.get("data") if isinstance(data, dict) else None
    if not isinstance(articles, list) or not all(isinstance(a, dict) and isinstance(a.get("paragraphs"), list) for a in articles):
        raise UsageError(f'{path} is not in SQuAD format (expected {{"data": [{{"title", "paragraphs": [...]}}]}})')
    for a_idx, article in enumerate(articles):
        for p_idx, para in enumerate(article["paragraphs"]):
            problem = _paragraph_problem(para)
            if problem:
                raise UsageError(f"{path} is not in SQuAD format: article {a_idx}, paragraph {p_idx} {problem}")
    return articles


def _paragraph_problem(para: Any) -> str | None:
    """What is wrong with one SQuAD paragraph, or ``None``.

    Checked up front so a malformed file is one line naming the place,
    not a ``KeyError`` or ``AttributeError`` halfway through preparing it.
    """
    if not isinstance(para, dict):
        return "is not an object"
    if not isinstance(para.get("context"), str):
        return 'has no "context" text'
    qas = para.get("qas", [])
    if not isinstance(qas, list):
        return 'has "qas" that is not a list'
    for q_idx, qa in enumerate(qas):
        if not isinstance(qa, dict):
            return f"question {q_idx} is not an object"
        if not isinstance(qa.get("question", ""), str):
            return f'question {q_idx} has a "question" that is not text'
        answers = qa.get("answers", [])
        if not isinstance(answers, list):
            return f'question {q_idx} has "answers" that is not a list'
        if not all(isinstance(ans, str) or isinstance(ans, dict) and isinstance(ans.get("text", ""), str) for ans in answers):
            return f'question {q_idx} has an answer that is neither text nor an object with a "text"'
    return None


def parse_article_range(spec: str | None, total: int) -> tuple[int, int]:
    """Turn ``START:STOP`` (either side optional) into a clamped ``[start, stop)``.

    Python slice semantics (file order, stop exclusive) so ``36:48`` names the
    same articles the reader's training recipe holds out.

    Raises:
        UsageError: not of the form ``START:STOP`` with integers.
    """
    if spec is None or spec.strip() in ("", ":"):
        return 0, total
    first, last = split_article_range(spec)
    start, stop, _ = slice(0 if first is None else first, total if last is None else last).indices(total)
    if start >= stop:
        raise UsageError(f"--articles {spec} selects no article (the file has {total})")
    return start, stop


def split_article_range(spec: str, flag: str = "--articles") -> tuple[int | None, int | None]:
    """The two integers of ``START:STOP``, ``None`` for a side left empty (nothing clamped).

    Raises:
        UsageError: not of the form ``START:STOP`` with integers (``flag`` names the option).
    """
    parts = spec.split(":")
    if len(parts) != 2:
        raise UsageError(f"{flag} expects START:STOP (e.g. 36:48), got {spec!r}")
    try:
        start, stop = (int(part) if part.strip() else None for part in parts)
    except ValueError as exc:
        raise UsageError(f"{flag} expects integers START:STOP (e.g. 36:48), got {spec!r}") from exc
    return start, stop


def paragraph_id(article: int, paragraph: int) -> str:
    """Record id of a paragraph: stable across runs and readable in reports."""
    return f"a{article}-p{paragraph}"


def iter_paragraphs(
    articles: list[dict[str, Any]], start: int, stop: int
) -> Iterator[tuple[int, int, dict[str, Any], dict[str, Any]]]:
    """Yield ``(article index, paragraph index, article, paragraph)`` in file order."""
    for a_idx in range(start, min(stop, len(articles))):
        article = articles[a_idx]
        for p_idx, para in enumerate(article["paragraphs"]):
            yield a_idx, p_idx, article, para


def corpus_records(articles: list[dict[str, Any]], start: int, stop: int) -> list[dict[str, str]]:
    """One corpus record (``id``, ``title``, ``text``) per paragraph.

    Paragraphs, not whole articles, are the documents so that
    ``doc_accuracy@1`` asks the hard question (the right paragraph) and a
    gold ``doc`` maps to exactly one context.
    """
    return [
        {
            "id": paragraph_id(a_idx, p_idx),
            "title": str(article.get("title", "")).replace("_", " "),
            "text": para["context"],
        }
        for a_idx, p_idx, article, para in iter_paragraphs(articles, start, stop)
    ]


def gold_items(articles: list[dict[str, Any]], start: int, stop: int, corpus_file: str) -> list[GoldItem]:
    """Every question of the selected articles as a gold item.

    Args:
        corpus_file: name of the ``.jsonl`` corpus file, so ``doc`` is the
            document id the index gives that paragraph (``<file>#<id>``).
    """
    items: list[GoldItem] = []
    first_with_text: dict[str, str] = {}
    for a_idx, p_idx, _article, para in iter_paragraphs(articles, start, stop):
        # The index keeps only the first of several records with the same text,
        # so a repeated paragraph's questions point at that first record.
        record_id = first_with_text.setdefault(para["context"], paragraph_id(a_idx, p_idx))
        doc = f"{corpus_file}#{record_id}"
        for qa in para.get("qas", []):
            answers: list[str] = []
            if not qa.get("is_impossible", False):
                for ans in qa.get("answers", []):
                    text = ans.get("text", "") if isinstance(ans, dict) else str(ans)
                    if text.strip() and text not in answers:
                        answers.append(text)
            items.append(
                GoldItem(
                    id=str(qa.get("id", f"{paragraph_id(a_idx, p_idx)}-q{len(items)}")),
                    question=str(qa.get("question", "")).strip(),
                    answers=tuple(answers),
                    doc=doc,
                    context=para["context"],
                )
            )
    return items


def workspace_root(squad_path: Path, start: int, stop: int, base: Path) -> Path:
    """``base/squad-<hash>``: one workspace per file content and article range.

    Hashing the bytes (not the path) means an edited file gets a fresh index
    and a copied file reuses the old one.
    """
    digest = hashlib.sha1()
    with open(squad_path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    digest.update(f"|{start}:{stop}".encode())
    return base / f"squad-{digest.hexdigest()[:10]}"


def write_if_changed(path: Path, content: str) -> bool:
    """Atomically write ``content`` unless the file already holds exactly it.

    Keeping the file untouched when nothing changed lets the index builder
    see an up-to-date corpus and skip re-embedding.

    Returns:
        True when the file was (re)written.
    """
    try:
        if path.read_text(encoding="utf-8") == content:
            return False
    except (FileNotFoundError, UnicodeDecodeError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, content)
    return True


def prepare_squad(squad_path: Path, articles_spec: str | None, base: Path, root: Path | None = None) -> SquadWorkspace:
    """Write the selected articles as a ``.jsonl`` corpus and return the gold set.

    Args:
        squad_path: the SQuAD-format JSON file.
        articles_spec: ``START:STOP`` or ``None`` for all articles.
        base: folder the ``squad-<hash>`` workspace goes in (``.qa-index``).
        root: use this workspace folder instead of ``base/squad-<hash>``.

    Raises:
        UsageError: unreadable file, bad range, or a workspace that cannot
            be written.
    """
    articles = load_squad(squad_path)
    start, stop = parse_article_range(articles_spec, len(articles))
    root = root or workspace_root(squad_path, start, stop, base)
    corpus_dir = root / CORPUS_FOLDER
    corpus_file = f"{squad_path.stem}.jsonl"
    lines = [json_text(r) for r in corpus_records(articles, start, stop)]
    try:
        write_if_changed(corpus_dir / corpus_file, "\n".join(lines) + "\n")
    except OSError as exc:
        raise UsageError(f"cannot write the SQuAD corpus under {root}: {exc}") from exc
    return SquadWorkspace(
        root=root,
        corpus_dir=corpus_dir,
        index_dir=root / INDEX_FOLDER,
        gold=gold_items(articles, start, stop, corpus_file),
    )
