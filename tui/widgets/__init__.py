"""Widgets of the chat, one module per screen area."""
