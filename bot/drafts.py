"""Knowledge from tickets: a draft article from a resolved ticket (or a gap's questions), kept in a drafts
folder inside the KB until an admin publishes it.

The Slack modal ("Maak er een artikel van", "Schrijf artikel") calls `draft_from_ticket` or `draft_from_questions`
to fill its fields, lets the agent edit them, and `save_draft` writes the file. Drafts live in `KB_DIR/drafts/`,
which the bot does not load (it reads `KB_DIR/*.md` only); `publish_draft` moves one into `KB_DIR`, and the
running bot picks it up on the next question (it watches the folder's files). No clock, no environment.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.errors import ServiceDeskError
from bot.learning import MAX_LEARNED_CHARS
from bot.models import Question
from bot.tickets.service import get_ticket
from kb.article import LANGUAGES, Article
from kb.article_file import phrasing_key
from kb.loader import ID_PATTERN, Problem, load_directory, parse_file
from kb.match_lexicon import STOP_WORDS_EN, STOP_WORDS_NL
from kb.normalize import normalize

DRAFTS_FOLDER = "drafts"
MAX_TITLE_CHARS = 80
SLACK_MARKUP = re.compile(r"<[@#!][^>]*>")
SENTENCE_END = re.compile(r"(?<=[.?!])\s")


class TicketNotResolved(ServiceDeskError):
    message_key = "draft.not_resolved"


class DraftRejected(ServiceDeskError):
    """The draft cannot be saved or published; `problems` says why (`path:line: message` for admins)."""

    message_key = "draft.rejected"

    def __init__(self, problems: Sequence[Problem | str]) -> None:
        super().__init__("; ".join(map(str, problems)))
        self.problems = tuple(str(problem) for problem in problems)


@dataclass(frozen=True)
class DraftArticle:
    """What a draft article says; the modal's fields. `origin` is where it came from (e.g. "SD-1042")."""

    id: str
    title: str
    lang: str
    phrasings: tuple[str, ...]
    body: str
    category: str | None = None
    team: str | None = None
    origin: str = ""


def drafts_dir(kb_dir: Path) -> Path:
    return kb_dir / DRAFTS_FOLDER


def draft_from_ticket(session: Session, ticket_id: int, *, kb_dir: Path) -> DraftArticle:
    """A draft from a resolved ticket: the colleague's question(s) as phrasings, the resolution as body.

    Raises:
        UnknownTicket: no such ticket.
        TicketNotResolved: there is no resolution to write down yet.
    """
    ticket = get_ticket(session, ticket_id)
    if not ticket.resolution:
        raise TicketNotResolved()
    asked = session.scalars(select(Question.text).where(Question.ticket_id == ticket.id).order_by(Question.id))
    draft = draft_from_questions([ticket.description, *asked], lang=ticket.lang, kb_dir=kb_dir)
    return DraftArticle(
        draft.id,
        draft.title,
        draft.lang,
        draft.phrasings,
        ticket.resolution.strip(),
        ticket.category,
        ticket.team,
        ticket.reference,
    )


def draft_from_questions(texts: Iterable[str], *, lang: str, kb_dir: Path, origin: str = "") -> DraftArticle:
    """A draft whose phrasings are colleagues' questions (e.g. a gap cluster); the body is for the agent to write.

    Questions already in the KB, long stories and Slack mentions are left out; the title is the first question's
    first sentence.
    """
    taken = {phrasing_key(p) for article in _all_articles(kb_dir) for p in article.phrasings}
    phrasings: dict[str, str] = {}
    for text in texts:
        phrasing = " ".join(SLACK_MARKUP.sub(" ", text).split())
        key = phrasing_key(phrasing)
        if key and key not in taken and len(phrasing) <= MAX_LEARNED_CHARS and normalize(phrasing):
            phrasings.setdefault(key, phrasing)
    chosen = tuple(phrasings.values())
    title = _title(chosen[0]) if chosen else ""
    if chosen and phrasing_key(title) == phrasing_key(chosen[0]):
        chosen = chosen[1:]  # the title is a phrasing already
    return DraftArticle(_free_id(title, kb_dir), title, lang if lang in LANGUAGES else "nl", chosen, "", origin=origin)


def save_draft(kb_dir: Path, draft: DraftArticle) -> Path:
    """Write the draft to `KB_DIR/drafts/ID.md` (never over another file) and check it as `kb check` would.

    Raises:
        DraftRejected: a field is missing or wrong, or the file exists; nothing is left behind.
    """
    problems = _field_problems(draft)
    path = drafts_dir(kb_dir) / f"{draft.id}.md"
    if path.exists() or (kb_dir / path.name).exists():
        problems.append(f"{path.name}: an article or draft with id '{draft.id}' already exists")
    if problems:
        raise DraftRejected(problems)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(article_text(draft), encoding="utf-8")
    found = parse_file(temporary).problems
    if found:
        temporary.unlink()
        raise DraftRejected(list(found))
    os.replace(temporary, path)
    return path


