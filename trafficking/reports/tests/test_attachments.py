"""Attachments: size and type limits, and metadata stripped from photos.

Pure tests: images are generated in memory, nothing touches the database.
"""

from __future__ import annotations

import io
import struct
import unicodedata
import warnings
import zlib

import pikepdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from trafficking.reports import attachments
from trafficking.reports.attachments import (
    ALLOWED_TYPES,
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS,
    MAX_IMAGE_PIXELS,
    REJECTION_CODES,
    AttachmentRejected,
    CleanAttachment,
    check_count,
    safe_name,
    sanitise,
)
from trafficking.reports.tests import pdfs

CAMERA_MAKE = "SpyCam Industries"
CAMERA_MODEL = "Model X-9000"
SECRET = "Hotel Zeezicht kamer 12"

GPS_IFD = 0x8825
EXIF_MAKE, EXIF_MODEL, EXIF_DATETIME, EXIF_ORIENTATION = 0x010F, 0x0110, 0x0132, 0x0112

# A real one-page PDF: every PDF is now opened and written anew (ADR 0012).
MINIMAL_PDF = pdfs.MINIMAL_PDF


# --- helpers -----------------------------------------------------------------


def two_colour_image(size=(40, 20), mode="RGB") -> Image.Image:
    """Left half red, right half blue: survives JPEG and shows rotations."""
    image = Image.new("RGB", size, (255, 0, 0))
    image.paste((0, 0, 255), (size[0] // 2, 0, size[0], size[1]))
    return image.convert(mode) if mode != "RGB" else image


def encode(image: Image.Image, fmt: str, **params) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **params)
    return out.getvalue()


def camera_exif(orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[EXIF_MAKE] = CAMERA_MAKE
    exif[EXIF_MODEL] = CAMERA_MODEL
    exif[EXIF_DATETIME] = "2024:03:14 02:30:00"
    if orientation is not None:
        exif[EXIF_ORIENTATION] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"  # GPSLatitudeRef
    gps[2] = (52.0, 22.0, 30.5)  # GPSLatitude: Amsterdam
    gps[3] = "E"  # GPSLongitudeRef
    gps[4] = (4.0, 53.0, 40.2)  # GPSLongitude
    return exif


def reopen(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    return image


def png_with_header(width: int, height: int) -> bytes:
    """A PNG whose header claims the given size; the pixel data is a stub.

    Pillow reads the size from IHDR when opening, so this exercises the
    bomb guards without building a huge image in the test.
    """

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + chunk(b"IEND", b"")
    )


def jpeg_with_size(width: int, height: int) -> bytes:
    """A small real JPEG whose SOF0 marker is patched to claim another size."""
    data = bytearray(encode(Image.new("L", (8, 8)), "JPEG"))
    sof = data.index(b"\xff\xc0")
    # SOF0: marker(2) length(2) precision(1) height(2) width(2)
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def rejection(data: bytes, filename: str = "bestand", declared=None) -> str:
    with pytest.raises(AttachmentRejected) as info:
        sanitise(data, filename, declared)
    assert info.value.code in REJECTION_CODES
    return info.value.code


# --- metadata stripping --------------------------------------------------------


def test_jpeg_loses_exif_gps_and_camera_details():
    exif = camera_exif()
    original = encode(two_colour_image(), "JPEG", exif=exif.tobytes())
    # Make sure the fixture really carries what must disappear.
    assert CAMERA_MAKE.encode() in original
    assert reopen(original).getexif().get_ifd(GPS_IFD)[1] == "N"

    clean = sanitise(original, "IMG_0001.JPG", "image/jpeg")

    assert clean.content_type == "image/jpeg"
    assert clean.extension == ".jpg"
    assert clean.size == len(clean.content)
    result = reopen(clean.content)
    assert result.format == "JPEG"
    assert not result.getexif()
    assert not result.getexif().get_ifd(GPS_IFD)
    assert b"Exif" not in clean.content
    assert CAMERA_MAKE.encode() not in clean.content
    assert CAMERA_MODEL.encode() not in clean.content
    assert b"2024:03:14" not in clean.content


def test_jpeg_loses_comment_xmp_and_icc_profile():
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description>{SECRET}</rdf:Description>'
    original = encode(
        two_colour_image(),
        "JPEG",
        comment=SECRET.encode(),
        xmp=(xmp + "</x:xmpmeta>").encode(),
        icc_profile=b"ICC-" + SECRET.encode() * 4,
    )
    assert original.count(SECRET.encode()) >= 3

    clean = sanitise(original, "foto.jpg")

    assert SECRET.encode() not in clean.content
    assert b"xmpmeta" not in clean.content
    result = reopen(clean.content)
    assert "comment" not in result.info
    assert "icc_profile" not in result.info
    assert "xmp" not in result.info


def test_png_loses_text_chunks_exif_and_icc_profile():
    info = PngInfo()
    info.add_text("Comment", SECRET)
    info.add_text("Location", "52.37,4.89", zip=True)
    info.add_itxt("Author", SECRET)
    original = encode(
        two_colour_image(),
        "PNG",
        pnginfo=info,
        exif=camera_exif().tobytes(),
        icc_profile=b"ICC-" + SECRET.encode(),
    )
    before = reopen(original)
    assert before.text["Comment"] == SECRET
    assert before.getexif()[EXIF_MAKE] == CAMERA_MAKE

    clean = sanitise(original, "scherm.png")

    assert clean.content_type == "image/png"
    result = reopen(clean.content)
    assert result.text == {}
    assert not result.getexif()
    assert "icc_profile" not in result.info
    for marker in (SECRET.encode(), CAMERA_MAKE.encode(), b"tEXt", b"zTXt", b"iTXt", b"eXIf"):
        assert marker not in clean.content


def test_data_appended_after_the_image_is_dropped():
    # A JPEG that is also a ZIP (or carries a hidden payload) must not come
    # out as one.
    payload = b"PK\x03\x04" + SECRET.encode() * 10
    clean = sanitise(encode(two_colour_image(), "JPEG") + payload, "a.jpg")
    assert SECRET.encode() not in clean.content
    assert b"PK\x03\x04" not in clean.content


def test_second_picture_of_a_multi_picture_jpeg_is_dropped():
    # Phones store MPO files (a JPEG plus extra pictures, e.g. the unedited
    # original or a depth map); only the first picture may survive.
    hidden = encode(Image.new("RGB", (40, 20), "green"), "JPEG", exif=camera_exif().tobytes())
    out = io.BytesIO()
    two_colour_image().save(
        out, "MPO", save_all=True, append_images=[reopen(hidden)], exif=camera_exif().tobytes()
    )
    original = out.getvalue()
    assert reopen(original).format == "MPO"
    assert CAMERA_MAKE.encode() in original

    clean = sanitise(original, "IMG_0002.JPG")

    result = Image.open(io.BytesIO(clean.content))
    assert result.format == "JPEG"
    assert getattr(result, "n_frames", 1) == 1
    assert clean.content.count(b"\xff\xd8") == 1  # one picture, no embedded JPEG
    assert CAMERA_MAKE.encode() not in clean.content


# --- orientation -----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_exif_orientation_is_applied_to_the_pixels(fmt):
    # Stored 40 wide, 20 high, red on the left; orientation 6 means "rotate
    # 90° clockwise to display", so the viewer sees 20x40 with red on top.
    original = encode(two_colour_image((40, 20)), fmt, exif=camera_exif(6).tobytes())

    clean = sanitise(original, "portret")

    result = reopen(clean.content).convert("RGB")
    assert result.size == (20, 40)
    top, bottom = result.getpixel((10, 5)), result.getpixel((10, 35))
    assert top[0] > 200 and top[2] < 60  # red
    assert bottom[2] > 200 and bottom[0] < 60  # blue
    # No orientation tag left behind, so no viewer rotates it a second time.
    assert EXIF_ORIENTATION not in reopen(clean.content).getexif()


def test_image_without_orientation_keeps_its_shape():
    clean = sanitise(encode(two_colour_image((40, 20)), "JPEG"), "liggend.jpg")
    assert reopen(clean.content).size == (40, 20)


# --- colour modes ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "expected"),
    [("L", "L"), ("RGB", "RGB"), ("CMYK", "RGB")],
)
def test_jpeg_modes_are_saved_in_a_jpeg_mode(mode, expected):
    clean = sanitise(encode(two_colour_image(mode=mode), "JPEG"), "x.jpg")
    assert reopen(clean.content).mode == expected


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("1", "1"),
        ("L", "L"),
        ("LA", "LA"),
        ("RGB", "RGB"),
        ("RGBA", "RGBA"),
        ("P", "RGB"),
        ("I;16", "I;16"),
    ],
)
def test_png_modes_keep_their_look(mode, expected):
    clean = sanitise(encode(two_colour_image(mode=mode), "PNG"), "x.png")
    result = reopen(clean.content)
    assert result.mode == expected
    assert result.size == (40, 20)


