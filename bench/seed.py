"""A realistic quarter of service-desk data, made through the real models and domain functions.

Usage: .venv/bin/python bench/seed.py --database sqlite:///quarter.sqlite3 [--questions 5000] [--days 91]

Questions are the hand-written Dutch and English questions of bench/data plus recurring questions the bundled
KB cannot answer (the gaps), asked mostly in office hours; the real matcher decides each band. Colleagues click
"Dit hielp (niet)", pick suggestions or "Geen van deze"; unanswered questions open tickets, which agents claim,
ask back, resolve (some late: SLA breaches), and colleagues rate (some 👎, which reopens). Three change windows
cause tickets. The same seed gives the same data.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy.orm import Session  # noqa: E402

from bot.announcements.service import save_announcement  # noqa: E402
from bot.announcements.spec import AnnouncementSpec  # noqa: E402
from bot.config import BUNDLED_ARTICLES  # noqa: E402
from bot.db import Sessions, make_engine, make_sessions, transaction, upgrade  # noqa: E402
from bot.knowledge import Snapshot  # noqa: E402
from bot.models import Question  # noqa: E402
from bot.questions import decline_suggestions, pick_suggestion, record_feedback  # noqa: E402
from bot.tickets import service  # noqa: E402
from bot.tickets.service import SlaPolicy  # noqa: E402
from kb.loader import load_directory  # noqa: E402
from kb.matcher import Match, Matcher  # noqa: E402

ZONE = ZoneInfo("Europe/Amsterdam")
GAP_THEMES = {
    "nl": [
        ["hoe boek ik een vergaderruimte", "vergaderruimte reserveren", "waar kan ik een zaal boeken voor morgen"],
        ["mijn declaratie indienen", "hoe dien ik een declaratie in", "reiskosten declareren"],
        ["parkeerplaats aanvragen", "waar mag ik parkeren bij kantoor", "parkeerkaart kwijt"],
        ["koffieautomaat is leeg", "koffieapparaat doet het niet"],
        ["hoeveel vakantiedagen heb ik nog", "verlof aanvragen", "vakantie opnemen hoe"],
    ],
    "en": [
        ["how do I book a meeting room", "meeting room reservation", "book a room for tomorrow"],
        ["how do I submit an expense claim", "expense report travel costs"],
        ["where can I park at the office", "request a parking permit"],
    ],
}
CHANGES = (  # (slug, title, category of the tickets it causes, start day in the quarter, hours)
    ("wifi-storing-kantoor", "Storing wifi kantoor", "netwerk", 16, 5),
    ("outlook-migratie", "Migratie mailboxen naar de nieuwe server", "email", 40, 30),
    ("vpn-onderhoud", "Onderhoud VPN", "netwerk", 70, 4),
)
AGENTS = ("UAGENT1", "UAGENT2", "UAGENT3", "UAGENT4")
HOUR_WEIGHTS = [0, 0, 0, 0, 0, 0, 1, 3, 9, 14, 12, 10, 7, 11, 10, 9, 7, 4, 2, 1, 1, 1, 0, 0]


@dataclass
class Seeded:
    questions: int = 0
    tickets: int = 0
    bands: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Quarter:
    first: date = date(2026, 1, 5)
    days: int = 91
    questions: int = 5000
    people: int = 900
    ticket_chance: float = 0.35
    """Chance that an unanswered question becomes a ticket (the rest give up); scales the ticket count."""
    seed: int = 12

    @property
    def now(self) -> datetime:
        """The moment the data is 'as of': the morning after the last day."""
        return _utc(datetime.combine(self.first + timedelta(days=self.days), datetime.min.time()) + timedelta(hours=9))


def _utc(local: datetime) -> datetime:
    return local.replace(tzinfo=ZONE).astimezone(UTC).replace(tzinfo=None)


def corpus() -> list[tuple[str, str, str | None]]:
    """(text, lang, expected article) of every question a colleague may ask: bench/data plus the gap themes,
    weighted so that most questions are in scope."""
    texts: list[tuple[str, str, str | None]] = []
    for lang in ("nl", "en"):
        for line in (ROOT / "bench" / "data" / f"kb-{lang}-queries.jsonl").read_text().splitlines():
            row = json.loads(line)
            texts += [(row["text"], lang, row.get("expected"))] * (3 if row.get("expected") else 1)
    for lang, themes in GAP_THEMES.items():
        texts += [(text, lang, None) for theme in themes for text in theme] * 3
    return texts


def seed_quarter(sessions: Sessions, quarter: Quarter, kb_dir: Path = BUNDLED_ARTICLES) -> Seeded:
    """Fill the (migrated, empty) database with one quarter; commits every few hundred questions."""
    rng = random.Random(quarter.seed)
    articles = load_directory(kb_dir).articles
    snapshot = Snapshot({a.id: a for a in articles}, Matcher(articles), ())
    matches: dict[str, Match] = {}
    texts = corpus()
    sla = SlaPolicy.default()
    with transaction(sessions) as session:
        changes = _changes(session, quarter)
    topics = {c: [t for t in texts if t[2] and snapshot.articles[t[2]].category == c] for _, _, c, *_ in CHANGES}
    spikes = [(at, category) for _, category, starts, ends in changes for at in _spike(rng, quarter, starts, ends)]
    ordinary = [(_moment(rng, quarter), None) for _ in range(quarter.questions - len(spikes))]
    moments = sorted(ordinary + spikes, key=lambda moment: moment[0])
    seeded = Seeded()
    for start in range(0, len(moments), 500):
        with transaction(sessions) as session:
            for at, topic in moments[start : start + 500]:
                text, lang, _ = rng.choice(topics[topic] if topic else texts)
                match = matches.get(text) or matches.setdefault(text, snapshot.matcher.match(text, limit=3))
                asker = f"U{rng.randrange(quarter.people):05d}"
                ticket = _ask(session, rng, snapshot, match, text, lang, asker, at, quarter, urgent=topic is not None)
                seeded.questions += 1
                seeded.bands[match.band] = seeded.bands.get(match.band, 0) + 1
                if ticket is not None:
                    change = _change_at(changes, at, snapshot, match)
                    _work_ticket(session, rng, ticket, sla, quarter.now, change)
                    seeded.tickets += 1
    return seeded


def _spike(rng: random.Random, quarter: Quarter, starts: datetime, ends: datetime) -> list[datetime]:
    """Extra questions on a change's subject while it runs (when it falls inside the period)."""
    if not _utc(datetime.combine(quarter.first, datetime.min.time())) <= starts < quarter.now - timedelta(days=1):
        return []
    count = max(8, quarter.questions // 300)
    return [starts + (ends - starts) * rng.random() for _ in range(count)]


def _moment(rng: random.Random, quarter: Quarter) -> datetime:
    while True:
        day = quarter.first + timedelta(days=rng.randrange(quarter.days))
        if day.weekday() < 5 or rng.random() < 0.04:
            break
    hour = rng.choices(range(24), HOUR_WEIGHTS)[0]
    local = datetime.combine(day, datetime.min.time()) + timedelta(hours=hour, seconds=rng.randrange(3600))
    return _utc(local)


def _changes(session: Session, quarter: Quarter) -> list[tuple[int, str, datetime, datetime]]:
    found = []
    for slug, title, category, day, hours in CHANGES:
        starts = _utc(datetime.combine(quarter.first + timedelta(days=day), datetime.min.time()) + timedelta(hours=9))
        ends = starts + timedelta(hours=hours)
        spec = AnnouncementSpec(
            title={"nl": title}, body={"nl": title}, channels=("CALGEMEEN",), starts=starts, ends=ends, impact="high"
        )
        saved = save_announcement(session, slug=slug, spec=spec, origin="file", now=starts - timedelta(days=7))
        found.append((saved.announcement.id, category, starts, ends))
    return found


def _change_at(
    changes: list[tuple[int, str, datetime, datetime]], at: datetime, snapshot: Snapshot, match: Match
) -> int | None:
    best = match.best
    category = snapshot.articles[best.article_id].category if best else None
    for announcement_id, change_category, starts, ends in changes:
        if starts - timedelta(hours=2) <= at <= ends and (category == change_category or not category):
            return announcement_id
    return None


def _ask(
    session: Session,
    rng: random.Random,
    snapshot: Snapshot,
    match: Match,
    text: str,
    lang: str,
    asker: str,
    at: datetime,
    quarter: Quarter,
    *,
    urgent: bool = False,
) -> service.Ticket | None:
    """Store the question and what the colleague did next; the ticket it led to, if any."""
    best = match.best
    question = Question(
        asker=asker,
        channel=f"D{asker}",
        message_ts=f"{at.timestamp():.6f}",
        thread_ts=f"{at.timestamp():.6f}",
        surface=rng.choice(("dm", "dm", "help_channel", "mention")),
        text=text,
        lang=lang,
        band=match.band,
        article_id=best.article_id if best and match.band == "answer" else None,
        confidence=best.confidence if best else 0.0,
        created_at=at,
    )
    session.add(question)
    session.flush()
    later = at + timedelta(seconds=rng.randrange(20, 300))
    wants_ticket = _react(session, rng, snapshot, match, question, later, quarter)
    wants_ticket = wants_ticket or (urgent and rng.random() < 0.5)  # during an outage the article cannot help
    if not wants_ticket:
        return None
    ticket, _ = service.open_ticket(
        session,
        conversation_key=f"question:{question.id}",
        requester=asker,
        channel=question.channel,
        thread_ts=question.thread_ts,
        text=text,
        lang=lang,
        now=later,
        sla=SlaPolicy.default(),
        category=snapshot.articles[best.article_id].category if best else None,
        question_id=question.id,
    )
    return ticket


def _react(
    session: Session,
    rng: random.Random,
    snapshot: Snapshot,
    match: Match,
    question: Question,
    later: datetime,
    quarter: Quarter,
) -> bool:
    """What the colleague does with the reply ("Dit hielp (niet)", a pick, "Geen van deze"); True if they
    want a person."""
    best, asker = match.best, question.asker
    wants_ticket = False
    if match.band == "answer" and best:
        verdict = rng.random()
        if verdict < 0.3 or verdict > 0.92:
            helpful = verdict < 0.3
            record_feedback(
                session, question_id=question.id, article_id=best.article_id, user=asker, helpful=helpful, now=later
            )
            wants_ticket = not helpful and rng.random() < 0.6
    elif match.band == "suggest" and best:
        choice = rng.random()
        if choice < 0.55:
            picked = rng.choice(match.candidates[:2]).article_id
            pick_suggestion(session, snapshot, question_id=question.id, article_id=picked, user=asker, now=later)
            if rng.random() < 0.3:
                record_feedback(
                    session,
                    question_id=question.id,
                    article_id=picked,
                    user=asker,
                    helpful=rng.random() < 0.8,
                    now=later,
                )
        elif choice < 0.8:
            decline_suggestions(session, question_id=question.id, user=asker, now=later)
            wants_ticket = rng.random() < 0.5
    else:
        wants_ticket = rng.random() < quarter.ticket_chance
    return wants_ticket


def _work_ticket(
    session: Session, rng: random.Random, ticket: service.Ticket, sla: SlaPolicy, now: datetime, change: int | None
) -> None:
    """Claim, maybe ask back, resolve, rate: each step only if it happened before `now`."""
    hours, ticket.announcement_id = sla.hours, change
    priority = rng.choices(("P1", "P2", "P3", "P4"), (3, 15, 65, 17))[0]
    agent = rng.choice(AGENTS)
    opened = ticket.created_at
    if priority != "P3":
        service.set_priority(session, ticket.id, agent=agent, priority=priority, now=opened, sla=sla)
    target = sla.targets[priority]
    claimed = hours.add(opened, target.first_response * rng.lognormvariate(-0.9, 0.8))
    if claimed >= now:
        return
    service.claim(session, ticket.id, agent=agent, now=claimed, hours=hours)
    moment = claimed
    if rng.random() < 0.3:
        moment = hours.add(moment, timedelta(minutes=rng.randrange(5, 60)))
        if moment >= now:
            return
        service.log_message(
            session, ticket, actor=agent, kind="agent", text="Kun je een schermafbeelding sturen?", now=moment
        )
        service.agent_replied(ticket, agent=agent, now=moment, hours=hours)
        moment = hours.add(moment, timedelta(minutes=rng.randrange(10, 600)))
        if moment >= now:
            return
        service.log_message(session, ticket, actor=ticket.requester, kind="requester", text="Hierbij.", now=moment)
        service.requester_replied(session, ticket, now=moment, hours=hours, reopen_days=5)
    _resolve_and_rate(session, rng, ticket, sla, now, max(moment, claimed), agent)


def _resolve_and_rate(
    session: Session,
    rng: random.Random,
    ticket: service.Ticket,
    sla: SlaPolicy,
    now: datetime,
    since: datetime,
    agent: str,
) -> None:
    hours, target = sla.hours, sla.targets[ticket.priority]
    for attempt in range(2):
        resolved = hours.add(since, target.resolution * rng.lognormvariate(-1.3, 0.9))
        if resolved >= now:
            return
        resolution = "Opgelost: " + rng.choice(
            ("instellingen hersteld", "account ontgrendeld", "nieuwe licentie", "kabel vervangen")
        )
        service.resolve(
            session, ticket.id, agent=agent, resolution=resolution, article_id=None, now=resolved, hours=hours
        )
        if rng.random() > 0.6:
            return
        rated_at = resolved + timedelta(minutes=rng.randrange(1, 240))
        if rated_at >= now:
            return
        good = rng.random() < (0.85 if attempt == 0 else 0.95)
        _, reopened = service.rate(session, ticket.id, user=ticket.requester, rating=5 if good else 1, now=rated_at)
        if not reopened:
            return
        since = rated_at


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True, help="SQLAlchemy URL of an empty database")
    parser.add_argument("--questions", type=int, default=5000)
    parser.add_argument("--days", type=int, default=91)
    parser.add_argument("--ticket-chance", type=float, default=0.35)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    engine = make_engine(args.database)
    upgrade(engine)
    began = time.perf_counter()
    quarter = Quarter(days=args.days, questions=args.questions, ticket_chance=args.ticket_chance, seed=args.seed)
    seeded = seed_quarter(make_sessions(engine), quarter)
    took = time.perf_counter() - began
    print(f"{seeded.questions} questions ({seeded.bands}), {seeded.tickets} tickets in {took:.0f} s")
    last = quarter.first + timedelta(days=quarter.days - 1)
    print(f"as of {quarter.now:%Y-%m-%d %H:%M} UTC: servicedesk report --from {quarter.first} --to {last}")


if __name__ == "__main__":
    main()
