"""Grouping the questions the knowledge base could not answer by meaning: what to write next.

Pure: texts in, clusters out. How alike two texts are comes from an `Embedder` (any model that turns texts
into L2-normalised vectors); `LexicalEmbedder` uses the matcher's own text analysis. Exact repeats (same
normalised wording) are merged first, then wordings are joined by average-linkage clustering on cosine
similarity, so a cluster holds wordings that are alike on average rather than a chain of near neighbours.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize as l2_normalize

from kb.match_index import WORD_WEIGHT, char_ngrams
from kb.match_query import QueryAnalyser
from kb.match_semantic import embedding_text
from kb.normalize import normalize

DEFAULT_SIMILARITY = 0.20
"""Average cosine similarity from which wordings share a cluster, for `LexicalEmbedder`: the best adjusted
Rand index on banking77 val (bench/gaps.py)."""
MAX_WORDINGS = 3000
"""Distinct wordings clustered at most (the most asked first): memory grows with the square."""
EXAMPLES = 3


class Embedder(Protocol):
    """Turns texts into vectors whose dot product says how alike two texts are in meaning."""

    def embed(self, texts: Sequence[str]) -> Any:
        """One L2-normalised row per text: a numpy array or a scipy sparse matrix."""
        ...


SEMANTIC_SIMILARITY = 0.30
"""The same for `SentenceEmbedder` (centred vectors), chosen on banking77 val like the lexical one
(bench/gaps.py --semantic: adjusted Rand index 0.471 there, against 0.380 lexically)."""


MAX_ANCHORS = 1000
"""Phrasings the sentence vectors are centred on at most (evenly spread over the knowledge base)."""


class LexicalEmbedder:
    """Word and character TF-IDF over the matcher's analysis (stems, bigrams, nearby pairs; Dutch and English
    stemming and compounds), fitted on the texts themselves. Alike in wording, not across languages."""

    def embed(self, texts: Sequence[str]) -> Any:
        analyser = QueryAnalyser(word for text in texts for word in normalize(text).split())
        analyses = [analyser.analyse(text) for text in texts]
        word_rows = _tfidf([a.features for a in analyses], _identity)
        char_rows = _tfidf([a.chars for a in analyses], char_ngrams)
        return l2_normalize(sparse.hstack([word_rows * WORD_WEIGHT, char_rows]).tocsr())


class SentenceEmbedder:
    """The matcher's sentence model (any `kb.embedding.Embedder`), alike in meaning across languages.

    Sentence vectors of short questions all point roughly the same way (their cosines sit between 0.75 and
    0.95), so they are centred first on the mean vector of `anchors` (the knowledge base's phrasings: a broad
    sample of what colleagues ask) and normalised again; then "VPN werkt niet" and "VPN is not working" are alike
    and "VPN werkt niet" and "wachtwoord vergeten" are not.
    """

    def __init__(self, encoder: SentenceEncoder, anchors: Sequence[str]) -> None:
        self._encoder = encoder
        step = max(1, len(anchors) // MAX_ANCHORS)
        self._anchors = tuple(anchors[::step][:MAX_ANCHORS])

    def embed(self, texts: Sequence[str]) -> Any:
        """Reads each text as the matcher's semantic scorer does (`embedding_text`), so the vectors of questions
        and phrasings it encoded already are reused."""
        vectors = np.asarray(self._encoder.encode([embedding_text(t) for t in texts]), dtype=np.float64)
        if self._anchors:
            anchors = self._encoder.encode([embedding_text(t) for t in self._anchors])
            vectors = vectors - np.asarray(anchors, dtype=np.float64).mean(axis=0)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0.0, 1.0, norms)


class SentenceEncoder(Protocol):
    def encode(self, texts: Sequence[str]) -> Any:
        """One L2-normalised row per text."""
        ...


@dataclass(frozen=True)
class GapScorer:
    """How gaps are clustered: an embedder and the similarity from which wordings share a cluster."""

    embedder: Embedder
    similarity: float


def gap_scorer(encoder: SentenceEncoder | None, anchors: Sequence[str] = ()) -> GapScorer:
    """The matcher's scorers for gaps: its sentence model when it has one, else its text analysis."""
    if encoder is None:
        return GapScorer(LexicalEmbedder(), DEFAULT_SIMILARITY)
    return GapScorer(SentenceEmbedder(encoder, anchors), SEMANTIC_SIMILARITY)


