"""What the console does besides the report services in trafficking.reports:
link decisions, exports and file downloads, each with the event it leaves
behind. Views call these and never write history or the audit log themselves.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import transaction

from trafficking.linking.cases import decide
from trafficking.linking.models import LinkDecision
from trafficking.reports import crypto, events, storage
from trafficking.reports.attachments import ALLOWED_TYPES
from trafficking.reports.models import Attachment, Forward, Report

from .selectors import export_payload

LINK_DECISIONS = (LinkDecision.CONFIRM, LinkDecision.REJECT)
UNKNOWN_TYPE_EXTENSION = ".bin"


@transaction.atomic
def decide_link(report: Report, other: Report, decision: str, user) -> None:
    """Staff confirmed or rejected that ``other`` is about the same situation."""
    decide(report, other, decision, user)
    events.link_decided(report, other, decision, by=user)


def export_report(report: Report, by) -> str:
    """The report as JSON for staff to take elsewhere (the export is audited)."""
    events.report_exported(report, by=by)
    return json.dumps(export_payload(report), ensure_ascii=False, indent=2)


@dataclass(frozen=True)
class FileDownload:
    content: bytes
    content_type: str
    filename: str


def download_attachment(attachment: Attachment, by) -> FileDownload:
    """Staff download a file of a report (audited)."""
    events.attachment_downloaded(attachment, by=by)
    return _unsealed(attachment)


def partner_download(attachment: Attachment, item: Forward, by) -> FileDownload:
    """A partner downloads a file of a report forwarded to them (audited);
    the caller checked selectors.partner_forward_for first."""
    events.partner_downloaded(attachment, item, by=by)
    return _unsealed(attachment)


def _unsealed(attachment: Attachment) -> FileDownload:
    key = attachment.report.data_key()
    meta = crypto.unseal_json(key, bytes(attachment.sealed_meta))
    extension = ALLOWED_TYPES.get(meta["type"], UNKNOWN_TYPE_EXTENSION)
    return FileDownload(
        content=storage.read_sealed(key, attachment.stored_name),
        content_type=meta["type"],
        # Named by number only: the reporter's own file name is content.
        filename=f"bijlage-{attachment.pk}{extension}",
    )
