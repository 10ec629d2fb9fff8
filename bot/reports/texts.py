"""The report catalogue: every text of the HTML report and its charts, in Dutch and English, next to the
message catalogue (`bot.messages`) and written the same way: plain language, people counted, never named."""

from __future__ import annotations

from datetime import date

from bot.messages import Lang

REPORT_TEXTS: dict[str, dict[Lang, str]] = {
    "title": {"nl": "Servicedesk-rapport", "en": "Service desk report"},
    "period": {"nl": "{first} t/m {last}", "en": "{first} to {last}"},
    "generated": {
        "nl": "Gemaakt met servicedesk report. Tijden zijn kantoortijd ({timezone}): uren buiten kantoortijd, "
        "weekends en feestdagen tellen niet mee, net als bij de SLA.",
        "en": "Made with servicedesk report. Times are business time ({timezone}): hours outside office hours, "
        "weekends and public holidays don't count, just like for the SLA.",
    },
    "privacy": {
        "nl": "Collega's worden geteld, nooit bij naam genoemd. De voorbeeldvragen zijn woorden van collega's: "
        "alleen voor de servicedesk.",
        "en": "Colleagues are counted, never named. The example questions are colleagues' own words: for the "
        "service desk team only.",
    },
    "no_texts": {
        "nl": "Vraagteksten zijn weggelaten: dit rapport kan gedeeld worden.",
        "en": "Question texts are left out: this report can be shared.",
    },
    # -- key figures --
    "kpi.questions": {"nl": "vragen", "en": "questions"},
    "kpi.people": {"nl": "van {count} collega's", "en": "from {count} colleagues"},
    "kpi.deflection": {"nl": "zonder ticket geholpen", "en": "helped without a ticket"},
    "kpi.tickets": {"nl": "tickets geopend", "en": "tickets opened"},
    "kpi.tickets_detail": {
        "nl": "{resolved} opgelost, {backlog} nog open",
        "en": "{resolved} resolved, {backlog} still open",
    },
    "kpi.sla": {"nl": "binnen de SLA", "en": "within the SLA"},
    "kpi.first_response": {"nl": "eerste reactie (mediaan)", "en": "first response (median)"},
    "kpi.resolution": {"nl": "oplostijd (mediaan)", "en": "time to resolve (median)"},
    "kpi.csat": {"nl": "tevreden collega's", "en": "satisfied colleagues"},
    "kpi.csat_detail": {
        "nl": "{responses} beoordelingen, {rate} reageerde",
        "en": "{responses} ratings, {rate} responded",
    },
    "kpi.reopen": {"nl": "heropend", "en": "reopened"},
    "none": {"nl": "–", "en": "–"},
    # -- questions --
    "questions.heading": {"nl": "Vragen en hoe ze afliepen", "en": "Questions and how they ended"},
    "questions.intro": {
        "nl": "Elke vraag telt één keer, bij de eerste uitkomst die past (van boven naar beneden).",
        "en": "Each question counts once, under the first outcome that fits (top to bottom).",
    },
    "outcome.ticket": {"nl": "werd een ticket", "en": "became a ticket"},
    "outcome.helped": {"nl": "beantwoord, 'Dit hielp'", "en": "answered, 'This helped'"},
    "outcome.not_helped": {"nl": "'Dit hielp niet' of 'Geen van deze'", "en": "'This didn't help' or 'None of these'"},
    "outcome.suggestion_clicked": {"nl": "suggestie gekozen", "en": "picked a suggestion"},
    "outcome.answered": {"nl": "beantwoord, geen reactie", "en": "answered, no reaction"},
    "outcome.gave_up": {"nl": "geen antwoord, haakte af", "en": "no answer, gave up"},
    "questions.chart": {"nl": "Uitkomst van de vragen", "en": "How the questions ended"},
    "volume.heading": {"nl": "Vragen en tickets per {unit}", "en": "Questions and tickets per {unit}"},
    "volume.day": {"nl": "dag", "en": "day"},
    "volume.week": {"nl": "week", "en": "week"},
    "volume.questions": {"nl": "vragen", "en": "questions"},
    "volume.tickets": {"nl": "tickets", "en": "tickets"},
    "hours.heading": {"nl": "Drukste uren", "en": "Busiest hours"},
    "hours.intro": {
        "nl": "Vragen per uur van de week, in lokale tijd. Drukst: {busiest}.",
        "en": "Questions per hour of the week, in local time. Busiest: {busiest}.",
    },
    "hours.axis": {"nl": "uur", "en": "hour"},
    # -- tickets --
    "tickets.heading": {"nl": "Tickets", "en": "Tickets"},
    "tickets.intro": {
        "nl": "Geopend en opgelost in deze periode; 'nog open' aan het eind ervan.",
        "en": "Opened and resolved in this period; 'still open' at its end.",
    },
    "tickets.priority": {"nl": "prioriteit", "en": "priority"},
    "tickets.category": {"nl": "categorie", "en": "category"},
    "tickets.no_category": {"nl": "(geen categorie)", "en": "(no category)"},
    "tickets.opened": {"nl": "geopend", "en": "opened"},
    "tickets.resolved": {"nl": "opgelost", "en": "resolved"},
    "tickets.backlog": {"nl": "nog open", "en": "still open"},
    "tickets.chart": {"nl": "Tickets per categorie", "en": "Tickets per category"},
    # -- times and SLA --
    "times.heading": {
        "nl": "Reactie- en oplostijden tegen de SLA",
        "en": "Response and resolution times against the SLA",
    },
    "times.intro": {
        "nl": "In kantooruren, voor de tickets die in deze periode zijn geopend. Mediaan: de helft was sneller; "
        "p90: 9 van de 10 waren sneller. Wachten op de collega telt niet mee.",
        "en": "In business hours, for the tickets opened in this period. Median: half were faster; p90: 9 in 10 "
        "were faster. Waiting on the colleague doesn't count.",
    },
    "times.first_response": {"nl": "eerste reactie", "en": "first response"},
    "times.resolution": {"nl": "oplossen", "en": "resolution"},
    "times.median": {"nl": "mediaan", "en": "median"},
    "times.p90": {"nl": "p90", "en": "p90"},
    "times.target": {"nl": "SLA-doel", "en": "SLA target"},
    "times.hours": {"nl": "kantooruren", "en": "business hours"},
    "sla.heading": {"nl": "SLA gehaald", "en": "SLA met"},
    "sla.intro": {
        "nl": "Tickets die beide doelen haalden (eerste reactie en oplossen), van de tickets waarvan het al vaststaat. "
        "Eerste reactie op tijd: {first}; op tijd opgelost: {resolution}.",
        "en": "Tickets that met both targets (first response and resolution), of the tickets where it is already "
        "settled. First response on time: {first}; resolved on time: {resolution}.",
    },
    "sla.met": {"nl": "gehaald", "en": "met"},
    "sla.breached": {"nl": "niet gehaald", "en": "missed"},
    "sla.pending": {"nl": "loopt nog", "en": "still running"},
    "sla.chart": {"nl": "SLA gehaald per prioriteit (%)", "en": "SLA met per priority (%)"},
    # -- gaps --
    "gaps.heading": {
        "nl": "Kennisgaten: waar een artikel het verschil maakt",
        "en": "Knowledge gaps: where an article makes the difference",
    },
    "gaps.intro": {
        "nl": "Vragen zonder antwoord, met 'Dit hielp niet' of 'Geen van deze', gegroepeerd op betekenis. "
        "Ligt het dichtstbijzijnde artikel dichtbij, dan mist er misschien alleen een formulering.",
        "en": "Questions without an answer, with 'This didn't help' or 'None of these', grouped by meaning. "
        "When the nearest article is close, perhaps only a phrasing is missing.",
    },
    "gaps.count": {"nl": "vragen", "en": "questions"},
    "gaps.people": {"nl": "collega's", "en": "colleagues"},
    "gaps.examples": {"nl": "bijvoorbeeld", "en": "for example"},
    "gaps.nearest": {"nl": "dichtstbijzijnde artikel", "en": "nearest article"},
    "gaps.add_phrasing": {"nl": "formulering toevoegen?", "en": "add a phrasing?"},
    "gaps.write_article": {"nl": "nieuw artikel?", "en": "new article?"},
    "gaps.empty": {"nl": "Geen kennisgaten in deze periode.", "en": "No knowledge gaps in this period."},
    "articles.heading": {
        "nl": "Artikelen met de meeste 'Dit hielp niet'",
        "en": "Articles with the most 'This didn't help'",
    },
    "articles.article": {"nl": "artikel", "en": "article"},
    "articles.not_helped": {"nl": "hielp niet", "en": "didn't help"},
    "articles.helped": {"nl": "hielp", "en": "helped"},
    "articles.empty": {
        "nl": "Niemand klikte 'Dit hielp niet' in deze periode.",
        "en": "Nobody clicked 'This didn't help' in this period.",
    },
    "changes.heading": {"nl": "Wijzigingen die tickets veroorzaakten", "en": "Changes that caused tickets"},
    "changes.change": {"nl": "wijziging", "en": "change"},
    "changes.window": {"nl": "wanneer (lokale tijd)", "en": "when (local time)"},
    "changes.tickets": {"nl": "tickets", "en": "tickets"},
    "changes.empty": {"nl": "Geen tickets gekoppeld aan een wijziging.", "en": "No tickets linked to a change."},
}

