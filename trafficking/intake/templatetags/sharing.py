"""A partner's sharing category next to the report's consents, for staff
choosing where to forward, so they see before they click whether the reporter
allowed it and whether the reporter's contact details would go along.

    {% load sharing %}{{ org.sharing_category|sharing_status:report }}
"""

from django import template
from django.utils.translation import gettext as _

from trafficking.directory.constants import SharingCategory
from trafficking.reports import forwarding

register = template.Library()


def category_label(category: str) -> str:
    if category in SharingCategory.values:
        return str(SharingCategory(category).label)
    return _("geen deelcategorie")


@register.filter
def consent_covers(category: str, report) -> bool:
    return forwarding.consent_covers(report, category)


@register.filter
def sharing_status(category: str, report) -> str:
    """The category and what a forward to it would rest on, in a few words."""
    label = category_label(category)
    if forwarding.consent_covers(report, category):
        if report.consent_contact:
            status = _("toestemming gegeven, met contactgegevens van de melder")
        else:
            status = _("toestemming gegeven, zonder contactgegevens")
    elif forwarding.consent_needed(category) is None:
        status = _("geen toestemming mogelijk; alleen met vier ogen")
    else:
        status = _("geen toestemming; alleen met vier ogen")
    return f"{label}: {status}"
