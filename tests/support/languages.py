"""Words that belong to one of the desk's two languages only: a Dutch one in an English text (or the other way
round) is the other language leaking in ("expected begin januari")."""

from __future__ import annotations

import re

from bot.messages import CATALOGUE

_NL_NAMES = {
    name.lower() for key in ("announce.weekdays", "announce.months") for name in CATALOGUE[key]["nl"].split(",")
}
_EN_NAMES = {
    name.lower() for key in ("announce.weekdays", "announce.months") for name in CATALOGUE[key]["en"].split(",")
}
DUTCH_ONLY = frozenset(
    {"de", "het", "een", "je", "jouw", "jij", "niet", "geen", "wordt", "heeft", "hebt", "voor", "met", "van",
     "bij", "naar", "uiterlijk", "wacht", "opgelost", "bericht", "vandaag", "gesloten", "nog", "ook", "zijn",
     "kun", "kunt", "wil", "graag", "verwacht", "wanneer", "gewijzigd", "geannuleerd", "gestart", "afgerond",
     "herinnering", "bekende", "wijziging", "eind", "ervoor", "dag", "uur", "minuten", "collega",
     "servicedesk", "t/m", "tot", "om", "op", "en", "dit", "dat", "er"}
    | (_NL_NAMES - _EN_NAMES)
)  # fmt: skip
ENGLISH_ONLY = frozenset(
    {"the", "you", "your", "with", "for", "and", "will", "by", "to", "are", "has", "have", "please", "not",
     "this", "that", "from", "when", "until", "expected", "changed", "cancelled", "started", "done", "reminder",
     "known", "change", "early", "late", "mid", "before", "day", "hour", "minutes", "colleague", "service",
     "today", "closed", "urgent", "high", "low", "normal", "or", "it", "what", "who"}
    | (_EN_NAMES - _NL_NAMES)
)  # fmt: skip
_PLACEHOLDER = re.compile(r"\{[^}]*\}")
_MARKUP = re.compile(r"<[^>]*>|`[^`]*`")
_WORD = re.compile(r"[^\W\d_]+(?:/[^\W\d_]+)?")


def words(text: str) -> set[str]:
    """The words a person reads: placeholders, Slack links and mentions, and code left out; lower case."""
    plain = _MARKUP.sub(" ", _PLACEHOLDER.sub(" ", text))
    return {word.lower() for word in _WORD.findall(plain)}


def leaked(text: str, lang: str) -> set[str]:
    """Words of the other language in `text`, written in `lang`."""
    return words(text) & (DUTCH_ONLY if lang == "en" else ENGLISH_ONLY)
