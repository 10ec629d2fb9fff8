"""An honest "expected" for a change without a date ("begin december", "early January 2027", "week 49"), in
every language the announcement is posted in, so an English post never says "expected begin januari".

Recognised in Dutch or English and written again from the message catalogue; other text cannot be translated
and is only accepted for an announcement in one language.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.messages import t

PARTS = {
    "begin": "begin", "start": "begin", "early": "begin", "beginning": "begin",
    "half": "mid", "midden": "mid", "medio": "mid", "mid": "mid", "middle": "mid",
    "eind": "end", "einde": "end", "eind van": "end", "late": "end", "end": "end",
}  # fmt: skip
_PHRASE = re.compile(
    r"^(?P<part>eind van|end of|middle of|beginning of|start of|[a-z]+)[\s-]+(?:of\s+)?(?P<month>[a-z]+)"
    r"(?:\s+(?P<year>\d{4}))?$"
)
_WEEK = re.compile(r"^(?:week|wk)\s*(?P<week>\d{1,2})(?:\s+(?P<year>\d{4}))?$")


def expected_texts(text: str, langs: Sequence[str]) -> dict[str, str] | None:
    """`text` written in each of `langs`, or None when it is not a phrase this module knows."""
    plain = " ".join(text.strip().lower().split())
    week = _WEEK.match(plain)
    if week:
        year = f" {week['year']}" if week["year"] else ""
        return dict.fromkeys(langs, f"week {int(week['week'])}{year}")
    found = _PHRASE.match(plain)
    if found is None:
        return None
    part = PARTS.get(found["part"].removesuffix(" of"))
    month = _month(found["month"])
    if part is None or month is None:
        return None
    year = f" {found['year']}" if found["year"] else ""
    return {lang: phrase(part, month, lang) + year for lang in langs}


def phrase(part: str, month: int, lang: str) -> str:
    """ "begin januari" / "early January": `part` is begin, mid or end; `month` 1-12."""
    return t(f"announce.part.{part}", lang, month=t("announce.months", lang).split(",")[month - 1])


def _month(name: str) -> int | None:
    for lang in ("nl", "en"):
        for number, month in enumerate(t("announce.months", lang).lower().split(","), start=1):
            if name == month or (len(name) >= 3 and month.startswith(name)):
                return number
    return None
