"""Logging set-up: plain lines for people, or one JSON object per line (`LOG_FORMAT=json`) for log collectors.

Which messages of the Slack libraries are noise for this app is known where the Bolt app is built (`bot.app`).
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import IO

PLAIN_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_RECORD_FIELDS = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time (UTC, ISO 8601), level, logger, message, and any `extra=` fields.

    Tracebacks of unexpected errors go in `exc_info` as one string, so a record is always one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry |= {key: value for key, value in vars(record).items() if key not in _RECORD_FIELDS}
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class _StandardError(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is at the time of the record (tests swap it), or to a given stream."""

    def __init__(self, stream: IO[str] | None) -> None:
        super().__init__()
        self._fixed = stream

    @property
    def stream(self) -> IO[str]:
        return self._fixed or sys.stderr

    @stream.setter
    def stream(self, _value: IO[str]) -> None:
        """StreamHandler sets it at construction; the property decides."""


def configure_logging(level: str, log_format: str, stream: IO[str] | None = None) -> None:
    """Send every record to `stream` (default: standard error) in the chosen format. Calling it again replaces
    what an earlier call set up; handlers installed by others (a test runner's) stay."""
    handler = _StandardError(stream)
    handler.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(PLAIN_FORMAT))
    root = logging.getLogger()
    for old in [existing for existing in root.handlers if isinstance(existing, _StandardError)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    quiet = max(logging.WARNING, root.level)
    logging.getLogger("alembic").setLevel(quiet)
    logging.getLogger("apscheduler").setLevel(quiet)  # two lines per tick otherwise: every 2 s, forever
    # websocket-client logs every refused connection attempt; bot.socket_mode reports the link's state itself.
    logging.getLogger("websocket").setLevel(logging.CRITICAL)
