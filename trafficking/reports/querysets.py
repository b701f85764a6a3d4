"""Named filters on reports, so callers say what they want ("open reports
assigned to me, deadline first") instead of spelling out fields.

Only fields that are stored in the clear are filtered here: a report's
content is sealed and cannot be searched by the database (the console's
search goes through the linking index, see intake/search.py).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from .workflow import OPEN


class ReportQuerySet(models.QuerySet):
    def open(self) -> ReportQuerySet:
        """Reports that still need work (not closed)."""
        return self.filter(status__in=OPEN)

    def with_status(self, status: str) -> ReportQuerySet:
        return self.filter(status=status)

    def with_urgency(self, urgency: str) -> ReportQuerySet:
        return self.filter(urgency=urgency)

    def of_kind(self, kind: str) -> ReportQuerySet:
        return self.filter(kind=kind)

    def in_language(self, language: str) -> ReportQuerySet:
        return self.filter(language=language)

    def of_form(self, form: str) -> ReportQuerySet:
        """The form of exploitation as classified by staff or, until they
        classified it, as the reporter guessed it."""
        return self.filter(Q(form_classified=form) | Q(form_classified="", form_reported=form))

    def assigned_to(self, user) -> ReportQuerySet:
        return self.filter(assigned_to=user)

    def unassigned(self) -> ReportQuerySet:
        return self.filter(assigned_to__isnull=True)

    def deadline_first(self) -> ReportQuerySet:
        """The queue's order; the primary key keeps equal deadlines stable
        across pages."""
        return self.order_by("deadline", "pk")
