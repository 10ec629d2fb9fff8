"""Escaping colleagues' text before it reaches Slack, so it can never trigger mentions or links."""

from __future__ import annotations


def escape(text: str) -> str:
    """Escape `&`, `<` and `>` the way Slack expects: `<!channel>` and `<@U…>` then arrive as plain text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quote(text: str, limit: int = 500) -> str:
    """A colleague's text as an escaped mrkdwn quote, shortened to `limit` characters."""
    short = text if len(text) <= limit else text[: limit - 1] + "…"
    return "\n".join("> " + line for line in escape(short).splitlines() or [""])
