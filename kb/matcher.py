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

import numpy as np
import numpy.typing as npt

from kb.article import Article, Language, LearnedPhrasing
from kb.embedding import CachedEncoder
from kb.match_calibration import confidence
from kb.match_features import FEATURES, SEMANTIC_FEATURES, QuerySummary
from kb.match_index import VectorIndex
from kb.match_intent import person_request_only, vague_subject, wants_person
from kb.match_lexicon import STOP_WORDS_EN, STOP_WORDS_NL
from kb.match_query import Analysis, QueryAnalyser, analyse
from kb.match_result import DEFAULT_THRESHOLDS, NO_MATCH, Band, Candidate, Match, Thresholds
from kb.match_semantic import SemanticIndex, SemanticScores, embedding_text, twins
from kb.normalize import detect_language, normalize

SCORER_WEIGHTS = (1.0, 0.0, 0.5)
"""Weights of (classifier, nearest, centroid) in the ranking score; chosen on banking77 val."""
SEMANTIC_WEIGHTS = (2.0, 3.0, 4.0)
"""Weights of the semantic (classifier, nearest, centroid) added to the ranking score (the lexical one weighs
1): the best mean top-1 over the validation pool on a grid (bench/README.md)."""
VAGUE_CAP = 0.5
"""Highest confidence for a vague complaint about a subject several articles share ("laptop doet raar"):
below the answer threshold, so the colleague is offered suggestions instead of a guess."""

