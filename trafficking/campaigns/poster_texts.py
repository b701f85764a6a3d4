"""The words on the printable materials ("Materiaal voor je regio"), per language.

Why a table and not gettext: the PDFs are typeset by typst, which reads its
text as data; resolving every string here (in Python) and handing typst a
finished dictionary keeps the templates free of translation logic and lets a
poster be rendered in a language other than the visitor's. The signals on the
professionals' card are the exception: they are the signals page's own
sentences (``trafficking.pages.indicators``), so the card and the site never
disagree; they go through gettext in ``posters.card_signals``.

Dutch is the source text; English translates it. The Polish, Romanian and
Bulgarian texts were written for this first version and MUST be reviewed by
native speakers before the worker poster is printed in numbers. They address
the reader formally, as the site's other translations do (reasons.yaml).

``{municipality}`` is the municipality's name.
"""

from __future__ import annotations

# Placeholder slogans. There is no national slogan yet: the report (section
# 4.3) recommends one recognisable slogan, and choosing it is for CoMensha
# and the campaign partners. Change it here, in this one place; every
# template prints ``SLOGANS[language]``.
SLOGANS: dict[str, str] = {
    "nl": "Zie het. Meld het.",
    "en": "See it. Report it.",
    "pl": "Widzisz sygnały? Zgłoś to.",
    "ro": "Vezi semnele? Semnalează-le.",
    "bg": "Виждате ли признаците? Подайте сигнал.",
}

# Which languages each template is written in (issue 12, point 2).
TEMPLATE_LANGUAGES: dict[str, tuple[str, ...]] = {
    "citizens": ("nl", "en"),
    "professionals": ("nl", "en"),
    "workers": ("nl", "en", "pl", "ro", "bg"),
}

# Words every template uses.
COMMON: dict[str, dict[str, str]] = {
    "nl": {
        "emergency": "Direct gevaar? Bel 112.",
        "report_heading": "Online melden bij het landelijk meldpunt:",
        "qr_caption": "Scan de code voor meer informatie",
        "distributed_by": "Verspreid door",
        "via": "bereikbaar via",
        "unverified": "niet gecontroleerd",
    },
    "en": {
        "emergency": "In danger right now? Call 112.",
        "report_heading": "Report online to the national reporting point:",
        "qr_caption": "Scan the code for more information",
        "distributed_by": "Distributed by",
        "via": "reachable through",
        "unverified": "not verified",
    },
    "pl": {
        "emergency": "Bezpośrednie zagrożenie? Proszę dzwonić pod numer 112.",
        "report_heading": "Zgłoszenie online do krajowego punktu zgłoszeń:",
        "qr_caption": "Proszę zeskanować kod, aby dowiedzieć się więcej",
        "distributed_by": "Rozpowszechnia",
        "via": "kontakt przez",
        "unverified": "niezweryfikowane",
    },
    "ro": {
        "emergency": "În pericol chiar acum? Sunați la 112.",
        "report_heading": "Semnalați online la punctul național de raportare:",
        "qr_caption": "Scanați codul pentru mai multe informații",
        "distributed_by": "Distribuit de",
        "via": "contact prin",
        "unverified": "neverificat",
    },
    "bg": {
        "emergency": "В непосредствена опасност ли сте? Обадете се на 112.",
        "report_heading": "Подайте сигнал онлайн до националния пункт за сигнали:",
        "qr_caption": "Сканирайте кода за повече информация",
        "distributed_by": "Разпространява се от",
        "via": "връзка чрез",
        "unverified": "непроверено",
    },
}

# Words of one template, per language.
TEMPLATE_TEXTS: dict[str, dict[str, dict[str, str]]] = {
    "citizens": {
        "nl": {
            "title": "Mensenhandel gebeurt ook hier",
            "intro": (
                "Iemand die al het verdiende geld afgeeft, steeds gebracht en gehaald wordt "
                "of niet zomaar weg kan: het kunnen signalen zijn van mensenhandel. Eén "
                "signaal zegt nog niet zoveel. Twijfelt u? Vraag advies of meld het."
            ),
            "route_heading": "Hier kunt u terecht in {municipality}",
        },
        "en": {
            "title": "Human trafficking happens here too",
            "intro": (
                "Someone who hands over all the money they earn, is always dropped off and "
                "picked up, or cannot simply leave: these can be signs of human trafficking. "
                "One sign alone says little. In doubt? Ask for advice or report it."
            ),
            "route_heading": "Where to turn in {municipality}",
        },
    },
    "professionals": {
        "nl": {
            "title": "Signalen van mensenhandel",
            "intro": "Eén signaal zegt nog niet zoveel. Ziet u er meer? Overleg of meld.",
            "route_heading": "Overleggen of melden in {municipality}",
        },
        "en": {
            "title": "Signs of human trafficking",
            "intro": "One sign alone says little. See more? Consult or report.",
            "route_heading": "Consult or report in {municipality}",
        },
    },
    "workers": {
        "nl": {
            "title": "Uitgebuit op het werk?",
            "intro": (
                "Houdt uw werkgever uw paspoort vast? Werkt u extreem lange dagen voor weinig "
                "of geen loon? Moet u een schuld afbetalen aan wie uw werk regelde? Vraag "
                "hulp. U staat er niet alleen voor."
            ),
            "route_heading": "Hier kunt u terecht in {municipality}",
        },
        "en": {
            "title": "Exploited at work?",
            "intro": (
                "Does your employer keep your passport? Do you work extremely long days for "
                "little or no pay? Do you have to pay off a debt to whoever arranged your "
                "work? Ask for help. You are not alone."
            ),
            "route_heading": "Where to get help in {municipality}",
        },
        "pl": {
            "title": "Wyzysk w pracy?",
            "intro": (
                "Czy pracodawca zatrzymuje Państwa paszport? Czy pracują Państwo bardzo długo "
                "za niskie wynagrodzenie albo bez wynagrodzenia? Czy muszą Państwo spłacać "
                "dług osobie, która załatwiła pracę? Proszę poprosić o pomoc. Nie są Państwo "
                "sami."
            ),
            "route_heading": "Gdzie szukać pomocy w gminie {municipality}",
        },
        "ro": {
            "title": "Exploatat la locul de muncă?",
            "intro": (
                "Vă ține angajatorul pașaportul? Lucrați zile extrem de lungi pentru un "
                "salariu mic sau fără salariu? Trebuie să plătiți o datorie celui care v-a "
                "găsit de lucru? Cereți ajutor. Nu sunteți singur."
            ),
            "route_heading": "Unde puteți cere ajutor în {municipality}",
        },
        "bg": {
            "title": "Експлоатирани ли сте на работа?",
            "intro": (
                "Работодателят задържа ли паспорта Ви? Работите ли изключително дълги дни "
                "за малко или никакво заплащане? Трябва ли да изплащате дълг на човека, "
                "който Ви е уредил работата? Потърсете помощ. Не сте сами."
            ),
            "route_heading": "Къде да потърсите помощ в {municipality}",
        },
    },
}


def texts_for(template: str, language: str, municipality: str) -> dict[str, str]:
    """Every word of one template in one language, ``{municipality}`` filled in.

    Raises KeyError for a template or language combination that does not exist;
    callers check ``TEMPLATE_LANGUAGES`` first to give a clear message.
    """
    words = {**COMMON[language], **TEMPLATE_TEXTS[template][language]}
    words["route_heading"] = words["route_heading"].format(municipality=municipality)
    words["slogan"] = SLOGANS[language]
    return words
