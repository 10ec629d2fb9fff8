"""Whether a signed payload from Slack has the shape our listeners rely on (pure: dicts in, a reason out).

Slack signs what it sends, but a payload can still be malformed (a proxy in between, a replayed test, an API
change): a user given as an object, a message without its user. Such a payload is logged once and ignored, with
200, so Slack does not send it again; it never reaches a listener, where it would end in a traceback.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

QUESTION_SUBTYPES = (None, "file_share", "thread_broadcast")
"""Message subtypes a colleague writes (the ones answered as questions), which must name their author."""
INTERACTIONS = frozenset(
    {"block_actions", "block_suggestion", "view_submission", "view_closed", "shortcut", "message_action"}
)


def event_problem(payload: Mapping[str, Any]) -> str | None:
    """Why an Events API callback cannot be processed, or None when it can."""
    event = payload.get("event")
    if not isinstance(event, Mapping):
        return "event_callback without an event object"
    if not isinstance(event.get("type"), str):
        return "event without a type"
    for name in ("user", "channel", "ts", "thread_ts", "text", "subtype", "bot_id"):
        if name in event and event[name] is not None and not isinstance(event[name], str):
            return f"{event['type']} event with a {type(event[name]).__name__} as its {name}"
    written = event["type"] == "app_mention" or (
        event["type"] == "message" and event.get("subtype") in QUESTION_SUBTYPES
    )
    if written and not event.get("bot_id") and not (event.get("user") and event.get("channel") and event.get("ts")):
        return f"{event['type']} event without its user, channel or ts"
    return None


def interaction_problem(payload: Mapping[str, Any]) -> str | None:
    """Why an interaction (a click, a modal, a shortcut) cannot be processed, or None when it can."""
    user = payload.get("user")
    if not isinstance(payload.get("type"), str):
        return "interaction without a type"
    if not (isinstance(user, Mapping) and isinstance(user.get("id"), str)):
        return f"{payload['type']} without a user id"
    return None


def command_problem(fields: Mapping[str, Any]) -> str | None:
    """Why a slash command cannot be processed, or None when it can."""
    for name in ("command", "user_id"):
        if not isinstance(fields.get(name), str) or not fields[name]:
            return f"slash command without its {name}"
    return None
