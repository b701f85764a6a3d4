"""Form fields for the questions every door asks: a municipality, a yes or no.

The wizard, the directory filters, the report form and their APIs all use
these, so "Zwolle", "GM0193", "buitenland" or a misspelt name mean the same
and get the same message wherever they are typed.
"""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from trafficking.geography.gazetteer import (
    MAX_QUERY_LENGTH,
    Gazetteer,
    Place,
    UnknownPlace,
    means_abroad,
)

from .constants import ABROAD

_TRUE = {"1", "true", "yes", "on", "ja"}
_FALSE = {"", "0", "false", "no", "off", "nee"}


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


class MunicipalityField(forms.CharField):
    """A municipality as people type it (name, alias or CBS code), cleaned to its CBS code.

    Empty stays "". With ``abroad=True``, "abroad" typed in any of the site's
    languages cleans to ``ABROAD``. Words in ``dont_know`` (compared in lower
    case) mean the person does not know, and clean to "" as well.

    The form gives the field its gazetteer (a catalogue snapshot, so per
    request): ``form.fields["municipality"].gazetteer = gazetteer``; Django
    copies fields per form, so this never leaks between requests. After
    cleaning, ``place`` is the place found and ``suggestions`` the close
    matches for a name we do not know, for the page or API to offer.
    """

    def __init__(self, *, abroad: bool = False, dont_know: tuple[str, ...] = (), **kwargs):
        kwargs.setdefault("max_length", MAX_QUERY_LENGTH)
        super().__init__(**kwargs)
        self.abroad = abroad
        self.dont_know = frozenset(dont_know)
        self.gazetteer: Gazetteer | None = None
        self.place: Place | None = None
        self.suggestions: list[Place] = []

    def clean(self, value):
        self.place, self.suggestions = None, []
        text = super().clean(value)
        if not text:
            return ""
        if self.abroad and means_abroad(text):
            return ABROAD
        if text.lower() in self.dont_know:
            return ""
        if self.gazetteer is None:
            raise RuntimeError("MunicipalityField needs a gazetteer; the form sets it.")
        try:
            self.place = self.gazetteer.find(text)
        except UnknownPlace as error:
            self.suggestions = error.suggestions
            raise unknown_municipality(text, error) from None
        return self.place.code


class MunicipalityForm(forms.Form):
    """A form whose ``municipality`` field is a MunicipalityField, looked up in ``gazetteer``."""

    def __init__(self, *args, gazetteer: Gazetteer, **kwargs):
        super().__init__(*args, **kwargs)
        self.gazetteer = gazetteer
        self._municipality_field.gazetteer = gazetteer

    @property
    def _municipality_field(self) -> MunicipalityField:
        # Form.fields is typed as plain Field; every subclass declares this one.
        return cast(MunicipalityField, self.fields["municipality"])

    @property
    def place(self) -> Place | None:
        """The municipality found, once the form is validated."""
        return self._municipality_field.place

    @property
    def suggestions(self) -> list[Place]:
        """Close matches for a municipality we do not know, once the form is validated."""
        return self._municipality_field.suggestions
