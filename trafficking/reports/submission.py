"""Storing a new report: all of it, sealed, in one transaction, or nothing."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from trafficking.campaigns import mentions
from trafficking.campaigns.tallies import tally_report
from trafficking.core import ratelimit
from trafficking.directory.catalogue import current_catalogue

from . import crypto, events, receipts, storage
from .attachments import CleanAttachment
from .constants import ReportKind
from .drafts import ReportDraft
from .models import Attachment, Report, SubmissionToken
from .signals import announce_content_changed
from .workflow import deadline_for, urgency_of

logger = logging.getLogger(__name__)


class AlreadySubmitted(Exception):
    """This form was sent before (a refresh, a double click, a retry).

    ``receipt`` is the code shown the first time, when it can be recovered.
    """

    def __init__(self, receipt: str = ""):
        super().__init__("already submitted")
        self.receipt = receipt


class NotStored(Exception):
    """Storing failed (disk full, database away); nothing was kept."""


@dataclass(frozen=True)
class Receipt:
    """What the reporter is shown once; the code exists nowhere else."""

    code: str
    report_id: int


@contextlib.contextmanager
def files_removed_on_failure() -> Iterator[list[str]]:
    """Collect the names of files written in a block; remove them if it fails.

    Wrapped around a database transaction, this makes a submission with
    attachments all-or-nothing on disk as well as in the database.
    """
    written: list[str] = []
    try:
        yield written
    except BaseException:
        for name in written:
            with contextlib.suppress(OSError):
                storage.remove(name)
        raise


def store_attachment(
    report: Report, data_key: bytes, attachment: CleanAttachment, written: list[str], message=None
) -> Attachment:
    """Seal a sanitised file to disk (fsynced) and record it."""
    name, size = storage.write_sealed(data_key, attachment.content)
    written.append(name)
    return Attachment.objects.create(
        report=report,
        message=message,
        stored_name=name,
        size=size,
        sealed_meta=crypto.seal_json(
            data_key, {"name": attachment.original_name, "type": attachment.content_type}
        ),
    )


def retention_deadline(now: datetime) -> datetime:
    return now + timedelta(days=settings.REPORT_RETENTION_DAYS)


def submit_report(
    draft: ReportDraft,
    attachments: Sequence[CleanAttachment] = (),
    now: datetime | None = None,
    *,
    source_tag: str = "",
    token: str = "",
    budget: ratelimit.Budget | None = None,
) -> Receipt:
    """Seal and store a report with its attachments atomically.

    Attachment files are written (and fsynced) before the transaction
    commits; if anything fails, the transaction rolls back and the files
    written so far are removed, so there is never half a report.

    ``token``, the form's one-time token, is spent in the same transaction:
    :class:`AlreadySubmitted` if it was spent before. A failure to store
    (disk full, read-only, database away) raises :class:`NotStored` with the
    cause chained and nothing kept. ``budget``, the client's submission
    limit, is spent in the same transaction.
    """
    now = now or timezone.now()
    code = receipts.new_code()
    try:
        with files_removed_on_failure() as written, transaction.atomic():
            if token:
                _spend(token, code)
            report = _store(draft, attachments, written, code, now, source_tag)
            _count_for_campaigns(draft, now)
            if budget is not None:
                budget.spend()  # in this transaction: no commit of its own
    except AlreadySubmitted:
        raise
    except (DatabaseError, OSError) as error:
        raise NotStored(type(error).__name__) from error
    return Receipt(code=code, report_id=report.pk)


def _count_for_campaigns(draft: ReportDraft, now: datetime) -> None:
    """Count the report for campaign measurement (ADR 11), in a savepoint of
    the report's transaction: the day's tally per province and form, and the
    "how did you hear of us?" answer.

    Inside the transaction, so the counts exist only if the report does. In a
    savepoint whose failure is logged and passed over, because a lost count
    is a small error in a statistic and a lost report is a person not heard.
    """
    day = now.date() if timezone.is_naive(now) else timezone.localdate(now)
    try:
        with transaction.atomic():
            tally_report(
                day=day,
                municipality_code=draft.municipality_code,
                abroad=draft.abroad,
                form=draft.form,
                kind=draft.kind,
                gazetteer=current_catalogue().gazetteer,
                channel=draft.channel,
            )
            if draft.heard_via and draft.heard_via != mentions.OTHER:
                mentions.count_mention(draft.heard_via, draft.kind, day)
    except Exception as error:  # whatever it was, the report goes on
        # Neither the campaign nor the error's text (a database error may quote
        # the row): a log line at this moment would tie this report to it.
        logger.warning(
            "A report was not counted for campaigns (%s); the report is stored.",
            type(error).__name__,
        )
    if transaction.get_rollback():
        # The savepoint itself could not be rolled back: the transaction is
        # spoilt and would silently roll back at the end. Say so instead of
        # handing out a receipt for a report that was never stored.
        raise DatabaseError("the report's transaction could not recover from a failed count")


TOKEN_LIFETIME = timedelta(days=1)


def forget_spent_tokens(now: datetime | None = None) -> int:
    """Drop spent form tokens after a day: a form is not re-sent after that."""
    cutoff = (now or timezone.now()) - TOKEN_LIFETIME
    deleted, _ = SubmissionToken.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def _token_hash(token: str) -> str:
    return hashlib.sha256(b"token:" + token.encode()).hexdigest()


def _token_key(token: str) -> bytes:
    # A key only the token's holder can derive; the stored hash is a
    # different function of the token, so the database alone cannot.
    return hmac.new(token.encode(), b"receipt", hashlib.sha256).digest()


def _spend(token: str, code: str) -> None:
    try:
        with transaction.atomic():  # a savepoint, so the error is catchable
            SubmissionToken.objects.create(
                token_hash=_token_hash(token),
                sealed_receipt=crypto.seal(_token_key(token), code.encode()),
            )
    except IntegrityError as error:
        raise AlreadySubmitted(receipt_of_spent(token)) from error


def receipt_of_spent(token: str) -> str:
    """The receipt code of a report already filed with this token, or ""."""
    spent = SubmissionToken.objects.filter(token_hash=_token_hash(token)).first()
    if spent is None or not spent.sealed_receipt:
        return ""
    try:
        return crypto.unseal(_token_key(token), bytes(spent.sealed_receipt)).decode()
    except crypto.DecryptionFailed:
        return ""


def _store(
    draft: ReportDraft,
    attachments: Sequence[CleanAttachment],
    written: list[str],
    code: str,
    now: datetime,
    source_tag: str,
) -> Report:
    urgency = urgency_of(draft.acute, draft.minor)
    data_key = crypto.new_data_key()
    key_id, wrapped = crypto.keyring().wrap(data_key)
    report = Report.objects.create(
        receipt_hash=receipts.digest(code),
        received_at=now,
        kind=draft.kind,
        channel=draft.channel,
        wants_updates=draft.wants_updates,
        language=draft.language,
        urgency=urgency,
        deadline=deadline_for(urgency, now),
        acute=draft.acute,
        minor=draft.minor,
        form_reported=draft.form,
        municipality_code=draft.municipality_code,
        abroad=draft.abroad,
        consent_contact=draft.consent_contact,
        consent_police=draft.consent_police,
        consent_care=draft.consent_care,
        consent_labour=draft.consent_labour,
        unread_from_reporter=True,
        link_pending=draft.kind == ReportKind.REPORT,
        source_tag=source_tag,
        delete_after=retention_deadline(now),
        key_id=key_id,
        wrapped_key=wrapped,
        sealed_content=crypto.seal_json(data_key, draft.sealed_content()),
    )
    for attachment in attachments:
        store_attachment(report, data_key, attachment, written)
    events.report_received(report, draft.channel)
    announce_content_changed(report.pk)
    return report
