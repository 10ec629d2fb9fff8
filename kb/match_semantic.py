"""The semantic scorer: sentence-embedding vectors of the phrasings, and three views on them.

- nearest: cosine to the article's closest phrasing;
- centroid: cosine to the normalised mean of the article's phrasings;
- classifier: a multinomial logistic regression on the phrasing vectors, trained at index time (skipped
  above `SEMANTIC_CLASSIFIER_MAX_WORK`, like the lexical classifiers). On the validation pool it adds about
  one point of top-1 to the fused ranking (three on hwu64 with 10 phrasings).

The vectors come from a `kb.embedding.CachedEncoder`; this module only does the arithmetic.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from kb.article import Article
from kb.embedding import Vectors
from kb.match_lexicon import CHAT_WORDS, ORDINALS

FloatArray = npt.NDArray[np.float64]

SEMANTIC_CLASSIFIER_MAX_WORK = 2_000_000
"""Phrasings x articles above which the semantic classifier is skipped (the lexical classifiers' limit)."""
SEMANTIC_CLASSIFIER_C = 10.0
CLOSEST_BLOCK = 1024
EMBEDDING_MAX_CHARS = 500
TWIN_MIN_SIMILARITY = 0.925
"""Embedding cosine of two article centroids (different languages) from which they are each other's twin."""
_WORD_FORMS = {**CHAT_WORDS, **ORDINALS}
_CHAT_WORD = re.compile(
    r"(?<![\w'])(?:" + "|".join(sorted(map(re.escape, _WORD_FORMS), key=len, reverse=True)) + r")(?![\w'])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SemanticScores:
    """Per-article semantic scores for one question (indexed like the matcher's article list).

    Attributes:
        nearest: Best cosine over the article's phrasings.
        centroid: Cosine to the article's centroid.
        classifier: Classifier probabilities, or None without a classifier.
        closest_other: Per article, cosine of its centroid to the nearest other article's centroid.
    """

    nearest: FloatArray
    centroid: FloatArray
    classifier: FloatArray | None
    closest_other: FloatArray


class SemanticIndex:
    """Phrasing vectors grouped by article, their centroids and (small enough) a classifier."""

    def __init__(self, vectors: Vectors, labels: Sequence[int], n_articles: int) -> None:
        """Index the vectors.

        Args:
            vectors: One unit vector per phrasing, each article's phrasings contiguous.
            labels: The article index of each phrasing (non-decreasing).
            n_articles: Number of articles; each has at least one phrasing.
        """
        self.n_articles = n_articles
        self.labels = np.asarray(labels, dtype=np.int64)
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.starts = np.searchsorted(self.labels, np.arange(n_articles))
        sums = np.zeros((n_articles, self.vectors.shape[1]), dtype=np.float32)
        np.add.at(sums, self.labels, self.vectors)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        self.centroids: Vectors = (sums / np.where(norms > 0, norms, 1.0)).astype(np.float32)
        self.closest_other = _closest_other(self.centroids)
        self.classifier: LogisticRegression | None = None
        if n_articles >= 2 and len(self.labels) * n_articles <= SEMANTIC_CLASSIFIER_MAX_WORK:
            self.classifier = LogisticRegression(C=SEMANTIC_CLASSIFIER_C, max_iter=200, tol=1e-4)
            # one BLAS thread: on a busy 2-core machine more threads make this small fit many times slower
            with warnings.catch_warnings(), threadpool_limits(limits=1):
                warnings.simplefilter("ignore")  # convergence warnings: a near-converged model ranks as well
                self.classifier.fit(self.vectors, self.labels)

    def score(self, query: Vectors) -> SemanticScores:
        """Rate every article for one unit query vector (shape (dimension,))."""
        sims = (self.vectors @ query).astype(np.float64)
        nearest = np.maximum.reduceat(sims, self.starts)
        centroid = (self.centroids @ query).astype(np.float64)
        return SemanticScores(nearest, centroid, self._probabilities(query), self.closest_other)

    def article_similarity(self, first: int, second: int) -> float:
        """Cosine between two articles' centroids."""
        return float(self.centroids[first] @ self.centroids[second])

    def _probabilities(self, query: Vectors) -> FloatArray | None:
        if self.classifier is None:
            return None
        logits = self.classifier.coef_ @ query.astype(np.float64) + self.classifier.intercept_
        if logits.shape[0] == 1:  # binary model: one logit, for class 1
            positive = 1.0 / (1.0 + np.exp(-logits[0]))
            return np.array([1.0 - positive, positive])
        exp = np.exp(logits - logits.max())
        return np.asarray(exp / exp.sum(), dtype=np.float64)


def _closest_other(centroids: Vectors) -> FloatArray:
    """Per article, the cosine of its centroid to the nearest other centroid (0 when alone); in blocks."""
    n_articles = centroids.shape[0]
    closest = np.zeros(n_articles)
    if n_articles < 2:
        return closest
    for low in range(0, n_articles, CLOSEST_BLOCK):
        block = centroids[low : low + CLOSEST_BLOCK] @ centroids.T
        block[np.arange(block.shape[0]), np.arange(low, low + block.shape[0])] = -np.inf
        closest[low : low + block.shape[0]] = block.max(axis=1)
    return closest


def embedding_text(text: str) -> str:
    """What the sentence model reads: the text with chat words and ordinals spelled out ("mn" -> "mijn",
    "3e" -> "derde"), punctuation kept, cut at `EMBEDDING_MAX_CHARS`."""
    return _CHAT_WORD.sub(lambda found: _WORD_FORMS[found.group(0).lower()], text[:EMBEDDING_MAX_CHARS])


def twins(order: list[Article], semantic: SemanticIndex) -> dict[str, tuple[int, ...]]:
    """Per article id, the articles in another language with a centroid at least `TWIN_MIN_SIMILARITY`
    alike: the same subject written in the other language (an English article may cover several Dutch ones).
    Compared in blocks, one language against the other (a one-language KB has no twins)."""
    found: dict[str, tuple[int, ...]] = {}
    languages = np.array([article.lang for article in order])
    for lang in dict.fromkeys(languages.tolist()):
        mine, others = np.flatnonzero(languages == lang), np.flatnonzero(languages != lang)
        if not len(others):
            continue
        for low in range(0, len(mine), CLOSEST_BLOCK):
            block = mine[low : low + CLOSEST_BLOCK]
            close = semantic.centroids[block] @ semantic.centroids[others].T >= TWIN_MIN_SIMILARITY
            for row, index in enumerate(block):
                if close[row].any():
                    found[order[int(index)].id] = tuple(int(i) for i in others[close[row]])
    return found
