"""`servicedesk tickets list|show` on a real database: times in the business time zone, honest empty lists,
and `--status` limited to what tickets can be."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlalchemy import Engine

from bot.cli import main
from bot.config import Settings
from bot.db import make_sessions, transaction
from bot.tickets.service import open_ticket

OPENED = datetime(2026, 7, 1, 7, 15)  # naive UTC: 09:15 in Amsterdam (summer time, +02:00)


@pytest.fixture
def cli_env(env: dict[str, str], engine: Engine) -> dict[str, str]:
    return {**env, "DATABASE_URL": engine.url.render_as_string(hide_password=False)}


@pytest.fixture
def ticket(engine: Engine) -> int:
    with transaction(make_sessions(engine)) as session:
        opened, _ = open_ticket(
            session,
            conversation_key="C1:1700000000.000100",
            requester="UASKER",
            channel="C1",
            thread_ts="1700000000.000100",
            text="de printer op de tweede doet niks",
            lang="nl",
            now=OPENED,
            sla=Settings().sla,
        )
        return opened.number


def test_tickets_list_json_gives_times_in_the_business_time_zone_with_the_offset(
    cli_env: dict[str, str], ticket: int, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["tickets", "list", "--json"], env=cli_env)

    [listed] = json.loads(capsys.readouterr().out)
    assert code == 0 and listed["number"] == f"SD-{ticket}"
    assert listed["created_at"] == "2026-07-01T09:15:00+02:00"
    assert listed["first_response_due"].endswith("+02:00") and listed["resolved_at"] is None


def test_tickets_times_follow_business_timezone(
    cli_env: dict[str, str], ticket: int, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["tickets", "list", "--json"], env={**cli_env, "BUSINESS_TIMEZONE": "America/New_York"})

    [listed] = json.loads(capsys.readouterr().out)
    assert listed["created_at"] == "2026-07-01T03:15:00-04:00"


def test_tickets_show_prints_history_in_local_time_with_the_offset(
    cli_env: dict[str, str], ticket: int, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["tickets", "show", f"SD-{ticket}"], env=cli_env)

    out = capsys.readouterr().out
    assert code == 0
    assert '"created_at": "2026-07-01T09:15:00+02:00"' in out
    [opened] = [line for line in out.splitlines() if " opened " in line]
    assert opened.startswith("2026-07-01 09:15+02:00  UASKER")
    assert "UTC" not in out


def test_tickets_list_rejects_an_unknown_status_with_the_valid_ones(
    cli_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["tickets", "list", "--status", "bogus"], env=cli_env)

    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'bogus'" in err
    assert all(status in err for status in ("new", "claimed", "waiting", "escalated", "resolved", "open"))


@pytest.mark.parametrize(
    ("args", "says"), [([], "no tickets"), (["--status", "resolved"], "no tickets with status resolved")]
)
def test_empty_ticket_list_says_so(
    cli_env: dict[str, str], capsys: pytest.CaptureFixture[str], args: list[str], says: str
) -> None:
    code = main(["tickets", "list", *args], env=cli_env)

    captured = capsys.readouterr()
    assert (code, captured.out, captured.err.strip().splitlines()[-1]) == (0, "", says)


def test_empty_ticket_list_as_json_is_an_empty_array(
    cli_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    main(["tickets", "list", "--json"], env=cli_env)

    assert json.loads(capsys.readouterr().out) == []
