"""How urgent a colleague's problem is, proposed from their own words (Dutch or English, informal spelling
included), the answer to "kun je nog werken?", the category they chose and the article that did not help.

Pure: no database, no Slack. The proposal is a starting point that agents change with one click on the card;
it errs towards urgency only on clear signals (a security incident, many colleagues who cannot work), so the
queue keeps its order.

| signal | examples | proposes |
|---|---|---|
| security incident | "op een phishinglink geklikt", "gehackt", "laptop gestolen", "SPOED phishing" | P1 |
| outage | "de hele afdeling kan niet werken", "niemand kan inloggen", "nobody can print" | P1 |
| cannot work | "ik kan niet werken", "can't do anything", intake: "Nee, ik kan niet werken" | P2 |
| many affected | "hele afdeling", "iedereen", "whole team" | P2 |
| urgent word | spoed, SPOEEED, dringend, urgent, asap, a.s.a.p., zsm | P2 |
| no rush | "geen haast", "niet dringend", "no rush" (and nothing else) | P4 |
| the article | `priority: P1` in the front matter of the article that did not help | at least that |
| category | `beveiliging` chosen in the intake form | at least P2 |
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from bot.tickets.sla import PRIORITIES

DEFAULT_PRIORITY = "P3"
CALM_PRIORITY = "P4"
SECURITY_CATEGORY = "beveiliging"
WORKS_ANSWERS = ("yes", "no", "team")
"""Answers to "kun je nog werken?": yes; no, I cannot work; no, and colleagues cannot either."""

URGENT_WORDS = frozenset({"spoed", "dringend", "urgent", "asap", "zsm", "noodgeval", "emergency", "acuut"})
URGENT_PHRASES = ("zo snel mogelijk", "met spoed", "as soon as possible", "right away", "high priority")
CALM_PHRASES = (
    "geen spoed", "geen haast", "heeft geen haast", "niet dringend", "niet urgent", "geen prioriteit",
    "als je tijd hebt", "wanneer het uitkomt", "not urgent", "no rush", "no hurry", "low priority",
    "when you have time", "whenever you have time",
)  # fmt: skip
_WIDE = re.compile(
    r"\b(?:hele|heel de|gehele|complete|whole|entire) (?:\w+ )?"
    r"(?:afdeling|team|kantoor|verdieping|organisatie|locatie|vestiging|gebouw|bedrijf|"
    r"department|team|office|floor|company|building|organisation|organization)\b"
    r"|\b(?:iedereen|everyone|everybody|alle (?:collegas|medewerkers)|all (?:of us|colleagues|staff))\b"
    r"|\b(?:meerdere|veel) (?:collegas|mensen)\b|\b(?:several|many|multiple) (?:colleagues|people)\b"
)
_NOBODY_CAN = re.compile(
    r"\b(?:niemand|nobody|no one|noone)\b (?:\w+ )?(?:kan|kunnen|can|is able to)\b(?! (?:me|mij|ons|us|help))"
)
_BLOCKED = re.compile(
    r"\b(?:kan|kunnen|kun|kunt|konden|kon)\b(?: \w+){0,3}? (?:niet|nie|niks|niets|geen)\b(?: \w+){0,2}? "
    r"(?:werken|verder|doen)\b"
    r"|\b(?:ligt|liggen|staat|staan)\b(?: \w+){0,2}? (?:plat|stil|eruit)\b"
    r"|\b(?:cannot|can ?not|cant|can t|unable to|not able to|couldnt|could not)\b(?: \w+){0,2}? "
    r"(?:work|continue|do anything|do my job)\b"
    r"|\b(?:im|i am|we are|were|completely) blocked\b"
)
_OUT = re.compile(r"\b(?:werkt|doet)\b(?: \w+){0,3}? niet\b|\b(?:storing|is down|are down|outage|plat)\b")
_PHISHING = re.compile(r"\b(?:phishing\w*|nepsite|nepmail|verdachte (?:link|mail|bijlage)|suspicious (?:link|email))\b")
_ACTED = re.compile(
    r"\b(?:geklikt|klikte|clicked|ingevuld|ingetypt|entered|geopend|opened|gedownload|downloaded|goedgekeurd|"
    r"approved|ingelogd)\b"
)
_COMPROMISED = re.compile(
    r"\b(?:gehackt|gehacked|gehackd|hacked|ransomware|malware|datalek|data ?breach|data ?leak|"
    r"gecompromitteerd|compromised|overgenomen|taken over|gestolen|stolen)\b"
    r"|\b(?:laptop|telefoon|phone|tablet)\b(?: \w+){0,3}? (?:kwijt|verloren|lost)\b"
    r"|\b(?:kwijt|verloren|lost)\b(?: \w+){0,2}? (?:laptop|telefoon|phone|tablet)\b"
    r"|\b(?:mfa|authenticator|inlogverzoek\w*|login request\w*)\b(?: \w+){0,6}? (?:goedgekeurd|approved)\b"
)
_DOTTED = re.compile(r"\b(?:[a-z]\.){2,}[a-z]?")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_RUN = re.compile(r"(\w)\1{2,}")


@dataclass(frozen=True)
class Urgency:
    """A proposed priority (P1-P4) and why: reason codes in order of weight, for the card and the record."""

    priority: str
    reasons: tuple[str, ...] = ()


def propose(
    text: str, *, works: str | None = None, category: str | None = None, article_priority: str | None = None
) -> Urgency:
    """The priority a new ticket starts with.

    Args:
        text: The colleague's own words.
        works: The answer to "kun je nog werken?" (`WORKS_ANSWERS`), when asked.
        category: The category the colleague chose, if any.
        article_priority: The `priority` hint of the article that did not help, if any.
    """
    words = folded(text)
    calm = any(_phrase(phrase, words) for phrase in CALM_PHRASES)
    for phrase in CALM_PHRASES:  # "geen spoed" is no urgent word
        words = re.sub(rf"\b{phrase}\b", " ", words)
    signals = _signals(words, works)
    if category == SECURITY_CATEGORY:
        signals.append("category")
    priority = _priority(signals)
    if not signals and calm:
        return Urgency(CALM_PRIORITY, ("calm",))
    if article_priority in PRIORITIES and article_priority < priority:
        priority, signals = article_priority, [*signals, "article"]
    return Urgency(priority, tuple(dict.fromkeys(signals)))


def is_urgent(words: str) -> bool:
    """Whether these words alone make a ticket urgent (P1 or P2): what an article may tell colleagues to write."""
    return propose(words).priority in ("P1", "P2")


def folded(text: str) -> str:
    """Lower case without accents or punctuation, with "a.s.a.p." as "asap" and "spoeeed" as "spoed"."""
    plain = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).replace("'", "").replace("’", "")
    plain = _DOTTED.sub(lambda found: found.group(0).replace(".", ""), plain)
    return " ".join(_RUN.sub(r"\1", _NON_WORD.sub(" ", plain)).split())


def _signals(words: str, works: str | None) -> list[str]:
    signals = []
    phishing_acted = bool(_PHISHING.search(words)) and bool(_ACTED.search(words))
    urgent = any(_is_urgent_word(word) for word in words.split()) or any(_phrase(p, words) for p in URGENT_PHRASES)
    if _COMPROMISED.search(words) or phishing_acted or (urgent and _PHISHING.search(words)):
        signals.append("security")
    blocked = bool(_BLOCKED.search(words)) or works in ("no", "team")
    wide = bool(_WIDE.search(words)) or works == "team"
    if _NOBODY_CAN.search(words) or (wide and _OUT.search(words)):
        blocked = wide = True
    signals += [name for name, present in (("blocked", blocked), ("wide", wide), ("urgent_word", urgent)) if present]
    return signals


def _priority(signals: list[str]) -> str:
    if "security" in signals or {"blocked", "wide"} <= set(signals):
        return "P1"
    if signals:
        return "P2"
    return DEFAULT_PRIORITY


def _is_urgent_word(word: str) -> bool:
    """An urgent word, also misspelt: a doubled letter ("spoedd"), one slip in a longer word ("dringent")."""
    for form in (word, re.sub(r"(\w)\1", r"\1", word)):
        if form in URGENT_WORDS:
            return True
        if len(form) >= 6 and any(
            OSA.distance(form, known) <= 1 and form[0] == known[0] for known in URGENT_WORDS if len(known) >= 6
        ):
            return True
    return False


def _phrase(phrase: str, words: str) -> bool:
    return re.search(rf"\b{phrase}\b", words) is not None
