"""``qa eval``: metrics on a fake pipeline with known answers, report, CLI."""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

import qa.evaluate as evaluate_module
from qa.calibration import expected_calibration_error
from qa.commands import eval as eval_command
from qa.config import QAConfig
from qa.errors import QuestionError, UsageError
from qa.evaluate import (
    GoldItem,
    corpus_context_lookup,
    evaluate,
    first_hit_rank,
    format_errors,
    format_table,
    load_gold,
    passage_has_answer,
    percentile,
)
from qa.types import Passage, QAResult

ROOT = Path(__file__).resolve().parents[2]


# ----------------------------------------------------------------------- fakes


def passage(text: str, rank: int, doc: str = "d.txt") -> Passage:
    return Passage(chunk_id=rank, doc_id=doc, start=0, end=len(text), text=text, score=1.0 / rank, rank=rank)


def result(question: str, answer: str, doc: str | None, passages: Sequence[Passage] = ()) -> QAResult:
    return QAResult(
        question=question,
        answer=answer,
        no_answer=not answer,
        score=0.5,
        doc=doc,
        start=0,
        end=len(answer),
        title=None,
        date=None,
        passage="",
        passage_start=0,
        passages=list(passages),
    )


@dataclass
class ScriptedPipeline:
    """Prepared result per question; a fake clock advances by each question's latency."""

    results: dict[str, QAResult]
    latencies_ms: dict[str, float] = field(default_factory=dict)
    clock: list[float] = field(default_factory=lambda: [0.0])
    asked: list[str] = field(default_factory=list)
    closed_calls: list[tuple[str, str, str]] = field(default_factory=list)

    def answer(self, question: str) -> QAResult:
        self.asked.append(question)
        self.clock[0] += self.latencies_ms.get(question, 0.0) / 1000.0
        if question not in self.results:
            raise QuestionError(f"refused: {question}")
        return self.results[question]

    def answer_batch(self, questions: Sequence[str]) -> list[QAResult]:
        return [self.answer(q) for q in questions]

    def answer_in_text(self, question: str, text: str, doc_id: str = "") -> QAResult:
        self.closed_calls.append((question, text, doc_id))
        self.clock[0] += self.latencies_ms.get(question, 0.0) / 1000.0
        return self.results[question]


GOLD = [
    GoldItem("q1", "Who won Super Bowl 50?", ("Denver Broncos",), "a.txt"),
    GoldItem("q2", "How many were murdered?", ("1,247",), "b.txt"),
    GoldItem("q3", "Who visited?", ("Kenyan President William Ruto", "William Ruto"), "c.txt"),
    GoldItem("q4", "Who is the king of Mars?", (), None),
    GoldItem("q5", "What is the capital of Atlantis?", (), None),
]


def scripted() -> ScriptedPipeline:
    return ScriptedPipeline(
        results={
            # EM 1; right passage at rank 2; right doc
            GOLD[0].question: result(
                GOLD[0].question,
                "the Denver Broncos",
                "a.txt",
                [passage("Carolina lost.", 1), passage("The Denver Broncos won 24-10.", 2)],
            ),
            # wrong; no passage holds "1,247" (1247 inside 11247 must not count); wrong doc
            GOLD[1].question: result(GOLD[1].question, "710", "x.txt", [passage("710 injured", 1), passage("11247 people", 2)]),
            # partial: F1 2/3 against "William Ruto"; passage at rank 1; right doc
            GOLD[2].question: result(
                GOLD[2].question, "Ruto", "c.txt", [passage("Rubio hosted Kenyan President William Ruto.", 1)]
            ),
            # unanswerable, says no answer: right
            GOLD[3].question: result(GOLD[3].question, "", "a.txt", [passage("Mars is red.", 1)]),
            # unanswerable, answers anyway: wrong
            GOLD[4].question: result(GOLD[4].question, "Poseidonis", "z.txt"),
        },
        latencies_ms={g.question: ms for g, ms in zip(GOLD, [10.0, 20.0, 30.0, 40.0, 50.0])},
    )


@pytest.fixture
def fake_clock(monkeypatch: pytest.MonkeyPatch):
    clock = [0.0]
    monkeypatch.setattr(evaluate_module, "time", SimpleNamespace(perf_counter=lambda: clock[0]))
    return clock


# ------------------------------------------------------------------ metrics


