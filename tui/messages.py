"""Messages between the workers, the widgets and the app."""

from __future__ import annotations

from textual.message import Message

from qa.types import QAResult
from tui.types import Pipeline, SourceRef


class LoadProgress(Message):
    """The loader moved on to another step (shown in the status bar)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class PipelineReady(Message):
    def __init__(self, pipeline: Pipeline, seconds: float) -> None:
        super().__init__()
        self.pipeline = pipeline
        self.seconds = seconds


class PipelineFailed(Message):
    """Loading failed; ``message`` is a readable one-liner (never a traceback)."""

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


class AnswerReady(Message):
    def __init__(
        self,
        turn_number: int,
        result: QAResult,
        doc_meta: dict[str, tuple[str | None, str | None]] | None = None,
    ) -> None:
        super().__init__()
        self.turn_number = turn_number
        self.result = result
        self.doc_meta = doc_meta or {}


class AnswerFailed(Message):
    def __init__(self, turn_number: int, message: str) -> None:
        super().__init__()
        self.turn_number = turn_number
        self.message = message


class QuestionSubmitted(Message):
    """The person asked something (already stripped, never empty)."""

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question


class SourceRequested(Message):
    """Open this answer/candidate in the reader view."""

    def __init__(self, source: SourceRef) -> None:
        super().__init__()
        self.source = source


class HelpRequested(Message):
    """``?`` typed into an empty question box."""
