"""The fake Slack Web API, driven through a real slack_sdk WebClient over HTTP."""

import json
import threading
import urllib.request
from collections.abc import Iterator

import pytest
from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import FixedValueRetryIntervalCalculator, RateLimitErrorRetryHandler
from slack_sdk.http_retry.builtin_handlers import ServerErrorRetryHandler
from slack_sdk.signature import Clock, SignatureVerifier

from .signing import signed_headers
from .slack_api import FakeSlack

TOKEN = "xoxb-test-token"
BLOCKS = [{"type": "section", "text": {"type": "mrkdwn", "text": "*Printer* staat uit"}}]


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    return WebClient(token=TOKEN, base_url=fake.url)


def test_post_message_records_args_with_blocks_decoded(fake: FakeSlack, client: WebClient) -> None:
    client.chat_postMessage(channel="C1", text="Printer staat uit", blocks=BLOCKS)

    [call] = fake.calls("chat.postMessage")
    assert call.args == {"channel": "C1", "text": "Printer staat uit", "blocks": BLOCKS}
    assert (call.token, call.outcome) == (TOKEN, "ok")


def test_form_encoded_call_decodes_json_fields(fake: FakeSlack, client: WebClient) -> None:
    client.api_call("chat.postMessage", params={"channel": "C1", "text": "hoi", "blocks": json.dumps(BLOCKS)})

    [call] = fake.calls("chat.postMessage")
    assert call.args["blocks"] == BLOCKS


def test_get_with_query_string_is_answered_and_recorded(fake: FakeSlack) -> None:
    with urllib.request.urlopen(f"{fake.url}auth.test?token={TOKEN}") as response:
        body = json.load(response)

    assert body["user_id"] == "UBOT"
    [call] = fake.calls("auth.test")
    assert (call.args, call.token) == ({}, TOKEN)


def test_post_message_answers_with_increasing_ts_and_echoed_message(client: WebClient) -> None:
    first = client.chat_postMessage(channel="C1", text="een", metadata={"event_type": "t", "event_payload": {}})
    second = client.chat_postMessage(channel="C1", text="twee", thread_ts=first["ts"])

    assert (first["ts"], second["ts"]) == ("1700000000.000100", "1700000000.000101")
    assert first["message"]["metadata"] == {"event_type": "t", "event_payload": {}}
    assert (second["message"]["thread_ts"], second["message"]["user"]) == (first["ts"], "UBOT")


@pytest.mark.parametrize(("token", "error"), [(None, "not_authed"), ("xoxb-wrong", "invalid_auth")])
def test_call_fails_with_auth_error_when_token_is_missing_or_unknown(
    fake: FakeSlack, token: str | None, error: str
) -> None:
    client = WebClient(token=token, base_url=fake.url)

    with pytest.raises(SlackApiError) as raised:
        client.auth_test()

    assert raised.value.response["error"] == error
    [call] = fake.calls()
    assert call.outcome == error


def test_fail_next_surfaces_as_slack_api_error_once(fake: FakeSlack, client: WebClient) -> None:
    fake.fail_next("chat.postMessage", error="channel_not_found")

    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C1", text="hoi")
    client.chat_postMessage(channel="C1", text="hoi")

    assert raised.value.response["error"] == "channel_not_found"
    assert [call.outcome for call in fake.calls()] == ["channel_not_found", "ok"]


def test_rate_limit_is_retried_by_rate_limit_retry_handler(fake: FakeSlack) -> None:
    client = WebClient(token=TOKEN, base_url=fake.url, retry_handlers=[RateLimitErrorRetryHandler()])
    fake.rate_limit_next("chat.postMessage", retry_after=0)

    response = client.chat_postMessage(channel="C1", text="hoi")

    assert response["ok"] is True
    assert [call.outcome for call in fake.calls("chat.postMessage")] == ["429", "ok"]


def test_rate_limit_answers_429_with_retry_after_header(fake: FakeSlack, client: WebClient) -> None:
    fake.rate_limit_next("chat.postMessage", retry_after=7)

    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C1", text="hoi")

    assert raised.value.response.status_code == 429
    assert raised.value.response.headers["Retry-After"] == "7"
    assert raised.value.response["error"] == "ratelimited"


