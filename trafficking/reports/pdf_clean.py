"""Rewriting an uploaded PDF without what it says about its maker (ADR 0012).

A PDF carries far more than its pages: the author's name, the software and
dates in the document information dictionary and in XMP, an application's
private copy of the whole source document (/PieceInfo), thumbnails, embedded
files, scripts, and actions that run or fetch something when the file is
opened or clicked. :func:`clean_pdf` opens the file with pikepdf (qpdf),
removes all of that, and writes a new file from the objects that are left.
Pure: bytes in, bytes out, no models, no database, no disk.

What stays: the pages and what they show (content streams, fonts, images
are copied byte for byte, never decoded), the outline, the structure tree
that screen readers use, form fields without their scripts, and links:
web links (/URI) in a campaign poster are the point of the poster, and a
link goes nowhere until a person clicks it. Actions that run or fetch
something by themselves or open another file (JavaScript, Launch,
SubmitForm, ImportData, GoToR/GoToE, media and the rest) are removed, and
only /URI (to http, https, mailto and tel addresses), /GoTo (a place in
the same file) and /Named (next page, print) actions survive. Comments keep
their text but lose their author and dates; signatures lose the signer.

The file is written anew, never as an incremental update: qpdf writes only
the objects still reachable from the trailer, so an earlier revision or an
old object stream holding the author's name is not carried over. The new
file gets no /Info, no XMP and a file identifier computed from its content,
so nothing names this program either.

Refusals raise :class:`PdfRejected` with a code from :data:`REJECTION_CODES`;
attachments.py turns it into its own rejection.
"""

from __future__ import annotations

import io

import pikepdf
import pikepdf.settings
from pikepdf import Array, Dictionary, Stream

# A page-tree "bomb" lists the same small page hundreds of thousands of times
# in a file of a few kilobytes, and every page costs time to clean, to store
# and to render for staff. Real uploads are a contract, payslips, screenshots,
# a campaign brochure or a research report: 500 pages is several times what
# we expect to see.
MAX_PDF_PAGES = 500
# Cleaning visits every dictionary and array in the file, in Python, at about
# 20 microseconds each. Most documents have a few thousand; a tagged 500-page
# report of 10 MB (typst) has 127,000 and is cleaned in about 5 s here. A
# crafted 10 MB file can pack millions (one link per 30 bytes) and would keep
# a worker busy for minutes; refusing one at this cap takes about 6 s.
MAX_PDF_OBJECTS = 250_000

# Streams are never decoded to clean them, but qpdf must inflate the object
# streams that hold the file's dictionaries. Flate packs about 1000:1, so a
# 1 MB stream can inflate to 1 GB (3 GB of memory here). Real object streams
# hold a hundred or so dictionaries: kilobytes. qpdf refuses to inflate any
# stream beyond this, and the file is refused as unreadable. The setting is
# qpdf's and process-wide; nothing else in the project uses qpdf.
MAX_INFLATED_STREAM_BYTES = 32 * 1024 * 1024
pikepdf.settings.set_qpdf_limits(flate_max_memory=MAX_INFLATED_STREAM_BYTES)

REJECTION_CODES = frozenset({"corrupt", "encrypted", "too_many_pages", "too_complex"})

# Keys removed from every dictionary in the file, wherever it is: metadata
# streams (catalog, pages, images, fonts may each have one), application data
# (Illustrator keeps its whole source file here), page thumbnails and dates,
# "additional actions" that run on opening, closing, printing, focus...,
# associated and embedded files (PDF 2.0 /AF; /EF inside a file
# specification holds the file itself).
_REMOVED_KEYS = frozenset(
    {
        "/Metadata",
        "/PieceInfo",
        "/LastModified",
        "/Thumb",
        "/AA",
        "/AF",
        "/EF",
    }
)
# From the document catalog as well: what happens on opening, the portfolio
# view of embedded files, and XFA's "render me" flag.
_REMOVED_FROM_CATALOG = ("/OpenAction", "/Collection", "/NeedsRendering", "/SpiderInfo")
# Name trees that only hold scripts, embedded files or slide shows (which may
# carry scripts and media).
_REMOVED_NAME_TREES = ("/JavaScript", "/EmbeddedFiles", "/AlternatePresentations")
# Annotations that carry a file, media or a 3D scene rather than a mark on
# the page.
_REMOVED_ANNOTATIONS = frozenset(
    {"/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D"}
)
# All action types of ISO 32000-2 (12.6.4), to tell an action dictionary under
# /A from a structure element's attributes, which share the key.
_ACTION_TYPES = frozenset(
    {
        "/GoTo",
        "/GoToR",
        "/GoToE",
        "/GoToDp",
        "/Launch",
        "/Thread",
        "/URI",
        "/Sound",
        "/Movie",
        "/Hide",
        "/Named",
        "/SubmitForm",
        "/ResetForm",
        "/ImportData",
        "/JavaScript",
        "/SetOCGState",
        "/Rendition",
        "/Trans",
        "/GoTo3DView",
        "/RichMediaExecute",
    }
)
# Actions that only move within the document or open a web page when clicked.
_KEPT_ACTIONS = frozenset({"/GoTo", "/URI", "/Named"})
# A /URI link is kept only to a web page, an e-mail address or a phone
# number. file: and UNC links open local files or hand the viewer's Windows
# credentials to another machine when clicked; javascript: runs code.
_KEPT_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

