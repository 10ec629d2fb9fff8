"""Pure Block Kit builders: a domain result in, (fallback text, blocks) out. No Slack calls here."""

from __future__ import annotations

from typing import Any

from bot.asking import NoneChosen, Picked, Verdict
from bot.messages import Lang, t
from bot.outbox.store import Message
from bot.questions import Reply
from handlers.fitting import BUTTON_TEXT, SECTION_TEXT, fit_message, safe_cut, shorten
from kb.article import Article

Block = dict[str, Any]

ANSWER_HELPED = "answer_helped"
ANSWER_NOT_HELPED = "answer_not_helped"
SUGGESTION_PREFIX = "suggestion_"
NONE_OF_THESE = "none_of_these"
SECTION_LIMIT = SECTION_TEXT


def reply_message(reply: Reply, contact: str, ticket_note: str | None = None) -> Message:
    """The message for a `Reply`: an answer with feedback buttons, suggestions, or an honest "I don't know"
    followed by the ticket that was opened (`ticket_note`) or, without one, how to reach the service desk
    (`contact`, the line `handlers.contact.DeskContact.line` makes). A colleague who asks for a person is told
    one is coming (the ticket) or how to reach one, never "I don't know"."""
    follow_up = ticket_note or contact
    if reply.wants_person:
        return text_message(t("person.coming", reply.lang) + "\n" + follow_up)
    if reply.article is not None:
        return answer_message(reply.article, reply.question_id, reply.lang, buttons=True, truncated=reply.truncated)
    if reply.suggestions:
        return suggestions_message(reply.suggestions, reply.question_id, reply.lang)
    return text_message(t("none.honest", reply.lang) + "\n" + follow_up)


def answer_message(
    article: Article, question_id: int, lang: Lang, *, buttons: bool, truncated: bool = False, note: str = ""
) -> Message:
    """An article as an answer; `note` (e.g. thanks for feedback) replaces the buttons when given."""
    blocks: list[Block] = [section(f"*{article.title}*")]
    blocks += [section(part) for part in _parts(article.body)]
    if article.lang != lang:  # a Dutch article for an English question (or the other way round): say so
        blocks.append(context(t(f"answer.written_in_{article.lang}", lang)))
    if truncated:
        blocks.append(context(t("question.too_long", lang)))
    if buttons:
        value = f"{question_id}:{article.id}"
        blocks.append(
            {
                "type": "actions",
                "block_id": "feedback",
                "elements": [
                    button(t("answer.helped", lang), ANSWER_HELPED, value, style="primary"),
                    button(t("answer.not_helped", lang), ANSWER_NOT_HELPED, value),
                ],
            }
        )
    if note:
        blocks.append(context(note))
    return fit_message({"text": t("answer.fallback_text", lang, title=article.title), "blocks": blocks})


def suggestions_message(suggestions: tuple[Article, ...], question_id: int, lang: Lang) -> Message:
    """Up to three "Bedoelde je…" buttons (a click answers with that article) and "Geen van deze"."""
    intro = t("suggest.intro", lang)
    buttons = [
        button(article.title, f"{SUGGESTION_PREFIX}{index}", f"{question_id}:{article.id}")
        for index, article in enumerate(suggestions[:3])
    ]
    buttons.append(button(t("suggest.none_of_these", lang), NONE_OF_THESE, str(question_id)))
    blocks: list[Block] = [section(intro), {"type": "actions", "block_id": "suggestions", "elements": buttons}]
    other = {article.lang for article in suggestions[:3]} - {lang}
    if other:  # titles in another language speak for themselves, but the colleague should not be surprised
        blocks.append(context(t(f"suggest.some_in_{min(other)}", lang)))
    return fit_message({"text": intro, "blocks": blocks})


def verdict_message(verdict: Verdict, contact: str) -> Message:
    """After "Dit hielp (niet)": the asker's answer loses its buttons and says thanks (and which ticket was
    opened, or how to reach the service desk: `contact`); anyone else is thanked privately and the answer stays."""
    lang = verdict.lang
    note = t("feedback.thanks_helped" if verdict.helpful else "feedback.thanks_not_helped", lang)
    if verdict.ticket is not None:
        note += "\n" + str(verdict.ticket.notice["text"])
    elif not verdict.helpful:
        note += "\n" + contact
    if not verdict.by_asker or verdict.article is None:
        return private_note(note)
    return replacement(answer_message(verdict.article, verdict.question_id, lang, buttons=False, note=note))


def none_chosen_message(chosen: NoneChosen, contact: str) -> Message:
    """After "Geen van deze": honest, with the ticket that was opened or how to reach the service desk."""
    follow_up = str(chosen.ticket.notice["text"]) if chosen.ticket else contact
    message = text_message(t("suggest.none_chosen", chosen.lang) + "\n" + follow_up)
    return replacement(message) if chosen.by_asker else private_note(message["text"])


def picked_message(picked: Picked, contact: str) -> Message:
    """The chosen article: in place of the suggestions for the asker, privately for anyone else."""
    message = reply_message(picked.reply, contact)
    return (
        replacement(message)
        if picked.by_asker
        else {**message, "response_type": "ephemeral", "replace_original": False}
    )


def replacement(message: Message) -> Message:
    """`respond()` arguments that replace the clicked message for everyone who sees it."""
    return {**message, "replace_original": True}


def private_note(text: str) -> Message:
    """`respond()` arguments for a note only the clicker sees; the clicked message stays as it is."""
    return {**text_message(text), "response_type": "ephemeral", "replace_original": False}


def text_message(text: str, more: str = "") -> Message:
    """`text` in sections Slack accepts; what does not fit in one message ends in "…" and `more` (where the full
    text is: `handlers.fitting.more_in_history`, `more_in_thread`)."""
    return fit_message({"text": text, "blocks": [section(part) for part in _parts(text)]}, more)


def parse_value(value: str) -> tuple[int, str]:
    """Split a button value `question_id:article_id`.

    Raises:
        ValueError: the value is not of that form.
    """
    question, _, article = value.partition(":")
    if not article:
        raise ValueError(f"not a question:article value: {value!r}")
    return int(question), article


def _parts(text: str) -> list[str]:
    """Split long text on line boundaries into pieces Slack accepts in one section."""
    parts: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        while len(line) > SECTION_LIMIT:  # never inside an entity or a link
            cut = safe_cut(line, SECTION_LIMIT) or SECTION_LIMIT
            parts, current, line = [*parts, current, line[:cut]], "", line[cut:]
        if len(current) + len(line) > SECTION_LIMIT:
            parts.append(current)
            current = ""
        current += line
    parts.append(current)
    return [part.strip() for part in parts if part.strip()]


def section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def button(label: str, action_id: str, value: str, style: str | None = None) -> Block:
    """A button; a label longer than Slack allows is shortened."""
    text = shorten(label, BUTTON_TEXT)
    element: Block = {"type": "button", "text": plain(text), "action_id": action_id, "value": value}
    if style:
        element["style"] = style
    return element


def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text, "emoji": True}
