"""The conversation about a ticket without Slack: relayed messages, their copies referred to by row, internal
notes kept internal, threads that are no ticket's left alone."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.desk import Desk, Work
from bot.models import OutboxMessage
from bot.outbox.store import Kind, mark_sent
from bot.tickets import conversation, workflow
from bot.tickets.conversation import MessageChange, Relayed, ThreadMessage
from bot.tickets.models import Ticket, TicketEvent
from bot.tickets.workflow import TicketRequest
from tests.conftest import Clock
from tests.support.tickets import TICKETS, TRIAGE

pytestmark = pytest.mark.settings(**TICKETS)

CARD_TS = "1700000300.000100"
QUESTION_TS = "1700000200.000100"


def _rows(work: Work, kind: Kind) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)
    return list(work.session.scalars(query))


@pytest.fixture
def ticket(desk: Desk) -> Ticket:
    """A ticket for a question in the help channel, its card posted in the triage channel at `CARD_TS`."""
    request = TicketRequest.for_message(
        channel="CHELP", thread_ts=QUESTION_TS, requester="UASKER", text="de printer piept", lang="nl"
    )
    with desk.work() as work:
        opened = workflow.open_ticket(work, request, in_reply=True)
        [card] = _rows(work, Kind.TICKET_CARD)
        mark_sent(work.session, card.id, ts=CARD_TS, now=work.now)
    return opened.ticket


def test_agent_reply_is_relayed_to_the_requester_and_its_copy_recorded_by_row(desk: Desk, ticket: Ticket) -> None:
    said = ThreadMessage(TRIAGE, "1700000500.000100", CARD_TS, "UAGENT1", "Welke verdieping?")

    with desk.work() as work:
        relayed = conversation.relay(work, said)
        [copy] = _rows(work, Kind.RELAY)
        [event] = work.session.scalars(select(TicketEvent).where(TicketEvent.kind == "agent")).all()

    assert relayed == Relayed.DONE
    assert (copy.channel, copy.thread_ts, copy.ticket_id) == ("CHELP", QUESTION_TS, ticket.id)
    assert event.mirror_id == copy.id and event.source_ts == said.ts


def test_internal_note_is_kept_in_the_history_and_queues_nothing(desk: Desk, ticket: Ticket) -> None:
    note = ThreadMessage(TRIAGE, "1700000500.000100", CARD_TS, "UAGENT1", "  !intern derde keer deze week")

    with desk.work() as work:
        conversation.relay(work, note)
        relays = _rows(work, Kind.RELAY)
        kinds = [event.kind for event in work.session.scalars(select(TicketEvent).order_by(TicketEvent.id))]

    assert relays == [] and kinds == ["opened", "internal"]


def test_message_in_a_thread_that_is_no_tickets_is_left_to_others(desk: Desk, ticket: Ticket) -> None:
    elsewhere = ThreadMessage("CHELP", "1700000900.000100", "1700000800.000100", "UASKER", "nog een vraag")

    with desk.work() as work:
        relayed = conversation.relay(work, elsewhere)

    assert relayed == Relayed.NOT_A_TICKET and work.queued == []


def test_edit_of_a_relayed_message_edits_its_copy(desk: Desk, ticket: Ticket) -> None:
    with desk.work() as work:
        conversation.relay(work, ThreadMessage("CHELP", "1700000600.000100", QUESTION_TS, "UASKER", "Op de derde"))
    edit = MessageChange("1700000600.000100", "Op de vierde", deleted=False, version="1700000650.000000")

    with desk.work() as work:
        mirrored = conversation.mirror_change(work, edit)
        again = conversation.mirror_change(work, edit)  # Slack's retry
        [copy], [change] = _rows(work, Kind.RELAY), _rows(work, Kind.RELAY_EDIT)

    assert (mirrored, again) == (True, True)
    assert (change.edit_of_id, change.channel) == (copy.id, TRIAGE)
    assert "Op de vierde" in change.message["text"] and "(bewerkt)" in change.message["text"]


def test_first_agent_reply_records_the_business_time_to_the_first_response(
    desk: Desk, ticket: Ticket, clock: Clock
) -> None:
    clock.advance(minutes=20)
    said = ThreadMessage(TRIAGE, "1700000500.000100", CARD_TS, "UAGENT1", "Welke verdieping?")

    with desk.work() as work:
        conversation.relay(work, said)
        answered = work.session.get_one(Ticket, ticket.id)

    assert answered.first_response_seconds == 20 * 60
