from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from . import moderation
from .constants import CampaignAudience, Form, Moderation
from .material_files import has_file
from .models import (
    Campaign,
    CampaignLink,
    CampaignMaker,
    Evaluation,
    LinkVisit,
    Material,
    ReachFigure,
    Sender,
)
from .register import KnownCodes


class UnchangedSinceShown(forms.ModelForm):
    """Refuses to save a row that changed after the form was shown (moderation.py).

    The form carries the ``updated_at`` it showed. Without this, a staff
    member could publish a maker's change they never saw, and their save
    would write the old text back over it.
    """

    seen_updated_at = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and self.instance.updated_at is not None:
            self.fields["seen_updated_at"].initial = self.instance.updated_at.isoformat()

    def clean(self):
        data = super().clean()
        if self.instance.pk is not None:
            seen = moderation.parse_moment(data.get("seen_updated_at"))
            if seen is None or seen != self.instance.updated_at:
                self.add_error(
                    None,
                    forms.ValidationError(
                        _(
                            "Dit is gewijzigd nadat u deze pagina opende. Er is niets "
                            "opgeslagen. Open de pagina opnieuw, bekijk de wijzigingen en "
                            "beslis dan."
                        ),
                        code="stale",
                    ),
                )
        return data


class PageMomentActionForm(helpers.ActionForm):
    """The action bar, with the moment the list was made (moderation.py)."""

    loaded_at = forms.CharField(
        label="", required=False, widget=forms.HiddenInput, initial=moderation.page_moment
    )


class CampaignActionForm(PageMomentActionForm):
    note = forms.CharField(
        label=_("Reden (bij afwijzen, voor de maker):"), required=False, max_length=2000
    )


def _page_moment(modeladmin, request):
    """The list page's moment, or None after telling the staff member why nothing happened."""
    loaded_at = moderation.parse_moment(request.POST.get(moderation.LOADED_AT))
    if loaded_at is None:
        modeladmin.message_user(
            request,
            _("Er is niets gepubliceerd: open de lijst opnieuw en probeer het nog eens."),
            messages.ERROR,
        )
    return loaded_at


def _report_stale(modeladmin, request, stale: int) -> None:
    if stale:
        modeladmin.message_user(
            request,
            ngettext(
                "%d rij is niet gepubliceerd: die is gewijzigd nadat u de lijst opende. "
                "Bekijk de wijziging en beslis opnieuw.",
                "%d rijen zijn niet gepubliceerd: die zijn gewijzigd nadat u de lijst opende. "
                "Bekijk de wijzigingen en beslis opnieuw.",
                stale,
            )
            % stale,
            messages.WARNING,
        )


class CampaignAdminForm(UnchangedSinceShown):
    """The JSON lists hold ids; check them as strictly as the data file is."""

    class Meta:
        model = Campaign
        # The admin adds the fieldsets' fields; these are the ones checked here.
        fields = ["audiences", "forms", "areas"]

    def clean(self):
        data = super().clean()
        if (
            data.get("moderation") == Moderation.REJECTED
            and not (data.get("moderation_note") or "").strip()
        ):
            # The maker reads the note: a rejection without a reason helps nobody.
            self.add_error("moderation_note", _("Schrijf bij een afwijzing waarom, voor de maker."))
        return data

    def _ids(self, name: str, allowed, *, nullable: bool = False):
        value = self.cleaned_data.get(name)
        if value is None:
            # An empty field: "not recorded" where the model allows it, else none.
            return None if nullable else []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise forms.ValidationError(_('Geef een lijst van codes, bijvoorbeeld ["citizens"].'))
        unknown = [v for v in value if v not in allowed]
        if unknown:
            raise forms.ValidationError(
                _("Onbekende code(s): %(codes)s."), params={"codes": ", ".join(unknown)}
            )
        if len(set(value)) != len(value):
            raise forms.ValidationError(_("Een code staat er meer dan eens in."))
        return value

    def clean_audiences(self):
        return self._ids("audiences", set(CampaignAudience.values))

    def clean_forms(self):
        forms_ = self._ids("forms", set(Form.values), nullable=True)
        return sorted(forms_) if forms_ is not None else None

    def clean_areas(self):
        return self._ids("areas", KnownCodes.from_database().areas)


class WaitingFilter(admin.SimpleListFilter):
    """Published campaigns with a maker's change (text or address) that waits for staff."""

    title = _("wijziging wacht")
    parameter_name = "wacht"

    def lookups(self, request, model_admin):
        return [("ja", _("Ja")), ("nee", _("Nee"))]

    def queryset(self, request, queryset):
        nothing_waits = models.Q(pending_url="", pending_changes={})
        if self.value() == "ja":
            return queryset.exclude(nothing_waits)
        if self.value() == "nee":
            return queryset.filter(nothing_waits)
        return queryset


