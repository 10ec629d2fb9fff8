"""Sentence embeddings for the semantic scorer: the `Embedder` protocol, and encoding with two caches.

An `Embedder` turns texts into unit vectors (rows of a float32 matrix). `CachedEncoder` puts two caches in
front of it, both keyed by model name + SHA-256 of the text:
- a per-process memo, shared by every knowledge base built in the process (a test suite or a bot that
  rebuilds its index after an edit encodes each phrasing once);
- an optional `VectorStore`, which the service desk implements on its database, so that a restart or a
  second process does not encode the knowledge base again.

This module stays pure: the store comes in through the protocol, and the model is loaded by
`kb.embedder_e5` only when the optional `semantic` extra is installed.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]

MEMO_MAX_VECTORS = 200_000
"""Vectors kept in the per-process memo (384 floats each: ~300 MB at the limit); the oldest go first."""
ENCODE_BATCH = 64


class Embedder(Protocol):
    """A sentence-embedding model."""

    @property
    def name(self) -> str:
        """Identifies the model and its version: vectors of different names are never mixed."""
        ...

    def encode(self, texts: Sequence[str]) -> Vectors:
        """One L2-normalised row per text, shape (len(texts), dimension)."""
        ...


class VectorStore(Protocol):
    """Persistent vectors by (model name, text key); implemented outside `kb/` (e.g. on the database)."""

    def load(self, model: str, keys: Sequence[str]) -> Mapping[str, bytes]:
        """The stored vectors (float32 bytes) among `keys`; missing keys are simply absent."""
        ...

    def save(self, model: str, vectors: Mapping[str, bytes]) -> None:
        """Store vectors (float32 bytes) by key; a key stored already may be skipped."""
        ...


def text_key(text: str) -> str:
    """The cache key of a text: SHA-256 of its UTF-8 bytes, in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _Memo:
    """Process-wide vectors by (model, key), oldest dropped beyond `MEMO_MAX_VECTORS`; thread-safe."""

    def __init__(self) -> None:
        self._vectors: OrderedDict[tuple[str, str], Vectors] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, model: str, key: str) -> Vectors | None:
        with self._lock:
            return self._vectors.get((model, key))

    def put(self, model: str, key: str, vector: Vectors) -> None:
        with self._lock:
            self._vectors[(model, key)] = vector
            while len(self._vectors) > MEMO_MAX_VECTORS:
                self._vectors.popitem(last=False)

    def clear(self, model: str | None = None) -> None:
        """Forget every vector, or those of one model."""
        with self._lock:
            if model is None:
                self._vectors.clear()
                return
            for key in [key for key in self._vectors if key[0] == model]:
                del self._vectors[key]


MEMO = _Memo()


class CachedEncoder:
    """Encodes texts through the memo, then the store, then the model (in batches), filling both caches.

    Args:
        embedder: The model.
        store: Persistent cache, or None for the memo alone.
    """

    def __init__(self, embedder: Embedder, store: VectorStore | None = None) -> None:
        self.embedder = embedder
        self.store = store
        self.encoded = 0
        """How many texts this encoder sent to the model (the rest came from a cache)."""

    @property
    def name(self) -> str:
        """The model's name."""
        return self.embedder.name

    def encode(self, texts: Sequence[str]) -> Vectors:
        """One unit vector per text, from a cache where possible."""
        model = self.embedder.name
        keys = [text_key(text) for text in texts]
        found: dict[str, Vectors] = {}
        for key in dict.fromkeys(keys):
            vector = MEMO.get(model, key)
            if vector is not None:
                found[key] = vector
        missing = [key for key in dict.fromkeys(keys) if key not in found]
        if missing and self.store is not None:
            for key, raw in self.store.load(model, missing).items():
                found[key] = np.frombuffer(raw, dtype=np.float32).copy()
                MEMO.put(model, key, found[key])
        todo = {key: text for key, text in zip(keys, texts, strict=True) if key not in found}
        if todo:
            fresh = self._encode_new(list(todo.values()))
            for key, vector in zip(todo, fresh, strict=True):
                found[key] = vector
                MEMO.put(model, key, vector)
            if self.store is not None:
                self.store.save(model, {key: found[key].tobytes() for key in todo})
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.vstack([found[key] for key in keys]).astype(np.float32, copy=False)

    def encode_one(self, text: str) -> Vectors:
        """The unit vector of one text (a question): from the memo or the model, never the store (a
        question is rarely asked twice in the same words, and the store is for the knowledge base)."""
        model = self.embedder.name
        key = text_key(text)
        vector = MEMO.get(model, key)
        if vector is None:
            [vector] = self._encode_new([text])
            MEMO.put(model, key, vector)
        return vector

    def _encode_new(self, texts: list[str]) -> list[Vectors]:
        rows: list[Vectors] = []
        for low in range(0, len(texts), ENCODE_BATCH):
            batch = np.asarray(self.embedder.encode(texts[low : low + ENCODE_BATCH]), dtype=np.float32)
            rows.extend(batch)
        self.encoded += len(texts)
        return rows