def test_metrics_on_known_answers(fake_clock) -> None:
    pipe = scripted()
    pipe.clock = fake_clock
    run = evaluate(pipe, GOLD)
    m = run.metrics
    assert (m["questions"], m["answerable"], m["unanswerable"], m["errors"]) == (5, 3, 2, 0)
    assert m["setting"] == "open"
    assert m["exact_match"] == pytest.approx(100 * 2 / 5)
    assert m["f1"] == pytest.approx(100 * (1 + 0 + 2 / 3 + 1 + 0) / 5, abs=1e-3)
    assert m["has_answer_exact"] == pytest.approx(100 / 3, abs=1e-3)
    assert m["has_answer_f1"] == pytest.approx(100 * (1 + 2 / 3) / 3, abs=1e-3)
    assert m["no_answer_accuracy"] == pytest.approx(50.0)
    assert m["recall@1"] == pytest.approx(100 / 3, abs=1e-3)
    assert m["recall@5"] == pytest.approx(200 / 3, abs=1e-3)
    assert m["recall@10"] == pytest.approx(200 / 3, abs=1e-3)
    assert m["mrr@10"] == pytest.approx((1 / 2 + 0 + 1) / 3, abs=1e-4)
    assert m["doc_accuracy@1"] == pytest.approx(200 / 3, abs=1e-3)
    assert m["latency_p50_ms"] == pytest.approx(30.0)
    assert m["latency_p95_ms"] == pytest.approx(48.0)
    assert m["total_seconds"] == pytest.approx(0.15)
    assert [s.rank for s in run.scores] == [2, None, 1, None, None]
    assert [s.em for s in run.scores] == [1.0, 0.0, 0.0, 1.0, 0.0]
    assert pipe.asked == [g.question for g in GOLD]  # one answer() call each, in order


def test_metrics_object_is_json_serialisable(fake_clock) -> None:
    pipe = scripted()
    pipe.clock = fake_clock
    json.dumps(evaluate(pipe, GOLD).metrics)


def test_refused_question_is_scored_as_no_answer_and_counted(fake_clock) -> None:
    gold = [GoldItem("bad", "???", ("x",), None), GoldItem("q4", GOLD[3].question, (), None)]
    pipe = scripted()
    run = evaluate(pipe, gold)
    assert run.metrics["errors"] == 1
    assert run.scores[0].error == "refused: ???" and run.scores[0].em == 0.0
    assert run.metrics["exact_match"] == pytest.approx(50.0)


def test_no_unanswerable_gives_null_no_answer_accuracy() -> None:
    run = evaluate(scripted(), GOLD[:1])
    assert run.metrics["no_answer_accuracy"] is None
    assert "n/a" in format_table(run.metrics)


def test_closed_setting_reads_each_gold_text_and_skips_retrieval(fake_clock) -> None:
    gold = [
        GoldItem("q1", GOLD[0].question, GOLD[0].answers, "s.jsonl#a0-p0", context="Paragraph one."),
        GoldItem("q3", GOLD[2].question, GOLD[2].answers, "s.jsonl#a0-p1", context="Paragraph two."),
        GoldItem("nox", "No text?", ("x",), None),
    ]
    pipe = scripted()
    pipe.clock = fake_clock
    run = evaluate(pipe, gold, closed=True)
    assert pipe.closed_calls == [
        (GOLD[0].question, "Paragraph one.", "s.jsonl#a0-p0"),
        (GOLD[2].question, "Paragraph two.", "s.jsonl#a0-p1"),
    ]
    assert pipe.asked == []
    m = run.metrics
    assert m["setting"] == "closed" and m["skipped"] == 1 and m["questions"] == 2
    assert not any(k.startswith(("recall@", "mrr@", "doc_accuracy")) for k in m)
    assert all(s.rank is None for s in run.scores)
    assert m["exact_match"] == pytest.approx(50.0)


def test_on_score_streams_report_records(fake_clock) -> None:
    lines: list[str] = []
    pipe = scripted()
    pipe.clock = fake_clock
    run = evaluate(pipe, GOLD, on_score=lambda s: lines.append(json.dumps(s.to_json())))
    records = [json.loads(x) for x in lines]
    assert [r["id"] for r in records] == ["q1", "q2", "q3", "q4", "q5"]
    first = records[0]
    assert set(first) >= {
        "id",
        "question",
        "gold_answers",
        "gold_doc",
        "prediction",
        "no_answer",
        "score",
        "doc",
        "em",
        "f1",
        "rank",
        "latency_ms",
        "top_em",
    }
    # reports of several sets pool into one calibration figure
    pooled = expected_calibration_error([r["score"] for r in records], [r["top_em"] for r in records])
    assert pooled == pytest.approx(run.metrics["ece"], abs=1e-3)
    assert first["rank"] == 2 and first["latency_ms"] == pytest.approx(10.0)
    assert records[3]["prediction"] == "" and records[3]["no_answer"] is True


