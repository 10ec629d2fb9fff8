"""Fitting what we post into Slack's limits: the one place that knows them.

Slack refuses a whole message or view when one part is over a limit (`invalid_blocks`, `invalid_arguments`,
`msg_too_long`, `msg_blocks_too_long`), so a colleague's long text would silently cost a card or a notice. Every
builder passes what it made through `fit_message` or `fit_view`: text over a limit is cut at a safe place (never
inside an `&amp;` entity or a `<@U…>`/`<url|text>` link) and ends in "…" plus a pointer to where the full text
is (`more`, a catalogue text: the ticket's history or the thread). A relay longer than one message can carry is
split into several messages instead (`split_text`), so nothing a person wrote is lost on the way.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from bot.messages import t
from bot.outbox.store import Message

Block = dict[str, Any]

SECTION_TEXT = 3_000
FIELD_TEXT = 2_000
CONTEXT_TEXT = 3_000
HEADER_TEXT = 150
BUTTON_TEXT = 75
OPTION_TEXT = 75
PLACEHOLDER_TEXT = 150
LABEL_TEXT = 2_000
VIEW_TITLE = 24
VIEW_BUTTON = 24
INPUT_VALUE = 3_000
MESSAGE_TEXT = 40_000
MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
BLOCKS_TEXT = 11_000
"""Text in one message's blocks together: Slack answers `msg_blocks_too_long` a little over 12,000 characters
(undocumented; measured by others at about 12,000 plus room for the block containers). We stay well under."""
RELAY_PART = 9_000
"""Characters of a relayed message per post: one post's blocks stay under `BLOCKS_TEXT` with the name prefix."""
ELLIPSIS = "…"


def more_in_history(lang: str, reference: str) -> str:
    """The pointer for text whose full version is in the ticket's history."""
    return t("fit.more_in_history", lang, number=reference)


def more_in_thread(lang: str) -> str:
    """The pointer for text whose full version is in the thread (the colleague's own message)."""
    return t("fit.more_in_thread", lang)


def shorten(text: str, limit: int, more: str = "") -> str:
    """`text` if it fits in `limit` characters; else its start, cut at a safe place, then "…" and `more`."""
    if len(text) <= limit:
        return text
    tail = ELLIPSIS + (" " + more if more else "")
    if len(tail) >= limit:
        tail = ELLIPSIS
    return text[: safe_cut(text, limit - len(tail))].rstrip() + tail


def safe_cut(text: str, at: int) -> int:
    """The last index at or before `at` that is not inside an `&…;` entity or a `<…>` link or mention."""
    at = max(at, 0)
    opened = text.rfind("<", 0, at)
    if opened > text.rfind(">", 0, at):
        at = opened
    amp = text.rfind("&", max(0, at - 8), at)
    if amp != -1 and ";" not in text[amp:at]:
        at = amp
    return at


def split_text(text: str, size: int = RELAY_PART) -> list[str]:
    """`text` in pieces of at most `size` characters, split at line ends (or spaces) where possible and never
    inside an entity or a link; joined they are the text again (up to the whitespace at the cuts)."""
    pieces: list[str] = []
    rest = text
    while len(rest) > size:
        cut = _break_at(rest, size)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip("\n")
    pieces.append(rest)
    return [piece for piece in pieces if piece.strip()] or [""]


