"""``qa eval --html REPORT.html``: an evaluation as one self-contained page to look at.

Why a page: ``--json`` and ``--report`` are for programs; a person judging
whether to trust the answers wants to see where confidence and accuracy
part, and to read the wrong answers in their passages. The page holds:

1. the metrics table (as ``qa eval`` prints it);
2. the reliability diagram (accuracy per confidence bin against the
   diagonal, with the number of questions in each bin) and
3. the risk-coverage curve (error rate of the most confident fraction
   answered), both from ``qa.calibration``'s pairs: the confidence of the
   most probable answer and whether it is right;
4. a histogram of confidences for right, wrong and refused answers;
5. one row per question, wrong ones first (most confident first), each
   answer highlighted in its passage.

Self-contained on purpose: images are inline PNGs (``data:`` URIs), the
style sheet is inline, there is no script and no link to anything, so the
file opens offline, in a mail attachment, or in a CI artefact viewer.
Every piece of text (questions, answers, passages, file names) is
untrusted and goes through ``html.escape``; the page is built by
concatenating escaped pieces, never by pasting raw text.

matplotlib is imported here only, when a report is written (its
object-oriented ``Figure`` API: no pyplot, no global state, no display).
"""

from __future__ import annotations

import base64
import html
import io
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from qa.calibration import reliability_table

SECTIONS = ("metrics", "reliability", "risk-coverage", "confidence", "questions")
PASSAGE_CHARS = 1500  # a passage longer than this is cut around the answer


@dataclass(frozen=True)
class ReportRow:
    """One question for the per-question table: its score and what the pipeline returned."""

    score: Any  # qa.evaluate.QuestionScore
    result: Any | None  # qa.types.QAResult (None when the question was refused as invalid)


def verdict(score: Any) -> str:
    """``right``, ``wrong`` (an answer that is not the gold one), ``refused`` or ``missed`` (refused, but answerable)."""
    if score.no_answer:
        return "missed" if score.answerable else "refused"
    return "right" if score.em >= 1.0 else "wrong"


def correct_top(score: Any) -> float:
    """Whether the most probable answer (answered or refused) is right: calibration's label."""
    return float(getattr(score, "top_em", score.em))


# ---------------------------------------------------------------------- charts


def _png(fig: Any) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=72, bbox_inches="tight")
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _figure(width: float = 5.0, height: float = 3.6) -> tuple[Any, Any]:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height))
    ax = fig.subplots()
    ax.grid(True, alpha=0.3)
    return fig, ax


