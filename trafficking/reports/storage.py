"""Sealed attachment files on disk.

Files are encrypted with the report's data key before they touch the disk and
get random names, so the attachment folder reveals neither content nor which
report a file belongs to. Writes are fsynced before the database transaction
commits: an acknowledged report never points at a missing file.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from pathlib import Path

from django.conf import settings

from . import crypto


def _root() -> Path:
    root = Path(settings.ATTACHMENT_DIR)
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    return root


def write_sealed(data_key: bytes, content: bytes) -> tuple[str, int]:
    """Seal and store; returns the random stored name and the stored size.

    The file appears under its final name only once its bytes are on disk
    (written to a hidden temporary name, fsynced, renamed, directory
    fsynced), so a full or read-only disk or a crash never leaves a
    truncated or zero-byte attachment behind; the OSError reaches the caller,
    which keeps nothing of the submission.
    """
    name = secrets.token_hex(20)
    sealed = crypto.seal(data_key, content)
    write_atomically(_root(), name, sealed)
    return name, len(sealed)


def write_atomically(root: Path, name: str, content: bytes) -> None:
    """Write ``root/name`` so that it exists whole or not at all.

    Written to a hidden temporary name, fsynced, renamed, and the directory
    fsynced; on any failure neither the partial file nor the final one is
    left behind, and the original error reaches the caller. The reports'
    attachments and the campaign library both store files this way.
    """
    partial = root / f".{name}.partial"
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.rename(partial, root / name)
        _fsync_directory(root)
    except BaseException:
        # Each step on its own: on a read-only disk the first may fail too,
        # and the original error is the one to report.
        for leftover in (partial, root / name):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
        raise


def _fsync_directory(path: Path) -> None:
    # The rename is durable only once the directory entry is on disk too.
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def stored_names() -> set[str]:
    """Every sealed file and leftover partial write in the attachment folder."""
    return {entry.name for entry in _root().iterdir() if entry.is_file()}


def remove_orphans(referenced: set[str], older_than: float = 3600, now: float | None = None) -> int:
    """Remove files no attachment row references, and partial writes.

    A crash between writing a file and committing its row leaves a sealed
    orphan (unreadable: its key was never stored); only files older than
    ``older_than`` seconds are touched, so a submission in flight keeps its
    file.
    """
    now = time.time() if now is None else now
    removed = 0
    for entry in _root().iterdir():
        if entry.name in referenced or not entry.is_file():
            continue
        try:
            if now - entry.stat().st_mtime < older_than:
                continue
            entry.unlink()
            removed += 1
        except FileNotFoundError:
            continue
    return removed


def remove_spooled_uploads(folder: Path, older_than: float = 3600, now: float | None = None) -> int:
    """Remove originals that Django once spooled to disk (``*.upload*``).

    Uploads are held in memory now (uploads.py); this clears what an older
    version or a crash mid-upload may have left: unsealed originals.
    """
    now = time.time() if now is None else now
    removed = 0
    for entry in folder.glob("*.upload*"):
        try:
            if entry.is_file() and now - entry.stat().st_mtime >= older_than:
                entry.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed


def read_sealed(data_key: bytes, stored_name: str) -> bytes:
    if not stored_name.isalnum():
        raise FileNotFoundError(stored_name)
    return crypto.unseal(data_key, (_root() / stored_name).read_bytes())


def remove(stored_name: str) -> None:
    if stored_name.isalnum():
        (_root() / stored_name).unlink(missing_ok=True)