def test_format_errors_lists_only_missed_questions() -> None:
    run = evaluate(scripted(), GOLD)
    text = format_errors(run.scores)
    assert "[q2]" in text and "[q3]" in text and "[q5]" in text
    assert "[q1]" not in text and "[q4]" not in text
    assert "1,247" in text and "(no answer)" in text


# ---------------------------------------------------------- retrieval helpers


def test_passage_match_is_normalised_and_whole_token() -> None:
    assert passage_has_answer("The DENVER Broncos, champions.", ["denver broncos"])
    assert passage_has_answer("Murders: 1,247 in total", ["1247"])
    assert not passage_has_answer("In 17100 cases", ["710"])
    assert not passage_has_answer("anything", [])
    assert not passage_has_answer("anything", ["the"])  # normalises to nothing


def test_first_hit_rank_uses_list_order_and_depth() -> None:
    ps = [passage(f"filler {i}", i) for i in range(1, 12)] + [passage("the answer", 12)]
    assert first_hit_rank(ps, ["answer"]) is None  # beyond @10
    assert first_hit_rank(ps, ["answer"], depth=12) == 12
    assert first_hit_rank(ps, ["filler 3"]) == 3
    assert first_hit_rank(ps, []) is None


def test_percentile_matches_numpy() -> None:
    rng = random.Random(0)
    for n in (1, 2, 5, 20, 101):
        values = [rng.uniform(0, 100) for _ in range(n)]
        for q in (0, 50, 95, 100):
            assert percentile(values, q) == pytest.approx(float(np.percentile(values, q)))
    assert percentile([], 50) is None


# -------------------------------------------------------------------- gold io


def test_load_dev_gold() -> None:
    gold = load_gold(ROOT / "data" / "gold" / "dev.jsonl")
    assert len(gold) >= 30
    assert gold[0].id == "dev-001" and "William Ruto" in gold[0].answers
    assert any(not g.answers for g in gold)


def test_load_gold_accepts_squad_style_answers_and_default_ids(tmp_path: Path) -> None:
    path = tmp_path / "g.jsonl"
    path.write_text('\n{"question": "Q?", "answers": [{"text": "A"}, "A", "B"]}\n', encoding="utf-8")
    [item] = load_gold(path)
    assert item == GoldItem("2", "Q?", ("A", "B"), None)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"question": "Q?", "answers": []}\nnot json\n', "line 2"),
        ('{"answers": []}\n', "question"),
        ('{"question": "Q?", "answers": "A"}\n', "answers"),
        ("\n\n", "no questions"),
    ],
)
def test_bad_gold_is_a_usage_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "g.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UsageError, match=message):
        load_gold(path)
    with pytest.raises(UsageError, match="not found"):
        load_gold(tmp_path / "missing.jsonl")


