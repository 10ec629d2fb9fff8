"""Forgetting a colleague (GDPR art. 17): their words go, the anonymous counts stay."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from bench.seed import seed_quarter
from bot.db import make_sessions, transaction
from bot.desk import Desk
from bot.embedding_cache import DatabaseVectorStore
from bot.models import EmbeddingVector, Feedback, LearnedPhrasing, OutboxMessage, Question
from bot.outbox.store import Kind, mark_sent
from bot.privacy import PSEUDONYM_PREFIX, forget_colleague, new_pseudonym
from bot.reports.period import Period
from bot.reports.report import build_report
from bot.tickets import conversation, workflow
from bot.tickets.conversation import ThreadMessage
from bot.tickets.models import Ticket, TicketEvent
from bot.tickets.service import SlaPolicy
from bot.tickets.workflow import TicketRequest
from kb.embedding import text_key
from kb.match_semantic import embedding_text
from tests.reports.conftest import SMALL_QUARTER, fresh_database

PERIOD = Period(SMALL_QUARTER.first, date(2026, 2, 1), "Europe/Amsterdam")


@pytest.fixture(scope="module")
def quarter(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with fresh_database(database_url, tmp_path_factory.mktemp("privacy")) as engine:
        seed_quarter(make_sessions(engine), SMALL_QUARTER)
        yield engine


def _busiest_requester(engine: Engine) -> str:
    with transaction(make_sessions(engine)) as session:
        query = select(Ticket.requester).group_by(Ticket.requester).order_by(func.count().desc(), Ticket.requester)
        return str(session.scalars(query).first())


def _report(engine: Engine) -> dict[str, Any]:
    with transaction(make_sessions(engine)) as session:
        report = build_report(session, PERIOD, sla=SlaPolicy.default(), now=SMALL_QUARTER.now, matcher=None)
    return report.to_json(with_texts=False)


def test_forget_erases_the_colleague_and_keeps_every_figure_of_the_report(quarter: Engine) -> None:
    colleague = _busiest_requester(quarter)
    before = _report(quarter)

    with transaction(make_sessions(quarter)) as session:
        found = forget_colleague(session, colleague, pseudonym="forgotten-test")

    assert found.questions > 0 and found.tickets > 0
    after = _report(quarter)
    assert {**after, "gaps": None} == {**before, "gaps": None}  # gaps are built from words: theirs are gone
    with transaction(make_sessions(quarter)) as session:
        assert session.scalar(select(func.count()).where(Question.asker == colleague)) == 0
        theirs = session.execute(select(Question.text, Question.channel).where(Question.asker == "forgotten-test"))
        assert set(theirs) == {("", None)}
        assert session.scalar(select(func.count()).where(Feedback.user_id == colleague)) == 0
        assert session.scalar(select(func.count()).where(Ticket.requester == colleague)) == 0
        assert session.scalar(select(func.count()).where(LearnedPhrasing.created_by == colleague)) == 0
        forgotten = list(session.scalars(select(Ticket).where(Ticket.requester.startswith(PSEUDONYM_PREFIX))))
        assert forgotten and all(t.description == "" and t.resolution is None and t.channel is None for t in forgotten)
        words = select(TicketEvent.text).where(
            TicketEvent.ticket_id.in_([t.id for t in forgotten]),
            TicketEvent.kind.in_(("opened", "requester", "resolved")),
        )
        assert set(session.scalars(words)) == {""}


def test_forget_leaves_other_colleagues_alone_and_keeps_people_distinct(quarter: Engine) -> None:
    sessions = make_sessions(quarter)
    with transaction(sessions) as session:
        named = ~Question.asker.startswith(PSEUDONYM_PREFIX)
        first, second = session.scalars(select(Question.asker).where(named).group_by(Question.asker).limit(2))
        kept = list(session.scalars(select(Question.text).where(Question.asker == second)))
        people = session.scalar(select(func.count(func.distinct(Question.asker))))

        forget_colleague(session, first, pseudonym=new_pseudonym())

        assert list(session.scalars(select(Question.text).where(Question.asker == second))) == kept
        assert session.scalar(select(func.count(func.distinct(Question.asker)))) == people


def test_forget_twice_finds_nothing_the_second_time(quarter: Engine) -> None:
    colleague = _busiest_requester(quarter)
    with transaction(make_sessions(quarter)) as session:
        forget_colleague(session, colleague, pseudonym=new_pseudonym())
        again = forget_colleague(session, colleague, pseudonym=new_pseudonym())

    assert (again.questions, again.feedback, again.tickets, again.events, again.learned) == (0, 0, 0, 0, 0)


def test_forget_removes_the_sentence_vectors_of_their_questions_and_keeps_others(quarter: Engine) -> None:
    colleague = _busiest_requester(quarter)
    with transaction(make_sessions(quarter)) as session:
        theirs = session.scalars(select(Question.text).where(Question.asker == colleague, Question.text != "")).first()
        assert theirs is not None
        keys = {"theirs": text_key(embedding_text(theirs)), "other": text_key("een tekst van niemand in het bijzonder")}
        DatabaseVectorStore(session).save("model-x", {key: b"\x00" * 8 for key in keys.values()})

    with transaction(make_sessions(quarter)) as session:
        forget_colleague(session, colleague, pseudonym=new_pseudonym())
        kept = set(session.scalars(select(EmbeddingVector.text_hash).where(EmbeddingVector.model == "model-x")))

    assert kept == {keys["other"]}


@pytest.mark.settings(TRIAGE_CHANNEL="CTRIAGE")
def test_forget_empties_every_delivered_post_about_their_tickets_and_leaves_others(desk: Desk) -> None:
    theirs, others = (
        TicketRequest.for_message(channel="CHELP", thread_ts=ts, requester=user, text="de printer piept", lang="nl")
        for ts, user in (("1700000200.000100", "UASKER"), ("1700000300.000100", "UOTHER"))
    )
    with desk.work() as work:
        mine, not_mine = workflow.open_ticket(work, theirs).ticket, workflow.open_ticket(work, others).ticket
        card = work.session.scalars(select(OutboxMessage).where(OutboxMessage.ticket_id == mine.id)).first()
        assert card is not None
        mark_sent(work.session, card.id, ts="1700000400.000100", now=work.now)
        said = ThreadMessage("CTRIAGE", "1700000500.000100", "1700000400.000100", "UAGENT1", "Welke verdieping?")
        conversation.relay(work, said)  # a copy of the agent's words in the colleague's thread
        for row in work.session.scalars(select(OutboxMessage)):
            mark_sent(work.session, row.id, ts=f"1700000600.{row.id:06d}", now=work.now)

    with desk.work() as work:
        found = forget_colleague(work.session, "UASKER", pseudonym=new_pseudonym())
        rows = work.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()

    about_them = [row for row in rows if row.ticket_id == mine.id]
    kept = [row.message for row in rows if row.ticket_id == not_mine.id]
    assert {Kind.TICKET_CARD, Kind.TICKET_OPENED, Kind.RELAY} <= {row.kind for row in about_them}
    assert all(row.message == {"text": ""} for row in about_them) and found.posts == len(about_them)
    assert kept and all(message != {"text": ""} for message in kept)


@pytest.mark.settings(TRIAGE_CHANNEL="CTRIAGE")
def test_forget_erases_the_links_to_their_files_and_keeps_the_category_and_handover(desk: Desk) -> None:
    from bot.tickets.attachments import Attachment

    screenshot = Attachment("scherm.png", "https://servicedesk-test.slack.com/files/UASKER/F1/scherm.png")
    request = TicketRequest.for_intake(
        user="UASKER",
        view_id="V1",
        text="scherm zwart",
        lang="nl",
        category="werkplek",
        works=None,
        files=(screenshot,),
    )
    with desk.work() as work:
        ticket = workflow.open_ticket(work, request).ticket
        workflow.set_category(work, ticket.id, agent="UAGENT1", category="printen")
        workflow.reassign(work, ticket.id, agent="UAGENT1", to="UAGENT2")

    with desk.work() as work:
        forget_colleague(work.session, "UASKER", pseudonym=new_pseudonym())
        history = {(e.kind, e.text) for e in work.session.scalars(select(TicketEvent))}

    assert ("file", "") in history and not any("scherm.png" in text for _, text in history)
    assert {("category", "printen"), ("reassigned", "UAGENT2")} <= history
