"""Deployment checks (``manage.py check --deploy`` and every start-up)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def client_address_behind_proxy(app_configs, **kwargs):
    # Behind the reverse proxy every request comes from the proxy's address:
    # without the header, all visitors share one rate-limit budget, so one
    # person could make the reporting point refuse everyone.
    if settings.PRODUCTION and not settings.CLIENT_IP_HEADER:
        return [
            Warning(
                "CLIENT_IP_HEADER is not set: behind a reverse proxy every visitor shares one "
                "rate-limit budget (receipt checks, submissions).",
                hint="Set CLIENT_IP_HEADER to the header the proxy sets, e.g. X-Forwarded-For.",
                id="core.W001",
            )
        ]
    return []