# Comments and other markup annotations name who made them and when (/T is
# the author, often the computer's user name; /NM an application's id);
# the comment's text stays, it is on the page for anyone to read. A form
# field's /T is its name, not a person: widgets keep it.
_ANNOTATION_SUBTYPES = frozenset(
    {
        "/Text",
        "/Link",
        "/FreeText",
        "/Line",
        "/Square",
        "/Circle",
        "/Polygon",
        "/PolyLine",
        "/Highlight",
        "/Underline",
        "/Squiggly",
        "/StrikeOut",
        "/Caret",
        "/Stamp",
        "/Ink",
        "/Popup",
        "/Redact",
        "/Watermark",
        "/Projection",
    }
)
_ANNOTATION_AUTHOR_KEYS = ("/T", "/M", "/CreationDate", "/NM")
# A signature names the signer (/Name, /ContactInfo, /Location, /Reason) and
# carries their certificate in /Contents; the rewrite breaks the signature
# anyway, so only the fact that the field was signed is left.
_SIGNATURE_TYPES = frozenset({"/Sig", "/DocTimeStamp"})

# qpdf reads every object the cross-reference table declares before cleaning
# starts; a file that declares more than this is refused before that.
MAX_PDF_DECLARED_OBJECTS = 2 * MAX_PDF_OBJECTS


class PdfRejected(ValueError):
    """A PDF that cannot be cleaned; ``code`` says why."""

    def __init__(self, code: str, detail: str = "") -> None:
        if code not in REJECTION_CODES:
            raise ValueError(f"unknown rejection code {code!r}")
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


def clean_pdf(data: bytes) -> bytes:
    """The PDF in ``data`` written anew without metadata, scripts or files."""
    pdf = _open(data)
    try:
        # qpdf raises its own errors and Python ones (RuntimeError,
        # ValueError...) on hostile structure; any of them means "we cannot
        # read this file", never a server error.
        try:
            pages = len(pdf.pages)
        except Exception as error:
            raise PdfRejected("corrupt", f"{type(error).__name__}: {error}") from error
        if pages == 0:
            raise PdfRejected("corrupt", "no pages")
        if pages > MAX_PDF_PAGES:
            raise PdfRejected("too_many_pages", f"{pages} pages")
        try:
            _strip(pdf)
            return _save(pdf)
        except PdfRejected:
            raise
        except Exception as error:
            raise PdfRejected("corrupt", f"{type(error).__name__}: {error}") from error
    finally:
        pdf.close()


def _open(data: bytes) -> pikepdf.Pdf:
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError as error:
        raise PdfRejected("encrypted", "a password is needed to open it") from error
    except Exception as error:
        raise PdfRejected("corrupt", f"{type(error).__name__}: {error}") from error
    # A PDF that opens without a password but is "encrypted" only restricts
    # printing or copying (an owner password, usual on bank statements and
    # payslips). qpdf has read it all, so it is cleaned and written without
    # the restriction: staff must be able to print evidence.
    return pdf


def _strip(pdf: pikepdf.Pdf) -> None:
    for key in ("/Info", "/ID"):  # /ID as sent may come from the author's system
        if key in pdf.trailer:
            del pdf.trailer[key]
    declared = pdf.trailer.get("/Size")
    if isinstance(declared, int) and declared > MAX_PDF_DECLARED_OBJECTS:
        raise PdfRejected("too_complex", f"{declared} objects declared")
    root = pdf.Root
    for key in _REMOVED_FROM_CATALOG:
        if key in root:
            del root[key]
    names = root.get("/Names")
    if isinstance(names, Dictionary):
        for key in _REMOVED_NAME_TREES:
            if key in names:
                del names[key]
    form = root.get("/AcroForm")
    if isinstance(form, Dictionary) and "/XFA" in form:
        del form["/XFA"]  # an XML form with its own scripts, beside the PDF one
    # Every object qpdf knows, reachable or not: what is no longer reachable
    # is not written anyway, and what is gets scrubbed wherever it sits.
    # First, so that the budget stops a crafted file before anything else.
    budget = [MAX_PDF_OBJECTS]
    for obj in pdf.objects:
        budget[0] -= 1  # every object counts, scalars too
        _scrub(obj, budget)
    for page in pdf.pages:
        _drop_annotations(page.obj)


