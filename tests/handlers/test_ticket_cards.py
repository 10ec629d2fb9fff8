"""Agents working a ticket from its card: claim races, refusals, priority, escalation and resolution."""

from __future__ import annotations

import json
import threading

import pytest
from sqlalchemy import select

from tests.conftest import NEVER_ANSWER, RunningBot, database_down
from tests.fakes.slack_events import payload
from tests.support.tickets import (
    TEAM_CHANNEL,
    TICKETS,
    TRIAGE,
    click,
    open_unknown_question,
    posts,
    text_of,
    the_ticket,
)

# every question here is one the KB cannot answer, asked of a desk that works tickets
pytestmark = [pytest.mark.settings(**NEVER_ANSWER, **TICKETS), pytest.mark.usefixtures("agents")]


def _updates(bot: RunningBot) -> list[dict[str, object]]:
    return [c.args for c in bot.slack.calls("chat.update") if c.outcome == "ok"]


def test_claim_makes_the_agent_assignee_updates_the_card_and_tells_the_requester(bot: RunningBot) -> None:
    open_unknown_question(bot)

    click(bot, "ticket_claim", "1", "UAGENT1")

    ticket = the_ticket(bot)
    assert (ticket.status, ticket.assignee) == ("claimed", "UAGENT1")
    [update] = _updates(bot)
    assert update["channel"] == TRIAGE and "<@UAGENT1> werkt eraan" in text_of(update)
    told = posts(bot, "CHELP")[-1]
    assert told["thread_ts"] == "1700000200.000100" and "<@UAGENT1> van de servicedesk heeft je ticket" in told["text"]


