"""The linking index: keyed hashes of normalised identifiers per report, and
staff decisions about links. No identifier is stored in the clear."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from trafficking.reports.models import Report


class LinkKey(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="link_keys")
    key_type = models.CharField(max_length=20)
    key_hash = models.CharField(max_length=32, db_index=True)
    strong = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "key_type", "key_hash"], name="one_key_per_report"
            )
        ]
        indexes = [models.Index(fields=["key_hash", "strong"])]

    def __str__(self) -> str:
        return f"{self.report} {self.key_type}"


class LinkDecision(models.Model):
    """Staff confirmed or rejected that two reports are about one situation."""

    CONFIRM = "confirm"
    REJECT = "reject"

    report_a = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    report_b = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(
        max_length=8, choices=[(CONFIRM, "bevestigd"), (REJECT, "afgewezen")]
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report_a", "report_b"], name="one_decision_per_pair"),
            models.CheckConstraint(
                condition=models.Q(report_a__lt=models.F("report_b")), name="pair_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_a}–{self.report_b}: {self.decision}"
