"""Validation of a report, shared by the web form, the API and the phone intake.

One Django form checks everything, so every door gives the same clear,
translated messages. The web form shows it in steps; each step validates
only its own fields and carries the others along as hidden inputs, so nothing
is stored on the server before the reporter presses "send".
"""

from __future__ import annotations

import re
import unicodedata
from typing import cast

from django import forms
from django.forms.utils import ErrorList
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trafficking.campaigns import mentions
from trafficking.campaigns.models import Campaign
from trafficking.core.text import visible
from trafficking.directory.constants import ABROAD, FORM_CHOICES, UNKNOWN, YES_NO
from trafficking.directory.fields import MunicipalityField, MunicipalityForm, StrictBooleanField
from trafficking.geography.gazetteer import Gazetteer

from .constants import REPORT_LANGUAGES, ItemType
from .drafts import Contact, Item, ReportDraft

MAX_TEXT = 10_000
MAX_SHORT = 300
MAX_ITEMS = 30

# Control characters other than tab and newlines, and the bidi overrides that
# can make a text read differently in the staff console than it was written.
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def clean_text(value: str) -> str:
    """Normalise Unicode and drop invisible control characters."""
    return _UNSAFE.sub("", unicodedata.normalize("NFC", value)).strip()


class SafeCharField(forms.CharField):
    def to_python(self, value):
        text = super().to_python(value)
        # Lone surrogates cannot be stored or encoded; JSON can carry them.
        if any("\ud800" <= c <= "\udfff" for c in text):
            raise forms.ValidationError(_("Deze tekst bevat ongeldige tekens."), code="encoding")
        return clean_text(text)


class SafeMunicipalityField(SafeCharField, MunicipalityField):
    """A municipality as a reporter typed it: made safe text first, then looked up."""


class HeardViaField(forms.ChoiceField):
    """ "How did you hear of us?": a running campaign's slug, "other", or "".

    Never an error: an answer that is not (or no longer) a choice, such as a
    campaign that ended while the form was open or a value someone edited,
    counts as not answered. An optional question must never stop anyone from
    sending a report.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Hoe kent u ons? (mag leeg blijven)"))
        kwargs.setdefault(
            "help_text",
            _(
                "Zo weten we welke campagnes mensen bereiken. Buiten uw melding tellen we "
                "alleen hoe vaak een campagne per week wordt genoemd."
            ),
        )
        kwargs.setdefault("required", False)
        kwargs.setdefault("choices", [("", _("Geen antwoord"))])
        super().__init__(**kwargs)

    def clean(self, value):
        value = self.to_python(value)
        return value if value and self.valid_value(value) else ""


class ViaField(forms.CharField):
    """The short link a visitor came in by (``?via=<code>``), carried through the
    steps so its campaign stays a valid answer. Never an error, never stored."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value):
        value = self.to_python(value)
        return value if 0 < len(value) <= mentions.MAX_VIA else ""


OTHER_ANSWER = _("Anders / weet ik niet")


def offer_campaigns(form: ReportForm | AdviceForm) -> None:
    """Give ``form.heard_via`` its choices: the campaigns running today, by
    name, and the campaign of the short link the visitor came in by (when its
    link and the campaign are active, even if its dates have passed), then
    "other". Sets ``form.via_campaign`` and ``form.heard_via_names``."""
    code = form.data.get("via") if form.is_bound else form.initial.get("via")
    via_campaign = mentions.campaign_for_via(code or "")
    campaigns = mentions.running_campaigns(timezone.localdate())
    if via_campaign is not None and via_campaign.slug not in {c.slug for c in campaigns}:
        campaigns = sorted([*campaigns, via_campaign], key=lambda c: (c.name, c.slug))
    form.via_campaign = via_campaign
    form.heard_via_names = {c.slug: c.name for c in campaigns}
    cast(forms.ChoiceField, form.fields["heard_via"]).choices = [
        ("", _("Geen antwoord")),
        *((c.slug, c.name) for c in campaigns),
        (mentions.OTHER, OTHER_ANSWER),
    ]


