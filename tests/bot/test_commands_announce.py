"""`servicedesk announce add | list | cancel | check` on a real database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.cli import main
from tests.support.announcements import ANNOUNCEMENTS, CHANNEL

pytestmark = pytest.mark.settings(**ANNOUNCEMENTS)

FILE = f"title: Onderhoud aan de VPN\nbody: De VPN is even weg.\nchannels: [{CHANNEL}]\nexpected: week 49\n"


@pytest.fixture
def cli_env(env: dict[str, str], engine: Engine) -> dict[str, str]:
    return {**env, "DATABASE_URL": engine.url.render_as_string(hide_password=False)}


def test_add_then_list_as_json_shows_the_announcement(
    cli_env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "vpn-onderhoud.yaml").write_text(FILE)

    added = main(["announce", "add", str(tmp_path / "vpn-onderhoud.yaml")], env=cli_env)
    listed = main(["announce", "list", "--json"], env=cli_env)

    assert (added, listed) == (0, 0)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "created: #1 vpn-onderhoud"
    [overview] = json.loads(out[1])
    assert (overview["slug"], overview["status"], overview["title"]) == (
        "vpn-onderhoud",
        "active",
        "Onderhoud aan de VPN",
    )


def test_add_of_a_broken_file_reports_path_and_line_and_stores_nothing(
    cli_env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "kapot.yaml").write_text(FILE + "impact: enorm\n")

    code = main(["announce", "add", str(tmp_path / "kapot.yaml")], env=cli_env)
    main(["announce", "list", "--json"], env=cli_env)

    assert code == 1
    captured = capsys.readouterr()
    assert f"{tmp_path / 'kapot.yaml'}:5: impact must be one of" in captured.err
    assert json.loads(captured.out) == []


def test_cancel_by_slug_marks_it_cancelled(
    cli_env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "vpn-onderhoud.yaml").write_text(FILE)
    main(["announce", "add", str(tmp_path / "vpn-onderhoud.yaml")], env=cli_env)

    code = main(["announce", "cancel", "vpn-onderhoud"], env=cli_env)

    assert code == 0 and capsys.readouterr().out.splitlines()[-1] == "cancelled: #1 vpn-onderhoud"
