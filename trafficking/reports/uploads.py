"""Receiving uploaded files without ever writing the original to disk.

Django spools uploads above ``FILE_UPLOAD_MAX_MEMORY_SIZE`` to the temp
folder as the original file, EXIF and GPS included, where a crash leaves it
readable. This handler keeps every file in memory instead, and only up to
what the reporting point accepts: a file over :data:`MAX_ATTACHMENT_BYTES`
or beyond :data:`MAX_ATTACHMENTS` is counted but its bytes are dropped as
they arrive, so memory per request stays below about 50 MB and the view can
still say, in the reporter's language, which rule was broken, with
everything they typed kept. The whole body is capped before it is read
(core/request_guards.py), and at the proxy.
"""

from __future__ import annotations

import io

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest

from .attachments import MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS


class OversizedUpload(InMemoryUploadedFile):
    """A file whose bytes were dropped: only its size is known."""

    def __init__(self, name: str | None, size: int, charset: str | None = None) -> None:
        super().__init__(io.BytesIO(), "files", name, "application/octet-stream", size, charset)


class BoundedMemoryUploadHandler(FileUploadHandler):
    """Django makes one instance per request, so counting files here counts
    the files of one submission."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.files_seen = 0
        self.size = 0
        self.buffer: io.BytesIO | None = None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.files_seen += 1
        self.size = 0
        self.buffer = io.BytesIO() if self.files_seen <= MAX_ATTACHMENTS else None

    def receive_data_chunk(self, raw_data: bytes, start: int):
        self.size += len(raw_data)
        if self.buffer is not None:
            if self.size > MAX_ATTACHMENT_BYTES:
                self.buffer = None  # too large: drop what we held, count the rest
            else:
                self.buffer.write(raw_data)
        return None  # consumed: no other handler (no temp file) sees the data

    def file_complete(self, file_size: int):
        if self.buffer is None:
            return OversizedUpload(self.file_name, max(file_size, MAX_ATTACHMENT_BYTES + 1))
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
