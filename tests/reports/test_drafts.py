"""Knowledge from tickets: a resolved ticket becomes a draft article; once published, the bot answers with it."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.config import BUNDLED_ARTICLES
from bot.db import make_sessions, transaction
from bot.drafts import (
    DraftRejected,
    TicketNotResolved,
    draft_from_questions,
    draft_from_ticket,
    drafts_dir,
    list_drafts,
    publish_draft,
    save_draft,
)
from bot.knowledge import KnowledgeBase
from bot.models import Question
from bot.tickets import service
from bot.tickets.service import SlaPolicy
from kb.loader import load_directory
from kb.matcher import DEFAULT_THRESHOLDS

NOW = datetime(2026, 3, 2, 8, 30)
QUESTION = "Hoe koppel ik de beamer in vergaderzaal Rembrandt? Hij geeft geen beeld."
RESOLUTION = "Zet de beamer aan met de afstandsbediening en kies *HDMI 2*. Geen beeld? Druk op Windows+P."


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "kb"
    shutil.copytree(BUNDLED_ARTICLES, folder)
    return folder


def _resolved_ticket(engine: Engine, *, resolution: str | None = RESOLUTION) -> int:
    with transaction(make_sessions(engine)) as session:
        question = Question(
            asker="UASKER", surface="dm", text=QUESTION, lang="nl", band="none", confidence=0.05, created_at=NOW
        )
        follow_up = Question(
            asker="UASKER",
            surface="dm",
            text="<@UAGENT> beamer rembrandt werkt niet",
            lang="nl",
            band="none",
            confidence=0.1,
            created_at=NOW,
        )
        session.add_all([question, follow_up])
        session.flush()
        for asked in (question, follow_up):  # the follow-up is asked in the same conversation: the same ticket
            ticket, _ = service.open_ticket(
                session,
                conversation_key="conv:D1:1.0",
                requester="UASKER",
                channel="D1",
                thread_ts="1.0",
                text=QUESTION,
                lang="nl",
                now=NOW,
                sla=SlaPolicy.default(),
                category="hardware",
                question_id=asked.id,
            )
        if resolution is not None:
            service.resolve(
                session, ticket.id, agent="UAGENT", resolution=resolution, article_id=None, now=NOW + timedelta(hours=1)
            )
        return ticket.id


def test_draft_from_ticket_takes_the_questions_as_phrasings_and_the_resolution_as_body(
    engine: Engine, kb_dir: Path
) -> None:
    ticket_id = _resolved_ticket(engine)

    with transaction(make_sessions(engine)) as session:
        draft = draft_from_ticket(session, ticket_id, kb_dir=kb_dir)

    assert draft.title == "Hoe koppel ik de beamer in vergaderzaal Rembrandt?"
    assert draft.phrasings == (QUESTION, "beamer rembrandt werkt niet")  # the mention left out
    assert draft.body == RESOLUTION
    assert (draft.lang, draft.category, draft.origin) == ("nl", "hardware", "SD-1001")
    assert draft.id == "hoe-koppel-beamer-vergaderzaal-rembrandt"


def test_saved_draft_is_valid_for_kb_check_and_not_served_until_published(engine: Engine, kb_dir: Path) -> None:
    ticket_id = _resolved_ticket(engine)
    with transaction(make_sessions(engine)) as session:
        draft = draft_from_ticket(session, ticket_id, kb_dir=kb_dir)

    path = save_draft(kb_dir, draft)

    assert path.parent == drafts_dir(kb_dir)
    checked = load_directory(drafts_dir(kb_dir))
    assert (checked.problems, [a.id for a in checked.articles]) == ((), [draft.id])
    assert draft.id not in {a.id for a in load_directory(kb_dir).articles}
    assert [d.id for d in list_drafts(kb_dir)[0]] == [draft.id]


def test_published_draft_answers_the_original_question_in_the_running_bot(engine: Engine, kb_dir: Path) -> None:
    ticket_id = _resolved_ticket(engine)
    knowledge = KnowledgeBase(kb_dir, DEFAULT_THRESHOLDS)
    assert knowledge.snapshot().matcher.match(QUESTION).band != "answer"
    with transaction(make_sessions(engine)) as session:
        draft = draft_from_ticket(session, ticket_id, kb_dir=kb_dir)
    save_draft(kb_dir, draft)

    publish_draft(kb_dir, draft.id)

    match = knowledge.snapshot().matcher.match(QUESTION)
    assert (match.band, match.best and match.best.article_id) == ("answer", draft.id)
    assert load_directory(kb_dir).problems == ()
    assert list_drafts(kb_dir) == ([], [])


def test_draft_from_an_unresolved_ticket_is_refused(engine: Engine, kb_dir: Path) -> None:
    ticket_id = _resolved_ticket(engine, resolution=None)

    with transaction(make_sessions(engine)) as session, pytest.raises(TicketNotResolved):
        draft_from_ticket(session, ticket_id, kb_dir=kb_dir)


def test_draft_from_questions_leaves_out_phrasings_the_kb_already_has(kb_dir: Path) -> None:
    draft = draft_from_questions(
        ["parkeerplaats aanvragen", "ik ben mijn wachtwoord vergeten", "Parkeerplaats aanvragen!", "waar parkeer ik"],
        lang="nl",
        kb_dir=kb_dir,
    )

    assert (draft.title, draft.phrasings, draft.body) == ("Parkeerplaats aanvragen", ("waar parkeer ik",), "")


def test_save_draft_refuses_an_empty_answer_and_leaves_nothing_behind(kb_dir: Path) -> None:
    draft = draft_from_questions(["parkeerplaats aanvragen"], lang="nl", kb_dir=kb_dir)

    with pytest.raises(DraftRejected) as refused:
        save_draft(kb_dir, draft)

    assert any("body" in problem for problem in refused.value.problems)
    assert not drafts_dir(kb_dir).exists() or list(drafts_dir(kb_dir).iterdir()) == []


def test_publish_refuses_a_draft_whose_phrasing_another_article_has(kb_dir: Path) -> None:
    draft = draft_from_questions(["parkeerplaats aanvragen"], lang="nl", kb_dir=kb_dir)
    path = save_draft(kb_dir, draft.__class__(**{**draft.__dict__, "body": "Vraag het aan bij de receptie."}))
    path.write_text(path.read_text().replace("questions: []", "questions:\n- wachtwoord resetten"))

    with pytest.raises(DraftRejected) as refused:
        publish_draft(kb_dir, draft.id)

    assert "also" not in refused.value.problems[0] and "wachtwoord-vergeten" in refused.value.problems[0]
    assert path.exists() and not (kb_dir / path.name).exists()
