"""Every announcement post, rendered in one language, holds no words of the other: an English announcement never
says "expected begin januari", also when its file wrote the expected month once, in Dutch."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from bot.announcements.models import Announcement, AnnouncementChange
from bot.announcements.planning import DuePost
from bot.announcements.spec import parse_spec
from bot.local_time import LocalTime
from handlers.announcement_blocks import render_post
from tests.support.languages import leaked, words

LOCAL = LocalTime.named("Europe/Amsterdam")
NOW = datetime(2026, 11, 23, 9, 30)
KINDS = ("publish", "edit", "cron", "remind", "started", "ended", "cancelled", "changed")
WHEN: dict[str, dict[str, Any]] = {
    "window": {"starts": "2026-12-01T18:00+01:00", "ends": "2026-12-01T20:00+01:00"},
    "across days": {"starts": "2026-12-01T22:00+01:00", "ends": "2026-12-02T02:00+01:00"},
    "open ended": {"starts": "2026-12-01T18:00+01:00"},
    "expected, written in Dutch": {"expected": "begin januari"},
    "expected, written in English": {"expected": "late February 2027"},
    "expected week": {"expected": "week 49"},
}
TEXTS = {
    "nl": {"title": "Onderhoud aan de printers", "body": "De printers worden vervangen; je hoeft niets te doen."},
    "en": {"title": "Printer maintenance", "body": "The printers are being replaced; you don't need to do anything."},
}


def _announcement(lang: str, when: dict[str, Any], *, impact: str, status: str = "active") -> Announcement:
    data = {**TEXTS[lang], "lang": lang, "channels": ["CALGEMEEN"], "impact": impact, **when}
    spec, problems = parse_spec(data, LOCAL)
    assert spec is not None, problems
    return Announcement(
        title=spec.title, body=spec.body, expected=spec.expected, impact=spec.impact, langs=list(spec.langs),
        channels=list(spec.channels), starts=spec.starts, ends=spec.ends, status=status, version=2,
        updated_at=NOW, cron=None,
    )  # fmt: skip


def _post(announcement: Announcement, kind: str) -> DuePost:
    change = AnnouncementChange(kind="changed", schedule_changed=True, version=2, channels=["CALGEMEEN"])
    reminder = timedelta(days=1) if kind == "remind" else None
    return DuePost(
        "key", "CALGEMEEN", kind, announcement, reminder=reminder, change=change if kind == "changed" else None
    )


def _shown(message: dict[str, Any]) -> str:
    texts = [message["text"]]
    for block in message["blocks"]:
        texts += [block.get("text", {}).get("text", "")] + [e.get("text", "") for e in block.get("elements", [])]
    return "\n".join(texts)


CASES = [
    (lang, when, kind)
    for lang in ("nl", "en")
    for when in sorted(WHEN)
    for kind in KINDS
    if "starts" in WHEN[when] or kind not in ("remind", "started", "ended")  # no date: no reminder, start or end
]


@pytest.mark.parametrize(("lang", "when", "kind"), CASES)
@pytest.mark.parametrize("impact", ["none", "outage"])
def test_an_announcement_post_speaks_only_its_own_language(lang: str, when: str, kind: str, impact: str) -> None:
    status = "cancelled" if kind == "cancelled" else "active"
    announcement = _announcement(lang, WHEN[when], impact=impact, status=status)

    shown = _shown(render_post(_post(announcement, kind), NOW, LOCAL))

    assert leaked(shown, lang) == set(), shown


def test_a_dutch_expected_month_reaches_an_english_post_in_english() -> None:
    announcement = _announcement("en", {"expected": "begin januari"}, impact="low")

    shown = _shown(render_post(_post(announcement, "publish"), NOW, LOCAL))

    assert "expected early January" in shown and "januari" not in words(shown)


def test_an_untranslatable_expected_text_needs_a_text_per_language() -> None:
    data = {**TEXTS["nl"], "lang": ["nl", "en"], "channels": ["CALGEMEEN"], "expected": "na de verbouwing"}
    data["title"] = {"nl": TEXTS["nl"]["title"], "en": TEXTS["en"]["title"]}
    data["body"] = {"nl": TEXTS["nl"]["body"], "en": TEXTS["en"]["body"]}

    spec, problems = parse_spec(data, LOCAL)

    assert spec is None
    assert [field for field, _ in problems] == ["expected"]
    assert "give it per language" in problems[0][1]
