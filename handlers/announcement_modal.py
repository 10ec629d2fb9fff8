"""The `/announce` modal: pure builders for the view, reading its submitted state, and field errors.

Everything is chosen rather than typed in a format: dates with date-and-time pickers, reminders as "1 dag / 1 uur
ervoor", an honest "expected" as begin/half/eind of a month (written in each language from the catalogue), and
for an announcement in Dutch and English the English title and text in their own fields, so an English post
never shows Dutch.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.announcements.expected import phrase
from bot.local_time import LocalTime
from bot.messages import t
from handlers.blocks import Block
from handlers.fitting import fit_view

ANNOUNCE_MODAL = "announce_modal"
VALUE = "value"
FIELD_BLOCKS = ("title", "body", "impact", "channels", "starts", "ends", "expected", "lang", "reminders", "tags")
ENGLISH_BLOCKS = {"title": "title_en", "body": "body_en"}
REMINDERS = ("P1W", "P1D", "PT1H", "PT15M")
DEFAULT_REMINDERS = ("P1D", "PT1H")
EXPECTED_MONTHS = 12
BOTH = "nl,en"
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


def announce_modal(lang: str, now: datetime, local: LocalTime) -> dict[str, Any]:
    """The modal with the same fields as an announcement file, each one chosen where it can be."""
    blocks = [
        _input(
            "lang",
            lang,
            _select([("announce.lang.nl", "nl"), ("announce.lang.en", "en"), ("announce.lang.both", BOTH)], lang, 0),
        ),
        _input("title", lang, _text_input()),
        _input("body", lang, _text_input(multiline=True)),
        _input("title_en", lang, _text_input(), optional=True),
        _input("body_en", lang, _text_input(multiline=True), optional=True),
        _input(
            "impact", lang, _select([(f"announce.impact.{i}", i) for i in ("none", "low", "high", "outage")], lang, 1)
        ),
        _input("channels", lang, {"type": "multi_conversations_select", "action_id": VALUE}),
        _input("starts", lang, {"type": "datetimepicker", "action_id": VALUE}, optional=True),
        _input("ends", lang, {"type": "datetimepicker", "action_id": VALUE}, optional=True),
        _input("expected", lang, _expected_select(lang, now, local), optional=True),
        _input("reminders", lang, _reminder_boxes(lang), optional=True),
        _input("tags", lang, _text_input(), optional=True),
        _input("publish", lang, {"type": "datetimepicker", "action_id": VALUE}, optional=True),
    ]
    return fit_view(
        {
            "type": "modal",
            "callback_id": ANNOUNCE_MODAL,
            "title": _plain(t("announce.modal.title", lang)),
            "submit": _plain(t("announce.modal.submit", lang)),
            "close": _plain(t("announce.modal.close", lang)),
            "blocks": blocks,
        }
    )


def submitted_data(view: dict[str, Any], now: datetime, local: LocalTime) -> dict[str, Any]:
    """The modal's state as announcement data, ready for `bot.announcements.spec.parse_spec`."""
    state = {block: fields.get(VALUE, {}) for block, fields in view.get("state", {}).get("values", {}).items()}
    data: dict[str, Any] = {}
    for name, field in state.items():
        value = _field_value(field)
        if value not in (None, "", []):
            data[name] = value
    # Typed in Slack, so plain text: stored as typed, escaped once where it is posted (`announcement_blocks`).
    data["reminders"] = [value for value in data.get("reminders", []) if value in REMINDERS]
    data["tags"] = [part.strip() for part in str(data.get("tags", "")).split(",") if part.strip()]
    langs = str(data.get("lang", "nl")).split(",")
    if "expected" in data:
        data["expected"] = _expected_texts(str(data["expected"]), langs, now, local)
    if data.get("lang") == BOTH:
        for field, english in ENGLISH_BLOCKS.items():
            if field in data:
                data[field] = {"nl": data[field], "en": data.get(english, "")}
    for english in ENGLISH_BLOCKS.values():
        data.pop(english, None)
    return data