def test_twenty_simultaneous_claims_leave_exactly_one_assignee(bot: RunningBot) -> None:
    open_unknown_question(bot)
    agents = [f"UAGENT{n}" for n in range(1, 21)]
    barrier = threading.Barrier(len(agents))

    def claim(agent: str) -> None:
        barrier.wait()
        click(bot, "ticket_claim", "1", agent)

    threads = [threading.Thread(target=claim, args=(agent,)) for agent in agents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    winner = the_ticket(bot).assignee
    assert winner in agents
    refusals = [c for a in agents if a != winner for c in bot.slack.calls(f"response_url/ticket_claim-{a}")]
    assert len(refusals) == 19
    assert all(f"al opgepakt door <@{winner}>" in c.args["text"] for c in refusals)
    assert bot.slack.calls(f"response_url/ticket_claim-{winner}") == []
    told = [p for p in posts(bot, "CHELP") if "opgepakt" in p["text"]]
    assert len(told) == 1


def test_double_clicked_claim_changes_the_ticket_once(bot: RunningBot) -> None:
    open_unknown_question(bot)

    click(bot, "ticket_claim", "1", "UAGENT1")
    click(bot, "ticket_claim", "1", "UAGENT1")

    assert the_ticket(bot).assignee == "UAGENT1"
    assert len([p for p in posts(bot, "CHELP") if "opgepakt" in p["text"]]) == 1


def test_non_agent_click_is_refused_kindly_and_changes_nothing(bot: RunningBot) -> None:
    open_unknown_question(bot)

    name = click(bot, "ticket_claim", "1", "UASKER")

    [refusal] = bot.slack.calls(f"response_url/{name}")
    assert (
        refusal.args["response_type"] == "ephemeral" and "Alleen collega's van de servicedesk" in refusal.args["text"]
    )
    assert (the_ticket(bot).status, the_ticket(bot).assignee) == ("new", None)
    assert _updates(bot) == []


def test_release_puts_the_ticket_back_in_the_queue(bot: RunningBot) -> None:
    open_unknown_question(bot)
    click(bot, "ticket_claim", "1", "UAGENT1")

    click(bot, "ticket_release", "1", "UAGENT1")

    assert (the_ticket(bot).status, the_ticket(bot).assignee) == ("new", None)
    assert "Oppakken" in text_of(_updates(bot)[-1])


def test_priority_menu_changes_priority_and_due_times(bot: RunningBot) -> None:
    open_unknown_question(bot)
    before = the_ticket(bot).first_response_due

    click(bot, "ticket_priority", "", "UAGENT1", selected="1:P1")

    ticket = the_ticket(bot)
    assert ticket.priority == "P1" and ticket.first_response_due < before
    assert "P1 (spoed)" in text_of(_updates(bot)[-1])


def _submit(bot: RunningBot, callback: str, values: dict[str, object], user: str = "UAGENT1") -> int:
    view = {"id": "V1", "type": "modal", "callback_id": callback, "private_metadata": "1", "state": {"values": values}}
    body = {"type": "view_submission", "team": {"id": "T0001"}, "user": {"id": user}, "view": view, "trigger_id": "t"}
    return bot.send.interaction(body).status


def test_resolve_button_opens_the_modal_with_kb_articles(bot: RunningBot) -> None:
    open_unknown_question(bot)

    click(bot, "ticket_resolve", "1", "UAGENT1")

    [opened] = bot.slack.calls("views.open")
    view = opened.args["view"]
    assert view["callback_id"] == "ticket_resolve_modal" and view["private_metadata"] == "1"
    [article] = [block for block in view["blocks"] if block["block_id"] == "article"]
    assert article["element"]["type"] == "external_select" and article["element"]["action_id"] == "article_id"


def _resolve(bot: RunningBot, article: str | None = None) -> int:
    values: dict[str, object] = {
        "resolution": {"resolution_text": {"type": "plain_text_input", "value": "Automaat gereset."}}
    }
    if article:
        values["article"] = {"article_id": {"type": "external_select", "selected_option": {"value": article}}}
    return _submit(bot, "ticket_resolve_modal", values)


def test_resolve_tells_the_requester_and_asks_for_a_rating(bot: RunningBot) -> None:
    open_unknown_question(bot)
    click(bot, "ticket_claim", "1", "UAGENT1")

    assert _resolve(bot) == 200

    ticket = the_ticket(bot)
    assert (ticket.status, ticket.resolution) == ("resolved", "Automaat gereset.")
    told = posts(bot, "CHELP")[-1]
    assert "is opgelost" in told["text"] and "Automaat gereset." in told["text"]
    [rating] = [b for b in told["blocks"] if b["type"] == "actions"]
    assert [e["action_id"] for e in rating["elements"]] == ["ticket_rate_good", "ticket_rate_bad"]
    assert "ticket_claim" not in text_of(_updates(bot)[-1])


def test_resolve_modal_submitted_twice_resolves_once(bot: RunningBot) -> None:
    open_unknown_question(bot)

    _resolve(bot)
    _resolve(bot)

    assert len([p for p in posts(bot, "CHELP") if "is opgelost" in p["text"]]) == 1


def test_resolving_with_a_kb_article_teaches_the_kb_the_colleagues_words(bot: RunningBot) -> None:
    from bot.models import LearnedPhrasing

    open_unknown_question(bot)
    _resolve(bot, article="laptop-traag")

    with bot.desk.sessions() as session:
        [learned] = session.scalars(select(LearnedPhrasing)).all()
    assert (learned.article_id, learned.source) == ("laptop-traag", "ticket")


def test_claim_on_a_resolved_ticket_is_refused(bot: RunningBot) -> None:
    open_unknown_question(bot)
    _resolve(bot)

    name = click(bot, "ticket_claim", "1", "UAGENT2")

    [refusal] = bot.slack.calls(f"response_url/{name}")
    assert "al opgelost" in refusal.args["text"]
    assert the_ticket(bot).assignee == "UAGENT1"  # the agent who resolved it


def test_escalation_posts_the_card_to_the_team_and_tells_the_requester(bot: RunningBot) -> None:
    open_unknown_question(bot)
    click(bot, "ticket_escalate", "1", "UAGENT1")
    [opened] = bot.slack.calls("views.open")
    values = {
        "team": {"team_name": {"type": "static_select", "selected_option": {"value": "netwerk"}}},
        "note": {"note_text": {"type": "plain_text_input", "value": "switch op 3 kapot?"}},
    }

    assert _submit(bot, "ticket_escalate_modal", values) == 200

    ticket = the_ticket(bot)
    assert (ticket.status, ticket.team) == ("escalated", "netwerk")
    assert opened.args["view"]["callback_id"] == "ticket_escalate_modal"
    team_card, note = posts(bot, TEAM_CHANNEL)
    assert "SD-1001" in text_of(team_card)
    assert note["text"] == "Toelichting van <@UAGENT1>: switch op 3 kapot?" and note["thread_ts"]
    assert "doorgezet naar team netwerk" in posts(bot, "CHELP")[-1]["text"]


def test_resolve_modal_submitted_by_a_non_agent_is_refused_and_changes_nothing(bot: RunningBot) -> None:
    open_unknown_question(bot)
    values = {"resolution": {"resolution_text": {"type": "plain_text_input", "value": "zelf opgelost"}}}

    status = _submit(bot, "ticket_resolve_modal", values, user="UASKER")

    assert status == 200
    assert the_ticket(bot).status == "new"
    assert not any("is opgelost" in p["text"] for p in posts(bot, "CHELP"))


def test_team_member_can_claim_the_escalated_ticket_from_the_team_card(bot: RunningBot) -> None:
    bot.slack.set_members("CNETWERK", ["UNETWERK1"])
    open_unknown_question(bot)

    click(bot, "ticket_claim", "1", "UNETWERK1")

    assert the_ticket(bot).assignee == "UNETWERK1"


def test_resolve_during_a_database_outage_keeps_the_modal_open_with_an_explanation(bot: RunningBot) -> None:
    open_unknown_question(bot)
    values = {"resolution": {"resolution_text": {"type": "plain_text_input", "value": "Automaat gereset."}}}
    view = {
        "id": "V1",
        "type": "modal",
        "callback_id": "ticket_resolve_modal",
        "private_metadata": "1",
        "state": {"values": values},
    }
    body = {"type": "view_submission", "team": {"id": "T0001"}, "user": {"id": "UAGENT1"}, "view": view}

    with database_down(bot.desk.sessions.kw["bind"]):
        answer = bot.send.interaction(body)

    assert answer.status == 200
    response = json.loads(answer.body)
    assert response["response_action"] == "errors" and "geheugen" in response["errors"]["resolution"]
    assert the_ticket(bot).status == "new"


def test_card_never_goes_back_to_an_older_state_when_an_edit_is_delayed(bot: RunningBot) -> None:
    from bot.app import make_poster
    from bot.outbox.worker import deliver_outbox

    open_unknown_question(bot)
    bot.slack.rate_limit_next("chat.update", retry_after=5)
    click(bot, "ticket_claim", "1", "UAGENT1")  # this edit hits a 429 and waits
    click(bot, "ticket_priority", "", "UAGENT1", selected="1:P1")

    bot.desk.clock.advance(minutes=1)  # type: ignore[attr-defined]
    deliver_outbox(bot.desk, make_poster(bot.desk.settings))

    [last] = [c.args for c in bot.slack.calls("chat.update") if c.outcome == "ok"][-1:]
    assert "P1 (spoed)" in text_of(last) and "<@UAGENT1> werkt eraan" in text_of(last)


def _pick(bot: RunningBot, action_id: str, user: str, **picked: object) -> str:
    """An agent picks from a menu on the card's second row (category, or the agent to hand it to)."""
    action = {"action_id": action_id, "block_id": "ticket-1-sorting", **picked}
    name = f"{action_id}-{user}"
    body = payload("block_actions", actions=[action], user={"id": user}, channel={"id": TRIAGE},
                   response_url=bot.response_url(name))  # fmt: skip
    assert bot.send.interaction(body).status == 200
    return name


def test_agent_sets_the_category_from_the_card(bot: RunningBot) -> None:
    open_unknown_question(bot)

    _pick(bot, "ticket_category", "UAGENT1", type="static_select", selected_option={"value": "1:netwerk"})

    assert the_ticket(bot).category == "netwerk"
    card = text_of(_updates(bot)[-1])
    assert "*Categorie:* Netwerk, wifi en VPN" in card and "nog niet ingedeeld" not in card


def test_a_category_that_is_not_configured_is_refused(bot: RunningBot) -> None:
    open_unknown_question(bot)

    name = _pick(bot, "ticket_category", "UAGENT1", type="static_select", selected_option={"value": "1:koffie"})

    [refusal] = bot.slack.calls(f"response_url/{name}")
    assert "Die categorie ken ik niet" in refusal.args["text"]
    assert the_ticket(bot).category is None


def test_agent_hands_the_ticket_to_another_agent(bot: RunningBot) -> None:
    open_unknown_question(bot)
    click(bot, "ticket_claim", "1", "UAGENT1")

    _pick(bot, "ticket_reassign", "UAGENT1", type="users_select", selected_user="UAGENT2")

    assert (the_ticket(bot).assignee, the_ticket(bot).status) == ("UAGENT2", "claimed")
    told = posts(bot, "CHELP")[-1]
    assert "*SD-1001* is overgedragen aan <@UAGENT2> van de servicedesk" in told["text"]
    [note] = [p for p in posts(bot, TRIAGE) if p.get("thread_ts")]
    assert note["text"] == "<@UAGENT1> heeft dit ticket aan <@UAGENT2> gegeven."
    assert "<@UAGENT2> werkt eraan" in text_of(_updates(bot)[-1])


def test_a_ticket_can_only_be_handed_to_an_agent(bot: RunningBot) -> None:
    open_unknown_question(bot)

    name = _pick(bot, "ticket_reassign", "UAGENT1", type="users_select", selected_user="UASKER")

    [refusal] = bot.slack.calls(f"response_url/{name}")
    assert "Alleen collega's van de servicedesk kunnen een ticket krijgen" in refusal.args["text"]
    assert the_ticket(bot).assignee is None


def test_only_an_agent_can_hand_a_ticket_over(bot: RunningBot) -> None:
    open_unknown_question(bot)

    name = _pick(bot, "ticket_reassign", "UASKER", type="users_select", selected_user="UAGENT2")

    [refusal] = bot.slack.calls(f"response_url/{name}")
    assert "Alleen collega's van de servicedesk" in refusal.args["text"]
    assert the_ticket(bot).assignee is None


def test_a_new_priority_before_the_first_response_tells_the_requester_the_new_expectation(bot: RunningBot) -> None:
    open_unknown_question(bot)

    click(bot, "ticket_priority", "", "UAGENT1", selected="1:P1")

    told = posts(bot, "CHELP")[-1]["text"]
    assert told == (
        "Je ticket *SD-1001* heeft nu prioriteit spoed: een collega van de servicedesk reageert uiterlijk "
        "*vandaag 11:00*."
    )


def _search(bot: RunningBot, value: str) -> list[dict[str, object]]:
    answer = bot.send.interaction(payload("block_suggestion", value=value))
    assert answer.status == 200
    return list(json.loads(answer.body)["options"])


def test_the_resolve_windows_article_search_finds_articles_by_their_words(bot: RunningBot) -> None:
    open_unknown_question(bot)

    options = _search(bot, "vpn")

    assert [option["value"] for option in options] == ["vpn-help", "vpn-installeren-thuiswerken", "vpn-verbindt-niet"]
    assert all(len(option["text"]["text"]) <= 75 for option in options)  # type: ignore[index]


def test_the_article_search_without_words_offers_the_articles_closest_to_the_ticket(bot: RunningBot) -> None:
    open_unknown_question(bot, text="mijn laptop is heel erg traag sinds vanochtend")

    options = _search(bot, "")

    assert options[0]["value"] == "laptop-traag"
    assert len(options) == 41  # every bundled article, the closest first