def _drop_annotations(page: Dictionary) -> None:
    annotations = page.get("/Annots")
    if not isinstance(annotations, Array):
        return
    kept = [
        annotation
        for annotation in annotations
        if not (
            isinstance(annotation, Dictionary)
            and annotation.get("/Subtype") in _REMOVED_ANNOTATIONS
        )
    ]
    if len(kept) != len(annotations):
        page["/Annots"] = Array(kept)


def _scrub(obj: object, budget: list[int]) -> None:
    """Clean a dictionary or array and the direct objects inside it.

    Indirect objects inside are left to their own turn in ``pdf.objects``,
    so a shared object is cleaned once and a reference cycle cannot loop.
    ``budget`` holds how many more dictionaries and arrays may be visited.
    """
    pending = [obj]
    while pending:
        current = pending.pop()
        if isinstance(current, Dictionary | Stream):
            children = _scrub_dictionary(current)
        elif isinstance(current, Array):
            children = list(current)
        else:
            continue
        budget[0] -= 1
        if budget[0] < 0:
            raise PdfRejected("too_complex", f"over {MAX_PDF_OBJECTS} dictionaries and arrays")
        pending.extend(
            child
            for child in children
            if isinstance(child, Dictionary | Array) and not child.is_indirect
        )


def _scrub_dictionary(dictionary: Dictionary | Stream) -> list[object]:
    """Clean one dictionary; return the values left in it."""
    # One look at the keys, not one per key we might remove: this runs for
    # every dictionary in the file.
    keys = dictionary.keys()
    removed = _REMOVED_KEYS.intersection(keys)
    if "/Subtype" in keys and dictionary.get("/Subtype") in _ANNOTATION_SUBTYPES:
        removed |= keys.intersection(_ANNOTATION_AUTHOR_KEYS)
    if "/Type" in keys and dictionary.get("/Type") in _SIGNATURE_TYPES:
        removed |= keys - {"/Type"}
    for key in removed:
        del dictionary[key]
        keys.discard(key)
    if "/A" in keys:
        action = dictionary["/A"]
        if isinstance(action, Dictionary) and action.get("/S") in _ACTION_TYPES:
            if _kept(action):
                _trim_next(action)
            else:
                del dictionary["/A"]
                keys.discard("/A")
    if "/Next" in keys and _is_action(dictionary):
        _trim_next(dictionary)
    return [dictionary[key] for key in keys]


def _kept(action: Dictionary) -> bool:
    kind = action.get("/S")
    if kind not in _KEPT_ACTIONS:
        return False
    if kind != "/URI":
        return True
    target = str(action.get("/URI", "")).strip()
    scheme, colon, _rest = target.partition(":")
    return bool(colon) and scheme.lower() in _KEPT_SCHEMES


def _is_action(obj: object) -> bool:
    return isinstance(obj, Dictionary) and obj.get("/S") in _ACTION_TYPES


def _trim_next(action: Dictionary | Stream) -> None:
    # An allowed action may chain others (/Next: one action or an array).
    following = action.get("/Next")
    if following is None:
        return
    chain: list[pikepdf.Object]
    if isinstance(following, Dictionary):
        chain = [following]
    elif isinstance(following, Array):
        chain = list(following)
    else:
        chain = []  # not an action at all
    kept = [a for a in chain if isinstance(a, Dictionary) and _kept(a)]
    if not kept:
        del action["/Next"]
    elif len(kept) != len(chain):
        action["/Next"] = Array(kept)


def _save(pdf: pikepdf.Pdf) -> bytes:
    output = io.BytesIO()
    pdf.save(
        output,
        # No XMP to touch and no PDF/A claim to keep: both would have pikepdf
        # write metadata of its own.
        fix_metadata_version=False,
        preserve_pdfa=False,
        # Compressed streams are copied byte for byte, never decoded: the
        # pages look the same, and a compressed "bomb" in an image is not
        # unpacked here. Streams sent uncompressed, and the object streams
        # qpdf writes, are compressed (lossless Flate).
        stream_decode_level=pikepdf.StreamDecodeLevel.none,
        compress_streams=True,
        encryption=False,
        # The identifier is computed from the new content, not the clock.
        deterministic_id=True,
    )
    return output.getvalue()
