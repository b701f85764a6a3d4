"""Validation of a referral question, shared by the wizard, the API and the CLI.

Every way in ends here, so a misspelt municipality or a contradiction gets the
same clear message, in the user's language, whichever door was used.
"""

from __future__ import annotations

from typing import cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from trafficking.geography.gazetteer import Gazetteer

from .constants import ABROAD, FORM_CHOICES, UNKNOWN, Audience, Form, Kind, Need, Role, Scale
from .fields import MunicipalityField, MunicipalityForm, StrictBooleanField
from .routing import Situation
from .selectors import DirectoryFilter

# Languages a person may prefer to be helped in: those the site speaks, and a
# few more a helpline may speak (each channel lists its languages).
PREFERRED_LANGUAGES = [
    *settings.LANGUAGES,
    ("de", "Deutsch"),
    ("fr", "Français"),
    ("es", "Español"),
    ("pt", "Português"),
    ("tr", "Türkçe"),
]


class SituationForm(MunicipalityForm):
    role = forms.ChoiceField(label=_("Wie bent u?"), choices=Role.choices, required=False)
    form = forms.ChoiceField(
        label=_("Om welke vorm van uitbuiting gaat het?"), choices=FORM_CHOICES, required=False
    )
    municipality = MunicipalityField(
        label=_("In welke gemeente?"),
        required=False,
        help_text=_("Naam van de gemeente of de CBS-code, bijvoorbeeld Zwolle of GM0193."),
        abroad=True,
        dont_know=(UNKNOWN, "onbekend"),
    )
    abroad = StrictBooleanField(label=_("Het gebeurt in het buitenland"), required=False)
    need = forms.ChoiceField(label=_("Wat heeft u nodig?"), choices=Need.choices, required=False)
    acute = StrictBooleanField(label=_("Is iemand nu in gevaar?"), required=False)
    minor = StrictBooleanField(label=_("Gaat het om iemand onder de 18?"), required=False)
    language = forms.ChoiceField(
        label=_("In welke taal wilt u geholpen worden?"),
        choices=PREFERRED_LANGUAGES,
        required=False,
    )

    def clean(self):
        data = super().clean()
        municipality = data.get("municipality")
        if municipality == ABROAD:
            data["abroad"] = True
            data["municipality"] = ""
        elif data.get("abroad") and municipality:
            raise forms.ValidationError(
                _(
                    "U koos een gemeente in Nederland én het buitenland. Kies één van de twee, "
                    "of laat de plaats leeg."
                ),
                code="contradiction",
            )
        return data

    def situation(self) -> Situation:
        """The validated answers as a Situation; call only when is_valid()."""
        data = self.cleaned_data
        form = data.get("form") or None
        return Situation(
            role=data.get("role") or None,
            form=None if form == UNKNOWN else form,
            municipality=data.get("municipality") or None,
            abroad=bool(data.get("abroad")),
            need=data.get("need") or None,
            acute=bool(data.get("acute")),
            minor=bool(data.get("minor")),
            language=data.get("language") or "nl",
        )


def error_payload(form: MunicipalityForm) -> dict:
    """Errors as JSON: messages per field plus close matches for a misspelt place."""
    return {
        "errors": {
            field: [str(message) for message in messages] for field, messages in form.errors.items()
        },
        "suggestions": [{"code": p.code, "name": p.name} for p in form.suggestions],
    }


class DirectoryFilterForm(MunicipalityForm):
    """Filters of the directory page and the organisations API."""

    q = forms.CharField(label=_("Zoeken"), max_length=100, required=False)
    form = forms.ChoiceField(
        label=_("Vorm van uitbuiting"),
        choices=[("", _("Alle vormen")), *Form.choices],
        required=False,
    )
    audience = forms.ChoiceField(
        label=_("Voor wie"), choices=[("", _("Iedereen")), *Audience.choices], required=False
    )
    kind = forms.ChoiceField(
        label=_("Soort"), choices=[("", _("Alle soorten")), *Kind.choices], required=False
    )
    scale = forms.ChoiceField(
        label=_("Schaal"), choices=[("", _("Alle schalen")), *Scale.choices], required=False
    )
    province = forms.ChoiceField(
        label=_("Provincie"), choices=[("", _("Alle provincies"))], required=False
    )
    municipality = MunicipalityField(label=_("Gemeente"), required=False)

    def __init__(self, *args, gazetteer: Gazetteer, **kwargs):
        super().__init__(*args, gazetteer=gazetteer, **kwargs)
        provinces = sorted(
            {(p.province_code, p.province) for p in gazetteer.places.values()},
            key=lambda item: item[1],
        )
        province = cast(forms.ChoiceField, self.fields["province"])
        province.choices = [("", _("Alle provincies")), *provinces]

    def directory_filter(self) -> DirectoryFilter:
        data = self.cleaned_data
        return DirectoryFilter(
            text=data.get("q", ""),
            form=data.get("form", ""),
            audience=data.get("audience", ""),
            kind=data.get("kind", ""),
            scale=data.get("scale", ""),
            province=data.get("province", ""),
            municipality=data.get("municipality", ""),
        )
