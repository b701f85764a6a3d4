"""Checking and cleaning files attached to a report, before they are sealed.

Reporters may be victims using a phone that someone else controls or later
inspects, and a photo can give away far more than its picture: GPS position,
time, camera serial number, editing software, a thumbnail of the uncropped
original. Every file therefore passes through :func:`sanitise` before it is
encrypted and stored. The module is pure: bytes in, bytes out, no models, no
database, no disk.

What happens to a file:

* Size is checked before anything parses it (:data:`MAX_ATTACHMENT_BYTES`).
* The type comes from the content's magic bytes only. The filename and the
  browser's declared type are attacker-controlled and are never trusted.
* JPEG and PNG are decoded by Pillow with a pixel limit (:data:`MAX_IMAGE_PIXELS`),
  turned upright according to their EXIF orientation and re-encoded from
  pixel data alone. Nothing from the original file besides the pixels
  survives: no EXIF, GPS, XMP, ICC profile, JPEG comment, PNG text chunk,
  embedded thumbnail, extra MPO picture or APNG frame, and nothing appended
  after the image data (which also defuses JPEG/ZIP/HTML polyglots).
* PDFs are checked for their header and trailer, then opened by pikepdf
  (qpdf) and written anew by :func:`~trafficking.reports.pdf_clean.clean_pdf`
  (ADR 0012): no document information (author, software, dates), no XMP, no
  application data, thumbnails, embedded files, scripts, or actions that run
  or fetch something; the pages and web links stay. A PDF that needs a
  password to open, cannot be read, or has more than
  :data:`~trafficking.reports.pdf_clean.MAX_PDF_PAGES` pages or
  :data:`~trafficking.reports.pdf_clean.MAX_PDF_OBJECTS` objects is refused.
  What a page itself shows (a name typed in the text, a photo in it) stays,
  as it does in a photo.

Rejections raise :class:`AttachmentRejected` with a stable ``code``; its
message is for logs only, the view translates the code into user text.
"""

from __future__ import annotations

import io
import unicodedata
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps

from .pdf_clean import PdfRejected, clean_pdf

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024  # 10 MiB per file
MAX_ATTACHMENTS = 5  # per submission
ALLOWED_TYPES = {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}
# What a file picker offers (the HTML ``accept`` attribute): the types above,
# by extension and by type, and ".jpeg", which cameras write too. It only
# helps the reporter choose; sanitise() decides by the content.
_ALSO_NAMED = {"image/jpeg": (".jpeg",)}
ACCEPT = ",".join(
    [
        *(
            name
            for kind, ext in ALLOWED_TYPES.items()
            for name in (ext, *_ALSO_NAMED.get(kind, ()))
        ),
        *ALLOWED_TYPES,
    ]
)

# Well above a 24 MP phone photo, well below Pillow's own bomb threshold
# (~89 MP). Decoding 40 MP RGBA already takes 160 MB per copy in memory.
MAX_IMAGE_PIXELS = 40_000_000
# Decoding costs CPU in proportion to pixels whatever the file's size: a
# 116 KB PNG of 40 MP took about 2 s to clean here. One submission may decode
# at most this many pixels in all (two 24 MP photos, or five 10 MP ones), so a
# handful of tiny, hugely compressible files cannot take seconds each.
MAX_REQUEST_PIXELS = 50_000_000
# And no single image may need more memory than this once decoded (16-bit
# and alpha modes take two to eight bytes a pixel).
MAX_DECODED_BYTES = 160 * 1024 * 1024

MAX_NAME_LENGTH = 120
FALLBACK_NAME = "bijlage"

JPEG_QUALITY = 90

# PDF readers look for the trailer within the last 1024 bytes (ISO 32000-1,
# implementation note); requiring it there rejects truncated uploads.
PDF_EOF_WINDOW = 1024

REJECTION_CODES = frozenset(
    {
        "too_large",
        "empty",
        "unsupported_type",
        "corrupt",
        "too_many_pixels",
        "too_many",
        # PDFs only (pdf_clean.py): a password is needed to open it; too many
        # pages; too many objects to clean in reasonable time.
        "encrypted",
        "too_many_pages",
        "too_complex",
    }
)

_MAGIC = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)

# The one Pillow decoder allowed per content type, and the format names it
# may report. The JPEG decoder reports a JPEG carrying a second picture as
# MPO; it is still a JPEG and only its first picture is kept. ("MPO" is not
# a decoder name Pillow accepts in Image.open(formats=...).)
_DECODER = {"image/jpeg": "JPEG", "image/png": "PNG"}
# Every allowed type is written anew without its metadata: images from their
# pixels, PDFs by pdf_clean.py. (Files stored before ADR 0012 were PDFs as sent.)
METADATA_STRIPPED = frozenset(ALLOWED_TYPES)
_DECODED_AS = {"image/jpeg": frozenset({"JPEG", "MPO"}), "image/png": frozenset({"PNG"})}