def reliability_png(confidences: Sequence[float], correct: Sequence[float]) -> str:
    """Accuracy per confidence bin (bars) against perfect calibration (the diagonal); counts above the bars."""
    rows = reliability_table(confidences, correct)
    fig, ax = _figure()
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfectly calibrated")
    for i, row in enumerate(rows):
        lo = i / len(rows)
        if not row["count"]:
            continue
        ax.bar(
            lo,
            row["accuracy"],
            width=1 / len(rows),
            align="edge",
            color="#4c72b0",
            edgecolor="white",
            label="accuracy" if not any(r["count"] for r in rows[:i]) else None,
        )
        ax.plot(
            [lo, lo + 1 / len(rows)],
            [row["confidence"]] * 2,
            color="#dd8452",
            linewidth=2,
            label="mean confidence" if not any(r["count"] for r in rows[:i]) else None,
        )
        ax.text(lo + 0.5 / len(rows), min(row["accuracy"], 0.92) + 0.03, str(row["count"]), ha="center", fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("confidence of the most probable answer")
    ax.set_ylabel("accuracy (exact match)")
    ax.set_title("Reliability (numbers: questions per bin)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, fontsize=7, frameon=False)
    return _png(fig)


def risk_coverage_points(confidences: Sequence[float], correct: Sequence[float]) -> list[tuple[float, float]]:
    """(coverage, risk) when only the k most confident answers are given, k = 1..n."""
    ranked = [y for _, y in sorted(zip(confidences, correct), key=lambda pair: -pair[0])]
    points, right = [], 0.0
    for k, y in enumerate(ranked, start=1):
        right += y
        points.append((k / len(ranked), 1 - right / k))
    return points


def risk_coverage_png(confidences: Sequence[float], correct: Sequence[float], answered: float | None) -> str:
    """Error rate against the share of questions answered, most confident first; the threshold's point marked."""
    points = risk_coverage_points(confidences, correct)
    fig, ax = _figure()
    if points:
        ax.plot([c for c, _ in points], [r for _, r in points], color="#4c72b0", label="risk (1 - accuracy)")
    if answered is not None and points:
        k = max(1, round(answered * len(points)))
        cov, risk = points[k - 1]
        ax.scatter([cov], [risk], color="#c44e52", zorder=3, label=f"at the threshold: {cov:.0%} answered")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, max([0.1] + [r for _, r in points]) * 1.1)
    ax.set_xlabel("coverage (share of questions answered, most confident first)")
    ax.set_ylabel("risk (share answered wrongly)")
    ax.set_title("Risk-coverage")
    ax.legend(loc="upper left", fontsize=8)
    return _png(fig)


def histogram_png(groups: dict[str, list[float]]) -> str:
    """Confidence histograms of right, wrong and refused answers, overlaid."""
    colours = {"right": "#55a868", "wrong": "#c44e52", "refused": "#8172b2"}
    fig, ax = _figure()
    bins = [i / 20 for i in range(21)]
    for name, values in groups.items():
        if values:
            ax.hist(values, bins=bins, alpha=0.55, color=colours.get(name), label=f"{name} ({len(values)})")
    ax.set_xlim(0, 1)
    ax.set_xlabel("confidence of the most probable answer")
    ax.set_ylabel("questions")
    ax.set_title("Confidence: right, wrong and refused answers")
    ax.legend(loc="upper left", fontsize=8)
    return _png(fig)


# ------------------------------------------------------------------------ html

e = html.escape

STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1200px;color:#222;padding:0 1em}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:4px 6px;vertical-align:top;text-align:left}
table.metrics{width:auto}table.metrics td:last-child{text-align:right;font-variant-numeric:tabular-nums}
.charts{display:flex;flex-wrap:wrap;gap:1em}figure{margin:0}figcaption{font-size:.85em;color:#555;max-width:380px}
mark{background:#ffe066;font-weight:bold}mark.refused{background:none;border-bottom:2px dashed #8172b2}
.passage{white-space:pre-wrap;font-size:.9em;max-width:520px}.muted{color:#666}
tr.wrong td:first-child,tr.missed td:first-child{background:#f8d7da}tr.right td:first-child,tr.refused td:first-child{background:#d4edda}
"""


def _img(section: str, png: str, alt: str, caption: str) -> str:
    return (
        f'<figure><img id="{section}-img" alt="{e(alt)}" src="data:image/png;base64,{png}">'
        f"<figcaption>{e(caption)}</figcaption></figure>"
    )


def metrics_rows(metrics: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) pairs: the table ``qa eval`` prints, without its reliability lines (the diagram shows them)."""
    import re

    from qa.evaluate import format_table

    rows = []
    for line in format_table(metrics).splitlines():
        if line.startswith("Reliability") or re.match(r"\s+\d\.\d-\d\.\d:", line):
            continue
        m = re.match(r"^(\s*\S.*?)\s{2,}(\S.*)$", line)
        rows.append((m.group(1), m.group(2)) if m else (line, ""))
    return rows


def highlighted(result: Any, refused: bool) -> str:
    """The passage, escaped, with the answer (or the refused top candidate) marked by offsets."""
    if result is None:
        return '<span class="muted">no passage</span>'
    if refused and result.candidates:
        top = result.candidates[0]
        passage, base, start, end = top.passage, top.passage_start, top.start, top.end
    else:
        passage, base, start, end = result.passage, result.passage_start, result.start, result.end
    a, b = start - base, end - base
    if not (0 <= a <= b <= len(passage)):
        a = b = 0
    lo = max(0, min(a - PASSAGE_CHARS // 3, len(passage) - PASSAGE_CHARS)) if len(passage) > PASSAGE_CHARS else 0
    hi = max(b, min(len(passage), lo + PASSAGE_CHARS))
    head = "…" if lo > 0 else ""
    tail = "…" if hi < len(passage) else ""
    if a == b:
        return f'<div class="passage">{head}{e(passage[lo:hi])}{tail}</div>'
    cls = ' class="refused"' if refused else ""
    return f'<div class="passage">{head}{e(passage[lo:a])}<mark{cls}>{e(passage[a:b])}</mark>{e(passage[b:hi])}{tail}</div>'


ORDER = {"wrong": 0, "missed": 1, "refused": 2, "right": 3}


def question_rows(rows: Sequence[ReportRow]) -> str:
    ordered = sorted(rows, key=lambda r: (ORDER[verdict(r.score)], -float(r.score.score)))
    out = []
    for r in ordered:
        s, v = r.score, verdict(r.score)
        refused = bool(s.no_answer)
        shown = r.result.candidates[0].answer if refused and r.result is not None and r.result.candidates else s.prediction
        answer = e(shown) if shown else '<span class="muted">—</span>'
        if refused:
            answer = f'<span class="muted">refused</span> (top: {answer})' if shown else '<span class="muted">refused</span>'
        gold = " | ".join(e(a) for a in s.gold_answers) or '<span class="muted">unanswerable</span>'
        error = f'<br><span class="muted">{e(s.error)}</span>' if getattr(s, "error", None) else ""
        out.append(
            f'<tr class="{v}"><td>{v}</td><td>{e(str(s.id))}</td><td>{e(s.question)}{error}</td><td>{gold}</td>'
            f"<td>{answer}</td><td>{float(s.score):.2f}</td><td>{e(s.doc or '')}</td>"
            f"<td>{highlighted(r.result, refused)}</td></tr>"
        )
    return "\n".join(out)


def render_report(
    metrics: dict[str, Any],
    rows: Sequence[ReportRow],
    *,
    title: str = "corpus-qa evaluation",
    source: str = "",
    threshold: float | None = None,
) -> str:
    """The whole page as a string."""
    scores = [r.score for r in rows]
    counts = {v: sum(1 for s in scores if verdict(s) == v) for v in ORDER}
    metric_html = "".join(f"<tr><td>{e(label)}</td><td>{e(value)}</td></tr>" for label, value in metrics_rows(metrics))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)}</title><style>{STYLE}</style></head>
<body>
<h1>{e(title)}</h1>
<p class="muted">{_subtitle(source, threshold)}</p>
<section id="metrics"><h2>Metrics</h2>
<table class="metrics"><tbody>{metric_html}</tbody></table>
<p>{counts["right"]} right, {counts["wrong"]} wrong, {counts["missed"]} refused although answerable,
{counts["refused"]} rightly refused.</p></section>
<div class="charts">
{_charts(scores)}</div>
<section id="questions"><h2>Questions (wrong ones first)</h2>
<table><thead><tr><th>verdict</th><th>id</th><th>question</th><th>gold</th><th>answer</th><th>confidence</th><th>article</th><th>answer in its passage</th></tr></thead>
<tbody>
{question_rows(rows)}
</tbody></table></section>
</body></html>
"""


def _subtitle(source: str, threshold: float | None) -> str:
    """Where the numbers come from: the source, the version and time of the run, the threshold in force."""
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    from qa.version import version

    subtitle = f"{e(source)} · " if source else ""
    subtitle += f"corpus-qa {e(version())} · {when}"
    if threshold is not None:
        subtitle += f" · no-answer threshold {threshold:.3f}"
    return subtitle


def _charts(scores: Sequence[Any]) -> str:  # qa.evaluate.QuestionScore
    """The three chart sections (reliability, risk-coverage, confidence histogram), each with a caption saying how to read it."""
    confidences = [float(s.score) for s in scores]
    correct = [correct_top(s) for s in scores]
    answered = (sum(1 for s in scores if not s.no_answer) / len(scores)) if scores else None
    groups: dict[str, list[float]] = {"right": [], "wrong": [], "refused": []}
    for s in scores:
        v = verdict(s)
        groups["refused" if v in ("refused", "missed") else v].append(float(s.score))
    return f"""<section id="reliability"><h2>Reliability diagram</h2>
{
        _img(
            "reliability",
            reliability_png(confidences, correct),
            "reliability diagram: accuracy against confidence per bin",
            "Each bar: the share of questions in that confidence bin whose most probable answer is right; the orange line, their mean confidence. Bars on the diagonal mean the confidence can be read as a probability.",
        )
    }
</section>
<section id="risk-coverage"><h2>Risk-coverage curve</h2>
{
        _img(
            "risk-coverage",
            risk_coverage_png(confidences, correct, answered),
            "risk-coverage curve",
            "Answering only the most confident questions: the share answered (coverage) against the share of those answered wrongly (risk). The dot is where the no-answer threshold puts it.",
        )
    }
</section>
<section id="confidence"><h2>Confidence of right, wrong and refused answers</h2>
{
        _img(
            "confidence",
            histogram_png(groups),
            "histogram of confidences for right, wrong and refused answers",
            "Well separated colours mean the threshold can tell right answers from wrong ones.",
        )
    }
</section>
"""


def write_report(out: TextIO, metrics: dict[str, Any], rows: Sequence[ReportRow], **kwargs: Any) -> None:
    """Write the page to ``out`` (a file opened by ``qa.output_files.replaced_on_success``)."""
    out.write(render_report(metrics, rows, **kwargs))


class RecordingPipeline:
    """Passes every call to ``pipeline`` and keeps each result, for the per-question table.

    ``qa.evaluate.evaluate`` scores one question at a time and calls
    ``on_score`` right after; the last result recorded is that question's.
    """

    def __init__(self, pipeline: Any) -> None:
        self.pipeline = pipeline
        self.last: Any | None = None

    def answer(self, question: str, *args: Any, **kwargs: Any) -> Any:
        self.last = None
        self.last = self.pipeline.answer(question, *args, **kwargs)
        return self.last

    def answer_in_text(self, question: str, text: str, doc_id: str = "") -> Any:
        self.last = None
        self.last = self.pipeline.answer_in_text(question, text, doc_id)
        return self.last

    def take(self) -> Any | None:
        last, self.last = self.last, None
        return last

    def __getattr__(self, name: str) -> Any:
        return getattr(self.pipeline, name)


def default_title(path: Path) -> str:
    return f"corpus-qa evaluation: {path.name}"


class HtmlOutput:
    """``--html FILE`` for ``qa eval``: checked before the model loads, written when the run finished.

    Like ``--report``, the file is never the gold file (by any name) and an
    earlier report is replaced only by a finished run (``qa.output_files``).
    """

    def __init__(self, path: Path, gold: Path | None = None) -> None:
        import os

        from qa.errors import UsageError
        from qa.output_files import refuse_same_file

        if gold is not None:
            refuse_same_file(path, gold, "gold file", "--html")
        folder = path.parent if str(path.parent) else Path(".")
        if not folder.is_dir():
            raise UsageError(f"--html {path}: folder {folder} does not exist")
        if not os.access(folder, os.W_OK):
            raise UsageError(f"--html {path}: folder {folder} cannot be written")
        if path.is_dir():
            raise UsageError(f"--html {path} is a folder; name a file")
        self.path = path
        self.rows: list[ReportRow] = []
        self.recorder: RecordingPipeline | None = None

    def record(self, pipeline: Any) -> RecordingPipeline:
        """``pipeline`` wrapped so each question's result is kept."""
        self.recorder = RecordingPipeline(pipeline)
        return self.recorder

    def add(self, score: Any) -> None:
        """Called with each question's score, right after its answer."""
        self.rows.append(ReportRow(score, self.recorder.take() if self.recorder is not None else None))

    def write(self, metrics: dict[str, Any], *, source: str = "") -> None:
        from qa.output_files import replaced_on_success

        threshold = getattr(self.recorder.pipeline, "threshold", None) if self.recorder is not None else None
        with replaced_on_success(self.path, "--html") as fh:
            write_report(
                fh, metrics, self.rows, source=source, threshold=float(threshold) if isinstance(threshold, (int, float)) else None
            )
