"""The ticket workflow without Slack: called with a unit of work, it returns what happened and queues typed
outbox rows (kind, thread parent, edited row, ticket) that the worker delivers."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from bot.desk import Desk, Work
from bot.models import OutboxMessage
from bot.outbox.store import Kind, mark_sent
from bot.tickets import workflow
from bot.tickets.models import Ticket, TicketEvent
from bot.tickets.service import AlreadyClaimed, UnknownTeam
from bot.tickets.workflow import TicketRequest
from tests.conftest import Clock
from tests.support.tickets import TEAM_CHANNEL, TICKETS, TRIAGE

pytestmark = pytest.mark.settings(**TICKETS)

IN_HELP_CHANNEL = TicketRequest.for_message(
    channel="CHELP", thread_ts="1700000200.000100", requester="UASKER", text="de printer piept", lang="nl"
)
BY_COMMAND = TicketRequest.for_command(user="UASKER", trigger_id="t1", text="de printer piept", lang="nl")


def _rows(work: Work, kind: Kind) -> list[OutboxMessage]:
    return list(
        work.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id))
    )


def _opened(desk: Desk, request: TicketRequest = IN_HELP_CHANNEL) -> Ticket:
    with desk.work() as work:
        return workflow.open_ticket(work, request).ticket


def _card_sent(desk: Desk, ticket: Ticket) -> None:
    with desk.work() as work:
        [card] = _rows(work, Kind.TICKET_CARD)
        mark_sent(work.session, card.id, ts="1700000300.000100", now=work.now)


def test_opening_returns_the_ticket_and_queues_a_persistent_card_and_the_notice(desk: Desk) -> None:
    with desk.work() as work:
        opened = workflow.open_ticket(work, IN_HELP_CHANNEL)
        [card], [notice] = _rows(work, Kind.TICKET_CARD), _rows(work, Kind.TICKET_OPENED)

    assert (opened.created, opened.ticket.reference) == (True, "SD-1001")
    assert "SD-1001" in opened.notice["text"]
    assert (card.channel, card.persistent, card.ticket_id) == (TRIAGE, True, opened.ticket.id)
    assert (notice.channel, notice.thread_ts, notice.ticket_id) == ("CHELP", "1700000200.000100", opened.ticket.id)
    assert work.queued == [card.id, notice.id]


def test_opening_again_for_the_same_conversation_tells_a_second_asker_which_ticket_runs(desk: Desk) -> None:
    _opened(desk)
    again = TicketRequest.for_message(
        channel="CHELP", thread_ts="1700000200.000100", requester="UASKER", text="x", lang="nl", by="UAGENT2"
    )

    with desk.work() as work:
        opened = workflow.open_ticket(work, again)
        notices = _rows(work, Kind.TICKET_NOTICE)

    assert opened.created is False
    assert [notice.thread_ts for notice in notices] == ["1700000200.000100"]
    assert "loopt al een ticket" in notices[0].message["text"]


def test_opening_in_a_reply_leaves_the_notice_to_the_reply_but_starts_a_dm_thread_without_one(desk: Desk) -> None:
    with desk.work() as work:
        in_thread = workflow.open_ticket(work, IN_HELP_CHANNEL, in_reply=True)
        by_command = workflow.open_ticket(work, BY_COMMAND, in_reply=True)
        [dm] = _rows(work, Kind.TICKET_OPENED)

    assert "SD-1001" in in_thread.notice["text"] and "SD-1002" in by_command.notice["text"]
    assert (dm.channel, dm.thread_ts, dm.ticket_id) == ("UASKER", None, by_command.ticket.id)


def test_notice_for_a_command_ticket_goes_in_the_thread_our_first_notice_started(desk: Desk) -> None:
    ticket = _opened(desk, BY_COMMAND)

    with desk.work() as work:
        workflow.claim(work, ticket.id, agent="UAGENT1")
        [opened], [claimed] = _rows(work, Kind.TICKET_OPENED), _rows(work, Kind.TICKET_NOTICE)

    assert (claimed.channel, claimed.parent_id) == ("UASKER", opened.id)
    assert "<@UAGENT1>" in claimed.message["text"]


def test_change_to_a_posted_card_is_an_edit_of_that_row_and_replaces_an_edit_not_yet_sent(desk: Desk) -> None:
    ticket = _opened(desk)
    _card_sent(desk, ticket)

    with desk.work() as work:
        workflow.claim(work, ticket.id, agent="UAGENT1")
    with desk.work() as work:
        workflow.set_priority(work, ticket.id, agent="UAGENT1", priority="P1")
        [card] = _rows(work, Kind.TICKET_CARD)
        older, newer = _rows(work, Kind.CARD_EDIT)

    assert older.edit_of_id == newer.edit_of_id == card.id
    assert (older.status, newer.status) == ("skipped", "pending")
    assert "P1 (spoed)" in str(newer.message["blocks"])


def test_change_to_a_card_not_yet_posted_changes_the_card_itself(desk: Desk) -> None:
    ticket = _opened(desk)

    with desk.work() as work:
        workflow.claim(work, ticket.id, agent="UAGENT1")
        [card] = _rows(work, Kind.TICKET_CARD)
        edits = _rows(work, Kind.CARD_EDIT)

    assert edits == [] and "<@UAGENT1> werkt eraan" in str(card.message["blocks"])


def test_claim_by_a_second_agent_is_refused_with_who_has_it(desk: Desk) -> None:
    ticket = _opened(desk)
    with desk.work() as work:
        workflow.claim(work, ticket.id, agent="UAGENT1")

    with pytest.raises(AlreadyClaimed) as refused, desk.work() as work:
        workflow.claim(work, ticket.id, agent="UAGENT2")

    assert refused.value.text("nl") == "Dit ticket is al opgepakt door <@UAGENT1>."


def test_escalation_posts_the_team_card_with_the_note_in_its_thread(desk: Desk) -> None:
    ticket = _opened(desk)

    with desk.work() as work:
        escalated = workflow.escalate(work, ticket.id, agent="UAGENT1", team="netwerk", note="switch <!here>")
        [team_card], [note] = _rows(work, Kind.TEAM_CARD), _rows(work, Kind.AGENT_NOTE)

    assert escalated is not None and escalated.team == "netwerk"
    assert (team_card.channel, team_card.persistent, note.parent_id) == (TEAM_CHANNEL, True, team_card.id)
    assert note.message["text"] == "Toelichting van <@UAGENT1>: switch &lt;!here&gt;"


def test_escalation_to_a_team_that_is_not_configured_is_refused(desk: Desk) -> None:
    ticket = _opened(desk)

    with pytest.raises(UnknownTeam), desk.work() as work:
        workflow.escalate(work, ticket.id, agent="UAGENT1", team="facilitair", note="")


def test_resolving_twice_resolves_once(desk: Desk) -> None:
    ticket = _opened(desk)

    with desk.work() as work:
        first = workflow.resolve(work, ticket.id, agent="UAGENT1", resolution="Gereset.", article_id=None)
        second = workflow.resolve(work, ticket.id, agent="UAGENT1", resolution="Nog eens.", article_id=None)
        resolved = [row for row in _rows(work, Kind.TICKET_NOTICE) if "is opgelost" in row.message["text"]]

    assert first is not None and second is None
    assert len(resolved) == 1


class TickingClock(Clock):
    """A clock that moves a second every time it is read."""

    def __call__(self) -> datetime:
        self.advance(seconds=1)
        return self.now


@pytest.fixture
def clock() -> Clock:
    return TickingClock()


def test_a_unit_of_work_happens_at_one_moment(desk: Desk) -> None:
    with desk.work() as work:
        opened = workflow.open_ticket(work, IN_HELP_CHANNEL)
        moments = {
            opened.ticket.created_at,
            *(row.created_at for row in work.session.scalars(select(OutboxMessage))),
            *(event.at for event in work.session.scalars(select(TicketEvent))),
        }

    assert moments == {work.now}


def test_claim_and_resolve_record_the_business_time_they_took(desk: Desk, clock: Clock) -> None:
    ticket = _opened(desk)  # Monday 09:30 UTC: 10:30 in Amsterdam
    clock.now = datetime(2026, 11, 23, 10, 15)
    with desk.work() as work:
        claimed = workflow.claim(work, ticket.id, agent="UAGENT1")
        first_response = claimed.first_response_seconds
    clock.now = datetime(2026, 11, 24, 8, 30)  # Tuesday 09:30: the night is not business time
    with desk.work() as work:
        resolved = workflow.resolve(work, ticket.id, agent="UAGENT1", resolution="herstart", article_id=None)

    assert resolved is not None
    assert (first_response, resolved.resolution_seconds) == (45 * 60, (7 + 1) * 3600)  # 10:30-17:30, 08:30-09:30
