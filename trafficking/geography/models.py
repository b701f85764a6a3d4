"""The map the directory is drawn on: provinces, municipalities, safety regions
and the ten police units.

Codes are CBS codes (``PV20``, ``GM0193``, ``VR04``) so data from CBS, the
inventory survey and open-data exports join without translation tables.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Province(models.Model):
    code = models.CharField(_("CBS-code"), max_length=4, unique=True)
    name = models.CharField(_("naam"), max_length=50, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("provincie")
        verbose_name_plural = _("provincies")

    def __str__(self) -> str:
        return self.name


class PoliceUnit(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(_("naam"), max_length=50, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("politie-eenheid")
        verbose_name_plural = _("politie-eenheden")

    def __str__(self) -> str:
        return self.name


class SafetyRegion(models.Model):
    code = models.CharField(_("CBS-code"), max_length=4, unique=True)
    name = models.CharField(_("naam"), max_length=60, unique=True)
    police_unit = models.ForeignKey(
        PoliceUnit, on_delete=models.PROTECT, related_name="safety_regions"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("veiligheidsregio")
        verbose_name_plural = _("veiligheidsregio's")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    code = models.CharField(_("CBS-code"), max_length=6, unique=True)
    name = models.CharField(_("naam"), max_length=80, unique=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="municipalities")
    safety_region = models.ForeignKey(
        SafetyRegion, on_delete=models.PROTECT, related_name="municipalities"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self) -> str:
        return self.name

    @property
    def police_unit(self) -> PoliceUnit:
        return self.safety_region.police_unit


class MunicipalityAlias(models.Model):
    """Another name people use for a municipality ("Den Haag", "Den Bosch")."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("naam"), max_length=80, unique=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("andere naam")
        verbose_name_plural = _("andere namen")

    def __str__(self) -> str:
        return self.name
