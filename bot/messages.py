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
    # -- announcements (issue 4): keys start with "announce." --
    "announce.weekdays": {
        "nl": "maandag,dinsdag,woensdag,donderdag,vrijdag,zaterdag,zondag",
        "en": "Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday",
    },
    "announce.months": {
        "nl": "januari,februari,maart,april,mei,juni,juli,augustus,september,oktober,november,december",
        "en": "January,February,March,April,May,June,July,August,September,October,November,December",
    },
    "announce.from": {"nl": "vanaf {day}, {time}", "en": "from {day}, {time}"},
    "announce.when": {"nl": "*Wanneer:* {window}", "en": "*When:* {window}"},
    "announce.expected": {
        "nl": "*Wanneer:* nog geen vaste datum, verwacht {expected}. We laten het weten zodra de datum vaststaat.",
        "en": "*When:* no fixed date yet, expected {expected}. We'll let you know as soon as the date is set.",
    },
    "announce.impact": {"nl": "*Impact:* {impact}", "en": "*Impact:* {impact}"},
    "announce.impact.none": {"nl": "geen, je merkt er niets van", "en": "none, you won't notice it"},
    "announce.impact.low": {"nl": "klein", "en": "low"},
    "announce.impact.high": {"nl": "groot", "en": "high"},
    "announce.impact.outage": {"nl": "storing: het werkt dan even niet", "en": "outage: it won't work for a while"},
    "announce.fallback": {"nl": "Aankondiging: {title}", "en": "Announcement: {title}"},
    "announce.cancelled_banner": {
        "nl": "*GEANNULEERD:* deze wijziging gaat niet door.",
        "en": "*CANCELLED:* this change will not go ahead.",
    },
    "announce.changed_banner": {"nl": "_Gewijzigd op {moment}._", "en": "_Changed on {moment}._"},
    "announce.reminder": {"nl": "Herinnering: *{title}*, {window}.", "en": "Reminder: *{title}*, {window}."},
    "announce.started": {"nl": "Gestart: *{title}*.", "en": "Started: *{title}*."},
    "announce.started_until": {
        "nl": "Gestart: *{title}*. Naar verwachting klaar om {time}.",
        "en": "Started: *{title}*. Expected to be done at {time}.",
    },
    "announce.ended": {
        "nl": "Afgerond: *{title}*. Merk je nog iets vreemds? Laat het de servicedesk weten.",
        "en": "Done: *{title}*. Still noticing something odd? Let the service desk know.",
    },
    "announce.changed_time": {
        "nl": "Gewijzigd: *{title}*. Nieuwe planning: {window}.",
        "en": "Changed: *{title}*. New schedule: {window}.",
    },
    "announce.changed_text": {
        "nl": "Gewijzigd: *{title}*. De aankondiging hierboven is bijgewerkt.",
        "en": "Changed: *{title}*. The announcement above has been updated.",
    },
    "announce.cancelled": {
        "nl": "Geannuleerd: *{title}*. Deze wijziging gaat niet door; je hoeft niets te doen.",
        "en": "Cancelled: *{title}*. This change will not go ahead; you don't need to do anything.",
    },
    "announce.known_change": {
        "nl": "Bekende wijziging: {title} (zie <#{channel}>) tot {time}.",
        "en": "Known change: {title} (see <#{channel}>) until {time}.",
    },
    "announce.known_change_open": {
        "nl": "Bekende wijziging: {title} (zie <#{channel}>), bezig sinds {time}.",
        "en": "Known change: {title} (see <#{channel}>), in progress since {time}.",
    },
    "announce.not_agent": {
        "nl": "Aankondigen kan alleen de servicedesk. Moet er iets aangekondigd worden? Vraag het in het helpkanaal.",
        "en": "Only the service desk can make announcements. Should something be announced? Ask in the help channel.",
    },
    "announce.saved": {
        "nl": "Je aankondiging *{title}* is opgeslagen en gaat {moment} de deur uit.",
        "en": "Your announcement *{title}* is saved and goes out {moment}.",
    },
    "announce.delivery_failed": {
        "nl": "Ik kon een bericht niet plaatsen in <#{channel}>: `{error}`. Voeg de bot toe aan het kanaal of pas "
        "de aankondiging aan; `servicedesk announce list` laat zien wat er mis ging. (sleutel: `{key}`)",
        "en": "I could not post a message in <#{channel}>: `{error}`. Add the bot to the channel or change the "
        "announcement; `servicedesk announce list` shows what went wrong. (key: `{key}`)",
    },
    "announce.modal.title": {"nl": "Wijziging aankondigen", "en": "Announce a change"},
    "announce.modal.submit": {"nl": "Plannen", "en": "Schedule"},
    "announce.modal.close": {"nl": "Annuleren", "en": "Cancel"},
    "announce.modal.field_title": {"nl": "Titel", "en": "Title"},
    "announce.modal.field_body": {
        "nl": "Wat verandert er, voor wie, en wat moet je doen?",
        "en": "What changes, who is affected, and what should people do?",
    },
    "announce.modal.field_impact": {"nl": "Impact", "en": "Impact"},
    "announce.modal.field_channels": {"nl": "Kanalen", "en": "Channels"},
    "announce.modal.field_starts": {"nl": "Begint", "en": "Starts"},
    "announce.modal.field_ends": {"nl": "Eindigt", "en": "Ends"},
    "announce.modal.field_expected": {
        "nl": "Nog geen datum? Wanneer verwacht je het (bijv. begin december)",
        "en": "No date yet? When do you expect it (e.g. early December)",
    },
    "announce.modal.field_lang": {"nl": "Taal", "en": "Language"},
    "announce.modal.field_reminders": {
        "nl": "Herinneringen voor de start (ISO 8601, bijv. P1D, PT1H)",
        "en": "Reminders before the start (ISO 8601, e.g. P1D, PT1H)",
    },
    "announce.modal.field_tags": {"nl": "Trefwoorden, met komma's", "en": "Keywords, comma-separated"},
    "announce.modal.field_publish": {"nl": "Publiceren op (leeg: meteen)", "en": "Publish at (empty: right away)"},
    "announce.lang.nl": {"nl": "Nederlands", "en": "Dutch"},
    "announce.lang.en": {"nl": "Engels", "en": "English"},
    "announce.lang.both": {"nl": "Nederlands en Engels", "en": "Dutch and English"},
    "announce.right_away": {"nl": "meteen", "en": "right away"},
    "announce.at": {"nl": "op {day} om {time}", "en": "on {day} at {time}"},
}


def t(key: str, lang: str, **values: object) -> str:
    """The text for `key` in `lang` (Dutch when the language is unknown), with `values` filled in.

    Raises:
        KeyError: the key is not in the catalogue (a programming error, caught by the catalogue tests).
    """
    texts = CATALOGUE[key]
    text = texts["en"] if lang == "en" else texts["nl"]
    return text.format(**values) if values else text
