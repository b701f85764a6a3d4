"""Forms of the materials library: the maker's upload and the public filters."""

from __future__ import annotations

from typing import cast
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from trafficking.reports.attachments import ACCEPT, AttachmentRejected, CleanAttachment
from trafficking.reports.forms import SafeCharField

from .constants import GENERAL, CampaignAudience, Form, Licence, MaterialKind
from .library import LibraryFilter
from .material_files import check_upload, has_file
from .models import Campaign, Material

# The site's languages, then languages many people in the Netherlands read
# whom campaigns against exploitation try to reach: labour migrants from the
# EU, newcomers and refugees, and the communities the report names. Each in
# its own name, as a language menu shows it.
OTHER_LANGUAGES = [
    ("de", "Deutsch"),
    ("fr", "Français"),
    ("es", "Español"),
    ("pt", "Português"),
    ("hu", "Magyar"),
    ("lt", "Lietuvių"),
    ("lv", "Latviešu"),
    ("sk", "Slovenčina"),
    ("cs", "Čeština"),
    ("ru", "Русский"),
    ("tr", "Türkçe"),
    ("fa", "فارسی"),
    ("ti", "ትግርኛ"),
    ("so", "Soomaali"),
    ("vi", "Tiếng Việt"),
    ("zh", "中文"),
    ("th", "ไทย"),
]
LANGUAGE_CHOICES = [*settings.LANGUAGES, *OTHER_LANGUAGES]
LANGUAGE_NAMES = dict(LANGUAGE_CHOICES)

# A video or an e-learning stays where it is published: the library links to
# it, never embeds it (no request to another site from our pages).
LINK_ONLY_KINDS = frozenset({MaterialKind.VIDEO, MaterialKind.ANIMATION, MaterialKind.ELEARNING})

FILE_ERRORS = {
    "too_large": _("Het bestand is te groot. Het mag hoogstens 10 MB zijn."),
    "empty": _("Het bestand is leeg."),
    "unsupported_type": _(
        "De bibliotheek neemt alleen PDF-bestanden en afbeeldingen (JPG, PNG) aan. De inhoud "
        "van dit bestand is geen van die soorten, wat de naam ook zegt."
    ),
    "corrupt": _("Het bestand kon niet worden gelezen. Het is misschien beschadigd."),
    "too_many_pixels": _("De afbeelding is te groot. Maak hem kleiner en probeer het opnieuw."),
    "too_many": _("Kies één bestand."),
    "encrypted": _(
        "De PDF is beveiligd met een wachtwoord. Sla hem op zonder wachtwoord en probeer "
        "het opnieuw."
    ),
    "too_many_pages": _("De PDF heeft te veel pagina's. Hij mag er hoogstens 500 hebben."),
    "too_complex": _(
        "De PDF is te ingewikkeld om te controleren. Sla hem opnieuw op als PDF, "
        "bijvoorbeeld met 'Afdrukken als PDF', en probeer het opnieuw."
    ),
}


class HttpURLField(forms.URLField):
    """A web address: http or https only, without a user name or password in it."""

    default_error_messages = {"invalid": _("Geef een volledig webadres, beginnend met https://.")}

    def __init__(self, **kwargs):
        super().__init__(assume_scheme="https", **kwargs)

    def clean(self, value):
        url = super().clean(value)
        if url:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or parts.username or parts.password:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return url


