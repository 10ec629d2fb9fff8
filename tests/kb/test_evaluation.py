"""Evaluation metrics on a tiny hand-made set, with a scripted matcher."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.evaluation import Query, Report, evaluate, format_report, load_articles_jsonl, load_queries_jsonl
from kb.matcher import Band, Candidate, Match


def _match(band: Band, *ids: str) -> Match:
    return Match(band, tuple(Candidate(i, i.upper(), 0.5, "phrasing", ()) for i in ids))


class ScriptedMatcher:
    """Answers each question with a fixed Match."""

    def __init__(self, script: dict[str, Match]) -> None:
        self.script = script

    def match(self, text: str, *, limit: int = 3) -> Match:
        return self.script[text]


SCRIPT = {
    "q1": _match("answer", "a"),  # in scope, answered right
    "q2": _match("answer", "c", "b"),  # in scope, answered wrong, right one second
    "q3": _match("suggest", "x", "y", "c"),  # in scope, suggested, right one third
    "q4": _match("none"),  # in scope, nothing
    "q5": _match("answer", "a"),  # out of scope, answered (wrong)
    "q6": _match("suggest", "a"),  # out of scope, declined
}
QUERIES = [
    Query("q1", "a"),
    Query("q2", "b"),
    Query("q3", "c"),
    Query("q4", "d"),
    Query("q5", None),
    Query("q6", None),
]


@pytest.fixture(scope="module")
def report() -> Report:
    return evaluate(ScriptedMatcher(SCRIPT), QUERIES)


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("queries", 6),
        ("in_scope", 4),
        ("top1", 25.0),  # q1
        ("top3", 75.0),  # q1, q2, q3
        ("answered_correct", 25.0),  # q1 of 4 in scope
        ("precision", 100.0 / 3.0),  # q1 right of answers q1, q2, q5
        ("oos_declined", 50.0),  # q6 of q5, q6
    ],
)
def test_evaluate_computes_metric(report: Report, field: str, expected: float) -> None:
    assert getattr(report, field) == pytest.approx(expected)


def test_evaluate_counts_confusions(report: Report) -> None:
    assert sorted(report.confusions) == [
        ("(out of scope)", "a", 1),
        ("b", "c", 1),
        ("c", "x", 1),
        ("d", "(nothing)", 1),
    ]


def test_evaluate_measures_latency(report: Report) -> None:
    assert 0.0 <= report.p50_ms <= report.p99_ms


def test_evaluate_reports_full_precision_when_nothing_answered() -> None:
    report = evaluate(ScriptedMatcher({"q": _match("none")}), [Query("q", None)])
    assert (report.precision, report.oos_declined, report.top1) == (100.0, 100.0, 0.0)


def test_report_to_json_has_exactly_the_figure_keys(report: Report) -> None:
    assert set(report.to_json()) == {
        "queries",
        "in_scope",
        "top1",
        "top3",
        "answered_correct",
        "precision",
        "oos_declined",
        "helped",
        "suggest_noise",
        "p50_ms",
        "p99_ms",
    }


def test_report_counts_helped_as_answered_right_or_right_article_suggested(report: Report) -> None:
    assert report.helped == pytest.approx(100 * 2 / 4)  # q1 answered right, q3 suggested with c among them


def test_report_counts_out_of_scope_questions_shown_suggestions(report: Report) -> None:
    assert report.suggest_noise == pytest.approx(100 * 1 / 2)  # q6


def test_format_report_shows_figures_and_confusions(report: Report) -> None:
    text = format_report(report)
    assert "top-1 correct" in text
    assert "25.0%" in text
    assert "d -> (nothing): 1" in text


def test_load_articles_jsonl_reads_answer_as_body(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    record = {"id": "vpn", "lang": "nl", "title": "VPN", "questions": ["vpn stuk"], "answer": "Herstart."}
    path.write_text(json.dumps(record) + "\n\n", encoding="utf-8")
    [article] = load_articles_jsonl(path)
    assert (article.id, article.lang, article.title, article.questions, article.body) == (
        "vpn",
        "nl",
        "VPN",
        ("vpn stuk",),
        "Herstart.",
    )


def test_load_queries_jsonl_reads_null_as_out_of_scope(tmp_path: Path) -> None:
    path = tmp_path / "queries.jsonl"
    path.write_text('{"text": "vpn stuk", "expected": "vpn"}\n{"text": "lunch?", "expected": null}\n', "utf-8")
    assert load_queries_jsonl(path) == [Query("vpn stuk", "vpn"), Query("lunch?", None)]
