"""The campaign register: campaigns, who sent them, and their short links."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from trafficking.directory.models import Organisation

from .constants import (
    Answer,
    CallToAction,
    CampaignList,
    EvidenceLevel,
    Licence,
    LinkTarget,
    MaterialKind,
    Moderation,
    forms_key,
)


def public_filter(prefix: str = "") -> models.Q:
    """The condition for a campaign to be public: active and published by staff.

    ``prefix`` reaches it through a relation (``"campaign__"`` from a link),
    so a query on links or mentions asks exactly what ``active()`` asks.
    """
    return models.Q(**{f"{prefix}is_active": True, f"{prefix}moderation": Moderation.PUBLISHED})


class CampaignQuerySet(models.QuerySet):
    def active(self):
        """Campaigns anyone may see: every public page, the API and the links use this."""
        return self.filter(public_filter())

    def online_search(self):
        return self.filter(origin=CampaignList.ONLINE_SEARCH)

    def running_on(self, day):
        """Campaigns running on ``day``: started (or said to run on) and not yet ended."""
        started = models.Q(starts_on__lte=day) | models.Q(starts_on__isnull=True, ongoing=True)
        not_ended = models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=day)
        return self.filter(started & not_ended)


class Campaign(models.Model):
    """One campaign of the register.

    Moderation: a campaign an organisation registers (origin "registered") is
    ``submitted`` until staff publish it; until then it is nowhere public (not
    in the register, coverage, calendar, API, "how did you hear of us?", and
    its short links answer as an unknown code). New rows are submitted unless
    their maker says otherwise: the transcribed register (load_campaigns) and
    staff in the admin publish explicitly, so a forgotten path stays private.

    Once published, what a maker changes in the text the public reads (the
    ``HELD_FIELDS``: shown on the public pages, in the API and as the "how did
    you hear of us?" choice) and in the landing address waits for staff: a
    taken-over maker account must not put a false helpline number in front of
    victims. ``url`` is what staff approved, and where the short links send
    people; a new address waits in ``pending_url``, new text in
    ``pending_changes`` ({field: new value}), while the campaign stays public
    as approved. Publishing applies all of it in one save (so the history has
    the decision). Taking the whole campaign offline for a change would break
    every poster already out there, so only the change waits. Both are only
    ever set on a published campaign. The lists, dates and call to action
    (choices from fixed sets) still change at once.
    """

    # The free-text fields a maker edits that the public sees.
    HELD_FIELDS = ("name", "goal", "format", "channels")

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    origin = models.CharField(_("herkomst"), max_length=30, choices=CampaignList.choices)
    # False for the 23 campaigns of appendix B.2: only the name is known and
    # the details are open for their owners to complete.
    complete = models.BooleanField(_("volledig beschreven"), default=True)
    goal = models.TextField(_("doel"), blank=True)
    audiences = models.JSONField(_("doelgroepen"), default=list, blank=True)
    # [] is "mensenhandel in het algemeen"; None means nobody recorded it.
    forms = models.JSONField(_("vormen van uitbuiting"), null=True, blank=True)
    format = models.CharField(_("vorm van de campagne"), max_length=300, blank=True)
    channels = models.CharField(_("kanalen"), max_length=300, blank=True)
    # The region as the source states it, and the areas it was read as: CBS
    # codes ("NL", "PV27", "VR17", "GM0363"), so coverage can count provinces.
    region = models.CharField(_("regio volgens bron"), max_length=200, blank=True)
    areas = models.JSONField(_("gebieden"), default=list, blank=True)
    # The period as stated, and the dates it was read as (None where unknown;
    # an empty end with a start means it still runs).
    period = models.CharField(_("periode volgens bron"), max_length=300, blank=True)
    starts_on = models.DateField(_("begint op"), null=True, blank=True)
    ends_on = models.DateField(_("eindigt op"), null=True, blank=True)
    # The source says it still runs ("loopt nog", "sinds ...") without a usable
    # start date: counted as running when no end has passed.
    ongoing = models.BooleanField(_("loopt nog volgens bron"), default=False)
    call_to_action = models.CharField(
        _("oproep"), max_length=20, choices=CallToAction.choices, blank=True
    )
    url = models.URLField(_("webadres"), blank=True)
    note = models.TextField(_("opmerking"), blank=True)
    source = models.TextField(_("bron"), blank=True)
    # The organisation that keeps this entry current (its account may edit it).
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("beheerder"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_campaigns",
    )
    is_active = models.BooleanField(_("actief"), default=True)
    moderation = models.CharField(
        _("controle"), max_length=12, choices=Moderation.choices, default=Moderation.SUBMITTED
    )
    moderation_note = models.TextField(_("toelichting bij de controle"), blank=True)
    moderated_by = models.ForeignKey(
        "auth.User",
        verbose_name=_("gecontroleerd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("gecontroleerd op"), null=True, blank=True)
    # A maker's new landing address for a published campaign, waiting for staff.
    pending_url = models.URLField(_("nieuw webadres, wacht op controle"), blank=True)
    # A maker's new text for a published campaign: {field of HELD_FIELDS: value}.
    pending_changes = models.JSONField(
        _("nieuwe tekst, wacht op controle"), default=dict, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("campagne")
        verbose_name_plural = _("campagnes")

    def __str__(self) -> str:
        return self.name

    @property
    def forms_key(self) -> str | None:
        return forms_key(self.forms)

    @property
    def is_public(self) -> bool:
        """What ``active()`` asks, for one campaign in hand."""
        return self.is_active and self.moderation == Moderation.PUBLISHED

    def pending(self, field: str) -> str:
        """``field`` as its maker last wrote it: the waiting value, else the public one."""
        waiting = self.pending_changes or {}
        return waiting[field] if field in waiting else getattr(self, field)

    @property
    def waiting_changes(self) -> list[tuple[str, str, str]]:
        """(label, public value, waiting value) for each waiting text, in form order."""
        waiting = self.pending_changes or {}
        labels = {f.name: f.verbose_name for f in self._meta.concrete_fields}
        return [
            (str(labels[f]), getattr(self, f), waiting[f]) for f in self.HELD_FIELDS if f in waiting
        ]


class Sender(models.Model):
    """One party that sent a campaign, linked to the directory where it is there."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="senders")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("naam"), max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie in de wegwijzer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="campaigns_sent",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["campaign", "position", "id"]
        verbose_name = _("afzender")
        verbose_name_plural = _("afzenders")

    def __str__(self) -> str:
        return self.name


class CampaignLink(models.Model):
    """A short link (``/c/<code>``) printed on a poster or used in an advert.

    Visits are counted per day and nothing else: no address, user agent or
    cookie, so a count can never say who visited.
    """

    code = models.SlugField(_("code"), max_length=32, unique=True)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="links")
    target = models.CharField(_("bestemming"), max_length=20, choices=LinkTarget.choices)
    # Where the link was used ("poster Tilburg station", "Instagram advert").
    label = models.CharField(_("gebruikt voor"), max_length=200, blank=True)
    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["campaign", "code"]
        verbose_name = _("campagnelink")
        verbose_name_plural = _("campagnelinks")

    def __str__(self) -> str:
        return self.code


