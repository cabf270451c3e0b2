"""``qa ask``: one question, a human-readable or JSON answer."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from rich.console import Console
from rich.text import Text

from qa.cli_common import PipelineOpener, common_parser, config_from_args, open_pipeline
from qa.colour import use_color
from qa.errors import UsageError
from qa.json_lines import json_text
from qa.pipeline import validate_question
from qa.terminal_text import one_line, printable, shorten
from qa.types import QAResult


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("ask", parents=[common_parser()], help="answer one question")
    parser.add_argument("question", help="the question, in quotes")
    parser.add_argument("--json", action="store_true", help="print the answer as one JSON object")
    parser.add_argument("--top-k", type=int, default=None, help="how many candidate answers to carry/show (default 5)")
    parser.add_argument("--no-update", action="store_true", help="do not refresh a stale index first")
    parser.add_argument(
        "--across",
        action="store_true",
        help="also list every article's answer above the threshold, newest first (do the articles differ?)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, open_pipeline: PipelineOpener = open_pipeline) -> int:
    config = config_from_args(args)
    if args.top_k is not None:
        if args.top_k < 1:
            raise UsageError(f"--top-k must be at least 1, got {args.top_k}")
        config = config.with_overrides(candidates=args.top_k)
    validate_question(args.question, config)  # fail fast, before loading models
    pipeline = open_pipeline(config, refresh=not args.no_update)
    across = getattr(args, "across", False)
    # --across reads every passage (as its listing does), so the answer's probability is the one listed beside it
    result = pipeline.answer(args.question, early_exit=False) if across else pipeline.answer(args.question)
    extra = None
    if across:
        from qa.across import across_json

        extra = across_json(pipeline, args.question, result)
    if args.json:
        print(json_text({**result.to_json(), **(extra or {})}))
    else:
        color = use_color(getattr(args, "color", "auto"), sys.stdout)
        # Colour off: no control codes at all, and the answer in [brackets] instead of reverse video.
        console = PipeConsole(highlight=False, force_terminal=color, no_color=not color)
        render(result, console, brackets=not color)
        if extra is not None:
            render_across(extra, console, brackets=not color)
    return 0


class PipeConsole(Console):
    """A Rich console that lets a closed pipe (``qa ask ... | head -1``) reach ``qa.cli``.

    Rich's own handler exits with status 1 and no message; the CLI treats a
    reader that went away as the end of the output, not as an error.
    """

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


TITLE_CHARS = 200  # a 1 MB "title" (a file with no line breaks) is cut for display


def shown(text: str | None, limit: int | None = None) -> str:
    """Untrusted article text as printed: controls made visible (one for one), optionally cut."""
    text = printable(text or "")
    return shorten(text, limit) if limit else text


def shown_name(text: str | None, limit: int | None = None) -> str:
    """A title, date or file name as printed on one line: newlines and tabs made visible too (``one_line``)."""
    text = one_line(text or "")
    return shorten(text, limit) if limit else text


def highlighted_passage(result: QAResult, brackets: bool = False) -> Text:
    """The passage with the answer span styled in place (built from offsets, never markup).

    ``brackets``: also put ``[`` and ``]`` around the span, for output without colour.
    """
    # Controls become one visible character each, so the offsets below still hold
    # (Rich would drop \r, \b, \v... and shift the highlight).
    passage = shown(result.passage)
    text = Text(passage.strip("\n"))
    lead = len(passage) - len(passage.lstrip("\n"))
    a = result.start - result.passage_start - lead
    b = result.end - result.passage_start - lead
    if result.answer and 0 <= a < b <= len(text):
        text.stylize("bold underline reverse", a, b)
        if brackets:
            text = Text.assemble(text[:a], "[", text[a:b], "]", text[b:])
    return text


def render(result: QAResult, console: Console, brackets: bool = False) -> None:
    if result.no_answer:
        reason = f": {shown(result.reason)}." if result.reason else "."
        console.print(Text("Not found in the corpus" + reason, style="bold yellow"))
        if result.passage:
            console.print(Text(f"Closest passage ({shown_name(result.doc)}):", style="dim"))
            console.print(Text(shown(result.passage).strip()), style="dim")
        return
    console.print(Text.assemble(("Answer: ", "bold"), (shown(result.answer), "bold green"), f"   ({result.score:.0%} confident)"))
    source = " · ".join(shown_name(x, TITLE_CHARS) for x in (result.title, result.date, result.doc) if x)
    console.print(Text(source, style="cyan"))
    console.print(highlighted_passage(result, brackets))
    others = result.candidates[1:]
    if others:
        console.print(Text("Other candidates:", style="bold"))
        for i, cand in enumerate(others, start=2):
            console.print(
                Text.assemble(f"  {i}. ", (shown(cand.answer), "bold"), f"  {cand.score:.0%}  ", (shown_name(cand.doc), "cyan"))
            )


def render_across(extra: dict[str, Any], console: Console, brackets: bool = False) -> None:
    """``--across``: each article's answers, newest first, with date, title and the sentence highlighted."""
    groups = extra["across"]
    console.print()
    if not groups:
        console.print(Text("Across articles: no article has an answer above the threshold.", style="yellow"))
        return
    verdict = (
        "articles differ"
        if extra["articles_differ"]
        else ("the articles agree" if len(groups) > 1 else "only one article answers")
    )
    console.print(
        Text.assemble(
            ("Across articles", "bold"), " (newest first): ", (verdict, "bold red" if extra["articles_differ"] else "green")
        )
    )
    for group in groups:
        date = group["date"] or "undated"
        if group["date_source"] == "file":
            date += " (file date)"
        label = " · ".join(shown_name(x, TITLE_CHARS) for x in (group["title"], group["doc"]) if x)
        console.print(Text.assemble("  ", (shown_name(date), "bold"), "  ", (label, "cyan")))
        for a in group["answers"]:
            sentence = shown(a["sentence"])
            lo, hi = a["start"] - a["sentence_start"], a["end"] - a["sentence_start"]
            text = Text(sentence.replace("\n", " "))  # one line; the same length, so offsets hold
            if 0 <= lo < hi <= len(sentence):
                text.stylize("bold underline reverse", lo, hi)
                if brackets:
                    text = Text.assemble(text[:lo], "[", text[lo:hi], "]", text[hi:])
            console.print(Text.assemble("    ", (shown(a["answer"]), "bold"), f"  {a['score']:.0%}  ", text))
