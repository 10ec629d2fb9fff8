"""Questions that ask for a person, and vague complaints."""

from __future__ import annotations

import pytest

from kb.match_intent import person_request_only, vague_subject, wants_person


@pytest.mark.parametrize(
    "text",
    [
        "ik wil iemand spreken",
        "Kan iemand mij bellen?",
        "bel me even terug",
        "ik wil met iemand praten over mijn laptop",
        "kan ik een echt mens spreken",
        "can I talk to a human",
        "I want to speak to someone",
        "please call me",
        "is there a real person I can talk to",
    ],
)
def test_wants_person_recognises_a_request_for_a_person(text: str) -> None:
    assert wants_person(text)


@pytest.mark.parametrize(
    "text",
    [
        "wie is de vertrouwenspersoon",
        "mensen horen mij niet in teams",
        "hoe bel ik met teams",
        "my phone does not ring",
        "I cannot call anyone from teams",
        "nieuwe medewerkers aanmelden",
    ],
)
def test_wants_person_is_false_for_questions_about_calls_or_people(text: str) -> None:
    assert not wants_person(text)


@pytest.mark.parametrize(
    ("text", "only"),
    [
        ("ik wil iemand spreken", True),
        ("can I talk to a human please", True),
        ("bel me", True),
        ("bel me, mijn vpn doet het niet", False),
        ("I want to talk to someone about my password", False),
    ],
)
def test_person_request_only_when_no_subject_is_named(text: str, only: bool) -> None:
    assert person_request_only(text) is only


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("mn laptop doet raar", "laptop"),
        ("outlook doet het niet", "outlook"),
        ("my laptop is acting weird", "laptop"),
        ("vpn verbindt niet", None),  # says what is wrong
        ("laptop gestolen", None),  # no complaint word
        ("wifi doet raar op de derde verdieping", None),  # more than one subject word
    ],
)
def test_vague_subject_finds_the_one_subject_of_a_vague_complaint(text: str, subject: str | None) -> None:
    assert vague_subject(text) == subject
