"""Matcher behaviour on a small inline knowledge base of Dutch and English IT articles."""

from __future__ import annotations

import pytest

from kb.article import Article, LearnedPhrasing
from kb.matcher import DEFAULT_THRESHOLDS, Match, Matcher, Thresholds

ARTICLES = (
    Article(
        "wachtwoord-vergeten",
        "Wachtwoord vergeten",
        "nl",
        ("ik ben mijn wachtwoord kwijt", "wachtwoord resetten", "ik kan niet inloggen met mijn wachtwoord"),
        "Ga naar de selfservice-portal.",
    ),
    Article(
        "outlook-start-niet",
        "Outlook start niet",
        "nl",
        ("outlook opent niet", "outlook blijft hangen bij het opstarten", "mijn mailprogramma crasht"),
        "Start Outlook in veilige modus.",
    ),
    Article(
        "vpn-verbindt-niet",
        "VPN verbindt niet",
        "nl",
        ("vpn werkt niet", "geen verbinding met de vpn thuis", "vpn verbinding valt steeds weg"),
        "Herstart GlobalProtect.",
    ),
    Article(
        "tweede-scherm",
        "Tweede beeldscherm werkt niet",
        "nl",
        ("extern scherm blijft zwart", "monitor op het docking station geeft geen beeld"),
        "Controleer de kabel.",
    ),
    Article(
        "printer-not-printing",
        "Printer is not printing",
        "en",
        ("my print job is stuck", "the printer shows an error", "I cannot print"),
        "Restart the print queue.",
    ),
    Article(
        "mfa-new-phone",
        "Set up MFA on a new phone",
        "en",
        ("I got a new phone and need the authenticator app", "move the authenticator to my new phone"),
        "Open aka.ms/mfasetup.",
    ),
)


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(ARTICLES)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("wachtwoord vergete", "wachtwoord-vergeten"),  # typo
        ("outlok start niet op", "outlook-start-niet"),  # typo
        ("wachtwoordreset", "wachtwoord-vergeten"),  # compound written together
        ("mijn schermpje blijft zwart", "tweede-scherm"),  # diminutive
        ("vpn not working", "vpn-verbindt-niet"),  # English question, Dutch article
        ("the printer won't print", "printer-not-printing"),
        ("nieuwe telefoon, authenticator app overzetten", "mfa-new-phone"),  # Dutch question, English article
        ("hoi! m'n vpn doet het niet meer", "vpn-verbindt-niet"),  # informal
        ("Outlook crasht steeds", "outlook-start-niet"),
    ],
)
def test_matcher_ranks_expected_article_first(matcher: Matcher, question: str, expected: str) -> None:
    best = matcher.match(question).best
    assert best is not None
    assert best.article_id == expected


@pytest.mark.parametrize("question", ["", "   \n\t", "?!...", "🙂🙂🎉", "de het een"])
def test_matcher_returns_empty_none_for_text_without_words(matcher: Matcher, question: str) -> None:
    assert matcher.match(question) == Match("none", ())


def test_matcher_handles_very_long_text(matcher: Matcher) -> None:
    match = matcher.match("mijn vpn werkt niet " * 2_000)
    assert match.best is not None
    assert match.best.article_id == "vpn-verbindt-niet"


def test_matcher_candidates_are_ranked_by_confidence_within_limit(matcher: Matcher) -> None:
    match = Matcher(ARTICLES, thresholds=Thresholds(answer=0.0, suggest=0.0)).match("vpn werkt niet", limit=4)
    confidences = [candidate.confidence for candidate in match.candidates]
    assert len(confidences) == 4
    assert confidences == sorted(confidences, reverse=True)
    assert all(0.0 <= value <= 1.0 for value in confidences)


def test_matcher_candidate_explains_phrasing_and_terms(matcher: Matcher) -> None:
    best = matcher.match("vpn werkt niet").best
    assert best is not None
    assert best.phrasing == "vpn werkt niet"
    assert best.terms == ("vpn", "werk", "niet")
    assert best.title == "VPN verbindt niet"


@pytest.mark.parametrize(
    ("thresholds", "band"),
    [
        (Thresholds(answer=0.0, suggest=0.0), "answer"),
        (Thresholds(answer=1.0, suggest=0.0), "suggest"),
        (Thresholds(answer=1.0, suggest=1.0), "none"),
    ],
)
def test_matcher_band_follows_thresholds(thresholds: Thresholds, band: str) -> None:
    assert Matcher(ARTICLES, thresholds=thresholds).match("vpn werkt niet").band == band


