"""All public figures, grouped as the pages show them, kept per data version.

The figures of the directory, the campaign register and the survey do not
depend on any question, so they are computed together once per data version
and language (cache.py); the reports over time depend on the filters and are
kept per cleaned selection.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from trafficking.directory.catalogue import current_catalogue

from . import cache
from .campaign_figures import campaign_figures
from .directory_figures import directory_figures
from .figure import Figure
from .report_figures import ReportFigures, Selection, report_figures
from .survey_figures import survey_figures


@dataclass(frozen=True)
class Group:
    slug: str  # in the URL: /inzichten/<slug>/
    title: str | Promise  # translated when shown
    intro: str | Promise
    keys: tuple[str, ...]


GROUPS = (
    Group(
        "meldpunten",
        _("Meldpunten"),
        _("Waar kun je mensenhandel melden, voor wie en hoe wordt een melding opgevolgd?"),
        (
            "reporting-points-by-scale",
            "reporting-points-by-province",
            "reporting-points-by-audience",
            "reporting-points-by-form",
            "report-sources",
            "reporting-methods",
            "follow-up",
            "survey-reporting-methods",
            "survey-follow-up",
        ),
    ),
    Group(
        "kenniscentra",
        _("Kenniscentra"),
        _("Waar vind je kennis over mensenhandel en hoe bieden kenniscentra die aan?"),
        (
            "knowledge-centres-by-scale",
            "knowledge-centres-by-province",
            "knowledge-centres-by-audience",
            "knowledge-activities",
            "survey-knowledge-activities",
        ),
    ),
    Group(
        "campagnes",
        _("Campagnes"),
        _("Bewustwordingscampagnes: vormen, doelgroepen, doelen, kosten en looptijd."),
        (
            "campaigns-by-form",
            "campaigns-by-audience",
            "campaigns-by-call-to-action",
            "campaigns-by-duration",
            "survey-campaign-organisations",
            "survey-campaign-forms",
            "survey-campaign-audiences",
            "survey-campaign-goals",
            "survey-campaign-cost",
            "survey-campaign-duration",
        ),
    ),
)


def compute_figures(today: date) -> dict[str, Figure]:
    """Every figure but the reports over time, freshly computed (benchmarks, cache misses)."""
    figures = [
        *directory_figures(current_catalogue(), today),
        *campaign_figures(today),
        *survey_figures(today),
    ]
    return {figure.key: figure for figure in figures}


def all_figures(today: date) -> dict[str, Figure]:
    """Every figure but the reports over time, kept per data version and language."""
    return cache.cached("figures", "", today, lambda: compute_figures(today))


def group(slug: str) -> Group | None:
    return next((g for g in GROUPS if g.slug == slug), None)


def group_of(key: str) -> Group | None:
    return next((g for g in GROUPS if key in g.keys), None)


def public_reports(selection: Selection, today: date) -> ReportFigures:
    """The reports over time as the public sees them, kept per cleaned selection."""
    return cache.cached(
        "reports",
        selection.key(),
        today,
        lambda: report_figures(selection, today=today, gazetteer=current_catalogue().gazetteer),
    )


def staff_reports(selection: Selection, today: date) -> ReportFigures:
    """Exact counts for staff: built per request, never kept in the public cache."""
    return report_figures(
        selection, today=today, gazetteer=current_catalogue().gazetteer, exact=True
    )


def find_figure(key: str, today: date, selection: Selection | None = None) -> Figure | None:
    """A figure by key; the reports-over-time figures of ``selection`` (public;
    default: the whole country, the last 52 weeks)."""
    figures = all_figures(today)
    if key in figures:
        return figures[key]
    if key.startswith("reports-"):
        found = public_reports(selection or Selection(), today)
        return next((f for f in found.figures if f.key == key), None)
    return next((figure for figure, _svg in maps(today) if figure.key == key), None)


def maps(today: date) -> list:
    """The map figures with their SVG (map_figures.py), kept like the others; [] while
    that module is missing, so the rest of the insights never depends on it."""
    try:
        from .map_figures import map_figures
    except ImportError:
        return []
    return cache.cached("maps", "", today, lambda: list(map_figures(today)))
