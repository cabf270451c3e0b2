"""``qa chat`` plugs into the CLI and hands the effective config to the app."""

from __future__ import annotations

from pathlib import Path

import tui.app
from qa.cli import build_parser


def test_chat_subcommand_builds_config_and_runs_app(monkeypatch, tmp_path):
    seen = {}

    class StubApp:
        return_code = 0
        timings: dict = {}

        def run(self):
            seen["ran"] = True

    def fake_create_app(config, *args, **kwargs):
        seen["config"] = config
        return StubApp()

    monkeypatch.setattr(tui.app, "create_app", fake_create_app)
    corpus = tmp_path / "news"
    corpus.mkdir()
    args = build_parser().parse_args(["chat", "--corpus", str(corpus), "--threshold", "0.3"])
    assert args.func(args) == 0
    assert seen["ran"]
    assert Path(seen["config"].corpus) == corpus
    assert seen["config"].no_answer_threshold == 0.3
