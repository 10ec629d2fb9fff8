"""The draft article modal ("Maak er een artikel van" when resolving, "Schrijf artikel" from a gap): pure
builders, and reading the submitted fields back into a `DraftArticle`. Fields are cut to Slack's limits."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from bot.drafts import MAX_TITLE_CHARS, DraftArticle
from bot.messages import t
from handlers.blocks import Block, context, plain
from handlers.fitting import fit_view

DRAFT_MODAL = "draft_article_modal"
TITLE_BLOCK, TITLE_INPUT = "draft_title", "draft_title_text"
PHRASINGS_BLOCK, PHRASINGS_INPUT = "draft_phrasings", "draft_phrasings_text"
BODY_BLOCK, BODY_INPUT = "draft_body", "draft_body_text"
TEXT_LIMIT = 3000
"""A plain_text_input's `initial_value` and `max_length` at most."""
MODAL_TITLE_LIMIT = 24


def draft_modal(draft: DraftArticle, lang: str) -> dict[str, Any]:
    """The modal pre-filled with `draft`: title, the colleagues' questions (one per line) and the answer."""
    phrasings = _fit_lines(draft.phrasings, TEXT_LIMIT)
    blocks: list[Block] = [
        context(t("draft.intro", lang)),
        _input(TITLE_BLOCK, t("draft.title_label", lang), TITLE_INPUT, draft.title, max_length=MAX_TITLE_CHARS + 1),
        _input(PHRASINGS_BLOCK, t("draft.phrasings_label", lang), PHRASINGS_INPUT, phrasings, multiline=True),
        _input(BODY_BLOCK, t("draft.body_label", lang), BODY_INPUT, draft.body[:TEXT_LIMIT], multiline=True),
    ]
    metadata = {"id": draft.id, "lang": draft.lang, "category": draft.category, "team": draft.team}
    return fit_view(
        {
            "type": "modal",
            "callback_id": DRAFT_MODAL,
            "private_metadata": json.dumps(metadata | {"origin": draft.origin[:200]}),
            "title": plain(t("draft.modal_title", lang)[:MODAL_TITLE_LIMIT]),
            "submit": plain(t("draft.submit", lang)),
            "close": plain(t("draft.cancel", lang)),
            "blocks": blocks,
        }
    )


def submitted_draft(view: dict[str, Any]) -> DraftArticle:
    """The draft as the agent left it in the modal."""
    values, metadata = view["state"]["values"], json.loads(view.get("private_metadata") or "{}")
    lines = (_value(values, PHRASINGS_BLOCK, PHRASINGS_INPUT)).splitlines()
    draft = DraftArticle(
        id=str(metadata.get("id") or ""),
        title=" ".join(_value(values, TITLE_BLOCK, TITLE_INPUT).split()),
        lang=str(metadata.get("lang") or "nl"),
        phrasings=tuple(dict.fromkeys(" ".join(line.split()) for line in lines if line.strip())),
        body=_value(values, BODY_BLOCK, BODY_INPUT).strip(),
    )
    origin = metadata.get("origin") or ""
    return replace(draft, category=metadata.get("category"), team=metadata.get("team"), origin=origin)


def saved_view(draft_id: str, lang: str) -> dict[str, Any]:
    """What the modal shows once the draft is saved: how it goes live."""
    return {
        "type": "modal",
        "title": plain(t("draft.saved_title", lang)[:MODAL_TITLE_LIMIT]),
        "close": plain(t("draft.close", lang)),
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": t("draft.saved", lang, id=draft_id)}}],
    }


def _input(
    block_id: str, label: str, action_id: str, initial: str, *, multiline: bool = False, max_length: int = TEXT_LIMIT
) -> Block:
    element: Block = {
        "type": "plain_text_input", "action_id": action_id, "multiline": multiline, "max_length": max_length,
    }  # fmt: skip
    if initial:
        element["initial_value"] = initial
    return {"type": "input", "block_id": block_id, "label": plain(label), "element": element}


def _value(values: dict[str, Any], block: str, action: str) -> str:
    return str((values.get(block, {}).get(action) or {}).get("value") or "")


def _fit_lines(lines: tuple[str, ...], limit: int) -> str:
    """As many whole lines as fit in `limit` characters."""
    kept: list[str] = []
    for line in lines:
        if len("\n".join([*kept, line])) > limit:
            break
        kept.append(line)
    return "\n".join(kept)
