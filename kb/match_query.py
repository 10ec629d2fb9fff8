"""Turning a phrasing or a question into matching features: stems, word bigrams, character text.

Phrasings are analysed with their article's language. A question is analysed with its detected language,
or with both languages when detection is undecidable; words the knowledge base has never seen are first
corrected to a close known word (rapidfuzz), so "outlok" finds "outlook".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from kb.match_lexicon import COMPOUND_PARTS, STOP_WORDS_EN, STOP_WORDS_NL
from kb.normalize import Lang, content_words, detect_language, join_compounds, normalize, stem_words

MAX_QUERY_WORDS = 60
"""Only the first words of a question count: beyond this it is a story, not a question."""

TYPO_MIN_LENGTH = 4
TYPO_MIN_SIMILARITY = 80.0


@dataclass(frozen=True)
class Analysis:
    """The matching view of one text.

    Attributes:
        stems: Content-word stems, in order (duplicates kept).
        features: Stems plus adjacent-stem bigrams ("wachtwoord vergeet"), for the word TF-IDF.
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
    stems = stem_words(content_words(words, lang, parts), lang)
    return Analysis(tuple(stems), _with_bigrams(stems), " ".join(words))


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
        languages: tuple[Lang, ...] = (lang,) if lang is not None else ("nl", "en")
        stems: list[str] = []
        for language in languages:
            for stem in stem_words(content_words(joined, language, self.parts), language):
                if stem not in stems or len(languages) == 1:
                    stems.append(stem)
        return Analysis(tuple(stems), _with_bigrams(stems), " ".join(joined), tuple(corrected))

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


def _with_bigrams(stems: list[str]) -> tuple[str, ...]:
    return (*stems, *(f"{first} {second}" for first, second in zip(stems, stems[1:], strict=False)))
