"""The announcement job every process runs: sync changed files, store the posts that are due, deliver them.

Safe to run in any number of processes at once: files are saved by compare-and-set, posts are stored under
unique keys and claimed race-safely.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from bot.announcements.files import LoadResult, files_fingerprint, load_directory
from bot.announcements.planning import plan_posts
from bot.announcements.service import sync_files
from bot.desk import Desk
from bot.local_time import LocalTime
from bot.outbox.poster import Poster
from bot.outbox.worker import deliver_outbox
from kb.loader import Fingerprint

log = logging.getLogger(__name__)

MAX_ROUNDS = 5
MAX_BATCHES = 100


class AnnouncementFiles:
    """The announcement folder as this process last synced it; reloaded when a file is added, edited or removed.

    `local` is the desk's time zone, in which a time written without its offset is explained.
    """

    def __init__(self, directory: Path, local: LocalTime) -> None:
        self.directory, self.local = directory, local
        self._synced: Fingerprint | None = None
        self._lock = threading.Lock()

    def changed(self) -> tuple[Fingerprint, LoadResult] | None:
        """The folder's new contents, or None when nothing changed since `synced`."""
        current = files_fingerprint(self.directory)
        with self._lock:
            if current == self._synced:
                return None
        result = load_directory(self.directory, self.local)
        for problem in result.problems:
            log.error("announcement file skipped: %s", problem)
        return current, result

    def synced(self, current: Fingerprint) -> None:
        with self._lock:
            self._synced = current


def tick(desk: Desk, poster: Poster, files: AnnouncementFiles | None = None) -> int:
    """Sync changed files, store due posts, deliver them; repeated while a delivery lets thread replies follow.

    Returns how many posts were sent.
    """
    changed = files.changed() if files is not None else None
    sent = 0
    for _ in range(MAX_ROUNDS):
        with desk.work() as work:
            if changed is not None:
                sync_files(work.session, changed[1], now=work.now)
            planned = plan_posts(work)
        if changed is not None and files is not None:
            files.synced(changed[0])
            changed = None
        delivered = deliver_all(desk, poster)
        sent += delivered
        if not (planned or delivered):
            break
    return sent


def deliver_all(desk: Desk, poster: Poster) -> int:
    """Deliver due outbox rows batch by batch until a batch sends nothing."""
    sent = 0
    for _ in range(MAX_BATCHES):
        delivered = deliver_outbox(desk, poster)
        sent += delivered
        if delivered == 0:
            break
    return sent
