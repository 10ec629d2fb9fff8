"""Forgetting a colleague (GDPR art. 17): their words and Slack references go, the anonymous counts stay.

Rows are kept with the colleague's id replaced by a random pseudonym and every text they wrote (or that was
written about their problem) erased, so reports count the same questions, tickets, SLA times and ratings,
and distinct people still count as distinct, without anything that leads back to the colleague. What Slack
itself keeps (their messages in Slack) is the workspace's retention, not the bot's. Flushes; never commits.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from bot.announcements.models import Announcement
from bot.models import EmbeddingVector, Feedback, LearnedPhrasing, OutboxMessage, Question
from bot.tickets.models import Ticket, TicketEvent
from kb.embedding import text_key
from kb.match_semantic import embedding_text

PSEUDONYM_PREFIX = "forgotten-"
STRUCTURAL_EVENTS = ("claimed", "released", "priority", "rated", "reopened", "category", "reassigned", "late")
"""History entries whose text is a status, not anyone's words: kept as they are."""


@dataclass(frozen=True)
class Forgotten:
    """How many rows held the colleague: questions, feedback clicks, tickets (asked or worked), history
    entries, learned phrasings (deleted: they are the colleague's words) and stored Slack posts."""

    questions: int
    feedback: int
    tickets: int
    events: int
    learned: int
    posts: int


VECTOR_CHUNK = 300
"""Keys per delete: under the bound-parameter limit of older SQLite builds."""


def new_pseudonym() -> str:
    """A random stand-in for a forgotten colleague: unlinkable to their id (a hash of it would not be)."""
    return PSEUDONYM_PREFIX + secrets.token_hex(8)


def forget_colleague(session: Session, user: str, *, pseudonym: str) -> Forgotten:
    """Erase what the desk holds of `user` (a Slack user id), keeping anonymous counts. Idempotent."""
    _forget_vectors(session, user)
    questions = _changed(
        session,
        update(Question)
        .where(Question.asker == user)
        .values(asker=pseudonym, text="", channel=None, message_ts=None, thread_ts=None),
    )
    feedback = _changed(session, update(Feedback).where(Feedback.user_id == user).values(user_id=pseudonym))
    asked = list(session.scalars(select(Ticket.id).where(Ticket.requester == user)))
    events = _forget_history(session, user, pseudonym, asked)
    posts = _forget_posts(session, user, asked)
    for ticket_id in asked:
        session.execute(
            update(Ticket)
            .where(Ticket.id == ticket_id)
            .values(
                requester=pseudonym,
                description="",
                resolution=None,
                channel=None,
                thread_ts=None,
                conversation_key=f"{PSEUDONYM_PREFIX}{ticket_id}",
            )
        )
    worked = _changed(session, update(Ticket).where(Ticket.assignee == user).values(assignee=pseudonym))
    learned = _changed(session, delete(LearnedPhrasing).where(LearnedPhrasing.created_by == user))
    session.execute(update(Announcement).where(Announcement.created_by == user).values(created_by=None))
    session.flush()
    return Forgotten(questions, feedback, len(asked) + worked, events, learned, posts)


def _forget_vectors(session: Session, user: str) -> None:
    """The sentence vectors of the colleague's questions (kept for gap clustering) are derived from their words:
    they go too. A vector another text shares is simply encoded again when needed."""
    texts = set(session.scalars(select(Question.text).where(Question.asker == user, Question.text != "")))
    keys = sorted({text_key(text) for text in texts} | {text_key(embedding_text(text)) for text in texts})
    for low in range(0, len(keys), VECTOR_CHUNK):
        session.execute(delete(EmbeddingVector).where(EmbeddingVector.text_hash.in_(keys[low : low + VECTOR_CHUNK])))


def _forget_history(session: Session, user: str, pseudonym: str, tickets: list[int]) -> int:
    """Erase the words in the history of the colleague's tickets and everything they wrote elsewhere."""
    theirs = or_(TicketEvent.ticket_id.in_(tickets), TicketEvent.actor == user)
    words = update(TicketEvent).where(theirs, TicketEvent.kind.not_in(STRUCTURAL_EVENTS))
    erased = _changed(session, words.values(text="", source_ts=None))
    session.execute(update(TicketEvent).where(TicketEvent.actor == user).values(actor=pseudonym))
    return erased


def _forget_posts(session: Session, user: str, tickets: list[int]) -> int:
    """Empty the stored copies of posts about their tickets (cards, notices, relayed messages) and in their
    direct messages, once delivered (a pending post still has to go out; it is emptied by a later `forget`)."""
    about_them = or_(OutboxMessage.channel == user, OutboxMessage.ticket_id.in_(tickets))
    delivered = update(OutboxMessage).where(about_them, OutboxMessage.status != "pending")
    return _changed(session, delivered.values(message={"text": ""}))


def _changed(session: Session, statement: Any) -> int:
    """Run an UPDATE or DELETE; how many rows it touched."""
    return int(session.execute(statement).rowcount)  # type: ignore[attr-defined]
