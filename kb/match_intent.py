"""What a question asks besides a subject: a person to talk to, or help with something only vaguely named.

- `wants_person`: "ik wil iemand spreken", "bel me", "can I talk to a human". The colleague asks for a person,
  not an article; the service desk should open a ticket (or give the contact line).
- `is_vague`: one subject and a complaint that says nothing specific ("mn laptop doet raar", "outlook doet
  het niet"). Such a question must not get a confident answer about something specific when the subject
  occurs in several articles: the matcher caps its confidence so that it offers suggestions instead.

Both work on normalised text (`kb.normalize.normalize`), so accents, case and chat spelling do not matter.
"""

from __future__ import annotations

import re

from kb.match_lexicon import STOP_WORDS_EN, STOP_WORDS_NL
from kb.normalize import normalize

_PERSON_PHRASES = (
    # Dutch
    r"iemand (?:spreken|bellen|aan de lijn|aan de telefoon)",
    r"(?:met|naar) iemand (?:praten|spreken|bellen|chatten)",
    r"(?:kan|wil|mag) iemand (?:mij|me) (?:bellen|terugbellen|helpen)",
    r"(?:bel|belt|bellen) (?:mij|me)(?: even| terug| op)?",
    r"(?:mij|me) (?:terug )?bellen",
    r"terugbellen",
    r"(?:een|echt|echte|echt een) (?:mens|persoon|medewerker)",
    r"(?:mens|persoon|medewerker) (?:spreken|aan de lijn)",
    r"iemand van (?:de )?(?:servicedesk|helpdesk|it|ict)",
    # English
    r"(?:talk|speak|chat) (?:to|with) (?:a |an |some )?(?:human|person|someone|somebody|agent|people|real person)",
    r"(?:a|an) (?:real |actual |live )?(?:human|person)(?: being)?",
    r"(?:real|live|human) (?:agent|person|human)",
    r"(?:call|phone|ring) me(?: back)?",
    r"someone (?:from|at|in) (?:the )?(?:service ?desk|help ?desk|it)",
    r"(?:can|could) (?:someone|somebody) (?:call|phone|ring|help) me",
)
_PERSON = re.compile(r"\b(?:" + "|".join(_PERSON_PHRASES) + r")\b")

VAGUE_WORDS = frozenset(
    [
        "raar",
        "vreemd",
        "gek",
        "moeilijk",
        "rare",
        "vreemde",
        "gekke",
        "problemen",
        "probleem",
        "issue",
        "issues",
        "problem",
        "problems",
        "werkt",
        "werken",
        "doet",
        "niet",
        "niks",
        "niets",
        "goed",
        "fout",
        "mis",
        "hulp",
        "help",
        "weird",
        "strange",
        "odd",
        "funny",
        "wrong",
        "working",
        "work",
        "works",
        "not",
        "doesnt",
        "dont",
        "acting",
        "up",
    ]
)
"""Words of a complaint that does not say what is wrong ("doet raar", "werkt niet", "acting weird")."""
_STOP_WORDS = STOP_WORDS_NL | STOP_WORDS_EN


def wants_person(text: str) -> bool:
    """True when the colleague asks to talk to a person (Dutch or English)."""
    return _PERSON.search(normalize(text)) is not None


def person_request_only(text: str) -> bool:
    """True when the question asks for a person and names no subject besides ("ik wil iemand spreken")."""
    rest = _PERSON.sub(" ", normalize(text)).split()
    return wants_person(text) and all(word in _STOP_WORDS or word in _PERSON_FILLER for word in rest)


_PERSON_FILLER = frozenset(
    [
        "iemand",
        "spreken",
        "bellen",
        "praten",
        "graag",
        "liever",
        "please",
        "someone",
        "somebody",
        "human",
        "person",
        "talk",
        "speak",
        "call",
    ]
)


def vague_subject(text: str) -> str | None:
    """The one subject word of a vague complaint ("mn laptop doet raar" -> "laptop"), else None.

    A question is a vague complaint when it holds at least one complaint word (`VAGUE_WORDS`) and, besides
    those and stop words, exactly one word.
    """
    words = normalize(text).split()
    if not any(word in VAGUE_WORDS for word in words):
        return None
    rest = [word for word in words if word not in VAGUE_WORDS and word not in _STOP_WORDS]
    return rest[0] if len(rest) == 1 else None