def list_drafts(kb_dir: Path) -> tuple[list[DraftArticle], list[Problem]]:
    """The drafts waiting to be published, and what is wrong with any of them."""
    folder = drafts_dir(kb_dir)
    if not folder.is_dir():
        return [], []
    loaded = load_directory(folder)
    drafts = [
        DraftArticle(a.id, a.title, a.lang, a.questions, a.body, a.category, a.team, Path(a.source or "").name)
        for a in loaded.articles
    ]
    return drafts, list(loaded.problems)


def publish_draft(kb_dir: Path, draft_id: str) -> Path:
    """Move a draft into the KB, after checking it together with the articles already there.

    Raises:
        DraftRejected: no such draft, or it would break `kb check` (broken file, duplicate id or phrasing).
    """
    source = drafts_dir(kb_dir) / f"{draft_id}.md"
    target = kb_dir / source.name
    if not ID_PATTERN.match(draft_id) or not source.is_file():
        raise DraftRejected([f"no draft '{draft_id}' in {drafts_dir(kb_dir)}"])
    parsed = parse_file(source)
    draft = parsed.article
    if draft is None:
        raise DraftRejected(list(parsed.problems))
    if target.exists():
        raise DraftRejected([f"{target}: an article with this file name already exists"])
    clashes = _clashes(draft.id, draft.phrasings, draft.related, load_directory(kb_dir).articles)
    if clashes:
        raise DraftRejected([Problem(str(source), 1, clash) for clash in clashes])
    os.replace(source, target)
    return target


def article_text(draft: DraftArticle) -> str:
    """The draft as an article file: YAML front matter, then the body."""
    fields = {
        "id": draft.id,
        "title": draft.title,
        "lang": draft.lang,
        "questions": list(draft.phrasings),
        "tags": [draft.category] if draft.category else [],
        **({"category": draft.category} if draft.category else {}),
        **({"team": draft.team} if draft.team else {}),
    }
    front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1000)
    origin = (
        f"# Draft from {draft.origin}: check it, then `servicedesk kb publish {draft.id}`.\n" if draft.origin else ""
    )
    return f"---\n{origin}{front}---\n{draft.body.strip()}\n"


def _field_problems(draft: DraftArticle) -> list[Problem | str]:
    problems: list[Problem | str] = []
    if not ID_PATTERN.match(draft.id):
        problems.append(f"id must be lowercase letters, digits and '-': {draft.id!r}")
    if not draft.title.strip():
        problems.append("title must not be empty")
    if not draft.body.strip():
        problems.append("body must not be empty: write the answer")
    if draft.lang not in LANGUAGES:
        problems.append(f"lang must be one of {', '.join(LANGUAGES)}, not {draft.lang!r}")
    return problems


def _clashes(draft_id: str, phrasings: Sequence[str], related: Sequence[str], articles: Sequence[Article]) -> list[str]:
    known = {article.id: article for article in articles}
    owner = {phrasing_key(p): a.id for a in known.values() for p in a.phrasings}
    clashes = [f"id '{draft_id}' is already used by {known[draft_id].source}"] if draft_id in known else []
    clashes += [
        f"phrasing '{p}' is already in article '{owner[phrasing_key(p)]}'"
        for p in phrasings
        if phrasing_key(p) in owner
    ]
    clashes += [f"related article '{r}' does not exist" for r in related if r not in known]
    return clashes


def _title(question: str) -> str:
    first = SENTENCE_END.split(question, maxsplit=1)[0].strip()
    if len(first) > MAX_TITLE_CHARS:
        first = first[:MAX_TITLE_CHARS].rsplit(" ", 1)[0] + "…"
    return first[:1].upper() + first[1:]


def _free_id(title: str, kb_dir: Path) -> str:
    words = normalize(title).split()
    base = "-".join(([w for w in words if w not in STOP_WORDS_NL | STOP_WORDS_EN] or words)[:6]) or "concept"
    used = {path.stem for folder in (kb_dir, drafts_dir(kb_dir)) if folder.is_dir() for path in folder.glob("*.md")}
    used |= {article.id for article in _all_articles(kb_dir)}
    candidate, number = base, 2
    while candidate in used:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _all_articles(kb_dir: Path) -> list[Article]:
    found = list(load_directory(kb_dir).articles) if kb_dir.is_dir() else []
    return found + (list(load_directory(drafts_dir(kb_dir)).articles) if drafts_dir(kb_dir).is_dir() else [])
