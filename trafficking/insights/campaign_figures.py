"""The campaign register's figures: public campaigns by form, audience, call to
action and duration (section 2 of the report, from the live register).

Only campaigns anyone may see count (``Campaign.objects.active()``: active
and published). Campaigns are public, so nothing is suppressed.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.utils.translation import gettext as _

from trafficking.campaigns.constants import GENERAL, CallToAction, CampaignAudience, Form
from trafficking.campaigns.models import Campaign

from .figure import Figure

# Duration classes as the questionnaire asks them (q25), read from the dates.
DAYS, WEEKS, MONTHS, HALF_YEAR, NO_END, UNKNOWN = (
    "days", "weeks", "months", "half_year", "no_end", "unknown",
)  # fmt: skip


def duration_class(starts_on: date | None, ends_on: date | None, ongoing: bool) -> str:
    """q25's classes from a campaign's dates: a few days (< 2 weeks), weeks (< 2
    months), months (< half a year), half a year or longer, no end, unknown."""
    if ends_on is None:
        return NO_END if ongoing or starts_on is not None else UNKNOWN
    if starts_on is None:
        return UNKNOWN
    days = (ends_on - starts_on).days + 1
    if days < 14:
        return DAYS
    if days < 61:
        return WEEKS
    if days < 183:
        return MONTHS
    return HALF_YEAR


def _figure(key, title, rows, n, as_of) -> Figure:
    top = max(rows, key=lambda row: row[2], default=None)
    if n and top is not None and top[2]:
        summary = _("Van de %(n)s campagnes in het register: het vaakst %(label)s (%(count)s).") % {
            "n": n,
            "label": top[1],
            "count": top[2],
        }
    else:
        summary = _("Het register heeft hier nog geen campagnes voor.")
    return Figure(
        key=key,
        title=title,
        summary=summary,
        columns=(_("Campagnes"), _("Aandeel (%)")),
        rows=tuple(
            (label, (count, round(100 * count / n, 1) if n else None)) for _k, label, count in rows
        ),
        row_keys=tuple(k for k, _label, _count in rows),
        source=_("Campagneregister van de Wegwijzer mensenhandel (openbare campagnes)"),
        as_of=as_of,
        denominator=n,
    )


def campaign_figures(as_of: date) -> list[Figure]:
    rows = list(
        Campaign.objects.active().values_list(
            "forms", "audiences", "call_to_action", "starts_on", "ends_on", "ongoing"
        )
    )
    n = len(rows)
    forms: Counter[str] = Counter()
    for campaign_forms, *_rest in rows:
        if campaign_forms is None:
            forms["unknown"] += 1
        elif not campaign_forms:
            forms[GENERAL] += 1
        for form in campaign_forms or ():
            forms[form] += 1
    form_rows = [(GENERAL, _("Mensenhandel in het algemeen"), forms[GENERAL])]
    form_rows += [(value, str(label), forms[value]) for value, label in Form.choices]
    if forms["unknown"]:
        form_rows.append(("unknown", _("Niet bekend"), forms["unknown"]))
    audiences = Counter(a for _f, audiences, *_r in rows for a in audiences or ())
    actions = Counter(action for _f, _a, action, *_r in rows if action)
    durations = Counter(duration_class(s, e, o) for *_x, s, e, o in rows)
    duration_labels = [
        (DAYS, _("Een aantal dagen")),
        (WEEKS, _("Een aantal weken")),
        (MONTHS, _("Een aantal maanden")),
        (HALF_YEAR, _("Een halfjaar of langer")),
        (NO_END, _("Geen eindmoment")),
        (UNKNOWN, _("Niet bekend")),
    ]
    return [
        _figure("campaigns-by-form", _("Campagnes per vorm van uitbuiting"), form_rows, n, as_of),
        _figure(
            "campaigns-by-audience",
            _("Campagnes per doelgroep"),
            [(v, str(label), audiences[v]) for v, label in CampaignAudience.choices],
            n,
            as_of,
        ),
        _figure(
            "campaigns-by-call-to-action",
            _("Campagnes per handelingsperspectief"),
            [(v, str(label), actions[v]) for v, label in CallToAction.choices],
            n,
            as_of,
        ),
        _figure(
            "campaigns-by-duration",
            _("Looptijd van campagnes"),
            [(k, str(label), durations[k]) for k, label in duration_labels],
            n,
            as_of,
        ),
    ]
