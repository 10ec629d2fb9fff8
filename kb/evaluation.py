"""Measuring a matcher on a question set: accuracy, answer precision, out-of-scope handling, latency.

Pure functions; `servicedesk kb eval` and the bench scripts call them. File formats are described in
the evaluation data README: articles as JSON lines with "id", "lang", "title", "questions", "answer";
queries as JSON lines with "text" and "expected" (an article id, or null for out of scope).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from kb.article import Article
from kb.matcher import Match

WORST_CONFUSIONS = 10
OUT_OF_SCOPE = "(out of scope)"
NOTHING = "(nothing)"


class Matching(Protocol):
    """What `evaluate` needs of a matcher (`kb.matcher.Matcher` is one)."""

    def match(self, text: str, *, limit: int = 3) -> Match:
        """Rank articles for the text; see `kb.matcher.Matcher.match`."""
        ...


@dataclass(frozen=True)
class Query:
    """One evaluation question; `expected` is the right article id, or None when none applies."""

    text: str
    expected: str | None


@dataclass(frozen=True)
class Report:
    """Figures for one evaluation run. Percentages are 0-100; latencies in milliseconds.

    Attributes:
        queries: Number of questions.
        in_scope: Number of questions with an expected article.
        top1: % of in-scope questions whose first candidate is right.
        top3: % of in-scope questions with the right article among the first three candidates.
        answered_correct: % of in-scope questions answered (band "answer") with the right article.
        precision: % of all band-"answer" replies that were right (100 when nothing was answered).
        oos_declined: % of out-of-scope questions not answered (100 when there were none).
        helped: % of in-scope questions answered right, or shown a suggestion list holding the right article.
        suggest_noise: % of out-of-scope questions shown suggestions (0 when there were none).
        p50_ms: Median latency of `match`.
        p99_ms: 99th-percentile latency of `match`.
        confusions: (expected, got, count), most frequent first: wrong answers and wrong top candidates.
    """

    queries: int
    in_scope: int
    top1: float
    top3: float
    answered_correct: float
    precision: float
    oos_declined: float
    p50_ms: float
    p99_ms: float
    helped: float = 0.0
    suggest_noise: float = 0.0
    confusions: tuple[tuple[str, str, int], ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The figures as a JSON-ready dict (confusions left out)."""
        return {
            "queries": self.queries,
            "in_scope": self.in_scope,
            "top1": self.top1,
            "top3": self.top3,
            "answered_correct": self.answered_correct,
            "precision": self.precision,
            "oos_declined": self.oos_declined,
            "helped": self.helped,
            "suggest_noise": self.suggest_noise,
            "p50_ms": self.p50_ms,
            "p99_ms": self.p99_ms,
        }


def load_articles_jsonl(path: Path) -> list[Article]:
    """Read articles from JSON lines; the "answer" field becomes the body. Blank lines are skipped."""
    articles = []
    for record in _records(path):
        articles.append(
            Article(
                id=str(record["id"]),
                title=str(record["title"]),
                lang="nl" if record.get("lang") == "nl" else "en",
                questions=tuple(str(question) for question in record.get("questions", ())),
                body=str(record.get("answer", "")),
                tags=tuple(str(tag) for tag in record.get("tags", ())),
                source=str(path),
            )
        )
    return articles


def load_queries_jsonl(path: Path) -> list[Query]:
    """Read evaluation questions from JSON lines; "expected": null marks an out-of-scope question."""
    return [Query(str(r["text"]), None if r.get("expected") is None else str(r["expected"])) for r in _records(path)]


def _records(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def evaluate(matcher: Matching, queries: Sequence[Query]) -> Report:
    """Run every question through `matcher.match(text, limit=3)` as deployed and compute the figures."""
    in_scope = top1 = top3 = answered = answered_right = answered_in_scope_right = declined = 0
    helped = suggested_out_of_scope = 0
    latencies: list[float] = []
    confusions: Counter[tuple[str, str]] = Counter()
    for query in queries:
        start = time.perf_counter()
        match = matcher.match(query.text, limit=3)
        latencies.append((time.perf_counter() - start) * 1000.0)
        ranked = [candidate.article_id for candidate in match.candidates]
        is_answer = match.band == "answer"
        right = bool(ranked) and ranked[0] == query.expected
        answered += is_answer
        answered_right += is_answer and right
        if query.expected is None:
            declined += not is_answer
            suggested_out_of_scope += match.band == "suggest"
            if is_answer:
                confusions[(OUT_OF_SCOPE, ranked[0])] += 1
            continue
        in_scope += 1
        top1 += right
        top3 += query.expected in ranked[:3]
        answered_in_scope_right += is_answer and right
        helped += (is_answer and right) or (match.band == "suggest" and query.expected in ranked)
        if not right:
            confusions[(query.expected, ranked[0] if ranked else NOTHING)] += 1
    out_of_scope = len(queries) - in_scope
    return Report(
        queries=len(queries),
        in_scope=in_scope,
        top1=_percent(top1, in_scope),
        top3=_percent(top3, in_scope),
        answered_correct=_percent(answered_in_scope_right, in_scope),
        precision=_percent(answered_right, answered, empty=100.0),
        oos_declined=_percent(declined, out_of_scope, empty=100.0),
        helped=_percent(helped, in_scope),
        suggest_noise=_percent(suggested_out_of_scope, out_of_scope),
        p50_ms=_quantile(latencies, 0.50),
        p99_ms=_quantile(latencies, 0.99),
        confusions=tuple((e, g, n) for (e, g), n in confusions.most_common()),
    )


def _percent(part: int, whole: int, *, empty: float = 0.0) -> float:
    return 100.0 * part / whole if whole else empty


def _quantile(values: list[float], q: float) -> float:
    """Nearest-rank quantile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-q * len(ordered) // 1))))
    return ordered[rank - 1]


def format_report(report: Report) -> str:
    """A readable table of the figures, followed by the 10 most frequent confusions."""
    rows = [
        ("questions", f"{report.queries}"),
        ("in scope", f"{report.in_scope}"),
        ("top-1 correct", f"{report.top1:.1f}%"),
        ("top-3 correct", f"{report.top3:.1f}%"),
        ("answered correctly", f"{report.answered_correct:.1f}% of in scope"),
        ("precision of answers", f"{report.precision:.1f}%"),
        ("out of scope declined", f"{report.oos_declined:.1f}%"),
        ("helped", f"{report.helped:.1f}% of in scope (answered right, or right article suggested)"),
        ("suggestions out of scope", f"{report.suggest_noise:.1f}% of out of scope"),
        ("latency p50 / p99", f"{report.p50_ms:.2f} / {report.p99_ms:.2f} ms"),
    ]
    width = max(len(name) for name, _ in rows)
    lines = [f"{name.ljust(width)}  {value}" for name, value in rows]
    if report.confusions:
        lines += ["", "most frequent confusions (expected -> got: count):"]
        lines += [f"  {e} -> {g}: {n}" for e, g, n in report.confusions[:WORST_CONFUSIONS]]
    return "\n".join(lines)
