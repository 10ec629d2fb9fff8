"""The features of one candidate article that the confidence model reads (see `kb.match_calibration`).

Every feature is a similarity, a probability, a margin or a share in [-1, 1]: none counts articles or
phrasings, so they mean the same in a knowledge base of 5 or 5,000 articles.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz

from kb.match_index import FloatArray, Scores
from kb.match_query import Analysis
from kb.match_semantic import SemanticScores

QUERY_TERMS_CAP = 8
MATURE_PHRASINGS = 200

FEATURES: tuple[str, ...] = (
    "classifier_share",  # mean classifier probability / (it + the best other article's): scale-free
    "classifier_floor",  # the lower of the word and character classifiers' shares (do they agree?)
    "nearest",  # cosine to the candidate's closest phrasing
    "nearest_margin",  # ... minus the best other article's
    "centroid",  # cosine to the candidate's centroid
    "centroid_margin",  # ... minus the best other article's
    "combined_margin",  # ranking score minus the best other article's
    "agreement",  # share of the scorers that rank the candidate first
    "coverage",  # share of the question's content stems found in the candidate's phrasings
    "phrasing_coverage",  # share of the winning phrasing's content stems found in the question
    "fuzzy",  # rapidfuzz token_sort_ratio of question and winning phrasing, in [0, 1]
    "query_terms",  # number of content stems in the question, capped at 8, divided by 8
    "maturity",  # log of the candidate's number of phrasings, scaled so 200 phrasings -> 1
    "closest_other",  # cosine of the candidate's centroid to the nearest other article's (confusability)
)
SEMANTIC_FEATURES: tuple[str, ...] = (
    "sem_classifier_share",  # semantic classifier probability / (it + the best other article's); 0 without
    "sem_nearest",  # embedding cosine to the candidate's closest phrasing
    "sem_nearest_margin",  # ... minus the best other article's
    "sem_centroid_margin",  # embedding cosine to the candidate's centroid minus the best other article's
    "sem_agreement",  # share of the semantic scorers (nearest, centroid, classifier) that rank it first
    "sem_closest_other",  # embedding cosine of the candidate's centroid to the nearest other article's
)
"""Added after `FEATURES` when the semantic scorer runs."""


@dataclass(frozen=True)
class _Top:
    """The best index and the two best values of one score array (0.0 stands in for a missing second)."""

    index: int
    best: float
    second: float

    @classmethod
    def of(cls, values: FloatArray) -> _Top:
        if values.shape[0] < 2:
            return cls(0, float(values[0]), 0.0)
        first, second = np.argpartition(-values, 1)[:2]
        if values[second] > values[first] or (values[second] == values[first] and second < first):
            first, second = second, first
        return cls(int(first), float(values[first]), float(values[second]))

    def other(self, index: int) -> float:
        """The largest value of any article but `index`."""
        return self.second if index == self.index else self.best


class QuerySummary:
    """What every candidate's features need from the score arrays, computed once per question."""

    def __init__(
        self, scores: Scores, semantic: SemanticScores | None = None, combined: FloatArray | None = None
    ) -> None:
        """Summarise the arrays (argmax and two best values of each).

        Args:
            scores: The lexical scores.
            semantic: The semantic scores, when the semantic scorer runs.
            combined: The ranking score, when it is not the lexical one (fused with the semantic scores).
        """
        self.scores = scores
        self.semantic = semantic
        self.combined = scores.combined if combined is None else combined
        self.mean = scores.classifier
        arrays = [scores.nearest, scores.centroid, self.combined]
        if scores.classifiers is not None and self.mean is not None:
            arrays += [*scores.classifiers, self.mean]
        self.tops = [_Top.of(values) for values in arrays]
        self.semantic_tops: list[_Top] = []
        if semantic is not None:
            views = [semantic.nearest, semantic.centroid]
            views += [semantic.classifier] if semantic.classifier is not None else []
            self.semantic_tops = [_Top.of(values) for values in views]

    def features(self, article: int, analysis: Analysis, phrasing: Analysis, article_stems: set[str]) -> list[float]:
        """The `FEATURES` of one candidate.

        Args:
            article: The candidate's index in the score arrays.
            analysis: The question's analysis (with at least one stem).
            phrasing: Analysis of the candidate's phrasing closest to the question.
            article_stems: Every content stem of the candidate's phrasings.
        """
        scores = self.scores
        nearest, centroid, combined, *classifier = self.tops
        if scores.classifiers is not None and self.mean is not None:
            word, char, mean = classifier
            leaders = [nearest, centroid, word, char]
            word_share = _share(float(scores.classifiers[0][article]), word.other(article))
            char_share = _share(float(scores.classifiers[1][article]), char.other(article))
            shares = [_share(float(self.mean[article]), mean.other(article)), min(word_share, char_share)]
        else:
            leaders = [nearest, centroid]
            shares = [0.0, 0.0]
        question = set(analysis.stems)
        covered = sum(1 for stem in analysis.stems if stem in article_stems)
        phrasing_covered = sum(1 for stem in phrasing.stems if stem in question)
        return [
            *shares,
            float(scores.nearest[article]),
            float(scores.nearest[article]) - nearest.other(article),
            float(scores.centroid[article]),
            float(scores.centroid[article]) - centroid.other(article),
            float(self.combined[article]) - combined.other(article),
            sum(1 for top in leaders if top.index == article) / len(leaders),
            covered / len(analysis.stems),
            phrasing_covered / len(phrasing.stems) if phrasing.stems else 0.0,
            fuzz.token_sort_ratio(analysis.chars, phrasing.chars) / 100.0,
            min(len(analysis.stems), QUERY_TERMS_CAP) / QUERY_TERMS_CAP,
            min(1.0, math.log1p(float(scores.phrasing_counts[article])) / math.log1p(MATURE_PHRASINGS)),
            float(scores.closest_other[article]),
        ]

    def semantic_features(self, article: int) -> list[float]:
        """The `SEMANTIC_FEATURES` of one candidate (call only when the semantic scorer ran)."""
        semantic = self.semantic
        assert semantic is not None, "semantic features need semantic scores"
        nearest, centroid, *classifier = self.semantic_tops
        share = 0.0
        if semantic.classifier is not None:
            share = _share(float(semantic.classifier[article]), classifier[0].other(article))
        return [
            share,
            float(semantic.nearest[article]),
            float(semantic.nearest[article]) - nearest.other(article),
            float(semantic.centroid[article]) - centroid.other(article),
            sum(1 for top in self.semantic_tops if top.index == article) / len(self.semantic_tops),
            float(semantic.closest_other[article]),
        ]


def _share(value: float, other: float) -> float:
    """value / (value + the best other article's value): 0.5 means a tie with the runner-up."""
    total = value + other
    return value / total if total > 0 else 0.0
