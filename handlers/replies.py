"""What every listener shares: one way to show a `ServiceDeskError` where the person who acted is looking, and
delivering right away the posts its unit of work queued (the outbox tick delivers everything else)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.desk import Desk, Work
from bot.errors import ServiceDeskError
from bot.outbox.worker import deliver_outbox
from handlers.blocks import private_note, text_message
from handlers.poster import SlackPoster

log = logging.getLogger(__name__)
Show = Callable[[str], object]


@dataclass
class Outcome:
    """How a listener's work went: `problem` is what the person who acted was shown, if anything went wrong."""

    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


@contextmanager
def shown(show: Show, lang: str | Callable[[], str]) -> Iterator[Outcome]:
    """Run a listener's work; a `ServiceDeskError` is shown with `show` in `lang` (looked up only then) and the
    listener goes on. Anything else is not caught here: it reaches the app's error handler, which logs it."""
    outcome = Outcome()
    try:
        yield outcome
    except ServiceDeskError as error:
        outcome.problem = error.text(lang() if callable(lang) else lang)
        log.info("shown to the colleague: %s (%s)", type(error).__name__, error)
        show(outcome.problem)


def privately(respond: Respond) -> Show:
    """A note only the person who clicked or typed sees; the message they clicked stays as it is."""
    return lambda text: respond(**private_note(text))


def in_modal(ack: Ack, block: str) -> Show:
    """An error under the modal's input `block`: the modal stays open with what they typed."""
    return lambda text: ack(response_action="errors", errors={block: text})


def privately_in(client: WebClient, channel: str, user: str, thread_ts: str | None = None) -> Show:
    """A note only `user` sees, in `channel` (for a shortcut or a reaction, which have nothing to respond to)."""
    return lambda text: client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread_ts,
                                                  **text_message(text))  # fmt: skip


def logged(text: str) -> None:
    """For events nobody waits on an answer to (an edit, opening App Home): the problem is only logged."""
    log.warning("not shown to anyone: %s", text)


def in_thread(client: WebClient, channel: str, thread_ts: str) -> Show:
    """A message in the thread the colleague wrote in."""
    return lambda text: client.chat_postMessage(channel=channel, thread_ts=thread_ts, **text_message(text))


def deliver(desk: Desk, client: WebClient, work: Work) -> None:
    """Deliver the posts `work` queued, now that its transaction is committed, on the desk's delivery lane (what
    does not go out now stays in the outbox for the tick)."""
    if work.queued:
        desk.deliveries.submit(_deliver_logged, desk, SlackPoster(client), list(work.queued))


def _deliver_logged(desk: Desk, poster: SlackPoster, rows: list[int]) -> None:
    try:
        deliver_outbox(desk, poster, only=rows)
    except Exception:  # a pool thread would swallow it; the rows wait in the outbox for the tick
        log.exception("delivering %s failed; the outbox tick tries again", rows)
