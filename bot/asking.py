"""A colleague asks, free of Slack: the answer from the knowledge base, a ticket when nobody else can help, and
what they tell us about an answer ("Dit hielp", "Dit hielp niet", a suggestion, "Geen van deze").

Each function takes the unit of work (`bot.desk.Work`) and returns what happened for the caller to show.
Flushes; never commits.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot import metrics
from bot.announcements.queries import active_changes_matching
from bot.desk import Work
from bot.messages import Lang
from bot.models import Question
from bot.outbox import keys
from bot.outbox.store import Kind, Message, Post
from bot.questions import (
    Asked,
    Reply,
    answer_question,
    claim_delivery,
    decline_suggestions,
    pick_suggestion,
    question_of,
    record_feedback,
)
from bot.tickets.workflow import Opened, TicketRequest, open_ticket
from kb.article import Article


@dataclass(frozen=True)
class Answered:
    """The reply to a question (`message`, rendered), and the ticket opened when the KB had no answer."""

    reply: Reply
    message: Message
    ticket: Opened | None


@dataclass(frozen=True)
class Verdict:
    """Feedback on an answer, stored; `ticket` when the asker said it did not help and a ticket was opened."""

    question_id: int
    lang: Lang
    helpful: bool
    by_asker: bool
    article: Article | None
    ticket: Opened | None


@dataclass(frozen=True)
class NoneChosen:
    """None of the suggestions fit; `ticket` when the asker said so and a ticket was opened."""

    lang: Lang
    by_asker: bool
    ticket: Opened | None


@dataclass(frozen=True)
class Picked:
    """The article a colleague chose from the suggestions."""

    reply: Reply
    by_asker: bool


def answer(work: Work, asked: Asked) -> Answered:
    """Answer from the knowledge base; when it has no answer, or the colleague asks for a person, open a ticket
    (only where someone will pick it up: promising help nobody sees would break trust; without a triage channel
    the reply says how to reach the service desk). Changes going on now that the question points to are named.

    Raises:
        EmptyQuestion: there is nothing to match on.
    """
    reply = answer_question(
        work.session, work.snapshot(), asked, now=work.now, default_lang=work.settings.default_language
    )
    metrics.record_question(reply.band)
    changes = active_changes_matching(work.session, asked.text, work.now)
    opened = None
    if (reply.band == "none" or reply.wants_person) and work.settings.triage_channel:
        question = question_of(work.session, reply.question_id)
        opened = open_ticket(work, TicketRequest.for_question(question, reply.lang), in_reply=True, changes=changes)
    note = str(opened.notice["text"]) if opened else None
    message = work.render.reply(reply, ticket_note=note, changes=changes, now=work.now, asked_in=asked.channel)
    return Answered(reply, message, opened)


def answer_once(work: Work, asked: Asked) -> Answered | None:
    """Answer a Slack message once, however often it arrives (retries, the message + mention pair), with the
    reply queued in its thread; None when it was handled already."""
    if not first_delivery(work, asked):
        return None
    assert asked.channel is not None and asked.message_ts is not None  # checked by first_delivery
    answered = answer(work, asked)
    key = keys.reply(keys.message(asked.channel, asked.message_ts))
    work.post(Post(key, Kind.REPLY, asked.channel, answered.message, thread_ts=asked.thread_ts))
    return answered


def first_delivery(work: Work, asked: Asked) -> bool:
    """True the first time a Slack message is handled (a thank-you is answered once, however often it arrives).

    Raises:
        ValueError: `asked` is not a Slack message (no channel or ts).
    """
    if asked.channel is None or asked.message_ts is None:
        raise ValueError("only a Slack message can be delivered more than once")
    return claim_delivery(work.session, keys.message(asked.channel, asked.message_ts), work.now)


def give_feedback(work: Work, *, question_id: int, article_id: str, user: str, helpful: bool) -> Verdict:
    """Store "Dit hielp" / "Dit hielp niet"; when the asker says it did not help, open a ticket for the question.

    Raises:
        UnknownAnswer: the question does not exist.
    """
    lang = record_feedback(
        work.session, question_id=question_id, article_id=article_id, user=user, helpful=helpful, now=work.now
    )
    article = work.snapshot().articles.get(article_id)
    question = question_of(work.session, question_id)
    by_asker = question.asker == user
    opened = _ticket_for(work, question, lang, article_id) if by_asker and not helpful else None
    return Verdict(question_id, lang, helpful, by_asker, article, opened)


def none_of_these(work: Work, *, question_id: int, user: str) -> NoneChosen:
    """None of the suggestions fit: recorded for the asker's question (a bystander's click says nothing about
    it), and for the asker a ticket where someone will pick it up.

    Raises:
        UnknownAnswer: the question does not exist.
    """
    question = decline_suggestions(work.session, question_id=question_id, user=user, now=work.now)
    lang: Lang = "en" if question.lang == "en" else "nl"
    by_asker = question.asker == user
    return NoneChosen(lang, by_asker, _ticket_for(work, question, lang) if by_asker else None)


def pick(work: Work, *, question_id: int, article_id: str, user: str) -> Picked:
    """The suggestion a colleague clicked; the asker's pick teaches the KB their words.

    Raises:
        UnknownAnswer: the question or the article no longer exists.
    """
    reply = pick_suggestion(
        work.session, work.snapshot(), question_id=question_id, article_id=article_id, user=user, now=work.now
    )
    return Picked(reply, question_of(work.session, question_id).asker == user)


def _ticket_for(work: Work, question: Question, lang: Lang, article_id: str | None = None) -> Opened | None:
    """A ticket for the question; `article_id` is the answer that did not help (its priority hint counts)."""
    if not work.settings.triage_channel:
        return None
    request = replace(TicketRequest.for_question(question, lang), article_id=article_id)
    return open_ticket(work, request, in_reply=True)
