"""The service desk's dependencies in one place, handed to handlers and jobs by closure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.config import Settings
from bot.db import Sessions
from bot.embedding_cache import DatabaseVectorStore
from bot.knowledge import KnowledgeBase, Snapshot
from bot.learning import learned_phrasings, learned_version


@dataclass(frozen=True)
class Desk:
    """Settings, database sessions, the live knowledge base and the clock (naive UTC)."""

    settings: Settings
    sessions: Sessions
    knowledge: KnowledgeBase
    clock: Callable[[], datetime]

    def snapshot(self, session: Session) -> Snapshot:
        """The knowledge base including every learned phrasing, as of this transaction; sentence vectors
        are cached in the database through the same session."""
        return self.knowledge.snapshot(
            learned_version(session), lambda: learned_phrasings(session), DatabaseVectorStore(session)
        )
