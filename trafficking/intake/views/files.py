"""Downloading a report's files, for staff and for partners."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache

from trafficking.reports.models import Attachment

from ..access import VIEW_REPORT, partner_required, staff_required, verified
from ..selectors import partner_forward_for
from ..services import FileDownload, download_attachment, partner_download


@never_cache
def attachment_download(request, pk: int):
    """Staff download any file; a partner only the files of a report forwarded
    to them with the reporter's consent (forwarding.attachments_shared)."""
    user = request.user
    if verified(user) and not user.has_perm(VIEW_REPORT):
        return _partner_attachment(request, pk)
    return _staff_attachment(request, pk)


@staff_required(VIEW_REPORT)
def _staff_attachment(request, pk: int):
    attachment = get_object_or_404(Attachment.objects.select_related("report"), pk=pk)
    return _response(download_attachment(attachment, request.user))


@partner_required
def _partner_attachment(request, pk: int):
    attachment = get_object_or_404(Attachment.objects.select_related("report"), pk=pk)
    item = partner_forward_for(attachment, request.partner_organisation)
    if item is None:
        raise Http404
    return _response(partner_download(attachment, item, request.user))


def _response(download: FileDownload) -> HttpResponse:
    response = HttpResponse(download.content, content_type=download.content_type)
    # Always a download, never rendered in the console's origin.
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    return response
