"""Match a colleague's question to knowledge-base articles, with a confidence that means P(right answer).

Usage:
    matcher = Matcher(articles, learned)
    match = matcher.match("outlook start niet")
    if match.band == "answer": ...     # reply with match.best
    elif match.band == "suggest": ...  # offer match.candidates, or open a ticket

The confidence is calibrated, not a raw similarity: see `kb.match_calibration`. Bands follow from the
thresholds only, so a knowledge-base admin can reason about them ("answer when at least 80% sure").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from rapidfuzz import fuzz

from kb.article import Article, LearnedPhrasing
from kb.match_calibration import FEATURES, confidence
from kb.match_index import Scores, VectorIndex
from kb.match_query import Analysis, QueryAnalyser, analyse
from kb.normalize import detect_language, normalize

Band = Literal["answer", "suggest", "none"]

SCORER_WEIGHTS = (1.0, 0.5, 0.5)
"""Weights of (classifier, nearest, centroid) in the ranking score; chosen on banking77 val."""

MAX_SUGGESTIONS = 3


@dataclass(frozen=True)
class Thresholds:
    """Confidence cut-offs, each in [0, 1]: answer at or above `answer`, suggest at or above `suggest`."""

    answer: float
    suggest: float


DEFAULT_THRESHOLDS = Thresholds(answer=0.80, suggest=0.30)
"""Answer at >= 80% estimated probability of being right: on banking77 val that keeps precision of
answers at about 90% while answering as many questions as possible; below 30% a suggestion is more noise
than help. See bench/README.md for the figures behind these numbers."""


@dataclass(frozen=True)
class Candidate:
    """One ranked article for a question.

    Attributes:
        article_id: The article's id.
        title: The article's title.
        confidence: Estimated probability, in [0, 1], that this article answers the question.
        phrasing: The article's phrasing closest to the question.
        terms: Normalised question terms (stems) that also occur in the article's phrasings.
    """

    article_id: str
    title: str
    confidence: float
    phrasing: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Match:
    """The outcome for one question: a band and the candidates (best first, possibly none)."""

    band: Band
    candidates: tuple[Candidate, ...]

    @property
    def best(self) -> Candidate | None:
        """The top candidate, or None when there are no candidates."""
        return self.candidates[0] if self.candidates else None


NO_MATCH = Match("none", ())


@dataclass(frozen=True)
class _Phrasing:
    article: int
    text: str
    analysis: Analysis


class Matcher:
    """Ranks articles for questions. Build once per knowledge-base version; `match` is read-only.

    Building takes well under a second for a few hundred phrasings (see bench/README.md).
    """

    def __init__(
        self,
        articles: Iterable[Article],
        learned: Iterable[LearnedPhrasing] = (),
        thresholds: Thresholds = DEFAULT_THRESHOLDS,
    ) -> None:
        """Index the articles and learned phrasings.

        Args:
            articles: The knowledge base. A later article with the same id replaces an earlier one.
            learned: Phrasings learned from use; they count like authored phrasings of their article.
                Those whose article id is unknown are ignored.
            thresholds: Confidence cut-offs for the bands.
        """
        self.thresholds = thresholds
        self._articles: dict[str, Article] = {article.id: article for article in articles}
        self._learned = [phrasing for phrasing in learned if phrasing.article_id in self._articles]
        self._build()

    def replace_article(self, article: Article) -> None:
        """Add or replace one article (by id) and re-index. Not safe to call while matching concurrently."""
        self._articles[article.id] = article
        self._build()

    def _build(self) -> None:
        self._order = list(self._articles.values())
        if not self._order:
            return
        vocabulary = {word for a in self._order for text in a.phrasings for word in _words(text)}
        vocabulary |= {word for p in self._learned for word in _words(p.text)}
        self._query = QueryAnalyser(vocabulary)
        self._phrasings = self._analyse_phrasings(self._query.parts)
        self._index = VectorIndex(
            [p.analysis for p in self._phrasings], [p.article for p in self._phrasings], len(self._order)
        )
        self._stems: list[set[str]] = [set() for _ in self._order]
        for phrasing in self._phrasings:
            self._stems[phrasing.article].update(phrasing.analysis.stems)

    def _analyse_phrasings(self, parts: frozenset[str]) -> list[_Phrasing]:
        position = {article.id: index for index, article in enumerate(self._order)}
        texts = [(position[a.id], text, a.lang) for a in self._order for text in a.phrasings]
        for learned in self._learned:
            lang = detect_language(learned.text) or self._articles[learned.article_id].lang
            texts.append((position[learned.article_id], learned.text, lang))
        texts.sort(key=lambda item: item[0])
        return [_Phrasing(index, text, analyse(text, lang, parts)) for index, text, lang in texts]

    def match(self, text: str, *, limit: int = 3) -> Match:
        """Rank the articles for a question and decide the band.

        Args:
            text: The question as typed; any length (long text is truncated), any characters.
            limit: Maximum number of candidates returned (in band "suggest" at most 3, each >= suggest).

        Returns:
            `answer` when the best confidence >= thresholds.answer, `suggest` when >= thresholds.suggest,
            else `none`. Text without words (empty, punctuation, emoji) gives `Match("none", ())`.
        """
        ranked = self._rank(text, max(limit, 1))
        if not ranked:
            return NO_MATCH
        best = ranked[0].confidence
        if best >= self.thresholds.answer:
            return Match("answer", tuple(ranked[:limit]))
        if best >= self.thresholds.suggest:
            kept = [c for c in ranked if c.confidence >= self.thresholds.suggest]
            return Match("suggest", tuple(kept[: min(limit, MAX_SUGGESTIONS)]))
        return Match("none", tuple(ranked[:limit]))

    def _rank(self, text: str, limit: int) -> list[Candidate]:
        scored = self._score(text)
        if scored is None:
            return []
        analysis, scores = scored
        top = np.argsort(-scores.combined, kind="stable")[:limit]
        candidates = [self._candidate(int(article), analysis, scores) for article in top]
        return sorted(candidates, key=lambda c: -c.confidence)

    def _score(self, text: str) -> tuple[Analysis, Scores] | None:
        if not self._order:
            return None
        analysis = self._query.analyse(text)
        if not analysis.stems:
            return None
        return analysis, self._index.score(self._index.vector(analysis), SCORER_WEIGHTS)

    def _candidate(self, article: int, analysis: Analysis, scores: Scores) -> Candidate:
        features = self._features(article, analysis, scores)
        phrasing = self._phrasings[int(scores.nearest_row[article])].text
        terms = tuple(dict.fromkeys(s for s in analysis.stems if s in self._stems[article]))
        value = confidence(features, with_classifier=scores.classifier is not None)
        return Candidate(self._order[article].id, self._order[article].title, value, phrasing, terms)

    def _features(self, article: int, analysis: Analysis, scores: Scores) -> list[float]:
        """The `kb.match_calibration.FEATURES` of one candidate."""
        classifier = scores.classifier if scores.classifier is not None else scores.combined * 0.0
        leaders = [int(np.argmax(part)) for part in (classifier, scores.nearest, scores.centroid)]
        if scores.classifier is None:
            leaders = leaders[1:]
        phrasing = self._phrasings[int(scores.nearest_row[article])].analysis.chars
        covered = sum(1 for stem in analysis.stems if stem in self._stems[article])
        return [
            float(classifier[article]),
            _margin(classifier, article),
            float(scores.nearest[article]),
            _margin(scores.nearest, article),
            float(scores.centroid[article]),
            _margin(scores.combined, article),
            sum(1 for leader in leaders if leader == article) / len(leaders),
            covered / len(analysis.stems),
            fuzz.token_sort_ratio(analysis.chars, phrasing) / 100.0,
        ]

    def explain(self, text: str) -> str:
        """Human-readable account of the match: per top candidate its confidence, winning phrasing,
        matched terms and the scorer parts behind the confidence."""
        match = self.match(text, limit=3)
        scored = self._score(text)
        if scored is None or not match.candidates:
            return f"band: {match.band} (no words to match)"
        analysis, scores = scored
        lines = [f"band: {match.band}  (answer >= {self.thresholds.answer:.2f}, suggest >= "
                 f"{self.thresholds.suggest:.2f})", f"question terms: {' '.join(analysis.stems)}"]
        if analysis.corrected:
            lines.append("typos: " + ", ".join(f"{typed} -> {known}" for typed, known in analysis.corrected))
        position = {article.id: index for index, article in enumerate(self._order)}
        for rank, candidate in enumerate(self._rank(text, 3), start=1):
            parts = self._features(position[candidate.article_id], analysis, scores)
            lines.append(f"{rank}. {candidate.article_id} ({candidate.title}): confidence {candidate.confidence:.2f}")
            lines.append(f"   phrasing: {candidate.phrasing}")
            lines.append(f"   terms: {' '.join(candidate.terms) or '-'}")
            lines.append("   " + ", ".join(f"{name}={value:.2f}" for name, value in zip(FEATURES, parts, strict=True)))
        return "\n".join(lines)


def _margin(values: np.ndarray, index: int) -> float:
    """values[index] minus the largest other value (0 when there is no other)."""
    if values.shape[0] < 2:
        return float(values[index])
    others = np.delete(values, index)
    return float(values[index] - others.max())


def _words(text: str) -> list[str]:
    return normalize(text).split()
