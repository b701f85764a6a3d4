"""The report's figures 7 to 11 from the live directory.

Reporting points and knowledge centres are the active organisations counted
in the inventory (``in_inventory``), as the report counted them; their scale
comes from ``reporting_scale``/``knowledge_scale`` and their provinces from
their service areas (the worker's directory snapshot, which already expanded
every area into municipalities). Organisations are public, so these counts
are not suppressed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

from django.db.models import TextChoices
from django.utils.translation import gettext as _

from trafficking.directory.catalogue import Catalogue, OrgInfo
from trafficking.directory.constants import (
    Audience,
    FollowUpAction,
    Form,
    KnowledgeActivity,
    ReportingMethod,
    ReportSource,
    Scale,
)
from trafficking.directory.models import Organisation

from .figure import Figure


def _source() -> str:
    return _("Wegwijzer mensenhandel: de organisaties in de wegwijzer")


def _count_figure(
    *,
    key: str,
    title: str,
    summary: str,
    rows: Iterable[tuple[str, str, int]],
    as_of: date,
    denominator: int | None,
    column: str,
) -> Figure:
    listed = list(rows)
    shares = denominator is not None
    columns = (column, _("Aandeel (%)")) if shares else (column,)
    return Figure(
        key=key,
        title=title,
        summary=summary,
        columns=columns,
        rows=tuple(
            (label, (count, _percent(count, denominator)) if shares else (count,))
            for _key, label, count in listed
        ),
        row_keys=tuple(row_key for row_key, _label, _count in listed),
        source=_source(),
        as_of=as_of,
        denominator=denominator,
    )


def _percent(count: int, whole: int | None) -> float | None:
    if not whole:
        return None
    return round(100 * count / whole, 1)


def _by_choice(
    organisations: list[dict], field: str, choices: type[TextChoices]
) -> tuple[list[tuple[str, str, int]], int]:
    """Per option, how many organisations chose it, over those that said anything."""
    said = [set(org[field] or ()) for org in organisations if org[field]]
    counts = Counter(value for values in said for value in values)
    rows = [(value, str(label), counts[value]) for value, label in choices.choices]
    return rows, len(said)


def _provinces_of(org: OrgInfo, catalogue: Catalogue) -> set[str]:
    places = catalogue.gazetteer.places
    return {places[code].province_code for code in org.municipalities or () if code in places}


def _province_names(catalogue: Catalogue) -> list[tuple[str, str]]:
    names = {p.province_code: p.province for p in catalogue.gazetteer.places.values()}
    return sorted(names.items(), key=lambda item: item[1])


def _ranked_summary(title: str, rows: list[tuple[str, str, int]], n: int | None) -> str:
    top = max(rows, key=lambda row: row[2], default=None)
    if top is None or not top[2]:
        return _("Er zijn nog geen gegevens voor: %(title)s.") % {"title": title.lower()}
    if n:
        return _("Het meest genoemd: %(label)s (%(count)s van %(n)s organisaties).") % {
            "label": top[1],
            "count": top[2],
            "n": n,
        }
    return _("De grootste groep: %(label)s (%(count)s).") % {
        "label": top[1],
        "count": top[2],
    }


def directory_figures(catalogue: Catalogue, as_of: date) -> list[Figure]:
    """Figures 7-11 of the report and their companions, in the request's language."""
    counted = [org for org in catalogue.organisations.values() if org.in_inventory]
    points = [org for org in counted if org.is_reporting_point]
    centres = [org for org in counted if org.is_knowledge_centre]
    slugs = {org.slug for org in counted}
    survey_fields = list(
        Organisation.objects.active()
        .filter(slug__in=slugs)
        .values(
            "slug", "kind", "report_sources", "reporting_methods", "follow_up",
            "knowledge_activities",
        )
    )  # fmt: skip
    point_slugs = {org.slug for org in points}
    centre_slugs = {org.slug for org in centres}
    point_fields = [row for row in survey_fields if row["slug"] in point_slugs]
    centre_fields = [row for row in survey_fields if row["slug"] in centre_slugs]
    figures = [
        _scale_figure(
            key="reporting-points-by-scale",
            title=_("Landelijke en regionale meldpunten"),
            orgs=points,
            scale_of=lambda org: org.reporting_scale,
            as_of=as_of,
        ),
        _province_figure(
            key="reporting-points-by-province",
            title=_("Regionale meldpunten per provincie"),
            orgs=[o for o in points if o.reporting_scale != Scale.NATIONAL and not o.national],
            catalogue=catalogue,
            as_of=as_of,
        ),
        _list_figure(
            key="reporting-points-by-audience",
            title=_("Meldpunten per doelgroep"),
            orgs=points,
            values_of=lambda org: org.audiences,
            choices=Audience,
            as_of=as_of,
        ),
        _list_figure(
            key="reporting-points-by-form",
            title=_("Meldpunten per vorm van uitbuiting"),
            orgs=points,
            values_of=lambda org: org.forms,
            choices=Form,
            as_of=as_of,
        ),
    ]
    for key, title, rows_of, choices in (
        ("report-sources", _("Herkomst van meldingen bij meldpunten"), point_fields, ReportSource),
        ("reporting-methods", _("Manieren van melden bij meldpunten"), point_fields,
         ReportingMethod),
        ("follow-up", _("Opvolging van een melding door meldpunten"), point_fields,
         FollowUpAction),
        ("knowledge-activities", _("Manieren waarop kenniscentra kennis aanbieden"),
         centre_fields, KnowledgeActivity),
    ):  # fmt: skip
        field = {
            "report-sources": "report_sources",
            "reporting-methods": "reporting_methods",
            "follow-up": "follow_up",
            "knowledge-activities": "knowledge_activities",
        }[key]
        rows, n = _by_choice(rows_of, field, choices)
        figures.append(
            _count_figure(
                key=key,
                title=title,
                summary=_ranked_summary(title, rows, n),
                rows=rows,
                as_of=as_of,
                denominator=n,
                column=_("Organisaties"),
            )
        )
    figures += [
        _scale_figure(
            key="knowledge-centres-by-scale",
            title=_("Landelijke en regionale kenniscentra"),
            orgs=centres,
            scale_of=lambda org: org.knowledge_scale,
            as_of=as_of,
        ),
        _province_figure(
            key="knowledge-centres-by-province",
            title=_("Regionale kenniscentra per provincie"),
            orgs=[o for o in centres if o.knowledge_scale != Scale.NATIONAL and not o.national],
            catalogue=catalogue,
            as_of=as_of,
        ),
        _list_figure(
            key="knowledge-centres-by-audience",
            title=_("Kenniscentra per doelgroep"),
            orgs=centres,
            values_of=lambda org: org.audiences,
            choices=Audience,
            as_of=as_of,
        ),
    ]
    return figures


