"""Forms of the campaign makers' pages: a plan, an evaluation, reach figures."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import cast

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.utils.translation import gettext_lazy as _

from trafficking.directory.fields import unknown_municipality
from trafficking.geography.gazetteer import MAX_QUERY_LENGTH, Gazetteer, UnknownPlace

from .constants import GENERAL, CallToAction, CampaignAudience, Form
from .coverage import NATIONAL
from .models import Evaluation, ReachFigure
from .reach_import import MAX_BYTES, MAX_VALUE

# Long enough for a school year or two seasons; a plan longer than this is a
# standing activity, not a campaign the calendar can weigh against the desk.
MAX_PERIOD = timedelta(days=2 * 366)
MAX_MUNICIPALITIES = 50

http_only = URLValidator(
    schemes=["http", "https"],
    message=_("Geef een webadres dat begint met https:// of http://."),
)


class WebAddressField(forms.URLField):
    """Only http(s): never javascript:, data: or a file on someone's computer."""

    default_validators = [http_only]

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def to_python(self, value):
        text = (value or "").strip()
        # Django would read "javascript:alert(1)" as a host name and add
        # https://; a scheme other than http(s) is refused as typed.
        if re.match(r"^[a-z][a-z0-9+.-]*:", text, re.I) and not re.match(r"^https?://", text, re.I):
            raise forms.ValidationError(http_only.message, code="invalid")
        return super().to_python(text)


