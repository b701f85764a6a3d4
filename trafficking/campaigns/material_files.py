"""The library's files: checked like a report's attachments, stored under a random name.

A material's file passes through the reporting point's :func:`sanitise`: the
type comes from the content (never from the name or the browser), the size
is capped, images are decoded and written anew without any metadata, and
PDFs are written anew by qpdf without their metadata, scripts, embedded files
and actions that run or fetch something; web links stay (reports/pdf_clean.py,
ADR 0012). A PDF that needs a password or has too many pages is refused.

Files are not encrypted (they are public once published), but they get a
random name in ``MATERIAL_DIR`` and appear there only once fully written and
fsynced. :func:`save_material` writes the file and the row together: when
either fails, neither stays.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from trafficking.reports.attachments import (
    MAX_ATTACHMENT_BYTES,
    AttachmentRejected,
    CleanAttachment,
    PixelBudget,
    sanitise,
)
from trafficking.reports.storage import write_atomically

from .models import Material

# The same limit as a report's attachment: the upload handler
# (reports/uploads.py) drops the bytes of anything larger as they arrive.
MAX_MATERIAL_BYTES = MAX_ATTACHMENT_BYTES

_NAME_BYTES = 20  # 40 hex characters: stored_name has room for 64
# stored_name is unique and not nullable, so a material with only a link
# gets a placeholder no file can have (file names are hex only).
_NO_FILE_PREFIX = "link-"


def has_file(material: Material) -> bool:
    return bool(material.content_type) and material.stored_name.isalnum()


def material_dir() -> Path:
    root = Path(getattr(settings, "MATERIAL_DIR", Path(settings.VAR_DIR) / "materials"))
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    return root


def check_upload(upload: UploadedFile) -> CleanAttachment:
    """The checked bytes of an uploaded file, or :class:`AttachmentRejected`."""
    if (upload.size or 0) > MAX_MATERIAL_BYTES:
        # Its bytes were never kept (reports/uploads.py): only its size is known.
        raise AttachmentRejected("too_large", f"{upload.size} bytes")
    return sanitise(upload.read(), upload.name or "", upload.content_type, PixelBudget())


def write_file(content: bytes) -> str:
    """Store ``content`` under a new random name and return the name.

    Written to a hidden temporary name, fsynced and renamed, so a full disk or
    a crash never leaves a truncated file under a name a row could point at.
    """
    name = secrets.token_hex(_NAME_BYTES)
    write_atomically(material_dir(), name, content)
    return name


def file_path(stored_name: str) -> Path:
    """Where a stored file is; FileNotFoundError for a name we never gave out."""
    if not stored_name or not stored_name.isalnum() or not stored_name.isascii():
        raise FileNotFoundError(stored_name)
    path = material_dir() / stored_name
    if not path.is_file():
        raise FileNotFoundError(stored_name)
    return path


def remove_file(stored_name: str) -> None:
    if stored_name and stored_name.isalnum() and stored_name.isascii():
        with contextlib.suppress(OSError):
            (material_dir() / stored_name).unlink(missing_ok=True)


@contextlib.contextmanager
def files_removed_on_failure() -> Iterator[list[str]]:
    """Collect the names of files written in a block; remove them if it fails."""
    written: list[str] = []
    try:
        yield written
    except BaseException:
        for name in written:
            remove_file(name)
        raise


def save_material(
    material: Material, *, clean: CleanAttachment | None = None, drop_file: bool = False
) -> Material:
    """Save a material with its new file (or without its old one), all or nothing.

    The new file is written and fsynced before the row is committed; if the
    row cannot be saved, the file is removed again. A replaced or dropped
    file is removed only after the commit, so a failure never leaves a row
    pointing at a missing file.
    """
    previous = material.stored_name
    with files_removed_on_failure() as written, transaction.atomic():
        if clean is not None:
            name = write_file(clean.content)
            written.append(name)
            material.stored_name = name
            material.file_name = clean.original_name
            material.content_type = clean.content_type
            material.size = clean.size
        elif drop_file or not previous:
            material.stored_name = _NO_FILE_PREFIX + secrets.token_hex(_NAME_BYTES)
            material.file_name = ""
            material.content_type = ""
            material.size = 0
        material.save()
        if previous.isalnum() and previous != material.stored_name:
            transaction.on_commit(lambda: remove_file(previous))
    return material