def test_corpus_context_lookup_reads_files_and_jsonl_records(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Article A text.", encoding="utf-8")
    (tmp_path / "s.jsonl").write_text('{"id": "r1", "text": "Record one."}\n', encoding="utf-8")
    lookup = corpus_context_lookup(tmp_path)
    assert lookup(GoldItem("1", "q", ("x",), "a.txt")) == "Article A text."
    assert lookup(GoldItem("2", "q", ("x",), "s.jsonl#r1")) == "Record one."
    assert lookup(GoldItem("3", "q", ("x",), "s.jsonl#nope")) is None
    assert lookup(GoldItem("4", "q", ("x",), "missing.txt")) is None
    assert lookup(GoldItem("5", "q", (), None)) is None
    assert lookup(GoldItem("6", "q", ("x",), "a.txt", context="own")) == "own"


# ----------------------------------------------------------------- the command


@pytest.fixture(autouse=True)
def _isolated_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no stray ./qa.toml


@pytest.fixture(autouse=True)
def built(monkeypatch: pytest.MonkeyPatch) -> list[QAConfig]:
    """The configs ``qa eval`` asked to index (it builds nothing here)."""
    configs: list[QAConfig] = []
    monkeypatch.setattr(eval_command, "build_index", configs.append)
    return configs


def write_gold(path: Path, items: Sequence[GoldItem]) -> None:
    path.write_text(
        "".join(json.dumps({"id": g.id, "question": g.question, "answers": list(g.answers), "doc": g.doc}) + "\n" for g in items),
        encoding="utf-8",
    )


def test_command_json_report_and_errors(tmp_path: Path, run_cli) -> None:
    write_gold(tmp_path / "gold.jsonl", GOLD)
    code, out, err = run_cli("eval", "gold.jsonl", "--json", "--report", "rep.jsonl", "--errors", pipeline=scripted())
    assert code == 0
    metrics = json.loads(out)  # stdout holds the metrics object only
    assert metrics["exact_match"] == pytest.approx(40.0) and "load_seconds" in metrics
    assert "[q2]" in err
    report = [json.loads(x) for x in (tmp_path / "rep.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in report] == ["q1", "q2", "q3", "q4", "q5"]


def test_command_errors_listing_prints_gold_text_safely(tmp_path: Path, run_cli) -> None:
    """``--errors`` printed the gold file's ids, questions, answers and doc names raw: an escape
    sequence in them reached the terminal, a newline in a doc name forged a line."""
    evil = "\x1b]0;pwned\x07"
    gold = [GoldItem(f"q{evil}", f"Who {evil}won?", (f"Den{evil}ver",), f"a{evil}.txt\nwarning: all good.txt")]
    write_gold(tmp_path / "gold.jsonl", gold)
    code, out, _ = run_cli("eval", "gold.jsonl", "--errors", pipeline=scripted())  # not scripted: refused with an error
    assert code == 0
    listing = out[out.index("Missed questions") :]
    assert "\x1b" not in listing and "\x07" not in listing, listing
    assert "[q␛]0;pwned␇] Who ␛]0;pwned␇won?" in listing and "Den␛]0;pwned␇ver" in listing
    assert "a␛]0;pwned␇.txt␤warning: all good.txt" in listing
    assert not any(line.startswith("warning:") for line in listing.splitlines())


def test_command_table_and_limit(tmp_path: Path, run_cli) -> None:
    write_gold(tmp_path / "gold.jsonl", GOLD)
    pipe = scripted()
    code, out, _ = run_cli("eval", "gold.jsonl", "--limit", "2", pipeline=pipe)
    assert code == 0
    assert "Exact match" in out and "Recall@5" in out and "Latency p95" in out
    assert len(pipe.asked) == 2


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["eval"], "either a gold file"),
        (["eval", "gold.jsonl", "--squad", "s.json"], "SQuAD file not found"),
        (["eval", "gold.jsonl", "--articles", "1:2"], "--articles"),
        (["eval", "gold.jsonl", "--limit", "0"], "--limit"),
        (["eval", "gold.jsonl", "--sample", "-1"], "--sample must be at least 1"),
        (["eval", "gold.jsonl", "--sample", "0"], "--sample must be at least 1"),
        (["eval", "missing.jsonl"], "not found"),
        (["eval", "gold.jsonl", "--report", "no/dir/rep.jsonl"], "cannot write report"),
        (["eval", "--squad", "s.json", "--corpus", "seeds"], "--corpus"),
        (["eval", "gold.jsonl", "--report", "r.out", "--html", "./r.out"], "--html r.out is the --report file itself"),
    ],
)
def test_command_usage_errors(argv: list[str], message: str, tmp_path: Path, run_cli) -> None:
    write_gold(tmp_path / "gold.jsonl", GOLD)
    code, _, stderr = run_cli(*argv, pipeline=scripted())
    assert code == 2
    err = stderr.strip()
    assert len(err.splitlines()) == 1 and message in err


SQUAD = {
    "version": "1.1",
    "data": [
        {
            "title": "Art_Zero",
            "paragraphs": [
                {
                    "context": "Zero is first.",
                    "qas": [{"id": "z1", "question": "What is first?", "answers": [{"text": "Zero", "answer_start": 0}]}],
                }
            ],
        },
        {
            "title": "Art_One",
            "paragraphs": [
                {
                    "context": "Denver Broncos won Super Bowl 50.",
                    "qas": [
                        {"id": "o1", "question": GOLD[0].question, "answers": [{"text": "Denver Broncos", "answer_start": 0}]}
                    ],
                },
                {
                    "context": "Kenyan President William Ruto visited.",
                    "qas": [
                        {"id": "o2", "question": GOLD[2].question, "answers": [{"text": "William Ruto", "answer_start": 17}]}
                    ],
                },
            ],
        },
    ],
}


