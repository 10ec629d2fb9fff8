"""The confidence model: a fixed logistic model over knowledge-base-independent match features.

The confidence of a candidate is an estimate of P(this article is the right answer), from the features in
`kb.match_features`: similarities, margins and shares, agreement of the scorers, word coverage, and two
properties of the candidate article (how many phrasings it has, how close its nearest neighbour article
is). None of them counts the articles of the knowledge base. The coefficients are fitted by
`bench/calibrate.py` (logistic regression) on banking77 `queries-val.jsonl` against four knowledge bases
pooled: articles-10, random 20- and 35-article subsets of it (the other questions then out of scope), and
articles-all; a second set is fitted for indexes without the classifier. Rerun it whenever a feature or
scorer changes, and paste its output here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from kb.match_features import FEATURES

# Fitted coefficients (intercept first, then one per feature), with and without the classifier.
# fmt: off
WITH_CLASSIFIER: tuple[float, ...] = (
    -8.703, 2.947, 1.992, 2.163, -0.579, -0.621, -1.067, 1.446, 0.327, 2.626, 0.698, 1.947, 1.338, -2.433, 1.841,
)
WITHOUT_CLASSIFIER: tuple[float, ...] = (
    -7.392, 0.000, 0.000, 1.383, 1.287, -0.543, 3.155, 3.155, 1.320, 3.677, 0.928, 2.123, 1.402, -1.958, 1.528,
)
# fmt: on
assert len(WITH_CLASSIFIER) == len(WITHOUT_CLASSIFIER) == len(FEATURES) + 1


def confidence(features: Sequence[float], *, with_classifier: bool) -> float:
    """P(correct) for one candidate, from its features in `FEATURES` order. Always in [0, 1]."""
    coefficients = WITH_CLASSIFIER if with_classifier else WITHOUT_CLASSIFIER
    logit = coefficients[0] + sum(w * x for w, x in zip(coefficients[1:], features, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, logit))))
