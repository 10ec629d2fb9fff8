"""Colleagues' text on its way in and out of Slack: escaped exactly once, never a live mention or link.

Two operations, one per direction:

- `plain_from_slack`: message text as Slack sends it in events and history (`&`, `<`, `>` already escaped as
  `&amp;`, `&lt;`, `&gt;`; mentions, broadcasts and links as `<@U…>`, `<!here>`, `<#C…|name>`, `<url|label>`)
  becomes plain text: Slack's entities decoded, every `<…>` made readable and inert ("@U123", "@here", "#name",
  "label (url)"). Do this once, where such text enters the desk; the desk keeps plain text.
- `escape`: plain text (typed in a modal, a slash command, stored by the desk) becomes mrkdwn-safe: `&`, `<`,
  `>` as entities. Do this once, in the builder that puts it in a message.

So "R&amp;D &lt;kapot&gt;" from an event shows as "R&D <kapot>", and `<!channel>` typed anywhere stays text.
"""

from __future__ import annotations

import re

from handlers.fitting import shorten

CONTROL = re.compile(r"<([^<>]*)>")
ENTITIES = {"&lt;": "<", "&gt;": ">", "&amp;": "&"}
ENTITY = re.compile("|".join(ENTITIES))


def escape(text: str) -> str:
    """Plain text as mrkdwn: `&`, `<` and `>` as Slack's entities, so `<!channel>` and `<@U…>` arrive as text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain_from_slack(text: str) -> str:
    """Message text as Slack sends it, as plain text: mentions, broadcasts and links readable but inert, and
    Slack's own `&amp;`/`&lt;`/`&gt;` decoded (so escaping it later escapes it exactly once)."""
    readable = CONTROL.sub(lambda match: _readable(match.group(1)), text)
    return ENTITY.sub(lambda match: ENTITIES[match.group(0)], readable)


def _readable(inside: str) -> str:
    target, _, label = inside.partition("|")
    if target.startswith("@"):  # a person: <@U123> or <@U123|name>
        return "@" + (label or target[1:])
    if target.startswith("#"):  # a channel: <#C123|general>
        return "#" + (label or target[1:])
    if target.startswith("!"):  # a broadcast, user group or date: <!here>, <!subteam^S1|@team>, <!date^…|fallback>
        command = target[1:].split("^", 1)[0]
        return label if label and command != "here" else "@" + command
    return f"{label} ({target})" if label and label != target else target


def quote(text: str, limit: int = 500, more: str = "") -> str:
    """Plain text as an escaped mrkdwn quote of at most `limit` characters (escaping and the "> " of each line
    included); a longer one ends in "…" and `more`, the pointer to where the full text is."""
    lines = escape(text).splitlines() or [""]
    return shorten("\n".join("> " + line for line in lines), limit, more)
