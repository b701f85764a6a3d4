"""The factsheet: the key figures typeset as an A4 PDF by typst (issue 13, point 5).

Made the way the campaign posters are (campaigns/posters.py): the same typst
package, the same fonts (DejaVu Sans from the posters' font directories,
scanned once per process), the same lock around the compiler. Everything
variable reaches typst as data: ``factsheet_data`` resolves every word and
number in Python and the template reads them with
``json(bytes(sys.inputs.data))``. Typst shows a string as text, so a campaign
called ``#set page(width: 1cm)`` or ``*[<script>]*`` is printed as written and
cannot change the layout or read a file.

Why a table of texts and not gettext, as for the posters: the factsheet is
made in a language other than the visitor's by the monthly command, and
handing typst one finished dictionary keeps the template free of
translation logic. The labels of forms, scales and audiences are the site's
own (gettext, under ``translation.override``), so the factsheet and the
insights pages name them alike; survey options come from the questionnaire
file in the language asked.

The PDF is tagged PDF/UA-1: title and language set, headings and tables
tagged, so a screen reader can read it.
"""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import typst
from django.utils import formats, translation

from trafficking.campaigns.constants import GENERAL, CampaignAudience

# One font set and one compiler lock for every typst document of the site.
from trafficking.campaigns.posters import typst_fonts, typst_lock
from trafficking.directory.constants import Form, Scale
from trafficking.surveys.definition import Questionnaire, load_version

from .key_figures import Counted, KeyFigures, PublicCount
from .suppression import WITHHELD

TEMPLATE_DIR = Path(__file__).parent / "factsheet_templates"
TEMPLATE = TEMPLATE_DIR / "factsheet.typ"
LANGUAGES = ("nl", "en")
MAX_NAME = 200

TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Factsheet meldpunten, kenniscentra en bewustwordingscampagnes mensenhandel",
        "subtitle": "Kerncijfers uit de wegwijzer, het campagneregister, de "
        "inventarisatie-enquête en het meldpunt",
        "as_of": "Stand van {date}",
        "tile_reporting": "meldpunten",
        "tile_knowledge": "kenniscentra",
        "tile_campaigns": "campagnes in het register",
        "tile_respondents": "ingevulde enquêtes",
        "tile_reports": "meldingen in 52 weken",
        "directory_heading": "Meldpunten en kenniscentra",
        "directory_lead": "Er zijn {reporting} meldpunten en {knowledge} kenniscentra voor "
        "mensenhandel in Nederland.",
        "directory_caption": "Meldpunten en kenniscentra naar schaal",
        "reporting_points": "Meldpunten",
        "knowledge_centres": "Kenniscentra",
        "scale_unknown": "Onbekend",
        "directory_note": "Geteld zijn de actieve organisaties van de inventarisatie in de "
        "wegwijzer. Een organisatie die meldpunt én kenniscentrum is, telt bij beide.",
        "campaigns_heading": "Bewustwordingscampagnes",
        "campaigns_lead": "Het openbare campagneregister telt {total} campagnes over mensenhandel.",
        "by_form": "Naar vorm van uitbuiting",
        "by_audience": "Naar doelgroep",
        "general": "Mensenhandel in het algemeen",
        "not_recorded": "Niet vastgelegd",
        "campaigns_note": "Een campagne over meer vormen of voor meer doelgroepen telt bij "
        "elk daarvan.",
        "recent_heading": "Laatst gepubliceerd in het register",
        "survey_heading": "Inventarisatie-enquête",
        "survey_lead": "{respondents} organisaties vulden de enquête in (vragenlijst "
        "{version}); samen beschreven zij {campaigns} campagnes.",
        "survey_none": "Er zijn nog geen ingevulde enquêtes van vragenlijst {version}.",
        "headline_q4": "{share} van de organisaties kan meldingen ontvangen (n = {n}).",
        "headline_q27": "{share} van de campagnes heeft inzicht in de resultaten (n = {n}).",
        "too_few": "te weinig antwoorden voor percentages",
        "headline_too_few": "{question}: te weinig antwoorden voor een percentage (n = {n}).",
        "answers": "n = {n}",
        "survey_note": "Percentages van wie de vraag beantwoordde; bij minder dan 5 antwoorden "
        "geen percentages. Alleen ingestuurde enquêtes die de vragenlijst volgen tellen mee.",
        "reports_heading": "Meldingen bij het meldpunt",
        "reports_lead": "{total} meldingen van {first} tot en met {last} (de laatste 52 "
        "volledige weken).",
        "reports_lead_withheld": "Meldingen van {first} tot en met {last} (de laatste 52 "
        "volledige weken). Het totaal wordt niet getoond, omdat er kleine aantallen in zitten.",
        "form_unknown": "Vorm niet bekend",
        "reports_note": "Aantallen onder 5 staan als “< 5”; “x”: niet getoond, zodat een klein "
        "aantal niet uit het totaal te berekenen is. Adviesvragen zonder melding tellen niet "
        "mee.",
        "source": "Bron: wegwijzer mensenhandel, openbaar campagneregister, "
        "inventarisatie-enquête (vragenlijst {version}) en tellingen van het meldpunt; "
        "stand van {date}.",
        "page": "Pagina",
    },
    "en": {
        "title": "Factsheet: reporting points, knowledge centres and awareness campaigns on "
        "human trafficking",
        "subtitle": "Key figures from the directory, the campaign register, the inventory "
        "survey and the reporting point",
        "as_of": "Figures as of {date}",
        "tile_reporting": "reporting points",
        "tile_knowledge": "knowledge centres",
        "tile_campaigns": "campaigns in the register",
        "tile_respondents": "completed surveys",
        "tile_reports": "reports in 52 weeks",
        "directory_heading": "Reporting points and knowledge centres",
        "directory_lead": "There are {reporting} reporting points and {knowledge} knowledge "
        "centres for human trafficking in the Netherlands.",
        "directory_caption": "Reporting points and knowledge centres by scale",
        "reporting_points": "Reporting points",
        "knowledge_centres": "Knowledge centres",
        "scale_unknown": "Unknown",
        "directory_note": "Counted are the active organisations of the inventory in the "
        "directory. An organisation that is both a reporting point and a knowledge centre "
        "counts in both.",
        "campaigns_heading": "Awareness campaigns",
        "campaigns_lead": "The public campaign register holds {total} campaigns on human "
        "trafficking.",
        "by_form": "By form of exploitation",
        "by_audience": "By target group",
        "general": "Human trafficking in general",
        "not_recorded": "Not recorded",
        "campaigns_note": "A campaign about several forms or for several target groups counts "
        "in each of them.",
        "recent_heading": "Most recently published in the register",
        "survey_heading": "Inventory survey",
        "survey_lead": "{respondents} organisations completed the survey (questionnaire "
        "{version}); together they described {campaigns} campaigns.",
        "survey_none": "No completed surveys of questionnaire {version} yet.",
        "headline_q4": "{share} of the organisations can receive reports (n = {n}).",
        "headline_q27": "{share} of the campaigns have insight into their results (n = {n}).",
        "too_few": "too few answers for percentages",
        "headline_too_few": "{question}: too few answers for a percentage (n = {n}).",
        "answers": "n = {n}",
        "survey_note": "Percentages of those who answered the question; no percentages below "
        "5 answers. Only submitted surveys that follow the questionnaire are counted.",
        "reports_heading": "Reports to the reporting point",
        "reports_lead": "{total} reports from {first} to {last} (the last 52 full weeks).",
        "reports_lead_withheld": "Reports from {first} to {last} (the last 52 full weeks). "
        "The total is not shown because it includes small counts.",
        "form_unknown": "Form not known",
        "reports_note": "Counts under 5 are shown as “< 5”; “x”: not shown, so that a small "
        "count cannot be worked out from the total. Questions for advice without a report "
        "are not counted.",
        "source": "Source: human trafficking directory, public campaign register, inventory "
        "survey (questionnaire {version}) and the reporting point's counts; figures as of "
        "{date}.",
        "page": "Page",
    },
}


def factsheet_language(language: str | None) -> str:
    """Dutch for Dutch, English for every other language of the site."""
    return "nl" if (language or "").lower().startswith("nl") else "en"


