"""Validation of a referral question, shared by the wizard, the API and the CLI.

Every way in ends here, so a misspelt municipality or a contradiction gets the
same clear message, in the user's language, whichever door was used.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from trafficking.geography.gazetteer import (
    MAX_QUERY_LENGTH,
    Gazetteer,
    UnknownPlace,
    means_abroad,
)

from .constants import ABROAD, Audience, Form, Kind, Need, Role, Scale
from .routing import Situation
from .selectors import DirectoryFilter

UNKNOWN = "unknown"
FORM_CHOICES = [*Form.choices, (UNKNOWN, _("Weet ik niet"))]
# Languages a person may prefer to be helped in; the reporting path adds more.
PREFERRED_LANGUAGES = [
    ("nl", "Nederlands"),
    ("en", "English"),
    ("pl", "Polski"),
    ("ro", "Română"),
    ("bg", "Български"),
    ("uk", "Українська"),
    ("ar", "العربية"),
    ("de", "Deutsch"),
    ("fr", "Français"),
    ("es", "Español"),
    ("pt", "Português"),
    ("tr", "Türkçe"),
]
_TRUE = {"1", "true", "yes", "on", "ja"}
_FALSE = {"", "0", "false", "no", "off", "nee"}


def unknown_municipality(text: str, error: UnknownPlace) -> forms.ValidationError:
    """The one message for a municipality we do not know, with close matches."""
    names = ", ".join(p.name for p in error.suggestions)
    if names:
        return forms.ValidationError(
            _("We kennen geen gemeente ‘%(name)s’. Bedoelt u: %(names)s?"),
            code="unknown_municipality",
            params={"name": text, "names": names},
        )
    return forms.ValidationError(
        _(
            "We kennen geen gemeente ‘%(name)s’. Controleer de spelling, "
            "of laat dit veld leeg als u het niet weet."
        ),
        code="unknown_municipality",
        params={"name": text},
    )


class StrictBooleanField(forms.Field):
    """A yes/no answer that rejects nonsense instead of reading it as "yes"."""

    default_error_messages = {"invalid": _("Kies ja of nee.")}

    def to_python(self, value):
        if isinstance(value, bool):
            return value
        if value is None:
            return False
        text = str(value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class SituationForm(forms.Form):
    role = forms.ChoiceField(label=_("Wie bent u?"), choices=Role.choices, required=False)
    form = forms.ChoiceField(
        label=_("Om welke vorm van uitbuiting gaat het?"), choices=FORM_CHOICES, required=False
    )
    municipality = forms.CharField(
        label=_("In welke gemeente?"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        help_text=_("Naam van de gemeente of de CBS-code, bijvoorbeeld Zwolle of GM0193."),
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

    def __init__(self, *args, gazetteer: Gazetteer, **kwargs):
        super().__init__(*args, **kwargs)
        self.gazetteer = gazetteer
        self.suggestions: list = []
        self.place = None

    def clean_municipality(self):
        text = self.cleaned_data.get("municipality", "").strip()
        if not text:
            return ""
        if means_abroad(text):  # in any of the site's languages (geography.gazetteer)
            return ABROAD
        if text.lower() in (UNKNOWN, "onbekend"):
            return ""
        try:
            self.place = self.gazetteer.find(text)
        except UnknownPlace as error:
            self.suggestions = error.suggestions
            raise unknown_municipality(text, error) from None
        return self.place.code

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


def error_payload(form: SituationForm) -> dict:
    """Errors as JSON: messages per field plus close matches for a misspelt place."""
    return {
        "errors": {
            field: [str(message) for message in messages] for field, messages in form.errors.items()
        },
        "suggestions": [{"code": p.code, "name": p.name} for p in form.suggestions],
    }


class DirectoryFilterForm(forms.Form):
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
    municipality = forms.CharField(label=_("Gemeente"), max_length=MAX_QUERY_LENGTH, required=False)

    def __init__(self, *args, gazetteer: Gazetteer, **kwargs):
        super().__init__(*args, **kwargs)
        self.gazetteer = gazetteer
        self.suggestions: list = []
        provinces = sorted(
            {(p.province_code, p.province) for p in gazetteer.places.values()},
            key=lambda item: item[1],
        )
        self.fields["province"].choices = [("", _("Alle provincies")), *provinces]

    def clean_municipality(self):
        text = self.cleaned_data.get("municipality", "").strip()
        if not text:
            return ""
        try:
            return self.gazetteer.find(text).code
        except UnknownPlace as error:
            self.suggestions = error.suggestions
            raise unknown_municipality(text, error) from None

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
