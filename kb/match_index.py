"""The numeric index behind the matcher: TF-IDF vectors, per-article centroids and a linear classifier.

Three scorers rate every article for a question:
- nearest: cosine similarity to the article's closest phrasing;
- centroid: cosine similarity to the mean of the article's phrasings;
- classifier: probability from a logistic regression trained on the phrasings at index time (skipped
  above `CLASSIFIER_MAX_PHRASINGS`, where training would take too long; the matcher then runs on the
  two similarity scorers and a confidence model fitted for that mode).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize as l2_normalize

from kb.match_query import Analysis

FloatArray = npt.NDArray[np.float64]

CLASSIFIER_MAX_PHRASINGS = 20_000
CLASSIFIER_C = 10.0
WORD_WEIGHT = 0.5
CHAR_NGRAMS = (2, 5)


@dataclass(frozen=True)
class Scores:
    """Per-article scores for one question (arrays indexed like the index's article list).

    Attributes:
        combined: The ranking score (weighted sum of the parts).
        nearest: Best cosine similarity over the article's phrasings.
        nearest_row: Index (into the phrasing list) of that best phrasing, per article.
        centroid: Cosine similarity to the article centroid.
        classifier: Classifier probability, or None when the index has no classifier.
    """

    combined: FloatArray
    nearest: FloatArray
    nearest_row: npt.NDArray[np.int64]
    centroid: FloatArray
    classifier: FloatArray | None


def _identity(features: Sequence[str]) -> Sequence[str]:
    return features


class VectorIndex:
    """TF-IDF vectors of the phrasings (grouped by article) and the scorers over them."""

    def __init__(self, analyses: Sequence[Analysis], labels: Sequence[int], n_articles: int) -> None:
        """Fit the vectorisers (and the classifier, if small enough) on the phrasings.

        Args:
            analyses: One analysis per phrasing, sorted so that each article's phrasings are contiguous.
            labels: The article index of each phrasing (non-decreasing).
            n_articles: Number of articles; every index in range must have at least one phrasing.
        """
        self.n_articles = n_articles
        self.labels = np.asarray(labels, dtype=np.int64)
        self.starts = np.searchsorted(self.labels, np.arange(n_articles))
        self.words = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, lowercase=False)
        self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS, sublinear_tf=True)
        word_matrix = self.words.fit_transform([a.features for a in analyses])
        char_matrix = self.chars.fit_transform([a.chars for a in analyses])
        matrix = l2_normalize(sparse.hstack([word_matrix * WORD_WEIGHT, char_matrix]).tocsr())
        self.postings = matrix.T.tocsr()
        self.centroids = self._centroids(matrix)
        self.classifier = self._classifier(matrix) if len(analyses) <= CLASSIFIER_MAX_PHRASINGS else None

    def _centroids(self, matrix: sparse.csr_matrix) -> sparse.csr_matrix:
        indicator = sparse.csr_matrix(
            (np.ones(len(self.labels)), (self.labels, np.arange(len(self.labels)))),
            shape=(self.n_articles, len(self.labels)),
        )
        return l2_normalize(indicator @ matrix).T.tocsr()

    def _classifier(self, matrix: sparse.csr_matrix) -> LogisticRegression | None:
        if self.n_articles < 2:
            return None
        model = LogisticRegression(C=CLASSIFIER_C, max_iter=300)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # convergence warnings: a near-converged model ranks as well
            model.fit(matrix, self.labels)
        return model

    def vector(self, analysis: Analysis) -> sparse.csr_matrix:
        """The question's L2-normalised vector in the index's feature space."""
        word = self.words.transform([analysis.features])
        char = self.chars.transform([analysis.chars])
        return l2_normalize(sparse.hstack([word * WORD_WEIGHT, char]).tocsr())

    def score(self, query: sparse.csr_matrix, weights: tuple[float, float, float]) -> Scores:
        """Rate every article for the question vector.

        Args:
            query: Output of `vector`.
            weights: (classifier, nearest, centroid) weights of the combined score.
        """
        sims = np.asarray((query @ self.postings).todense()).ravel()
        nearest = np.maximum.reduceat(sims, self.starts)
        nearest_row = self._argmax_rows(sims, nearest)
        centroid = np.asarray((query @ self.centroids).todense()).ravel()
        classifier = self._probabilities(query)
        w_classifier, w_nearest, w_centroid = weights
        if classifier is None:
            total = w_nearest + w_centroid
            combined = (w_nearest * nearest + w_centroid * centroid) / total
        else:
            combined = w_classifier * classifier + w_nearest * nearest + w_centroid * centroid
        return Scores(combined, nearest, nearest_row, centroid, classifier)

    def _argmax_rows(self, sims: FloatArray, nearest: FloatArray) -> npt.NDArray[np.int64]:
        hits = np.flatnonzero(sims >= nearest[self.labels])
        rows = np.array(self.starts, dtype=np.int64)
        rows[self.labels[hits[::-1]]] = hits[::-1]
        return rows

    def _probabilities(self, query: sparse.csr_matrix) -> FloatArray | None:
        if self.classifier is None:
            return None
        logits = np.asarray(query @ self.classifier.coef_.T).ravel() + self.classifier.intercept_
        if logits.shape[0] == 1:  # binary model: one logit for class 1
            prob = 1.0 / (1.0 + np.exp(-logits[0]))
            return np.array([1.0 - prob, prob])
        logits = logits - logits.max()
        exp = np.exp(logits)
        return np.asarray(exp / exp.sum(), dtype=np.float64)