def _break_at(text: str, size: int) -> int:
    limit = safe_cut(text, size) or size
    for separator in ("\n", " "):
        found = text.rfind(separator, limit // 2, limit)
        if found > 0:
            return found + 1
    return limit


def fit_message(message: Message, more: str = "") -> Message:
    """`message` (chat.postMessage / chat.update / respond arguments) within every limit Slack checks: each
    block, at most 50 blocks, their text together, and the fallback `text`. Returns a new message."""
    fitted = dict(message)
    if isinstance(fitted.get("text"), str):
        fitted["text"] = shorten(fitted["text"], MESSAGE_TEXT, more)
    blocks = [fit_block(block, more) for block in message.get("blocks") or []]
    if "blocks" in message:
        fitted["blocks"] = _within_budget(_at_most(blocks, MESSAGE_BLOCKS, more), more)
    return fitted


def fit_view(view: dict[str, Any], more: str = "") -> dict[str, Any]:
    """A modal or App Home view within Slack's limits: title and buttons, at most 100 blocks, each block."""
    fitted = dict(view)
    for name, limit in (("title", VIEW_TITLE), ("submit", VIEW_BUTTON), ("close", VIEW_BUTTON)):
        if isinstance(view.get(name), dict):
            fitted[name] = _text_object(view[name], limit, "")
    blocks = [fit_block(block, more) for block in view.get("blocks") or []]
    fitted["blocks"] = _at_most(blocks, VIEW_BLOCKS, more)
    return fitted


def fit_block(block: Block, more: str = "") -> Block:
    """One block with each text within its own limit."""
    fitted = copy.deepcopy(block)
    kind = fitted.get("type")
    if kind == "section":
        _fit_key(fitted, "text", SECTION_TEXT, more)
        fitted["fields"] = [_text_object(field, FIELD_TEXT, more) for field in fitted.get("fields") or []]
        if not fitted["fields"]:
            del fitted["fields"]
        if isinstance(fitted.get("accessory"), dict):
            fitted["accessory"] = fit_element(fitted["accessory"])
    elif kind == "header":
        _fit_key(fitted, "text", HEADER_TEXT, "")
    elif kind == "context":
        fitted["elements"] = [_text_object(element, CONTEXT_TEXT, more) for element in fitted.get("elements") or []]
    elif kind == "actions":
        fitted["elements"] = [fit_element(element) for element in fitted.get("elements") or []]
    elif kind == "input":
        _fit_key(fitted, "label", LABEL_TEXT, "")
        if isinstance(fitted.get("element"), dict):
            fitted["element"] = fit_element(fitted["element"])
    return fitted


def fit_element(element: Block) -> Block:
    """A button, menu or input with its label, options, placeholder and initial value within Slack's limits."""
    fitted = dict(element)
    if fitted.get("type") == "button":
        _fit_key(fitted, "text", BUTTON_TEXT, "")
    _fit_key(fitted, "placeholder", PLACEHOLDER_TEXT, "")
    if isinstance(fitted.get("options"), list):
        fitted["options"] = [_option(option) for option in fitted["options"]]
    if isinstance(fitted.get("initial_option"), dict):
        fitted["initial_option"] = _option(fitted["initial_option"])
    if isinstance(fitted.get("initial_value"), str):
        limit = min(int(fitted.get("max_length") or INPUT_VALUE), INPUT_VALUE)
        fitted["initial_value"] = shorten(fitted["initial_value"], limit)
    return fitted


def block_text_length(blocks: list[Block]) -> int:
    """The characters of text in `blocks` together, counted the way `msg_blocks_too_long` counts them."""
    return sum(len(text) for text in _texts(blocks))


def _texts(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "text" and isinstance(item, str):
                yield item
            else:
                yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def _option(option: Block) -> Block:
    fitted = dict(option)
    _fit_key(fitted, "text", OPTION_TEXT, "")
    _fit_key(fitted, "description", OPTION_TEXT, "")
    return fitted


def _fit_key(holder: Block, key: str, limit: int, more: str) -> None:
    if isinstance(holder.get(key), dict):
        holder[key] = _text_object(holder[key], limit, more)


def _text_object(obj: Any, limit: int, more: str) -> Any:
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        return obj
    return {**obj, "text": shorten(obj["text"], limit, more if obj.get("type") == "mrkdwn" else "")}


def _at_most(blocks: list[Block], limit: int, more: str) -> list[Block]:
    """At most `limit` blocks: the last ones give way to a line saying where the rest is."""
    if len(blocks) <= limit:
        return blocks
    return [*blocks[: limit - 1], _pointer(more)]


def _within_budget(blocks: list[Block], more: str) -> list[Block]:
    """Blocks whose text together stays under `BLOCKS_TEXT`: text blocks past the budget are shortened or left
    out (with a line saying where the rest is); buttons and menus always stay."""
    if block_text_length(blocks) <= BLOCKS_TEXT:
        return blocks
    kept: list[Block] = []
    budget = BLOCKS_TEXT - block_text_length([b for b in blocks if b.get("type") in ("actions", "input")]) - 200
    cut = False
    for block in blocks:
        if block.get("type") in ("actions", "input"):
            kept.append(block)
            continue
        length = block_text_length([block])
        if not cut and length <= budget:
            kept.append(block)
            budget -= length
        elif not cut:
            cut = True
            if block.get("type") == "section" and isinstance(block.get("text"), dict) and budget > 100:
                kept.append({**block, "text": _text_object(block["text"], budget, more)})
            else:
                kept.append(_pointer(more))
    return kept


def _pointer(more: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": ELLIPSIS + (" " + more if more else "")}]}
