"""The knowledge base's sentence vectors in the database: a `kb.embedding.VectorStore` on a session.

Shared by every bot process, so a restart or a second process reuses the vectors instead of encoding the
knowledge base again. Rows are keyed by model name and text hash: a new model simply fills new rows.
Flushes; never commits (the caller's transaction owns the rows).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.models import EmbeddingVector

CHUNK = 300
"""Keys per query and rows per insert: under the 999 bound parameters older SQLite builds allow."""


class DatabaseVectorStore:
    """Vectors by (model, text hash) in the `embedding_cache` table, read and written through `session`."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def load(self, model: str, keys: Sequence[str]) -> Mapping[str, bytes]:
        """The stored vectors among `keys` (float32 bytes)."""
        found: dict[str, bytes] = {}
        for low in range(0, len(keys), CHUNK):
            rows = self._session.execute(
                select(EmbeddingVector.text_hash, EmbeddingVector.vector).where(
                    EmbeddingVector.model == model, EmbeddingVector.text_hash.in_(keys[low : low + CHUNK])
                )
            )
            found.update((text_hash, bytes(vector)) for text_hash, vector in rows)
        return found

    def save(self, model: str, vectors: Mapping[str, bytes]) -> None:
        """Store vectors; a row another process stored meanwhile is left as it is (race-safe)."""
        rows = [{"model": model, "text_hash": key, "vector": raw} for key, raw in vectors.items()]
        dialect = self._session.get_bind().dialect.name
        for low in range(0, len(rows), CHUNK):
            chunk = rows[low : low + CHUNK]
            if dialect == "postgresql":
                self._session.execute(postgresql.insert(EmbeddingVector).values(chunk).on_conflict_do_nothing())
            elif dialect == "sqlite":
                self._session.execute(sqlite.insert(EmbeddingVector).values(chunk).on_conflict_do_nothing())
            else:
                self._session.execute(insert(EmbeddingVector).values(chunk))
        self._session.flush()
