"""Issue 12, items 5-7, 15 and 16: article text and file names are untrusted.

Control sequences in an article never reach the terminal, file names and
answers are never read as markup, and links out of the corpus folder are
not indexed. All with fakes: no model loads.
"""

from __future__ import annotations

import io
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Static

from index import layout
from index.builder import update_index
from index.corpus import scan_corpus
from index.store import MetadataStore
from qa.commands.ask import highlighted_passage, render
from qa.config import QAConfig
from qa.terminal_text import printable
from qa.types import Candidate, QAResult
from tests.fakes import FakeFactory, FakePipeline, FastEmbedder
from tests.helpers import ask, settle
from tui.app import create_app
from tui.widgets.conversation import AnswerCard

from .hardening import fast_models, make_corpus  # noqa: F401

HOSTILE = "\x1b[2J\x1b]0;pwned\x07\x1b]52;c;ZXZpbA==\x07\x9b31m"
CONTROLS = "\r\a\b\v\f"


def result_with(passage: str, answer: str, *, title: str | None = "Title", doc: str = "a.txt") -> QAResult:
    start = passage.index(answer)
    cand = Candidate(answer, 0.9, doc, start, start + len(answer), passage, 0)
    return QAResult("q?", answer, False, 0.9, doc, start, start + len(answer), title, "2025-01-01", passage, 0, [cand, cand])


# -- 5: no control sequence reaches the terminal ----------------------------------


def test_ask_output_shows_no_control_characters():
    passage = f"Intro {HOSTILE} the answer is 42 here {HOSTILE}."
    result = result_with(passage, "42", title=f"Evil{HOSTILE}title", doc=f"e{HOSTILE}.txt")
    out = io.StringIO()
    render(result, Console(file=out, force_terminal=False, width=400, highlight=False))
    shown = out.getvalue()
    assert not any(ch in shown for ch in "\x1b\x07\x9b"), repr(shown)
    assert "␛[2J" in shown  # visible, not acted on
    # not found: the closest passage is shown the same way
    out = io.StringIO()
    render(replace(result, no_answer=True, answer=""), Console(file=out, force_terminal=False, width=400))
    assert "\x1b" not in out.getvalue()
    # JSON keeps the exact text, so offsets stay true
    data = result.to_json()
    assert data["passage"][data["start"] : data["end"]] == "42" and HOSTILE in data["passage"]


def test_printable_keeps_length_newlines_and_tabs():
    text = "a\nb\tc" + HOSTILE + CONTROLS + "\x7f\x00"
    out = printable(text)
    assert len(out) == len(text)
    assert out.startswith("a\nb\tc")
    assert not any(0 <= ord(ch) < 0x20 and ch not in "\n\t" or 0x7F <= ord(ch) < 0xA0 for ch in out)


# -- 16: the highlighted span is the answer even with \r \a \b \v \f before it ----


def rendered_highlight(result: QAResult) -> str:
    console = Console(file=io.StringIO(), force_terminal=True, width=400, color_system="standard")
    segments = console.render(highlighted_passage(result))
    return "".join(seg.text for seg in segments if seg.style is not None and seg.style.reverse)


def test_ask_highlights_the_answer_after_control_characters():
    passage = f"Before {CONTROLS}{CONTROLS} then 1,247 people were murdered."
    result = result_with(passage, "1,247")
    assert rendered_highlight(result) == "1,247"


# -- 5 and 6: the chat shows controls as symbols and never reads text as markup ----


class HostilePipeline(FakePipeline):
    def answer(self, question: str) -> QAResult:
        self.asked.append(question)
        return result_with(f"Some {HOSTILE} text: [/] closes [@click=app.quit]nothing[/]", "[/] closes", doc="[/].txt")


class HostileFactory(FakeFactory):
    def __call__(self, config: QAConfig) -> FakePipeline:
        self.calls += 1
        self.pipeline = HostilePipeline(config)
        return self.pipeline


@pytest.mark.anyio
async def test_chat_file_names_and_answers_are_not_markup(tmp_path):
    class Report:
        warnings = [
            "skipped [@click=app.quit]X.txt: not UTF-8 text",
            "skipped [/].txt: empty file",
            f"skipped {HOSTILE}.txt: empty",
        ]

    config = QAConfig(corpus=Path("corpus"), index_dir=tmp_path / "index")
    app = create_app(config, pipeline_factory=HostileFactory(), index_builder=lambda config, say: Report())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.is_running and app.load_state == "ready"
        notes = [n for n in app._notifications if n.title == "Index warnings"]
        assert notes and "[@click=app.quit]X.txt" in notes[0].message and not notes[0].markup
        assert "\x1b" not in notes[0].message
        await ask(pilot, "What closes?")
        card = list(app.screen.query(AnswerCard))[-1]
        texts = [w.content.plain for w in card.query(Static)]
        assert any("[/] closes" in t for t in texts)
        assert not any("\x1b" in t or "\x07" in t for t in texts)
        await pilot.press("ctrl+y")  # used to raise MarkupError on "[/]"
        await settle(pilot)
        assert app.is_running
        assert any("[/] closes" in n.message and not n.markup for n in app._notifications)