class LinkVisit(models.Model):
    """How many times a campaign link was followed on one day."""

    link = models.ForeignKey(CampaignLink, on_delete=models.CASCADE, related_name="visits")
    day = models.DateField(_("dag"))
    count = models.PositiveIntegerField(_("aantal"), default=0)

    class Meta:
        ordering = ["link", "day"]
        verbose_name = _("bezoeken per dag")
        verbose_name_plural = _("bezoeken per dag")
        constraints = [models.UniqueConstraint(fields=["link", "day"], name="unique_link_day")]

    def __str__(self) -> str:
        return f"{self.link} {self.day}: {self.count}"


class Mention(models.Model):
    """How many reports or questions in one week answered "how did you hear of us?".

    Only this count is kept outside the sealed report: the answer itself is
    inside the report's encrypted content. A week, not a day, so a count can
    not be matched to the one report that came in on a quiet day.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="mentions")
    # The Monday of the week.
    week = models.DateField(_("week"))
    kind = models.CharField(_("soort"), max_length=10)  # a report's kind: report / advice
    count = models.PositiveIntegerField(_("aantal"), default=0)

    class Meta:
        ordering = ["campaign", "week", "kind"]
        verbose_name = _("vermelding")
        verbose_name_plural = _("vermeldingen")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "week", "kind"], name="unique_mention_week_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign} {self.week} {self.kind}: {self.count}"


class ReportTally(models.Model):
    """Reports received per day, province, form of exploitation and kind.

    The reporting point deletes reports on schedule; a campaign's effect is
    measured over years. This count is all that outlives a report: no text, no
    municipality, nothing that says which report it was.
    """

    day = models.DateField(_("dag"))
    # A province code (PVxx), "abroad", or "" when the reporter did not say.
    region = models.CharField(_("regio"), max_length=8, blank=True)
    # A directory Form id, or "" when not known.
    form = models.CharField(_("vorm"), max_length=16, blank=True)
    kind = models.CharField(_("soort"), max_length=10)
    # How the report came in (reports.constants.Channel: web, api, phone,
    # partner); "" for tallies counted before channels were (issue 13).
    channel = models.CharField(_("kanaal"), max_length=10, blank=True, default="")
    count = models.PositiveIntegerField(_("aantal"), default=0)

    class Meta:
        ordering = ["day", "region", "form", "kind", "channel"]
        verbose_name = _("aantal meldingen per dag")
        verbose_name_plural = _("aantallen meldingen per dag")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "region", "form", "kind", "channel"], name="unique_report_tally"
            )
        ]
        indexes = [models.Index(fields=["region", "form", "day"])]

    def __str__(self) -> str:
        return (
            f"{self.day} {self.region or '-'} {self.form or '-'} {self.kind}"
            f" {self.channel or '-'}: {self.count}"
        )


class IntakeCapacity(models.Model):
    """How many reports a week the reporting point can take: set by a supervisor.

    The newest row whose ``effective_from`` has come is the one in force, so
    a supervisor can enter next month's roster now, and the history stays.
    """

    effective_from = models.DateField(_("geldt vanaf"))
    hours_per_week = models.DecimalField(_("uren intake per week"), max_digits=6, decimal_places=1)
    minutes_per_report = models.PositiveSmallIntegerField(_("minuten per melding"))
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    set_by = models.ForeignKey(
        "auth.User", verbose_name=_("ingesteld door"), on_delete=models.PROTECT, null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_from", "-created_at"]
        verbose_name = _("intakecapaciteit")
        verbose_name_plural = _("intakecapaciteit")
        get_latest_by = ["effective_from", "created_at"]

    def __str__(self) -> str:
        return f"{self.hours_per_week} h/week from {self.effective_from}"


class CampaignMaker(models.Model):
    """An account that keeps the campaigns and materials of one organisation.

    Separate from the partner portal's membership on purpose: making
    campaigns gives no access to forwarded reports, and the other way round.
    """

    user = models.OneToOneField(
        "auth.User", on_delete=models.CASCADE, related_name="campaign_maker"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="campaign_makers"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("campagnemaker")
        verbose_name_plural = _("campagnemakers")

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})"


class Material(models.Model):
    """One item of the shared library: a file (checked like a report's attachment)."""

    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beschrijving"), blank=True)
    kind = models.CharField(_("soort"), max_length=20, choices=MaterialKind.choices)
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("eigenaar"),
        on_delete=models.PROTECT,
        related_name="materials",
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campagne"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="materials",
    )
    audiences = models.JSONField(_("doelgroepen"), default=list, blank=True)
    # [] is "mensenhandel in het algemeen", as for campaigns.
    forms = models.JSONField(_("vormen van uitbuiting"), default=list, blank=True)
    languages = models.JSONField(_("talen"), default=list, blank=True)
    licence = models.CharField(_("licentie"), max_length=20, choices=Licence.choices)
    # The checked file: its name in MATERIAL_DIR, never the uploader's name.
    # "" for a material that is only a link (unique among the stored files).
    stored_name = models.CharField(max_length=64, blank=True)
    file_name = models.CharField(_("bestandsnaam"), max_length=120, blank=True)
    content_type = models.CharField(max_length=60, blank=True)
    size = models.PositiveIntegerField(default=0)
    # Videos and e-learnings live elsewhere: the library links to them, never
    # embeds them (no third-party requests from our pages).
    external_url = models.URLField(_("webadres (video, e-learning)"), blank=True)
    status = models.CharField(
        _("controle"), max_length=12, choices=Moderation.choices, default=Moderation.SUBMITTED
    )
    moderation_note = models.TextField(_("toelichting bij de controle"), blank=True)
    moderated_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("materiaal")
        verbose_name_plural = _("materialen")
        constraints = [
            models.UniqueConstraint(
                fields=["stored_name"],
                condition=~models.Q(stored_name=""),
                name="unique_material_file",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Evaluation(models.Model):
    """What is known of a campaign's results: the questions of appendix C.4.1 and C.4.2."""

    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, related_name="evaluation")
    # C.4.1: is there insight into the results, and was the impact researched?
    has_insight = models.CharField(
        _("Is er inzicht in de resultaten?"), max_length=10, choices=Answer.choices, blank=True
    )
    impact_researched = models.CharField(
        _("Is de impact onderzocht?"), max_length=10, choices=Answer.choices, blank=True
    )
    # C.4.2: did these increase because of the campaign?
    more_reports = models.CharField(
        _("Meer meldingen?"), max_length=10, choices=Answer.choices, blank=True
    )
    more_knowledge = models.CharField(
        _("Meer kennis over mensenhandel?"), max_length=10, choices=Answer.choices, blank=True
    )
    more_signal_awareness = models.CharField(
        _("Meer bewustzijn van signalen?"), max_length=10, choices=Answer.choices, blank=True
    )
    more_reporting_point_awareness = models.CharField(
        _("Meer bekendheid van het meldpunt?"), max_length=10, choices=Answer.choices, blank=True
    )
    other_results = models.TextField(_("Andere resultaten"), blank=True)
    research_document = models.URLField(_("Onderzoeksdocument (webadres)"), blank=True)
    evidence_level = models.CharField(
        _("Niveau van bewijs"), max_length=10, choices=EvidenceLevel.choices, default="none"
    )
    updated_by = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluatie")
        verbose_name_plural = _("evaluaties")

    def __str__(self) -> str:
        return f"{self.campaign}"


class ReachFigure(models.Model):
    """Reach of a campaign over a period, entered by hand or imported from an ad platform."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reach")
    period_start = models.DateField(_("van"))
    period_end = models.DateField(_("tot en met"))
    channel = models.CharField(_("kanaal"), max_length=100, blank=True)
    impressions = models.PositiveBigIntegerField(_("vertoningen"), null=True, blank=True)
    complete_views = models.PositiveBigIntegerField(_("volledig bekeken"), null=True, blank=True)
    clicks = models.PositiveBigIntegerField(_("kliks"), null=True, blank=True)
    landing_visits = models.PositiveBigIntegerField(
        _("bezoeken landingspagina"), null=True, blank=True
    )
    people_trained = models.PositiveIntegerField(_("mensen getraind"), null=True, blank=True)
    materials_distributed = models.PositiveIntegerField(
        _("materialen verspreid"), null=True, blank=True
    )
    source = models.CharField(_("bron"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["campaign", "period_start", "channel"]
        verbose_name = _("bereikcijfer")
        verbose_name_plural = _("bereikcijfers")

    def __str__(self) -> str:
        return f"{self.campaign} {self.period_start}–{self.period_end} {self.channel}"
