"""Pure Block Kit builders for announcements: a due post (or active changes) in, a Slack message out."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from bot.announcements.models import Announcement
from bot.announcements.planning import DuePost
from bot.announcements.queries import ActiveChange
from bot.local_time import LocalTime
from bot.messages import t
from bot.outbox.store import Message
from handlers.blocks import Block, section
from handlers.fitting import SECTION_TEXT, fit_block, fit_message, shorten
from handlers.mrkdwn import escape

IMPACT_EMOJI = {"none": ":information_source:", "low": ":wrench:", "high": ":warning:", "outage": ":rotating_light:"}


def render_post(post: DuePost, now: datetime, local: LocalTime) -> Message:
    """The message for any announcement post."""
    announcement = post.announcement
    if post.kind in ("publish", "edit"):
        return announcement_message(announcement, now, local)
    if post.kind == "cron":
        return announcement_message(announcement, now, local, recurring=True)
    return _lines(announcement, lambda lang: _notice(post, lang, now, local))


def announcement_message(
    announcement: Announcement, now: datetime, local: LocalTime, *, recurring: bool = False
) -> Message:
    """The first post: per language the title, what changes, when and the impact; a banner once cancelled."""
    blocks: list[Block] = []
    for index, lang in enumerate(announcement.langs):
        if index:
            blocks.append({"type": "divider"})
        if announcement.status == "cancelled":
            blocks.append(section(t("announce.cancelled_banner", lang)))
        blocks.append(section(f"{IMPACT_EMOJI[announcement.impact]} *{_title(announcement, lang)}*"))
        blocks.append(section(shorten(escape(announcement.body[lang]), SECTION_TEXT)))  # plain: escaped here
        context = [] if recurring else [_when(announcement, lang, now, local)]
        context.append(t("announce.impact", lang, impact=t(f"announce.impact.{announcement.impact}", lang)))
        if announcement.version > 1 and announcement.status == "active" and not recurring:
            moment = f"{local.day(announcement.updated_at, lang, now)} {local.time(announcement.updated_at)}"
            context.append(t("announce.changed_banner", lang, moment=moment))
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": text} for text in context]})
    first = announcement.langs[0]
    return fit_message({"text": t("announce.fallback", first, title=_title(announcement, first)), "blocks": blocks})


def known_change_blocks(changes: Sequence[ActiveChange], lang: str, local: LocalTime) -> list[Block]:
    """A context line per change that is active right now ("Bekende wijziging: … tot 20:00"), for replies."""
    lines = []
    for change in changes:
        title = escape(change.title.get(lang) or next(iter(change.title.values())))
        if change.ends is not None:
            lines.append(
                t("announce.known_change", lang, title=title, channel=change.channel, time=local.time(change.ends))
            )
        else:
            lines.append(
                t(
                    "announce.known_change_open",
                    lang,
                    title=title,
                    channel=change.channel,
                    time=local.time(change.starts),
                )
            )
    return [fit_block({"type": "context", "elements": [{"type": "mrkdwn", "text": line}]}) for line in lines]


def _notice(post: DuePost, lang: str, now: datetime, local: LocalTime) -> str:
    announcement, title = post.announcement, _title(post.announcement, lang)
    if post.kind == "remind":
        return t("announce.reminder", lang, title=title, window=_window(announcement, lang, now, local))
    if post.kind == "started" and announcement.ends is not None:
        return t("announce.started_until", lang, title=title, time=local.time(announcement.ends))
    if post.kind in ("started", "ended", "cancelled"):
        return t(f"announce.{post.kind}", lang, title=title)
    if post.change is not None and post.change.schedule_changed:
        return t("announce.changed_time", lang, title=title, window=_window(announcement, lang, now, local))
    return t("announce.changed_text", lang, title=title)


def _lines(announcement: Announcement, line: Callable[[str], str]) -> Message:
    texts = [line(lang) for lang in announcement.langs]
    return fit_message({"text": "\n".join(texts), "blocks": [section(text) for text in texts]})


def _when(announcement: Announcement, lang: str, now: datetime, local: LocalTime) -> str:
    if announcement.starts is None and announcement.expected:
        return t("announce.expected", lang, expected=escape(announcement.expected[lang]))
    return t("announce.when", lang, window=_window(announcement, lang, now, local))


def _window(announcement: Announcement, lang: str, now: datetime, local: LocalTime) -> str:
    if announcement.starts is None:
        return escape((announcement.expected or {}).get(lang, "?"))
    return local.window(announcement.starts, announcement.ends, lang, now)


def _title(announcement: Announcement, lang: str) -> str:
    return escape(announcement.title[lang])
