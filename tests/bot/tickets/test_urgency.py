"""The priority a ticket starts with, proposed from the colleague's own words (Dutch and English, informal spelling),
the intake answers, the category and the article that did not help."""

from __future__ import annotations

import pytest

from bot.tickets.urgency import folded, is_urgent, propose


@pytest.mark.parametrize(
    ("text", "priority", "reasons"),
    [
        # security incidents
        ("SPOED phishing", "P1", ("security", "urgent_word")),
        ("URGENT phishing", "P1", ("security", "urgent_word")),
        ("ik heb op een phishing link geklikt", "P1", ("security",)),
        ("I clicked a phishing link and entered my password", "P1", ("security",)),
        ("Ik heb een mfa verzoek goedgekeurd dat niet van mij was", "P1", ("security",)),
        ("mijn laptop is gestolen in de trein", "P1", ("security",)),
        ("ik denk dat ik gehackt ben", "P1", ("security",)),
        ("telefoon van de zaak kwijt", "P1", ("security",)),
        # many colleagues who cannot work: an outage
        ("de hele afdeling kan niet werken", "P1", ("blocked", "wide")),
        ("niemand kan inloggen op de laptop", "P1", ("blocked", "wide")),
        ("the whole team cannot work", "P1", ("blocked", "wide")),
        ("de wifi werkt bij iedereen niet", "P1", ("blocked", "wide")),
        ("nobody can print", "P1", ("blocked", "wide")),
        # one colleague blocked, many affected, or an urgent word
        ("ik kan niet werken want mijn scherm blijft zwart", "P2", ("blocked",)),
        ("ik kan helemaal niks doen", "P2", ("blocked",)),
        ("I can't do anything on my laptop", "P2", ("blocked",)),
        ("het hele team heeft last van trage mail", "P2", ("wide",)),
        ("spoed: printer kapot", "P2", ("urgent_word",)),
        ("SPOEEEED!!! printer", "P2", ("urgent_word",)),
        ("spoedd, teams crasht", "P2", ("urgent_word",)),
        ("dringent: outlook start niet", "P2", ("urgent_word",)),
        ("urgnet pls", "P2", ("urgent_word",)),
        ("a.s.a.p. graag, vpn stuk", "P2", ("urgent_word",)),
        ("z.s.m. aub", "P2", ("urgent_word",)),
        ("kan iemand zo snel mogelijk kijken", "P2", ("urgent_word",)),
        # nothing urgent, or explicitly no rush
        ("de koffieautomaat geeft stroomstoten", "P3", ()),
        ("ik heb een phishing mail gekregen, wat moet ik doen", "P3", ()),
        ("niemand kan me helpen met excel formules", "P3", ()),
        ("internet speed is slow", "P3", ()),
        ("kan niet inloggen op sharepoint", "P3", ()),
        ("geen spoed, als je tijd hebt: nieuwe muis", "P4", ("calm",)),
        ("not urgent, no rush: a second screen", "P4", ("calm",)),
        ("geen haast, maar ik kan niet werken", "P2", ("blocked",)),
    ],
)
def test_priority_is_proposed_from_the_colleagues_words(text: str, priority: str, reasons: tuple[str, ...]) -> None:
    proposed = propose(text)

    assert (proposed.priority, proposed.reasons) == (priority, reasons)


@pytest.mark.parametrize(
    ("works", "priority", "reasons"),
    [("yes", "P3", ()), ("no", "P2", ("blocked",)), ("team", "P1", ("blocked", "wide")), (None, "P3", ())],
)
def test_the_answer_to_can_you_still_work_counts(works: str | None, priority: str, reasons: tuple[str, ...]) -> None:
    proposed = propose("outlook start niet", works=works)

    assert (proposed.priority, proposed.reasons) == (priority, reasons)


def test_the_security_category_makes_a_ticket_at_least_high() -> None:
    assert propose("rare mail ontvangen", category="beveiliging").priority == "P2"
    assert propose("rare mail ontvangen", category="printen").priority == "P3"


def test_an_articles_priority_hint_raises_the_proposal_and_never_lowers_it() -> None:
    raised = propose("het lukt niet", article_priority="P1")
    kept = propose("de hele afdeling kan niet werken", article_priority="P3")

    assert (raised.priority, raised.reasons) == ("P1", ("article",))
    assert kept.priority == "P1" and "article" not in kept.reasons


def test_an_unknown_article_hint_is_ignored() -> None:
    assert propose("het lukt niet", article_priority="hoog").priority == "P3"


@pytest.mark.parametrize(
    ("words", "urgent"), [("SPOED phishing", True), ("URGENT", True), ("SPOED", True), ("HOOG", False), ("VPN", False)]
)
def test_is_urgent_tells_which_keywords_an_article_may_promise(words: str, urgent: bool) -> None:
    assert is_urgent(words) is urgent


def test_folding_reads_informal_spelling() -> None:
    assert folded("SPOEEED!! A.S.A.P. Één") == "spoed asap een"
