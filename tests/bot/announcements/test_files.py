"""Announcement files: validated like `kb check`; a broken file is reported with path and line and skipped."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.announcements.files import load_directory
from bot.announcements.moments import parse_duration
from bot.cli import main
from bot.local_time import LocalTime
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
LOCAL = LocalTime.named("Europe/Amsterdam")


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("title: [unclosed\nbody: x\n", 1, "broken YAML"),
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

    result = load_directory(tmp_path, LOCAL)

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
    assert capsys.readouterr().out.startswith(f"{announcements_dir / 'kapot.yaml'}:1: broken YAML")


@pytest.mark.parametrize(
    ("channels", "line"),
    [("channels: [#algemeen]", 3), ("channels:\n  - #algemeen", 4), ("channels: #algemeen", 3)],
    ids=["flow", "block", "bare"],
)
def test_channel_name_after_a_hash_is_explained_on_its_own_line(tmp_path: Path, channels: str, line: int) -> None:
    (tmp_path / "kapot.yaml").write_text(GOOD.replace(f"channels: [{CHANNEL}]", channels))

    [problem] = load_directory(tmp_path, LOCAL).problems

    assert problem.line == line
    assert problem.message.startswith("a '#' starts a comment in YAML, so '#algemeen' and the rest of the line")
    assert "channels: [C0123456789]" in problem.message


def test_quoted_channel_name_is_answered_with_where_to_find_the_id(tmp_path: Path) -> None:
    (tmp_path / "kapot.yaml").write_text(GOOD.replace(f"[{CHANNEL}]", '["#algemeen"]'))

    [problem] = load_directory(tmp_path, LOCAL).problems

    assert (problem.line, problem.message) == (
        3,
        "'#algemeen' is a channel name; write its id instead "
        "(open the channel in Slack, click its name: the id (C…) is at the bottom)",
    )


@pytest.mark.parametrize(
    ("written", "accepted"),
    [
        ("24-12-2026 17:00", "2026-12-24T17:00+01:00"),
        ("1-7-2026 09:30", "2026-07-01T09:30+02:00"),
        ("'2026-12-24 17:00'", "2026-12-24T17:00+01:00"),
        ("2026-12-24", "2026-12-24T09:00+01:00"),
        ("morgen om vijf", "2026-12-03T18:00+01:00"),
    ],
)
def test_unreadable_date_is_answered_with_the_accepted_form(tmp_path: Path, written: str, accepted: str) -> None:
    (tmp_path / "kapot.yaml").write_text(GOOD.replace("2026-12-03T18:00:00+01:00", written))

    [problem] = load_directory(tmp_path, LOCAL).problems

    assert problem.line == 4
    assert problem.message.startswith("'starts': ") and "Invalid isoformat" not in problem.message
    assert f"write {accepted} (year-month-day, 'T', hours:minutes, then the offset from UTC" in problem.message


@pytest.mark.parametrize(
    ("zone", "accepted", "offsets"),
    [
        ("Europe/Amsterdam", "2026-07-01T09:30+02:00", "+01:00 in winter and +02:00 in summer in Europe/Amsterdam"),
        ("America/New_York", "2026-07-01T09:30-04:00", "-05:00 in winter and -04:00 in summer in America/New_York"),
        ("Australia/Sydney", "2026-07-01T09:30+10:00", "+10:00 in winter and +11:00 in summer in Australia/Sydney"),
        ("Asia/Kolkata", "2026-07-01T09:30+05:30", "+05:30 in Asia/Kolkata"),
    ],
)
def test_accepted_form_uses_the_offset_of_the_business_time_zone(
    tmp_path: Path, zone: str, accepted: str, offsets: str
) -> None:
    (tmp_path / "kapot.yaml").write_text(GOOD.replace("2026-12-03T18:00:00+01:00", "1-7-2026 09:30"))

    [problem] = load_directory(tmp_path, LocalTime.named(zone)).problems

    assert f"write {accepted} (" in problem.message and problem.message.endswith(offsets + ")")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (("starts: 2026-12-03T18:00:00+01:00", "starts: 3 december 18:00"), "'starts'"),
        (("starts: 2026-12-03T18:00:00+01:00", "start: 2026-12-03T18:00:00+01:00"), "unknown field 'start': did you"),
        (("ends: 2026-12-03T20:00:00+01:00", "ends: 20:00"), "'ends'"),
    ],
    ids=["unreadable-starts", "misspelt-starts", "unreadable-ends"],
)
def test_one_mistake_is_one_problem_without_follow_on_errors(
    tmp_path: Path, change: tuple[str, str], field: str
) -> None:
    (tmp_path / "kapot.yaml").write_text(GOOD.replace(*change))

    [problem] = load_directory(tmp_path, LOCAL).problems

    assert problem.message.startswith(field)


def test_field_given_twice_is_reported_at_the_second(tmp_path: Path) -> None:
    (tmp_path / "kapot.yaml").write_text(GOOD + "title: Nog een titel\n")

    [problem] = load_directory(tmp_path, LOCAL).problems

    assert (problem.line, problem.message) == (6, "'title' is given twice (first on line 1): keep one of them")


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
    examples = load_directory(EXAMPLES, LOCAL)

    assert examples.problems == () and len(examples.announcements) >= 3
    assert load_directory(EXAMPLES.parent, LOCAL).announcements == ()


@pytest.mark.parametrize(
    ("text", "seconds"), [("P1D", 86400), ("PT1H", 3600), ("PT1H30M", 5400), ("P1W", 604800), ("pt15m", 900)]
)
def test_iso_durations_are_read(text: str, seconds: int) -> None:
    assert parse_duration(text).total_seconds() == seconds


@pytest.mark.parametrize("text", ["P", "PT", "1D", "P1M", "P1Y", "PT0S", "P1DT"])
def test_unusable_durations_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)