def campaign_initial(code: str) -> dict:
    """Initial values for a form opened with ``?via=<code>``: the link's campaign
    preselected. An unknown or inactive code gives nothing (no error)."""
    campaign = mentions.campaign_for_via(code or "")
    if campaign is None:
        return {}
    return {"via": code, "heard_via": campaign.slug}


class ReportForm(MunicipalityForm):
    # Set by offer_campaigns: the campaign of the visitor's short link, and
    # the names of the campaigns offered.
    via_campaign: Campaign | None
    heard_via_names: dict[str, str]

    # Step: danger
    acute = StrictBooleanField(
        label=_("Is iemand nu in gevaar?"), required=False, widget=forms.RadioSelect(choices=YES_NO)
    )
    minor = StrictBooleanField(
        label=_("Gaat het (ook) om iemand jonger dan 18 jaar?"),
        help_text=_("Weet u het niet zeker? Kies dan ‘Ja’ als het kan."),
        required=False,
        widget=forms.RadioSelect(choices=YES_NO),
    )
    # Step: what
    text = SafeCharField(
        label=_("Wat is er gebeurd?"),
        help_text=_("Schrijf op wat u zag, hoorde of meemaakte. U hoeft geen bewijs te hebben."),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_TEXT,
        required=False,
    )
    form = forms.ChoiceField(
        label=_("Om welke vorm van uitbuiting gaat het denkt u?"),
        choices=FORM_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    # Step: where and when
    municipality = SafeMunicipalityField(
        label=_("In welke gemeente?"),
        help_text=_(
            "Laat leeg als u het niet weet. Gebeurde het buiten Nederland? Schrijf dan "
            "‘buitenland’; dat mag ook in uw eigen taal."
        ),
        required=False,
        abroad=True,
    )
    address = SafeCharField(
        label=_("Adres of plek (als u het weet)"), max_length=MAX_SHORT, required=False
    )
    when = SafeCharField(
        label=_("Wanneer was dit?"),
        help_text=_("Bijvoorbeeld: gisteren, sinds maart, elke nacht."),
        max_length=MAX_SHORT,
        required=False,
    )
    # Step: you
    consent_contact = StrictBooleanField(
        label=_("U mag contact met mij opnemen."), required=False, widget=forms.CheckboxInput
    )
    wants_updates = StrictBooleanField(
        label=_("Ik wil met mijn bewijscode lezen wat er met mijn melding gebeurt."),
        required=False,
        widget=forms.CheckboxInput,
    )
    contact_name = SafeCharField(
        label=_("Naam (mag ook een schuilnaam)"), max_length=100, required=False
    )
    contact_phone = SafeCharField(label=_("Telefoonnummer"), max_length=40, required=False)
    contact_email = forms.EmailField(label=_("E-mailadres"), max_length=254, required=False)
    contact_safe_times = SafeCharField(
        label=_("Wanneer is het veilig om u te bellen of te mailen?"),
        max_length=200,
        required=False,
    )
    consent_police = StrictBooleanField(
        label=_("De politie"), required=False, widget=forms.CheckboxInput
    )
    consent_care = StrictBooleanField(
        label=_("Hulp en opvang (zorgcoördinator)"), required=False, widget=forms.CheckboxInput
    )
    consent_labour = StrictBooleanField(
        label=_("De Nederlandse Arbeidsinspectie"), required=False, widget=forms.CheckboxInput
    )
    heard_via = HeardViaField()
    via = ViaField()
    language = forms.ChoiceField(
        choices=[(code, code) for code in REPORT_LANGUAGES],
        required=False,
        widget=forms.HiddenInput,
    )

    STEPS = {
        "danger": ["acute", "minor"],
        "what": ["text", "form"],
        "where": ["municipality", "address", "when"],
        "details": [],  # the items, handled outside the Django fields
        "you": [
            "consent_contact",
            "contact_name",
            "contact_phone",
            "contact_email",
            "contact_safe_times",
            "wants_updates",
            "consent_police",
            "consent_care",
            "consent_labour",
            "heard_via",
        ],
        "send": [],
    }

    def __init__(
        self,
        *args,
        gazetteer: Gazetteer,
        items: list[dict] | None = None,
        final: bool = True,
        step: str = "",
        **kwargs,
    ):
        super().__init__(*args, gazetteer=gazetteer, **kwargs)
        self.final = final
        # The step the reporter is leaving with "next": its own checks apply.
        self.step = step
        self.raw_items = items or []
        self.items: list[Item] = []
        self.item_errors: dict[int, list[str]] = {}
        self.items_error = ""  # about the list as a whole (too many)
        offer_campaigns(self)

    def clean(self):
        data = super().clean()
        self.items = self._clean_items()
        has_contact = any(
            data.get(name) for name in ("contact_name", "contact_phone", "contact_email")
        )
        if data.get("consent_contact") and not (
            data.get("contact_phone") or data.get("contact_email")
        ):
            self.add_error(
                "contact_phone",
                _(
                    "Vul een telefoonnummer of e-mailadres in, of zet het vinkje voor contact uit. "
                    "U kunt ook zonder contactgegevens meelezen met uw bewijscode."
                ),
            )
        elif has_contact and not data.get("consent_contact"):
            self.add_error(
                "consent_contact",
                _(
                    "U vulde contactgegevens in. Mogen we contact opnemen? Zet dan dit vinkje aan, "
                    "of maak de velden leeg."
                ),
            )
        # Text made only of invisible characters says nothing either.
        said = [visible(data.get(name) or "").strip() for name in ("text", "address")]
        if self.step == "what" and not said[0] and "text" not in self.errors:
            # Caught where it can be fixed, not only after the last step. (The
            # API and phone intake may still send only an address or items.)
            self.add_error("text", _("Vul de beschrijving in: schrijf kort op wat er is gebeurd."))
        elif self.final and not (any(said) or self.items):
            self.add_error(
                "text",
                _("Schrijf kort op wat er is gebeurd, of vul bij ‘Wie en wat’ een gegeven in."),
            )
        return data

    def _clean_items(self) -> list[Item]:
        if not isinstance(self.raw_items, list) or len(self.raw_items) > MAX_ITEMS:
            message = _("U kunt hoogstens %(max)d gegevens toevoegen.") % {"max": MAX_ITEMS}
            self.items_error = str(message)
            self.add_error(None, message)
            return []
        items = []
        for index, raw in enumerate(self.raw_items):
            try:
                item = clean_item(raw)
            except forms.ValidationError as error:
                self.item_errors[index] = [str(m) for m in error.messages]
                continue
            if item is not None:
                items.append(item)
        if self.item_errors:
            self.add_error(None, _("Controleer de gegevens bij ‘Wie en wat’."))
        return items

    # -- steps --------------------------------------------------------------
    def step_errors(self, step: str) -> dict[str, ErrorList | list[str]]:
        """Errors that belong to one step (the form must have been validated)."""
        names = set(self.STEPS.get(step, []))
        errors: dict[str, ErrorList | list[str]] = {
            k: v for k, v in self.errors.items() if k in names
        }
        if step == "details":
            errors.update(self._item_error_summary())
        if step == "send":
            # Anything that belongs to no step (a tampered hidden field, a
            # form-wide problem) is shown on the last step, never swallowed.
            shown = {name for fields in self.STEPS.values() for name in fields}
            errors.update(
                {k: v for k, v in self.errors.items() if k not in shown and k != "__all__"}
            )
            if self.non_field_errors() and not self.item_errors:
                errors["__all__"] = self.non_field_errors()
        return errors

    def _item_error_summary(self) -> dict[str, list[str]]:
        # Keys become anchors (#id_item-N, #id_item_rows) in the error summary.
        # They must never be a dict method's name: templates look up keys
        # first, so a key "items" turned `errors.items` into a list of
        # messages and every page with a bad row into a server error.
        summary = {}
        if self.items_error:
            summary["item_rows"] = [self.items_error]
        for index, messages in sorted(self.item_errors.items()):
            row = _("Gegeven %(number)s") % {"number": index + 1}
            summary[f"item-{index}"] = [f"{row}: {message}" for message in messages]
        return summary

    def first_step_with_errors(self) -> str | None:
        for step in self.STEPS:
            if self.step_errors(step):
                return step
        return None

    def review(self) -> dict:
        """Everything "send" will send, in words, for the reporter to check.

        Call after validation. A municipality shows by its name and choices by
        their label; a field that did not validate shows as it was typed.
        Values are plain text: the template escapes them.
        """
        data = getattr(self, "cleaned_data", {})

        def value(name):
            return data[name] if name in data else self[name].value()

        def yes_no(name):
            answer = value(name)
            return (
                True if answer in (True, "true") else False if answer in (False, "false") else None
            )

        municipality = value("municipality") or ""
        if municipality == ABROAD:
            place = str(_("Buitenland"))
        else:
            found = self.gazetteer.get(municipality)
            place = found.name if found else municipality
        form = value("form") or ""
        contact = bool(value("consent_contact"))
        item_labels = dict(ItemType.choices)
        return {
            "acute": yes_no("acute"),
            "minor": yes_no("minor"),
            "text": value("text") or "",
            "form": dict(FORM_CHOICES).get(form, ""),
            "municipality": place,
            "address": value("address") or "",
            "when": value("when") or "",
            "items": [(item_labels[item.type], item.value) for item in self.items],
            "language": (value("language") or ""),
            "contact": contact,
            "contact_details": [
                (self.fields[name].label, value(name) or "")
                for name in ("contact_name", "contact_phone", "contact_email", "contact_safe_times")
                if contact and value(name)
            ],
            "wants_updates": bool(value("wants_updates")),
            "consents": [
                (self.fields[name].label, bool(value(name)))
                for name in ("consent_police", "consent_care", "consent_labour")
            ],
            "heard_via": heard_via_label(self),
        }

    def draft(self, *, language: str, channel: str = "web") -> ReportDraft:
        data = self.cleaned_data
        municipality = data.get("municipality", "")
        form = data.get("form") or ""
        return ReportDraft(
            text=data.get("text", ""),
            form="" if form == UNKNOWN else form,
            municipality_code="" if municipality == ABROAD else municipality,
            abroad=municipality == ABROAD,
            address=data.get("address", ""),
            when=data.get("when", ""),
            items=tuple(self.items),
            acute=bool(data.get("acute")),
            minor=bool(data.get("minor")),
            language=data.get("language") or language,
            consent_contact=bool(data.get("consent_contact")),
            consent_police=bool(data.get("consent_police")),
            consent_care=bool(data.get("consent_care")),
            consent_labour=bool(data.get("consent_labour")),
            contact=Contact(
                name=data.get("contact_name", ""),
                phone=data.get("contact_phone", ""),
                email=data.get("contact_email", ""),
                safe_times=data.get("contact_safe_times", ""),
            ),
            channel=channel,
            wants_updates=bool(data.get("wants_updates")),
            **heard_via_answer(self),
        )


def clean_item(raw) -> Item | None:
    """One item row as given (a dict with ``type`` and ``value``).

    Returns None for an empty row, which the web form always shows a few of;
    a row with a type picked but nothing typed counts as empty too. A type we
    do not know is refused whatever the value, so no door (web, API, phone)
    accepts a row another door would refuse.
    """
    if not isinstance(raw, dict):
        raise forms.ValidationError(_("Dit gegeven klopt niet."), code="invalid")
    kind = raw.get("type")
    kind = "" if kind is None else kind
    value = raw.get("value")
    if not isinstance(kind, str) or not isinstance(value, str):
        raise forms.ValidationError(_("Dit gegeven klopt niet."), code="invalid")
    value = clean_text(value)
    if not kind and not value:
        return None
    if kind not in ItemType.values:
        raise forms.ValidationError(_("Kies wat voor gegeven dit is."), code="type")
    if not value:
        return None
    if len(value) > MAX_SHORT:
        raise forms.ValidationError(
            _("Dit is te lang (hoogstens %(max)d tekens).") % {"max": MAX_SHORT},
            code="max_length",
        )
    if any("\ud800" <= c <= "\udfff" for c in value):
        raise forms.ValidationError(_("Deze tekst bevat ongeldige tekens."), code="encoding")
    return Item(type=kind, value=value)


def items_from_post(post) -> list[dict]:
    """Rows ``item-N-type`` / ``item-N-value`` of the web form, in order.

    Rows with nothing typed in them are left out here, as the page leaves them
    out when it shows the rows again: so error N belongs to the N-th row shown.
    A type the page never offers is kept, for validation to refuse.
    """
    rows = []
    for index in range(MAX_ITEMS + 1):
        kind = post.get(f"item-{index}-type")
        value = post.get(f"item-{index}-value")
        if kind is None and value is None:
            continue
        kind, value = kind or "", value or ""
        if not value.strip() and (not kind or kind in ItemType.values):
            continue
        rows.append({"type": kind, "value": value})
    return rows


def heard_via_label(form: ReportForm | AdviceForm) -> str:
    """The "how did you hear of us?" answer in words, or "" when not answered
    (or dropped as no longer a choice). Call after validation."""
    slug = getattr(form, "cleaned_data", {}).get("heard_via", "")
    if slug == mentions.OTHER:
        return str(OTHER_ANSWER)
    return form.heard_via_names.get(slug, "") if slug else ""


def heard_via_answer(form: ReportForm | AdviceForm) -> dict:
    """The answer for the draft: the slug, and the campaign's name as it was
    when sent (the sealed report stays readable if the campaign is renamed or
    removed from the register)."""
    slug = form.cleaned_data.get("heard_via", "")
    return {"heard_via": slug, "heard_via_name": form.heard_via_names.get(slug, "")}


class AdviceForm(forms.Form):
    """The lighter path: a question, no report."""

    via_campaign: Campaign | None
    heard_via_names: dict[str, str]

    text = SafeCharField(
        label=_("Wat wilt u vragen?"),
        help_text=_("U hoeft geen namen of adressen te noemen. We antwoorden via uw bewijscode."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
    )
    heard_via = HeardViaField()
    via = ViaField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_campaigns(self)

    def draft(self, *, language: str) -> ReportDraft:
        return ReportDraft(
            text=self.cleaned_data["text"],
            language=language,
            kind="advice",
            **heard_via_answer(self),
        )


class ReplyForm(forms.Form):
    """The reporter's answer or addition on the follow-up page."""

    text = SafeCharField(
        label=_("Uw bericht of aanvulling"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=MAX_TEXT,
    )


MAX_EARLIER_FILES = 5


def files_to_choose_again(chosen, carried: list[str]) -> list[tuple[str, int]]:
    """Names and sizes of files the reporter chose but that were not sent.

    Files cannot ride along in hidden fields (ADR 6), so when a reporter who
    chose files goes to another step, the files are gone. The page says so,
    naming them, until the reporter chooses files again. ``chosen`` are the
    uploads of this request (anything with ``name`` and ``size``); ``carried``
    the hidden ``earlier_file`` values ("size:name") of the page before.
    """
    if chosen:
        found = [(upload.name or "", upload.size or 0) for upload in chosen]
    else:
        found = []
        for value in carried[:MAX_EARLIER_FILES]:
            digits, _sep, carried_name = str(value).partition(":")
            if digits.isdigit() and len(digits) <= 12:
                found.append((carried_name, int(digits)))
    files = []
    for name, size in found[:MAX_EARLIER_FILES]:
        name = "".join(c for c in clean_text(name) if not "\ud800" <= c <= "\udfff")[:120]
        files.append((name or "?", size))
    return files
