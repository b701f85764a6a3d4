"""The question behind "Materiaal voor je regio": which material, language, place and sender."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from trafficking.directory.fields import MunicipalityField, MunicipalityForm

from .links import find_link
from .poster_texts import TEMPLATE_LANGUAGES
from .posters import MAX_LINK_LENGTH, MAX_ORGANISATION_NAME

TEMPLATE_CHOICES = [
    ("citizens", _("Poster voor burgers (A4; Nederlands, Engels)")),
    ("professionals", _("Zakkaart met signalen voor professionals (A6; Nederlands, Engels)")),
    (
        "workers",
        _("Poster voor werkenden (A4; Nederlands, Engels, Pools, Roemeens, Bulgaars)"),
    ),
]

# Each language under its own name, as the language menu shows it.
_LANGUAGE_NAMES = dict(settings.LANGUAGES)
LANGUAGE_CHOICES = [
    (code, _LANGUAGE_NAMES.get(code, code)) for code in TEMPLATE_LANGUAGES["workers"]
]


def _has_control_characters(text: str) -> bool:
    return any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in text)


_CAMPAIGN_PATH = re.compile(r"/c/([A-Za-z0-9_-]{1,32})/?")


class PosterForm(MunicipalityForm):
    template = forms.ChoiceField(
        label=_("Welk materiaal?"), choices=TEMPLATE_CHOICES, widget=forms.RadioSelect
    )
    language = forms.ChoiceField(label=_("In welke taal?"), choices=LANGUAGE_CHOICES, initial="nl")
    municipality = MunicipalityField(
        label=_("Voor welke gemeente?"),
        help_text=_("Naam van de gemeente of de CBS-code, bijvoorbeeld Zwolle of GM0193."),
    )
    organisation = forms.CharField(
        label=_("Naam van uw organisatie"),
        help_text=_("Komt op het materiaal te staan als afzender."),
        max_length=MAX_ORGANISATION_NAME,
    )
    link = forms.URLField(
        label=_("Link achter de QR-code (niet verplicht)"),
        help_text=_(
            "Bijvoorbeeld de campagnelink van uw campagne. Leeg: de wegwijzer van deze site."
        ),
        max_length=MAX_LINK_LENGTH,
        required=False,
        assume_scheme="https",
    )

    def clean_organisation(self) -> str:
        name = " ".join(self.cleaned_data["organisation"].split())
        if _has_control_characters(name):
            raise forms.ValidationError(
                _("De naam bevat tekens die niet gedrukt kunnen worden."), code="control"
            )
        return name

    def __init__(self, *args, site_host: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # The host of this site: a QR code may only lead to one of its own
        # campaign links, so nobody can print an official-looking poster that
        # sends people somewhere else.
        self.site_host = site_host

    def clean_link(self) -> str:
        link = self.cleaned_data["link"]
        if link and not link.startswith(("https://", "http://")):
            raise forms.ValidationError(
                _("Gebruik een link die begint met https://."), code="scheme"
            )
        if link and not self._is_own_campaign_link(link):
            raise forms.ValidationError(
                _("Gebruik een campagnelink van deze site (…/c/code), of laat het veld leeg."),
                code="not_ours",
            )
        return link

    def _is_own_campaign_link(self, link: str) -> bool:
        parts = urlsplit(link)
        found = _CAMPAIGN_PATH.fullmatch(parts.path)
        return (
            parts.netloc.lower() == self.site_host.lower()
            and not parts.query
            and found is not None
            and find_link(found.group(1)) is not None
        )

    def clean(self):
        data = super().clean()
        template, language = data.get("template"), data.get("language")
        if template and language and language not in TEMPLATE_LANGUAGES[template]:
            names = ", ".join(str(_LANGUAGE_NAMES[c]) for c in TEMPLATE_LANGUAGES[template])
            self.add_error(
                "language",
                forms.ValidationError(
                    _("Dit materiaal bestaat in deze talen: %(names)s. Kies een van deze."),
                    code="language",
                    params={"names": names},
                ),
            )
        return data
