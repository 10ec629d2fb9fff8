"""The HTML report of a seeded quarter opens in headless Chromium without errors (bench/html_check.py).

Skipped, saying so, where Chromium is not installed (`apt-get install chromium`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from bench.html_check import check_report, chromium
from bench.seed import seed_quarter
from bot.config import BUNDLED_ARTICLES
from bot.db import make_sessions, transaction
from bot.knowledge import KnowledgeBase
from bot.reports.html import render_html
from bot.reports.period import Period
from bot.reports.report import build_report
from bot.tickets.service import SlaPolicy
from kb.matcher import DEFAULT_THRESHOLDS
from tests.reports.conftest import SMALL_QUARTER


@pytest.mark.slow
@pytest.mark.skipif(chromium() is None, reason="Chromium is not installed: the HTML report was NOT opened in a browser")
def test_html_report_opens_in_headless_chromium_without_errors(engine: Engine, tmp_path: Path) -> None:
    seed_quarter(make_sessions(engine), SMALL_QUARTER)
    period = Period(
        SMALL_QUARTER.first, SMALL_QUARTER.first.fromordinal(SMALL_QUARTER.first.toordinal() + 27), "Europe/Amsterdam"
    )
    matcher = KnowledgeBase(BUNDLED_ARTICLES, DEFAULT_THRESHOLDS).snapshot().matcher
    with transaction(make_sessions(engine)) as session:
        report = build_report(session, period, sla=SlaPolicy.default(), now=SMALL_QUARTER.now, matcher=matcher)
    page = tmp_path / "report.html"
    page.write_text(render_html(report, lang="nl"), encoding="utf-8")

    problems = check_report(page, tmp_path / "report.png", expect="Kennisgaten")

    assert problems == []
    assert (tmp_path / "report.png").stat().st_size > 10_000
