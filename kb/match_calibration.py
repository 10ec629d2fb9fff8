"""The confidence model: a fixed logistic model over knowledge-base-independent match features.

The confidence of a candidate is an estimate of P(this article is the right answer), from features that
mean the same whatever the size or subject of the knowledge base: similarities and margins in [-1, 1],
agreement of the scorers, how many of the question's words the article covers. None of them counts
articles. The coefficients are fitted by `bench/calibrate.py` on banking77 `queries-val.jsonl` against both
`articles-10` and `articles-all` (so that a small and a mature knowledge base are both represented), and
pasted here; the fit is rerun whenever a feature changes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

FEATURES: tuple[str, ...] = (
    "classifier",  # classifier probability of the candidate
    "classifier_margin",  # ... minus the best other article's probability
    "nearest",  # cosine to the candidate's closest phrasing
    "nearest_margin",  # ... minus the best other article's
    "centroid",  # cosine to the candidate's centroid
    "combined_margin",  # combined score minus the best other article's
    "agreement",  # share of the scorers that rank the candidate first
    "coverage",  # share of the question's content stems found in the candidate's phrasings
    "fuzzy",  # rapidfuzz token_sort_ratio to the winning phrasing, in [0, 1]
)

# Fitted coefficients (intercept first, then one per feature), with and without the classifier.
WITH_CLASSIFIER: tuple[float, ...] = (-4.0, 2.0, 2.0, 2.0, 4.0, 1.0, 3.0, 1.0, 1.0, 0.5)
WITHOUT_CLASSIFIER: tuple[float, ...] = (-4.0, 0.0, 0.0, 3.0, 6.0, 1.0, 4.0, 1.0, 1.0, 0.5)


def confidence(features: Sequence[float], *, with_classifier: bool) -> float:
    """P(correct) for one candidate, from its features in `FEATURES` order. Always in [0, 1]."""
    coefficients = WITH_CLASSIFIER if with_classifier else WITHOUT_CLASSIFIER
    logit = coefficients[0] + sum(w * x for w, x in zip(coefficients[1:], features, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, logit))))