MAX_SUGGESTIONS = 3
"""Once the best candidate reaches the suggest threshold, the list shows the best three: a second or third
button costs nothing when a list is shown anyway (on the val pool it adds 1-5 points of questions helped,
and no out-of-scope question gets a list it would not have had)."""
FULL_REBUILD_SHARE = 0.2
"""Rebuild fully once in-place edits have touched this share of the phrasings (the vocabulary drifts)."""
STOP_WORDS = STOP_WORDS_EN | STOP_WORDS_NL
RERANK_POOL = 5
"""The top articles by ranking score are re-ranked by confidence (a better ranker, measured on val)."""


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
        encoder: CachedEncoder | None = None,
    ) -> None:
        """Index the articles and learned phrasings.

        Args:
            articles: The knowledge base. A later article with the same id replaces an earlier one.
            learned: Phrasings learned from use; they count like authored phrasings of their article.
                Those whose article id is unknown are ignored.
            thresholds: Confidence cut-offs for the bands.
            encoder: Sentence embeddings for the semantic scorer; None matches on words alone.
        """
        self.thresholds = thresholds
        self._encoder = encoder
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
        texts = [(text, article.lang) for text in article_texts(article) if _words(text)]
        too_many = self._edited > FULL_REBUILD_SHARE * len(self._phrasings)
        if not indexed or not texts or too_many or self._encoder is not None:
            self._build()  # with the semantic scorer: vectors of unchanged phrasings come from the memo
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
        self._phrasing_words = {_written_words(p.text) for p in self._phrasings}
        self._edited += len(fresh)

    def _build(self) -> None:
        self._edited = 0
        self._phrasings: list[_Phrasing] = []
        self._semantic: SemanticIndex | None = None
        self._twins: dict[str, tuple[int, ...]] = {}
        # An article without a single word in its title, phrasings or tags cannot be matched: left out.
        self._order = [a for a in self._articles.values() if any(_words(text) for text in article_texts(a))]
        if not self._order:
            return
        vocabulary = {word for a in self._order for text in article_texts(a) for word in _words(text)}
        vocabulary |= {word for p in self._learned for word in _words(p.text)}
        self._query = QueryAnalyser(vocabulary)
        self._phrasings = self._analyse_phrasings(self._query.parts)
        self._index = VectorIndex(
            [p.analysis for p in self._phrasings], [p.article for p in self._phrasings], len(self._order)
        )
        self._phrasings = [p.slim() for p in self._phrasings]
        self._position = {article.id: index for index, article in enumerate(self._order)}
        self._stems: list[set[str]] = [set() for _ in self._order]
        for phrasing in self._phrasings:
            self._stems[phrasing.article].update(phrasing.analysis.stems)
        self._phrasing_words = {_written_words(p.text) for p in self._phrasings}
        if self._encoder is not None:
            vectors = self._encoder.encode([embedding_text(p.text) for p in self._phrasings])
            self._semantic = SemanticIndex(vectors, [p.article for p in self._phrasings], len(self._order))
            self._twins = twins(self._order, self._semantic)

    def _analyse_phrasings(self, parts: frozenset[str]) -> list[_Phrasing]:
        position = {article.id: index for index, article in enumerate(self._order)}
        texts = [(position[a.id], text, a.lang) for a in self._order for text in article_texts(a) if _words(text)]
        for learned in self._learned:
            if learned.article_id not in position or not _words(learned.text):
                continue
            lang = detect_language(learned.text) or self._articles[learned.article_id].lang
            texts.append((position[learned.article_id], learned.text, lang))
        texts.sort(key=lambda item: item[0])
        return [_Phrasing(index, text, analyse(text, lang, parts)) for index, text, lang in texts]

    def match(self, text: str, *, limit: int = 3, lang: Language | None = None) -> Match:
        """Rank the articles for a question and decide the band.

        Args:
            text: The question as typed; any length (long text is truncated), any characters.
            limit: Maximum number of candidates returned (in band "suggest" at most 3, the best >= suggest).
            lang: The asker's language, when the caller knows it better than the text shows (e.g. from the
                Slack locale); else it is detected. Among twin articles (the same subject in Dutch and in
                English) the one in this language comes first.

        Returns:
            `answer` when the best confidence >= thresholds.answer, `suggest` when >= thresholds.suggest,
            else `none`. Candidates are ranked by confidence; in band `none` they are still returned (for
            logging and `explain`; not meant to be shown). Text without words (empty, punctuation, emoji)
            gives `Match("none", ())`. Read-only: safe to call from several threads.
        """
        person = wants_person(text)
        if person and person_request_only(text):
            return Match("none", (), wants_person=True, lang=lang or detect_language(text))
        scored = self._score(text, lang)
        if scored is None:
            return Match("none", (), wants_person=person)
        ranked = self._rank(text, scored, max(limit, 1))
        best = ranked[0].confidence
        if best >= self.thresholds.answer:
            return Match("answer", tuple(ranked[:limit]), person, scored.lang)
        if best >= self.thresholds.suggest:
            return Match("suggest", tuple(ranked[: min(limit, MAX_SUGGESTIONS)]), person, scored.lang)
        return Match("none", tuple(ranked[:limit]), person, scored.lang)

    @property
    def scorers(self) -> tuple[str, ...]:
        """The scorers that run, e.g. ("word classifier", ..., "semantic (model name)")."""
        if not self._order:
            return ()
        names = ["nearest phrasing", "centroid"]
        if self.has_classifier:
            names = ["word classifier", "character classifier", *names]
        if self._semantic is not None and self._encoder is not None:
            names.append(f"semantic ({self._encoder.name})")
        return tuple(names)

    def _rank(self, text: str, scored: _Scored, limit: int) -> list[Candidate]:
        top = _top_indices(scored.summary.combined, max(limit, RERANK_POOL))
        candidates = [self._candidate(article, scored) for article in top]
        if self._is_vague(text):
            candidates = [replace(c, confidence=min(c.confidence, VAGUE_CAP)) for c in candidates]
        ranked = sorted(candidates, key=lambda c: -c.confidence)
        return self._prefer_language(ranked, scored)[:limit]

    def _score(self, text: str, lang: Language | None = None) -> _Scored | None:
        if not self._order:
            return None
        analysis = self._query.analyse(text)
        if not analysis.stems:
            return None
        lexical = self._index.score(self._index.vector(analysis), SCORER_WEIGHTS)
        semantic: SemanticScores | None = None
        combined = None
        if self._semantic is not None and self._encoder is not None:
            semantic = self._semantic.score(self._encoder.encode_one(embedding_text(text)))
            w_classifier, w_nearest, w_centroid = SEMANTIC_WEIGHTS
            combined = lexical.combined + w_nearest * semantic.nearest + w_centroid * semantic.centroid
            if semantic.classifier is not None:
                combined = combined + w_classifier * semantic.classifier
        question_lang = lang or detect_language(text)
        return _Scored(analysis, QuerySummary(lexical, semantic, combined), question_lang)

    def _candidate(self, article: int, scored: _Scored) -> Candidate:
        features = self._features(article, scored)
        phrasing = self._phrasings[int(scored.summary.scores.nearest_row[article])].text
        terms = tuple(dict.fromkeys(s for s in scored.analysis.stems if s in self._stems[article]))
        value = confidence(features, with_classifier=self.has_classifier, semantic=self._semantic is not None)
        kept = self._order[article]
        return Candidate(kept.id, kept.title, value, phrasing, terms, kept.lang)

    def _is_vague(self, text: str) -> bool:
        """A vague complaint ("laptop doet raar") about a subject that several articles share, unless an
        author wrote these very words as a phrasing ("vpn doet het niet")."""
        subject = vague_subject(text)
        if subject is None or _written_words(text) in self._phrasing_words:
            return False
        stems = set(self._query.analyse(subject).stems)
        return sum(1 for article in self._stems if stems & article) >= 2

    def _prefer_language(self, ranked: list[Candidate], scored: _Scored) -> list[Candidate]:
        """When the best candidate has a twin in the asker's language, the twin takes its place and its
        confidence (both answer the question); of several twins, the one ranked highest for the question."""
        if scored.lang is None or not ranked or ranked[0].lang == scored.lang:
            return ranked
        twins = [t for t in self._twins.get(ranked[0].article_id, ()) if self._order[t].lang == scored.lang]
        if not twins:
            return ranked
        twin = max(twins, key=lambda index: float(scored.summary.combined[index]))
        shown = {c.article_id: c for c in ranked}
        found = shown.get(self._order[twin].id) or self._candidate(twin, scored)
        promoted = replace(found, confidence=max(found.confidence, ranked[0].confidence))
        return [promoted, *(c for c in ranked if c.article_id != found.article_id)]

    def candidate_features(self, text: str, limit: int = 3) -> list[tuple[str, list[float]]]:
        """(article id, features) of the top candidates by ranking score: `FEATURES`, then
        `SEMANTIC_FEATURES` when the semantic scorer runs. For fitting the confidence model
        (bench/calibrate.py); empty when the text has no words."""
        scored = self._score(text)
        if scored is None:
            return []
        top = _top_indices(scored.summary.combined, limit)
        return [(self._order[a].id, self._features(a, scored)) for a in top]

    @property
    def has_classifier(self) -> bool:
        """Whether the index trained a classifier (it does not above a size limit)."""
        return bool(self._order) and self._index.classifiers is not None

    @property
    def has_semantic(self) -> bool:
        """Whether the semantic scorer runs."""
        return bool(self._order) and self._semantic is not None

    def _features(self, article: int, scored: _Scored) -> list[float]:
        summary = scored.summary
        phrasing = self._phrasings[int(summary.scores.nearest_row[article])].analysis
        features = summary.features(article, scored.analysis, phrasing, self._stems[article])
        return features if summary.semantic is None else features + summary.semantic_features(article)

    def explain(self, text: str) -> str:
        """Human-readable account of the match: the scorers that ran, then per top candidate its
        confidence, winning phrasing, matched terms and the features behind the confidence."""
        match = self.match(text, limit=3)
        scored = self._score(text)
        if scored is None or not match.candidates:
            return f"band: {match.band} (no words to match)" + ("; asks for a person" if match.wants_person else "")
        head = [f"scorers: {', '.join(self.scorers)}"] + (["asks for a person: yes"] if match.wants_person else [])
        thresholds = f"answer >= {self.thresholds.answer:.2f}, suggest >= {self.thresholds.suggest:.2f}"
        lines = [*head, f"band: {match.band}  ({thresholds})", f"question terms: {' '.join(scored.analysis.stems)}"]
        lines.append(f"question language: {scored.lang or 'unknown'}")
        if scored.analysis.corrected:
            lines.append("typos: " + ", ".join(f"{typed} -> {known}" for typed, known in scored.analysis.corrected))
        names = FEATURES + (SEMANTIC_FEATURES if scored.summary.semantic is not None else ())
        for rank, candidate in enumerate(self._rank(text, scored, 3), start=1):
            parts = self._features(self._position[candidate.article_id], scored)
            lines.append(
                f"{rank}. {candidate.article_id} ({candidate.title}, {candidate.lang}): "
                f"confidence {candidate.confidence:.2f}"
            )
            lines.append(f"   phrasing: {candidate.phrasing}")
            lines.append(f"   terms: {' '.join(candidate.terms) or '-'}")
            lines.append("   " + ", ".join(f"{name}={value:.2f}" for name, value in zip(names, parts, strict=True)))
        return "\n".join(lines)


