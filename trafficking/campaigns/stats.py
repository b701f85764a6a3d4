"""The register's figures, computed from the database (sections 2.1-2.3 of the report)."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count

from .constants import CampaignList, forms_key
from .models import Campaign

# A B.1 campaign whose forms nobody recorded (forms None); the file has none.
UNKNOWN_FORMS = "unknown"


def percent(part: int, whole: int) -> int:
    """Whole-number percentage, halves rounded up as the report does (not to even)."""
    if not whole:
        return 0
    return (200 * part + whole) // (2 * whole)


def _ranked(counter: Counter) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda item: (-item[1], item[0])))


def campaign_stats() -> dict:
    """The report's campaign figures from the active campaigns in the register.

    ``total`` counts every active campaign (registered ones too);
    ``online_search`` and ``named_by_respondents`` count appendices B.1 and
    B.2. ``forms_online``, ``audiences_online`` and ``multi_sender_online``
    describe the B.1 campaigns, the only ones with details. ``percent`` gives
    the shares the report prints: forms and several senders as a share of
    the B.1 campaigns, audiences as a share of all audience mentions (a
    campaign may name several; the report's seven shares add up to 100).
    """
    active = Campaign.objects.active()
    per_list = Counter(active.values_list("origin", flat=True))
    online = list(
        active.online_search()
        .annotate(sender_count=Count("senders"))
        .values_list("forms", "audiences", "sender_count")
    )
    forms = Counter(forms_key(f) or UNKNOWN_FORMS for f, _a, _s in online)
    audiences = Counter(audience for _f, a, _s in online for audience in a or [])
    multi_sender = sum(1 for _f, _a, senders in online if senders > 1)
    n_online = len(online)
    mentions = sum(audiences.values())
    return {
        # The report's figure: the two lists of the inventory. Campaigns that
        # organisations registered since are counted apart.
        "total": per_list[CampaignList.ONLINE_SEARCH] + per_list[CampaignList.NAMED_BY_RESPONDENTS],
        "registered": per_list[CampaignList.REGISTERED],
        "online_search": per_list[CampaignList.ONLINE_SEARCH],
        "named_by_respondents": per_list[CampaignList.NAMED_BY_RESPONDENTS],
        "forms_online": _ranked(forms),
        "audiences_online": _ranked(audiences),
        "multi_sender_online": multi_sender,
        "percent": {
            "forms_online": {k: percent(v, n_online) for k, v in _ranked(forms).items()},
            "audiences_online": {k: percent(v, mentions) for k, v in _ranked(audiences).items()},
            "multi_sender_online": percent(multi_sender, n_online),
        },
    }
