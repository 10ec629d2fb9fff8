"""For announcement tests: `ANNOUNCEMENTS` settings (a triage channel, an agent), storing an announcement from
plain data as a file would hold it, and times written with their offset."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.announcements.service import Saved, save_announcement
from bot.announcements.spec import parse_spec
from bot.db import transaction
from bot.desk import Desk

TRIAGE = "CTRIAGE"
CHANNEL = "CCHANGES"
ANNOUNCEMENTS = {"TRIAGE_CHANNEL": TRIAGE, "AGENT_IDS": "UAGENT"}
"""Settings for announcement tests: failed posts are reported in the triage channel; UAGENT may announce."""


def save_data(desk: Desk, slug: str, data: dict[str, Any], origin: str = "file") -> Saved:
    spec, problems = parse_spec(
        {"title": "Onderhoud aan de VPN", "body": "De VPN is even weg.", "channels": [CHANNEL]} | data,
        desk.local_time,
    )
    assert spec is not None, problems
    with transaction(desk.sessions) as session:
        return save_announcement(session, slug=slug, spec=spec, origin=origin, now=desk.clock())


def at(text: str) -> datetime:
    """An ISO time with offset as naive UTC, like the clock."""
    moment = datetime.fromisoformat(text)
    assert moment.tzinfo is not None, f"write {text!r} with its offset"
    return moment.astimezone(UTC).replace(tzinfo=None)
