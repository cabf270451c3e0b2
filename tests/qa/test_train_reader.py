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


def _tiny_articles():
    paragraphs = []
    for i in range(6):
        context = f"Station {i} opened in {1900 + i}. Its first manager was called Ann Lee{i}. The line runs north."
        answer = str(1900 + i)
        paragraphs.append(
            {
                "context": context,
                "qas": [
                    {
                        "id": f"q{i}",
                        "question": f"When did station {i} open in Paris?",
                        "answers": [{"text": answer, "answer_start": context.index(answer)}],
                    }
                ],
            }
        )
    return [{"title": f"T{a}", "paragraphs": paragraphs[a * 2 : a * 2 + 2]} for a in range(3)]


def test_near_miss_negatives_point_at_no_answer_and_come_only_from_their_articles():
    import random

    from qa.readers.training import TrainConfig, _examples, _near_miss_negatives

    articles = _tiny_articles()
    examples = _examples(articles, 0, 3)
    cfg = TrainConfig(near_miss_ratio=1.0, near_miss_articles=(0, 2))
    negatives = _near_miss_negatives(examples, articles, cfg, random.Random(0))

    assert negatives, "no near miss was generated"
    assert {n["article"] for n in negatives} <= {0, 1}  # article 2 is kept out
    originals = {ex["id"]: ex for ex in examples}
    for neg in negatives:
        twin = originals[neg["id"].split("~")[0]]
        assert neg["answers"] == []  # trained to point at CLS
        assert neg["question"] != twin["question"] or neg["context"] != twin["context"]
        if neg["question"] == twin["question"]:  # answer_removed: the question as is, its answer's sentence gone
            assert twin["answers"][0]["text"] not in neg["context"]
            assert "The line runs north." in neg["context"]


def test_no_near_misses_by_default():
    import random

    from qa.readers.training import TrainConfig, _examples, _near_miss_negatives

    articles = _tiny_articles()
    assert _near_miss_negatives(_examples(articles, 0, 3), articles, TrainConfig(), random.Random(0)) == []


def test_train_reader_continues_from_a_trained_reader_with_near_misses(tmp_path):
    squad = tmp_path / "squad.json"
    squad.write_text(json.dumps({"data": _tiny_articles()}), encoding="utf-8")
    common = ["--squad", str(squad), "--batch-size", "4", "--max-eval-questions", "2", "--threads", "2"]
    common += ["--train-articles", "0:2", "--eval-articles", "2:3"]
    first, second = tmp_path / "first", tmp_path / "second"
    assert main(["train-reader", *common, "--output-dir", str(first), "--epochs", "1"]) == 0
    code = main(
        ["train-reader", *common, "--output-dir", str(second), "--epochs", "1", "--base-model", str(first)]
        + ["--near-miss-ratio", "1", "--near-miss-articles", "0:2", "--learning-rate", "3e-5"]
    )
    assert code == 0
    meta = json.loads((second / "training.json").read_text())
    assert meta["config"]["base_model"] == str(first)
    assert meta["config"]["near_miss_ratio"] == 1.0
    assert meta["metrics"]["windows"] > json.loads((first / "training.json").read_text())["metrics"]["windows"]


def test_train_reader_refuses_bad_near_miss_ratio_and_base_model(tmp_path, capsys):
    squad = tmp_path / "squad.json"
    squad.write_text(json.dumps({"data": _tiny_articles()}), encoding="utf-8")
    assert main(["train-reader", "--squad", str(squad), "--near-miss-ratio", "2"]) != 0
    assert "--near-miss-ratio" in capsys.readouterr().err
    assert main(["train-reader", "--squad", str(squad), "--base-model", str(tmp_path / "nowhere")]) != 0
    err = capsys.readouterr().err
    assert "--base-model" in err and "Traceback" not in err
    assert main(["train-reader", "--squad", str(squad), "--near-miss-kinds", "answer_removed,made_up"]) != 0
    assert "--near-miss-kinds" in capsys.readouterr().err


def test_the_recipe_names_every_near_miss_rule_by_default():
    from qa.nearmiss import KINDS
    from qa.readers.training import TrainConfig

    assert TrainConfig().near_miss_kinds == KINDS


def test_near_misses_of_one_kind_only():
    import random

    from qa.readers.training import TrainConfig, _examples, _near_miss_negatives

    articles = _tiny_articles()
    cfg = TrainConfig(near_miss_ratio=1.0, near_miss_articles=(0, 3), near_miss_kinds=("answer_removed",))
    negatives = _near_miss_negatives(_examples(articles, 0, 3), articles, cfg, random.Random(0))
    assert len(negatives) == 6 and all(n["id"].endswith("~answer_removed") for n in negatives)
    for neg in negatives:
        assert "opened in" not in neg["context"] and "The line runs north." in neg["context"]


def test_train_reader_refuses_an_output_inside_the_corpus(tmp_path, monkeypatch, capsys):
    """Its MODEL_CARD.md would be read as an article of the configured corpus."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "news").mkdir()
    (tmp_path / "qa.toml").write_text('corpus = "news"\n', encoding="utf-8")
    squad = tmp_path / "squad.json"
    squad.write_text(json.dumps({"data": _tiny_articles()}), encoding="utf-8")
    assert main(["train-reader", "--squad", str(squad), "--output-dir", "news/reader"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--output-dir" in err[0] and "corpus" in err[0]
    assert not (tmp_path / "news" / "reader").exists()


def test_train_reader_on_a_file_with_fewer_articles_than_the_default_range(tmp_path, capsys):
    """Negatives were drawn from articles 0-35 whatever the file held: an IndexError traceback on a small file."""
    squad = tmp_path / "squad.json"
    squad.write_text(
        json.dumps({"data": [{"title": "t", "paragraphs": _tiny_articles()[0]["paragraphs"]}] * 2}), encoding="utf-8"
    )
    out = tmp_path / "reader"
    args = ["train-reader", "--squad", str(squad), "--output-dir", str(out), "--epochs", "1", "--max-eval-questions", "2"]
    assert main(args) == 0
    assert (out / "training.json").is_file()
    capsys.readouterr()
    assert main([*args, "--train-articles", "5:9"]) == 2
    err = capsys.readouterr().err
    last = err.strip().splitlines()[-1]  # after the trainer's own progress log
    assert last.startswith("qa: error:") and "5:9" in last and "2 articles" in last and "Traceback" not in err