class CampaignPlanForm(forms.Form):
    name = forms.CharField(label=_("Naam van de campagne"), max_length=200)
    goal = forms.CharField(
        label=_("Doel"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wat moet de campagne bereiken, en bij wie?"),
    )
    audiences = forms.MultipleChoiceField(
        label=_("Doelgroepen"),
        choices=CampaignAudience.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies ten minste één doelgroep.")},
    )
    # Not "forms": that would hide the forms module in the class body.
    exploitation = forms.MultipleChoiceField(
        label=_("Vormen van uitbuiting"),
        choices=[(GENERAL, _("Mensenhandel in het algemeen")), *Form.choices],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Kies ten minste één vorm, of mensenhandel in het algemeen.")
        },
    )
    provinces = forms.MultipleChoiceField(
        label=_("Landelijk of provincies"),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Staff and the data file may set a safety region (VRxx) as a campaign's
    # area; the form offers them too, or saving the plan would drop them.
    safety_regions = forms.MultipleChoiceField(
        label=_("Veiligheidsregio's"),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    municipalities = forms.CharField(
        label=_("Gemeenten"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Namen van gemeenten, gescheiden door komma's of op aparte regels."),
    )
    starts_on = forms.DateField(
        label=_("Begint op"),
        help_text=_("Bijvoorbeeld 2027-03-01."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Vul de begindatum in."),
            "invalid": _("Schrijf de datum als jaar-maand-dag, bijvoorbeeld 2027-03-01."),
        },
    )
    ends_on = forms.DateField(
        label=_("Eindigt op"),
        help_text=_("De laatste dag. Een plan duurt hoogstens twee jaar."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Vul de einddatum in."),
            "invalid": _("Schrijf de datum als jaar-maand-dag, bijvoorbeeld 2027-04-30."),
        },
    )
    call_to_action = forms.ChoiceField(
        label=_("Oproep"),
        choices=CallToAction.choices,
        widget=forms.RadioSelect,
        help_text=_("Wat vraagt de campagne mensen te doen? Kies één concrete, meetbare stap."),
        error_messages={"required": _("Kies wat de campagne mensen vraagt te doen.")},
    )
    url = WebAddressField(label=_("Webadres van de campagne"), required=False)
    format = forms.CharField(
        label=_("Vorm van de campagne"),
        required=False,
        max_length=300,
        help_text=_("Bijvoorbeeld: video's, posters, lespakket."),
    )
    channels = forms.CharField(
        label=_("Kanalen"),
        required=False,
        max_length=300,
        help_text=_("Bijvoorbeeld: Instagram, TikTok, abri's, scholen."),
    )

    def __init__(self, *args, gazetteer: Gazetteer, **kwargs):
        super().__init__(*args, **kwargs)
        self.gazetteer = gazetteer
        provinces = sorted(
            {(p.province_code, p.province) for p in gazetteer.places.values()},
            key=lambda item: item[1],
        )
        field = cast(forms.MultipleChoiceField, self.fields["provinces"])
        field.choices = [(NATIONAL, _("Landelijk")), *provinces]
        regions = sorted(
            {
                (p.safety_region_code, p.safety_region)
                for p in gazetteer.places.values()
                if p.safety_region_code
            },
            key=lambda item: item[1],
        )
        cast(forms.MultipleChoiceField, self.fields["safety_regions"]).choices = regions
        self._offered = {NATIONAL, *(code for code, _n in provinces), *(c for c, _n in regions)}

    @classmethod
    def initial_for(cls, campaign, gazetteer: Gazetteer) -> dict:
        areas = campaign.areas or []
        names = [place.name for code in areas if (place := gazetteer.get(code)) is not None]
        # The maker sees (and edits on) the text and address they gave, also
        # while those wait for staff (models.Campaign).
        return {
            "name": campaign.pending("name"),
            "goal": campaign.pending("goal"),
            "audiences": campaign.audiences or [],
            "exploitation": (campaign.forms or [GENERAL]) if campaign.forms is not None else [],
            "provinces": [a for a in areas if a == NATIONAL or a.startswith("PV")],
            "safety_regions": [a for a in areas if a.startswith("VR")],
            "municipalities": ", ".join(names),
            "starts_on": campaign.starts_on,
            "ends_on": campaign.ends_on,
            "call_to_action": campaign.call_to_action,
            "url": campaign.pending_url or campaign.url,
            "format": campaign.pending("format"),
            "channels": campaign.pending("channels"),
        }

    def unshown_areas(self, areas: list[str]) -> list[str]:
        """The codes of ``areas`` this form cannot show, so saving it would drop them.

        A municipality merged away, or a code staff set that no choice
        offers: kept as they are when the plan is saved (the view adds them
        back), and named on the page so the maker knows they are there.
        """
        return [
            code for code in areas if code not in self._offered and self.gazetteer.get(code) is None
        ]

    def clean_exploitation(self):
        chosen = self.cleaned_data["exploitation"]
        if GENERAL in chosen and len(chosen) > 1:
            raise forms.ValidationError(
                _("Kies mensenhandel in het algemeen óf een of meer vormen, niet allebei.")
            )
        return [] if GENERAL in chosen else [v for v in Form.values if v in chosen]

    def clean_municipalities(self):
        text = self.cleaned_data["municipalities"]
        names = [n.strip() for n in re.split(r"[,;\n]", text) if n.strip()]
        if len(names) > MAX_MUNICIPALITIES:
            raise forms.ValidationError(
                _("Hoogstens %(max)s gemeenten; kies anders de provincie."),
                params={"max": MAX_MUNICIPALITIES},
            )
        codes, errors = [], []
        for name in names:
            if len(name) > MAX_QUERY_LENGTH:
                errors.append(unknown_municipality(name[:MAX_QUERY_LENGTH], UnknownPlace(name, [])))
                continue
            try:
                place = self.gazetteer.find(name)
            except UnknownPlace as error:
                errors.append(unknown_municipality(name, error))
                continue
            if place.code not in codes:
                codes.append(place.code)
        if errors:
            raise forms.ValidationError(errors)
        return codes

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end:
            if end < start:
                self.add_error("ends_on", _("De einddatum ligt vóór de begindatum."))
            elif end - start > MAX_PERIOD:
                self.add_error("ends_on", _("Een plan duurt hoogstens twee jaar."))
        provinces = data.get("provinces") or []
        regions = data.get("safety_regions") or []
        municipalities = data.get("municipalities") or []
        if "provinces" in data and "safety_regions" in data and "municipalities" in data:
            if not provinces and not regions and not municipalities:
                self.add_error(
                    "provinces",
                    _(
                        "Kies landelijk, een of meer provincies of veiligheidsregio's, "
                        "of vul gemeenten in."
                    ),
                )
            elif NATIONAL in provinces and (len(provinces) > 1 or regions or municipalities):
                self.add_error(
                    "provinces",
                    _(
                        "Een landelijke campagne heeft geen provincies, veiligheidsregio's "
                        "of gemeenten erbij."
                    ),
                )
        return data

    def areas(self) -> list[str]:
        data = self.cleaned_data
        return [*data["provinces"], *data["safety_regions"], *data["municipalities"]]


class EvaluationForm(forms.ModelForm):
    research_document = WebAddressField(label=_("Onderzoeksdocument (webadres)"), required=False)

    class Meta:
        model = Evaluation
        fields = [
            "has_insight",
            "impact_researched",
            "more_reports",
            "more_knowledge",
            "more_signal_awareness",
            "more_reporting_point_awareness",
            "other_results",
            "research_document",
            "evidence_level",
        ]
        widgets = dict.fromkeys(
            (
                "has_insight",
                "impact_researched",
                "more_reports",
                "more_knowledge",
                "more_signal_awareness",
                "more_reporting_point_awareness",
                "evidence_level",
            ),
            forms.RadioSelect,
        )
        help_texts = {
            "other_results": _(
                "Op wat voor manier heeft de campagne effect gehad? Leg uit waaruit u dat "
                "opmaakt. Schrijf geen namen of andere gegevens van personen."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in (
            "has_insight",
            "impact_researched",
            "more_reports",
            "more_knowledge",
            "more_signal_awareness",
            "more_reporting_point_awareness",
        ):
            field = cast(forms.ChoiceField, self.fields[name])
            # The blank choice of a model field: "not answered".
            field.choices = [("", _("Niet ingevuld")), *list(field.choices)[1:]]
        self.fields["other_results"].max_length = 5000
        self.fields["other_results"].widget.attrs["maxlength"] = 5000


class ReachForm(forms.ModelForm):
    class Meta:
        model = ReachFigure
        fields = [
            "period_start",
            "period_end",
            "channel",
            "impressions",
            "complete_views",
            "clicks",
            "landing_visits",
            "people_trained",
            "materials_distributed",
            "source",
        ]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "channel": _("Bijvoorbeeld Instagram, TikTok of scholen."),
            "source": _("Waar komen de cijfers vandaan? Bijvoorbeeld het evaluatierapport."),
        }

    METRICS = (
        "impressions",
        "complete_views",
        "clicks",
        "landing_visits",
        "people_trained",
        "materials_distributed",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.METRICS:
            field = cast(forms.IntegerField, self.fields[name])
            field.max_value = MAX_VALUE
            field.min_value = 0
            field.error_messages["min_value"] = _("Een aantal kan niet negatief zijn.")
            field.error_messages["invalid"] = _("Vul een geheel getal in, zonder punten.")
            field.widget.attrs.update({"inputmode": "numeric", "min": 0, "max": MAX_VALUE})
            # The model's own limits stay; these give the clear Dutch messages.
            field.validators = [
                *field.validators,
                MinValueValidator(0, message=_("Een aantal kan niet negatief zijn.")),
                MaxValueValidator(MAX_VALUE, message=_("Dat getal is te groot.")),
            ]
        for name in ("period_start", "period_end"):
            self.fields[name].error_messages["invalid"] = _(
                "Schrijf de datum als jaar-maand-dag, bijvoorbeeld 2025-03-31."
            )

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("De einddatum ligt vóór de begindatum."))
        if not any(data.get(name) is not None for name in self.METRICS):
            raise forms.ValidationError(_("Vul ten minste één cijfer in."))
        return data


class ReachImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-bestand"),
        help_text=_(
            "Een export van het advertentieplatform, hoogstens 2 MB, met een kopregel. "
            "Per regel een datum (of begindatum en einddatum) en cijfers zoals vertoningen, "
            "kliks, weergaven, ThruPlays of bezoeken landingspagina."
        ),
        error_messages={"required": _("Kies een bestand.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Het bestand is groter dan 2 MB. Splits het in delen."))
        return upload
