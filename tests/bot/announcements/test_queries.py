"""While a change is going on, questions about it get a "Bekende wijziging" line (tickets and questions use it)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.announcements.models import Announcement
from bot.announcements.queries import active_changes_matching
from bot.desk import Desk
from handlers.announcement_blocks import known_change_blocks
from tests.conftest import Clock
from tests.support.announcements import ANNOUNCEMENTS, CHANNEL, at

pytestmark = pytest.mark.settings(**ANNOUNCEMENTS)

CHANGE = {"starts": "2026-12-03T18:00:00+01:00", "ends": "2026-12-03T20:00:00+01:00", "tags": ["vpn", "thuiswerken"]}


@pytest.mark.parametrize(
    ("text", "moment", "matches"),
    [
        ("mijn vpn doet het niet", "2026-12-03T18:30:00+01:00", True),
        ("Ik kan niet THUISWERKEN", "2026-12-03T19:59:00+01:00", True),
        ("waarom is de globalprotect vpn weg?", "2026-12-03T18:00:00+01:00", True),
        ("mijn vpn doet het niet", "2026-12-03T17:59:00+01:00", False),  # before the window
        ("mijn vpn doet het niet", "2026-12-03T20:00:00+01:00", False),  # after it
        ("mijn printer doet het niet", "2026-12-03T18:30:00+01:00", False),
        ("het onderhoud van de printer", "2026-12-03T18:30:00+01:00", False),  # a generic title word alone
    ],
)
def test_question_matches_an_active_change_by_tag_or_title_only_in_its_window(
    desk: Desk, clock: Clock, announce: Callable[..., Announcement], text: str, moment: str, matches: bool
) -> None:
    clock.now = at("2026-11-30T10:00:00+01:00")
    announce(**CHANGE)

    with desk.sessions() as session:
        found = active_changes_matching(session, text, at(moment))

    assert [change.title["nl"] for change in found] == (["Onderhoud aan de VPN"] if matches else [])


def test_known_change_notice_names_the_change_and_when_it_ends(
    desk: Desk, clock: Clock, announce: Callable[..., Announcement]
) -> None:
    clock.now = at("2026-11-30T10:00:00+01:00")
    announce(**CHANGE)
    with desk.sessions() as session:
        [change] = active_changes_matching(session, "vpn kapot", at("2026-12-03T18:30:00+01:00"))

    [block] = known_change_blocks([change], "nl", desk.local_time)

    assert block["elements"][0]["text"] == f"Bekende wijziging: Onderhoud aan de VPN (zie <#{CHANNEL}>) tot 20:00."
