"""The numeric index behind the matcher: TF-IDF vectors, per-article centroids and a linear classifier.

Three scorers rate every article for a question:
- nearest: cosine similarity to the article's closest phrasing;
- centroid: cosine similarity to the mean of the article's phrasings;
- classifier: probabilities from two logistic regressions (word and character features) trained on the
  phrasings at index time (skipped above `CLASSIFIER_MAX_WORK`, where training would take too long; the
  matcher then runs on the two similarity scorers and a confidence model fitted for that mode).
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

CLASSIFIER_MAX_WORK = 2_000_000
"""Phrasings x articles above which the classifier is skipped: training time grows with that product
(about 3 s at the limit on one core); the matcher then runs on the similarity scorers alone."""
CLASSIFIER_MAX_WEIGHTS = 4_000_000
"""Weights per classifier (articles x features); the rarest features are left out to stay below it."""
CLASSIFIER_C = 10.0
CLASSIFIER_TOL = 1e-2
WORD_WEIGHT = 0.5
CHAR_NGRAMS = (2, 5)
CLOSEST_BLOCK = 512
CENTROID_EXACT_MAX = 2_000
CENTROID_SKETCH = 64


@dataclass(frozen=True)
class Scores:
    """Per-article scores for one question (arrays indexed like the index's article list).

    Attributes:
        combined: The ranking score (weighted sum of the parts).
        nearest: Best cosine similarity over the article's phrasings.
        nearest_row: Index (into the phrasing list) of that best phrasing, per article.
        centroid: Cosine similarity to the article centroid.
        classifiers: (word, character) classifier probabilities, or None without a classifier.
        phrasing_counts: Number of phrasings per article (index property, not question-specific).
        closest_other: Per article, cosine of its centroid to the nearest other article's centroid.
    """

    combined: FloatArray
    nearest: FloatArray
    nearest_row: npt.NDArray[np.int64]
    centroid: FloatArray
    classifiers: tuple[FloatArray, FloatArray] | None
    phrasing_counts: FloatArray
    closest_other: FloatArray

    @property
    def classifier(self) -> FloatArray | None:
        """Mean of the two classifiers' probabilities (None without a classifier)."""
        return None if self.classifiers is None else (self.classifiers[0] + self.classifiers[1]) / 2.0


SparseVector = tuple[npt.NDArray[np.int64], FloatArray]
"""(feature indices, values) of one L2-normalised vector."""


def char_ngrams(text: str) -> list[str]:
    """Character 2..5-grams inside each space-padded word (" vpn " -> " v", "vp", ..., " vpn ")."""
    grams: list[str] = []
    low, high = CHAR_NGRAMS
    for word in text.split():
        padded = f" {word} "
        for size in range(low, high + 1):
            grams.extend(padded[start : start + size] for start in range(len(padded) - size + 1))
    return grams


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
        words = TfidfVectorizer(analyzer=_identity, sublinear_tf=True)
        chars = TfidfVectorizer(analyzer=char_ngrams, sublinear_tf=True)
        word_matrix = l2_normalize(words.fit_transform([a.features for a in analyses]))
        char_matrix = l2_normalize(chars.fit_transform([a.chars for a in analyses]))
        self.vocabularies: tuple[dict[str, int], dict[str, int]] = (words.vocabulary_, chars.vocabulary_)
        self.idf: tuple[FloatArray, FloatArray] = (words.idf_, chars.idf_)
        self.n_words = word_matrix.shape[1]
        self.n_features = self.n_words + char_matrix.shape[1]
        self._set_rows(l2_normalize(sparse.hstack([word_matrix * WORD_WEIGHT, char_matrix]).tocsr()))
        self.classifiers: tuple[_Classifier, _Classifier] | None = None
        self.views: tuple[sparse.csr_matrix, sparse.csr_matrix] | None = None
        if n_articles >= 2 and len(analyses) * n_articles <= CLASSIFIER_MAX_WORK:
            self.views = (word_matrix, char_matrix)  # kept for refitting after an edit
            self.classifiers = (
                _Classifier(word_matrix, self.labels, n_articles),
                _Classifier(char_matrix, self.labels, n_articles),
            )

    def _set_rows(self, rows: sparse.csr_matrix, edited: int | None = None) -> None:
        """Store the phrasing vectors as posting lists (float32) and derive starts and centroids.

        Args:
            rows: One L2-normalised vector per phrasing, grouped by article.
            edited: When only this article changed, its nearest-neighbour figures are updated alone
                (the others keep theirs, raised if the edited article came closer).
        """
        self.starts = np.searchsorted(self.labels, np.arange(self.n_articles))
        self.postings = rows.T.tocsr().astype(np.float32)
        indicator = sparse.csr_matrix(
            (np.ones(len(self.labels)), (self.labels, np.arange(len(self.labels)))),
            shape=(self.n_articles, len(self.labels)),
        )
        centroids = _sketch(l2_normalize(indicator @ rows).astype(np.float32))
        self.centroids = centroids.T.tocsr()
        self.phrasing_counts = np.diff(np.append(self.starts, len(self.labels))).astype(np.float64)
        if edited is None:
            self.closest_other = _closest_other(centroids)
            return
        similarity = (centroids[edited] @ self.centroids).toarray().ravel().astype(np.float64)
        similarity[edited] = -np.inf
        self.closest_other = np.maximum(self.closest_other, similarity)
        self.closest_other[edited] = max(0.0, float(similarity.max()))

    def replace_article(self, article: int, analyses: Sequence[Analysis]) -> None:
        """Swap one article's phrasings for new ones, keeping the fitted vocabulary and idf.

        Words the vocabulary lacks are ignored until the next full build; the classifier, if any, is
        refitted from its current weights (a warm start converges in a few iterations).

        Args:
            article: Index of an existing article.
            analyses: Its new phrasings (at least one).
        """
        low = int(self.starts[article])
        high = int(self.starts[article + 1]) if article + 1 < self.n_articles else len(self.labels)
        vectors = [self.vector(analysis) for analysis in analyses]
        rows = self.postings.T.tocsr()
        new_rows = _stack([self._combine(vector) for vector in vectors], self.n_features)
        replaced = np.full(len(analyses), article, dtype=np.int64)
        self.labels = np.concatenate([self.labels[:low], replaced, self.labels[high:]])
        self._set_rows(sparse.vstack([rows[:low], new_rows, rows[high:]]).tocsr(), edited=article)
        if self.views is not None and self.classifiers is not None:
            word_matrix, char_matrix = self.views
            new_words = _stack([word for word, _ in vectors], self.n_words)
            new_chars = _stack([char for _, char in vectors], self.n_features - self.n_words)
            self.views = (
                sparse.vstack([word_matrix[:low], new_words, word_matrix[high:]]).tocsr(),
                sparse.vstack([char_matrix[:low], new_chars, char_matrix[high:]]).tocsr(),
            )
            for model, matrix in zip(self.classifiers, self.views, strict=True):
                model.refit(matrix, self.labels)

    def _combine(self, vectors: tuple[SparseVector, SparseVector]) -> SparseVector:
        """The weighted, L2-normalised concatenation of a (word, character) vector pair."""
        (word_idx, word_val), (char_idx, char_val) = vectors
        idx = np.concatenate([word_idx, char_idx + self.n_words])
        val = np.concatenate([word_val * WORD_WEIGHT, char_val])
        return idx, val / (float(np.sqrt(val @ val)) or 1.0)

    def vector(self, analysis: Analysis) -> tuple[SparseVector, SparseVector]:
        """The question's L2-normalised (word, character) TF-IDF vectors, computed without sklearn's
        per-call validation (which costs more than the arithmetic)."""
        return (
            _tfidf(analysis.features, self.vocabularies[0], self.idf[0]),
            _tfidf(char_ngrams(analysis.chars), self.vocabularies[1], self.idf[1]),
        )

    def score(self, vectors: tuple[SparseVector, SparseVector], weights: tuple[float, float, float]) -> Scores:
        """Rate every article for the question vectors.

        Args:
            vectors: Output of `vector`.
            weights: (classifier, nearest, centroid) weights of the combined score.
        """
        idx, val = self._combine(vectors)
        sims = _gather(self.postings, idx, val)
        nearest = np.maximum.reduceat(sims, self.starts)
        nearest_row = self._argmax_rows(sims, nearest)
        centroid = _gather(self.centroids, idx, val)
        classifiers = self._probabilities(vectors)
        w_classifier, w_nearest, w_centroid = weights
        if classifiers is None:
            total = w_nearest + w_centroid
            combined = (w_nearest * nearest + w_centroid * centroid) / total
        else:
            classifier = (classifiers[0] + classifiers[1]) / 2.0
            combined = w_classifier * classifier + w_nearest * nearest + w_centroid * centroid
        return Scores(combined, nearest, nearest_row, centroid, classifiers, self.phrasing_counts, self.closest_other)

    def _argmax_rows(self, sims: FloatArray, nearest: FloatArray) -> npt.NDArray[np.int64]:
        hits = np.flatnonzero(sims >= nearest[self.labels])
        rows = np.array(self.starts, dtype=np.int64)
        rows[self.labels[hits[::-1]]] = hits[::-1]
        return rows

    def _probabilities(self, vectors: tuple[SparseVector, SparseVector]) -> tuple[FloatArray, FloatArray] | None:
        if self.classifiers is None:
            return None
        (word_idx, word_val), (char_idx, char_val) = vectors
        word_model, char_model = self.classifiers
        return word_model.probabilities(word_idx, word_val), char_model.probabilities(char_idx, char_val)


def _tfidf(features: Sequence[str], vocabulary: dict[str, int], idf: FloatArray) -> SparseVector:
    """Sublinear-tf TF-IDF of known features, L2-normalised (unknown features are dropped)."""
    counts: dict[int, int] = {}
    for feature in features:
        column = vocabulary.get(feature)
        if column is not None:
            counts[column] = counts.get(column, 0) + 1
    idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
    tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
    val = (1.0 + np.log(tf)) * idf[idx] if len(idx) else tf
    norm = float(np.sqrt(val @ val)) or 1.0
    return idx, val / norm


class _Classifier:
    """Multinomial logistic regression over the most frequent features of one matrix."""

    def __init__(self, matrix: sparse.csr_matrix, labels: npt.NDArray[np.int64], n_articles: int) -> None:
        document_frequency = np.bincount(matrix.indices, minlength=matrix.shape[1])
        budget = CLASSIFIER_MAX_WEIGHTS // n_articles
        kept = np.sort(np.argsort(-document_frequency, kind="stable")[:budget])
        self.columns = np.full(matrix.shape[1], -1, dtype=np.int64)
        self.columns[kept] = np.arange(len(kept))
        self.kept = kept
        self.model = LogisticRegression(C=CLASSIFIER_C, solver="saga", tol=CLASSIFIER_TOL, max_iter=30, random_state=0)
        self._fit(matrix, labels)

    def refit(self, matrix: sparse.csr_matrix, labels: npt.NDArray[np.int64]) -> None:
        """Fit again on changed rows, starting from the current weights (a few iterations)."""
        self.model.warm_start = True
        self._fit(matrix, labels)

    def _fit(self, matrix: sparse.csr_matrix, labels: npt.NDArray[np.int64]) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # convergence warnings: a near-converged model ranks as well
            self.model.fit(matrix[:, self.kept], labels)

    def probabilities(self, idx: npt.NDArray[np.int64], val: FloatArray) -> FloatArray:
        """Class probabilities for one sparse vector (indices in the full matrix's columns)."""
        columns = self.columns[idx]
        known = columns >= 0
        logits = self.model.coef_[:, columns[known]] @ val[known] + self.model.intercept_
        if logits.shape[0] == 1:  # binary model: one logit, for class 1
            positive = 1.0 / (1.0 + np.exp(-logits[0]))
            return np.array([1.0 - positive, positive])
        exp = np.exp(logits - logits.max())
        return np.asarray(exp / exp.sum(), dtype=np.float64)


def _sketch(centroids: sparse.csr_matrix) -> sparse.csr_matrix:
    """Above `CENTROID_EXACT_MAX` articles, keep each centroid's `CENTROID_SKETCH` heaviest features
    (re-normalised): cosines barely move, while article-to-article comparison gets far cheaper."""
    if centroids.shape[0] <= CENTROID_EXACT_MAX:
        return centroids
    rows, cols, vals = [], [], []
    for index in range(centroids.shape[0]):
        low, high = centroids.indptr[index], centroids.indptr[index + 1]
        keep = np.argsort(-centroids.data[low:high])[:CENTROID_SKETCH]
        rows.append(np.full(len(keep), index))
        cols.append(centroids.indices[low:high][keep])
        vals.append(centroids.data[low:high][keep])
    sketched = sparse.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=centroids.shape
    )
    return l2_normalize(sketched).astype(np.float32)


