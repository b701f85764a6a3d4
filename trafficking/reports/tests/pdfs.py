"""Small, real PDFs for tests.

Every uploaded PDF is opened and written anew by qpdf (reports/pdf_clean.py,
ADR 0012), so a test PDF has to be one qpdf can read: a catalog, a page tree
with a page, a cross-reference table at the right offsets and a trailer.
Written by hand rather than by a library, so a test shows exactly what the
file holds. The cleaning compresses the page's content stream; a web link
(an annotation, not a stream) stays readable in the cleaned bytes.
"""

from __future__ import annotations

import random
import string


def one_page_pdf(text: str = "Bijlage", *, info: str = "", link: str = "") -> bytes:
    """A valid one-page PDF showing ``text`` (ASCII), with ``info`` as its
    document information dictionary's body (e.g. ``"/Author (Anna)"``) and
    ``link`` as a web link on the page."""
    content = f"BT /F1 18 Tf 20 100 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200]"
        b" /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R"
        + (
            f" /Annots [<< /Type /Annot /Subtype /Link /Rect [20 90 280 120]"
            f" /A << /S /URI /URI ({link}) >> >>]".encode("ascii")
            if link
            else b""
        )
        + b" >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    if info:
        objects.append(f"<< {info} >>".encode("latin-1"))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = b"/Size %d /Root 1 0 R" % (len(objects) + 1)
    if info:
        trailer += b" /Info %d 0 R" % len(objects)
    out += b"trailer\n<< " + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


MINIMAL_PDF = one_page_pdf()


def padded_pdf(size: int) -> bytes:
    """A valid PDF of exactly ``size`` bytes (at least ~600) whose page shows a
    long line of random letters, so that most of its size survives cleaning
    (which compresses the page's content)."""
    letters = random.Random(size).choices(string.ascii_letters + string.digits, k=size)
    count = size - len(one_page_pdf(""))
    for _ in range(3):  # the stream's /Length takes more digits as it grows
        data = one_page_pdf("".join(letters[:count]))
        if len(data) == size:
            return data
        count -= len(data) - size
    raise ValueError(f"no PDF of exactly {size} bytes")