# Modes each encoder can write without losing what the reporter sees. Others
# are converted. P/PA are always converted: rebuilding from pixel data drops
# the palette, which lives next to the pixels rather than in them.
_JPEG_MODES = frozenset({"L", "RGB"})
_PNG_MODES = frozenset({"1", "L", "LA", "RGB", "RGBA", "I;16"})

# Bidi embedding, override and isolate controls: "\u202egpj.exe" displays as
# "exe.jpg" and would disguise the name in the staff interface.
_BIDI_CONTROLS = frozenset(chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
# Control characters, line/paragraph separators (they break log lines and
# headers) and lone surrogates (they cannot be encoded as UTF-8 for storage).
# Other format characters such as ZWNJ stay: Persian and Indic names need them.
_STRIPPED_CATEGORIES = frozenset({"Cc", "Zl", "Zp", "Cs"})


class AttachmentRejected(ValueError):
    """A file that may not be attached; ``code`` says why, for translation."""

    def __init__(self, code: str, detail: str = "") -> None:
        if code not in REJECTION_CODES:
            raise ValueError(f"unknown rejection code {code!r}")
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


@dataclass(frozen=True)
class CleanAttachment:
    content: bytes  # sanitised bytes to store
    content_type: str  # detected type, one of ALLOWED_TYPES
    extension: str  # from ALLOWED_TYPES
    original_name: str  # safe basename, never empty
    size: int  # len(content)


class PixelBudget:
    """What one submission may still decode; shared by its files."""

    def __init__(self, pixels: int = MAX_REQUEST_PIXELS) -> None:
        self.remaining = pixels

    def take(self, pixels: int) -> None:
        if pixels > self.remaining:
            raise AttachmentRejected("too_many_pixels", f"{pixels} px over the request budget")
        self.remaining -= pixels


def check_count(n: int) -> None:
    """Reject a submission carrying more than :data:`MAX_ATTACHMENTS` files."""
    if n > MAX_ATTACHMENTS:
        raise AttachmentRejected("too_many", f"{n} files")


def sanitise(
    data: bytes,
    filename: str,
    declared_type: str | None = None,
    budget: PixelBudget | None = None,
) -> CleanAttachment:
    """Check one uploaded file and return the bytes that may be stored.

    ``declared_type`` (what the browser claimed) is accepted so callers can
    pass it along, but is deliberately ignored: only the content decides.
    ``budget``, shared by the files of one submission, caps what they may
    decode together.
    """
    data = bytes(data)
    _check_size(data)
    content_type = detect_type(data)
    if content_type == "application/pdf":
        _check_pdf(data)
        content = _clean_pdf(data)
    else:
        content = _clean_image(data, content_type, budget or PixelBudget())
    extension = ALLOWED_TYPES[content_type]
    return CleanAttachment(
        content=content,
        content_type=content_type,
        extension=extension,
        original_name=safe_name(filename, extension),
        size=len(content),
    )


def _check_size(data: bytes) -> None:
    if not data:
        raise AttachmentRejected("empty")
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise AttachmentRejected("too_large", f"{len(data)} bytes")


def detect_type(data: bytes) -> str:
    """Content type from magic bytes; the only source of truth for the type."""
    for magic, content_type in _MAGIC:
        if data.startswith(magic):
            return content_type
    raise AttachmentRejected("unsupported_type", repr(data[:8]))


def _check_pdf(data: bytes) -> None:
    # Before qpdf parses anything: qpdf would try to rebuild a truncated
    # upload, and a file cut short is better sent again than half-recovered.
    if data.rfind(b"%%EOF", max(0, len(data) - PDF_EOF_WINDOW)) == -1:
        raise AttachmentRejected("corrupt", "no %%EOF trailer")


def _clean_pdf(data: bytes) -> bytes:
    try:
        return clean_pdf(data)
    except PdfRejected as error:
        raise AttachmentRejected(error.code, error.detail) from error


def _clean_image(data: bytes, content_type: str, budget: PixelBudget) -> bytes:
    # Pillow raises a wide and undocumented range of exceptions on hostile
    # input (OSError, SyntaxError, struct.error, IndexError, ...). Any of them
    # means "we cannot read this file"; a crash would lose the whole report.
    try:
        _verify(data, content_type)
        with _open(data, content_type) as image:
            budget.take(image.size[0] * image.size[1])  # before decoding a pixel
            image.load()
            upright = _apply_orientation(image)
            return _encode(_pixels_only(upright, content_type), content_type)
    except AttachmentRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise AttachmentRejected("too_many_pixels", str(error)) from error
    except Exception as error:
        raise AttachmentRejected("corrupt", f"{type(error).__name__}: {error}") from error


def _open(data: bytes, content_type: str) -> Image.Image:
    """Open (header only) with both Pillow's bomb guard and our stricter one."""
    # Turn Pillow's bomb warning into an exception so it is handled, not
    # logged. catch_warnings is process-global and not thread-safe, so the
    # explicit pixel check below is the real guard, not this filter.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        # formats= stops Pillow from trying every other decoder it has on
        # bytes whose magic already told us what they must be.
        image = Image.open(io.BytesIO(data), formats=[_DECODER[content_type]])
    if image.format not in _DECODED_AS[content_type]:
        image.close()
        raise AttachmentRejected("unsupported_type", f"Pillow format {image.format}")
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        image.close()
        raise AttachmentRejected("too_many_pixels", f"{width}x{height}")
    if width * height * _bytes_per_pixel(image.mode) > MAX_DECODED_BYTES:
        image.close()
        raise AttachmentRejected("too_many_pixels", f"{width}x{height} {image.mode}")
    return image


def _bytes_per_pixel(mode: str) -> int:
    # Pillow holds "1", "L", "P" in one byte a pixel, 16-bit modes in two,
    # "I"/"F" in four, and multi-band modes in four (RGB is padded to RGBX).
    if mode.startswith("I;16"):
        return 2
    if mode in {"1", "L", "P"}:
        return 1
    return 4


def _verify(data: bytes, content_type: str) -> None:
    # verify() checks structure (e.g. PNG chunk CRCs) without decoding, but
    # leaves the instance unusable, hence a separate open for the real work.
    with _open(data, content_type) as image:
        image.verify()


def _apply_orientation(image: Image.Image) -> Image.Image:
    # The orientation tag is about to be thrown away with the rest of the
    # EXIF, so it has to be applied to the pixels now or the photo ends up
    # sideways. In place: no extra copy of a possibly 40 MP image.
    ImageOps.exif_transpose(image, in_place=True)
    return image


def _target_mode(image: Image.Image, content_type: str) -> str:
    mode = image.mode
    if content_type == "image/jpeg":
        if mode in _JPEG_MODES:
            return mode
        return "L" if mode in {"1", "I", "I;16", "F"} else "RGB"
    # PNG: tRNS transparency lives in image.info, which is not carried over,
    # so it must become a real alpha channel first.
    if mode in _PNG_MODES and "transparency" not in image.info:
        return mode
    has_alpha = "A" in image.getbands() or "transparency" in image.info
    return "RGBA" if has_alpha else "RGB"


def _pixels_only(image: Image.Image, content_type: str) -> Image.Image:
    """A new image holding nothing but the pixels of ``image``.

    Both encoders read metadata from ``image.info`` even when not asked to
    (JPEG: the comment; PNG: the ICC profile and transparency), so saving the
    decoded image directly would leak it. A fresh image has an empty info.
    """
    mode = _target_mode(image, content_type)
    source = image.convert(mode) if mode != image.mode else image
    clean = Image.new(mode, source.size)
    clean.paste(source)
    if source is not image:
        source.close()
    return clean


def _encode(image: Image.Image, content_type: str) -> bytes:
    output = io.BytesIO()
    if content_type == "image/jpeg":
        image.save(output, format="JPEG", quality=JPEG_QUALITY, exif=b"", icc_profile=None)
    else:
        image.save(output, format="PNG", optimize=True, icc_profile=None)
    image.close()
    return output.getvalue()


def safe_name(filename: str, extension: str) -> str:
    """A display name for staff: basename, no control tricks, our extension."""
    # Browsers send a basename, but old ones and scripts may send a full
    # Windows or POSIX path, which could reveal the reporter's user name.
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        ch
        for ch in name
        if ch not in _BIDI_CONTROLS and unicodedata.category(ch) not in _STRIPPED_CATEGORIES
    )
    stem = _strip_extension(name.strip())
    # Leading dots would make a hidden file on download; trailing dots and
    # spaces are dropped by Windows and would blur the extension.
    stem = stem.strip().strip(".").strip()
    stem = stem[: MAX_NAME_LENGTH - len(extension)].rstrip(". ") or FALLBACK_NAME
    return stem + extension


def _strip_extension(name: str) -> str:
    # Only something that looks like an extension is replaced, so that
    # "rapport v1.2 definitief" keeps its full name.
    stem, dot, suffix = name.rpartition(".")
    if dot and stem and 1 <= len(suffix) <= 5 and suffix.isascii() and suffix.isalnum():
        return stem
    return name