def test_matcher_suggest_lists_the_three_best_once_the_best_reaches_suggest() -> None:
    ranked = Matcher(ARTICLES, thresholds=Thresholds(answer=1.0, suggest=1.0)).match("vpn werkt niet", limit=6)
    suggest = ranked.candidates[0].confidence
    match = Matcher(ARTICLES, thresholds=Thresholds(answer=1.0, suggest=suggest)).match("vpn werkt niet", limit=6)

    assert (ranked.band, match.band) == ("none", "suggest")
    assert ranked.candidates[1].confidence < suggest
    assert match.candidates == ranked.candidates[:3]


def test_matcher_default_thresholds_answer_a_clear_question(matcher: Matcher) -> None:
    match = matcher.match("ik ben mijn wachtwoord vergeten")
    assert match.band == "answer"
    assert DEFAULT_THRESHOLDS.suggest < DEFAULT_THRESHOLDS.answer


def test_matcher_default_thresholds_decline_an_unrelated_question(matcher: Matcher) -> None:
    assert matcher.match("hoeveel vakantiedagen heb ik nog over dit jaar").band != "answer"


def test_matcher_learned_phrasing_changes_ranking() -> None:
    question = "de beamer in zaal drie doet raar"
    learned = [LearnedPhrasing("tweede-scherm", "beamer in zaal drie doet raar")]
    before = Matcher(ARTICLES).match(question).best
    after = Matcher(ARTICLES, learned).match(question).best
    assert before is None or before.article_id != "tweede-scherm"
    assert after is not None
    assert after.article_id == "tweede-scherm"


def test_matcher_ignores_learned_phrasing_for_unknown_article() -> None:
    learned = [LearnedPhrasing("bestaat-niet", "vpn werkt niet")]
    assert Matcher(ARTICLES, learned).match("vpn werkt niet") == Matcher(ARTICLES).match("vpn werkt niet")


def test_matcher_replace_article_uses_new_phrasings() -> None:
    matcher = Matcher(ARTICLES)
    old = ARTICLES[3]
    matcher.replace_article(Article(old.id, old.title, "nl", (*old.questions, "de beamer doet raar"), old.body))
    best = matcher.match("beamer doet raar").best
    assert best is not None
    assert best.article_id == "tweede-scherm"


def test_matcher_with_no_articles_matches_nothing() -> None:
    assert Matcher([]).match("vpn werkt niet") == Match("none", ())


def test_matcher_leaves_out_articles_without_words() -> None:
    wordless = Article("leeg", "🙂", "nl", ("?!",), "-")
    assert Matcher([wordless]).match("vpn") == Match("none", ())
    best = Matcher([wordless, ARTICLES[2]]).match("vpn werkt niet").best
    assert best is not None
    assert best.article_id == "vpn-verbindt-niet"


def test_matcher_with_one_article_still_ranks_it() -> None:
    best = Matcher(ARTICLES[:1]).match("wachtwoord kwijt").best
    assert best is not None
    assert best.article_id == "wachtwoord-vergeten"


def test_matcher_explain_names_candidates_and_parts(matcher: Matcher) -> None:
    text = matcher.explain("outlok start niet")
    assert "outlook-start-niet" in text
    assert "outlok -> outlook" in text
    assert "confidence" in text
    assert "classifier_share=" in text


def test_matcher_replace_article_adds_new_article() -> None:
    matcher = Matcher(ARTICLES)
    matcher.replace_article(Article("teams-geluid", "Geen geluid in Teams", "nl", ("teams geluid doet het niet",), "-"))
    best = matcher.match("geen geluid in teams").best
    assert best is not None
    assert best.article_id == "teams-geluid"


def test_matcher_replace_article_in_place_finds_the_same_best_as_a_full_rebuild() -> None:
    edited = Article("vpn-verbindt-niet", "VPN verbindt niet", "nl", ("globalprotect geeft een foutmelding",), "-")
    in_place = Matcher(ARTICLES)
    in_place.replace_article(edited)
    rebuilt = Matcher([*ARTICLES[:2], edited, *ARTICLES[3:]])
    for question in ("globalprotect foutmelding", "wachtwoord vergeten", "outlook start niet", "printer error"):
        in_place_best, rebuilt_best = in_place.match(question).best, rebuilt.match(question).best
        assert in_place_best is not None
        assert rebuilt_best is not None
        assert in_place_best.article_id == rebuilt_best.article_id


def test_matcher_explain_says_when_there_are_no_words(matcher: Matcher) -> None:
    assert matcher.explain("🙂") == "band: none (no words to match)"