@dataclass(frozen=True)
class Cluster:
    """Questions alike in meaning.

    Attributes:
        members: Indices of the clustered texts (into the input), oldest input first.
        examples: Up to three distinct wordings, most asked first.
        representative: The wording most like the others (closest on average): the cluster's name.
    """

    members: tuple[int, ...]
    examples: tuple[str, ...]
    representative: str

    @property
    def size(self) -> int:
        return len(self.members)


def cluster_texts(
    texts: Sequence[str],
    embedder: Embedder,
    *,
    similarity: float = DEFAULT_SIMILARITY,
    max_wordings: int = MAX_WORDINGS,
) -> list[Cluster]:
    """Cluster `texts` by meaning, biggest cluster first (ties: the one asked first).

    Texts without words are left out; beyond `max_wordings` distinct wordings the least asked are left out.
    """
    wordings = _distinct_wordings(texts)[:max_wordings]
    if not wordings:
        return []
    vectors = embedder.embed([texts[members[0]] for members in wordings])
    similarities = _dense(vectors @ vectors.T)
    labels = _labels(similarities, similarity)
    clusters = []
    for label in np.unique(labels):
        rows = np.flatnonzero(labels == label)
        clusters.append(_cluster(texts, wordings, rows, similarities))
    return sorted(clusters, key=lambda c: (-c.size, c.members[0]))


def _distinct_wordings(texts: Sequence[str]) -> list[list[int]]:
    """Input indices grouped by normalised wording, most asked first (ties: first asked first)."""
    groups: dict[str, list[int]] = {}
    for index, text in enumerate(texts):
        key = normalize(text)
        if key:
            groups.setdefault(key, []).append(index)
    return sorted(groups.values(), key=lambda members: (-len(members), members[0]))


def _labels(similarities: npt.NDArray[np.float64], threshold: float) -> npt.NDArray[np.int64]:
    if similarities.shape[0] == 1:
        return np.zeros(1, dtype=np.int64)
    distances = np.clip(1.0 - similarities, 0.0, 2.0)
    np.fill_diagonal(distances, 0.0)
    tree = linkage(squareform(distances, checks=False), method="average")
    return np.asarray(fcluster(tree, t=1.0 - threshold, criterion="distance"), dtype=np.int64)


def _cluster(
    texts: Sequence[str], wordings: list[list[int]], rows: npt.NDArray[np.int64], similarities: npt.NDArray[np.float64]
) -> Cluster:
    weights = np.array([len(wordings[row]) for row in rows], dtype=np.float64)
    closeness = similarities[np.ix_(rows, rows)] @ weights
    central = int(rows[int(np.argmax(closeness))])
    members = tuple(sorted(index for row in rows for index in wordings[row]))
    examples = tuple(texts[wordings[row][-1]] for row in rows[:EXAMPLES])  # rows keep most-asked-first order
    return Cluster(members, examples, texts[wordings[central][-1]])


def _tfidf(documents: Sequence[Any], analyzer: Any) -> Any:
    try:
        return l2_normalize(TfidfVectorizer(analyzer=analyzer, sublinear_tf=True).fit_transform(documents))
    except ValueError:  # no features at all (e.g. only stop words): every text is its own
        return sparse.csr_matrix((len(documents), 1))


def _identity(features: Sequence[str]) -> Sequence[str]:
    return features


def _dense(matrix: Any) -> npt.NDArray[np.float64]:
    return np.asarray(matrix.toarray() if sparse.issparse(matrix) else matrix, dtype=np.float64)
