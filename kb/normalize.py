"""Text normalisation for matching: case, accents, punctuation, stop words, stems, compounds, diminutives.

Every function here is pure and deterministic. Dutch and English are supported; any other text is treated
as language-neutral (normalised, not stemmed).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from typing import Literal

import Stemmer

from kb.match_lexicon import (
    CHAT_WORDS,
    COMPOUND_PARTS,
    LANGUAGE_CUES_EN,
    LANGUAGE_CUES_NL,
    LINKING_MORPHEMES,
    ORDINALS,
    SAME_MEANING,
    SEPARABLE_PARTICLES,
    STOP_WORDS_EN,
    STOP_WORDS_NL,
)

Lang = Literal["nl", "en"]

MAX_TEXT_CHARS = 2000
"""Longer input is cut here: a question is short, and matching cost grows with length."""

_NON_WORD = re.compile(r"[^a-z0-9]+")
_APOSTROPHE = re.compile(r"(?<=[a-z])['\u2019](?=[a-z])")
_WORD_FORMS = {**CHAT_WORDS, **ORDINALS}
_CANONICAL = {phrase: canonical for canonical, phrases in SAME_MEANING.items() for phrase in phrases}
_SAME_MEANING = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, _CANONICAL), key=len, reverse=True)) + r")\b")
_MIN_PART = 3
_MIN_COMPOUND = 7
_STEMMERS: dict[Lang, Stemmer.Stemmer] = {"nl": Stemmer.Stemmer("dutch"), "en": Stemmer.Stemmer("english")}
_STOP_WORDS: dict[Lang, frozenset[str]] = {"nl": STOP_WORDS_NL, "en": STOP_WORDS_EN}


def normalize(text: str, lang: str | None = None, *, fold: bool = True) -> str:
    """Lower-case, strip accents, turn punctuation into spaces and collapse whitespace; spell out chat words
    and ordinals ("mn" -> "mijn", "ff" -> "even", "3e" -> "derde", "2nd" -> "second").

    Apostrophes inside words are dropped ("don't" -> "dont", "foto's" -> "fotos"). Text longer than
    `MAX_TEXT_CHARS` is truncated first. Never raises; returns "" for text without letters or digits.

    Args:
        text: Any text, including emoji and very long input.
        lang: Accepted for symmetry with `tokens`; normalisation is the same for every language.
        fold: Fold informal phrases to one form (`SAME_MEANING`: "doet het niet" -> "werkt niet"); False
            keeps the words as written.
    """
    del lang
    folded = unicodedata.normalize("NFKD", text[:MAX_TEXT_CHARS].lower())
    ascii_only = "".join(ch for ch in folded if not unicodedata.combining(ch))
    ascii_only = _APOSTROPHE.sub("", ascii_only)
    plain = " ".join(_WORD_FORMS.get(word, word) for word in _NON_WORD.sub(" ", ascii_only).split())
    if not plain or not fold:
        return plain
    return _SAME_MEANING.sub(lambda found: _CANONICAL[found.group(0)], plain)


def detect_language(text: str) -> Lang | None:
    """Guess whether the text is Dutch or English from function words and spelling cues.

    Returns None when the text gives no evidence either way (a bare "vpn", emoji, empty text) or the
    evidence is tied.
    """
    words = normalize(text).split()
    nl = sum(1.0 for word in words if word in LANGUAGE_CUES_NL or word in STOP_WORDS_NL)
    en = sum(1.0 for word in words if word in LANGUAGE_CUES_EN or word in STOP_WORDS_EN)
    nl += sum(0.5 for word in words if _looks_dutch(word))
    if nl > en:
        return "nl"
    if en > nl:
        return "en"
    return None


def _looks_dutch(word: str) -> bool:
    """Spelling cues for Dutch content words ("ij", "aa"/"oe" + consonant, "-heid", "-tje")."""
    return (
        "ij" in word
        or word.endswith(("heid", "tje", "pje", "lijk", "isch"))
        or re.search(r"(aa|uu|oe)[^aeiou]", word) is not None
    )


def tokens(text: str, lang: str | None = None) -> list[str]:
    """Content-word stems of the text, for matching.

    Steps: `normalize`; join split loan words ("e mail" -> "email"); drop stop words; for Dutch, reduce
    diminutives ("schermpje" -> "scherm") and split compounds into known parts ("wachtwoordreset" ->
    "wachtwoord reset"); Snowball stem. When `lang` is None the language is detected; undecidable text
    is not stemmed.

    Args:
        text: Any text.
        lang: "nl", "en", or None to detect.

    Returns:
        The stems in text order; empty for text without content words.
    """
    return tokens_with_parts(text, lang, COMPOUND_PARTS)


def tokens_with_parts(text: str, lang: str | None, parts: frozenset[str]) -> list[str]:
    """`tokens`, splitting and joining compounds with the given word-part lexicon (e.g. built-in + a KB's)."""
    language = _as_lang(lang) if lang is not None else detect_language(text)
    words = join_compounds(normalize(text).split(), parts)
    return stem_words(content_words(words, language, parts), language)


def content_words(
    words: Iterable[str], lang: Lang | None, parts: frozenset[str], *, keep_stop_words: bool = False
) -> list[str]:
    """Drop stop words (unless asked not to); for Dutch (or unknown language) also reduce diminutives
    and split compounds."""
    stops = _STOP_WORDS[lang] if lang is not None else STOP_WORDS_EN & STOP_WORDS_NL
    result: list[str] = []
    for word in words:
        if word in stops and not keep_stop_words:
            continue
        if lang == "en":
            result.append(word)
            continue
        result.extend(split_compound(strip_diminutive(word), parts))
    return result


def stem_words(words: list[str], lang: Lang | None) -> list[str]:
    """Snowball-stem the words for the language; unchanged when the language is unknown."""
    if lang is None:
        return words
    return [_stem(lang, word) for word in words]


@functools.lru_cache(maxsize=65536)
def _stem(lang: Lang, word: str) -> str:
    return str(_STEMMERS[lang].stemWord(word))


def strip_diminutive(word: str) -> str:
    """Reduce a Dutch diminutive to its base word: "schermpje" -> "scherm", "menuutje" -> "menu".

    Words shorter than six letters, or whose base would be shorter than three, are returned unchanged.
    """
    if word.endswith("jes"):
        word = word[:-1]
    if len(word) < 6 or not word.endswith("je"):
        return word
    if word.endswith("etje") and len(word) > 7 and word[-6] == word[-5]:
        return word[:-5]  # balletje -> bal
    if word.endswith("pje") and word[-4] == "m":
        return word[:-3]  # schermpje -> scherm
    if word.endswith("tje"):
        base = word[:-3]
        if len(base) >= 4 and base[-1] == base[-2] and base[-1] in "aou":
            return base[:-1]  # menuutje -> menu
        return base if len(base) >= _MIN_PART else word
    return word[:-2]  # muisje -> muis


def split_compound(word: str, parts: frozenset[str]) -> list[str]:
    """Split a Dutch compound into known parts, allowing linking "s"/"e"/"en" between them.

    A word that is itself in `parts`, shorter than seven letters, or not fully covered by known parts
    comes back whole. Of several splits, the one with the fewest parts wins.
    """
    if len(word) < _MIN_COMPOUND or word in parts:
        return [word]
    return _split_known(word, parts, depth=0) or [word]


@functools.lru_cache(maxsize=65536)
def _split_cached(word: str, parts: frozenset[str], depth: int) -> tuple[str, ...] | None:
    if word in parts:
        return (word,)
    if depth >= 3:
        return None
    best: tuple[str, ...] | None = None
    for cut in range(len(word) - _MIN_PART, _MIN_PART - 1, -1):
        head = word[:cut]
        if head not in parts:
            continue
        for link in LINKING_MORPHEMES:
            rest = word[cut:]
            if not rest.startswith(link) or len(rest) - len(link) < _MIN_PART:
                continue
            tail = _split_cached(rest[len(link) :], parts, depth + 1)
            if tail is not None and (best is None or len(tail) + 1 < len(best)):
                best = (head, *tail)
    return best


def _split_known(word: str, parts: frozenset[str], depth: int) -> list[str] | None:
    found = _split_cached(word, parts, depth)
    return list(found) if found is not None else None


def join_compounds(words: list[str], parts: frozenset[str]) -> list[str]:
    """Join neighbours whose concatenation is a known word: "e mail" -> "email", "wach twoord" stays."""
    joined: list[str] = []
    index = 0
    while index < len(words):
        if index + 1 < len(words) and words[index] + words[index + 1] in parts:
            joined.append(words[index] + words[index + 1])
            index += 2
        else:
            joined.append(words[index])
            index += 1
    return joined


def join_separable_verbs(words: list[str], known: frozenset[str]) -> list[str]:
    """Rejoin a Dutch separable verb whose particle ends the sentence: ["hoe", "vraag", "ik", "een", "scherm",
    "aan"] -> ["hoe", "aanvragen", "ik", "een", "scherm"], when the joined verb is a known word.

    The first word that forms a known word with the final particle (as is, + "en", with its last vowel
    undoubled + "en": "vraag" -> "aanvragen", or its last consonant doubled + "en": "log" -> "inloggen") is
    replaced and the particle dropped; otherwise unchanged.
    """
    if len(words) < 3 or words[-1] not in SEPARABLE_PARTICLES:
        return words
    particle = words[-1]
    for index, word in enumerate(words[:-1]):
        if len(word) < 2 or word in SEPARABLE_PARTICLES:
            continue
        joined = particle + word
        undoubled = re.sub(r"([aeou])\1([^aeiou])$", r"\1\2", joined)
        for candidate in (joined, joined + "en", undoubled + "en", joined + joined[-1] + "en"):
            if candidate in known:
                return [*words[:index], candidate, *words[index + 1 : -1]]
    return words


def _as_lang(lang: str) -> Lang | None:
    if lang == "nl":
        return "nl"
    if lang == "en":
        return "en"
    return None