@pytest.mark.anyio
async def test_chat_status_notes_and_across_errors_show_no_control_characters(tmp_path):
    """The status bar showed the refresh notes raw ("cannot write the index in DIR ..."), and ctrl+g's
    error notification its exception raw: a folder named with escape sequences reached the terminal."""
    gate = threading.Event()

    def builder(config: QAConfig, say) -> None:
        say(f"cannot write the index in i{HOSTILE} (Read-only file system); answering from the current one")
        gate.wait(10)

    class BrokenAcross(FakePipeline):  # the steps ``qa.across`` runs; the first one fails
        def retrieve(self, questions):
            raise OSError(f"cannot read i{HOSTILE}/meta.sqlite")

        focus = read = retrieve

    class Factory(FakeFactory):
        def __call__(self, config: QAConfig) -> FakePipeline:
            self.pipeline = BrokenAcross(config)
            return self.pipeline

    app = create_app(QAConfig(corpus=Path("corpus"), index_dir=tmp_path / "i"), pipeline_factory=Factory(), index_builder=builder)
    async with app.run_test(size=(120, 30)) as pilot:
        status = app.screen.query_one("#status-state", Static)
        for _ in range(100):
            await pilot.pause(0.02)
            if "cannot write" in status.content.plain:
                break
        shown = status.content.plain
        gate.set()
        assert "cannot write the index in i␛[2J" in shown and "\x1b" not in shown and "\x07" not in shown, repr(shown)
        await settle(pilot)
        await ask(pilot, "How many were murdered?")
        await pilot.press("ctrl+g")
        await settle(pilot)
        notes = [n.message for n in app._notifications if "Could not compare" in n.message]
        assert notes and "cannot read i␛[2J" in notes[0] and "\x1b" not in notes[0], notes


# -- 7 and 15: links out of the corpus, and link loops, are skipped with a warning ----


def test_links_out_of_the_corpus_and_loops_are_skipped(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("A headline\n\nThe harbour reopened on Monday after repairs.\n", encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("Secret headline\n\nThe password is hunter2, said the admin.\n", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "b.txt").write_text("B headline\n\nPrivate notes.\n", encoding="utf-8")
    (corpus / "secret.txt").symlink_to(secret)
    (corpus / "docs").symlink_to(outside, target_is_directory=True)
    (corpus / "self.txt").symlink_to(corpus / "self.txt")
    (corpus / "inside.txt").symlink_to(corpus / "a.txt")  # inside: still followed

    files, warnings = scan_corpus(corpus)
    assert [f.relative_to(corpus).as_posix() for f in files] == ["a.txt", "inside.txt"]
    assert sorted(w.split(":")[0] for w in warnings) == ["skipped docs", "skipped secret.txt", "skipped self.txt"]

    config = QAConfig(corpus=corpus, index_dir=tmp_path / "i")
    report = update_index(config, progress=False, embedder=FastEmbedder())
    assert any("secret.txt" in w and "outside the corpus" in w for w in report.warnings)
    assert any("self.txt" in w for w in report.warnings)
    store = MetadataStore(layout.current_generation(config.index_dir) / layout.METADATA_FILE, readonly=True)
    try:
        assert set(store.files()) == {"a.txt", "inside.txt"}
    finally:
        store.close()


# -- bidirectional overrides and line breaks in names -------------------------------


def test_bidi_overrides_are_made_visible_one_for_one():
    from qa.terminal_text import BIDI_CONTROLS

    text = "evil\u202etxt.exe and \u2066isolate\u2069 \u202aembed\u202c"
    out = printable(text)
    assert len(out) == len(text)
    assert not any(ord(ch) in BIDI_CONTROLS for ch in out), repr(out)


def test_names_with_line_breaks_stay_on_their_line():
    doc = "a\nwarning: all good.txt"
    passage = "The harbour reopened and 40 ships came in."
    result = result_with(passage, "40", title="Harbour\u202e news\n", doc=doc)
    out = io.StringIO()
    render(result, Console(file=out, force_terminal=False, width=400, highlight=False))
    lines = out.getvalue().splitlines()
    assert not any(line.startswith("warning:") for line in lines), lines
    source = lines[1]
    assert "a␤warning: all good.txt" in source and "\u202e" not in source, source


# -- folder and output names printed by `qa index` and `qa near-misses` ------------------


def test_index_and_output_names_print_without_escapes(run_cli, fast_models, tmp_path):
    """The index folder (named after the corpus folder by default) and ``-o`` were printed raw:
    a folder named ``news\\x1b]0;pwned\\x07`` retitled the terminal on every ``qa index``."""
    index = tmp_path / f"i{HOSTILE}"
    corpus = make_corpus(tmp_path / "corpus")
    for argv in (["index"], ["index", "status"]):
        code, out, err = run_cli(*argv, "--corpus", corpus, "--index-dir", index)
        assert code == 0, err
        assert not any(ch in out + err for ch in "\x1b\x07\x9b"), repr(out + err)
        assert "i␛[2J" in out
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "q1", "question": "How many ships waited offshore?", "answers": ["40"], "doc": "a.txt"}\n')
    code, out, err = run_cli("near-misses", gold, "--corpus", corpus, "-o", tmp_path / f"nm{HOSTILE}.jsonl")
    assert code == 0, err
    assert "wrote" in out and not any(ch in out for ch in "\x1b\x07\x9b"), repr(out)
