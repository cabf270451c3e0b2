"""``qa ask --across`` end to end on the seeds: the real pipeline, its threshold, offsets into the files."""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import subprocess
import sys

import pytest

from qa.across import across

pytestmark = pytest.mark.slow

ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
QUESTION = "How many officers has Kenya deployed to Haiti?"


def test_ask_across_json_groups_answers_above_the_threshold(seed_index, span_pipeline):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "qa.cli",
            "ask",
            QUESTION,
            "--across",
            "--json",
            "--no-update",
            "--corpus",
            str(seed_index.corpus),
            "--index-dir",
            str(seed_index.index_dir),
        ],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = json.loads(proc.stdout)
    assert isinstance(data["across"], list) and isinstance(data["articles_differ"], bool)
    threshold = getattr(span_pipeline, "threshold", None)
    if threshold is None:  # a pipeline from before the answer selector: the setting is the threshold
        threshold = span_pipeline.config.no_answer_threshold
    if not data["no_answer"]:
        assert data["across"], "an answer above the threshold is in some article's group"
        listed = [a for g in data["across"] for a in g["answers"] if a["start"] == data["start"] and g["doc"] == data["doc"]]
        assert listed and listed[0]["score"] == pytest.approx(data["score"], abs=1e-4), "one probability, both places"
    dated = [g["date"] for g in data["across"] if g["date_source"] == "article"]
    assert dated == sorted(dated, reverse=True)
    for group in data["across"]:
        text = (seed_index.corpus / group["doc"]).read_text(encoding="utf-8")
        for a in group["answers"]:
            assert a["score"] >= round(threshold, 4) - 1e-4
            assert text[a["start"] : a["end"]] == a["answer"]
            assert text[a["sentence_start"] : a["sentence_start"] + len(a["sentence"])] == a["sentence"]
    # the same grouping in-process, from the same pipeline
    result = span_pipeline.answer(QUESTION)
    assert [g.doc for g in across(span_pipeline, QUESTION, result)] == [g["doc"] for g in data["across"]]


def test_ask_across_human_output_brackets_the_answers(seed_index):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "qa.cli",
            "ask",
            QUESTION,
            "--across",
            "--no-update",
            "--color",
            "never",
            "--corpus",
            str(seed_index.corpus),
            "--index-dir",
            str(seed_index.index_dir),
        ],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "\x1b" not in proc.stdout
    assert "Across articles" in proc.stdout or "no article has an answer" in proc.stdout
    if proc.stdout.startswith("Answer: "):
        answer = proc.stdout.splitlines()[0].removeprefix("Answer: ").rsplit("   (", 1)[0]
        assert f"[{answer}]" in " ".join(proc.stdout.split())


def test_across_reads_every_passage_even_when_the_first_is_sure(seed_index, embedder, dev_gold):
    """The listing is every article's answers: a sure first passage must not stop the read (``qa.early_exit``)."""
    from qa.pipeline import QAPipeline
    from tests.helpers import CountingReader

    pipeline = QAPipeline.load(seed_index, embedder=embedder)
    counting = CountingReader(pipeline.reader)
    pipeline.reader = counting
    for question in (g["question"] for g in dev_gold):
        counting.passages_read.clear()
        result = pipeline.answer(question)
        if counting.passages_read == [1]:  # answered from its first passage alone
            break
    else:
        pytest.fail("no dev question was sure enough at its first passage to stop there")
    across(pipeline, question, result)
    assert counting.passages_read == [1, 3]


def test_a_question_asking_for_several_things_lists_each_article_s_whole_list(span_pipeline):
    """The answer is "democracy and the rule of law"; the across listing shows the same span, not "democracy"."""
    question = "Which shared values did Ruto say underpin closer ties between Kenya, Haiti and the Caribbean?"
    pipeline = copy.copy(span_pipeline)
    pipeline.config = dataclasses.replace(span_pipeline.config, no_answer_threshold=0.2)  # this answer scores 0.34
    result = pipeline.answer(question)
    assert not result.no_answer and result.answer == "democracy and the rule of law"
    listed = [(a.answer, a.start, a.end) for g in across(pipeline, question, result) for a in g.answers if g.doc == result.doc]
    assert listed and listed[0] == (result.answer, result.start, result.end)
