"""Stored events back into the Bolt app: `bot.inbox` processes a row by dispatching its payload here.

Dispatched as Socket Mode does (no signature: the request was verified when it was accepted, and its
timestamp may be old by now); the app's listener executor runs an inbox event's listeners inline
(`bot.executors.Lanes`), so `dispatch` returns when they are done.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltRequest

from bot.inbox.processing import Dispatch


def dispatcher(app: App) -> Dispatch:
    def dispatch(payload: dict[str, Any]) -> None:
        app.dispatch(BoltRequest(body=payload, mode="socket_mode"))

    return dispatch
