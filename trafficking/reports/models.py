"""Reports, their messages, attachments, history and forwards.

What is stored in the clear is only what the console must filter and sort on
without opening a report: status, urgency, deadline, language, the coarse
municipality, the form of exploitation, the consents and timestamps.
Everything a reporter wrote or gave (text, address, items, contact details,
messages, files) is sealed with the report's own data key (see crypto.py).
No IP address, user agent or account is ever stored with a report.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models

from trafficking.directory.models import Organisation

from . import crypto
from .constants import Channel, Direction, EventType, ForwardStatus, ReportKind
from .querysets import ReportQuerySet
from .workflow import Status, Urgency


class Report(models.Model):
    receipt_hash = models.CharField(max_length=64, unique=True)
    received_at = models.DateTimeField(db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    kind = models.CharField(
        max_length=8, choices=ReportKind.choices, default=ReportKind.REPORT, db_index=True
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.WEB)
    wants_updates = models.BooleanField(default=True)
    language = models.CharField(max_length=8)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.NEW, db_index=True
    )
    urgency = models.CharField(max_length=8, choices=Urgency.choices)
    deadline = models.DateTimeField(db_index=True)
    acute = models.BooleanField(default=False)
    minor = models.BooleanField(default=False)
    # The reporter's guess and, once triaged, the intake worker's classification.
    form_reported = models.CharField(max_length=16, blank=True)
    form_classified = models.CharField(max_length=16, blank=True)
    municipality_code = models.CharField(max_length=6, blank=True)
    abroad = models.BooleanField(default=False)
    consent_contact = models.BooleanField(default=False)
    consent_police = models.BooleanField(default=False)
    consent_care = models.BooleanField(default=False)
    consent_labour = models.BooleanField(default=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_reports",
    )
    unread_from_reporter = models.BooleanField(default=False)
    # Set in the transaction that stores new content; cleared once the linking
    # index holds it. A queue outage after the commit only delays linking: a
    # sweep (manage.py relink --pending, or the link_pending_reports task)
    # catches up on whatever is still pending.
    link_pending = models.BooleanField(default=False, db_index=True)
    # A keyed hash of the submitting client's network and the day (see
    # reports/sources.py), so a flood from one client counts as one source of
    # evidence for hub detection. It matches only within one day and reveals
    # no address.
    source_tag = models.CharField(max_length=16, blank=True)
    delete_after = models.DateTimeField(db_index=True)
    # Envelope encryption: the wrapped data key and the sealed content.
    key_id = models.CharField(max_length=32)
    wrapped_key = models.BinaryField()
    sealed_content = models.BinaryField()

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["deadline"]
        permissions = [
            ("view_report_content", "Can open reports"),
            ("triage_report", "Can triage, message and forward reports"),
            ("approve_override", "Can approve forwarding without consent (four eyes)"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """The staff-facing number; it reveals nothing and opens nothing."""
        return f"M-{self.pk:06d}" if self.pk else "M-new"

    def is_overdue(self, now: datetime) -> bool:
        """Past its deadline and not closed: the queue marks it."""
        return self.deadline < now and self.status != Status.CLOSED

    def data_key(self) -> bytes:
        return crypto.keyring().unwrap(self.key_id, bytes(self.wrapped_key))

    def content(self) -> dict:
        return crypto.unseal_json(self.data_key(), bytes(self.sealed_content))

    def consents(self) -> set[str]:
        return {
            name
            for name, given in (
                ("police", self.consent_police),
                ("care", self.consent_care),
                ("labour", self.consent_labour),
            )
            if given
        }


class Message(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=16, choices=Direction.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    language = models.CharField(max_length=8, blank=True)
    sealed_body = models.BinaryField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.report} {self.direction} {self.created_at:%Y-%m-%d %H:%M}"

    def body(self, data_key: bytes) -> dict:
        return crypto.unseal_json(data_key, bytes(self.sealed_body))


class Attachment(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # A random name: the file on disk says nothing about the report or its content.
    stored_name = models.CharField(max_length=64, unique=True)
    size = models.PositiveIntegerField()
    # Original filename and content type, sealed.
    sealed_meta = models.BinaryField()

    def __str__(self) -> str:
        return f"{self.report} attachment {self.pk}"


class ReportEvent(models.Model):
    """Append-only history of a report: status changes, assignment, views by staff."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=32, choices=EventType.choices)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    # Non-identifying detail only (e.g. "assigned to jdevries"); free text is sealed elsewhere.
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.report} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("report history is append-only")
        super().save(*args, **kwargs)


class Forward(models.Model):
    """A report passed to a partner organisation, with what was shared and why."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="forwards")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=ForwardStatus.choices, default=ForwardStatus.SENT
    )
    # The consent this forward rests on ("police", "care", "labour") or "override".
    basis = models.CharField(max_length=10)
    include_identifying = models.BooleanField(default=False)
    # Four-eyes override for acute danger or a minor: who asked, who approved, why.
    override_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    override_requested = models.BooleanField(default=False)
    sealed_override_reason = models.BinaryField(null=True, blank=True)
    # The partner's copy: what was shared, sealed with the report's key.
    sealed_payload = models.BinaryField()
    received_at = models.DateTimeField(null=True, blank=True)
    sealed_feedback = models.BinaryField(null=True, blank=True)
    feedback_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "organisation"], name="one_forward_per_partner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} -> {self.organisation_id} ({self.status})"


class PartnerMembership(models.Model):
    """Links a partner user to the organisation whose forwarded reports they see."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"


class ReplyTemplate(models.Model):
    """Common questions to reporters, per language, kept by supervisors."""

    slug = models.SlugField(max_length=60)
    language = models.CharField(max_length=8)
    title = models.CharField(max_length=120)
    body = models.TextField(max_length=4000)

    class Meta:
        ordering = ["slug", "language"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "language"], name="one_template_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


class SubmissionToken(models.Model):
    """A one-time form token (or API Idempotency-Key), spent in the
    transaction that stores a report.

    Spending it there (not in a cache beforehand) means a refresh, a double
    click or a client's retry can never file twice, and a submission that
    failed leaves the token unspent, so the reporter can simply try again.
    The receipt code is kept sealed with a key derived from the token itself,
    so the same form sent again shows the same receipt (the browser may have
    dropped the first answer): only someone holding the token, which lives in
    the reporter's page, can open it. Only a hash of the token is stored, and
    nothing ties it to the report. Deleted after a day.
    """

    token_hash = models.CharField(max_length=64, unique=True)
    sealed_receipt = models.BinaryField(default=b"")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return self.token_hash[:8]


class SourceSalt(models.Model):
    """A random value per day that source tags are computed with.

    Deleted two days later (purge_reports): from then on nobody, not even
    someone holding the database and LINK_SECRET, can test which network a
    stored tag came from by trying all 2^32 IPv4 addresses. The tags keep
    grouping that day's reports, which is all hub detection needs.
    """

    day = models.DateField(unique=True)
    salt = models.BinaryField()

    def __str__(self) -> str:
        return self.day.isoformat()
