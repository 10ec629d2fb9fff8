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


def _add_then_list(
    text: str, cli_env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[str, dict[str, object]]:
    """`announce add` a file, then `announce list` and `announce list --json`: the text and the one overview."""
    (tmp_path / "vpn-onderhoud.yaml").write_text(text)
    main(["announce", "add", str(tmp_path / "vpn-onderhoud.yaml")], env=cli_env)
    capsys.readouterr()
    main(["announce", "list"], env=cli_env)
    listed = capsys.readouterr().out
    main(["announce", "list", "--json"], env=cli_env)
    [overview] = json.loads(capsys.readouterr().out)
    return listed, overview


def test_list_shows_an_announcement_that_is_due_at_once_as_due_now(
    cli_env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, overview = _add_then_list(FILE, cli_env, tmp_path, capsys)  # no 'publish': it goes out at once

    assert "(due now; no posts yet)" in text and "nothing planned" not in text
    assert overview["due_now"] is True and overview["next_post"] is not None


def test_list_gives_the_next_post_in_the_business_time_zone_with_the_offset(
    cli_env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    planned = FILE + "publish: 2030-11-26T09:00:00+01:00\nstarts: 2030-12-03T18:00:00+01:00\n"

    text, overview = _add_then_list(planned, cli_env, tmp_path, capsys)

    assert "(next 2030-11-26 09:00+01:00; no posts yet)" in text
    assert (overview["next_post"], overview["due_now"]) == ("2030-11-26T09:00:00+01:00", False)


def test_empty_announcement_list_says_so(cli_env: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["announce", "list"], env=cli_env)

    captured = capsys.readouterr()
    assert (code, captured.out) == (0, "")
    assert (
        captured.err.strip().splitlines()[-1]
        == "no announcements yet (add one with: servicedesk announce add FILE.yaml)"
    )


def test_cancel_of_an_announcement_never_posted_says_nothing_will_be_posted(
    cli_env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "vpn-onderhoud.yaml").write_text(FILE)
    main(["announce", "add", str(tmp_path / "vpn-onderhoud.yaml")], env=cli_env)
    capsys.readouterr()

    main(["announce", "cancel", "vpn-onderhoud"], env=cli_env)

    assert "it was not posted yet, so nothing is posted" in capsys.readouterr().err


def test_check_reports_the_hash_in_channels_on_its_line(
    cli_env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "vpn-onderhoud.yaml").write_text(FILE.replace(f"[{CHANNEL}]", "[#algemeen]"))

    code = main(["announce", "check", str(tmp_path)], env=cli_env)

    captured = capsys.readouterr()
    assert code == 1
    assert captured.out.startswith(f"{tmp_path / 'vpn-onderhoud.yaml'}:3: a '#' starts a comment in YAML")
    assert captured.err.strip() == "0 announcements loaded, 1 problems"