WEEKDAYS: dict[Lang, tuple[str, ...]] = {
    "nl": ("ma", "di", "wo", "do", "vr", "za", "zo"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
MONTHS: dict[Lang, tuple[str, ...]] = {
    "nl": (
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def rt(key: str, lang: Lang, **values: object) -> str:
    """A report text in `lang`, with its placeholders filled."""
    return REPORT_TEXTS[key][lang].format(**values)


def number(value: float | None, lang: Lang, decimals: int = 0) -> str:
    """A number as the language writes it (Dutch: decimal comma, dot for thousands); "–" for none."""
    if value is None:
        return REPORT_TEXTS["none"][lang]
    text = f"{value:,.{decimals}f}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "nl" else text


def percentage(value: float | None, lang: Lang) -> str:
    return REPORT_TEXTS["none"][lang] if value is None else f"{number(value, lang, 1)}%"


def duration(minutes: float | None, lang: Lang) -> str:
    """Business minutes as "45 min" or "3,5 u" / "3.5 h"."""
    if minutes is None:
        return REPORT_TEXTS["none"][lang]
    if minutes < 90:
        return f"{number(minutes, lang)} min"
    return f"{number(minutes / 60, lang, 1)} {'u' if lang == 'nl' else 'h'}"


def day(value: date, lang: Lang) -> str:
    """ "5 januari 2026" / "5 January 2026"."""
    return f"{value.day} {MONTHS[lang][value.month - 1]} {value.year}"
