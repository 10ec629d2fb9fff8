"""What an operator reads when a command cannot do its work for an expected reason: one line saying what is
wrong and what to do, never a traceback (unexpected errors still get theirs)."""

from __future__ import annotations

import socket
import urllib.error
from dataclasses import dataclass

from sqlalchemy import exc, make_url

from bot.config import Settings
from bot.errors import DatabaseUnavailable


@dataclass(frozen=True)
class Failure:
    message: str
    exit_code: int = 1


def explain(error: BaseException, settings: Settings) -> Failure | None:
    """The operator's line for an expected failure, or None for an error nobody expected."""
    if isinstance(error, exc.OperationalError | exc.InterfaceError | DatabaseUnavailable):
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        return Failure(
            f"The database does not answer ({reason}). Start it, or fix DATABASE_URL "
            f"(now {shown_database_url(settings.database_url)})."
        )
    if isinstance(error, urllib.error.URLError | ConnectionError | socket.gaierror | TimeoutError):
        cause = getattr(error, "reason", None) or error
        return Failure(
            f"Slack cannot be reached at {settings.slack_api_url} ({cause}). Check the network connection, "
            "a proxy (HTTPS_PROXY) or SLACK_API_URL, then start again."
        )
    return None


def shown_database_url(url: str) -> str:
    """`url` with its password hidden: safe for logs and terminals."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except exc.ArgumentError:
        return "(not a valid database URL)"
