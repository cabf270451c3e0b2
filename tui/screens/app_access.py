"""The screens' typed view of their app, as posting's screens have: no ``type: ignore`` to call it.

Textual types ``Screen.app`` as a plain ``App``; the methods the screens call
(``sync_ui``, ``open_source``, ``copy_answer``, ``clear_history``) live on
``ChatApp``. Imported for type checking only: ``tui.app`` imports the screens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from tui.app import ChatApp


def chat_app(screen: Screen) -> ChatApp:
    """``screen.app`` as the ``ChatApp`` it always is in this program."""
    return cast("ChatApp", screen.app)