def test_command_squad_builds_workspace_and_scores(tmp_path: Path, run_cli, built: list[QAConfig]) -> None:
    (tmp_path / "mini.json").write_text(json.dumps(SQUAD), encoding="utf-8")
    pipe = scripted()
    pipe.results[GOLD[0].question] = result(
        GOLD[0].question,
        "Denver Broncos",
        "mini.jsonl#a1-p0",
        [passage("Denver Broncos won Super Bowl 50.", 1, "mini.jsonl#a1-p0")],
    )
    ws = tmp_path / "ws"
    code, out, _ = run_cli("eval", "--squad", "mini.json", "--articles", "1:", "--index-dir", ws, "--json", pipeline=pipe)
    assert code == 0
    [config] = built
    assert config.corpus == ws / "corpus" and config.index_dir == ws / "index"
    records = [json.loads(x) for x in (ws / "corpus" / "mini.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["a1-p0", "a1-p1"]
    metrics = json.loads(out)
    assert metrics["questions"] == 2 and metrics["unanswerable"] == 0
    assert metrics["doc_accuracy@1"] == pytest.approx(50.0)
    assert metrics["exact_match"] == pytest.approx(50.0)


def test_command_squad_closed_reads_gold_paragraphs(tmp_path: Path, run_cli) -> None:
    (tmp_path / "mini.json").write_text(json.dumps(SQUAD), encoding="utf-8")
    pipe = scripted()
    ws = tmp_path / "ws"
    code, out, _ = run_cli(
        "eval", "--squad", "mini.json", "--articles", "1:2", "--index-dir", ws, "--closed", "--json", pipeline=pipe
    )
    assert code == 0
    assert pipe.closed_calls == [
        (GOLD[0].question, "Denver Broncos won Super Bowl 50.", "mini.jsonl#a1-p0"),
        (GOLD[2].question, "Kenyan President William Ruto visited.", "mini.jsonl#a1-p1"),
    ]
    metrics = json.loads(out)
    assert metrics["setting"] == "closed" and "recall@1" not in metrics


def _qs(score, f1, em, answerable=True):
    from qa.evaluate import QuestionScore

    return QuestionScore("x", "q", ("a",) if answerable else (), None, "p", False, score, None, em, f1, None, 1.0)


def test_best_threshold_trades_answerable_against_unanswerable():
    from qa.evaluate import best_threshold

    scores = [
        _qs(0.9, 1.0, 1.0),
        _qs(0.8, 1.0, 1.0),
        _qs(0.3, 0.0, 0.0),
        _qs(0.2, 0.0, 0.0, answerable=False),
        _qs(0.6, 0.0, 0.0, answerable=False),
    ]
    sweep = best_threshold(scores)
    # abstaining below 0.7 keeps both right answers and fixes the two unanswerable ones
    assert sweep["threshold"] == 0.7
    assert sweep["f1"] == 80.0


def test_best_threshold_zero_when_nothing_is_unanswerable():
    from qa.evaluate import best_threshold

    assert best_threshold([_qs(0.1, 1.0, 1.0), _qs(0.5, 0.5, 0.0)])["threshold"] == 0.0


def test_summary_reports_calibration_and_near_miss_kinds() -> None:
    from qa.evaluate import QuestionScore, format_table, summarize

    def score(i: int, answers: tuple[str, ...], no_answer: bool, conf: float, top_em: float, kind: str) -> QuestionScore:
        em = (top_em if not no_answer else 0.0) if answers else float(no_answer)
        return QuestionScore(str(i), "q", answers, None, "", no_answer, conf, None, em, em, None, 1.0, top_em=top_em, kind=kind)

    scores = [
        score(1, ("a",), False, 0.9, 1.0, "twin"),
        score(2, ("b",), True, 0.2, 1.0, "twin"),  # right answer refused
        score(3, (), True, 0.1, 0.0, "entity_swap"),
        score(4, (), False, 0.8, 0.0, "entity_swap"),
    ]
    metrics = summarize(scores, 1.0, retrieval=False)
    assert metrics["by_kind"]["entity_swap"] == {"questions": 2, "refused": 50.0}
    assert metrics["by_kind"]["twin"]["right_kept"] == 50.0 and metrics["by_kind"]["twin"]["exact_match"] == 50.0
    assert metrics["accuracy@50%coverage"] == 50.0  # 0.9 right, 0.8 wrong
    assert metrics["ece"] == pytest.approx((abs(0.9 - 1) + abs(0.8 - 0) + abs(0.2 - 1) + abs(0.1 - 0)) / 4)
    assert sum(row["count"] for row in metrics["reliability"]) == 4
    table = format_table(metrics)
    assert "Calibration error" in table and "entity_swap: 2 questions, refused 50.0%" in table
