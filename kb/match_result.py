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
  Lowering it from 0.30 to 0.20 raised the in-scope banking77 val questions helped by an answer or a
  suggestion list holding the right article from 68.6% to 75.0%, out-of-scope val questions (hard negatives)
  shown suggestions from 23% to 40%. With the semantic scorer, 0.15 instead of 0.20 helps 2-4 points more
  in-scope val questions on every pool KB (hwu64 articles-10: 73.3 -> 76.7%; banking77 articles-10: 79.1 ->
  81.0%) for 13-18 points more out-of-scope questions shown suggestions; below 0.15 noise grows faster still
  (0.10: hwu64 81.2% helped, 56% noise; banking77 84.5%, 74%).
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
