"""Organisations in the directory, how to reach them and where they work."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .constants import AreaScope, ChannelKind, Kind, OperatorType, Scale, SharingCategory


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def in_inventory(self):
        return self.filter(in_inventory=True)

    def reporting_points(self):
        return self.filter(kind__in=[Kind.REPORTING_POINT, Kind.BOTH])

    def knowledge_centres(self):
        return self.filter(kind__in=[Kind.KNOWLEDGE_CENTRE, Kind.BOTH])


class Organisation(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    # The inventory counts 95 meldpunten and 39 kenniscentra; services such as
    # 112 that the router needs but the report did not count are kept out of
    # those figures with this flag.
    in_inventory = models.BooleanField(_("in de inventarisatie"), default=True)
    section = models.CharField(_("bijlage"), max_length=10, blank=True)
    scale_in_source = models.CharField(_("schaal volgens bron"), max_length=40, blank=True)
    reporting_scale = models.CharField(
        _("schaal als meldpunt"), max_length=10, choices=Scale.choices, blank=True
    )
    knowledge_scale = models.CharField(
        _("schaal als kenniscentrum"), max_length=10, choices=Scale.choices, blank=True
    )
    operator_type = models.CharField(
        _("type organisatie"), max_length=30, choices=OperatorType.choices
    )
    is_care_coordinator = models.BooleanField(_("zorgcoördinator"), default=False)
    # Decides which of the reporter's consents covers a forward here. No
    # default on purpose: a row nobody categorised holds "" and matches no
    # consent (only the four-eyes override), and the admin makes staff choose
    # instead of preselecting the first option.
    sharing_category = models.CharField(
        _("deelcategorie"), max_length=20, choices=SharingCategory.choices
    )
    sharing_category_reason = models.TextField(_("onderbouwing deelcategorie"), blank=True)
    role = models.TextField(_("rol"), blank=True)
    role_en = models.TextField(_("rol (Engels)"), blank=True)
    audiences = models.JSONField(_("doelgroepen"), default=list, blank=True)
    forms = models.JSONField(_("vormen van uitbuiting"), default=list, blank=True)
    focus = models.JSONField(_("bijzondere aandacht"), default=list, blank=True)
    discrepancies = models.JSONField(_("tegenstrijdigheden in de bron"), default=list, blank=True)
    # From the organisation's own survey answers (issue 13), once staff accept
    # them; values of ReportSource, ReportingMethod, FollowUpAction and
    # KnowledgeActivity. Empty: not known (the 2025 report did not list them
    # per organisation).
    report_sources = models.JSONField(_("herkomst meldingen"), default=list, blank=True)
    reporting_methods = models.JSONField(_("manieren van melden"), default=list, blank=True)
    follow_up = models.JSONField(_("acties bij een melding"), default=list, blank=True)
    knowledge_activities = models.JSONField(
        _("manieren van kennis aanbieden"), default=list, blank=True
    )
    source = models.TextField(_("bron"))
    is_active = models.BooleanField(_("actief"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self) -> str:
        return self.name


class Channel(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="channels"
    )
    kind = models.CharField(_("soort"), max_length=10, choices=ChannelKind.choices)
    value = models.CharField(_("waarde"), max_length=300)
    purpose = models.CharField(_("waarvoor"), max_length=300, blank=True)
    hours = models.CharField(_("openingstijden"), max_length=100, blank=True)
    languages = models.JSONField(_("talen"), default=list, blank=True)
    anonymous = models.BooleanField(_("anoniem mogelijk"), default=False)
    # Unverified details are shown with a warning: a wrong number for a victim
    # is worse than no number.
    verified = models.BooleanField(_("geverifieerd"), default=False)
    # Former or from an outdated page ("voorheen", "OUD"): still shown, with a
    # warning, but routing never offers it as the way to reach someone.
    outdated = models.BooleanField(_("verouderd"), default=False)
    source = models.CharField(_("bron"), max_length=500, blank=True)
    source_date = models.CharField(_("datum bron"), max_length=40, blank=True)
    note = models.TextField(_("opmerking"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "position", "id"]
        verbose_name = _("contactkanaal")
        verbose_name_plural = _("contactkanalen")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"


class ServiceArea(models.Model):
    """One area an organisation serves; the union of its areas is its region."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="service_areas"
    )
    scope = models.CharField(_("soort gebied"), max_length=20, choices=AreaScope.choices)
    # A CBS code (PV.., VR.., GM....), a police-unit slug, or "NL".
    code = models.CharField(_("code"), max_length=40)
    approximate = models.BooleanField(_("bij benadering"), default=False)
    note = models.TextField(_("opmerking"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "scope", "code"]
        verbose_name = _("werkgebied")
        verbose_name_plural = _("werkgebieden")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "scope", "code"], name="unique_service_area"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} {self.code}"
