"""The intake form: opening it (`/helpdesk ticket` without text, App Home's button, the *Maak ticket* shortcut)
and opening the ticket when it is submitted. Thin adapters over `bot.tickets.workflow`; the form is
`handlers.intake_blocks`."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.desk import Desk
from bot.messages import Lang, t
from bot.questions import choose_language
from bot.tickets import workflow
from bot.tickets.attachments import Attachment
from bot.tickets.workflow import TicketRequest
from handlers.files import attachments_of
from handlers.intake_blocks import INTAKE_MODAL, WHAT_BLOCK, ForMessage, Intake, intake_modal, read_intake
from handlers.mrkdwn import plain_from_slack
from handlers.people import Locales
from handlers.replies import deliver, in_modal, shown


def open_intake(
    desk: Desk,
    client: WebClient,
    locales: Locales,
    *,
    user: str,
    trigger_id: str,
    message: dict[str, Any] | None = None,
    channel: str | None = None,
) -> None:
    """Open the form for `user`; for a `message` (in `channel`), the ticket is for its author and prefilled."""
    text = plain_from_slack(str((message or {}).get("text") or ""))  # the form shows it as typed
    target = None
    if message is not None and channel:
        requester = message.get("user") or user
        target = ForMessage(channel, str(message.get("thread_ts") or message["ts"]), requester)
    who = target.requester if target else user
    lang = choose_language(text, lambda: locales.get(client, who), desk.settings.default_language)
    view = intake_modal(lang, desk.settings.ticket_categories, text=text, for_message=target)
    client.views_open(trigger_id=trigger_id, view=view)


def register(app: App, desk: Desk) -> None:
    """Attach the form's submission."""
    categories = desk.settings.ticket_categories

    @app.view(INTAKE_MODAL)
    def handle_intake_submission(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        intake = read_intake(view, categories)
        if not intake.text:
            ack(response_action="errors", errors={WHAT_BLOCK: t("intake.empty", intake.lang)})
            return
        request = intake_request(
            intake, body["user"]["id"], str(view.get("id") or ""), attachments_of(client, intake.uploads)
        )
        with shown(in_modal(ack, WHAT_BLOCK), intake.lang) as outcome, desk.work() as work:
            workflow.open_ticket(work, request)
        if outcome.ok:
            ack()
            deliver(desk, client, work)


def intake_request(intake: Intake, user: str, view_id: str, files: tuple[Attachment, ...]) -> TicketRequest:
    """The ticket a submitted form asks for: in a DM thread, or in the thread of the message it was made for."""
    lang: Lang = intake.lang
    if intake.for_message is None:
        return TicketRequest.for_intake(
            user=user, view_id=view_id, text=intake.text, lang=lang, category=intake.category, works=intake.works,
            files=files,
        )  # fmt: skip
    target = intake.for_message
    request = TicketRequest.for_message(
        channel=target.channel, thread_ts=target.thread_ts, requester=target.requester, text=intake.text, lang=lang,
        by=user,
    )  # fmt: skip
    return replace(request, category=intake.category, works=intake.works, files=files)
