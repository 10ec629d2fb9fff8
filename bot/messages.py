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
    "suggest.none_of_these": {"nl": "Geen van deze", "en": "None of these"},
    "suggest.none_chosen": {
        "nl": "Helder, dan heb ik er (nog) geen antwoord op.",
        "en": "Got it, then I don't have an answer (yet).",
    },
    "person.coming": {
        "nl": "Je wilt een collega van de servicedesk spreken: prima, dat regel ik.",
        "en": "You'd like to talk to someone at the service desk: fine, I'll arrange that.",
    },
    "answer.written_in_nl": {
        "nl": "Dit artikel is in het Nederlands.",
        "en": "This article is written in Dutch.",
    },
    "answer.written_in_en": {
        "nl": "Dit artikel is in het Engels geschreven.",
        "en": "This article is in English.",
    },
    "suggest.some_in_nl": {
        "nl": "Sommige van deze artikelen zijn in het Nederlands.",
        "en": "Some of these articles are written in Dutch.",
    },
    "suggest.some_in_en": {
        "nl": "Sommige van deze artikelen zijn in het Engels geschreven.",
        "en": "Some of these articles are in English.",
    },
    "none.honest": {
        "nl": "Hier heb ik (nog) geen antwoord op in de kennisbank, en ik ga niet gokken.",
        "en": "I don't have an answer to this in the knowledge base (yet), and I won't guess.",
    },
    "contact.servicedesk": {
        "nl": "Een collega van de servicedesk helpt je graag verder: {contact}",
        "en": "A colleague at the service desk is happy to help: {contact}",
    },
    "contact.default": {"nl": "bel of mail de servicedesk", "en": "call or email the service desk"},
    "contact.phone": {"nl": "bel {phone} ({hours})", "en": "call {phone} ({hours})"},
    "contact.walk_in": {"nl": "loop binnen: {slots}", "en": "walk in: {slots}"},
    "contact.help_channel": {"nl": "stel je vraag in <#{channel}>", "en": "ask in <#{channel}>"},
    "contact.or": {"nl": "of", "en": "or"},
    "contact.and": {"nl": "en", "en": "and"},
    "contact.days_range": {"nl": "{first} t/m {last}", "en": "{first} to {last}"},
    "contact.slot": {"nl": "{days} {opens}–{closes}", "en": "{days} {opens}–{closes}"},
    "desk.closed": {
        "nl": "De servicedesk is nu gesloten en weer open *{opens}*.",
        "en": "The service desk is closed now and opens again *{opens}*.",
    },
    "desk.emergency_phone": {
        "nl": "Noodgeval, zoals een gestolen laptop of een phishinglink waarop je klikte? Bel {phone}, ook nu.",
        "en": "An emergency, like a stolen laptop or a phishing link you clicked? Call {phone}, also now.",
    },
    "desk.emergency_ticket": {
        "nl": "Noodgeval, zoals een gestolen laptop of een phishinglink waarop je klikte? Typ `/helpdesk ticket` "
        "met *SPOED* erin: dan krijgt het voorrang zodra we er zijn.",
        "en": "An emergency, like a stolen laptop or a phishing link you clicked? Type `/helpdesk ticket` with "
        "*URGENT* in it: it gets priority as soon as we're in.",
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
    "question.thanks": {
        "nl": "Graag gedaan! Heb je nog een vraag, stel hem gerust.",
        "en": "You're welcome! If you have another question, just ask.",
    },
    "question.no_text": {
        "nl": "Zelf kan ik geen bestanden of plaatjes lezen. Hoort het bij een probleem? Typ `/helpdesk ticket` "
        "zonder tekst: in het formulier zet je het erbij, en dan ziet de servicedesk het. Een vraag kun je ook "
        "gewoon in een bericht typen, dan kijk ik mee.",
        "en": "I can't read files or images myself. Is it about a problem? Type `/helpdesk ticket` without text: "
        "add it in the form and the service desk will see it. You can also type a question in a message and "
        "I'll have a look.",
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
    # -- tickets: keys start with "ticket." --
    "ticket.opened": {
        "nl": "Ik heb een ticket voor je aangemaakt: *{number}* (prioriteit: {priority}). "
        "Een collega van de servicedesk reageert uiterlijk *{due}*. Wil je iets aanvullen, zoals een screenshot? "
        "Zet het in deze thread.",
        "en": "I've opened a ticket for you: *{number}* (priority: {priority}). "
        "A colleague at the service desk will get back to you by *{due}*. Anything to add, like a screenshot? "
        "Put it in this thread.",
    },
    "ticket.opened_urgent": {
        "nl": "Omdat het spoed heeft, zien de collega's van de servicedesk het meteen.",
        "en": "Because it's urgent, the service desk team sees it right away.",
    },
    "ticket.none_opened": {
        "nl": "Hier heb ik (nog) geen antwoord op in de kennisbank, en ik ga niet gokken.",
        "en": "I don't have an answer to this in the knowledge base (yet), and I won't guess.",
    },
    "ticket.exists": {
        "nl": "Hier loopt al een ticket voor: *{number}* ({status}). Aanvullen kan in de thread van je vraag.",
        "en": "There's already a ticket for this: *{number}* ({status}). You can add to it in your question's thread.",
    },
    "ticket.not_set_up": {
        "nl": "Tickets zijn hier nog niet ingesteld. {contact}",
        "en": "Tickets aren't set up here yet. {contact}",
    },
    "ticket.escalation_note": {"nl": "Toelichting van {agent}: {note}", "en": "Note from {agent}: {note}"},
    "ticket.delivery_failed": {
        "nl": "Ik kon een bericht over een ticket niet plaatsen in <#{channel}>: `{error}`. Het ticket zelf staat "
        "veilig; zie `servicedesk tickets list`. (sleutel: `{outbox_key}`)",
        "en": "I could not post a message about a ticket in <#{channel}>: `{error}`. The ticket itself is safe; "
        "see `servicedesk tickets list`. (key: `{outbox_key}`)",
    },
    "ticket.opened_dm": {
        "nl": "Ik heb een ticket voor je aangemaakt: *{number}* (prioriteit: {priority}). "
        "Een collega van de servicedesk reageert uiterlijk *{due}*. Wil je iets aanvullen, zoals een screenshot? "
        "Zet het in de thread onder mijn bericht in ons privégesprek.",
        "en": "I've opened a ticket for you: *{number}* (priority: {priority}). "
        "A colleague at the service desk will get back to you by *{due}*. Anything to add, like a screenshot? "
        "Put it in the thread under my message in our direct messages.",
    },
    "ticket.priority_requester": {
        "nl": "Je ticket *{number}* heeft nu prioriteit {priority}: een collega van de servicedesk reageert "
        "uiterlijk *{due}*.",
        "en": "Your ticket *{number}* now has priority {priority}: a colleague at the service desk will get back "
        "to you by *{due}*.",
    },
    "ticket.late_requester": {
        "nl": "Het duurt langer dan we beloofden met je ticket *{number}*, sorry. We zijn je niet vergeten: "
        "een collega van de servicedesk reageert uiterlijk *{due}*.",
        "en": "Your ticket *{number}* is taking longer than we promised, sorry. We haven't forgotten you: "
        "a colleague at the service desk will get back to you by *{due}*.",
    },
    "ticket.late_call": {"nl": "Kan het niet wachten? Bel {phone}.", "en": "Can't it wait? Call {phone}."},
    "ticket.reassigned_requester": {
        "nl": "Je ticket *{number}* is overgedragen aan {agent} van de servicedesk; die helpt je verder.",
        "en": "Your ticket *{number}* has been handed to {agent} from the service desk, who will help you from here.",
    },
    "ticket.waiting_requester": {
        "nl": "_We wachten nu op jouw antwoord: schrijf het in deze thread, dan gaan we verder._",
        "en": "_We're waiting for your reply now: write it in this thread and we'll carry on._",
    },
    "ticket.files": {"nl": "Bijlagen: {links}", "en": "Attachments: {links}"},
    "ticket.files_from": {"nl": "Bestanden van {author}: {links}", "en": "Files from {author}: {links}"},
    "ticket.handover_note": {
        "nl": "{agent} heeft dit ticket aan {to} gegeven.",
        "en": "{agent} handed this ticket to {to}.",
    },
    "ticket.urgent_alert": {
        "nl": "{mention}:rotating_light: *Spoed: {number}* van {requester} ({reasons}). Wie pakt het nu op?",
        "en": "{mention}:rotating_light: *Urgent: {number}* from {requester} ({reasons}). Who can take it now?",
    },
    "ticket.not_agent_target": {
        "nl": "Alleen collega's van de servicedesk kunnen een ticket krijgen. Kies iemand uit het servicedeskteam.",
        "en": "Only service desk colleagues can take a ticket. Please pick someone from the service desk team.",
    },
    "ticket.unknown_category": {
        "nl": "Die categorie ken ik niet. Kies er een uit de lijst.",
        "en": "I don't know that category. Please pick one from the list.",
    },
    "ticket.urgency.P1": {"nl": "spoed", "en": "urgent"},
    "ticket.urgency.P2": {"nl": "hoog", "en": "high"},
    "ticket.urgency.P3": {"nl": "normaal", "en": "normal"},
    "ticket.urgency.P4": {"nl": "laag", "en": "low"},
    "urgency.security": {"nl": "beveiligingsincident", "en": "security incident"},
    "urgency.blocked": {"nl": "kan niet werken", "en": "can't work"},
    "urgency.wide": {"nl": "meerdere collega's geraakt", "en": "several colleagues affected"},
    "urgency.urgent_word": {"nl": "de collega noemt het dringend", "en": "the colleague says it's urgent"},
    "urgency.calm": {"nl": "geen haast", "en": "no rush"},
    "urgency.article": {
        "nl": "het artikel dat niet hielp vraagt voorrang",
        "en": "the article that didn't help asks for priority",
    },
    "urgency.category": {"nl": "categorie beveiliging", "en": "security category"},
    "category.accounts": {"nl": "Inloggen, account en wachtwoord", "en": "Signing in, account and password"},
    "category.email": {"nl": "Mail en agenda", "en": "Mail and calendar"},
    "category.netwerk": {"nl": "Netwerk, wifi en VPN", "en": "Network, wifi and VPN"},
    "category.werkplek": {"nl": "Laptop, scherm en werkplek", "en": "Laptop, screen and desk"},
    "category.printen": {"nl": "Printen en scannen", "en": "Printing and scanning"},
    "category.bestanden": {"nl": "Bestanden, OneDrive en SharePoint", "en": "Files, OneDrive and SharePoint"},
    "category.software": {"nl": "Programma's en apps", "en": "Programs and apps"},
    "category.beveiliging": {
        "nl": "Beveiliging, phishing, verlies of diefstal",
        "en": "Security, phishing, loss or theft",
    },
    "category.overig": {"nl": "Iets anders", "en": "Something else"},
    "intake.title": {"nl": "Probleem melden", "en": "Report a problem"},
    "intake.submit": {"nl": "Versturen", "en": "Send"},
    "intake.what": {"nl": "Wat is er aan de hand?", "en": "What's wrong?"},
    "intake.what_hint": {
        "nl": "In je eigen woorden, met de foutmelding als die er is.",
        "en": "In your own words, with the error message if there is one.",
    },
    "intake.category": {"nl": "Waar gaat het over?", "en": "What is it about?"},
    "intake.works": {"nl": "Kun je nog werken?", "en": "Can you still work?"},
    "intake.works.yes": {"nl": "Ja", "en": "Yes"},
    "intake.works.no": {"nl": "Nee, ik kan niet werken", "en": "No, I can't work"},
    "intake.works.team": {"nl": "Nee, en collega's ook niet", "en": "No, and colleagues can't either"},
    "intake.files": {"nl": "Screenshots of bestanden (als je wilt)", "en": "Screenshots or files (if you like)"},
    "intake.for_message": {
        "nl": "Het ticket is voor {requester}; het gesprek gaat verder in de thread van het bericht.",
        "en": "The ticket is for {requester}; the conversation goes on in the message's thread.",
    },
    "intake.empty": {"nl": "Beschrijf kort wat er aan de hand is.", "en": "Briefly describe what's wrong."},
    "card.status.waiting": {"nl": "wacht op antwoord van de aanvrager", "en": "waiting for the requester"},
    "ticket.claimed_requester": {
        "nl": "{agent} van de servicedesk heeft je ticket *{number}* opgepakt.",
        "en": "{agent} from the service desk has picked up your ticket *{number}*.",
    },
    "ticket.escalated_requester": {
        "nl": "Je ticket *{number}* is doorgezet naar team {team}; zij helpen je verder.",
        "en": "Your ticket *{number}* has been passed on to the {team} team; they'll help you further.",
    },
    "ticket.resolved_requester": {
        "nl": "Je ticket *{number}* is opgelost:\n{resolution}\nHoe ben je geholpen?",
        "en": "Your ticket *{number}* is resolved:\n{resolution}\nHow was the help?",
    },
    "ticket.rate_good": {"nl": "👍 Goed geholpen", "en": "👍 Helped well"},
    "ticket.rate_bad": {"nl": "👎 Niet opgelost", "en": "👎 Not solved"},
    "ticket.rated_thanks": {
        "nl": "Bedankt voor je beoordeling!",
        "en": "Thanks for your rating!",
    },
    "ticket.reopened_requester": {
        "nl": "Je ticket *{number}* staat weer open; een collega kijkt er opnieuw naar.",
        "en": "Your ticket *{number}* is open again; a colleague will take another look.",
    },
    "ticket.closed_reply": {
        "nl": "Ticket *{number}* is al gesloten. Heb je een nieuwe vraag? Stel hem gerust opnieuw, dan kijk ik mee.",
        "en": "Ticket *{number}* is closed. Got a new question? Just ask again and I'll have a look.",
    },
    "ticket.agent_says": {"nl": "*{agent}* (servicedesk): {text}", "en": "*{agent}* (service desk): {text}"},
    "ticket.requester_says": {"nl": "*{requester}*: {text}", "en": "*{requester}*: {text}"},
    "ticket.thread_bystander": {
        "nl": "Dit is de draad van een melding van een collega, dus je bericht gaat niet naar de servicedesk. "
        "Heb je zelf een vraag of hetzelfde probleem? Stel je vraag dan in een eigen bericht, dan help ik je daar.",
        "en": "This thread belongs to a colleague's ticket, so your message is not passed on to the service desk. "
        "Do you have a question or the same problem? Ask it in a message of your own and I'll help you there.",
    },
    "fit.more_in_history": {
        "nl": "_(ingekort; de volledige tekst staat in de geschiedenis van {number})_",
        "en": "_(shortened; the full text is in the history of {number})_",
    },
    "fit.more_in_thread": {
        "nl": "_(ingekort; de volledige tekst staat in de draad)_",
        "en": "_(shortened; the full text is in the thread)_",
    },
    "ticket.message_deleted": {"nl": "_(bericht verwijderd)_", "en": "_(message deleted)_"},
    "ticket.message_edited": {"nl": "_(bewerkt)_", "en": "_(edited)_"},
    "ticket.unknown": {
        "nl": "Dit ticket kan ik niet (meer) vinden.",
        "en": "I can't find this ticket (any more).",
    },
    "ticket.already_resolved": {
        "nl": "Dit ticket is al opgelost; er is niets veranderd.",
        "en": "This ticket is already resolved; nothing changed.",
    },
    "ticket.already_claimed": {
        "nl": "Dit ticket is al opgepakt door {assignee}.",
        "en": "This ticket has already been picked up by {assignee}.",
    },
    "ticket.not_agent": {
        "nl": "Alleen collega's van de servicedesk kunnen tickets oppakken en afhandelen. "
        "Heb je zelf een vraag? Stuur me een bericht of typ `/helpdesk`.",
        "en": "Only service desk colleagues can pick up and handle tickets. "
        "Got a question yourself? Send me a message or type `/helpdesk`.",
    },
    "ticket.not_requester": {
        "nl": "Alleen de collega die de vraag stelde kan de hulp beoordelen.",
        "en": "Only the colleague who asked can rate the help.",
    },
    "ticket.unknown_team": {
        "nl": "Dat team ken ik niet. Kies een team uit de lijst.",
        "en": "I don't know that team. Please pick one from the list.",
    },
    "ticket.status.new": {
        "nl": "wacht op een collega van de servicedesk",
        "en": "waiting for a service desk colleague",
    },
    "ticket.status.claimed": {"nl": "{agent} werkt eraan", "en": "{agent} is working on it"},
    "ticket.status.waiting": {"nl": "wacht op jouw antwoord", "en": "waiting for your reply"},
    "ticket.status.escalated": {"nl": "doorgezet naar team {team}", "en": "passed on to the {team} team"},
    "ticket.status.resolved": {"nl": "opgelost", "en": "resolved"},
    "ticket.priority.P1": {"nl": "P1 (spoed)", "en": "P1 (urgent)"},
    "ticket.priority.P2": {"nl": "P2 (hoog)", "en": "P2 (high)"},
    "ticket.priority.P3": {"nl": "P3 (normaal)", "en": "P3 (normal)"},
    "ticket.priority.P4": {"nl": "P4 (laag)", "en": "P4 (low)"},
    "ticket.today": {"nl": "vandaag {time}", "en": "today {time}"},
    "ticket.on_day": {"nl": "{day} {time}", "en": "{day} {time}"},
    "card.header": {"nl": "{number} · {priority} · {status}", "en": "{number} · {priority} · {status}"},
    "card.fields": {
        "nl": "*Aanvrager:* {requester}\n*Categorie:* {category}\n*Eerste reactie uiterlijk:* {first_due}\n"
        "*Opgelost uiterlijk:* {resolution_due}",
        "en": "*Requester:* {requester}\n*Category:* {category}\n*First response by:* {first_due}\n"
        "*Resolved by:* {resolution_due}",
    },
    "card.no_category": {"nl": "nog niet ingedeeld", "en": "not categorised yet"},
    "card.category": {"nl": "Categorie", "en": "Category"},
    "card.assign": {"nl": "Geef aan…", "en": "Hand to…"},
    "card.urgency": {"nl": "Voorgestelde prioriteit: {reasons}", "en": "Proposed priority: {reasons}"},
    "card.claim": {"nl": "Oppakken", "en": "Claim"},
    "card.release": {"nl": "Vrijgeven", "en": "Release"},
    "card.escalate": {"nl": "Escaleren", "en": "Escalate"},
    "card.resolve": {"nl": "Oplossen", "en": "Resolve"},
    "card.priority": {"nl": "Prioriteit", "en": "Priority"},
    "card.known_change": {"nl": "Bekende wijziging: {title}", "en": "Known change: {title}"},
    "card.resolution": {"nl": "*Oplossing:* {resolution}", "en": "*Resolution:* {resolution}"},
    "card.rating": {"nl": "*Beoordeling:* {rating}", "en": "*Rating:* {rating}"},
    "modal.resolve_title": {"nl": "Ticket oplossen", "en": "Resolve ticket"},
    "modal.resolution_label": {"nl": "Wat was de oplossing?", "en": "What solved it?"},
    "modal.article_label": {
        "nl": "Kennisbankartikel dat hielp (optioneel)",
        "en": "Knowledge base article that helped (optional)",
    },
    "modal.article_placeholder": {"nl": "Zoek een artikel…", "en": "Search for an article…"},
    "modal.escalate_title": {"nl": "Ticket escaleren", "en": "Escalate ticket"},
    "modal.team_label": {"nl": "Naar welk team?", "en": "To which team?"},
    "modal.note_label": {"nl": "Toelichting voor het team", "en": "Note for the team"},
    "modal.submit_resolve": {"nl": "Oplossen", "en": "Resolve"},
    "modal.submit_escalate": {"nl": "Escaleren", "en": "Escalate"},
    "modal.cancel": {"nl": "Annuleren", "en": "Cancel"},
    "modal.no_teams": {
        "nl": "Er zijn nog geen tweedelijnsteams ingesteld (TEAMS). Vraag je beheerder om ze toe te voegen.",
        "en": "No second-line teams are set up yet (TEAMS). Ask your admin to add them.",
    },
    "sla.warning": {
        "nl": ":hourglass_flowing_sand: *{number}*: de afgesproken {target} ({due}) komt dichtbij. Wie pakt hem op?",
        "en": ":hourglass_flowing_sand: *{number}*: the agreed {target} ({due}) is close. Who can pick it up?",
    },
    "sla.breach": {
        "nl": ":rotating_light: *{number}*: de afgesproken {target} ({due}) is verlopen. Wie kan dit nu oppakken?",
        "en": ":rotating_light: *{number}*: the agreed {target} ({due}) has passed. Who can take this now?",
    },
    "sla.first_response": {"nl": "eerste reactie", "en": "first response"},
    "sla.resolution": {"nl": "oplossing", "en": "resolution"},
    "home.mine_title": {"nl": "Je open tickets", "en": "Your open tickets"},
    "home.mine_empty": {
        "nl": "Je hebt geen open tickets. Vraag me gerust iets in een bericht!",
        "en": "You have no open tickets. Feel free to ask me anything in a message!",
    },
    "home.ticket_line": {
        "nl": "*{number}* · {status} · {due}\n{text}",
        "en": "*{number}* · {status} · {due}\n{text}",
    },
    "home.response_by": {"nl": "reactie uiterlijk {due}", "en": "response by {due}"},
    "home.resolved_by": {"nl": "opgelost uiterlijk {due}", "en": "resolved by {due}"},
    "home.queue_title": {"nl": "Nog niet opgepakt", "en": "Not picked up yet"},
    "home.own_title": {"nl": "Jouw tickets", "en": "Your tickets"},
    "home.queue_empty": {"nl": "Niets in de wachtrij.", "en": "The queue is empty."},
    "home.report_title": {"nl": "Loopt er iets mis?", "en": "Something not working?"},
    "home.report_intro": {
        "nl": "Meld het hier, met een screenshot als je wilt. Een vraag kun je me ook gewoon in een bericht sturen.",
        "en": "Report it here, with a screenshot if you like. You can also just send me a question in a message.",
    },
    "home.report_button": {"nl": "Meld een probleem", "en": "Report a problem"},
    "home.contact_title": {"nl": "Zo bereik je de servicedesk", "en": "How to reach the service desk"},
    "home.open_now": {"nl": "Nu open, tot {closes}.", "en": "Open now, until {closes}."},
    "home.phone": {"nl": "*Telefoon:* {phone} ({hours})", "en": "*Phone:* {phone} ({hours})"},
    "home.emergency": {
        "nl": "*Noodgeval:* {phone}, ook buiten kantoortijden",
        "en": "*Emergency:* {phone}, also out of hours",
    },
    "home.walk_in": {"nl": "*Inloopspreekuur:* {slots}", "en": "*Walk-in hours:* {slots}"},
    "home.walk_in_next": {"nl": "Volgende keer: {when}", "en": "Next time: {when}"},
    "home.recurring_title": {"nl": "Vaste momenten", "en": "Regular sessions"},
    "home.recurring_next": {
        "nl": "Wordt aangekondigd in <#{channel}>; volgende keer {when}.",
        "en": "Announced in <#{channel}>; next time {when}.",
    },
    "shell.welcome": {
        "nl": "Servicedesk-shell: typ je vraag zoals een collega in Slack zou doen. "
        "Een nummer kiest een suggestie, + of - geeft feedback. Stoppen: Ctrl-D.",
        "en": "Service desk shell: type your question as a colleague would in Slack. "
        "A number picks a suggestion, + or - gives feedback. Quit: Ctrl-D.",
    },
    # -- announcements: keys start with "announce." --
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
        "de aankondiging aan; `servicedesk announce list` laat zien wat er mis ging. (sleutel: `{outbox_key}`)",
        "en": "I could not post a message in <#{channel}>: `{error}`. Add the bot to the channel or change the "
        "announcement; `servicedesk announce list` shows what went wrong. (key: `{outbox_key}`)",
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
        "nl": "Nog geen datum? Wanneer verwacht je het?",
        "en": "No date yet? When do you expect it?",
    },
    "announce.modal.field_lang": {"nl": "Taal", "en": "Language"},
    "announce.modal.field_title_en": {
        "nl": "Titel in het Engels (alleen bij Nederlands en Engels)",
        "en": "Title in English (only for Dutch and English)",
    },
    "announce.modal.field_body_en": {
        "nl": "Tekst in het Engels (alleen bij Nederlands en Engels)",
        "en": "Text in English (only for Dutch and English)",
    },
    "announce.modal.field_reminders": {"nl": "Herinneringen voor de start", "en": "Reminders before the start"},
    "announce.reminder.P1W": {"nl": "1 week ervoor", "en": "1 week before"},
    "announce.reminder.P1D": {"nl": "1 dag ervoor", "en": "1 day before"},
    "announce.reminder.PT1H": {"nl": "1 uur ervoor", "en": "1 hour before"},
    "announce.reminder.PT15M": {"nl": "15 minuten ervoor", "en": "15 minutes before"},
    "announce.part.begin": {"nl": "begin {month}", "en": "early {month}"},
    "announce.part.mid": {"nl": "half {month}", "en": "mid-{month}"},
    "announce.part.end": {"nl": "eind {month}", "en": "late {month}"},
    "announce.modal.field_tags": {"nl": "Trefwoorden, met komma's", "en": "Keywords, comma-separated"},
    "announce.modal.field_publish": {"nl": "Publiceren op (leeg: meteen)", "en": "Publish at (empty: right away)"},
    "announce.lang.nl": {"nl": "Nederlands", "en": "Dutch"},
    "announce.lang.en": {"nl": "Engels", "en": "English"},
    "announce.lang.both": {"nl": "Nederlands en Engels", "en": "Dutch and English"},
    "announce.right_away": {"nl": "meteen", "en": "right away"},
    "announce.at": {"nl": "op {day} om {time}", "en": "on {day} at {time}"},
    "announce.error.title": {
        "nl": "Geef een korte titel (hooguit 150 tekens).",
        "en": "Give a short title (150 characters at most).",
    },
    "announce.error.body": {
        "nl": "Beschrijf wat er verandert, voor wie, en wat je collega's moeten doen.",
        "en": "Describe what changes, who is affected, and what colleagues should do.",
    },
    "announce.error.channels": {"nl": "Kies minstens één kanaal.", "en": "Choose at least one channel."},
    "announce.error.window": {
        "nl": "Controleer de tijden: het einde moet na het begin liggen, en een einde heeft een begin nodig.",
        "en": "Check the times: the end must be after the start, and an end needs a start.",
    },
    "announce.error.when": {
        "nl": "Geef een begin, of vul in wanneer je het verwacht (bijv. begin december).",
        "en": "Give a start, or say when you expect it (e.g. early December).",
    },
    "announce.error.reminders": {
        "nl": "Kies wanneer de herinneringen komen, of geen.",
        "en": "Choose when the reminders go out, or none.",
    },
    "announce.error.english": {
        "nl": "Geef ook de Engelse tekst, of kies één taal.",
        "en": "Give the English text too, or choose one language.",
    },
    "announce.error.other": {"nl": "Dit veld klopt niet helemaal.", "en": "Something in this field is not right."},
    # -- knowledge from tickets: keys start with "draft." --
    "draft.not_resolved": {
        "nl": "Dit ticket is nog niet opgelost: schrijf eerst op wat het oploste, dan kan er een artikel van komen.",
        "en": "This ticket isn't resolved yet: write down what solved it first, then it can become an article.",
    },
    "draft.rejected": {
        "nl": "Dit concept kan zo niet bewaard worden: vul titel en antwoord in en kies een id die nog vrij is.",
        "en": "This draft can't be saved like this: fill in the title and answer and pick an id that isn't taken.",
    },
    # -- the weekly digest (triage channel, agents only): keys start with "digest." --
    "digest.title": {
        "nl": "*Weekoverzicht servicedesk* ({first} t/m {last})",
        "en": "*Service desk weekly digest* ({first} to {last})",
    },
    "digest.questions": {
        "nl": "Vragen: {questions}, door de bot afgehandeld: {deflection}",
        "en": "Questions: {questions}, handled by the bot: {deflection}",
    },
    "digest.tickets": {
        "nl": "Tickets: {opened} geopend, {resolved} opgelost",
        "en": "Tickets: {opened} opened, {resolved} resolved",
    },
    "digest.service": {
        "nl": "SLA gehaald: {sla} · tevreden collega's: {csat}",
        "en": "Within the SLA: {sla} · satisfied colleagues: {csat}",
    },
    "digest.gaps_title": {
        "nl": "*Hier is een artikel het meest waard:*",
        "en": "*These are most worth an article:*",
    },
    "digest.gap_line": {"nl": "• {count}× “{text}”", "en": "• {count}× “{text}”"},
    "digest.no_gaps": {
        "nl": "Geen vragen zonder artikel deze week.",
        "en": "No questions without an article this week.",
    },
    "digest.no_figure": {"nl": "–", "en": "–"},
    # -- gaps on App Home (agents only): keys start with "gaps." --
    "gaps.title": {"nl": "Vragen zonder goed antwoord", "en": "Questions without a good answer"},
    "gaps.intro": {
        "nl": "Alleen de servicedesk ziet dit. De afgelopen {days} dagen, meest gevraagd eerst.",
        "en": "Only the service desk sees this. The last {days} days, most asked first.",
    },
    "gaps.line": {
        "nl": "*{count}×* door {people} collega('s): “{text}”",
        "en": "*{count}×* by {people} colleague(s): “{text}”",
    },
    "gaps.examples": {"nl": "Ook gevraagd als: {examples}", "en": "Also asked as: {examples}"},
    "gaps.nearest": {"nl": "Dichtstbijzijnde artikel: {title}", "en": "Nearest article: {title}"},
    "gaps.no_nearest": {"nl": "Geen artikel in de buurt.", "en": "No article comes close."},
    "gaps.write": {"nl": "Schrijf artikel", "en": "Write article"},
    "gaps.add_phrasing": {"nl": "Voeg toe als formulering", "en": "Add as phrasing"},
    "gaps.empty": {
        "nl": "Geen vragen zonder goed antwoord: de bot kon alles beantwoorden.",
        "en": "No questions without a good answer: the bot could answer everything.",
    },
    "gaps.unknown_article": {
        "nl": "Dat artikel bestaat niet meer: open App Home opnieuw.",
        "en": "That article no longer exists: open App Home again.",
    },
    "gaps.phrasing_added": {
        "nl": "Toegevoegd: de bot beantwoordt “{text}” voortaan met “{title}”.",
        "en": "Added: the bot now answers “{text}” with “{title}”.",
    },
    # -- the draft article modal --
    "draft.make_article": {"nl": "Maak er een artikel van", "en": "Turn it into an article"},
    "draft.make_article_label": {"nl": "Kennisbank", "en": "Knowledge base"},
    "draft.modal_title": {"nl": "Nieuw artikel", "en": "New article"},
    "draft.submit": {"nl": "Bewaar concept", "en": "Save draft"},
    "draft.cancel": {"nl": "Annuleren", "en": "Cancel"},
    "draft.close": {"nl": "Sluiten", "en": "Close"},
    "draft.intro": {
        "nl": "Dit wordt een concept in de kennisbank. Een beheerder controleert het en zet het live.",
        "en": "This becomes a draft in the knowledge base. An admin checks it and puts it live.",
    },
    "draft.title_label": {"nl": "Titel", "en": "Title"},
    "draft.phrasings_label": {
        "nl": "Zo vragen collega's het (één vraag per regel)",
        "en": "How colleagues ask it (one question per line)",
    },
    "draft.body_label": {"nl": "Antwoord", "en": "Answer"},
    "draft.saved_title": {"nl": "Concept bewaard", "en": "Draft saved"},
    "draft.saved": {
        "nl": "Het concept *{id}* staat klaar. Een beheerder zet het in de kennisbank met "
        "`servicedesk kb publish {id}`.",
        "en": "The draft *{id}* is ready. An admin puts it in the knowledge base with `servicedesk kb publish {id}`.",
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
