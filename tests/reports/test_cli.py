"""`servicedesk report`, `kb gaps`, `kb draft|drafts|publish` and `forget`, run as an admin would: real processes."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from bot.config import BUNDLED_ARTICLES
from bot.db import make_engine, make_sessions, transaction, upgrade
from bot.models import Question
from bot.tickets import service
from bot.tickets.service import SlaPolicy
from tests.bot.test_cli import _servicedesk

QUESTION = "hoe sluit ik de beamer in zaal Vermeer aan"


def _recent_office_morning() -> datetime:
    """09:00 UTC on a recent business day: inside the report's default period (the last 30 days), in office hours."""
    day = datetime.now(UTC).date() - timedelta(days=2)
    while not SlaPolicy.default().hours.is_business_day(day):
        day -= timedelta(days=1)
    return datetime.combine(day, time(9, 0))


def _database_with_a_resolved_ticket(tmp_path: Path) -> None:
    """The CLI's database (cli.sqlite3 in tmp_path) with one question that became a resolved ticket."""
    engine = make_engine(f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    upgrade(engine)
    now = _recent_office_morning()
    with transaction(make_sessions(engine)) as session:
        question = Question(
            asker="UANNE", surface="dm", text=QUESTION, lang="nl", band="none", confidence=0.1, created_at=now
        )
        session.add(question)
        session.flush()
        ticket, _ = service.open_ticket(
            session,
            conversation_key="c1",
            requester="UANNE",
            channel=None,
            thread_ts=None,
            text=QUESTION,
            lang="nl",
            now=now,
            sla=SlaPolicy.default(),
            question_id=question.id,
        )
        service.resolve(
            session,
            ticket.id,
            agent="UPIET",
            resolution="Kies HDMI 1 op de afstandsbediening.",
            article_id=None,
            now=now + timedelta(hours=1),
        )
    engine.dispose()


def test_report_json_has_the_promised_keys_with_percentages_and_business_minutes(tmp_path: Path) -> None:
    _database_with_a_resolved_ticket(tmp_path)

    result = _servicedesk("report", "--json", tmp_path=tmp_path)

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    promised = {"questions", "answered", "helped", "deflection_rate", "tickets_opened", "tickets_resolved"}
    promised |= {"first_response_p50_minutes", "sla_met_pct", "csat", "gaps"}
    assert promised <= set(report)
    assert (report["questions"], report["tickets_opened"], report["tickets_resolved"]) == (1, 1, 1)
    assert report["outcomes"]["ticket"] == 1 and report["deflection_rate"] == 0.0
    assert report["resolution_p50_minutes"] > 0 and report["csat"] is None
    assert report["gaps"][0]["examples"] == [QUESTION]
    assert "UANNE" not in result.stdout  # people are counted, never named


def test_report_writes_html_in_english_and_refuses_a_period_that_ends_before_it_starts(tmp_path: Path) -> None:
    written = _servicedesk("report", "--html", "r.html", "--lang", "en", tmp_path=tmp_path)
    backwards = _servicedesk("report", "--from", "2026-03-10", "--to", "2026-03-01", tmp_path=tmp_path)

    assert written.returncode == 0, written.stderr
    assert '<html lang="en">' in (tmp_path / "r.html").read_text(encoding="utf-8")
    assert backwards.returncode == 2 and "ends (2026-03-01) before it starts (2026-03-10)" in backwards.stderr


def test_kb_gaps_json_lists_clusters_with_count_examples_and_nearest_article(tmp_path: Path) -> None:
    _database_with_a_resolved_ticket(tmp_path)

    result = _servicedesk("kb", "gaps", "--json", tmp_path=tmp_path)

    [gap] = json.loads(result.stdout)
    assert (gap["count"], gap["people"], gap["examples"]) == (1, 1, [QUESTION])
    assert {"nearest_article", "nearest_title", "nearest_confidence", "languages"} <= set(gap)


def test_a_resolved_ticket_becomes_a_draft_and_after_publishing_the_bot_answers_with_it(tmp_path: Path) -> None:
    _database_with_a_resolved_ticket(tmp_path)
    kb = tmp_path / "kb"
    shutil.copytree(BUNDLED_ARTICLES, kb)
    env = {"KB_DIR": str(kb)}

    drafted = _servicedesk("kb", "draft", "SD-1001", tmp_path=tmp_path, env=env)
    listed = _servicedesk("kb", "drafts", tmp_path=tmp_path, env=env)
    published = _servicedesk("kb", "publish", "hoe-sluit-beamer-zaal-vermeer", tmp_path=tmp_path, env=env)
    checked = _servicedesk("kb", "check", tmp_path=tmp_path, env=env)
    asked = _servicedesk("ask", QUESTION, "--json", tmp_path=tmp_path, env=env)

    assert drafted.returncode == 0, drafted.stderr
    assert listed.stdout.startswith("hoe-sluit-beamer-zaal-vermeer")
    assert published.returncode == 0, published.stderr
    assert checked.returncode == 0, checked.stdout
    assert json.loads(asked.stdout)["article"] == "hoe-sluit-beamer-zaal-vermeer"


def test_forget_says_what_would_go_and_erases_only_with_yes(tmp_path: Path) -> None:
    _database_with_a_resolved_ticket(tmp_path)

    dry = _servicedesk("forget", "UANNE", tmp_path=tmp_path)
    done = _servicedesk("forget", "UANNE", "--yes", tmp_path=tmp_path)
    again = _servicedesk("forget", "UANNE", tmp_path=tmp_path)

    assert dry.stdout.startswith("would erase for UANNE: 1 questions") and "--yes" in dry.stdout
    assert done.stdout.startswith("forgot UANNE: 1 questions")
    assert again.stdout.startswith("would erase for UANNE: 0 questions")
