"""The confidence model: fixed logistic models over knowledge-base-independent match features.

The confidence of a candidate is an estimate of P(this article is the right answer), from the features in
`kb.match_features` (plus `SEMANTIC_FEATURES` when the semantic scorer runs): similarities, margins and
shares, agreement of the scorers, word coverage, and properties of the candidate article (its number of
phrasings, how close its nearest neighbour article is). None of them counts the articles of the knowledge
base. There is one model per mode (semantic scorer or not, classifiers or not), fitted by
`bench/calibrate.py` on a pool of knowledge bases that differ in size, phrasings per article and language
(validation questions only; see bench/README.md). Rerun it whenever a feature or scorer changes, and paste
its output here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from kb.match_features import FEATURES, SEMANTIC_FEATURES

# Fitted coefficients (intercept first, then one per feature), per mode.
# fmt: off
LEXICAL: tuple[float, ...] = (
    -8.703, 2.947, 1.992, 2.163, -0.579, -0.621, -1.067, 1.446, 0.327, 2.626, 0.698, 1.947, 1.338, -2.433, 1.841,
)
LEXICAL_NO_CLASSIFIER: tuple[float, ...] = (
    -7.392, 0.000, 0.000, 1.383, 1.287, -0.543, 3.155, 3.155, 1.320, 3.677, 0.928, 2.123, 1.402, -1.958, 1.528,
)
SEMANTIC: tuple[float, ...] = (
    -3.922, 1.801, -0.286, 1.501, 0.998, 0.836, -1.726, 0.690, -0.232, 1.065, 0.150, -0.648, 0.940, -4.289, -0.151,
    5.983, -0.100, 1.043, 1.056, 1.111, -1.916,
)
SEMANTIC_NO_CLASSIFIER: tuple[float, ...] = (
    -4.172, 0.000, 0.000, 1.074, 0.543, 1.963, -2.966, 5.176, 0.218, 1.203, 0.121, -0.778, 0.867, -1.838, -0.519,
    0.000, 1.239, -0.056, 4.496, 1.657, -0.831,
)
# fmt: on
assert len(LEXICAL) == len(LEXICAL_NO_CLASSIFIER) == len(FEATURES) + 1
assert len(SEMANTIC) == len(SEMANTIC_NO_CLASSIFIER) == len(FEATURES) + len(SEMANTIC_FEATURES) + 1


def coefficients(*, with_classifier: bool, semantic: bool) -> tuple[float, ...]:
    """The fitted model for one mode (intercept first)."""
    if semantic:
        return SEMANTIC if with_classifier else SEMANTIC_NO_CLASSIFIER
    return LEXICAL if with_classifier else LEXICAL_NO_CLASSIFIER


def confidence(features: Sequence[float], *, with_classifier: bool, semantic: bool = False) -> float:
    """P(correct) for one candidate, from its features (`FEATURES`, then `SEMANTIC_FEATURES` when
    `semantic`). Always in [0, 1]."""
    model = coefficients(with_classifier=with_classifier, semantic=semantic)
    logit = model[0] + sum(w * x for w, x in zip(model[1:], features, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, logit))))
