from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

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


class CampaignAdminForm(forms.ModelForm):
    """The JSON lists hold ids; check them as strictly as the data file is."""

    class Meta:
        model = Campaign
        # The admin adds the fieldsets' fields; these are the ones checked here.
        fields = ["audiences", "forms", "areas"]

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


class SenderInline(admin.TabularInline):
    model = Sender
    extra = 0
    fields = ["position", "name", "organisation"]
    autocomplete_fields = ["organisation"]


@admin.register(Campaign)
class CampaignAdmin(SimpleHistoryAdmin):
    form = CampaignAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "name",
        "origin",
        "complete",
        "forms_display",
        "region",
        "starts_on",
        "ends_on",
        "owner",
        "is_active",
        "updated_at",
    ]
    list_filter = ["origin", "complete", "call_to_action", "is_active"]
    search_fields = ["name", "slug", "goal", "region", "note", "senders__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["owner"]
    inlines = [SenderInline]
    readonly_fields = ["updated_at"]
    fieldsets = [
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

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("owner")


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


class MaterialModerationForm(forms.ModelForm):
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
    list_display = ["title", "owner", "kind", "licence", "status", "created_at", "moderated_at"]
    list_filter = ["status", "kind", "licence", ("owner", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "description", "owner__name", "campaign__name"]
    list_select_related = ["owner", "campaign"]
    actions = ["publish"]
    fieldsets = [
        (_("Controle"), {"fields": ["status", "moderation_note", "moderated_by", "moderated_at"]}),
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
        now = timezone.now()
        count = 0
        # One by one, so each change is in the material's history.
        for material in queryset.exclude(status=Moderation.PUBLISHED):
            material.status = Moderation.PUBLISHED
            material.moderated_by = request.user
            material.moderated_at = now
            material.save(update_fields=["status", "moderated_by", "moderated_at", "updated_at"])
            count += 1
        self.message_user(
            request,
            ngettext("%d materiaal gepubliceerd.", "%d materialen gepubliceerd.", count) % count,
            messages.SUCCESS,
        )


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
