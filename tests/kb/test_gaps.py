"""Clustering gap questions by meaning (kb.gaps): pure, through the Embedder interface."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from kb.gaps import Cluster, LexicalEmbedder, cluster_texts

MEANINGS = (("vergaderruimte", "meeting room", "zaal"), ("declaratie", "expense"))


class Dictionary:
    """A tiny embedder that knows two meanings in both languages: proves that clustering follows the
    embedder's notion of meaning (a semantic embedder plugs in the same way)."""

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        rows = [[float(any(word in text.lower() for word in words)) for words in MEANINGS] for text in texts]
        vectors = np.array(rows) + 1e-9
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _groups(clusters: list[Cluster], texts: Sequence[str]) -> list[set[str]]:
    return [{texts[index] for index in cluster.members} for cluster in clusters]


def test_cluster_groups_rewordings_of_one_question_and_keeps_other_questions_apart() -> None:
    texts = [
        "hoe boek ik een vergaderruimte",
        "vergaderruimte boeken voor morgen",
        "kan ik een vergaderruimte boeken",
        "mijn declaratie indienen",
        "hoe dien ik een declaratie in",
    ]

    clusters = cluster_texts(texts, LexicalEmbedder())

    assert _groups(clusters, texts) == [set(texts[:3]), set(texts[3:])]


def test_cluster_merges_exact_repeats_and_counts_every_question() -> None:
    texts = ["Parkeerplaats aanvragen?", "parkeerplaats aanvragen", "parkeerplaats  AANVRAGEN!", "koffie is op"]

    [biggest, smallest] = cluster_texts(texts, LexicalEmbedder())

    assert biggest.members == (0, 1, 2) and biggest.size == 3
    assert len(biggest.examples) == 1  # one wording, however it was typed
    assert smallest.members == (3,)


def test_cluster_follows_the_embedder_across_languages() -> None:
    texts = ["vergaderruimte boeken", "book a meeting room", "declaratie indienen", "submit an expense claim"]

    clusters = cluster_texts(texts, Dictionary(), similarity=0.9)

    assert sorted(map(sorted, _groups(clusters, texts))) == [
        ["book a meeting room", "vergaderruimte boeken"],
        ["declaratie indienen", "submit an expense claim"],
    ]


def test_cluster_names_the_wording_closest_to_the_others_and_shows_the_most_asked_first() -> None:
    texts = ["zaal boeken", "vergaderruimte boeken", "vergaderruimte boeken", "vergaderruimte of zaal boeken"]

    [cluster] = cluster_texts(texts, Dictionary(), similarity=0.5)

    assert cluster.examples[0] == "vergaderruimte boeken"
    assert cluster.representative == "vergaderruimte boeken"


def test_cluster_leaves_out_texts_without_words_and_handles_nothing() -> None:
    assert cluster_texts([], LexicalEmbedder()) == []
    assert cluster_texts(["???", ":-)"], LexicalEmbedder()) == []
    [single] = cluster_texts(["de"], LexicalEmbedder())  # only a stop word: still a wording of its own
    assert single.members == (0,)


def test_cluster_keeps_only_the_most_asked_wordings_beyond_the_limit() -> None:
    texts = ["vpn kapot", "vpn kapot", "printer stuk", "outlook traag"]

    clusters = cluster_texts(texts, LexicalEmbedder(), max_wordings=1)

    assert [cluster.members for cluster in clusters] == [(0, 1)]
