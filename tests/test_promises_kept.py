"""Issue 11, "a desk that keeps its promises": each problem a new colleague ran into, tried again over signed HTTP
against the real Bolt app and the fake Slack Web API, and now fixed."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest

from bot.app import make_poster
from bot.tickets.promises import keep_promises
from tests.conftest import CALIBRATED, NEVER_ANSWER, RunningBot
from tests.fakes.slack_events import payload
from tests.support.intake import form_values, opened_view, submit
from tests.support.languages import words
from tests.support.tickets import TICKETS, TRIAGE, click, open_unknown_question, posts, text_of, the_ticket

pytestmark = [pytest.mark.settings(**TICKETS), pytest.mark.usefixtures("agents")]


def _command(bot: RunningBot, text: str, name: str = "cmd") -> str:
    bot.send.command(payload("helpdesk_command", text=text, response_url=bot.response_url(name)))
    [answer] = bot.slack.calls(f"response_url/{name}")
    return str(answer.args["text"])


def test_spoed_phishing_as_the_article_says_is_a_spoed_ticket_with_a_matching_promise(bot: RunningBot) -> None:
    told = _command(bot, "ticket SPOED phishing, ik heb op de link in een mail geklikt")

    ticket = the_ticket(bot)
    assert (ticket.priority, ticket.priority_reasons) == ("P1", "security,urgent_word")
    assert "(prioriteit: spoed)" in told and "reageert uiterlijk *vandaag 11:00*" in told  # 10:30 + 30 minutes
    assert "P1" not in told and "zien de collega's van de servicedesk het meteen" in told
    alert = next(p for p in posts(bot, TRIAGE) if "Spoed: SD-1001" in p["text"])
    assert alert["text"].startswith("<!here> :rotating_light:") and "beveiligingsincident" in alert["text"]


@pytest.mark.settings(**CALIBRATED)
def test_this_did_not_help_on_the_phishing_article_makes_a_spoed_ticket(bot: RunningBot) -> None:
    bot.send.event(payload("help_channel_message", text="bijlage van een rare mail geopend"))
    [answer] = posts(bot, "CHELP")
    [buttons] = [b for b in answer["blocks"] if b["type"] == "actions"]
    [not_helped] = [e for e in buttons["elements"] if e["action_id"] == "answer_not_helped"]
    action = {"action_id": "answer_not_helped", "block_id": "feedback", "type": "button", "value": not_helped["value"]}

    bot.send.interaction(payload("block_actions", actions=[action], response_url=bot.response_url("fb")))

    assert (the_ticket(bot).priority, the_ticket(bot).priority_reasons) == ("P1", "article")
    [thanks] = bot.slack.calls("response_url/fb")
    assert "(prioriteit: spoed)" in text_of(thanks.args)


@pytest.mark.settings(**NEVER_ANSWER)
def test_a_colleague_hears_once_and_honestly_before_a_promise_is_missed(bot: RunningBot) -> None:
    open_unknown_question(bot)  # P3: a response promised by 14:30
    poster = make_poster(bot.desk.settings)

    for moment in (datetime(2026, 11, 23, 13, 16), datetime(2026, 11, 23, 13, 29), datetime(2026, 11, 23, 14, 0)):
        bot.desk.clock.now = moment  # type: ignore[attr-defined]
        keep_promises(bot.desk, poster)

    [update] = [p for p in posts(bot, "CHELP") if "langer dan we beloofden" in p["text"]]
    assert update["text"] == (
        "Het duurt langer dan we beloofden met je ticket *SD-1001*, sorry. We zijn je niet vergeten: een collega "
        "van de servicedesk reageert uiterlijk *dinsdag 24 november 09:30*."
    )


@pytest.mark.settings(
    **NEVER_ANSWER, TRIAGE_CHANNEL="", SERVICEDESK_PHONE="020 123 4567", WALK_IN_HOURS="di 10:00-12:00"
)
def test_the_fallback_gives_hours_and_the_phone_number_and_is_never_circular(bot: RunningBot) -> None:
    bot.send.event(payload("help_channel_message", text="hoeveel vakantiedagen heb ik nog"))

    [reply] = posts(bot, "CHELP")
    assert "bel 020 123 4567 (maandag t/m vrijdag 08:30–17:30)" in reply["text"]
    assert "loop binnen: dinsdag 10:00–12:00" in reply["text"] and "<#CHELP>" not in reply["text"]


@pytest.mark.settings(**NEVER_ANSWER, TRIAGE_CHANNEL="", SERVICEDESK_PHONE="020 123 4567")
def test_outside_hours_the_fallback_says_when_the_desk_opens(bot: RunningBot) -> None:
    bot.desk.clock.now = datetime(2026, 12, 24, 18, 0)  # type: ignore[attr-defined]  # Christmas Eve 19:00

    bot.send.event(payload("help_channel_message", text="hoeveel vakantiedagen heb ik nog"))

    [reply] = posts(bot, "CHELP")
    assert "De servicedesk is nu gesloten en weer open *maandag 28 december 08:30*." in reply["text"]


def test_a_screenshot_from_the_form_reaches_the_card(bot: RunningBot) -> None:
    screenshot = bot.slack.add_file("F0VPN", name="vpn-fout.png")
    bot.send.command(payload("helpdesk_command", text="ticket", response_url=bot.response_url("cmd")))

    submit(bot, opened_view(bot), form_values("vpn geeft fout 809", category="netwerk", files=[screenshot]))

    card, files = posts(bot, TRIAGE)
    assert files["thread_ts"] and files["text"] == f"Bestanden van <@UASKER>: <{screenshot['permalink']}|vpn-fout.png>"
    assert "*Categorie:* Netwerk, wifi en VPN" in text_of(card)


@pytest.mark.settings(**NEVER_ANSWER)
def test_a_screenshot_posted_in_the_ticket_thread_reaches_the_card(bot: RunningBot) -> None:
    open_unknown_question(bot)

    bot.send.event(payload("file_share_message"), event_id="EvShot")

    [copy] = [p for p in posts(bot, TRIAGE) if p.get("thread_ts")]
    assert "<https://servicedesk-test.slack.com/files/UASKER/F0SCREEN1/foutmelding.png|foutmelding.png>" in text_of(
        copy
    )
    assert not any("alleen tekst" in str(p["text"]) for p in posts(bot, "CHELP"))


def _pick(bot: RunningBot, action: dict[str, Any], user: str = "UAGENT1") -> None:
    body = payload("block_actions", actions=[{"block_id": "ticket-1-sorting", **action}], user={"id": user},
                   channel={"id": TRIAGE}, response_url=bot.response_url("pick"))  # fmt: skip
    assert bot.send.interaction(body).status == 200


@pytest.mark.settings(**NEVER_ANSWER)
def test_an_agent_sets_a_category_and_hands_the_ticket_to_a_colleague(bot: RunningBot) -> None:
    open_unknown_question(bot)
    click(bot, "ticket_claim", "1", "UAGENT1")

    _pick(bot, {"action_id": "ticket_category", "type": "static_select", "selected_option": {"value": "1:werkplek"}})
    _pick(bot, {"action_id": "ticket_reassign", "type": "users_select", "selected_user": "UAGENT2"})

    ticket = the_ticket(bot)
    assert (ticket.category, ticket.assignee) == ("werkplek", "UAGENT2")
    card = text_of([c.args for c in bot.slack.calls("chat.update")][-1])
    assert "*Categorie:* Laptop, scherm en werkplek" in card and "<@UAGENT2> werkt eraan" in card
    assert "overgedragen aan <@UAGENT2>" in posts(bot, "CHELP")[-1]["text"]


@pytest.mark.settings(**NEVER_ANSWER)
def test_the_resolve_window_searches_every_article(bot: RunningBot) -> None:
    open_unknown_question(bot)
    click(bot, "ticket_resolve", "1", "UAGENT1")

    answer = bot.send.interaction(payload("block_suggestion", value="windows update"))

    assert [option["value"] for option in json.loads(answer.body)["options"]] == ["windows-updates"]


@pytest.mark.settings(**NEVER_ANSWER)
def test_colleagues_read_priorities_in_words_and_agents_keep_their_codes(bot: RunningBot) -> None:
    open_unknown_question(bot)

    [reply] = posts(bot, "CHELP")
    [card] = [p for p in posts(bot, TRIAGE) if not p.get("thread_ts")]
    assert "(prioriteit: normaal)" in reply["text"] and "P3" not in reply["text"]
    assert "P3 (normaal)" in text_of(card)


def test_an_english_announcement_never_says_begin_januari(bot: RunningBot) -> None:
    from bot.announcements.models import Announcement
    from tests.support.announcements import save_data

    save_data(bot.desk, "printers", {"title": "New printers", "body": "New printers arrive.", "lang": "en",
                                     "expected": "begin januari", "channels": ["CALGEMEEN"]})  # fmt: skip
    from bot.announcements.jobs import AnnouncementFiles, tick

    tick(
        bot.desk,
        make_poster(bot.desk.settings),
        AnnouncementFiles(bot.desk.settings.announcements_dir, bot.desk.local_time),
    )

    [post] = [c.args for c in bot.slack.calls("chat.postMessage") if c.args["channel"] == "CALGEMEEN"]
    assert "expected early January" in text_of(post) and "januari" not in words(text_of(post))
    with bot.desk.sessions() as session:
        assert session.query(Announcement).one().expected == {"en": "early January"}
