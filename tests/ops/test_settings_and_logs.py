"""Operations settings (LOG_FORMAT, METRICS_PORT, the default database), JSON log records, the shell's cards."""

from __future__ import annotations

import io
import json
import logging
import subprocess
from pathlib import Path

import pytest

from bot.config import Settings
from bot.errors import ConfigurationError
from bot.logs import JsonFormatter, configure_logging
from tests.ops.processes import BotProcess, environment


def test_default_database_follows_xdg_data_home_and_is_absolute() -> None:
    settings = Settings.from_mapping({"XDG_DATA_HOME": "/srv/data", "HOME": "/home/anne"})

    assert settings.database_url == "sqlite:////srv/data/servicedesk/servicedesk.sqlite3"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT must be one of plain, json, not 'xml'"),
        ({"METRICS_PORT": "negen"}, "METRICS_PORT must be a port number (1-65535), not 'negen'"),
        ({"METRICS_PORT": "70000"}, "METRICS_PORT must be a port number (1-65535), not '70000'"),
    ],
)
def test_operations_settings_reject_unusable_values_naming_the_variable(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Settings.from_mapping(env)


def test_operations_settings_are_read() -> None:
    settings = Settings.from_mapping({"LOG_FORMAT": "JSON", "METRICS_PORT": "9102"})

    assert (settings.log_format, settings.metrics_port) == ("json", 9102)


def test_json_log_record_is_one_line_with_extra_fields_and_the_traceback_inside() -> None:
    out, root = io.StringIO(), logging.getLogger()
    handlers, level = list(root.handlers), root.level
    configure_logging("INFO", "json", stream=out)
    try:
        raise ValueError("kapot")
    except ValueError:
        logging.getLogger("servicedesk.test").exception("delivery failed", extra={"channel": "C1"})
    finally:
        root.handlers[:] = handlers  # pytest's own capture handlers
        root.setLevel(level)

    [line] = out.getvalue().splitlines()  # exactly one line, traceback included
    record = json.loads(line)
    assert (record["level"], record["logger"], record["message"]) == ("ERROR", "servicedesk.test", "delivery failed")
    assert record["channel"] == "C1"
    assert "ValueError: kapot" in record["exc_info"]
    assert record["time"].endswith("+00:00")


def test_json_formatter_keeps_non_ascii_text_readable() -> None:
    record = logging.makeLogRecord({"msg": "geannuleerd: één", "levelname": "INFO", "name": "x"})

    assert json.loads(JsonFormatter().format(record))["message"] == "geannuleerd: één"


def test_shell_with_a_triage_channel_shows_the_ticket_card_instead_of_crashing(tmp_path: Path) -> None:
    env = environment(None, "http://127.0.0.1:9/api/", tmp_path, TRIAGE_CHANNEL="CTRIAGE", LOG_LEVEL="WARNING")
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'shell.sqlite3'}"
    env.update(MATCH_ANSWER_THRESHOLD="1.0", MATCH_SUGGEST_THRESHOLD="1.0")
    bot = BotProcess(["shell"], env, tmp_path, stdin=subprocess.PIPE)
    assert bot.process.stdin is not None
    bot.process.stdin.write(b"de koffieautomaat geeft stroomstoten\n")
    bot.process.stdin.close()

    assert bot.wait(timeout=60) == 0, bot.log()
    assert "Traceback" not in bot.log()
    assert "bot (in CTRIAGE)> *SD-1001" in bot.log()
    assert "[1] Oppakken" in bot.log()