def _number(value: PublicCount) -> str:
    return value if isinstance(value, str) else formats.number_format(value, force_grouping=True)


def _percent(share: float) -> str:
    whole = (Decimal(str(share)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{whole}%"


def _day(value: date) -> str:
    return formats.date_format(value, "j F Y")


def _name(value: str) -> str:
    """One line of at most MAX_NAME characters, whatever an organisation typed.

    Control characters and lone surrogates go: typst would print the first as
    nothing useful, and the second cannot even be handed to it.
    """
    kept = "".join(c for c in str(value) if unicodedata.category(c) not in ("Cc", "Cs"))
    text = " ".join(kept.split())
    return text if len(text) <= MAX_NAME else text[: MAX_NAME - 1] + "…"


def _bars(rows: tuple[Counted, ...], label) -> list[dict[str, object]]:
    """Rows of a bar chart: the label, the printed value and the bar's length (0 to 1)."""
    counts = [row.count for row in rows if isinstance(row.count, int)]
    largest = max(counts, default=0)
    return [
        {
            "label": label(row.key),
            "value": _number(row.count),
            "ratio": row.count / largest if isinstance(row.count, int) and largest else 0,
        }
        for row in rows
    ]


def _option_label(questionnaire: Questionnaire, key: str, letter: str, language: str) -> str:
    option = questionnaire.question(key).option(letter)
    text = option.label.get(language) if option else None
    return (text or letter).strip().rstrip(".").strip()


def _question_text(questionnaire: Questionnaire, key: str, language: str) -> str:
    return (questionnaire.question(key).text.get(language) or key).strip()


def _survey(figures: KeyFigures, texts: dict[str, str], language: str) -> dict[str, object]:
    survey = figures.survey
    questionnaire = load_version(survey.version)
    if survey.respondents:
        lead = texts["survey_lead"].format(
            respondents=_number(survey.respondents),
            version=survey.version,
            campaigns=_number(survey.campaigns),
        )
    else:
        lead = texts["survey_none"].format(version=survey.version)
    headlines = []
    for share in survey.headlines:
        if share.share is None:
            question = _question_text(questionnaire, share.question, language)
            headlines.append(texts["headline_too_few"].format(question=question, n=share.n))
        else:
            headlines.append(
                texts[f"headline_{share.question}"].format(
                    share=_percent(share.share), n=_number(share.n)
                )
            )
    groups = []
    for distribution in survey.distributions:
        shown = all(value is not None for _letter, value in distribution.options)
        groups.append(
            {
                "title": _question_text(questionnaire, distribution.question, language),
                "n": texts["answers"].format(n=_number(distribution.n)),
                "too_few": "" if shown and distribution.n else texts["too_few"],
                "bars": [
                    {
                        "label": _option_label(
                            questionnaire, distribution.question, letter, language
                        ),
                        "value": _percent(value) if value is not None else "–",
                        "ratio": value or 0,
                    }
                    for letter, value in distribution.options
                ]
                if shown and distribution.n
                else [],
            }
        )
    return {
        "heading": texts["survey_heading"],
        "lead": lead,
        "headlines": headlines if survey.respondents else [],
        "groups": groups if survey.respondents else [],
        "note": texts["survey_note"],
    }


def factsheet_data(figures: KeyFigures, language: str) -> dict[str, object]:
    """Every word and number the template prints, in ``language`` ("nl" or "en")."""
    if language not in LANGUAGES:
        raise ValueError(f"The factsheet exists in {', '.join(LANGUAGES)}, not in {language!r}.")
    texts = TEXTS[language]
    with translation.override(language):
        directory, campaigns, reports = figures.directory, figures.campaigns, figures.reports
        as_of = _day(figures.as_of)

        def scale(key: str) -> str:
            return str(Scale(key).label) if key in Scale.values else texts["scale_unknown"]

        def campaign_form(key: str) -> str:
            if key == GENERAL:
                return texts["general"]
            return str(Form(key).label) if key in Form.values else texts["not_recorded"]

        def audience(key: str) -> str:
            if key in CampaignAudience.values:
                return str(CampaignAudience(key).label)
            return texts["not_recorded"]

        def report_form(key: str) -> str:
            return str(Form(key).label) if key in Form.values else texts["form_unknown"]

        scales = [row.key for row in directory.reporting_by_scale]
        scales += [row.key for row in directory.knowledge_by_scale if row.key not in scales]

        def scale_row(label: str, rows: tuple[Counted, ...]) -> list[str]:
            by_key = {row.key: row.count for row in rows}
            return [label, *(_number(by_key.get(key, 0)) for key in scales)]

        return {
            "language": language,
            "title": texts["title"],
            "subtitle": texts["subtitle"],
            "as_of": texts["as_of"].format(date=as_of),
            "page": texts["page"],
            "tiles": [
                {"value": _number(directory.reporting_points), "label": texts["tile_reporting"]},
                {"value": _number(directory.knowledge_centres), "label": texts["tile_knowledge"]},
                {"value": _number(campaigns.total), "label": texts["tile_campaigns"]},
                {"value": _number(figures.survey.respondents), "label": texts["tile_respondents"]},
                # A withheld total ("x") says nothing on its own: no tile then.
                *(
                    [{"value": _number(reports.total), "label": texts["tile_reports"]}]
                    if reports.total != WITHHELD
                    else []
                ),
            ],
            "directory": {
                "heading": texts["directory_heading"],
                "lead": texts["directory_lead"].format(
                    reporting=_number(directory.reporting_points),
                    knowledge=_number(directory.knowledge_centres),
                ),
                "caption": texts["directory_caption"],
                "header": ["", *(scale(key) for key in scales)],
                "rows": [
                    scale_row(texts["reporting_points"], directory.reporting_by_scale),
                    scale_row(texts["knowledge_centres"], directory.knowledge_by_scale),
                ],
                "note": texts["directory_note"],
            },
            "campaigns": {
                "heading": texts["campaigns_heading"],
                "lead": texts["campaigns_lead"].format(total=_number(campaigns.total)),
                "groups": [
                    {"title": texts["by_form"], "bars": _bars(campaigns.by_form, campaign_form)},
                    {"title": texts["by_audience"], "bars": _bars(campaigns.by_audience, audience)},
                ],
                "note": texts["campaigns_note"],
                "recent_heading": texts["recent_heading"],
                "recent": [_name(name) for name in campaigns.recent],
            },
            "survey": _survey(figures, texts, language),
            "reports": {
                "heading": texts["reports_heading"],
                "lead": texts[
                    "reports_lead_withheld" if reports.total == WITHHELD else "reports_lead"
                ].format(
                    total=_number(reports.total), first=_day(reports.first), last=_day(reports.last)
                ),
                # A year too small to break down shows its "< 5" total only.
                "groups": [{"title": texts["by_form"], "bars": _bars(reports.by_form, report_form)}]
                if reports.by_form
                else [],
                "note": texts["reports_note"],
            },
            "source": texts["source"].format(version=figures.survey.version, date=as_of),
        }


def render_factsheet(figures: KeyFigures, language: str) -> bytes:
    """The factsheet as PDF bytes. Pure: the same figures give the same document."""
    data = factsheet_data(figures, language)
    compiler = typst.Compiler(
        root=str(TEMPLATE_DIR), font_paths=typst_fonts(), ignore_system_fonts=True
    )
    # The creation date is the date of the data, so the output is reproducible.
    created = datetime(figures.as_of.year, figures.as_of.month, figures.as_of.day, tzinfo=UTC)
    with typst_lock:
        pdf = compiler.compile(
            str(TEMPLATE),
            format="pdf",
            sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
            timestamp=int(created.timestamp()),
            pdf_standards="ua-1",
        )
    assert isinstance(pdf, bytes)
    return pdf


def download_name(as_of: date, language: str) -> str:
    """ "factsheet-mensenhandel-2026-11-30-nl.pdf": the date of the data and the language."""
    return f"factsheet-mensenhandel-{as_of.isoformat()}-{language}.pdf"


def monthly_name(as_of: date, language: str) -> str:
    """ "factsheet-2026-11-nl.pdf": the monthly command's file for a month."""
    return f"factsheet-{as_of:%Y-%m}-{language}.pdf"
