"""Forms of the intake console and the partner portal."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from trafficking.directory.catalogue import current_catalogue
from trafficking.directory.constants import EMERGENCY, Form, SharingCategory
from trafficking.reports import forwarding
from trafficking.reports.constants import REPORT_LANGUAGES, ItemType, ReportKind
from trafficking.reports.workflow import Status, Urgency

from .names import language_name
from .queue import ASSIGNED_TO_ME, UNASSIGNED


class LoginForm(forms.Form):
    # Autocomplete hints let password managers fill the right field and phones
    # offer the code from an SMS or authenticator app (WCAG 1.3.5).
    username = forms.CharField(
        label=_("Gebruikersnaam"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Wachtwoord"),
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    token = forms.CharField(
        label=_("Code uit de authenticator-app"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9 ]*"}
        ),
    )


class QueueFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Zoeken"),
        help_text=_(
            "Meldingnummer, gemeente, of een gegeven uit de melding: telefoonnummer, "
            "kenteken, e-mailadres, IBAN, postcode met huisnummer, website of exacte naam."
        ),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
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
        choices=[("", _("Iedereen")), (ASSIGNED_TO_ME, _("Aan mij")), (UNASSIGNED, _("Niemand"))],
    )
    form = forms.ChoiceField(
        label=_("Vorm"), required=False, choices=[("", _("Alle")), *Form.choices]
    )
    language = forms.ChoiceField(label=_("Taal"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Language names in the staff member's own language ("Pools", "Polish").
        self.fields["language"].choices = [
            ("", _("Alle")),
            *((code, language_name(code)) for code in REPORT_LANGUAGES),
        ]


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Tekst"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10_000
    )
    # Never ticked by default: a note sent by mistake is read by whoever holds
    # the receipt code, and that may be the person exploiting the reporter.
    to_reporter = forms.BooleanField(
        label=_("Naar de melder sturen"),
        help_text=_(
            "Let op: iedereen die de bewijscode heeft, kan een bericht aan de melder lezen. "
            "Dat kan ook iemand anders zijn dan de melder. Zonder vinkje blijft de tekst een "
            "interne notitie die alleen medewerkers zien."
        ),
        required=False,
    )


class ClassifyForm(forms.Form):
    form = forms.ChoiceField(label=_("Vorm van uitbuiting"), choices=Form.choices)


class ItemForm(forms.Form):
    type = forms.ChoiceField(label=_("Soort gegeven"), choices=ItemType.choices)
    value = forms.CharField(label=_("Gegeven"), max_length=300)


class ForwardForm(forms.Form):
    """Pick a partner by name from those the reporter's consent covers, and,
    when someone is in acute danger or a minor is involved, from the others
    through the four-eyes override."""

    organisation = forms.ChoiceField(
        label=_("Organisatie"),
        help_text=_(
            "De lijst toont alleen partners waarvoor de melder toestemming gaf, en bij "
            "acuut gevaar of een minderjarige ook de andere (alleen met vier ogen)."
        ),
    )
    override_reason = forms.CharField(
        label=_("Reden om zonder toestemming te delen (alleen bij acuut gevaar of minderjarige)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.consented, self.override_only = recipients_for(report)
        groups = []
        if self.consented:
            groups.append((_("Met toestemming van de melder"), _choices(self.consented)))
        if self.override_only:
            groups.append(
                (_("Zonder toestemming: alleen met vier ogen"), _choices(self.override_only))
            )
        self.fields["organisation"].choices = [("", "–"), *groups]
        if not self.override_only:
            del self.fields["override_reason"]

    @property
    def has_recipients(self) -> bool:
        return bool(self.consented or self.override_only)


def _choices(organisations) -> list[tuple[str, str]]:
    return [(o.slug, f"{o.name} – {category_label(o.sharing_category)}") for o in organisations]


def category_label(category: str) -> str:
    if category in SharingCategory.values:
        return str(SharingCategory(category).label)
    return str(_("geen deelcategorie"))


# The emergency number is called, not sent a report.
NOT_A_RECIPIENT = frozenset({EMERGENCY})


def recipients_for(report) -> tuple[list, list]:
    """Organisations the reporter's consent covers, and (only when an override
    is allowed) the others; by sharing category, then name. Organisations
    this report already went to are left out."""
    order = {value: i for i, value in enumerate(SharingCategory.values)}
    already = set(report.forwards.values_list("organisation__slug", flat=True))
    organisations = sorted(
        (
            o
            for o in current_catalogue().organisations.values()
            if o.slug not in already and o.slug not in NOT_A_RECIPIENT
        ),
        key=lambda o: (order.get(o.sharing_category, len(order)), o.name),
    )
    covered = {
        o.slug for o in organisations if forwarding.consent_covers(report, o.sharing_category)
    }
    consented = [o for o in organisations if o.slug in covered]
    others = [o for o in organisations if o.slug not in covered]
    return consented, others if forwarding.override_allowed(report) else []


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
