"""Announcement files: validated like `kb check`; a broken file is reported with path and line and skipped."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.announcements.files import load_directory
from bot.announcements.spec import parse_duration
from bot.cli import main
from tests.fakes.slack_api import FakeSlack
from tests.support.announcements import ANNOUNCEMENTS, CHANNEL

pytestmark = pytest.mark.settings(**ANNOUNCEMENTS)

GOOD = f"""title: Onderhoud aan de VPN
body: De VPN is even weg.
channels: [{CHANNEL}]
starts: 2026-12-03T18:00:00+01:00
ends: 2026-12-03T20:00:00+01:00
"""
EXAMPLES = Path(__file__).resolve().parents[3] / "announcements" / "examples"


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("title: [unclosed\nbody: x\n", 2, "broken YAML"),
        (GOOD.replace("channels", "chanels"), 3, "unknown field 'chanels'"),
        (GOOD.replace("18:00:00+01:00", "18:00:00"), 4, "no UTC offset"),
        (GOOD + "reminders: [1 dag]\n", 6, "not an ISO 8601 duration"),
        (GOOD + "cron: '0 9 * * 1'\n", 6, "weekday"),
        (GOOD + "impact: enorm\n", 6, "impact must be one of"),
        (GOOD.replace("ends: 2026-12-03T20", "ends: 2026-12-03T17"), 5, "'ends' must be after 'starts'"),
        ("title: Zonder datum\nbody: x\nchannels: [CX123]\n", 1, "honest 'expected'"),
        (GOOD.replace(f"[{CHANNEL}]", "[algemeen]"), 3, "is not a channel id"),
    ],
)
def test_broken_file_is_reported_with_path_line_and_problem(tmp_path: Path, text: str, line: int, problem: str) -> None:
    (tmp_path / "kapot.yaml").write_text(text)

    result = load_directory(tmp_path)

    [reported, *_] = [found for found in result.problems if problem in found.message]
    assert str(reported).startswith(f"{tmp_path / 'kapot.yaml'}:{line}: ")
    assert result.announcements == () and result.broken == {"kapot"}


def test_broken_file_is_skipped_while_the_others_still_post(
    announcements_dir: Path,
    run_tick: Callable[[], int],
    slack: FakeSlack,
    capsys: pytest.CaptureFixture[str],
    env: dict[str, str],
) -> None:
    (announcements_dir / "kapot.yaml").write_text("title: [unclosed\n")
    (announcements_dir / "vpn-onderhoud.yaml").write_text(GOOD)

    run_tick()
    code = main(["announce", "check"], env=env)

    [post] = slack.calls("chat.postMessage")
    assert "Onderhoud aan de VPN" in post.args["text"]
    assert code == 1
    assert capsys.readouterr().out.startswith(f"{announcements_dir / 'kapot.yaml'}:2: broken YAML")


def test_edited_file_is_picked_up_by_the_running_tick(
    announcements_dir: Path, run_tick: Callable[[], int], slack: FakeSlack
) -> None:
    path = announcements_dir / "vpn-onderhoud.yaml"
    path.write_text(GOOD)
    run_tick()

    path.write_text(GOOD.replace("De VPN is even weg.", "De VPN is twee uur weg."))
    run_tick()

    [update] = slack.calls("chat.update")
    assert "twee uur" in str(update.args["blocks"])


def test_shipped_examples_are_valid_and_not_loaded_by_default() -> None:
    examples = load_directory(EXAMPLES)

    assert examples.problems == () and len(examples.announcements) >= 3
    assert load_directory(EXAMPLES.parent).announcements == ()


@pytest.mark.parametrize(
    ("text", "seconds"), [("P1D", 86400), ("PT1H", 3600), ("PT1H30M", 5400), ("P1W", 604800), ("pt15m", 900)]
)
def test_iso_durations_are_read(text: str, seconds: int) -> None:
    assert parse_duration(text).total_seconds() == seconds


@pytest.mark.parametrize("text", ["P", "PT", "1D", "P1M", "P1Y", "PT0S", "P1DT"])
def test_unusable_durations_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)
