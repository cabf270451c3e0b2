"""`qa train-reader` trains a tiny reader end to end and the result loads."""

from __future__ import annotations

import json

from qa.cli import main


def _tiny_squad(path):
    paragraphs = []
    for i in range(6):
        context = f"Station {i} opened in {1900 + i}. Its first manager was called Ann Lee{i}."
        paragraphs.append(
            {
                "context": context,
                "qas": [
                    {
                        "id": f"q{i}",
                        "question": f"When did station {i} open?",
                        "answers": [{"text": str(1900 + i), "answer_start": context.index(str(1900 + i))}],
                    }
                ],
            }
        )
    data = {"data": [{"title": f"T{a}", "paragraphs": paragraphs[a * 2 : a * 2 + 2]} for a in range(3)]}
    path.write_text(json.dumps(data), encoding="utf-8")


def test_train_reader_tiny_run(tmp_path):
    squad = tmp_path / "squad.json"
    _tiny_squad(squad)
    out = tmp_path / "reader"

    code = main(
        [
            "train-reader",
            "--squad",
            str(squad),
            "--output-dir",
            str(out),
            "--epochs",
            "1",
            "--batch-size",
            "4",
            "--max-eval-questions",
            "2",
            "--threads",
            "2",
            "--train-articles",
            "0:2",
            "--eval-articles",
            "2:3",
        ]
    )
    assert code == 0
    meta = json.loads((out / "training.json").read_text())
    assert meta["metrics"]["questions"] == 2
    assert meta["config"]["train_articles"] == [0, 2]
    from qa.readers.base import ReadablePassage
    from qa.readers.span import SpanReader

    reader = SpanReader(out, int8=False, backend="torch")  # the trainer's own backend; no export into the user cache
    preds = reader.read("When did station 1 open?", [ReadablePassage.whole_text("Station 1 opened in 1901.", "doc")])
    assert preds, "the trained reader proposed no span"
    assert all("Station 1 opened in 1901."[p.start : p.end] for p in preds)
