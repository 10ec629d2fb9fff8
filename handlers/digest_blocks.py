"""The weekly digest as the comment of its chart upload (plain mrkdwn text: a file's `initial_comment` takes
no blocks). Colleagues' question texts are escaped and shortened; the triage channel is for agents only."""

from __future__ import annotations

from bot.digest import Digest
from bot.messages import t
from bot.outbox.store import Message
from handlers.fitting import shorten
from handlers.mrkdwn import escape

MAX_GAP_TEXT = 150
MAX_COMMENT = 3000
"""Well within what Slack shows of a message without "show more" (and its 40,000-character limit)."""


def digest_message(digest: Digest, lang: str) -> Message:
    """Last week's figures and the three gaps most worth an article, as the chart's comment."""
    figures, none = digest.figures, t("digest.no_figure", lang)
    lines = [
        t("digest.title", lang, first=f"{digest.period.first:%d-%m}", last=f"{digest.period.last:%d-%m-%Y}"),
        t("digest.questions", lang, questions=figures["questions"], deflection=_pct(figures["deflection_rate"], none)),
        t("digest.tickets", lang, opened=figures["tickets_opened"], resolved=figures["tickets_resolved"]),
        t("digest.service", lang, sla=_pct(figures["sla_met_pct"], none), csat=_pct(figures["csat"], none)),
        "",
    ]
    if digest.gaps:
        lines.append(t("digest.gaps_title", lang))
        lines += [t("digest.gap_line", lang, count=gap.count, text=_short(gap.representative)) for gap in digest.gaps]
    else:
        lines.append(t("digest.no_gaps", lang))
    text = "\n".join(lines)
    return {"text": shorten(text, MAX_COMMENT)}


def _pct(value: float | None, none: str) -> str:
    return none if value is None else f"{value:.0f}%"


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return escape(shorten(flat, MAX_GAP_TEXT))