class MaterialForm(forms.ModelForm):
    """What a campaign maker tells about one material, with its file or link.

    ``organisation`` is the maker's: the campaign can only be one of its own.
    """

    title = SafeCharField(label=_("Titel"), max_length=200)
    description = SafeCharField(
        label=_("Beschrijving"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Waarvoor is het materiaal bedoeld, en hoe gebruikt u het?"),
    )
    audiences = forms.MultipleChoiceField(
        label=_("Doelgroepen"),
        choices=CampaignAudience.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies ten minste één doelgroep.")},
    )
    languages = forms.MultipleChoiceField(
        label=_("Talen"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies ten minste één taal.")},
    )
    file = forms.FileField(
        label=_("Bestand"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={"empty": FILE_ERRORS["empty"], "invalid": FILE_ERRORS["corrupt"]},
        help_text=_("PDF, JPG of PNG, hoogstens 10 MB. Van afbeeldingen halen we metadata weg."),
    )
    drop_file = forms.BooleanField(label=_("Het huidige bestand verwijderen"), required=False)
    external_url = HttpURLField(
        label=_("Of: webadres (video, e-learning)"),
        required=False,
        max_length=200,
        help_text=_(
            "Video's en e-learnings blijven waar ze staan: de bibliotheek toont alleen de link."
        ),
        widget=forms.URLInput(attrs={"class": "text-input", "inputmode": "url"}),
    )
    # Last: from here on in this class body, "forms" is this field, not the module.
    forms = forms.MultipleChoiceField(
        label=_("Vormen van uitbuiting"),
        choices=Form.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Kies niets als het materiaal over mensenhandel in het algemeen gaat."),
    )

    field_order = [
        "title",
        "description",
        "kind",
        "audiences",
        "forms",
        "languages",
        "licence",
        "campaign",
        "file",
        "drop_file",
        "external_url",
    ]

    class Meta:
        model = Material
        fields = [
            "title",
            "description",
            "kind",
            "audiences",
            "forms",
            "languages",
            "licence",
            "campaign",
            "external_url",
        ]
        labels = {"kind": _("Soort materiaal"), "licence": _("Wat mogen anderen ermee?")}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.checked_file: CleanAttachment | None = None
        campaign = cast(forms.ModelChoiceField, self.fields["campaign"])
        campaign.queryset = Campaign.objects.filter(owner=organisation).order_by("name")
        campaign.label = _("Hoort bij campagne (niet verplicht)")
        campaign.empty_label = _("Geen campagne")
        campaign.help_text = _("Alleen campagnes van uw eigen organisatie.")
        self.fields["title"].widget.attrs["class"] = "text-input"
        self.fields["licence"].help_text = _(
            "Vrij aanpassen: anderen mogen er hun eigen naam en regio op zetten."
        )
        if not (self.instance.pk and has_file(self.instance)):
            del self.fields["drop_file"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        try:
            self.checked_file = check_upload(upload)
        except AttachmentRejected as error:
            message = FILE_ERRORS.get(error.code, FILE_ERRORS["corrupt"])
            raise forms.ValidationError(message, code=error.code) from None
        return upload

    def clean_forms(self):
        # [] is "mensenhandel in het algemeen"; kept in the vocabulary's order.
        chosen = self.cleaned_data.get("forms") or []
        return [value for value in Form.values if value in chosen]

    def clean(self):
        data = super().clean()
        if self.errors.get("file"):
            return data
        if data.get("kind") in LINK_ONLY_KINDS and not data.get("external_url"):
            self.add_error(
                "external_url",
                _("Geef voor een video, animatie of e-learning het webadres waar hij staat."),
            )
            return data
        keeps_file = (
            bool(self.instance.pk) and has_file(self.instance) and not data.get("drop_file")
        )
        will_have_file = self.checked_file is not None or keeps_file
        url = data.get("external_url")
        if will_have_file and url:
            raise forms.ValidationError(
                _("Geef een bestand of een webadres, niet allebei."), code="file_and_url"
            )
        if not will_have_file and not url:
            raise forms.ValidationError(
                _("Voeg een bestand toe of geef het webadres waar het materiaal staat."),
                code="nothing",
            )
        return data


class LibraryFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Zoeken"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"aria-describedby": "q-hint"}),
    )
    audience = forms.ChoiceField(
        label=_("Doelgroep"),
        choices=[("", _("Alle doelgroepen")), *CampaignAudience.choices],
        required=False,
    )
    form = forms.ChoiceField(
        label=_("Vorm van uitbuiting"),
        choices=[
            ("", _("Alle vormen")),
            (GENERAL, _("Mensenhandel in het algemeen")),
            *Form.choices,
        ],
        required=False,
    )
    kind = forms.ChoiceField(
        label=_("Soort materiaal"),
        choices=[("", _("Alle soorten")), *MaterialKind.choices],
        required=False,
    )
    language = forms.ChoiceField(
        label=_("Taal"), choices=[("", _("Alle talen")), *LANGUAGE_CHOICES], required=False
    )
    licence = forms.ChoiceField(
        label=_("Licentie"), choices=[("", _("Alle licenties")), *Licence.choices], required=False
    )
    owner = forms.ChoiceField(
        label=_("Organisatie"), choices=[("", _("Alle organisaties"))], required=False
    )

    def __init__(self, *args, owners: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        owner = cast(forms.ChoiceField, self.fields["owner"])
        owner.choices = [("", _("Alle organisaties")), *owners]

    def library_filter(self) -> LibraryFilter:
        """The validated filters; call only when is_valid()."""
        data = self.cleaned_data
        return LibraryFilter(
            text=data.get("q", ""),
            audience=data.get("audience", ""),
            form=data.get("form", ""),
            kind=data.get("kind", ""),
            language=data.get("language", ""),
            licence=data.get("licence", ""),
            owner=data.get("owner", ""),
        )
