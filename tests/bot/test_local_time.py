"""Dates in the reader's language, in Europe/Amsterdam time, right across DST switches."""

from __future__ import annotations

import pytest

from bot.local_time import LocalTime
from tests.support.announcements import at

NOW = at("2026-10-01T12:00:00+02:00")


@pytest.mark.parametrize(
    ("starts", "ends", "lang", "expected"),
    [
        ("2026-12-01T18:00:00+01:00", "2026-12-01T20:00:00+01:00", "nl", "dinsdag 1 december, 18:00–20:00"),
        ("2026-12-01T18:00:00+01:00", "2026-12-01T20:00:00+01:00", "en", "Tuesday 1 December, 18:00–20:00"),
        (
            "2026-10-24T22:00:00+02:00",
            "2026-10-25T04:00:00+01:00",
            "nl",
            "zaterdag 24 oktober 22:00 – zondag 25 oktober 04:00",
        ),
        ("2027-03-28T01:00:00+01:00", "2027-03-28T04:00:00+02:00", "nl", "zondag 28 maart 2027, 01:00–04:00"),
        ("2027-03-28T09:00:00+02:00", None, "en", "from Sunday 28 March 2027, 09:00"),
        ("2026-10-25T02:30:00+01:00", "2026-10-25T03:30:00+01:00", "nl", "zondag 25 oktober, 02:30–03:30"),
    ],
)
def test_change_window_reads_naturally_in_amsterdam_time(
    starts: str, ends: str | None, lang: str, expected: str
) -> None:
    local = LocalTime.named("Europe/Amsterdam")

    assert local.window(at(starts), at(ends) if ends else None, lang, NOW) == expected
