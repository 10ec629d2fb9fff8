"""The message catalogue: every text a colleague sees, in Dutch and English, in plain language.

Placeholders are `str.format` fields. Values that come from colleagues must be escaped for mrkdwn by the
caller (handlers do this); the catalogue itself is trusted text.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["nl", "en"]

CATALOGUE: dict[str, dict[Lang, str]] = {
    "answer.helped": {"nl": "Dit hielp", "en": "This helped"},
    "answer.not_helped": {"nl": "Dit hielp niet", "en": "This didn't help"},
    "answer.fallback_text": {"nl": "Antwoord: {title}", "en": "Answer: {title}"},
    "answer.related": {"nl": "Zie ook: {titles}", "en": "See also: {titles}"},
    "suggest.intro": {
        "nl": "Ik weet niet zeker wat je bedoelt. Bedoelde je een van deze?",
        "en": "I'm not sure what you mean. Did you mean one of these?",
    },
    "none.honest": {
        "nl": "Hier heb ik (nog) geen antwoord op in de kennisbank, en ik ga niet gokken.",
        "en": "I don't have an answer to this in the knowledge base (yet), and I won't guess.",
    },
    "contact.servicedesk": {
        "nl": "Een collega van de servicedesk helpt je graag verder: {contact}",
        "en": "A colleague at the service desk is happy to help: {contact}",
    },
    "contact.default": {
        "nl": "stel je vraag in het helpkanaal of bel de servicedesk.",
        "en": "ask in the help channel or call the service desk.",
    },
    "feedback.thanks_helped": {
        "nl": "Fijn dat het gelukt is! Bedankt voor je reactie.",
        "en": "Glad that worked! Thanks for letting us know.",
    },
    "feedback.thanks_not_helped": {
        "nl": "Jammer dat dit niet hielp. Bedankt dat je het laat weten: zo maken we de kennisbank beter.",
        "en": "Sorry this didn't help. Thanks for telling us: it helps us improve the knowledge base.",
    },
    "feedback.gone": {
        "nl": "Dit antwoord bestaat niet meer in de kennisbank. Stel je vraag gerust opnieuw.",
        "en": "This answer is no longer in the knowledge base. Feel free to ask again.",
    },
    "question.empty": {
        "nl": "Wat is je vraag? Typ bijvoorbeeld `/helpdesk wachtwoord vergeten`.",
        "en": "What's your question? Type for example `/helpdesk forgot password`.",
    },
    "question.no_text": {
        "nl": "Ik kan alleen tekst lezen, geen bestanden of plaatjes. Typ je vraag in een bericht, dan kijk ik mee.",
        "en": "I can only read text, not files or images. Type your question in a message and I'll have a look.",
    },
    "question.too_long": {
        "nl": "Je bericht is erg lang; ik heb het begin gelezen.",
        "en": "Your message is very long; I read the first part.",
    },
    "error.generic": {
        "nl": "Sorry, er ging iets mis aan mijn kant. Probeer het zo nog eens.",
        "en": "Sorry, something went wrong on my side. Please try again in a moment.",
    },
    "error.database": {
        "nl": "Sorry, ik kan even niet bij mijn geheugen en kan je vraag nu niet goed afhandelen. "
        "Probeer het over een paar minuten nog eens.",
        "en": "Sorry, I can't reach my memory right now, so I can't handle your question properly. "
        "Please try again in a few minutes.",
    },
    "shell.welcome": {
        "nl": "Servicedesk-shell: typ je vraag zoals een collega in Slack zou doen. "
        "Een nummer kiest een suggestie, + of - geeft feedback. Stoppen: Ctrl-D.",
        "en": "Service desk shell: type your question as a colleague would in Slack. "
        "A number picks a suggestion, + or - gives feedback. Quit: Ctrl-D.",
    },
}


def t(key: str, lang: str, **values: object) -> str:
    """The text for `key` in `lang` (Dutch when the language is unknown), with `values` filled in.

    Raises:
        KeyError: the key is not in the catalogue (a programming error, caught by the catalogue tests).
    """
    texts = CATALOGUE[key]
    text = texts["en"] if lang == "en" else texts["nl"]
    return text.format(**values) if values else text
