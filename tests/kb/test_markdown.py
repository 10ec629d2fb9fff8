"""Article Markdown to Slack mrkdwn: what each construct becomes, and the warnings for what Slack cannot show."""

from __future__ import annotations

import pytest

from kb.markdown import to_mrkdwn


@pytest.mark.parametrize(
    ("markdown", "mrkdwn"),
    [
        ("**vet** en __ook vet__", "*vet* en *ook vet*"),
        ("_schuin_ en *ook schuin*", "_schuin_ en _ook schuin_"),
        ("***allebei***", "_*allebei*_"),
        ("~~weg~~", "~weg~"),
        (
            "Ga naar [het portaal](https://selfservice.example.org).",
            "Ga naar <https://selfservice.example.org|het portaal>.",
        ),
        ("[**vet** in een link](https://a.example)", "<https://a.example|vet in een link>"),
        ("<https://a.example/x>", "<https://a.example/x>"),
        ("<servicedesk@example.org>", "<mailto:servicedesk@example.org|servicedesk@example.org>"),
        ("[a|b](https://a.example/p?q=1|2)", "<https://a.example/p?q=1%7C2|a|b>"),
        ("# Kop\nTekst", "*Kop*\nTekst"),
        ("## Kop met **vet**", "*Kop met vet*"),
        ("- een\n- twee", "• een\n• twee"),
        ("* een\n+ twee", "• een\n• twee"),
        ("1. een\n2. twee", "1. een\n2. twee"),
        ("3. drie\n4. vier", "3. drie\n4. vier"),
        ("1. stap\n   - detail\n2. stap", "1. stap\n   ◦ detail\n2. stap"),
        ("- een\n\n  nog een alinea\n- twee", "• een\n\n  nog een alinea\n• twee"),
        ("Typ `/helpdesk ticket`.", "Typ `/helpdesk ticket`."),
        ("```bash\nping vpn.example.org\n```", "```\nping vpn.example.org\n```"),
        ("    ingesprongen code", "```\ningesprongen code\n```"),
        ("> Let op\n> tweede regel", "> Let op\n> tweede regel"),
        ("> een\n>\n> twee", "> een\n>\n> twee"),
        ("boven\n\n---\n\nonder", "boven\n\n──────────\n\nonder"),
        ("eerste regel\ntweede regel", "eerste regel\ntweede regel"),
        ("alinea\n\n\n\nalinea", "alinea\n\nalinea"),
        ("harde  \nbreuk", "harde\nbreuk"),
        ("A & B <3 > 2", "A &amp; B &lt;3 &gt; 2"),
        ("<!channel> en <@U123>", "&lt;!channel&gt; en &lt;@U123&gt;"),
        ("`<!here>`", "`&lt;!here&gt;`"),
        ("\\*geen nadruk\\*", "*geen nadruk*"),
        ("&amp; &copy;", "&amp; ©"),
    ],
    ids=lambda value: value[:30],
)
def test_markdown_renders_to_slack_mrkdwn(markdown: str, mrkdwn: str) -> None:
    assert to_mrkdwn(markdown).text == mrkdwn


def test_plain_text_renders_unchanged_without_warnings() -> None:
    rendered = to_mrkdwn("Herstart je laptop en probeer het opnieuw.")

    assert (rendered.text, rendered.warnings) == ("Herstart je laptop en probeer het opnieuw.", ())


@pytest.mark.parametrize(
    ("markdown", "line", "says"),
    [
        ("Tekst\n\n| a | b |\n|---|---|\n| 1 | 2 |", 3, "Slack cannot show a table"),
        ("Tekst\n![schermafdruk](https://a.example/s.png)", 2, "does not show images"),
        ("<div>\nblok\n</div>", 1, "does not show HTML"),
        ("regel\nmet<br>breuk", 2, "does not show HTML"),
        ("- een\n  - twee\n    - drie", 3, "nested more than 2 levels"),
        ("> buiten\n>\n> > binnen", 3, "one level of quote"),
        ("Zie\n<https://a.example|het portaal>", 2, "[het portaal](https://a.example)"),
        ("Zie [vpn-help](vpn-help)", 1, "give a full address starting with https://"),
        ("Dit is *belangrijk*", 1, "write **belangrijk** for bold"),
        ("1. stap\n2. stap\nTip: herstart", 3, "joined to the list item above"),
    ],
    ids=[
        "table",
        "image",
        "html-block",
        "html-inline",
        "deep-list",
        "nested-quote",
        "slack-link",
        "relative",
        "star",
        "lazy-line",
    ],
)
def test_construct_slack_cannot_show_is_warned_at_its_line(markdown: str, line: int, says: str) -> None:
    [warning] = to_mrkdwn(markdown).warnings

    assert warning.line == line
    assert says in warning.message


def test_table_is_sent_as_fixed_width_text() -> None:
    assert to_mrkdwn("| a | b |\n|---|---|\n| 1 | 2 |").text == "```\n| a | b |\n|---|---|\n| 1 | 2 |\n```"


def test_slack_style_link_still_renders_as_the_link_it_meant() -> None:
    assert to_mrkdwn("<https://a.example|het portaal>").text == "<https://a.example|het portaal>"


def test_image_becomes_a_link_to_it() -> None:
    assert to_mrkdwn("![schema](https://a.example/s.png)").text == "<https://a.example/s.png|schema>"


def test_blank_line_after_a_list_is_kept_and_no_blank_line_is_added_where_there_was_none() -> None:
    markdown = "**Zo doe je het:**\n1. een\n2. twee\n\n_Tip:_ herstart.\nLukt het niet? Bel ons."

    assert to_mrkdwn(markdown).text == "*Zo doe je het:*\n1. een\n2. twee\n\n_Tip:_ herstart.\nLukt het niet? Bel ons."
