"""How soon the chat takes a question: ``qa chat -v`` in a pseudo-terminal, per backend.

The chat shows its window first and loads the index and models in a worker
(``tui.app``); it records when the window was mounted and when the pipeline
was loaded, and ``-v`` prints both when it exits. This runs ``qa chat -v``
in a pty, waits until the window has had time to load, quits with ctrl+q and
reads those two lines: "mounted" is when a question can be typed, "loaded"
when it can be answered. Indexes and exports are made first (``qa index``),
so the figures are a second launch's.

    .venv/bin/python bench/chat_ready.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import pty
import re
import select
import subprocess
import sys
import time

from common import OUT, ROOT, header, median, save_raw, table, write_section

VARIANTS = {"onnx fp32": ["--backend", "onnx", "--precision", "fp32"], "torch (reference)": ["--backend", "torch"]}


def launch(flags: list[str], wait_s: float) -> dict[str, float]:
    pid, fd = pty.fork()
    if pid == 0:  # child: the chat on the pty
        os.chdir(ROOT)
        os.environ.update(TERM="xterm-256color", COLUMNS="120", LINES="40")
        os.execv(sys.executable, [sys.executable, "-m", "qa.cli", "chat", "-v", *flags])
    output = b""
    launched = time.monotonic()
    first_output = None
    deadline = launched + wait_s
    quit_sent = False
    while True:
        timeout = max(0.0, deadline - time.monotonic()) if not quit_sent else 5.0
        ready, _, _ = select.select([fd], [], [], timeout)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            if first_output is None and b"\x1b[" in chunk:  # Textual's first screen write
                first_output = time.monotonic() - launched
            output += chunk
        elif not quit_sent:
            os.write(fd, b"\x11")  # ctrl+q
            quit_sent = True
        else:
            break
    os.waitpid(pid, 0)
    text = output.decode("utf-8", "replace")
    got = {key: float(value) for key, value in re.findall(r"qa chat: (\w+) after ([\d.]+) s", text)}
    if first_output is not None and "mounted" in got and "loaded" in got:
        # from the launch: the first screen write is (about) the mount; loading ends (loaded - mounted) later
        got["window_from_launch"] = first_output
        got["loaded_from_launch"] = first_output + got["loaded"] - got["mounted"]
    return got


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--wait", type=float, default=15.0, help="seconds before quitting each chat")
    args = parser.parse_args()
    flags = {}
    for name, extra in VARIANTS.items():
        index_dir = OUT / f"chat-index-{name.split()[0]}"
        flags[name] = [*extra, "--corpus", str(ROOT / "seeds"), "--index-dir", str(index_dir)]
        subprocess.run([sys.executable, "-m", "qa.cli", "index", "-q", *flags[name]], cwd=ROOT, check=True, capture_output=True)
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in VARIANTS}
    for _ in range(args.runs):
        for name in VARIANTS:
            runs[name].append(launch(flags[name], args.wait))
            print(name, runs[name][-1], flush=True)
    rows = []
    for name, got in runs.items():
        cols = [[r[k] for r in got if k in r] for k in ("window_from_launch", "loaded_from_launch", "mounted", "loaded")]
        rows.append([name, len(got), *[median(c) if c else "-" for c in cols]])
    save_raw("chat_ready", runs)
    body = header("Chat: time from launch to a question")
    body += "- `qa chat -v` on the seeds in a pseudo-terminal, second launch (index and exports made); medians, seconds\n"
    body += "- window: from launch to Textual's first screen write (a question can be typed); loaded: from launch until index and models are ready (questions answered); the last two columns count from the chat command's start (after the CLI's imports), as `qa chat -v` prints them\n\n"
    body += table(
        rows,
        [
            "backend",
            "launches",
            "window from launch s",
            "loaded from launch s",
            "mounted (from command) s",
            "loaded (from command) s",
        ],
    )
    body += "\n\nTarget (ONNX backend): the chat accepts a question <= 1.5 s after launch.\n"
    write_section("chat", body)
    print(body)


if __name__ == "__main__":
    main()
