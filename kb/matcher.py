"""Match a colleague's question to knowledge-base articles, with a confidence that means P(right answer).

Usage:
    matcher = Matcher(articles, learned)
    match = matcher.match("outlook start niet")
    if match.band == "answer": ...     # reply with match.best
    elif match.band == "suggest": ...  # offer match.candidates, or open a ticket

The confidence is calibrated, not a raw similarity: see `kb.match_calibration`. Bands follow from the
thresholds only, so a knowledge-base admin can reason about them ("answer when at least 70% sure").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import numpy.typing as npt

from kb.article import Article, LearnedPhrasing
from kb.match_calibration import confidence
from kb.match_features import FEATURES, QuerySummary
from kb.match_index import VectorIndex
from kb.match_query import Analysis, QueryAnalyser, analyse
from kb.normalize import detect_language, normalize

Band = Literal["answer", "suggest", "none"]

SCORER_WEIGHTS = (1.0, 0.0, 0.5)
"""Weights of (classifier, nearest, centroid) in the ranking score; chosen on banking77 val."""

MAX_SUGGESTIONS = 3
FULL_REBUILD_SHARE = 0.2
"""Rebuild fully once in-place edits have touched this share of the phrasings (the vocabulary drifts)."""
RERANK_POOL = 5
"""The top articles by ranking score are re-ranked by confidence (a better ranker, measured on val)."""


@dataclass(frozen=True)
class Thresholds:
    """Confidence cut-offs, each in [0, 1]: answer at or above `answer`, suggest at or above `suggest`."""

    answer: float
    suggest: float


DEFAULT_THRESHOLDS = Thresholds(answer=0.70, suggest=0.20)
"""Why these values (figures on banking77 queries-val only; bench/calibrate.py prints them):

- answer 0.70: the lowest confidence (on a 0.05 grid) at which answers are >= 90% right on val in all four
  set-ups measured: articles-10 and articles-all, each with and without the classifier (92.0, 91.4, 90.8
  and 95.1%). 0.65 reaches 90% in three of the four only; a confident wrong answer costs more trust
  than a ticket.
- suggest 0.20: a suggestion is cheap (one click; "Geen van deze" opens the ticket) while a right article not
  offered costs the colleague a ticket and a wait. Lowering it from 0.30 to 0.20 raises the in-scope val
  questions helped by an answer or a suggestion list holding the right article from 68.6% to 75.0%; those lists
  hold the right article 81.1% of the time; out-of-scope val questions (hard negatives) shown suggestions rise
  from 23% to 40%. Below 0.20 the lists get noisier faster than they help (0.15: 78.6% helped, 52% noise).
