"""The chat app and ``create_app``, the factory both ``qa chat`` and the tests use.

Start-up never blocks: the window comes up at once and a worker thread
builds/checks the index and loads the pipeline. Questions asked meanwhile are
queued and answered, in order, once it is loaded. Answering also runs in a
worker thread, one question at a time. Any ``QAError`` (and, as a last resort,
any other exception) becomes a readable message in the window.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.content import Content
from textual.css.query import NoMatches

from qa.config import QAConfig
from qa.errors import QAError
from qa.opening import open_pipeline
from qa.types import QAResult
from tui import text as tx
from tui.messages import (
    AnswerFailed,
    AnswerReady,
    HelpRequested,
    LoadProgress,
    PipelineFailed,
    PipelineReady,
    QuestionSubmitted,
    SourceRequested,
)
from tui.screens.chat import ChatScreen
from tui.screens.help import HelpScreen
from tui.screens.reader import ReaderScreen
from tui.types import ChatTurn, IndexBuilder, Pipeline, PipelineFactory, SourceRef, TurnState, sources_for
from tui.widgets.conversation import AnswerCard

log = logging.getLogger(__name__)

LOAD_HINT = (
    "Questions you ask now wait until the index loads. Fix the problem "
    "(for example run `qa index` in another terminal), then press ctrl+r to retry."
)


def default_pipeline_factory(config: QAConfig) -> Pipeline:
    """``QAPipeline.load`` through the path the CLI uses too (imported in the worker thread)."""
    from qa.opening import load_pipeline

    return load_pipeline(config)


def default_index_builder(config: QAConfig, say: Callable[[str], None]) -> object:
    """Refresh the index as ``qa ask`` does: while another ``qa index`` runs, or the
    disk is full, an existing index answers meanwhile (``qa.opening``)."""
    from index.builder import index_status
    from qa.opening import refresh_index

    status = index_status(config)
    if status == "missing":
        say("building the index (first run: may take a minute)…")
    elif status != "fresh":
        say(f"updating the index ({status})…")
    return refresh_index(config, progress=False, say=say)


def default_generation_probe(config: QAConfig) -> str | None:
    """The index version published now: one small file read, made before each question."""
    from qa.opening import live_generation

    return live_generation(config.index_dir)


def corpus_label(config: QAConfig) -> str:
    corpus = Path(config.corpus)
    try:
        label = str(corpus.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        label = str(corpus)
    return tx.printable(label.rstrip("/") + "/")  # a folder name is untrusted text too


def _doc_meta(pipeline: Pipeline, result: QAResult) -> dict[str, tuple[str | None, str | None]]:
    """Title and date of the other articles a result points to (for their labels)."""
    docs = {c.doc for c in result.candidates} | {p.doc_id for p in result.passages}
    meta: dict[str, tuple[str | None, str | None]] = {}
    if result.doc:
        if result.title:
            meta[result.doc] = (result.title, result.date)
            docs.discard(result.doc)
        else:  # e.g. "no answer" results may carry no title
            docs.add(result.doc)
    for doc in sorted(docs):
        try:
            m = pipeline.document(doc).metadata
        except Exception:  # labels only: fall back to the file name
            continue
        meta[doc] = (m.title, m.date)
    return meta


class ChatApp(App[None]):
    """Extractive QA chat over a folder of articles."""

    CSS_PATH = "app.tcss"
    TITLE = "corpus-qa"
    COMMAND_PALETTE_BINDING = "f2"
    BINDINGS = [
        Binding("question_mark,f1", "help", "Help", key_display="?"),
        Binding("ctrl+r", "retry_load", "Retry"),
        Binding("ctrl+r", "reload", "Reload", show=False),  # when loaded: pick up a new index now
        Binding("ctrl+t", "toggle_theme", "Theme", show=False),
        Binding("ctrl+g", "across", "Across", show=False),  # the selected answer across articles (qa.across)
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(
        self,
        config: QAConfig,
        pipeline_factory: PipelineFactory,
        index_builder: IndexBuilder | None,
    ) -> None:
        super().__init__()
        self.config = config
        self.pipeline_factory = pipeline_factory
        self.index_builder = index_builder
        self.pipeline: Pipeline | None = None
        self.load_state = "loading"  # loading | ready | error
        self.load_error: str | None = None
        self.turns: dict[int, ChatTurn] = {}
        self._next_number = 1
        self._queue: deque[int] = deque()
        self._answering: int | None = None
        self.current_turn: int | None = None
        self.status: tuple[str, str] = ("loading", "loading index…")
        self._load_text = "loading index…"
        self.timings: dict[str, float] = {"created": time.perf_counter()}
        #: Reads the index version published now; the chat reloads when it changes.
        self.generation_probe: Callable[[QAConfig], str | None] = default_generation_probe
        self.generation: str | None = None  # the version the pipeline answers from

    # -- screens ---------------------------------------------------------------
    def get_default_screen(self) -> ChatScreen:
        label = corpus_label(self.config)
        welcome = Content.assemble(
            ("Ask a question about the articles in ", ""),
            (label, "bold"),
            (
                ". Answers are quoted from the articles, with their source and "
                "confidence.\nPress ? (in an empty question box) or F1 for the keys.",
                "",
            ),
        )
        return ChatScreen(label, welcome)

    @property
    def chat(self) -> ChatScreen:
        """The main screen (under the reader/help screens when those are open)."""
        screen = self.screen_stack[0] if self.screen_stack else None
        if not isinstance(screen, ChatScreen):
            raise NoMatches("the chat screen is not up (starting or closing)")
        return screen

    @property
    def ui_alive(self) -> bool:
        """False while starting or after quitting: workers may still report then."""
        return bool(self.screen_stack) and isinstance(self.screen_stack[0], ChatScreen) and self.is_running

    def on_mount(self) -> None:
        self.timings["mounted"] = time.perf_counter()
        self.start_loading()

    def on_ready(self) -> None:
        self.timings.setdefault("first_paint", time.perf_counter())

    # -- loading ---------------------------------------------------------------
    def start_loading(self) -> None:
        self.load_state = "loading"
        self.load_error = None
        self._load_text = "loading index…"
        self._set_status("loading", self._load_text)
        self.load_pipeline()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load_pipeline(self) -> None:
        started = time.perf_counter()
        try:
            if self.index_builder is not None:
                self.post_message(LoadProgress("checking index…"))
            pipeline = open_pipeline(
                self.config,
                refresh=self.index_builder is not None,
                say=self._show_progress,
                on_report=self._show_index_warnings,
                refresher=self.index_builder,
                loader=self._load_and_probe,
            ).pipeline
        except QAError as err:
            self.post_message(PipelineFailed(str(err)))
            return
        except ImportError as err:
            log.exception("could not import the pipeline")
            self.post_message(PipelineFailed(f"the QA pipeline is not available: {err}"))
            return
        except Exception as err:  # never a traceback in the window
            log.exception("unexpected error while loading")
            self.post_message(PipelineFailed(f"unexpected error while loading: {type(err).__name__}: {err}"))
            return
        self.post_message(PipelineReady(pipeline, time.perf_counter() - started))

    def _show_progress(self, text: str) -> None:
        """A refresh note, shown in the status bar while loading (from the loading thread)."""
        self.post_message(LoadProgress(text))

    def _show_index_warnings(self, report: object) -> None:
        """The refresh's first warnings as one notification, before the slow model load."""
        warnings = list(getattr(report, "warnings", None) or [])
        if warnings:
            more = f" (+{len(warnings) - 3} more)" if len(warnings) > 3 else ""
            # File names are untrusted: never read them as markup (``[@click=app.quit]x.txt``).
            text = tx.printable("\n".join(warnings[:3]) + more)
            self.call_from_thread(self.notify, text, title="Index warnings", severity="warning", markup=False)

    def _load_and_probe(self, config: QAConfig) -> Pipeline:
        """``pipeline_factory``, noting the index version it loads (probed first, in case the pipeline cannot say)."""
        self.post_message(LoadProgress("loading model and index…"))
        generation = self._probe_generation()
        pipeline = self.pipeline_factory(config)
        self.generation = _loaded_generation(pipeline) or generation
        return pipeline

    def on_load_progress(self, message: LoadProgress) -> None:
        if self.load_state == "loading":
            self._load_text = message.text
            self._set_status("loading", message.text)
            self._update_waiting_status()

    async def on_pipeline_ready(self, message: PipelineReady) -> None:
        self.timings["loaded"] = time.perf_counter()
        self.pipeline = message.pipeline
        self.load_state = "ready"
        self._set_status("ready", "ready")
        if self.ui_alive:
            await self._pump()

    def on_pipeline_failed(self, message: PipelineFailed) -> None:
        self.load_state = "error"
        self.load_error = message.message
        self._set_status("error", "index not loaded")
        self.refresh_bindings()

    def action_retry_load(self) -> None:
        if self.load_state == "error":
            self.start_loading()
            self.refresh_bindings()

    def action_reload(self) -> None:
        """ctrl+r once loaded: refresh and reload the index now (e.g. after `qa index add`)."""
        if self.load_state == "ready" and self._answering is None:
            self.pipeline = None
            self.start_loading()
            self.refresh_bindings()

    def _probe_generation(self) -> str | None:
        try:
            return self.generation_probe(self.config)
        except Exception:  # a probe is an optimisation: never a failure
            log.exception("could not read the index version")
            return None

    # -- asking ------------------------------------------------------------------
    async def on_question_submitted(self, message: QuestionSubmitted) -> None:
        await self.ask(message.question)

    async def ask(self, question: str) -> ChatTurn:
        """Add the question to the conversation and queue it for answering."""
        turn = ChatTurn(number=self._next_number, question=question)
        self._next_number += 1
        self.turns[turn.number] = turn
        await self.chat.add_turn(turn)
        self._queue.append(turn.number)
        await self._pump()
        return turn

    async def _pump(self) -> None:
        """Start answering the next queued question, if the pipeline is free."""
        if self.pipeline is None or self._answering is not None:
            self._update_waiting_status()
            return
        while self._queue:
            turn = self.turns.get(self._queue.popleft())
            if turn is None:
                continue
            self._answering = turn.number
            turn.state = TurnState.ANSWERING
            await self.chat.update_turn(turn)
            self._set_status("answering", "answering…")
            self.answer_question(self.pipeline, turn.number, turn.question)
            return
        self._set_status("ready", "ready")

    def _update_waiting_status(self) -> None:
        if self.load_state == "loading" and self._queue:
            n = len(self._queue)
            self._set_status("loading", f"{self._load_text} · {n} question{'s' if n > 1 else ''} waiting")

    @work(thread=True, group="answer", exit_on_error=False)
    def answer_question(self, pipeline: Pipeline, number: int, question: str) -> None:
        try:
            pipeline = self._current_pipeline(pipeline)
            result = pipeline.answer(question)
        except QAError as err:
            self.post_message(AnswerFailed(number, str(err)))
        except Exception as err:  # never a traceback in the window
            log.exception("unexpected error while answering")
            self.post_message(AnswerFailed(number, f"unexpected error: {type(err).__name__}: {err}"))
        else:
            self.post_message(AnswerReady(number, result, _doc_meta(pipeline, result)))

    def _current_pipeline(self, pipeline: Pipeline) -> Pipeline:
        """``pipeline``, or a fresh one when another process published a new index since it loaded.

        Runs in the answer worker, before each question: `qa index add` in
        another terminal is seen by the next question, without a restart.
        """
        generation = self._probe_generation()
        if generation is None or generation == self.generation:
            return pipeline
        self.post_message(LoadProgress("the index changed: reloading…"))
        fresh = self.pipeline_factory(self.config)
        self.generation = _loaded_generation(fresh) or generation
        self.pipeline = fresh
        close = getattr(getattr(pipeline, "index", None), "close", None)
        if callable(close):
            try:
                close()
            except Exception:  # the old index is being dropped anyway
                log.exception("could not close the previous index")
        return fresh

    async def on_answer_ready(self, message: AnswerReady) -> None:
        self.timings.setdefault("first_answer", time.perf_counter())
        if not self.ui_alive:
            return
        turn = self.turns.get(message.turn_number)
        if turn is not None:
            turn.state, turn.result = TurnState.DONE, message.result
            turn.doc_meta = message.doc_meta
            await self.chat.update_turn(turn)
            self.select_turn(turn.number)
        await self._finish_answer(message.turn_number)

    async def on_answer_failed(self, message: AnswerFailed) -> None:
        if not self.ui_alive:
            return
        turn = self.turns.get(message.turn_number)
        if turn is not None:
            turn.state, turn.error = TurnState.FAILED, message.message
            await self.chat.update_turn(turn)
        await self._finish_answer(message.turn_number)

    async def _finish_answer(self, number: int) -> None:
        if self._answering == number:
            self._answering = None
        await self._pump()

    # -- the conversation ------------------------------------------------------------
    def select_turn(self, number: int) -> None:
        """Make ``number`` the turn whose candidates the panel lists."""
        turn = self.turns.get(number)
        if turn is None or turn.result is None:
            return
        self.current_turn = number
        self.chat.show_candidates(sources_for(turn.result, turn.doc_meta), number)
        self.refresh_bindings()

    def on_answer_card_selected(self, message: AnswerCard.Selected) -> None:
        self.select_turn(message.turn_number)

    async def clear_history(self) -> None:
        self.turns.clear()
        self._queue.clear()
        self.current_turn = None
        await self.chat.clear()
        # The focused widget (the candidate list, after Tab) may have just been
        # hidden: give the keyboard back to the question box, or keys go nowhere.
        self.chat.question_input.focus()
        self.refresh_bindings()
        if self.load_state == "ready":
            self._set_status("ready", "ready")

    def on_source_requested(self, message: SourceRequested) -> None:
        self.open_source(message.source)

    def open_source(self, source: SourceRef) -> None:
        """Push the reader view for ``source`` (its full article when readable)."""
        document, note = None, None
        if self.pipeline is None:
            note = "the index is not loaded: showing the passage only"
        else:
            try:
                document = self.pipeline.document(source.doc)
            except QAError as err:
                note = f"{err} (showing the passage only)"
            except Exception as err:
                log.exception("could not read %s", source.doc)
                note = f"could not read the article ({type(err).__name__}: {err}); showing the passage only"
        self.push_screen(ReaderScreen(source, document, note))

    def copy_answer(self, source: SourceRef | None) -> None:
        if source is None or not source.answer.strip():
            self.notify("Nothing to copy yet.", severity="warning", timeout=3, markup=False)
            return
        answer = tx.collapse_whitespace(source.answer.strip())
        self.copy_to_clipboard(answer)  # OSC 52: most terminals; tmux needs set-clipboard on
        shown = answer if len(answer) <= 48 else answer[:47] + "…"
        self.notify(f"Copied “{tx.printable(shown)}”", title="Clipboard", timeout=3, markup=False)

    # -- answers across articles ------------------------------------------------------
    def action_across(self) -> None:
        """ctrl+g: every article's answer to the selected question, newest first, in a modal."""
        turn = self.turns.get(self.current_turn) if self.current_turn is not None else None
        if turn is None or turn.result is None:
            self.notify("Ask a question first.", severity="warning", timeout=3, markup=False)
            return
        if self.pipeline is None or self._answering is not None:
            self.notify("Busy answering: try again in a moment.", severity="warning", timeout=3, markup=False)
            return
        self._answering = -turn.number  # questions asked meanwhile wait: one caller of the pipeline at a time
        self.compute_across(self.pipeline, turn.number, turn.question, turn.result)

    @work(thread=True, group="across", exit_on_error=False)
    def compute_across(self, pipeline: Pipeline, number: int, question: str, result: QAResult) -> None:
        try:
            from qa.across import across_json

            extra = across_json(pipeline, question, result)
        except Exception as err:  # never a traceback in the window
            log.exception("could not group the answers by article")
            self.call_from_thread(self._across_done, number, None, f"{type(err).__name__}: {err}")  # type: ignore[arg-type]  # Textual types an async callback's result as Never
        else:
            self.call_from_thread(self._across_done, number, extra, None)  # type: ignore[arg-type]

    async def _across_done(self, number: int, extra: dict | None, error: str | None) -> None:
        if self._answering == -number:
            self._answering = None
        if self.ui_alive:
            if extra is not None:
                from tui.screens.across import AcrossScreen

                turn = self.turns.get(number)
                self.push_screen(AcrossScreen(turn.question if turn else "", extra))
            else:
                self.notify(f"Could not compare the articles: {tx.printable(error or '')}", severity="error", markup=False)
            await self._pump()

    # -- misc keys -------------------------------------------------------------------
    def on_help_requested(self, message: HelpRequested) -> None:
        self.action_help()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry_load":
            return self.load_state == "error"  # only shown after a failed load
        return True

    def _set_status(self, state: str, text: str) -> None:
        self.status = (state, text)
        self.sync_ui()

    def sync_ui(self) -> None:
        """Show the load state and status; the chat screen calls it once composed."""
        try:
            chat = self.chat
            status, error_panel = chat.status, chat.error_panel
        except NoMatches:  # the screen is not composed yet (or already gone)
            return
        status.set_state(*self.status)
        if self.load_state == "error" and self.load_error:
            if error_panel.message != self.load_error:
                error_panel.show_error(self.load_error, LOAD_HINT)
        elif error_panel.display:
            error_panel.hide()


def _loaded_generation(pipeline: object) -> str | None:
    """The index version a real pipeline opened (``pipeline.index.generation``), if it says."""
    generation = getattr(getattr(pipeline, "index", None), "generation", None)
    return getattr(generation, "name", None) if generation is not None else None


def create_app(
    config: QAConfig | None = None,
    pipeline_factory: PipelineFactory | None = None,
    index_builder: IndexBuilder | None = None,
) -> ChatApp:
    """The chat app for ``config``.

    Args:
        config: settings (defaults to ``QAConfig()``).
        pipeline_factory: builds the pipeline from the config (default:
            ``QAPipeline.load``). Tests pass a fake.
        index_builder: makes sure the index is built and fresh before loading
            (default: ``index.builder.ensure_index``, but only when
            ``pipeline_factory`` is the default; a custom factory brings its own).
    """
    config = config or QAConfig()
    if pipeline_factory is None:
        pipeline_factory = default_pipeline_factory
        if index_builder is None:
            index_builder = default_index_builder
    return ChatApp(config, pipeline_factory, index_builder)
