"""A `kb.embedding.VectorStore` on a local SQLite file, for the bench scripts (the bot keeps its vectors in
its database, `bot/embedding_cache.py`). Default file: `bench/.cache/vectors.sqlite3` (not committed)."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parent / ".cache" / "vectors.sqlite3"
CHUNK = 500


class FileVectorStore:
    """Vectors by (model, key) in one SQLite table."""

    def __init__(self, path: Path = DEFAULT_PATH) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS vectors (model TEXT, key TEXT, vector BLOB, PRIMARY KEY (model, key))"
        )

    def load(self, model: str, keys: Sequence[str]) -> Mapping[str, bytes]:
        found: dict[str, bytes] = {}
        for low in range(0, len(keys), CHUNK):
            chunk = list(keys[low : low + CHUNK])
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT key, vector FROM vectors WHERE model = ? AND key IN ({marks})", [model, *chunk]
            )
            found.update((key, bytes(vector)) for key, vector in rows)
        return found

    def save(self, model: str, vectors: Mapping[str, bytes]) -> None:
        self._db.executemany(
            "INSERT OR IGNORE INTO vectors VALUES (?, ?, ?)", [(model, key, raw) for key, raw in vectors.items()]
        )
        self._db.commit()
