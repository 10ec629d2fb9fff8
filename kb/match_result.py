"""What the matcher returns: the bands, the thresholds behind them, ranked candidates and the match."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kb.article import Language

Band = Literal["answer", "suggest", "none"]


@dataclass(frozen=True)
class Thresholds:
    """Confidence cut-offs, each in [0, 1]: answer at or above `answer`, suggest at or above `suggest`."""

    answer: float
    suggest: float


DEFAULT_THRESHOLDS = Thresholds(answer=0.70, suggest=0.15)
"""Why these values (validation questions only; bench/calibrate.py and bench/README.md have the figures):

- answer 0.70: the lowest confidence (on a 0.05 grid) at which answers are >= 90% right on val in all four
  set-ups measured: articles-10 and articles-all, each with and without the classifier (92.0, 91.4, 90.8
  and 95.1%). 0.65 reaches 90% in three of the four only; a confident wrong answer costs more trust
  than a ticket. The semantic confidence model is fitted so that 0.70 keeps that promise, with two points to
  spare, on every knowledge base of the calibration pool (banking77 and hwu64 at 3 to ~110 phrasings per
  article, the bundled Dutch/English KB).
- suggest 0.15 (was 0.20 before the semantic scorer, 0.30 before that): a suggestion is cheap (one click;
  "Geen van deze" opens the ticket) while a right article not offered costs the colleague a ticket and a wait.
  Chosen on the val pool as the highest value (0.01 grid) at which every pool KB reaches the share of
  in-scope questions helped (answered right, or the right article among the three buttons) that issue 8
  asks for: banking77 articles-10 90.0% (>= 80), hwu64 articles-3 85.0% (>= 70), hwu64 articles-10 80.4%
  (>= 80; 78.8% at 0.16), bundled KB 95.1%. The price: out-of-scope val questions shown a list rise from
  30-52% at 0.20 to 44-67% on banking77 and hwu64 (hard negatives, close to known topics) and from 27% to
  44% on the bundled KB; a list is one "Geen van deze" click from a ticket.
"""


@dataclass(frozen=True)
class Candidate:
    """One ranked article for a question.

    Attributes:
        article_id: The article's id.
        title: The article's title.
        confidence: Estimated probability, in [0, 1], that this article answers the question.
        phrasing: The article's phrasing closest to the question.
        terms: Normalised question terms (stems) that also occur in the article's phrasings.
        lang: The language the article is written in (may differ from the question's).
    """

    article_id: str
    title: str
    confidence: float
    phrasing: str
    terms: tuple[str, ...]
    lang: Language = "nl"


@dataclass(frozen=True)
class Match:
    """The outcome for one question: a band and the candidates (best first, possibly none).

    Attributes:
        band: "answer", "suggest" or "none".
        candidates: Ranked articles, best first.
        wants_person: The colleague asks to talk to a person ("ik wil iemand spreken", "call me"): the
            service desk should open a ticket or give the contact line, whatever the band. When the question
            names nothing else, the band is "none" and there are no candidates.
        lang: The question's language as the matcher read it (given, or detected); None when undecidable or
            when there was nothing to match.
    """

    band: Band
    candidates: tuple[Candidate, ...]
    wants_person: bool = False
    lang: Language | None = None

    @property
    def best(self) -> Candidate | None:
        """The top candidate, or None when there are no candidates."""
        return self.candidates[0] if self.candidates else None


NO_MATCH = Match("none", ())
