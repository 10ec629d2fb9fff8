"""The live knowledge base: articles from disk plus learned phrasings, rebuilt when either changes.

A broken file is skipped with a logged error; the other articles keep serving. Edited files are picked up
without a restart: on the next question, or (`files_checked_by_job`, as `servicedesk run` does) when a job
looks at the files every few seconds, so a question never stats every article file (39% of a question's time
with 1,000 articles).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kb.article import Article, LearnedPhrasing
from kb.embedding import CachedEncoder, Embedder, VectorStore
from kb.gaps import GapScorer, gap_scorer
from kb.loader import Fingerprint, Problem, fingerprint, load_directory
from kb.matcher import Matcher, Thresholds

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Snapshot:
    """One consistent view of the knowledge base: articles, their matcher and the problems found loading."""

    articles: dict[str, Article]
    matcher: Matcher
    problems: tuple[Problem, ...]


class KnowledgeBase:
    """Holds the current `Snapshot`; thread-safe.

    Args:
        directory: Folder of `*.md` article files.
        thresholds: Band thresholds for the matcher.
        embedder: The sentence model for the semantic scorer, or None to match on words alone.
        files_checked_by_job: Look at the files only in `check_files` (a job calls it), not per snapshot.
    """

    def __init__(
        self,
        directory: Path,
        thresholds: Thresholds,
        embedder: Embedder | None = None,
        *,
        files_checked_by_job: bool = False,
    ) -> None:
        self._directory = directory
        self._by_job = files_checked_by_job
        self._files: Fingerprint | None = None
        self._thresholds = thresholds
        self._embedder = embedder
        self._lock = threading.Lock()
        self._state: tuple[Fingerprint, object, Snapshot] | None = None

    def snapshot(
        self,
        learned_version: object = None,
        load_learned: Callable[[], Sequence[LearnedPhrasing]] = tuple,
        vectors: VectorStore | None = None,
    ) -> Snapshot:
        """The current snapshot, reloaded first if a file or the learned phrasings changed.

        Args:
            learned_version: Any value that changes whenever the learned phrasings change.
            load_learned: Called only when a rebuild is needed.
            vectors: Where a rebuild finds and keeps the phrasings' sentence vectors (the process memo
                comes first); used only with an embedder.
        """
        if not self._by_job or self._files is None:
            self.check_files()
        with self._lock:
            current = self._files
            assert current is not None  # looked at above, or by the job
            if self._state is not None and self._state[:2] == (current, learned_version):
                return self._state[2]
            snapshot = self._load(load_learned(), vectors)
            self._state = (current, learned_version, snapshot)
            return snapshot

    def check_files(self) -> None:
        """Look at the article files now; the next snapshot is rebuilt when one changed."""
        current = fingerprint(self._directory.glob("*.md"))
        with self._lock:
            self._files = current

    @property
    def semantic(self) -> bool:
        """Whether the matcher uses the semantic scorer."""
        return self._embedder is not None

    def gap_scorer(self, snapshot: Snapshot, vectors: VectorStore | None = None) -> GapScorer:
        """How gaps are clustered: with the matcher's sentence model when it has one (Dutch and English wordings
        of one question together), centred on `snapshot`'s phrasings; else lexically. `vectors` keeps the gap
        questions' vectors (the database: a restart or another process does not encode them again)."""
        if self._embedder is None:
            return gap_scorer(None)
        anchors = [phrasing for article in snapshot.articles.values() for phrasing in article.phrasings]
        return gap_scorer(CachedEncoder(self._embedder, vectors), anchors)

    def _load(self, learned: Sequence[LearnedPhrasing], vectors: VectorStore | None) -> Snapshot:
        result = load_directory(self._directory)
        for problem in result.problems:
            log.error("knowledge base: %s", problem)
        if not result.articles:
            log.error("knowledge base: no usable articles in %s", self._directory)
        encoder = CachedEncoder(self._embedder, vectors) if self._embedder is not None else None
        matcher = Matcher(result.articles, learned, self._thresholds, encoder)
        log.info(
            "knowledge base loaded: %d articles, %d learned phrasings; scorers: %s",
            len(result.articles),
            len(learned),
            ", ".join(matcher.scorers) or "-",
        )
        return Snapshot({a.id: a for a in result.articles}, matcher, result.problems)
