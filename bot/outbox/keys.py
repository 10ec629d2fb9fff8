"""Every idempotency key the desk uses, built in one place.

A key says "this was done once": an outbox row's key makes storing a post twice store it once, a handled
delivery's key (`bot.questions.claim_delivery`) makes a Slack retry do nothing. Keys are never parsed back:
what a row is and which rows it belongs to are columns (`bot.models.OutboxMessage`).
"""

from __future__ import annotations

from datetime import datetime

# -- Slack deliveries we handle once (processed events) ------------------------------------------------------


def message(channel: str, ts: str) -> str:
    """A colleague's message, answered once however often Slack delivers it (retries, message + mention)."""
    return f"msg:{channel}:{ts}"


def relay(channel: str, ts: str) -> str:
    """A message in a ticket's thread, relayed once; also the outbox key of its copy on the other side."""
    return f"relay:{channel}:{ts}"


def mirror(copy_key: str, version: str) -> str:
    """One edit (or the deletion) of a relayed message, mirrored once on its copy."""
    return f"mirror:{copy_key}:{version}"


def ticket_told(ticket_id: int, user: str) -> str:
    """A colleague told about a ticket that already runs (a second reaction or shortcut), once each."""
    return f"ticket-notice:{ticket_id}:{user}"


# -- outbox rows ------------------------------------------------------------------------------------------


def reply(delivery_key: str) -> str:
    """The reply to a message handled under `delivery_key`."""
    return f"reply:{delivery_key}"


def ticket_card(ticket_id: int) -> str:
    """A ticket's card in the triage channel."""
    return f"ticket:{ticket_id}:card"


def team_card(ticket_id: int, team: str) -> str:
    """A ticket's card in a second-line team's channel."""
    return f"ticket:{ticket_id}:team:{team}"


def card_edit(card_key: str, version: int) -> str:
    """Bringing a card up to date with the ticket's history as long as `version`."""
    return f"{card_key}:v{version}"


def ticket_opened(ticket_id: int) -> str:
    """The first message to the requester about their ticket (in a DM it starts the ticket's thread)."""
    return f"ticket:{ticket_id}:opened"


def ticket_notice(ticket_id: int, what: str, detail: str) -> str:
    """A later message to the requester: `what` happened (claimed, escalated, ...), once per `detail`."""
    return f"ticket:{ticket_id}:{what}:{detail}"


def ticket_files(ticket_id: int) -> str:
    """The files a ticket came with (the intake form's screenshots), in the thread of its card."""
    return f"ticket:{ticket_id}:files"


def urgent_alert(ticket_id: int) -> str:
    """The alert in the triage channel for a ticket opened as spoed (P1)."""
    return f"ticket:{ticket_id}:urgent"


def agent_note(ticket_id: int, what: str, now: datetime) -> str:
    """A note in the card's thread about a change an agent made (a handover), once per change."""
    return f"ticket:{ticket_id}:note:{what}:{now.isoformat()}"


def team_note(ticket_id: int, team: str, now: datetime) -> str:
    """The escalating agent's note in the thread of the team's card."""
    return f"ticket:{ticket_id}:team:{team}:note:{now.isoformat()}"


def sla_notice(ticket_id: int, stage: str, target: str) -> str:
    """An SLA warning or breach for one promise (first response, resolution), once each."""
    return f"ticket:{ticket_id}:sla:{stage}:{target}"


def relay_part(copy_key: str, part: int) -> str:
    """Part `part` (2, 3, …) of a relayed message too long for one post; part 1 is the copy itself."""
    return f"{copy_key}:part{part}"


def relay_delete(copy_key: str) -> str:
    """Taking a relayed copy away, once: its original became an internal note."""
    return f"relay-delete:{copy_key}"


def relay_edit(copy_key: str, version: str) -> str:
    """The edit of a relayed copy for one edit (or the deletion) of the original."""
    return f"{copy_key}:{version}"


def announcement(announcement_id: int, occurrence: str, channel: str) -> str:
    """One post of an announcement in one channel: `occurrence` is publish, a reminder, a cron time, ..."""
    return f"announce:{announcement_id}:{occurrence}:{channel}"


def delivery_failed(key: str) -> str:
    """The report to the triage channel of the post stored under `key` that can never go out."""
    return f"triage:failed:{key}"


def digest(week: str) -> str:
    """The weekly digest of `week` (ISO week of its scheduled moment, e.g. "2026-W49") in the triage channel."""
    return f"digest:{week}"
