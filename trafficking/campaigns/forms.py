"""The questions of the public campaign pages: register filters, coverage region, calendar month."""

from __future__ import annotations

from datetime import date
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from trafficking.geography.gazetteer import Gazetteer

from . import coverage
from .constants import GENERAL, CampaignAudience, CampaignList, Form
from .selectors import NATIONAL, CampaignFilter, CampaignStatus


class CampaignFilterForm(forms.Form):
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
    province = forms.ChoiceField(
        label=_("Provincie"), choices=[("", _("Alle provincies"))], required=False
    )
    origin = forms.ChoiceField(
        label=_("Herkomst"),
        choices=[("", _("Alle bronnen")), *CampaignList.choices],
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Looptijd"),
        choices=[("", _("Alle campagnes")), *CampaignStatus.choices],
        required=False,
    )

    def __init__(self, *args, gazetteer: Gazetteer, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = sorted(
            {(p.province_code, p.province) for p in gazetteer.places.values()},
            key=lambda item: item[1],
        )
        province = cast(forms.ChoiceField, self.fields["province"])
        province.choices = [("", _("Alle provincies")), (NATIONAL, _("Landelijk")), *provinces]

    def campaign_filter(self) -> CampaignFilter:
        """The validated filters; call only when is_valid()."""
        data = self.cleaned_data
        return CampaignFilter(
            text=data.get("q", ""),
            audience=data.get("audience", ""),
            form=data.get("form", ""),
            province=data.get("province", ""),
            origin=data.get("origin", ""),
            status=data.get("status", ""),
        )


class RegionForm(forms.Form):
    """The coverage page's region: the Netherlands or one of the provinces."""

    regio = forms.ChoiceField(
        label=_("Regio"),
        required=False,
        error_messages={
            "invalid_choice": _("Kies Nederland of een van de twaalf provincies uit de lijst.")
        },
    )

    def __init__(self, *args, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regio"].choices = [
            (coverage.NATIONAL, _("Heel Nederland")),
            *[(p.code, p.name) for p in provinces],
        ]

    def region(self) -> str:
        return (self.is_valid() and self.cleaned_data["regio"]) or coverage.NATIONAL


class MonthForm(forms.Form):
    """The calendar's first month."""

    van = forms.DateField(
        label=_("Vanaf maand (jjjj-mm)"),
        required=False,
        input_formats=["%Y-%m"],
        error_messages={"invalid": _("Schrijf de maand als jaar-maand, bijvoorbeeld 2027-03.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "2027-03"}),
    )

    def clean_van(self):
        value = self.cleaned_data["van"]
        if value is not None and not date(2000, 1, 1) <= value <= date(2100, 1, 1):
            raise forms.ValidationError(_("Kies een maand tussen 2000 en 2100."))
        return value
