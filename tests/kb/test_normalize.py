"""Normalisation: case, accents, punctuation, stop words, stemming, compounds, diminutives, language."""

from __future__ import annotations

import pytest

from kb.normalize import detect_language, normalize, split_compound, strip_diminutive, tokens


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Café  Crème", "cafe creme"),
        ("E-mail werkt níet!!", "e mail werkt niet"),
        ("I don't know", "i dont know"),
        ("foto's    uploaden\n", "fotos uploaden"),
        ("🙂🙂", ""),
        ("...?!", ""),
        ("", ""),
    ],
)
def test_normalize_folds_case_accents_and_punctuation(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_normalize_truncates_very_long_text() -> None:
    assert len(normalize("a" * 40_000)) <= 2_000


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Mijn wachtwoord werkt niet", "nl", ["wachtwoord", "werk", "niet"]),
        ("My printers are not printing", "en", ["printer", "not", "print"]),
        ("wachtwoordreset", "nl", ["wachtwoord", "reset"]),
        ("wachtwoord reset", "nl", ["wachtwoord", "reset"]),
        ("toegangspas kwijt", "nl", ["toegang", "pas", "kwijt"]),
        ("mijn schermpje is zwart", "nl", ["scherm", "zwart"]),
        ("e-mail komt niet aan", "nl", ["email", "komt", "niet"]),
        ("wi-fi is slow", "en", ["wifi", "slow"]),
        ("de het een", "nl", []),
    ],
)
def test_tokens_stems_splits_and_drops_stop_words(text: str, lang: str, expected: list[str]) -> None:
    assert tokens(text, lang) == expected


def test_tokens_treats_compound_and_separate_words_alike() -> None:
    assert tokens("netwerkschijf", "nl") == tokens("netwerk schijf", "nl")


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("schermpje", "scherm"),
        ("muisje", "muis"),
        ("kabeltje", "kabel"),
        ("menuutje", "menu"),
        ("balletjes", "bal"),
        ("printertje", "printer"),
        ("laptop", "laptop"),
        ("je", "je"),
    ],
)
def test_strip_diminutive_returns_base_word(word: str, expected: str) -> None:
    assert strip_diminutive(word) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("wachtwoordreset", ["wachtwoord", "reset"]),
        ("netwerkschijf", ["netwerk", "schijf"]),
        ("toegangspas", ["toegang", "pas"]),
        ("wachtwoord", ["wachtwoord"]),
        ("onbekendwoordje", ["onbekendwoordje"]),
    ],
)
def test_split_compound_uses_known_parts_only(word: str, expected: list[str]) -> None:
    assert split_compound(word, frozenset({"wachtwoord", "reset", "netwerk", "schijf", "toegang", "pas"})) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mijn wachtwoord werkt niet meer", "nl"),
        ("hoe vraag ik een nieuwe laptop aan", "nl"),
        ("my password is not working", "en"),
        ("how do I install the printer", "en"),
        ("vpn", None),
        ("🙂", None),
        ("", None),
        ("Outlook", None),
    ],
)
def test_detect_language_returns_nl_en_or_none(text: str, expected: str | None) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Mijn VPN doet het niet!", "mijn vpn werkt niet"),
        ("outlook doet t niet meer", "outlook werkt niet"),
        ("printer is kapot", "printer werkt niet"),
        ("ik weet mijn wachtwoord niet meer", "ik weet mijn wachtwoord niet meer"),
        ("wachtwoord? weet het niet meer", "wachtwoord vergeten"),
        ("laptop kwijt", "laptop kwijt"),  # lost, not forgotten
        ("kan niet aanmelden", "kan niet inloggen"),
        ("my card is not working", "my card is not working"),  # English is left alone
        ("kwijtschelding", "kwijtschelding"),  # whole words only
    ],
)
def test_normalize_folds_informal_dutch_to_one_form(text: str, folded: str) -> None:
    assert normalize(text) == folded
