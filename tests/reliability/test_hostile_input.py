"""Hostile input to every front end (issue 12): random bytes, control characters,
markup, path tricks. Whatever comes in: no traceback, at most one
``qa: error:`` line, and no file outside the corpus and the index touched.

In-process through ``qa.cli.main`` with the fast embedder and a stub
pipeline (``hardening.py``), and the chat through Textual's Pilot.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from index.builder import update_index
from qa.config import QAConfig
from tests.fakes import FakeFactory, FastEmbedder
from tests.helpers import settle
from tui.app import create_app
from tui.widgets.prompt import QuestionInput

from .hardening import fast_models, make_corpus  # noqa: F401

NASTY = [
    "\x1b[2J",
    "\x1b]0;pwned\x07",
    "\x1b]52;c;ZXZpbA==\x07",
    "\x9b31m",
    "\r\a\b\v\f",
    "\x00",
    "\x7f",
    "[@click=app.quit]",
    "[/]",
    "[bold]",
    "[link=file:///etc/passwd]x[/link]",
    "\u202e",
    "\udcff",
    "../",
    "../../etc/passwd",
    "/etc/passwd",
    "~",
    "-rf",
    "--",
    "#",
    "f.jsonl#r1",
    "NaN",
    "1e400",
]
HOSTILE_TEXT = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=12)), max_size=6).map("".join)
HOSTILE_BYTES = st.one_of(st.binary(max_size=200), HOSTILE_TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")))
SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def tree_state(root: Path, skip: tuple[Path, ...]) -> dict[str, str]:
    """Every file under ``root`` but those under ``skip``: path -> content hash (links: their target)."""
    state: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        if any(path == s or s in path.parents for s in skip):
            continue
        if path.is_symlink():
            state[str(path)] = "link:" + str(path.readlink())
        elif path.is_file():
            state[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return state


def assert_clean(code: int, err: str, allowed: tuple[int, ...]) -> None:
    assert "Traceback" not in err, err
    assert code in allowed, (code, err)
    errors = [line for line in err.splitlines() if line.startswith("qa: error:")]
    assert len(errors) <= 1, err
    if code != 0 and code != 1 or errors:
        assert len(errors) == 1, err


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("hostile")
    config = QAConfig(corpus=make_corpus(root / "corpus"), index_dir=root / "index")
    update_index(config, progress=False, embedder=FastEmbedder())
    bystander = root / "bystander.txt"
    bystander.write_text("Not an article: must never move or change.\n", encoding="utf-8")
    (root / "outside").mkdir()
    (root / "outside" / "secret.txt").write_text("secret\n", encoding="utf-8")
    return {"root": root, "corpus": config.corpus, "index": config.index_dir}


def common(ws: dict[str, Path]) -> list:
    return ["--corpus", ws["corpus"], "--index-dir", ws["index"]]


@SETTINGS
@given(question=HOSTILE_TEXT)
def test_ask(run_cli, fast_models, workspace, question):
    before = tree_state(workspace["root"], (workspace["corpus"], workspace["index"]))
    for extra in ([], ["--json"]):
        code, out, err = run_cli("ask", question, *extra, "--no-update", *common(workspace))
        assert_clean(code, err, (0, 2))
        assert "\x1b" not in out or extra  # human output never carries ESC; JSON keeps the text exact
        if extra and code == 0:
            json.loads(out)
    assert tree_state(workspace["root"], (workspace["corpus"], workspace["index"])) == before


@SETTINGS
@given(lines=st.lists(HOSTILE_BYTES, min_size=1, max_size=5), suffix=st.sampled_from([".txt", ".jsonl"]))
@example(lines=[b"\x00\xc2\x85\x00"], suffix=".txt")  # U+0085 (NEXT LINE) written raw had cut its line in two
def test_batch(run_cli, fast_models, workspace, tmp_path_factory, lines, suffix):
    folder = tmp_path_factory.mktemp("batch")
    questions = folder / f"q{suffix}"
    questions.write_bytes(b"\n".join(lines) + b"\n")
    out = folder / "out.jsonl"
    before = tree_state(workspace["root"], (workspace["corpus"], workspace["index"]))
    code, _, err = run_cli("batch", questions, "-o", out, *common(workspace))
    assert_clean(code, err, (0, 1))
    if out.exists():
        for line in out.read_text(encoding="utf-8").splitlines():
            json.loads(line, parse_constant=lambda name: pytest.fail(f"{name} in output"))
    assert tree_state(workspace["root"], (workspace["corpus"], workspace["index"])) == before


@SETTINGS
@given(lines=st.lists(HOSTILE_BYTES, min_size=1, max_size=4), doc=HOSTILE_TEXT)
def test_eval(run_cli, fast_models, workspace, tmp_path_factory, lines, doc):
    folder = tmp_path_factory.mktemp("eval")
    gold = folder / "gold.jsonl"
    gold.write_bytes(
        b"\n".join(lines) + b"\n" + json.dumps({"question": "How many ships?", "answers": ["40"], "doc": doc}).encode()
    )
    before = tree_state(workspace["root"], (workspace["corpus"], workspace["index"]))
    code, _, err = run_cli("eval", gold, "--closed", "--report", folder / "r.jsonl", *common(workspace))
    assert_clean(code, err, (0, 2))
    assert tree_state(workspace["root"], (workspace["corpus"], workspace["index"])) == before


@SETTINGS
@given(
    names=st.lists(
        st.one_of(st.sampled_from(NASTY + ["../bystander.txt", "../outside/secret.txt", "a.txt/.."]), HOSTILE_TEXT),
        min_size=1,
        max_size=3,
    )
)
def test_index_remove_never_touches_files_outside(run_cli, fast_models, workspace, names):
    names = [n for n in names if n != "a.txt"]  # keep the corpus for the other examples
    before = tree_state(workspace["root"], (workspace["corpus"], workspace["index"]))
    corpus_before = tree_state(workspace["corpus"], ())
    code, _, err = run_cli("index", "remove", "--corpus", workspace["corpus"], "--index-dir", workspace["index"], "--", *names)
    assert_clean(code, err, (0, 2))
    assert tree_state(workspace["root"], (workspace["corpus"], workspace["index"])) == before
    if code != 0:
        assert tree_state(workspace["corpus"], ()) == corpus_before  # refused: nothing moved


@SETTINGS
@given(name=HOSTILE_TEXT, content=HOSTILE_BYTES)
def test_index_add_never_touches_files_outside(run_cli, fast_models, tmp_path_factory, name, content):
    root = tmp_path_factory.mktemp("add")
    corpus, index = make_corpus(root / "corpus"), root / "index"
    source = root / "incoming"
    source.mkdir()
    safe = "".join(ch for ch in name if ch.isalnum() or ch in "-_ .[]@=#~") or "x"
    path = source / (safe[:40] + ".txt")
    path.write_bytes(content)
    before = tree_state(root, (corpus, index))
    code, _, err = run_cli("index", "add", "--corpus", corpus, "--index-dir", index, "--", path)
    assert_clean(code, err, (0, 1, 2))
    assert tree_state(root, (corpus, index)) == before


@pytest.mark.anyio
async def test_chat_takes_hostile_questions(tmp_path):
    app = create_app(QAConfig(corpus=Path("corpus"), index_dir=tmp_path / "i"), pipeline_factory=FakeFactory())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        box = app.screen.query_one(QuestionInput)
        for question in NASTY + ["".join(NASTY), "annex [/]", "x" * 3000]:
            box.value = question
            await pilot.press("enter")
            await settle(pilot, rounds=2)
            assert app.is_running
        await pilot.press("ctrl+y")  # copy the last answer: never markup
        await settle(pilot)
        assert app.is_running
        shown = [w.content.plain for w in app.screen.query(".question")]
        assert not any("\x1b" in text or "\x07" in text for text in shown)
