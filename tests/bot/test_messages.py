"""The message catalogue: every text in Dutch and English, with the same placeholders, addressed to a colleague."""

from __future__ import annotations

import re
import string

import pytest

from bot.messages import CATALOGUE, t
from tests.support.languages import leaked


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_catalogue_entry_has_dutch_and_english_with_the_same_placeholders(key: str) -> None:
    texts = CATALOGUE[key]

    assert set(texts) == {"nl", "en"}
    assert all(text.strip() for text in texts.values())
    assert _fields(texts["nl"]) == _fields(texts["en"])


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_catalogue_entry_speaks_to_a_colleague_not_a_user(key: str) -> None:
    assert not re.search(r"\b(gebruiker|user)s?\b", CATALOGUE[key]["nl"], re.IGNORECASE)
    assert not re.search(r"\busers?\b", CATALOGUE[key]["en"], re.IGNORECASE)
    assert not re.search(r"\bu\b", CATALOGUE[key]["nl"])  # "je", never the formal "u"


def test_text_falls_back_to_dutch_for_an_unknown_language() -> None:
    assert t("answer.helped", "fr") == "Dit hielp"
    assert t("answer.fallback_text", "en", title="VPN") == "Answer: VPN"


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_catalogue_entry_keeps_each_language_to_itself(key: str) -> None:
    texts = CATALOGUE[key]

    assert leaked(texts["en"], "en") == set(), f"Dutch in the English text of {key}"
    assert leaked(texts["nl"], "nl") == set(), f"English in the Dutch text of {key}"


def test_the_leak_check_catches_the_other_language() -> None:
    assert leaked("*When:* no fixed date yet, expected begin januari.", "en") == {"januari"}
    assert leaked("Je ticket is opgelost, thanks for your patience", "nl") == {"for", "your"}