def _scale_figure(*, key, title, orgs, scale_of, as_of) -> Figure:
    counts = Counter(scale_of(org) or "" for org in orgs)
    rows = [(value, str(label), counts[value]) for value, label in Scale.choices]
    if counts[""]:
        rows.append(("", _("Niet bekend"), counts[""]))
    return _count_figure(
        key=key,
        title=title,
        summary=_(
            "%(national)s landelijk, %(regional)s regionaal en %(local)s lokaal, "
            "van %(n)s in totaal."
        )
        % {
            "national": counts[Scale.NATIONAL],
            "regional": counts[Scale.REGIONAL],
            "local": counts[Scale.LOCAL],
            "n": len(orgs),
        },
        rows=rows,
        as_of=as_of,
        denominator=len(orgs),
        column=_("Organisaties"),
    )


def _province_figure(*, key, title, orgs, catalogue, as_of) -> Figure:
    counts: Counter[str] = Counter()
    for org in orgs:
        counts.update(_provinces_of(org, catalogue))
    rows = [(code, name, counts[code]) for code, name in _province_names(catalogue)]
    return _count_figure(
        key=key,
        title=title,
        summary=_ranked_summary(title, rows, None)
        + " "
        + _("Een organisatie die in meer provincies werkt, telt in elk daarvan."),
        rows=rows,
        as_of=as_of,
        denominator=None,
        column=_("Organisaties"),
    )


def _list_figure(*, key, title, orgs, values_of, choices, as_of) -> Figure:
    counts = Counter(value for org in orgs for value in values_of(org))
    rows = [(value, str(label), counts[value]) for value, label in choices.choices]
    return _count_figure(
        key=key,
        title=title,
        summary=_ranked_summary(title, rows, len(orgs)),
        rows=rows,
        as_of=as_of,
        denominator=len(orgs),
        column=_("Organisaties"),
    )