class SenderInline(admin.TabularInline):
    model = Sender
    extra = 0
    fields = ["position", "name", "organisation"]
    autocomplete_fields = ["organisation"]


@admin.register(Campaign)
class CampaignAdmin(SimpleHistoryAdmin):
    """The register, and the moderation of what campaign makers register.

    A maker's campaign waits ("Wacht op controle") until staff publish it;
    a published campaign's new public text and landing address wait in
    ``pending_changes`` and ``pending_url`` (models.Campaign), shown beside
    the current ones. Publishing is a list action or the change form; both
    refuse a row the maker changed after the page was made (moderation.py),
    and the list action applies everything that waits. Rejecting needs a
    reason for the maker: the action bar's field, or the note on the change
    form.
    """

    form = CampaignAdminForm
    action_form = CampaignActionForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "name",
        "moderation",
        "origin",
        "complete",
        "forms_display",
        "region",
        "starts_on",
        "ends_on",
        "owner",
        "url_display",
        "waiting_display",
        "is_active",
        "updated_at",
    ]
    list_filter = [
        "moderation",
        WaitingFilter,
        "origin",
        "complete",
        "call_to_action",
        "is_active",
    ]
    search_fields = ["name", "slug", "goal", "region", "note", "senders__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["owner"]
    inlines = [SenderInline]
    readonly_fields = [
        "updated_at",
        "pending_url",
        "pending_changes_display",
        "moderated_by",
        "moderated_at",
    ]
    actions = ["publish", "reject", "reject_pending"]
    fieldsets = [
        (
            _("Controle"),
            {
                "fields": [
                    "moderation",
                    "moderation_note",
                    "pending_changes_display",
                    "pending_url",
                    "moderated_by",
                    "moderated_at",
                    "seen_updated_at",
                ]
            },
        ),
        (None, {"fields": ["name", "slug", "origin", "complete", "owner", "is_active"]}),
        (
            _("Inhoud"),
            {
                "fields": [
                    "goal",
                    "audiences",
                    "forms",
                    "format",
                    "channels",
                    "call_to_action",
                    "url",
                ]
            },
        ),
        (_("Gebied en periode"), {"fields": ["region", "areas", "period", "starts_on", "ends_on"]}),
        (_("Bron"), {"fields": ["source", "note", "updated_at"]}),
    ]

    @admin.display(description=_("vormen"))
    def forms_display(self, obj: Campaign) -> str:
        return obj.forms_key or "-"

    @admin.display(description=_("webadres"))
    def url_display(self, obj: Campaign) -> str:
        # As text to copy, never a link: staff check an address before they
        # open it. A waiting address is shown beside the approved one.
        if obj.pending_url:
            return format_html(
                "{}<br>{} {}", obj.url or "-", _("nieuw, wacht op controle:"), obj.pending_url
            )
        return obj.url or "-"

    @admin.display(description=_("tekst wacht op controle"))
    def waiting_display(self, obj: Campaign) -> str:
        # Text only (escaped): what a maker wrote is never markup here.
        return (
            format_html_join(
                "",
                "<p>{}: {} &rarr; {}</p>",
                (
                    (label, Truncator(public).chars(80) or "-", Truncator(new).chars(80) or "-")
                    for label, public, new in obj.waiting_changes
                ),
            )
            or "-"
        )

    @admin.display(description=_("nieuwe tekst, wacht op controle"))
    def pending_changes_display(self, obj: Campaign) -> str:
        waiting = obj.waiting_changes
        if not waiting:
            return "-"
        return format_html(
            '<table class="pending-changes"><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr>'
            "</thead><tbody>{}</tbody></table>",
            _("veld"),
            _("nu openbaar"),
            _("nieuw, wacht op controle"),
            format_html_join(
                "",
                '<tr><th scope="row">{}</th><td>{}</td><td>{}</td></tr>',
                ((label, public or "-", new or "-") for label, public, new in waiting),
            ),
        )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("owner")

    def save_model(self, request, obj: Campaign, form, change):
        # Text staff wrote themselves decides: the maker's version of that
        # field waits no more (and is not applied over it below).
        waiting = dict(obj.pending_changes or {})
        for field in Campaign.HELD_FIELDS:
            if field in form.changed_data or waiting.get(field) == getattr(obj, field):
                waiting.pop(field, None)
        obj.pending_changes = waiting
        if obj.pending_url and ("url" in form.changed_data or obj.url == obj.pending_url):
            obj.pending_url = ""
        if "moderation" in form.changed_data:
            moderation.decide(
                obj, obj.moderation, request.user, obj.moderation_note, timezone.now()
            )
        super().save_model(request, obj, form, change)

    @admin.action(
        description=_("Geselecteerde campagnes publiceren (met de wijzigingen die wachten)"),
        permissions=["change"],
    )
    def publish(self, request, queryset):
        loaded_at = _page_moment(self, request)
        if loaded_at is None:
            return
        waiting = queryset.exclude(
            moderation=Moderation.PUBLISHED, pending_url="", pending_changes={}
        )
        now = timezone.now()
        published, stale = moderation.publish_unchanged(
            waiting,
            loaded_at,
            lambda c: moderation.decide(c, Moderation.PUBLISHED, request.user, "", now),
        )
        self.message_user(
            request,
            ngettext("%d campagne gepubliceerd.", "%d campagnes gepubliceerd.", published)
            % published,
            messages.SUCCESS,
        )
        _report_stale(self, request, stale)

    def _note(self, request) -> str | None:
        note = (request.POST.get("note") or "").strip()
        if not note:
            self.message_user(
                request,
                _("Er is niets afgewezen: schrijf de reden voor de maker in het veld ‘Reden’."),
                messages.ERROR,
            )
            return None
        return note[:2000]

    @admin.action(
        description=_("Geselecteerde campagnes afwijzen (offline)"), permissions=["change"]
    )
    def reject(self, request, queryset):
        note = self._note(request)
        if note is None:
            return
        now = timezone.now()
        count = 0
        # One by one, so each decision is in the campaign's history. No check
        # of the page's moment: taking a campaign offline is safe whatever
        # the maker changed.
        for campaign in queryset.exclude(moderation=Moderation.REJECTED):
            moderation.decide(campaign, Moderation.REJECTED, request.user, note, now)
            campaign.save()
            count += 1
        self.message_user(
            request,
            ngettext("%d campagne afgewezen.", "%d campagnes afgewezen.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(
        description=_(
            "Wachtende wijzigingen (tekst en webadres) van geselecteerde campagnes afwijzen"
        ),
        permissions=["change"],
    )
    def reject_pending(self, request, queryset):
        note = self._note(request)
        if note is None:
            return
        now = timezone.now()
        count = 0
        # No check of the page's moment: the campaign stays public as staff
        # approved it, whatever the maker changed; the note tells them why.
        for campaign in queryset.exclude(pending_url="", pending_changes={}):
            moderation.reject_pending(campaign, request.user, note, now)
            campaign.save()
            count += 1
        self.message_user(
            request,
            ngettext(
                "Van %d campagne zijn de wachtende wijzigingen afgewezen.",
                "Van %d campagnes zijn de wachtende wijzigingen afgewezen.",
                count,
            )
            % count,
            messages.SUCCESS,
        )


@admin.register(Sender)
class SenderAdmin(SimpleHistoryAdmin):
    list_display = ["name", "campaign", "organisation", "position"]
    list_filter = [("organisation", admin.EmptyFieldListFilter)]
    search_fields = ["name", "campaign__name", "organisation__name"]
    autocomplete_fields = ["campaign", "organisation"]
    list_select_related = ["campaign", "organisation"]


class LinkVisitInline(admin.TabularInline):
    """Counts only, written by the link view; nothing here to edit."""

    model = LinkVisit
    extra = 0
    fields = ["day", "count"]
    readonly_fields = ["day", "count"]
    can_delete = False
    ordering = ["-day"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CampaignLink)
class CampaignLinkAdmin(SimpleHistoryAdmin):
    list_display = ["code", "campaign", "target", "label", "is_active", "created_at"]
    list_filter = ["target", "is_active"]
    search_fields = ["code", "label", "campaign__name"]
    autocomplete_fields = ["campaign"]
    list_select_related = ["campaign"]
    inlines = [LinkVisitInline]

    def get_readonly_fields(self, request, obj=None):
        # The code is printed on posters and in QR codes: once made it never
        # changes, or every copy already out there would lead nowhere.
        fields = ["created_at"]
        if obj is not None:
            fields.append("code")
        return fields


# --- The materials library ----------------------------------------------------


class MaterialModerationForm(UnchangedSinceShown):
    class Meta:
        model = Material
        fields = ["status", "moderation_note"]

    def clean(self):
        data = super().clean()
        if (
            data.get("status") == Moderation.REJECTED
            and not (data.get("moderation_note") or "").strip()
        ):
            # The maker reads the note: a rejection without a reason helps nobody.
            self.add_error(
                "moderation_note", _("Schrijf bij een afwijzing waarom, voor de eigenaar.")
            )
        return data


@admin.register(Material)
class MaterialAdmin(SimpleHistoryAdmin):
    """Moderation: staff publish or reject what makers uploaded; they do not edit it.

    Only the status and the note can be changed: the content is the owner's.
    Publishing is also a list action; a rejection needs a note, so it is made
    on the material's own page.
    """

    form = MaterialModerationForm
    action_form = PageMomentActionForm
    list_display = ["title", "owner", "kind", "licence", "status", "created_at", "moderated_at"]
    list_filter = ["status", "kind", "licence", ("owner", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "description", "owner__name", "campaign__name"]
    list_select_related = ["owner", "campaign"]
    actions = ["publish"]
    fieldsets = [
        (
            _("Controle"),
            {
                "fields": [
                    "status",
                    "moderation_note",
                    "moderated_by",
                    "moderated_at",
                    "seen_updated_at",
                ]
            },
        ),
        (
            _("Materiaal"),
            {
                "fields": [
                    "title",
                    "description",
                    "kind",
                    "owner",
                    "campaign",
                    "audiences",
                    "forms",
                    "languages",
                    "licence",
                    "file_link",
                    "external_link",
                    "uploaded_by",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]
    readonly_fields = [
        "moderated_by",
        "moderated_at",
        "title",
        "description",
        "kind",
        "owner",
        "campaign",
        "audiences",
        "forms",
        "languages",
        "licence",
        "file_link",
        "external_link",
        "uploaded_by",
        "created_at",
        "updated_at",
    ]

    def has_add_permission(self, request):
        # Materials come from their owners (the makers' upload), never from staff.
        return False

    @admin.display(description=_("bestand"))
    def file_link(self, obj: Material) -> str:
        if not has_file(obj):
            return "-"
        return format_html(
            '<a href="{}">{}</a> ({}, {} bytes)',
            reverse("admin:campaigns_material_file", args=[obj.pk]),
            obj.file_name,
            obj.content_type,
            obj.size,
        )

    @admin.display(description=_("webadres"))
    def external_link(self, obj: Material) -> str:
        if not obj.external_url.startswith(("https://", "http://")):
            return "-"
        # Shown as text to copy: staff check a link before they open it.
        return obj.external_url

    def get_urls(self):
        return [
            path(
                "<int:pk>/bestand/",
                self.admin_site.admin_view(self.file_view),
                name="campaigns_material_file",
            ),
            *super().get_urls(),
        ]

    def file_view(self, request, pk: int):
        """The file as uploaded after checking, so staff can see it before publishing."""
        from .material_views import file_response

        if not self.has_view_permission(request):
            raise PermissionDenied
        material = Material.objects.filter(pk=pk).first()
        if material is None or not has_file(material):
            raise Http404
        return file_response(material)

    def save_model(self, request, obj: Material, form, change):
        if "status" in form.changed_data:
            obj.moderated_by = request.user
            obj.moderated_at = timezone.now()
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Geselecteerde materialen publiceren"), permissions=["change"])
    def publish(self, request, queryset):
        # Only what was unchanged when the list was made (moderation.py): a
        # maker's new upload after that has not been seen by anyone.
        loaded_at = _page_moment(self, request)
        if loaded_at is None:
            return
        now = timezone.now()

        def publish(material: Material) -> None:
            material.status = Moderation.PUBLISHED
            material.moderated_by = request.user
            material.moderated_at = now

        count, stale = moderation.publish_unchanged(
            queryset.exclude(status=Moderation.PUBLISHED), loaded_at, publish
        )
        self.message_user(
            request,
            ngettext("%d materiaal gepubliceerd.", "%d materialen gepubliceerd.", count) % count,
            messages.SUCCESS,
        )
        _report_stale(self, request, stale)


@admin.register(Evaluation)
class EvaluationAdmin(SimpleHistoryAdmin):
    list_display = ["campaign", "evidence_level", "has_insight", "impact_researched", "updated_at"]
    list_filter = ["evidence_level", "has_insight", "impact_researched"]
    search_fields = ["campaign__name"]
    autocomplete_fields = ["campaign"]
    list_select_related = ["campaign"]
    readonly_fields = ["updated_by", "updated_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ReachFigure)
class ReachFigureAdmin(admin.ModelAdmin):
    list_display = ["campaign", "period_start", "period_end", "channel", "impressions", "clicks"]
    list_filter = ["channel"]
    search_fields = ["campaign__name", "channel", "source"]
    autocomplete_fields = ["campaign"]
    list_select_related = ["campaign"]
    readonly_fields = ["entered_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(CampaignMaker)
class CampaignMakerAdmin(SimpleHistoryAdmin):
    """Which account keeps which organisation's campaigns and materials."""

    list_display = ["user", "organisation"]
    search_fields = ["user__username", "organisation__name"]
    autocomplete_fields = ["organisation"]
    list_select_related = ["user", "organisation"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # As for partner memberships: an administrator does not make
        # themselves the voice of an organisation.
        if db_field.name == "user":
            kwargs["queryset"] = get_user_model().objects.exclude(pk=request.user.pk)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
