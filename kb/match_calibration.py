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

from kb.match_features import FEATURES

# Fitted coefficients (intercept first, then one per feature), with and without the classifier.
# fmt: off
WITH_CLASSIFIER: tuple[float, ...] = (
    -8.868, 3.405, 1.838, 1.578, 0.133, 0.692, -1.139, 0.823, 0.291, 2.258, 0.563, 1.612, 1.152,
)
WITHOUT_CLASSIFIER: tuple[float, ...] = (
    -7.236, 0.000, 0.000, 0.953, 1.756, 0.360, 2.769, 2.769, 1.380, 3.220, 0.805, 1.792, 1.183,
)
# fmt: on
assert len(WITH_CLASSIFIER) == len(WITHOUT_CLASSIFIER) == len(FEATURES) + 1


def confidence(features: Sequence[float], *, with_classifier: bool) -> float:
    """P(correct) for one candidate, from its features in `FEATURES` order. Always in [0, 1]."""
    coefficients = WITH_CLASSIFIER if with_classifier else WITHOUT_CLASSIFIER
    logit = coefficients[0] + sum(w * x for w, x in zip(coefficients[1:], features, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, logit))))
