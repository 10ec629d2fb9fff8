"""The `/announce` modal: pure builders for the view, reading its submitted state, and field errors."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.messages import t
from handlers.blocks import Block
from handlers.mrkdwn import escape

ANNOUNCE_MODAL = "announce_modal"
VALUE = "value"
FIELD_BLOCKS = ("title", "body", "impact", "channels", "starts", "ends", "expected", "lang", "reminders", "tags")
ERROR_KEYS = {
    "title": "announce.error.title",
    "body": "announce.error.body",
    "channels": "announce.error.channels",
    "starts": "announce.error.window",
    "ends": "announce.error.window",
    "publish": "announce.error.window",
    "": "announce.error.when",
    "reminders": "announce.error.reminders",
}


def announce_modal(lang: str) -> dict[str, Any]:
    """The modal with the same fields as an announcement file."""
    blocks = [
        _input("title", lang, _text_input()),
        _input("body", lang, _text_input(multiline=True)),
        _input(
            "impact", lang, _select([(f"announce.impact.{i}", i) for i in ("none", "low", "high", "outage")], lang, 1)
        ),
        _input("channels", lang, {"type": "multi_conversations_select", "action_id": VALUE}),
        _input("starts", lang, {"type": "datetimepicker", "action_id": VALUE}, optional=True),
        _input("ends", lang, {"type": "datetimepicker", "action_id": VALUE}, optional=True),
        _input("expected", lang, _text_input(), optional=True),
        _input(
            "lang",
            lang,
            _select([("announce.lang.nl", "nl"), ("announce.lang.en", "en"), ("announce.lang.both", "nl,en")], lang, 0),
        ),
        _input("reminders", lang, _text_input(initial="P1D, PT1H"), optional=True),
        _input("tags", lang, _text_input(), optional=True),
        _input("publish", lang, {"type": "datetimepicker", "action_id": VALUE}, optional=True),
    ]
    return {
        "type": "modal",
        "callback_id": ANNOUNCE_MODAL,
        "title": _plain(t("announce.modal.title", lang)),
        "submit": _plain(t("announce.modal.submit", lang)),
        "close": _plain(t("announce.modal.close", lang)),
        "blocks": blocks,
    }


def submitted_data(view: dict[str, Any]) -> dict[str, Any]:
    """The modal's state as announcement data, ready for `bot.announcements.spec.parse_spec`."""
    state = {block: fields.get(VALUE, {}) for block, fields in view.get("state", {}).get("values", {}).items()}
    data: dict[str, Any] = {}
    for name, field in state.items():
        value = _field_value(field)
        if value not in (None, "", []):
            data[name] = value
    if "reminders" in data:
        data["reminders"] = [part.strip() for part in str(data["reminders"]).split(",") if part.strip()]
    else:
        data["reminders"] = []
    if "tags" in data:
        data["tags"] = [part.strip() for part in str(data["tags"]).split(",") if part.strip()]
    for field in ("title", "body", "expected"):  # typed in Slack: never a live @channel or disguised link
        if isinstance(data.get(field), str):
            data[field] = escape(data[field])
    return data


def field_errors(problems: list[tuple[str, str]], lang: str) -> dict[str, str]:
    """Slack's `errors` for a `response_action`: one plain message per input block."""
    errors: dict[str, str] = {}
    for field, _message in problems:
        block = field if field in FIELD_BLOCKS or field == "publish" else "title"
        block = "starts" if field == "" else block
        errors.setdefault(block, t(ERROR_KEYS.get(field, "announce.error.other"), lang))
    return errors


def _field_value(field: dict[str, Any]) -> object:
    kind = field.get("type")
    if kind == "static_select":
        return (field.get("selected_option") or {}).get("value")
    if kind == "multi_conversations_select":
        return list(field.get("selected_conversations") or [])
    if kind == "datetimepicker":
        stamp = field.get("selected_date_time")
        return datetime.fromtimestamp(int(stamp), UTC).isoformat() if stamp else None
    return field.get("value")


def _input(name: str, lang: str, element: Block, *, optional: bool = False) -> Block:
    label = _plain(t(f"announce.modal.field_{name}", lang))
    return {"type": "input", "block_id": name, "label": label, "element": element, "optional": optional}


def _text_input(*, multiline: bool = False, initial: str | None = None) -> Block:
    element: Block = {"type": "plain_text_input", "action_id": VALUE, "multiline": multiline}
    if initial:
        element["initial_value"] = initial
    return element


def _select(options: list[tuple[str, str]], lang: str, initial: int) -> Block:
    choices = [{"text": _plain(t(key, lang)), "value": value} for key, value in options]
    return {"type": "static_select", "action_id": VALUE, "options": choices, "initial_option": choices[initial]}


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:150]}
