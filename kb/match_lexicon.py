"""Word lists used by normalisation: stop words, language cues and Dutch IT word parts.

The lists are hand-written for IT service-desk questions. Negations ("not", "niet", "geen") and question
words ("why", "waarom") are deliberately *not* stop words: they separate "my card does not work" from
"how do I use my card".
"""

from __future__ import annotations

_STOP_WORDS_EN = """
    a an the and or but if then so of to in on at by for from with about as into onto over under up
    i me my mine myself we us our ours you your yours he him his she her hers it its they them their theirs
    this that these those there here is am are was were be been being do does did done doing have has had
    having will would shall should can could may might must please pls thanks thank hi hello hey dear
    just also too very really some any all each every again still yet only own same such than
    im ive id youre its s t d ll m re ve o y ok okay
    """
STOP_WORDS_EN: frozenset[str] = frozenset(_STOP_WORDS_EN.split())

_STOP_WORDS_NL = """
    de het een en of maar dan want dus van voor naar in op aan bij met uit om over onder tot door te
    ik me mij mijn wij we ons onze jij je jou jouw u uw hij hem zijn zij ze haar hun hen het dit dat deze die
    daar hier er is ben bent was waren wordt worden werd zijn heb hebt heeft hebben had hadden
    zal zou zullen kan kun kunt kunnen mag mogen moet moeten wil wilt willen graag aub alsjeblieft alstublieft
    bedankt dank dankjewel hoi hallo hey beste goedemorgen goedemiddag ook nog al even toch wel maar eens
    zo als dan nu echt heel erg iets wat welke welk
    """
STOP_WORDS_NL: frozenset[str] = frozenset(_STOP_WORDS_NL.split())

# Words that, when present, point strongly at one language (beyond the stop words above).
_LANGUAGE_CUES_EN = """
    the and is are not how what why when where which who can could would should does doesnt dont didnt
    cant cannot wont isnt my your with from this that have has working work broken help please need want
    get got i it of to on in for after before new again still
    """
LANGUAGE_CUES_EN: frozenset[str] = frozenset(_LANGUAGE_CUES_EN.split())
_LANGUAGE_CUES_NL = """
    de het een en is zijn niet geen hoe wat waarom wanneer waar welke wie kan kun kunt kunnen moet mijn
    jouw je met van dit dat heb heeft werkt doet kapot hulp graag nodig wil krijg ik op in voor na weer nog
    nieuw nieuwe meer ook wel al er naar bij om te
    """
LANGUAGE_CUES_NL: frozenset[str] = frozenset(_LANGUAGE_CUES_NL.split())

# Dutch (and loan) word parts frequent in IT questions; used to split and join compounds.
# The matcher adds every word of the knowledge base to this list at index time.
_COMPOUND_PARTS = """
    wachtwoord reset account mail email scherm printer print netwerk toegang code laptop computer telefoon
    toetsenbord muis kabel verbinding server map bestand gebruiker naam licentie software update installatie
    aanvraag adres agenda afspraak vergadering ruimte team kanaal beveiliging virus wifi vpn token app sleutel
    pas kaart badge docking station monitor headset camera microfoon geluid werk plek thuis kantoor web site
    browser link bijlage postvak inbox spam phishing rechten groep schijf opslag back herstel fout melding
    storing inlog login gegevens pin verlof salaris strook tablet mobiel nummer bericht programma systeem
    wifi internet draadloos snelheid batterij lader oplader stroom knop toets taal instelling instellingen
    beheer beheerder portaal aanmeld aanmelding afmeld hand tekening handtekening agenda kalender contact
    lijst gedeeld gedeelde drive cloud document documenten foto video teams outlook word excel browser
    firewall proxy certificaat verificatie factor authenticatie authenticator sms lees leesbevestiging
    afwezigheid afwezig bericht dienst desk service ticket nood geval noodgeval prive zakelijk bedrijf
    """
COMPOUND_PARTS: frozenset[str] = frozenset(_COMPOUND_PARTS.split())

# Dutch linking morphemes allowed between compound parts ("toegang-s-pas", "pagina-s", "boek-en-kast").
LINKING_MORPHEMES: tuple[str, ...] = ("", "s", "en", "e")

# Informal Dutch ways of saying the same thing, folded to one form so "doet het niet" finds "werkt niet".
# Keys are the canonical form; phrases are matched as whole words on normalised text.
# "doet raar" (acts up) is deliberately not folded into "werkt niet": it says nothing specific (see
# kb.match_intent.vague_subject). "kapot" is: colleagues say "wifi kapot" for wifi that does not work.
SAME_MEANING: dict[str, tuple[str, ...]] = {
    "werkt niet": (
        "doet het niet",
        "doet t niet",
        "doet het niet meer",
        "doet t niet meer",
        "doet niks",
        "doet niets",
        "werkt niet meer",
        "doet het nog steeds niet",
        "ligt eruit",
        "is kapot",
        "is stuk",
        "kapot",
        "valt steeds weg",
        "valt telkens weg",
        "valt weg",
    ),
    "vergeten": ("weet niet meer", "weet het niet meer"),  # not "kwijt": a lost laptop is not forgotten
    "inloggen": ("aanmelden", "log in", "login", "inlog"),
}

# Chat spelling and abbreviations, replaced word by word on normalised text ("m'n" is "mn" by then).
CHAT_WORDS: dict[str, str] = {
    "mn": "mijn",
    "zn": "zijn",
    "ff": "even",
    "efkes": "even",
    "idd": "inderdaad",
    "t": "het",
    "k": "ik",
    "nie": "niet",
    "nt": "niet",
    "wss": "waarschijnlijk",
    "ww": "wachtwoord",
    "pw": "password",
    "pwd": "password",
    "plz": "please",
    "thx": "thanks",
    "tnx": "thanks",
}

# Ordinals written with digits, in both languages ("2e scherm" is "tweede scherm", "3rd floor" "third floor").
ORDINALS: dict[str, str] = {
    **{
        f"{n}{suffix}": word
        for n, word in enumerate(
            ("eerste", "tweede", "derde", "vierde", "vijfde", "zesde", "zevende", "achtste", "negende", "tiende"),
            start=1,
        )
        for suffix in ("e", "de", "ste")
    },
    "1st": "first",
    "2nd": "second",
    "3rd": "third",
    "4th": "fourth",
    "5th": "fifth",
    "6th": "sixth",
    "7th": "seventh",
    "8th": "eighth",
    "9th": "ninth",
    "10th": "tenth",
}

# Particles of Dutch separable verbs: "hoe vraag ik ... aan" is "aanvragen", "voeg ... toe" is "toevoegen".
SEPARABLE_PARTICLES: frozenset[str] = frozenset(
    ["aan", "toe", "op", "uit", "af", "in", "terug", "mee", "bij", "door", "weg", "vast", "over", "om"]
)
