"""Normalisation: case, accents, punctuation, stop words, stemming, compounds, diminutives, language."""

from __future__ import annotations

import pytest

from kb.normalize import detect_language, join_separable_verbs, normalize, split_compound, strip_diminutive, tokens


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
        ("wifi kapot op de 3e", "wifi werkt niet op de derde"),
        ("wifi valt steeds weg", "wifi werkt niet"),
        ("laptop doet raar", "laptop doet raar"),  # vague: not folded into "werkt niet"
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("wifi op de 3e", "wifi op de derde"),
        ("hoe vraag ik een 2e scherm aan", "hoe vraag ik een tweede scherm aan"),
        ("printer op de 1ste verdieping", "printer op de eerste verdieping"),
        ("printer on the 3rd floor", "printer on the third floor"),
        ("mn laptop is traag", "mijn laptop is traag"),
        ("m'n ww vergeten", "mijn wachtwoord vergeten"),
        ("kun je ff kijken, idd", "kun je even kijken inderdaad"),
    ],
)
def test_normalize_spells_out_ordinals_and_chat_words(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_normalize_keeps_numbers_that_are_not_ordinals() -> None:
    assert normalize("update blijft op 30 procent") == "update blijft op 30 procent"


@pytest.mark.parametrize(
    ("text", "same_as"),
    [
        ("kan t niet openen", "kan het niet openen"),
        ("mn vpn doet t niet", "mijn vpn werkt niet"),
    ],
)
def test_normalize_reads_chat_spelling_like_the_written_form(text: str, same_as: str) -> None:
    assert normalize(text) == normalize(same_as)


def test_normalize_does_not_fold_doet_raar_into_werkt_niet() -> None:
    assert normalize("laptop doet raar") != normalize("laptop werkt niet")


def test_normalize_without_fold_keeps_the_words_as_written() -> None:
    assert normalize("mn vpn doet het niet", fold=False) == "mijn vpn doet het niet"


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("hoe vraag ik een scherm aan", "hoe aanvragen ik een scherm"),
        ("hoe voeg ik een mailbox toe", "hoe toevoegen ik een mailbox"),
        ("ik log niet in", "ik inloggen niet"),
        ("ik zit vast", "ik zit vast"),  # "vastzit" is no known word
        ("hoe vraag ik", "hoe vraag ik"),  # no particle at the end
    ],
)
def test_join_separable_verbs_when_the_joined_verb_is_known(words: str, expected: str) -> None:
    known = frozenset({"aanvragen", "toevoegen", "inloggen", "scherm", "mailbox"})

    assert " ".join(join_separable_verbs(words.split(), known)) == expected
