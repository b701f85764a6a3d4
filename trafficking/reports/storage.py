"""Sealed attachment files on disk.

Files are encrypted with the report's data key before they touch the disk and
get random names, so the attachment folder reveals neither content nor which
report a file belongs to. Writes are fsynced before the database transaction
commits: an acknowledged report never points at a missing file.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings

from . import crypto


def _root() -> Path:
    root = Path(settings.ATTACHMENT_DIR)
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    return root


def write_sealed(data_key: bytes, content: bytes) -> tuple[str, int]:
    """Seal and store; returns the random stored name and the stored size."""
    name = secrets.token_hex(20)
    sealed = crypto.seal(data_key, content)
    path = _root() / name
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(sealed)
        handle.flush()
        os.fsync(handle.fileno())
    return name, len(sealed)


def read_sealed(data_key: bytes, stored_name: str) -> bytes:
    if not stored_name.isalnum():
        raise FileNotFoundError(stored_name)
    return crypto.unseal(data_key, (_root() / stored_name).read_bytes())


def remove(stored_name: str) -> None:
    if stored_name.isalnum():
        (_root() / stored_name).unlink(missing_ok=True)
