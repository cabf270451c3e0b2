"""CLI conventions: ``qa --version``, ``qa completion SHELL``, ``--color``/``NO_COLOR`` and ``[…]`` answers."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys

import pytest
from rich.console import Console

from qa.cli import main
from qa.colour import use_color
from qa.commands.ask import render
from qa.types import Candidate, QAResult
from qa.version import version

ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
TEXT = "Kenya has since deployed over 400 police officers by mid-2024."


def run_qa(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "qa.cli", *args], capture_output=True, text=True, env=ENV, timeout=120)


def result() -> QAResult:
    start = TEXT.index("400")
    cand = Candidate("400", 0.9, "a.txt", start, start + 3, TEXT, 0)
    return QAResult("How many?", "400", False, 0.9, "a.txt", start, start + 3, "T", "2025-01-17", TEXT, 0, [cand])


def test_version_prints_the_package_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out == f"qa {version()}\n" and re.fullmatch(r"qa \d+\.\d+\.\d+\S*\n", out)


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_script_names_every_command_and_flag(shell, capsys):
    assert main(["completion", shell]) == 0
    script = capsys.readouterr().out
    for word in ("ask", "serve", "eval", "completion", "--corpus", "--color", "--version", "--port"):
        if shell == "fish":  # fish lists long options as `-l corpus`
            word = word.replace("--", "-l ")
        assert word in script, word
    if shell == "bash" and shutil.which("bash"):
        check = subprocess.run(["bash", "-n"], input=script, text=True, capture_output=True)
        assert check.returncode == 0, check.stderr
    if shell != "bash" and shutil.which(shell):
        check = subprocess.run([shell, "-n"], input=script, text=True, capture_output=True)
        assert check.returncode == 0, check.stderr


def test_completion_follows_the_parser(capsys):
    """A flag any command has is in the script: nothing is listed by hand."""
    from qa.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    flags = {opt for p in sub.choices.values() for a in p._actions for opt in a.option_strings if opt.startswith("--")}
    main(["completion", "bash"])
    script = capsys.readouterr().out
    assert {f for f in flags if f not in script} == set()


def test_completion_refuses_an_unknown_shell():
    proc = run_qa("completion", "powershell-9")
    assert proc.returncode == 2 and "invalid choice" in proc.stderr


def test_color_rule(monkeypatch):
    tty, pipe = io.StringIO(), io.StringIO()
    tty.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_color("auto", tty) and not use_color("auto", pipe) and use_color(None, tty)
    assert use_color("always", pipe) and not use_color("never", tty)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color("auto", tty) and use_color("always", tty)
    monkeypatch.setenv("NO_COLOR", "")  # empty means unset (no-color.org)
    assert use_color("auto", tty)


def test_answer_is_bracketed_in_plain_output():
    out = io.StringIO()
    render(result(), Console(file=out, force_terminal=False, width=400, highlight=False), brackets=True)
    text = out.getvalue()
    assert "deployed over [400] police officers" in text
    assert "\x1b" not in text
    plain = io.StringIO()
    render(result(), Console(file=plain, force_terminal=False, width=400, highlight=False))
    assert "[400]" not in plain.getvalue()  # with colour the highlight marks it instead


def test_colour_flag_is_accepted_before_and_after_the_command():
    for args in (["--color", "never", "completion", "bash"], ["completion", "bash", "--color", "always"]):
        proc = run_qa(*args)
        assert proc.returncode == 0, proc.stderr
    proc = run_qa("ask", "x?", "--color", "sometimes")
    assert proc.returncode == 2 and "invalid choice" in proc.stderr


def test_cli_help_imports_no_server_plot_or_completion_library():
    """Registering serve/completion/--html/--across costs `qa` nothing until they are used."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "qa.cli", "--help"], capture_output=True, text=True, env=ENV, timeout=120
    )
    assert proc.returncode == 0
    names = {m.group(1).split(".")[0] for m in re.finditer(r"import time:\s+\d+ \|\s+\d+ \|\s*([\w.]+)$", proc.stderr, re.M)}
    assert not names & {"fastapi", "uvicorn", "starlette", "matplotlib", "shtab", "textual", "torch"}, sorted(names)


def test_chat_color_choice_reaches_textual(monkeypatch):
    from qa.commands.chat import _apply_color_choice

    monkeypatch.delenv("NO_COLOR", raising=False)
    _apply_color_choice("never")
    assert os.environ["NO_COLOR"] == "1"
    _apply_color_choice("always")
    assert "NO_COLOR" not in os.environ
    monkeypatch.setenv("NO_COLOR", "1")
    _apply_color_choice("auto")
    assert os.environ["NO_COLOR"] == "1"