@dataclass(frozen=True)
class _Scored:
    """One question's analysis, score summary and language (given or detected)."""

    analysis: Analysis
    summary: QuerySummary
    lang: Language | None


def _top_indices(values: npt.NDArray[np.float64], count: int) -> list[int]:
    """Indices of the `count` largest values, largest first (ties: lowest index first)."""
    if count < values.shape[0]:
        part = np.argpartition(-values, count - 1)[:count]
        return [int(i) for i in part[np.lexsort((part, -values[part]))]]
    return [int(i) for i in np.argsort(-values, kind="stable")]


def article_texts(article: Article) -> tuple[str, ...]:
    """The article's phrasings, plus its tags as one extra phrasing (they name the subject)."""
    return (*article.phrasings, " ".join(article.tags)) if article.tags else article.phrasings


def _written_words(text: str) -> frozenset[str]:
    """The content words as written (chat words spelled out, informal phrases not folded)."""
    return frozenset(word for word in normalize(text, fold=False).split() if word not in STOP_WORDS)


def _words(text: str) -> list[str]:
    return normalize(text).split()


__all__ = [
    "DEFAULT_THRESHOLDS",
    "NO_MATCH",
    "Band",
    "Candidate",
    "Match",
    "Matcher",
    "Thresholds",
    "article_texts",
    "embedding_text",
]
