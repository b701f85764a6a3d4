"""Forms of the intake console and the partner portal."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from trafficking.directory.catalogue import current_catalogue
from trafficking.directory.constants import Form, SharingCategory
from trafficking.reports.constants import ItemType, ReportKind
from trafficking.reports.workflow import Status, Urgency


class LoginForm(forms.Form):
    username = forms.CharField(label=_("Gebruikersnaam"), max_length=150)
    password = forms.CharField(label=_("Wachtwoord"), widget=forms.PasswordInput, max_length=200)
    token = forms.CharField(
        label=_("Code uit de authenticator-app"),
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle open")), *Status.choices],
    )
    urgency = forms.ChoiceField(
        label=_("Urgentie"), required=False, choices=[("", _("Alle")), *Urgency.choices]
    )
    kind = forms.ChoiceField(
        label=_("Soort"), required=False, choices=[("", _("Alle")), *ReportKind.choices]
    )
    assigned = forms.ChoiceField(
        label=_("Toegewezen"),
        required=False,
        choices=[("", _("Iedereen")), ("me", _("Aan mij")), ("none", _("Niemand"))],
    )
    form = forms.ChoiceField(
        label=_("Vorm"), required=False, choices=[("", _("Alle")), *Form.choices]
    )


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Bericht"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10_000
    )
    to_reporter = forms.BooleanField(label=_("Naar de melder sturen"), required=False)


class ClassifyForm(forms.Form):
    form = forms.ChoiceField(label=_("Vorm van uitbuiting"), choices=Form.choices)


class ItemForm(forms.Form):
    type = forms.ChoiceField(label=_("Soort gegeven"), choices=ItemType.choices)
    value = forms.CharField(label=_("Gegeven"), max_length=300)


class ForwardForm(forms.Form):
    organisation = forms.SlugField(
        label=_("Organisatie"),
        help_text=_(
            "De deelcategorie van de organisatie bepaalt welke toestemming van de melder nodig is."
        ),
        max_length=120,
        # The datalist (recipients below) shows each organisation's category
        # while staff type, without script.
        widget=forms.TextInput(attrs={"list": "forward-organisations", "autocomplete": "off"}),
    )
    override_reason = forms.CharField(
        label=_("Reden om zonder toestemming te delen (alleen bij acuut gevaar of minderjarige)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    @staticmethod
    def recipients() -> list[dict]:
        """Active organisations with their sharing category, grouped by category."""
        order = {value: i for i, value in enumerate(SharingCategory.values)}
        organisations = sorted(
            current_catalogue().organisations.values(),
            key=lambda o: (order.get(o.sharing_category, len(order)), o.name),
        )
        return [
            {
                "slug": o.slug,
                "name": o.name,
                "category": SharingCategory(o.sharing_category).label
                if o.sharing_category in SharingCategory.values
                else _("geen deelcategorie"),
            }
            for o in organisations
        ]


class FeedbackForm(forms.Form):
    acted = forms.TypedChoiceField(
        label=_("Wat heeft u gedaan?"),
        choices=[("1", _("Opgepakt")), ("0", _("Niet opgepakt"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Toelichting voor het meldpunt"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )
    message_to_reporter = forms.CharField(
        label=_("Kort bericht voor de melder (niet verplicht)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
    )
