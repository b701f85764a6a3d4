"""Filters of the public campaign register."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from trafficking.geography.gazetteer import Gazetteer

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
