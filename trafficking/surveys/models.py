"""Invitations to the inventory survey, the answers, and the changes they propose.

The flow (issue 13, ADR 0013):

1. Staff invite an organisation of the directory: an ``Invitation`` with a
   personal link. Only a hash of the link's token is stored, so a copy of the
   database does not open anyone's survey; the link is shown (and e-mailed)
   once.
2. The respondent fills in the survey page by page, without an account; every
   page is saved in the invitation's ``SurveyResponse`` (state ``draft``), so
   they can leave and come back. Submitting checks the whole response against
   the questionnaire's branching (responses.py) and marks it ``submitted``.
3. A submitted response proposes changes to the directory entry and to the
   campaign register: one ``ProposedChange`` per field, holding the value the
   record had when the change was proposed and the value the answers give.
   Staff accept or reject each one; accepting writes the record (with its
   history, simple_history, naming the response) and nothing reaches the
   public site before.

Responses loaded with ``import_responses`` have no invitation (``source``
``import``); they count in the statistics like the others but propose nothing.

Answers are kept in the import format of ``responses.py`` (``answers``:
{"q1": "text", "q2": ["a", "c"], "q3_text": "..."}, ``campaigns``: one such
object per campaign block), so the same checks and statistics read both.
They describe organisations, not victims: no personal data is asked for except
q36's optional e-mail address, which is why responses are deleted with their
invitation and staff see them only with the ``surveys`` permissions.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Invitation(models.Model):
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.CASCADE,
        related_name="survey_invitations",
        verbose_name=_("organisatie"),
    )
    # SHA-256 of the token in the link (hex). The token itself is never stored.
    token_hash = models.CharField(max_length=64, unique=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    # The language of the e-mails and the first page; the respondent can switch.
    language = models.CharField(_("taal"), max_length=5, default="nl")
    version = models.CharField(_("versie vragenlijst"), max_length=20)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uitgenodigd door"),
    )
    created_at = models.DateTimeField(_("uitgenodigd op"), default=timezone.now)
    expires_at = models.DateTimeField(_("geldig tot"))
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("herinneringen verstuurd"), default=0)
    last_sent_at = models.DateTimeField(_("laatst gemaild op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("uitnodiging voor de enquête")
        verbose_name_plural = _("uitnodigingen voor de enquête")
        permissions = [("review_survey", _("Enquêteantwoorden beoordelen en verwerken"))]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.created_at:%Y-%m-%d})"

    def is_open(self, now=None) -> bool:
        """Whether the link still opens the survey (not revoked, not expired)."""
        now = now or timezone.now()
        return self.revoked_at is None and now < self.expires_at


class ResponseState(models.TextChoices):
    DRAFT = "draft", _("Wordt ingevuld")
    SUBMITTED = "submitted", _("Ingestuurd")


class ResponseSource(models.TextChoices):
    INVITATION = "invitation", _("Uitnodiging")
    IMPORT = "import", _("Import")


class SurveyResponse(models.Model):
    invitation = models.OneToOneField(
        Invitation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="response",
        verbose_name=_("uitnodiging"),
    )
    source = models.CharField(
        _("herkomst"),
        max_length=10,
        choices=ResponseSource.choices,
        default=ResponseSource.INVITATION,
    )
    # Who answered, as the import file names them; for an invitation, the
    # organisation's slug. Unique per version among imports, so a file loaded
    # twice does not count twice.
    respondent = models.CharField(_("respondent"), max_length=200)
    version = models.CharField(_("versie vragenlijst"), max_length=20)
    state = models.CharField(
        _("status"), max_length=10, choices=ResponseState.choices, default=ResponseState.DRAFT
    )
    answers = models.JSONField(_("antwoorden"), default=dict, blank=True)
    campaigns = models.JSONField(_("campagnes"), default=list, blank=True)
    # Where a respondent who comes back goes on: a page key of the respondent flow.
    resume_at = models.CharField(max_length=40, blank=True)
    started_at = models.DateTimeField(_("begonnen op"), default=timezone.now)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    submitted_at = models.DateTimeField(_("ingestuurd op"), null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("enquêteantwoord")
        verbose_name_plural = _("enquêteantwoorden")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "respondent"],
                condition=models.Q(source="import"),
                name="unique_imported_respondent",
            )
        ]
        indexes = [models.Index(fields=["state", "version"])]

    def __str__(self) -> str:
        return f"{self.respondent} ({self.version}, {self.get_state_display()})"

    def as_line(self) -> dict:
        """The response in the import format of responses.py."""
        return {
            "respondent": self.respondent,
            "version": self.version,
            "answers": self.answers,
            "campaigns": self.campaigns,
        }


class ChangeTarget(models.TextChoices):
    ORGANISATION = "organisation", _("Organisatie")
    CAMPAIGN = "campaign", _("Campagne")


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("Te beoordelen")
    ACCEPTED = "accepted", _("Overgenomen")
    REJECTED = "rejected", _("Afgewezen")
    # The record changed after the proposal was made; staff must look again.
    STALE = "stale", _("Verouderd")


class ProposedChange(models.Model):
    """One field of one record that a submitted response would change."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="changes")
    target = models.CharField(_("soort"), max_length=20, choices=ChangeTarget.choices)
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    # The existing campaign the block was matched to; null with target
    # "campaign" means a new campaign (made when its first change is accepted).
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # Which campaign block of the response (0-based), for campaign changes.
    block = models.PositiveSmallIntegerField(null=True, blank=True)
    field = models.CharField(_("veld"), max_length=40)
    current = models.JSONField(_("huidige waarde"), null=True, blank=True)
    proposed = models.JSONField(_("voorgestelde waarde"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("toelichting"), blank=True)

    class Meta:
        ordering = ["response", "target", "block", "id"]
        verbose_name = _("voorgestelde wijziging")
        verbose_name_plural = _("voorgestelde wijzigingen")
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.target} {self.field}: {self.get_status_display()}"