"""


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

    def slim(self) -> _Phrasing:
        """Without the word features: the index holds them as vectors (saves memory in a big KB)."""
        return replace(self, analysis=replace(self.analysis, features=()))


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
        """Add or replace one article (by id). Not safe to call while matching concurrently.

        An edit of an existing article updates the index in place, keeping the vocabulary fitted at the
        last full build (new words in the edit count through their character n-grams only); a new article,
        or edits adding up to more than `FULL_REBUILD_SHARE` of the phrasings, trigger a full rebuild.
        """
        indexed = any(kept.id == article.id for kept in self._order)
        self._articles[article.id] = article
        texts = [(text, article.lang) for text in _phrasings(article) if _words(text)]
        if not indexed or not texts or self._edited > FULL_REBUILD_SHARE * len(self._phrasings):
            self._build()
            return
        position = next(index for index, kept in enumerate(self._order) if kept.id == article.id)
        self._order[position] = article
        texts += [
            (p.text, detect_language(p.text) or article.lang)
            for p in self._learned
            if p.article_id == article.id and _words(p.text)
        ]
        fresh = [_Phrasing(position, text, analyse(text, lang, self._query.parts)) for text, lang in texts]
        self._index.replace_article(position, [p.analysis for p in fresh])
        fresh = [p.slim() for p in fresh]
        low = next(index for index, p in enumerate(self._phrasings) if p.article == position)
        high = low + sum(1 for p in self._phrasings if p.article == position)
        self._phrasings[low:high] = fresh
        self._stems[position] = {stem for p in fresh for stem in p.analysis.stems}
        self._edited += len(fresh)

    def _build(self) -> None:
        self._edited = 0
        self._phrasings: list[_Phrasing] = []
        # An article without a single word in its title, phrasings or tags cannot be matched: left out.
        self._order = [a for a in self._articles.values() if any(_words(text) for text in _phrasings(a))]
        if not self._order:
            return
        vocabulary = {word for a in self._order for text in _phrasings(a) for word in _words(text)}
        vocabulary |= {word for p in self._learned for word in _words(p.text)}
        self._query = QueryAnalyser(vocabulary)
        self._phrasings = self._analyse_phrasings(self._query.parts)
        self._index = VectorIndex(
            [p.analysis for p in self._phrasings], [p.article for p in self._phrasings], len(self._order)
        )
        self._phrasings = [p.slim() for p in self._phrasings]
        self._stems: list[set[str]] = [set() for _ in self._order]
        for phrasing in self._phrasings:
            self._stems[phrasing.article].update(phrasing.analysis.stems)

    def _analyse_phrasings(self, parts: frozenset[str]) -> list[_Phrasing]:
        position = {article.id: index for index, article in enumerate(self._order)}
        texts = [(position[a.id], text, a.lang) for a in self._order for text in _phrasings(a) if _words(text)]
        for learned in self._learned:
            if learned.article_id not in position or not _words(learned.text):
                continue
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
            else `none`. Candidates are ranked by confidence; in band `none` they are still returned (for
            logging and `explain`; not meant to be shown). Text without words (empty, punctuation, emoji)
            gives `Match("none", ())`. Read-only: safe to call from several threads.
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
        analysis, summary = scored
        top = _top_indices(summary.scores.combined, max(limit, RERANK_POOL))
        candidates = [self._candidate(article, analysis, summary) for article in top]
        return sorted(candidates, key=lambda c: -c.confidence)[:limit]

    def _score(self, text: str) -> tuple[Analysis, QuerySummary] | None:
        if not self._order:
            return None
        analysis = self._query.analyse(text)
        if not analysis.stems:
            return None
        return analysis, QuerySummary(self._index.score(self._index.vector(analysis), SCORER_WEIGHTS))

    def _candidate(self, article: int, analysis: Analysis, summary: QuerySummary) -> Candidate:
        features = self._features(article, analysis, summary)
        phrasing = self._phrasings[int(summary.scores.nearest_row[article])].text
        terms = tuple(dict.fromkeys(s for s in analysis.stems if s in self._stems[article]))
        value = confidence(features, with_classifier=summary.scores.classifiers is not None)
        return Candidate(self._order[article].id, self._order[article].title, value, phrasing, terms)

    def candidate_features(self, text: str, limit: int = 3) -> list[tuple[str, list[float]]]:
        """(article id, `kb.match_calibration.FEATURES`) of the top candidates by ranking score.

        For fitting the confidence model (bench/calibrate.py); empty when the text has no words.
        """
        scored = self._score(text)
        if scored is None:
            return []
        analysis, summary = scored
        top = _top_indices(summary.scores.combined, limit)
        return [(self._order[a].id, self._features(a, analysis, summary)) for a in top]

    @property
    def has_classifier(self) -> bool:
        """Whether the index trained a classifier (it does not above a size limit)."""
        return bool(self._order) and self._index.classifiers is not None

    def _features(self, article: int, analysis: Analysis, summary: QuerySummary) -> list[float]:
        phrasing = self._phrasings[int(summary.scores.nearest_row[article])].analysis
        return summary.features(article, analysis, phrasing, self._stems[article])

    def explain(self, text: str) -> str:
        """Human-readable account of the match: per top candidate its confidence, winning phrasing,
        matched terms and the scorer parts behind the confidence."""
        match = self.match(text, limit=3)
        scored = self._score(text)
        if scored is None or not match.candidates:
            return f"band: {match.band} (no words to match)"
        analysis, scores = scored
        lines = [
            f"band: {match.band}  (answer >= {self.thresholds.answer:.2f}, suggest >= {self.thresholds.suggest:.2f})",
            f"question terms: {' '.join(analysis.stems)}",
        ]
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


def _top_indices(values: npt.NDArray[np.float64], count: int) -> list[int]:
    """Indices of the `count` largest values, largest first (ties: lowest index first)."""
    if count < values.shape[0]:
        part = np.argpartition(-values, count - 1)[:count]
        return [int(i) for i in part[np.lexsort((part, -values[part]))]]
    return [int(i) for i in np.argsort(-values, kind="stable")]


def _phrasings(article: Article) -> tuple[str, ...]:
    """The article's phrasings, plus its tags as one extra phrasing (they name the subject)."""
    return (*article.phrasings, " ".join(article.tags)) if article.tags else article.phrasings


def _words(text: str) -> list[str]:
    return normalize(text).split()
