"""Answering colleagues' questions from the knowledge base, and what they tell us about the answers.

Domain code: takes a `Session`, flushes, never commits; no Slack here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.db import insert_ignoring_conflict
from bot.errors import ServiceDeskError
from bot.knowledge import Snapshot
from bot.learning import learn
from bot.messages import Lang
from bot.models import Feedback, ProcessedEvent, Question
from kb.article import Article
from kb.match_lexicon import STOP_WORDS_EN, STOP_WORDS_NL
from kb.matcher import Band
from kb.normalize import detect_language, normalize

MAX_STORED_CHARS = 20_000
MAX_MATCHED_CHARS = 1_000
SLACK_EMOJI = re.compile(r":[a-z0-9_+'-]+:")
THANKS = frozenset({"bedankt", "dank", "dankjewel", "thanks", "thank", "thx", "merci", "top", "super"})
SMALL_TALK = (
    STOP_WORDS_EN | STOP_WORDS_NL | THANKS | {"oke", "okay", "ok", "prima", "fijn", "mooi", "goed", "yes", "ja"}
)


class EmptyQuestion(ServiceDeskError):
    message_key = "question.empty"


class UnknownAnswer(ServiceDeskError):
    message_key = "feedback.gone"


@dataclass(frozen=True)
class Asked:
    """A question as it reached us.

    Attributes:
        surface: Where it was asked: "dm", "mention", "help_channel", "command" or "shell".
        locale: Looks up the colleague's Slack locale; called only when the text's language is unclear.
    """

    asker: str
    text: str
    surface: str
    channel: str | None = None
    message_ts: str | None = None
    thread_ts: str | None = None
    locale: Callable[[], str | None] = lambda: None


@dataclass(frozen=True)
class Reply:
    """What to tell the colleague; `article` is set in band `answer`, `suggestions` in band `suggest`."""

    question_id: int
    lang: Lang
    band: Band
    confidence: float
    article: Article | None
    suggestions: tuple[Article, ...]
    truncated: bool
    wants_person: bool = False
    """The colleague asks for a person ("ik wil iemand spreken", "can I talk to a human"): they get one."""


def is_question(text: str) -> bool:
    """False for text with nothing to match on: empty, punctuation or emoji only, or only words like "hoi",
    "ok" and "bedankt" (a thank-you must not open a ticket)."""
    return any(word not in SMALL_TALK for word in normalize(matchable(text)).split())


def is_thanks(text: str) -> bool:
    """True for a thank-you ("bedankt!", "thanks", "top, dank je")."""
    return bool(THANKS & set(normalize(matchable(text)).split()))


def matchable(text: str) -> str:
    """The part of a message worth matching: Slack emoji codes out, and not more than the matcher needs."""
    return SLACK_EMOJI.sub(" ", text[: MAX_MATCHED_CHARS * 2])[:MAX_MATCHED_CHARS]


def choose_language(text: str, locale: Callable[[], str | None], default: Lang = "nl") -> Lang:
    """The question's language when it is clear, else the colleague's Slack locale, else `default`."""
    detected = detect_language(text[:MAX_MATCHED_CHARS])
    if detected is not None:
        return detected
    found = (locale() or "").lower()
    if found.startswith("en"):
        return "en"
    if found.startswith("nl"):
        return "nl"
    return default


def claim_delivery(session: Session, key: str, now: datetime) -> bool:
    """Record that the delivery `key` is being handled; False if any process already did.

    Race-safe across processes: the insert is skipped on conflict, so exactly one caller gets True.
    """
    return insert_ignoring_conflict(session, ProcessedEvent, {"key": key, "created_at": now})


def answer_question(
    session: Session, knowledge: Snapshot, asked: Asked, *, now: datetime, default_lang: Lang = "nl"
) -> Reply:
    """Match the question, store it (unanswered ones show the gaps in the KB) and say what to reply.

    Raises:
        EmptyQuestion: there is nothing to match on.
    """
    if not is_question(asked.text):
        raise EmptyQuestion()
    lang = choose_language(asked.text, asked.locale, default_lang)  # among twin articles, theirs comes first
    match = knowledge.matcher.match(matchable(asked.text), limit=3, lang=lang)
    best = match.best
    question = Question(
        asker=asked.asker,
        channel=asked.channel,
        message_ts=asked.message_ts,
        thread_ts=asked.thread_ts,
        surface=asked.surface,
        text=asked.text[:MAX_STORED_CHARS],
        lang=lang,
        band=match.band,
        article_id=best.article_id if best and match.band == "answer" else None,
        confidence=best.confidence if best else 0.0,
        created_at=now,
    )
    session.add(question)
    session.flush()
    candidates = [knowledge.articles[c.article_id] for c in match.candidates if c.article_id in knowledge.articles]
    return Reply(
        question_id=question.id,
        lang=_lang(question.lang),
        band=match.band,
        confidence=question.confidence,
        article=candidates[0] if match.band == "answer" and candidates else None,
        suggestions=tuple(candidates[:3]) if match.band == "suggest" else (),
        truncated=len(asked.text) > MAX_MATCHED_CHARS,
        wants_person=match.wants_person,
    )


def question_of(session: Session, question_id: int) -> Question:
    """Raises: UnknownAnswer when there is no such question."""
    question = session.get(Question, question_id)
    if question is None:
        raise UnknownAnswer()
    return question


def pick_suggestion(
    session: Session, knowledge: Snapshot, *, question_id: int, article_id: str, user: str, now: datetime
) -> Reply:
    """The answer for a suggestion the colleague clicked; the asker's pick teaches the KB their phrasing.

    Raises:
        UnknownAnswer: the question or the article no longer exists.
    """
    question = session.get(Question, question_id)
    article = knowledge.articles.get(article_id)
    if question is None or article is None:
        raise UnknownAnswer()
    if user == question.asker:
        question.picked_article_id = article_id
        learn(session, article_id=article_id, text=question.text, source="suggestion", by=user, now=now)
    return Reply(question.id, _lang(question.lang), "answer", question.confidence, article, (), False)


def decline_suggestions(session: Session, *, question_id: int, user: str, now: datetime) -> Question:
    """Record "Geen van deze" when the asker says it (a bystander's click says nothing about the question).

    Raises:
        UnknownAnswer: the question does not exist.
    """
    question = question_of(session, question_id)
    if user == question.asker and question.declined_at is None:
        question.declined_at = now
    return question


def record_feedback(
    session: Session, *, question_id: int, article_id: str, user: str, helpful: bool, now: datetime
) -> Lang:
    """Store (or change) a colleague's verdict on an answer; a double click changes nothing.

    When the asker says it helped, their phrasing is learned for the article.

    Returns:
        The language of the question, to thank the colleague in.

    Raises:
        UnknownAnswer: the question does not exist.
    """
    question = session.get(Question, question_id)
    if question is None:
        raise UnknownAnswer()
    key = {"question_id": question_id, "article_id": article_id, "user_id": user}
    if not insert_ignoring_conflict(session, Feedback, {**key, "helpful": helpful, "created_at": now}):
        session.execute(update(Feedback).filter_by(**key).values(helpful=helpful, created_at=now))
    if helpful and user == question.asker:
        learn(session, article_id=article_id, text=question.text, source="helped", by=user, now=now)
    return _lang(question.lang)


def _lang(value: str) -> Lang:
    return "en" if value == "en" else "nl"
