"""The in-process tick: APScheduler with an in-memory job store, one per process.

Job stores are never shared between processes (APScheduler 3 would run jobs twice); the database decides
what is due, and rows are claimed race-safely, so any number of processes can tick.
"""

from __future__ import annotations

from collections.abc import Callable

from apscheduler.schedulers.background import BackgroundScheduler


def start_ticking(jobs: dict[str, tuple[Callable[[], object], float]]) -> BackgroundScheduler:
    """Run each job every so many seconds, never overlapping itself; returns the started scheduler."""
    scheduler = BackgroundScheduler(timezone="UTC")
    for name, (job, seconds) in jobs.items():
        scheduler.add_job(job, "interval", seconds=seconds, id=name, max_instances=1, coalesce=True)
    scheduler.start()
    return scheduler
