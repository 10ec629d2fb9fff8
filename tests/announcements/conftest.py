"""Announcement fixtures: the desk with a triage channel and an announcements folder, and a `desk_tick`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from bot.announcements.models import Announcement
from bot.announcements.service import Saved, save_announcement
from bot.announcements.spec import parse_spec
from bot.app import make_delivery_client
from bot.db import transaction
from bot.desk import Desk
from handlers.announcements import AnnouncementFiles, tick

TRIAGE = "CTRIAGE"
CHANNEL = "CCHANGES"


@pytest.fixture
def announcements_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "announcements"
    directory.mkdir()
    return directory


@pytest.fixture
def env(env: dict[str, str], announcements_dir: Path) -> dict[str, str]:
    return {**env, "TRIAGE_CHANNEL": TRIAGE, "ANNOUNCEMENTS_DIR": str(announcements_dir), "AGENT_IDS": "UAGENT"}


@pytest.fixture
def run_tick(desk: Desk) -> Callable[[], int]:
    """One tick of this process: sync files, plan, deliver (with the desk's fixed clock)."""
    client = make_delivery_client(desk.settings)
    files = AnnouncementFiles(desk.settings.announcements_dir)
    return lambda: tick(desk, client, files)


@pytest.fixture
def announce(desk: Desk) -> Callable[..., Announcement]:
    """Store an announcement from plain data (like a YAML file), as of the desk's clock."""

    def save(slug: str = "vpn-onderhoud", **data: Any) -> Announcement:
        saved = save_data(desk, slug, data)
        assert saved.announcement is not None
        return saved.announcement

    return save


def save_data(desk: Desk, slug: str, data: dict[str, Any], origin: str = "file") -> Saved:
    spec, problems = parse_spec(
        {"title": "Onderhoud aan de VPN", "body": "De VPN is even weg.", "channels": [CHANNEL]} | data
    )
    assert spec is not None, problems
    with transaction(desk.sessions) as session:
        return save_announcement(session, slug=slug, spec=spec, origin=origin, now=desk.clock())


def at(text: str) -> datetime:
    """An ISO time with offset as naive UTC, like the clock."""
    from bot.announcements.moments import parse_moment

    return parse_moment(text)
