"""The source tag of a submission: which client network sent it, that day.

Hub detection in case linking must not count a flood of reports from one
client as independent evidence. The tag is a keyed hash of the client's
network (core.clients) and the calendar day, truncated to 64 bits: two
reports from the same network on the same day share it; across days it never
matches, so it cannot follow a reporter over time, and it reveals no address
to anyone without LINK_SECRET.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings

from trafficking.core.clients import client_network, keyed

TAG_LENGTH = 16


def tag_for(network: str, day: date) -> str:
    return keyed(settings.LINK_SECRET, "source", day.isoformat(), network, length=TAG_LENGTH)


def source_tag(request, day: date) -> str:
    """The tag of a request; "" when there is no request (staff, batch)."""
    if request is None:
        return ""
    return tag_for(client_network(request), day)