def test_png_palette_transparency_becomes_real_alpha():
    image = two_colour_image().convert("P")
    transparent_index = image.getpixel((0, 0))
    original = encode(image, "PNG", transparency=transparent_index)

    clean = sanitise(original, "logo.png")

    result = reopen(clean.content)
    assert result.mode == "RGBA"
    assert result.getpixel((0, 0))[3] == 0  # was transparent: still is
    assert result.getpixel((39, 0))[3] == 255


def test_png_alpha_channel_is_kept():
    image = two_colour_image(mode="RGBA")
    image.putpixel((0, 0), (255, 0, 0, 0))
    result = reopen(sanitise(encode(image, "PNG"), "x.png").content)
    assert result.getpixel((0, 0))[3] == 0


# --- type detection --------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename", "declared"),
    [
        (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "photo.jpg", "image/jpeg"),
        (b"<script>fetch('/x')</script>", "photo.png", "image/png"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>", "a.png", "image/png"),
        (b"PK\x03\x04\x14\x00\x00\x00" + b"\x00" * 40, "scan.pdf", "application/pdf"),
        (b"#!/bin/sh\nrm -rf /\n", "photo.jpg", "image/jpeg"),
        (b"MZ\x90\x00" + b"\x00" * 60, "photo.jpg", "image/jpeg"),
        (b"GIF89a" + b"\x00" * 20, "anim.gif", "image/gif"),
        (b"  %PDF-1.4\n%%EOF", "doc.pdf", "application/pdf"),
        (b"\xef\xbb\xbf<html>", "photo.jpg", "image/jpeg"),
    ],
)
def test_content_that_is_not_an_allowed_type_is_rejected(data, filename, declared):
    assert rejection(data, filename, declared) == "unsupported_type"


