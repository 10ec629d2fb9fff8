"""The weekly digest: on `DIGEST_SCHEDULE` the triage channel gets last week's figures, the three gaps most
worth an article (question texts: the triage channel is for agents only) and one chart.

Planned as one outbox row keyed by the week, with the chart stored beside it (`bot.outbox.files`), so any
number of processes ticking at once produce one post and one file. The schedule decides by the clock: a digest
missed by more than `GRACE` (the bot was down) is skipped rather than posted late.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from bot.announcements.spec import cron_trigger
from bot.desk import Desk, Work
from bot.embedding_cache import DatabaseVectorStore
from bot.local_time import LocalTime
from bot.messages import Lang
from bot.outbox import files, keys
from bot.outbox.poster import Poster, Upload
from bot.outbox.store import Kind, Post, enqueue_once, find
from bot.outbox.worker import deliver_outbox
from bot.reports.gaps import Gap, worth_an_article
from bot.reports.period import Period
from bot.reports.report import build_report
from bot.reports.texts import rt

log = logging.getLogger(__name__)

GRACE = timedelta(hours=12)
DIGEST_TICK_SECONDS = 60.0
FIGURES = ("questions", "deflection_rate", "tickets_opened", "tickets_resolved", "sla_met_pct", "csat")


@dataclass(frozen=True)
class Digest:
    """What one weekly digest says: `figures` (the report's JSON values named in `FIGURES`) of `period`, and the
    gaps most worth an article."""

    week: str
    period: Period
    figures: dict[str, Any]
    gaps: tuple[Gap, ...]


def due_moment(rule: str, now: datetime, local: LocalTime) -> datetime | None:
    """The latest moment `rule` fired within `GRACE` before `now` (naive UTC), or None."""
    trigger = cron_trigger(rule, local.zone)
    fire = trigger.get_next_fire_time(None, local.of(now - GRACE))
    latest = None
    while fire is not None and local.to_utc(fire) <= now:
        latest = local.to_utc(fire)
        fire = trigger.get_next_fire_time(fire, (fire + timedelta(minutes=1)).astimezone(local.zone))
    return latest


def week_of(moment: datetime, local: LocalTime) -> str:
    """The ISO week of `moment` in local time, e.g. "2026-W49"."""
    year, week, _ = local.of(moment).isocalendar()
    return f"{year}-W{week:02d}"


def plan_digest(work: Work) -> bool:
    """Store this week's digest and its chart as one outbox row if it is due and not stored yet; True if this
    call stored it (its row id is then in `work.queued`). Flushes; never commits."""
    settings = work.settings
    if not settings.digest_schedule or not settings.triage_channel:
        return False
    moment = due_moment(settings.digest_schedule, work.now, work.local_time)
    if moment is None:
        return False
    week = week_of(moment, work.local_time)
    key = keys.digest(week)
    if find(work.session, key) is not None:
        return False
    digest = build_digest(work, week, moment)
    chart = _chart(digest, settings.default_language)
    post = Post(key, Kind.DIGEST, settings.triage_channel, work.render.digest(digest))
    if not enqueue_once(work.session, post, now=work.now):
        return False  # another process stored it first
    row = find(work.session, key)
    assert row is not None
    files.attach(work.session, row.id, Upload(f"servicedesk-digest-{week}.png", chart[0], chart[1]))
    work.queued.append(row.id)
    return True


def build_digest(work: Work, week: str, moment: datetime) -> Digest:
    """The figures of the seven local days before `moment`'s day."""
    day = work.local_time.of(moment).date()
    period = Period(day - timedelta(days=7), day - timedelta(days=1), str(work.local_time.zone))
    snapshot = work.snapshot()
    report = build_report(
        work.session, period, sla=work.settings.sla, now=work.now, matcher=snapshot.matcher,
        gap_scorer=work.desk.knowledge.gap_scorer(snapshot, DatabaseVectorStore(work.session)),
    )  # fmt: skip
    figures = report.to_json(with_texts=False)
    chosen = {name: figures.get(name) for name in FIGURES} | {"daily": figures["daily"]}
    return Digest(week, period, chosen, tuple(worth_an_article(report.gaps)))


def _chart(digest: Digest, lang: Lang) -> tuple[str, bytes]:
    """The chart's title and PNG: questions and tickets per day of the week."""
    from bot.reports.charts import png, volume_figure  # matplotlib loads only when a digest is due

    daily = [(date.fromisoformat(d["date"]), d["questions"], d["tickets"]) for d in digest.figures["daily"]]
    return rt("volume.heading", lang, unit=rt("volume.day", lang)), png(volume_figure(daily, lang))


def send_digest(desk: Desk, poster: Poster) -> bool:
    """The digest tick: plan this week's digest if it is due, then deliver it; True if this process planned it.

    Safe in any number of processes at once (the outbox key makes one row, the row's lease one upload).
    """
    with desk.work() as work:
        planned = plan_digest(work)
    if planned:
        log.info("weekly digest planned for %s", desk.settings.triage_channel)
    deliver_outbox(desk, poster, only=work.queued)
    return planned
