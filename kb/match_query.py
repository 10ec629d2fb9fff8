"""Turning a phrasing or a question into matching features: stems, word bigrams, character text.

Phrasings are analysed with their article's language. A question is analysed with its detected language,
or with both languages when detection is undecidable; words the knowledge base has never seen are first
corrected to a close known word (rapidfuzz), so "outlok" finds "outlook".
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from kb.match_lexicon import COMPOUND_PARTS, STOP_WORDS_EN, STOP_WORDS_NL
from kb.normalize import (
    Lang,
    content_words,
    detect_language,
    join_compounds,
    join_separable_verbs,
    normalize,
    stem_words,
)

MAX_QUERY_WORDS = 60
"""Only the first words of a question count: beyond this it is a story, not a question."""

TYPO_MIN_LENGTH = 4
TYPO_MIN_SIMILARITY = 90.0
"""rapidfuzz ratio (0-100) for a typo correction: one slip in a 6+ letter word ("outlok", "printr").
Lower values fix more slips but also "correct" real words the KB lacks (measured on banking77 val)."""
PAIR_WINDOW = 4


@dataclass(frozen=True)
class Analysis:
    """The matching view of one text.

    Attributes:
        stems: Distinct content-word stems, in order.
        features: Word features for the word TF-IDF: all stems (stop words too), adjacent bigrams
            ("wachtwoord vergeet") and order-free pairs of nearby content stems ("kaart~vergeet").
        chars: Normalised, typo-corrected text for the character n-gram TF-IDF.
        corrected: (typed word, known word) pairs replaced by typo correction.
    """

    stems: tuple[str, ...]
    features: tuple[str, ...]
    chars: str
    corrected: tuple[tuple[str, str], ...] = ()


def analyse(text: str, lang: Lang | None, parts: frozenset[str]) -> Analysis:
    """Analyse a knowledge-base phrasing written in `lang` (None: language-neutral)."""
    words = join_compounds(normalize(text).split()[:MAX_QUERY_WORDS], parts)
    if lang != "en":
        words = join_separable_verbs(words, parts)
    return _analysis(words, (lang,), parts, ())


def _analysis(
    words: list[str], languages: tuple[Lang | None, ...], parts: frozenset[str], corrected: tuple[tuple[str, str], ...]
) -> Analysis:
    stems: list[str] = []
    every: list[str] = []
    for language in languages:
        stems += stem_words(content_words(words, language, parts), language)
        every += stem_words(content_words(words, language, parts, keep_stop_words=True), language)
    unique = list(dict.fromkeys(stems))
    return Analysis(tuple(unique), _features(every, unique), " ".join(words), corrected)


class QueryAnalyser:
    """Analyses questions against one knowledge base's vocabulary (for compounds and typo correction)."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        """Index the knowledge base's surface words.

        Args:
            vocabulary: Every normalised word occurring in the knowledge base's phrasings.
        """
        self._known = frozenset(vocabulary)
        self.parts = COMPOUND_PARTS | frozenset(word for word in self._known if len(word) >= 3)
        self._choices = sorted(word for word in self._known if len(word) >= TYPO_MIN_LENGTH - 1)

    def analyse(self, text: str) -> Analysis:
        """Analyse a question: detect its language, correct typos, stem (with both stemmers if undecided)."""
        words = normalize(text).split()[:MAX_QUERY_WORDS]
        lang = detect_language(" ".join(words))
        fixed, corrected = self._correct(words)
        joined = join_compounds(fixed, self.parts)
        if lang != "en":
            joined = join_separable_verbs(joined, self.parts)
        languages: tuple[Lang | None, ...] = (lang,) if lang is not None else ("nl", "en")
        return _analysis(joined, languages, self.parts, tuple(corrected))

    def _correct(self, words: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
        fixed: list[str] = []
        corrected: list[tuple[str, str]] = []
        for word in words:
            replacement = self._closest(word)
            if replacement is not None:
                corrected.append((word, replacement))
            fixed.append(replacement or word)
        return fixed, corrected

    def _closest(self, word: str) -> str | None:
        if (
            len(word) < TYPO_MIN_LENGTH
            or word in self._known
            or word in STOP_WORDS_EN
            or word in STOP_WORDS_NL
            or word.isdigit()
        ):
            return None
        found = process.extractOne(word, self._choices, scorer=fuzz.ratio, score_cutoff=TYPO_MIN_SIMILARITY)
        return None if found is None else str(found[0])


def _features(every: list[str], content: list[str]) -> tuple[str, ...]:
    """Word features: every stem, adjacent bigrams, and order-free pairs of nearby content stems."""
    bigrams = [f"{first} {second}" for first, second in itertools.pairwise(every)]
    pairs = [
        "~".join(sorted((first, second)))
        for index, first in enumerate(content)
        for second in content[index + 1 : index + 1 + PAIR_WINDOW]
    ]
    return (*every, *bigrams, *pairs)
