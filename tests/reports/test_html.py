"""The HTML report: one self-contained file, every text from the report catalogue in Dutch and English,
colleagues' words escaped."""

from __future__ import annotations

import re
import string
from datetime import date, datetime

import pytest
from sqlalchemy import Engine

from bot.db import make_sessions, transaction
from bot.messages import Lang
from bot.models import Question
from bot.reports.html import render_html
from bot.reports.period import Period
from bot.reports.report import Report, build_report
from bot.reports.texts import REPORT_TEXTS, duration, number, percentage
from bot.tickets.service import SlaPolicy

DAY = date(2026, 3, 2)
HOSTILE = "<script>alert('x')</script> <@U0123ABC> printer maakt strepen"


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(REPORT_TEXTS))
def test_report_text_has_dutch_and_english_with_the_same_placeholders(key: str) -> None:
    texts = REPORT_TEXTS[key]

    assert set(texts) == {"nl", "en"} and all(text.strip() for text in texts.values())
    assert _fields(texts["nl"]) == _fields(texts["en"])
    assert not re.search(r"\b(gebruiker|user)s?\b", texts["nl"] + texts["en"], re.IGNORECASE)


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (number(1234.5, "nl", 1), "nl", "1.234,5"),
        (number(1234.5, "en", 1), "en", "1,234.5"),
        (percentage(48.75, "nl"), "nl", "48,8%"),
        (percentage(None, "en"), "en", "–"),
        (duration(45, "nl"), "nl", "45 min"),
        (duration(210, "en"), "en", "3.5 h"),
    ],
)
def test_numbers_are_written_the_way_the_language_writes_them(value: str, lang: Lang, expected: str) -> None:
    assert value == expected


@pytest.fixture
def report(engine: Engine) -> Report:
    with transaction(make_sessions(engine)) as session:
        for minute in range(3):
            session.add(
                Question(
                    asker=f"U{minute}",
                    surface="dm",
                    text=HOSTILE,
                    lang="nl",
                    band="none",
                    confidence=0.1,
                    created_at=datetime(2026, 3, 2, 9, minute),
                )
            )
    with transaction(make_sessions(engine)) as session:
        return build_report(
            session,
            Period(DAY, DAY, "Europe/Amsterdam"),
            sla=SlaPolicy.default(),
            now=datetime(2026, 3, 3),
            matcher=None,
        )


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_html_report_is_one_self_contained_file_in_the_chosen_language(report: Report, lang: Lang) -> None:
    page = render_html(report, lang=lang)

    assert page.startswith("<!DOCTYPE html>") and f'<html lang="{lang}">' in page
    assert REPORT_TEXTS["gaps.heading"][lang] in page and REPORT_TEXTS["title"][lang] in page
    assert "<script" not in page and "<link" not in page and "http://" not in page and "https://" not in page
    sources = re.findall(r'<img[^>]* src="([^"]+)"', page)
    assert len(sources) == 6 and all(src.startswith("data:image/svg+xml;base64,") for src in sources)


def test_html_report_escapes_colleagues_words_and_hides_mentions(report: Report) -> None:
    page = render_html(report, lang="nl")

    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; @… printer maakt strepen" in page
    assert "U0123ABC" not in page


def test_html_report_without_texts_shows_no_question_and_says_so(report: Report) -> None:
    page = render_html(report, lang="en", with_texts=False)

    assert "printer maakt strepen" not in page
    assert REPORT_TEXTS["no_texts"]["en"] in page