def test_type_comes_from_content_not_from_name_or_declared_type():
    clean = sanitise(encode(two_colour_image(), "PNG"), "rapport.pdf", "application/pdf")
    assert clean.content_type == "image/png"
    assert clean.extension == ".png"
    assert clean.original_name == "rapport.png"


# --- corrupt files -----------------------------------------------------------------


def noisy_image(size=(64, 64)) -> Image.Image:
    # Noise does not compress, so a truncated file misses real pixel data.
    return Image.effect_noise(size, 100).convert("RGB")


def test_truncated_jpeg_is_corrupt():
    data = encode(noisy_image(), "JPEG")
    assert rejection(data[: len(data) // 2], "half.jpg") == "corrupt"


def test_truncated_png_is_corrupt():
    data = encode(noisy_image(), "PNG")
    assert rejection(data[: len(data) // 2], "half.png") == "corrupt"


def test_png_with_damaged_checksum_is_corrupt():
    data = bytearray(encode(noisy_image(), "PNG"))
    idat = data.index(b"IDAT")
    data[idat + 20] ^= 0xFF  # inside the compressed pixel data: CRC no longer matches
    assert rejection(bytes(data), "x.png") == "corrupt"


@pytest.mark.parametrize("data", [b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0junk"])
def test_bare_magic_bytes_are_corrupt(data):
    assert rejection(data) == "corrupt"


# --- size limits -------------------------------------------------------------------


def test_empty_file_is_rejected():
    assert rejection(b"", "leeg.jpg", "image/jpeg") == "empty"


def test_oversize_file_is_rejected_before_any_parsing(monkeypatch):
    def must_not_parse(*args, **kwargs):
        raise AssertionError("parsed a file that was already too large")

    monkeypatch.setattr(attachments.Image, "open", must_not_parse)
    data = b"\xff\xd8\xff" + b"\x00" * MAX_ATTACHMENT_BYTES
    assert rejection(data, "groot.jpg") == "too_large"


def test_file_of_exactly_the_limit_is_allowed():
    padding = b"%" + b"x" * (MAX_ATTACHMENT_BYTES - len(MINIMAL_PDF) - 2) + b"\n"
    data = MINIMAL_PDF[:9] + padding + MINIMAL_PDF[9:]
    assert len(data) == MAX_ATTACHMENT_BYTES
    # Accepted; the PDF is written anew, so the filler comment is gone.
    assert sanitise(data, "groot.pdf").content_type == "application/pdf"


def test_huge_single_colour_png_is_rejected_as_too_many_pixels():
    # 100 megapixels of one colour compresses to a few kilobytes: the upload
    # limit alone would let it through, the decoded image would take 100 MB+.
    data = encode(Image.new("1", (10_000, 10_000)), "PNG")
    assert len(data) < MAX_ATTACHMENT_BYTES
    assert rejection(data, "bom.png") == "too_many_pixels"


def test_bomb_warning_is_handled_even_when_warnings_are_only_logged():
    # In production warnings are not errors; Pillow's warning must still not
    # slip through as a log line with the image being decoded anyway.
    data = png_with_header(10_000, 10_000)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert rejection(data, "bom.png") == "too_many_pixels"
    assert not [w for w in caught if issubclass(w.category, Image.DecompressionBombWarning)]


@pytest.mark.parametrize(
    "data",
    [
        # Above our limit but below Pillow's own warning threshold.
        png_with_header(8_000, 6_000),
        jpeg_with_size(8_000, 6_000),
        # Beyond twice Pillow's threshold: Pillow raises DecompressionBombError.
        png_with_header(30_000, 30_000),
        jpeg_with_size(65_000, 65_000),
    ],
    ids=["png-48mp", "jpeg-48mp", "png-900mp", "jpeg-4gp"],
)
def test_claimed_dimensions_over_the_limit_are_rejected(data):
    assert rejection(data) == "too_many_pixels"


def test_image_just_under_the_pixel_limit_is_allowed():
    side = int(MAX_IMAGE_PIXELS**0.5)
    clean = sanitise(encode(Image.new("1", (side, side)), "PNG"), "groot.png")
    assert reopen(clean.content).size == (side, side)


# --- PDF ---------------------------------------------------------------------------


def test_minimal_pdf_is_written_anew():
    # Until ADR 0012 a PDF was stored as sent; now qpdf writes a new file.
    clean = sanitise(MINIMAL_PDF, "aangifte.PDF", "application/octet-stream")
    assert clean.content != MINIMAL_PDF
    with pikepdf.open(io.BytesIO(clean.content)) as pdf:
        assert b"(Bijlage) Tj" in pdf.pages[0].Contents.read_bytes()
    assert clean == CleanAttachment(
        content=clean.content,
        content_type="application/pdf",
        extension=".pdf",
        original_name="aangifte.pdf",
        size=len(clean.content),
    )


def test_pdf_without_trailer_is_corrupt():
    assert rejection(MINIMAL_PDF.replace(b"%%EOF", b""), "kapot.pdf") == "corrupt"


def test_pdf_with_trailer_far_from_the_end_is_corrupt():
    # A truncated-and-padded or otherwise mangled file, not a PDF reader's idea of one.
    assert rejection(MINIMAL_PDF + b"\x00" * 4096, "kapot.pdf") == "corrupt"


def test_pdf_with_trailing_whitespace_after_trailer_is_fine():
    assert sanitise(MINIMAL_PDF + b"\r\n\r\n", "a.pdf").content_type == "application/pdf"


# --- names ---------------------------------------------------------------------------


def test_path_traversal_and_bidi_override_give_a_safe_basename():
    clean = sanitise(encode(two_colour_image(), "JPEG"), "../../\u202eevil.exe.jpg")
    name = clean.original_name
    assert name.endswith(".jpg")
    assert "/" not in name and "\\" not in name and ".." not in name
    assert "\u202e" not in name
    assert name == "evil.exe.jpg"


@pytest.mark.parametrize(
    ("filename", "extension", "expected"),
    [
        ("C:\\Users\\Fatima\\Pictures\\IMG_0001.JPG", ".jpg", "IMG_0001.jpg"),
        ("/home/anna/Documenten/brief.pdf", ".pdf", "brief.pdf"),
        ("foto.png", ".jpg", "foto.jpg"),
        ("foto.jpeg", ".jpg", "foto.jpg"),
        ("scan", ".pdf", "scan.pdf"),
        ("rapport v1.2 definitief", ".pdf", "rapport v1.2 definitief.pdf"),
        ("  vakantie .jpg  ", ".jpg", "vakantie.jpg"),
        (".verborgen.png", ".png", "verborgen.png"),
        ("a\x00b\nc\x7f.jpg", ".jpg", "abc.jpg"),
        ("\u2066gpj\u2069\u202d.exe", ".pdf", "gpj.pdf"),
        ("regel\u2028twee.jpg", ".jpg", "regeltwee.jpg"),
        ("نامه\u200cها.jpg", ".jpg", "نامه\u200cها.jpg"),  # ZWNJ is part of Persian words
        ("", ".jpg", "bijlage.jpg"),
        ("../..", ".jpg", "bijlage.jpg"),
        ("uploads/", ".png", "bijlage.png"),
        ("....", ".pdf", "bijlage.pdf"),
        ("\u202e\u202e", ".jpg", "bijlage.jpg"),
        (".jpg", ".jpg", "jpg.jpg"),
    ],
)
def test_safe_name(filename, extension, expected):
    assert safe_name(filename, extension) == expected


def test_long_name_is_cut_to_120_characters_keeping_the_extension():
    name = safe_name("x" * 300 + ".jpeg", ".jpg")
    assert len(name) == 120
    assert name == "x" * 116 + ".jpg"


_BIDI = {chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]}


@given(st.text(max_size=400), st.sampled_from(sorted(ALLOWED_TYPES.values())))
def test_any_name_becomes_a_safe_display_name(filename, extension):
    name = safe_name(filename, extension)
    assert name.endswith(extension)
    assert len(extension) < len(name) <= 120
    assert "/" not in name and "\\" not in name
    assert not name.startswith(".")
    assert not any(ch in _BIDI or unicodedata.category(ch) in {"Cc", "Cs"} for ch in name)
    name.encode("utf-8")  # storable


# --- count and errors ----------------------------------------------------------------


@pytest.mark.parametrize("n", range(MAX_ATTACHMENTS + 1))
def test_up_to_the_maximum_number_of_files_is_fine(n):
    check_count(n)


def test_too_many_files_is_rejected():
    with pytest.raises(AttachmentRejected) as info:
        check_count(MAX_ATTACHMENTS + 1)
    assert info.value.code == "too_many"


def test_rejection_is_a_value_error_with_a_known_code():
    error = AttachmentRejected("corrupt", "OSError: truncated")
    assert isinstance(error, ValueError)
    assert error.code == "corrupt"
    with pytest.raises(ValueError, match="unknown rejection code"):
        AttachmentRejected("Dit bestand is niet goed")


# --- robustness ----------------------------------------------------------------------

_SMALL_JPEG = encode(noisy_image((16, 16)), "JPEG")
_SMALL_PNG = encode(noisy_image((16, 16)).convert("RGBA"), "PNG")


@st.composite
def damaged(draw, original: bytes) -> bytes:
    """A valid image with a few bytes overwritten and maybe cut short."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 8))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return bytes(data[: draw(st.integers(1, len(data)))])


_MAGIC_PREFIXES = st.sampled_from([b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"%PDF-"])

_ANY_UPLOAD = st.one_of(
    st.binary(max_size=2048),
    st.builds(lambda magic, rest: magic + rest, _MAGIC_PREFIXES, st.binary(max_size=2048)),
    damaged(_SMALL_JPEG),
    damaged(_SMALL_PNG),
    damaged(MINIMAL_PDF),
)


@settings(max_examples=300, deadline=None)
@given(data=_ANY_UPLOAD, filename=st.text(max_size=200), declared=st.none() | st.text())
def test_arbitrary_bytes_never_raise_anything_but_a_rejection(data, filename, declared):
    try:
        clean = sanitise(data, filename, declared)
    except AttachmentRejected as error:
        assert error.code in REJECTION_CODES
    else:
        assert clean.content_type in ALLOWED_TYPES
        assert clean.extension == ALLOWED_TYPES[clean.content_type]
        assert clean.size == len(clean.content) > 0
