"""Messages between the workers, the widgets and the app.

Dataclasses, as posting's messages are: the fields are the message. Textual's
``Message.__post_init__`` runs its own set-up after the generated
``__init__``; ``eq=False`` keeps the identity equality (and hash) every
Textual message has.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message

from qa.types import QAResult
from tui.types import Pipeline, SourceRef


@dataclass(eq=False)
class LoadProgress(Message):
    """The loader moved on to another step (shown in the status bar)."""

    text: str


@dataclass(eq=False)
class PipelineReady(Message):
    """The pipeline loaded, in ``seconds``."""

    pipeline: Pipeline
    seconds: float


@dataclass(eq=False)
class PipelineFailed(Message):
    """Loading failed; ``message`` is a readable one-liner (never a traceback)."""

    message: str


@dataclass(eq=False)
class AnswerReady(Message):
    """Turn ``turn_number`` was answered; ``doc_meta`` holds the title and date of each article it points to."""

    turn_number: int
    result: QAResult
    doc_meta: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)


@dataclass(eq=False)
class AnswerFailed(Message):
    """Turn ``turn_number`` could not be answered; ``message`` says why in one line."""

    turn_number: int
    message: str


@dataclass(eq=False)
class QuestionSubmitted(Message):
    """The person asked something (already stripped, never empty)."""

    question: str


@dataclass(eq=False)
class SourceRequested(Message):
    """Open this answer/candidate in the reader view."""

    source: SourceRef


class HelpRequested(Message):
    """``?`` typed into an empty question box."""