def test_server_error_is_retried_by_server_error_retry_handler(fake: FakeSlack) -> None:
    retry = ServerErrorRetryHandler(interval_calculator=FixedValueRetryIntervalCalculator(0.0))
    client = WebClient(token=TOKEN, base_url=fake.url, retry_handlers=[retry])
    fake.server_error_next("chat.postMessage", status=503)

    client.chat_postMessage(channel="C1", text="hoi")

    assert [call.outcome for call in fake.calls("chat.postMessage")] == ["503", "ok"]


@pytest.mark.parametrize(("include_locale", "expected"), [(True, "en-US"), (False, None)])
def test_users_info_includes_locale_only_when_asked(
    fake: FakeSlack, client: WebClient, include_locale: bool, expected: str | None
) -> None:
    fake.add_user("U1", name="anne", real_name="Anne de Vries", locale="en-US")

    response = client.users_info(user="U1", include_locale=include_locale)

    assert response["user"]["real_name"] == "Anne de Vries"
    assert response["user"].get("locale") == expected


def test_users_info_fails_with_user_not_found_for_unknown_user(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as raised:
        client.users_info(user="UNOBODY")

    assert raised.value.response["error"] == "user_not_found"


def test_conversations_members_returns_configured_members(fake: FakeSlack, client: WebClient) -> None:
    fake.set_members("C1", ["U1", "U2"])

    assert client.conversations_members(channel="C1")["members"] == ["U1", "U2"]
    with pytest.raises(SlackApiError, match="channel_not_found"):
        client.conversations_members(channel="C2")


@pytest.mark.parametrize(("arrange", "error"), [("archive", "is_archived"), ("remove_from_channel", "not_in_channel")])
def test_post_message_fails_when_channel_is_closed_to_the_bot(
    fake: FakeSlack, client: WebClient, arrange: str, error: str
) -> None:
    getattr(fake, arrange)("C1")

    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C1", text="hoi")

    assert raised.value.response["error"] == error


def test_history_and_replies_return_posted_messages(client: WebClient) -> None:
    parent = client.chat_postMessage(channel="C1", text="vraag", metadata={"event_type": "q", "event_payload": {}})
    client.chat_postMessage(channel="C1", text="antwoord", thread_ts=parent["ts"])

    history = client.conversations_history(channel="C1", include_all_metadata=True)
    replies = client.conversations_replies(channel="C1", ts=parent["ts"])

    [message] = history["messages"]
    assert (message["text"], message["metadata"]["event_type"]) == ("vraag", "q")
    assert [reply["text"] for reply in replies["messages"]] == ["vraag", "antwoord"]


def test_chat_update_changes_the_stored_message(client: WebClient) -> None:
    posted = client.chat_postMessage(channel="C1", text="open")

    client.chat_update(channel="C1", ts=posted["ts"], text="gesloten")

    [message] = client.conversations_history(channel="C1")["messages"]
    assert message["text"] == "gesloten"
    with pytest.raises(SlackApiError, match="message_not_found"):
        client.chat_update(channel="C1", ts="1.000000", text="x")


def test_conversations_open_returns_dm_channel_for_user(client: WebClient) -> None:
    assert client.conversations_open(users="U1")["channel"]["id"] == "DU1"


def test_views_open_returns_view_with_id(fake: FakeSlack, client: WebClient) -> None:
    view = {"type": "modal", "title": {"type": "plain_text", "text": "Ticket"}, "blocks": []}

    response = client.views_open(trigger_id="123.456", view=view)

    assert response["view"]["id"].startswith("V")
    [call] = fake.calls("views.open")
    assert call.args["view"] == view


def test_wait_for_returns_when_another_thread_calls(fake: FakeSlack, client: WebClient) -> None:
    poster = threading.Thread(target=client.chat_postMessage, kwargs={"channel": "C1", "text": "hoi"})

    poster.start()
    [call] = fake.wait_for("chat.postMessage", timeout=5.0)
    poster.join()

    assert call.args["text"] == "hoi"


def test_wait_for_raises_assertion_error_listing_calls_on_timeout(fake: FakeSlack, client: WebClient) -> None:
    client.auth_test()

    with pytest.raises(AssertionError, match=r"chat\.postMessage.*auth\.test"):
        fake.wait_for("chat.postMessage", timeout=0.05)


def test_bolt_app_starts_against_the_fake(fake: FakeSlack, client: WebClient) -> None:
    App(client=client, signing_secret="secret")

    [call] = fake.calls("auth.test")
    assert call.outcome == "ok"


class _FixedClock(Clock):
    def now(self) -> float:
        return 1_700_000_000.0


def test_signed_headers_are_accepted_by_signature_verifier() -> None:
    body = '{"type":"event_callback"}'
    verifier = SignatureVerifier("geheim", clock=_FixedClock())

    headers = signed_headers("geheim", body, timestamp=1_700_000_000)

    assert verifier.is_valid_request(body, headers)
    assert headers["Content-Type"] == "application/json"


def test_signed_headers_are_rejected_for_a_tampered_body() -> None:
    verifier = SignatureVerifier("geheim", clock=_FixedClock())

    headers = signed_headers("geheim", '{"type":"event_callback"}', timestamp=1_700_000_000)

    assert not verifier.is_valid_request('{"type":"url_verification"}', headers)


def test_method_the_fake_does_not_implement_answers_unknown_method(fake: FakeSlack, client: WebClient) -> None:
    with pytest.raises(SlackApiError) as raised:
        client.api_call("chat.postMesage", json={"channel": "C1", "text": "hoi"})

    assert raised.value.response["error"] == "unknown_method"
    [call] = fake.calls()
    assert call.outcome == "unknown_method"


def _section(text: str) -> dict[str, object]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _button(value: str = "1", label: str = "Oppakken") -> dict[str, object]:
    return {
        "type": "button",
        "action_id": f"a{len(value)}",
        "text": {"type": "plain_text", "text": label},
        "value": value,
    }


@pytest.mark.parametrize(
    ("message", "error"),
    [
        ({"text": "x", "blocks": [_section("x")] * 51}, "invalid_blocks"),
        ({"text": "x", "blocks": [_section("x" * 3001)]}, "invalid_blocks"),
        (
            {"text": "x", "blocks": [{"type": "header", "text": {"type": "plain_text", "text": "x" * 151}}]},
            "invalid_blocks",
        ),
        ({"text": "x", "blocks": [{"type": "actions", "elements": [_button("v" * 2001)]}]}, "invalid_blocks"),
        (
            {"text": "x", "blocks": [{"type": "actions", "elements": [_button(str(n)) for n in range(26)]}]},
            "invalid_blocks",
        ),
        ({"text": "x", "blocks": [{"type": "actions", "elements": [_button(label="x" * 76)]}]}, "invalid_blocks"),
        ({"text": "x" * 40_001}, "msg_too_long"),
        ({"text": "x", "blocks": [_section("x" * 3000)] * 4 + [_section("x")]}, "msg_blocks_too_long"),
        (
            {"text": "x", "blocks": [{"type": "header", "text": {"type": "mrkdwn", "text": "*x*"}}]},
            "invalid_blocks",
        ),
    ],
    ids=[
        "51-blocks",
        "section-3001",
        "header-151",
        "button-value-2001",
        "26-actions",
        "button-label-76",
        "text-40001",
        "blocks-text-12001",
        "header-mrkdwn",
    ],
)
def test_message_over_a_block_kit_limit_is_refused_like_slack_does(
    fake: FakeSlack, client: WebClient, message: dict[str, object], error: str
) -> None:
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C1", **message)

    assert raised.value.response["error"] == error
    assert client.conversations_history(channel="C1")["messages"] == []  # nothing was posted


@pytest.mark.parametrize(
    "message",
    [
        {"text": "x" * 40_000, "blocks": [_section("x" * 240)] * 50},
        {"text": "x", "blocks": [_section("x" * 3000)] * 4},
        {"text": "x", "blocks": [{"type": "header", "text": {"type": "plain_text", "text": "x" * 150}}]},
        {"text": "x", "blocks": [{"type": "actions", "elements": [_button(f"{n:0>2000}") for n in range(25)]}]},
    ],
    ids=["50-sections-12000-chars", "4-full-sections", "header-150", "25-buttons-with-2000-char-values"],
)
def test_message_at_the_block_kit_limits_is_accepted(client: WebClient, message: dict[str, object]) -> None:
    assert client.chat_postMessage(channel="C1", **message)["ok"] is True


def test_view_over_the_block_limit_is_refused_and_a_response_url_checks_blocks_too(fake: FakeSlack) -> None:
    client = WebClient(token=TOKEN, base_url=fake.url)
    view = {"type": "home", "blocks": [_section("x")] * 101}

    with pytest.raises(SlackApiError) as raised:
        client.views_publish(user_id="U1", view=view)
    request = urllib.request.Request(
        fake.url + "response_url/1",
        data=json.dumps({"text": "x", "blocks": [_section("x" * 3001)]}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as response:
        answer = json.load(response)

    assert raised.value.response["error"] == "invalid_arguments"
    assert answer["error"] == "invalid_blocks"
    assert [call.outcome for call in fake.calls()] == ["invalid_arguments", "invalid_blocks"]


def test_view_with_an_input_value_over_its_maximum_is_refused(client: WebClient) -> None:
    element = {"type": "plain_text_input", "action_id": "a", "max_length": 3000, "initial_value": "x" * 3001}
    block = {"type": "input", "label": {"type": "plain_text", "text": "Wat"}, "element": element}
    view = {"type": "modal", "title": {"type": "plain_text", "text": "Melding"}, "blocks": [block]}

    with pytest.raises(SlackApiError) as raised:
        client.views_open(trigger_id="t", view=view)

    assert raised.value.response["error"] == "invalid_arguments"
    assert "initial_value" in str(raised.value.response["errors"])


def test_chat_delete_takes_a_posted_message_away(client: WebClient) -> None:
    posted = client.chat_postMessage(channel="C1", text="weg ermee")

    client.chat_delete(channel="C1", ts=posted["ts"])

    assert client.conversations_history(channel="C1")["messages"] == []
    with pytest.raises(SlackApiError) as raised:
        client.chat_delete(channel="C1", ts=posted["ts"])
    assert raised.value.response["error"] == "message_not_found"


def test_file_upload_in_three_steps_shares_the_file_with_its_comment(fake: FakeSlack, client: WebClient) -> None:
    response = client.files_upload_v2(
        channel="CTRIAGE", content=b"\x89PNG chart", filename="chart.png", title="Grafiek", initial_comment="Week 48"
    )

    [(channel, file, content)] = fake.shared_files()
    assert (channel, file["name"], file["title"], content) == ("CTRIAGE", "chart.png", "Grafiek", b"\x89PNG chart")
    assert response["file"]["id"] == file["id"]
    [message] = client.conversations_history(channel="CTRIAGE")["messages"]
    assert (message["text"], message["files"][0]["id"]) == ("Week 48", file["id"])


def test_upload_url_needs_a_file_name_and_length(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as refused:
        client.api_call("files.getUploadURLExternal", params={"filename": "chart.png"})

    assert refused.value.response["error"] == "invalid_arguments"


def test_completing_an_upload_whose_bytes_never_arrived_is_refused(fake: FakeSlack, client: WebClient) -> None:
    url = client.files_getUploadURLExternal(filename="chart.png", length=5)

    with pytest.raises(SlackApiError) as refused:
        client.files_completeUploadExternal(files=[{"id": url["file_id"]}], channel_id="C1")

    assert refused.value.response["error"] == "file_not_found"
    assert fake.shared_files() == []


def test_upload_url_refuses_bytes_of_another_length_than_announced(client: WebClient) -> None:
    url = client.files_getUploadURLExternal(filename="chart.png", length=5)
    request = urllib.request.Request(str(url["upload_url"]), data=b"too long", method="POST")

    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)

    with refused.value as answer:
        assert answer.code == 400


def test_upload_shared_in_a_channel_the_bot_left_is_refused(fake: FakeSlack, client: WebClient) -> None:
    fake.remove_from_channel("CTRIAGE")

    with pytest.raises(SlackApiError) as refused:
        client.files_upload_v2(channel="CTRIAGE", content=b"12345", filename="chart.png", initial_comment="x")

    assert refused.value.response["error"] == "not_in_channel"