def _closest_other(centroids: sparse.csr_matrix) -> FloatArray:
    """Per article, the cosine between its centroid and the nearest other article's centroid (0 if alone).

    Computed in blocks of rows so that memory stays at `block x articles` for a large knowledge base.
    """
    n_articles = centroids.shape[0]
    closest = np.zeros(n_articles)
    transposed = centroids.T.tocsr()
    for low in range(0, n_articles, CLOSEST_BLOCK):
        block = (centroids[low : low + CLOSEST_BLOCK] @ transposed).toarray()
        block[np.arange(block.shape[0]), np.arange(low, low + block.shape[0])] = -np.inf
        closest[low : low + block.shape[0]] = block.max(axis=1) if n_articles > 1 else 0.0
    return closest


def _gather(postings: sparse.csr_matrix, idx: npt.NDArray[np.int64], val: FloatArray) -> FloatArray:
    """Dense `val @ postings[idx]` for a sparse query vector (indices `idx`, values `val`)."""
    query = sparse.csr_matrix((val.astype(postings.dtype), idx, [0, len(idx)]), shape=(1, postings.shape[0]))
    return np.asarray((query @ postings).toarray(), dtype=np.float64).ravel()


def _stack(vectors: list[SparseVector], width: int) -> sparse.csr_matrix:
    """Rows of a CSR matrix from sparse vectors."""
    indptr = np.cumsum([0, *(len(idx) for idx, _ in vectors)])
    indices = np.concatenate([idx for idx, _ in vectors]) if vectors else np.zeros(0, dtype=np.int64)
    data = np.concatenate([val for _, val in vectors]) if vectors else np.zeros(0)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(vectors), width))
