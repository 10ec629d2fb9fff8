"""The Block Kit limits Slack enforces, checked the way Slack checks them, for the fake Web API.

Slack refuses a whole message or view when one part is over a limit (`invalid_blocks` for messages,
`invalid_arguments` for views) and a message whose `text` is too long (`msg_too_long`). The limits are Slack's
documented ones (docs.slack.dev, Block Kit reference: blocks, block elements, composition objects).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
MESSAGE_TEXT = 40_000
SECTION_TEXT = 3_000
SECTION_FIELDS = 10
FIELD_TEXT = 2_000
HEADER_TEXT = 150
CONTEXT_ELEMENTS = 10
ACTIONS_ELEMENTS = 25
BUTTON_TEXT = 75
BUTTON_VALUE = 2_000
OPTION_TEXT = 75
OPTION_VALUE = 150
SELECT_OPTIONS = 100
ID_LENGTH = 255
VIEW_TITLE = 24
VIEW_BUTTON = 24
PRIVATE_METADATA = 3_000
PLACEHOLDER_TEXT = 150
INPUT_VALUE = 3_000
BLOCKS_TEXT = 12_000
"""Text in one message's blocks together; over it Slack answers `msg_blocks_too_long`. Undocumented: measured by
others at about 12,000 characters of text plus the block containers (slackapi/bolt-js#2509, #2867)."""


def message_problems(args: dict[str, Any]) -> Iterator[str]:
    """What Slack would refuse in a chat.postMessage / chat.update / response_url message."""
    blocks = args.get("blocks") or []
    if isinstance(blocks, list):
        if len(blocks) > MESSAGE_BLOCKS:
            yield f"no more than {MESSAGE_BLOCKS} items allowed [json-pointer:/blocks]"
        yield from _blocks(blocks)


def blocks_too_long(args: dict[str, Any]) -> bool:
    """Whether the text in a message's blocks together is more than Slack takes (`msg_blocks_too_long`)."""
    blocks = args.get("blocks")
    return isinstance(blocks, list) and sum(len(text) for text in _texts(blocks)) > BLOCKS_TEXT


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


def text_too_long(args: dict[str, Any]) -> bool:
    text = args.get("text")
    return isinstance(text, str) and len(text) > MESSAGE_TEXT


def view_problems(view: object) -> Iterator[str]:
    """What Slack would refuse in a modal or App Home view."""
    if not isinstance(view, dict):
        return
    blocks = view.get("blocks") or []
    if len(blocks) > VIEW_BLOCKS:
        yield f"no more than {VIEW_BLOCKS} items allowed [json-pointer:/view/blocks]"
    for name, limit in (("title", VIEW_TITLE), ("submit", VIEW_BUTTON), ("close", VIEW_BUTTON)):
        yield from _text(view.get(name), limit, f"/view/{name}")
    if len(str(view.get("private_metadata") or "")) > PRIVATE_METADATA:
        yield f"must be less than {PRIVATE_METADATA + 1} characters [json-pointer:/view/private_metadata]"
    yield from _blocks(blocks, "/view/blocks")


def _blocks(blocks: list[Any], where: str = "/blocks") -> Iterator[str]:
    for index, block in enumerate(blocks):
        path = f"{where}/{index}"
        if not isinstance(block, dict):
            yield f"must be an object [json-pointer:{path}]"
            continue
        yield from _id(block.get("block_id"), f"{path}/block_id")
        kind = block.get("type")
        if kind == "section":
            yield from _text(block.get("text"), SECTION_TEXT, f"{path}/text")
            fields = block.get("fields") or []
            if len(fields) > SECTION_FIELDS:
                yield f"no more than {SECTION_FIELDS} items allowed [json-pointer:{path}/fields]"
            for number, field in enumerate(fields):
                yield from _text(field, FIELD_TEXT, f"{path}/fields/{number}")
            if isinstance(block.get("accessory"), dict):
                yield from _element(block["accessory"], f"{path}/accessory")
        elif kind == "header":
            if (block.get("text") or {}).get("type") != "plain_text":
                yield f"must be a plain_text object [json-pointer:{path}/text]"
            yield from _text(block.get("text"), HEADER_TEXT, f"{path}/text")
        elif kind == "context":
            elements = block.get("elements") or []
            if len(elements) > CONTEXT_ELEMENTS:
                yield f"no more than {CONTEXT_ELEMENTS} items allowed [json-pointer:{path}/elements]"
            for number, element in enumerate(elements):
                yield from _text(element, SECTION_TEXT, f"{path}/elements/{number}")
        elif kind == "actions":
            elements = block.get("elements") or []
            if len(elements) > ACTIONS_ELEMENTS:
                yield f"no more than {ACTIONS_ELEMENTS} items allowed [json-pointer:{path}/elements]"
            for number, element in enumerate(elements):
                yield from _element(element, f"{path}/elements/{number}")
        elif kind == "input" and isinstance(block.get("element"), dict):
            yield from _text(block.get("label"), 2_000, f"{path}/label")
            yield from _element(block["element"], f"{path}/element")


def _element(element: dict[str, Any], path: str) -> Iterator[str]:
    yield from _id(element.get("action_id"), f"{path}/action_id")
    yield from _text(element.get("placeholder"), PLACEHOLDER_TEXT, f"{path}/placeholder")
    initial = element.get("initial_value")
    if isinstance(initial, str):
        limit = min(int(element.get("max_length") or INPUT_VALUE), INPUT_VALUE)
        if len(initial) > limit:
            yield f"must be less than {limit + 1} characters [json-pointer:{path}/initial_value]"
    if isinstance(element.get("initial_option"), dict):
        yield from _text(element["initial_option"].get("text"), OPTION_TEXT, f"{path}/initial_option/text")
    if element.get("type") == "button":
        yield from _text(element.get("text"), BUTTON_TEXT, f"{path}/text")
        if len(str(element.get("value") or "")) > BUTTON_VALUE:
            yield f"must be less than {BUTTON_VALUE + 1} characters [json-pointer:{path}/value]"
    options = element.get("options")
    if isinstance(options, list):
        if len(options) > SELECT_OPTIONS:
            yield f"no more than {SELECT_OPTIONS} items allowed [json-pointer:{path}/options]"
        for number, option in enumerate(options):
            yield from _text(option.get("text"), OPTION_TEXT, f"{path}/options/{number}/text")
            yield from _text(option.get("description"), OPTION_TEXT, f"{path}/options/{number}/description")
            if len(str(option.get("value") or "")) > OPTION_VALUE:
                yield f"must be less than {OPTION_VALUE + 1} characters [json-pointer:{path}/options/{number}/value]"


def _text(obj: object, limit: int, path: str) -> Iterator[str]:
    text = obj.get("text") if isinstance(obj, dict) else None
    if isinstance(text, str) and len(text) > limit:
        yield f"must be less than {limit + 1} characters [json-pointer:{path}/text]"


def _id(value: object, path: str) -> Iterator[str]:
    if isinstance(value, str) and len(value) > ID_LENGTH:
        yield f"must be less than {ID_LENGTH + 1} characters [json-pointer:{path}]"
