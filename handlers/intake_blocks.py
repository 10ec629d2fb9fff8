"""The intake form, as pure Block Kit: what is wrong, what it is about (`TICKET_CATEGORIES`), "kun je nog werken?"
and screenshots (a `file_input`); and reading it back when it is submitted.

The form opens from `/helpdesk ticket` without text, from App Home, and from the *Maak ticket* shortcut on a
message (then the ticket is for the message's author, and the conversation goes on in its thread: that message is
carried in the view's `private_metadata`, which Slack returns untouched).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.messages import Lang, t
from bot.tickets.attachments import MAX_FILES
from bot.tickets.urgency import WORKS_ANSWERS
from handlers.blocks import Block, context, plain
from handlers.fitting import OPTION_TEXT, fit_view, shorten
from handlers.ticket_blocks import category_text

INTAKE_MODAL = "ticket_intake_modal"
WHAT_BLOCK, WHAT_INPUT = "intake_what", "what"
CATEGORY_BLOCK, CATEGORY_INPUT = "intake_category", "category"
WORKS_BLOCK, WORKS_INPUT = "intake_works", "works"
FILES_BLOCK, FILES_INPUT = "intake_files", "files"
MAX_TEXT = 3000
UPLOADS = 5


@dataclass(frozen=True)
class ForMessage:
    """The Slack message a ticket is made for (the *Maak ticket* shortcut): where it is, and who wrote it."""

    channel: str
    thread_ts: str
    requester: str


@dataclass(frozen=True)
class Intake:
    """A submitted form."""

    text: str
    lang: Lang
    category: str | None
    works: str | None
    uploads: tuple[dict[str, Any], ...]
    """The uploaded files as Slack describes them (`handlers.files.attachments_of` makes links of them)."""
    for_message: ForMessage | None


def intake_modal(
    lang: Lang, categories: tuple[str, ...], *, text: str = "", for_message: ForMessage | None = None
) -> dict[str, Any]:
    """The form; `text` fills in the description (the message a shortcut was used on)."""
    what: Block = {"type": "plain_text_input", "action_id": WHAT_INPUT, "multiline": True, "max_length": MAX_TEXT,
                   "placeholder": plain(t("intake.what_hint", lang))}  # fmt: skip
    if text:
        what["initial_value"] = shorten(text, MAX_TEXT)
    blocks: list[Block] = []
    if for_message is not None:
        blocks.append(context(t("intake.for_message", lang, requester=f"<@{for_message.requester}>")))
    blocks.append(_input(WHAT_BLOCK, t("intake.what", lang), what))
    if categories:
        options = [_option(category_text(name, lang), name) for name in categories[:100]]
        menu = {"type": "static_select", "action_id": CATEGORY_INPUT, "options": options}
        blocks.append(_input(CATEGORY_BLOCK, t("intake.category", lang), menu, optional=True))
    works = [_option(t(f"intake.works.{answer}", lang), answer) for answer in WORKS_ANSWERS]
    blocks.append(_input(WORKS_BLOCK, t("intake.works", lang), {"type": "radio_buttons", "action_id": WORKS_INPUT,
                                                                 "options": works}, optional=True))  # fmt: skip
    upload = {"type": "file_input", "action_id": FILES_INPUT, "max_files": UPLOADS}
    blocks.append(_input(FILES_BLOCK, t("intake.files", lang), upload, optional=True))
    metadata: dict[str, str] = {"lang": lang}
    if for_message is not None:
        metadata |= {
            "channel": for_message.channel,
            "thread_ts": for_message.thread_ts,
            "requester": for_message.requester,
        }
    return fit_view(
        {
            "type": "modal",
            "callback_id": INTAKE_MODAL,
            "private_metadata": json.dumps(metadata),
            "title": plain(t("intake.title", lang)),
            "submit": plain(t("intake.submit", lang)),
            "close": plain(t("modal.cancel", lang)),
            "blocks": blocks,
        }
    )


def read_intake(view: dict[str, Any], categories: tuple[str, ...]) -> Intake:
    """The submitted form; a category or answer that is not one we offered is left out (a tampered payload)."""
    values = view.get("state", {}).get("values", {})
    metadata = json.loads(view.get("private_metadata") or "{}")
    text = str((values.get(WHAT_BLOCK, {}).get(WHAT_INPUT) or {}).get("value") or "").strip()
    category = _selected(values, CATEGORY_BLOCK, CATEGORY_INPUT)
    works = _selected(values, WORKS_BLOCK, WORKS_INPUT)
    uploaded = (values.get(FILES_BLOCK, {}).get(FILES_INPUT) or {}).get("files") or []
    uploads = tuple(file for file in uploaded[:MAX_FILES] if isinstance(file, dict))
    target = None
    if metadata.get("channel") and metadata.get("thread_ts") and metadata.get("requester"):
        target = ForMessage(metadata["channel"], metadata["thread_ts"], metadata["requester"])
    lang: Lang = "en" if metadata.get("lang") == "en" else "nl"
    return Intake(
        text, lang, category if category in categories else None, works if works in WORKS_ANSWERS else None,
        uploads, target,
    )  # fmt: skip


def _selected(values: dict[str, Any], block: str, action: str) -> str | None:
    chosen = (values.get(block, {}).get(action) or {}).get("selected_option") or {}
    return str(chosen["value"]) if chosen.get("value") else None


def _input(block_id: str, label: str, element: Block, *, optional: bool = False) -> Block:
    return {"type": "input", "block_id": block_id, "label": plain(label), "element": element, "optional": optional}


def _option(text: str, value: str) -> Block:
    return {"text": plain(shorten(text, OPTION_TEXT)), "value": value}