def missing_english(view: dict[str, Any], lang: str) -> dict[str, str]:
    """Field errors when Dutch and English were chosen but an English title or text is missing."""
    values = view.get("state", {}).get("values", {})
    chosen = (values.get("lang", {}).get(VALUE, {}).get("selected_option") or {}).get("value")
    if chosen != BOTH:
        return {}
    empty = [block for block in ENGLISH_BLOCKS.values() if not (values.get(block, {}).get(VALUE) or {}).get("value")]
    return dict.fromkeys(empty, t("announce.error.english", lang))


def field_errors(problems: list[tuple[str, str]], lang: str) -> dict[str, str]:
    """Slack's `errors` for a `response_action`: one plain message per input block."""
    errors: dict[str, str] = {}
    for field, _message in problems:
        block = field if field in FIELD_BLOCKS or field == "publish" else "title"
        block = "starts" if field == "" else block
        errors.setdefault(block, t(ERROR_KEYS.get(field, "announce.error.other"), lang))
    return errors


def _expected_select(lang: str, now: datetime, local: LocalTime) -> Block:
    """begin/half/eind of this month and the next eleven, the year shown when it is not this one."""
    today = local.of(now)
    options = []
    for offset in range(EXPECTED_MONTHS):
        year, month = divmod(today.month - 1 + offset, 12)
        year, month = today.year + year, month + 1
        for part in ("begin", "mid", "end"):
            text = phrase(part, month, lang) + (f" {year}" if year != today.year else "")
            options.append({"text": _plain(text), "value": f"{year:04d}-{month:02d}:{part}"})
    return {"type": "static_select", "action_id": VALUE, "options": options}


def _expected_texts(value: str, langs: list[str], now: datetime, local: LocalTime) -> dict[str, str] | str:
    """The chosen "begin januari 2027" in each language; a value the modal does not make is passed on as it is
    (the spec then refuses what it cannot translate)."""
    stamp, _, part = value.partition(":")
    try:
        chosen = datetime.strptime(stamp, "%Y-%m")
    except ValueError:
        return value
    if part not in ("begin", "mid", "end"):
        return value
    year = f" {chosen.year}" if chosen.year != local.of(now).year else ""
    return {lang: phrase(part, chosen.month, lang) + year for lang in langs}


def _reminder_boxes(lang: str) -> Block:
    options = [{"text": _plain(t(f"announce.reminder.{value}", lang)), "value": value} for value in REMINDERS]
    initial = [option for option in options if option["value"] in DEFAULT_REMINDERS]
    return {"type": "checkboxes", "action_id": VALUE, "options": options, "initial_options": initial}


def _field_value(field: dict[str, Any]) -> object:
    kind = field.get("type")
    if kind == "static_select":
        return (field.get("selected_option") or {}).get("value")
    if kind == "checkboxes":
        return [option.get("value") for option in field.get("selected_options") or []]
    if kind == "multi_conversations_select":
        return list(field.get("selected_conversations") or [])
    if kind == "datetimepicker":
        stamp = field.get("selected_date_time")
        return datetime.fromtimestamp(int(stamp), UTC).isoformat() if stamp else None
    return field.get("value")


def _input(name: str, lang: str, element: Block, *, optional: bool = False) -> Block:
    label = _plain(t(f"announce.modal.field_{name}", lang))
    return {"type": "input", "block_id": name, "label": label, "element": element, "optional": optional}


def _text_input(*, multiline: bool = False) -> Block:
    return {"type": "plain_text_input", "action_id": VALUE, "multiline": multiline}


def _select(options: list[tuple[str, str]], lang: str, initial: int) -> Block:
    choices = [{"text": _plain(t(key, lang)), "value": value} for key, value in options]
    return {"type": "static_select", "action_id": VALUE, "options": choices, "initial_option": choices[initial]}


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:150]}
