"""Print-ready materials for a region: a context is resolved, then typeset by typst.

Two steps, kept apart so the typesetting can be tested and timed on its own:

* ``resolve_context`` gathers everything a material shows: the local route
  for its audience (``local_route``), the words in its language
  (``poster_texts``), the absolute URLs of the report form and the link the
  QR code opens. It reads the directory snapshot it is given, Django's URL
  configuration and (for the card's signals) gettext, nothing else.
* ``render_poster`` is pure: a ``PosterContext`` in, PDF bytes out.

Everything variable reaches typst as data, never as markup: the context is
serialised to JSON and read by the template with ``json(bytes(sys.inputs.data))``,
and the QR code travels as an SVG string in ``sys.inputs.qr``. Typst shows a
string as text, so an organisation called ``#set page(..)`` or ``*_[$]\\`` is
printed literally and cannot change the layout or read files.

Fonts: the templates use DejaVu Sans (Debian package ``fonts-dejavu-core``),
which covers Polish, Romanian (ș ț ă î â) and Bulgarian (Cyrillic). Typst's
embedded fonts are serif or monospaced, so they are not used, and system
fonts are ignored so a PDF looks the same on every machine. A character
DejaVu Sans lacks (in an organisation's name, say) falls back to an embedded
font instead of an empty box; the tests check that the worker poster, in
all five languages, is set in DejaVu Sans itself.
"""

from __future__ import annotations

import io
import json
import os
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import segno
import typst
from django.urls import reverse
from django.utils import translation

from trafficking.directory.catalogue import Catalogue
from trafficking.directory.constants import Form

# The card's signals are the signals page's sentences, so the two never differ.
from trafficking.pages.indicators import INDICATORS

from .local_route import RouteLine, local_route
from .poster_texts import TEMPLATE_LANGUAGES, texts_for

TEMPLATE_DIR = Path(__file__).parent / "poster_templates"
# Where DejaVu Sans is found: Debian's fonts-dejavu-core by default; a
# deployment without it can point POSTER_FONT_DIRS (os.pathsep-separated) elsewhere.
DEFAULT_FONT_DIRS = ("/usr/share/fonts/truetype/dejavu",)
FONT_FAMILY = "DejaVu Sans"

MAX_ORGANISATION_NAME = 120
MAX_LINK_LENGTH = 500


@dataclass(frozen=True)
class TemplateSpec:
    slug: str
    file: str
    # Page size in millimetres (width, height), for callers and tests.
    size_mm: tuple[float, float]
    filename_stem: str  # start of the download's file name


TEMPLATES: dict[str, TemplateSpec] = {
    "citizens": TemplateSpec("citizens", "citizens.typ", (210, 297), "poster-burgers"),
    "professionals": TemplateSpec(
        "professionals", "professionals.typ", (105, 148), "zakkaart-professionals"
    ),
    "workers": TemplateSpec("workers", "workers.typ", (210, 297), "poster-werkenden"),
}

# The card shows the two most telling signals of the three most common forms.
CARD_FORMS = (Form.LABOUR, Form.SEXUAL, Form.CRIMINAL)
CARD_SIGNALS_PER_FORM = 2


class PosterError(ValueError):
    """A material cannot be made from what was asked; the message says why."""


class UnknownTemplate(PosterError):
    pass


class UnsupportedLanguage(PosterError):
    pass


class UnknownMunicipality(PosterError):
    pass


class InvalidText(PosterError):
    pass


@dataclass(frozen=True)
class PosterContext:
    """Everything one material shows, resolved; ``render_poster`` needs nothing else."""

    template: str
    language: str
    municipality_code: str
    municipality_name: str
    organisation_name: str
    link_url: str
    report_url: str
    texts: dict[str, str]
    route: tuple[RouteLine, ...]
    # For the professionals' card: (form label, (signal, ...)).
    signals: tuple[tuple[str, tuple[str, ...]], ...] = ()
    emergency_number: str = "112"

    def as_data(self) -> dict[str, object]:
        """The JSON the templates read (see poster_templates/common.typ)."""
        return {
            "template": self.template,
            "language": self.language,
            "municipality": self.municipality_name,
            "organisation": self.organisation_name,
            "link_url": self.link_url,
            "report_url": self.report_url,
            "emergency_number": self.emergency_number,
            "texts": self.texts,
            "route": [line.as_dict() for line in self.route],
            "signals": [{"form": form, "items": list(items)} for form, items in self.signals],
        }


def check_choice(template: str, language: str) -> TemplateSpec:
    """The template's spec, or a PosterError naming what is wrong."""
    spec = TEMPLATES.get(template)
    if spec is None:
        raise UnknownTemplate(
            f"Unknown template {template!r}; choose one of {', '.join(TEMPLATES)}."
        )
    languages = TEMPLATE_LANGUAGES[template]
    if language not in languages:
        raise UnsupportedLanguage(
            f"Template {template!r} exists in {', '.join(languages)}, not in {language!r}."
        )
    return spec


def clean_text(value: str, *, what: str, max_length: int) -> str:
    """Trimmed single-line text without control characters, or InvalidText."""
    text = " ".join(str(value or "").split())
    if not text:
        raise InvalidText(f"The {what} is empty.")
    if len(text) > max_length:
        raise InvalidText(f"The {what} is longer than {max_length} characters.")
    if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in text):
        raise InvalidText(f"The {what} contains control characters.")
    return text


def absolute_url(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


def report_url(base_url: str, language: str) -> str:
    """This site's report form in a language, as an absolute URL."""
    with translation.override(language):
        return absolute_url(base_url, reverse("reports:report"))


def wizard_url(base_url: str, language: str) -> str:
    """The wizard in a language, as an absolute URL (the default QR link)."""
    with translation.override(language):
        return absolute_url(base_url, reverse("pages:wizard"))


def card_signals(language: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The signals page's own sentences for the card, in a language."""
    groups = []
    with translation.override(language):
        for form in CARD_FORMS:
            signals = INDICATORS[form]["signals"]
            assert isinstance(signals, list)
            groups.append(
                (str(Form(form).label), tuple(str(s) for s in signals[:CARD_SIGNALS_PER_FORM]))
            )
    return tuple(groups)


def resolve_context(
    template: str,
    language: str,
    municipality_code: str,
    organisation_name: str,
    link_url: str | None,
    catalogue: Catalogue,
    *,
    base_url: str,
) -> PosterContext:
    """Everything a material shows for one municipality, or a PosterError.

    ``base_url`` is this site's scheme and host ("https://example.nl"), for the
    absolute URLs printed; ``link_url`` None means the wizard in ``language``.
    """
    check_choice(template, language)
    place = catalogue.gazetteer.places.get(municipality_code)
    if place is None:
        raise UnknownMunicipality(f"Unknown municipality code {municipality_code!r}.")
    name = clean_text(organisation_name, what="organisation name", max_length=MAX_ORGANISATION_NAME)
    link = link_url or wizard_url(base_url, language)
    link = clean_text(link, what="link", max_length=MAX_LINK_LENGTH)
    if not link.startswith(("https://", "http://")):
        raise InvalidText("The link must start with https:// or http://.")
    return PosterContext(
        template=template,
        language=language,
        municipality_code=place.code,
        municipality_name=place.name,
        organisation_name=name,
        link_url=link,
        report_url=report_url(base_url, language),
        texts=texts_for(template, language, place.name),
        route=tuple(local_route(template, place.code, catalogue, language)),
        signals=card_signals(language) if template == "professionals" else (),
    )


def qr_svg(link: str) -> str:
    """The link as a QR code in SVG: vector, so it prints sharp at any size.

    Error correction level M (15%) survives a crease or a bit of tape; the
    four-module quiet zone is what scanners expect.
    """
    buffer = io.BytesIO()
    segno.make(link, error="m", boost_error=False).save(
        buffer, kind="svg", border=4, xmldecl=False, svgns=True, nl=False
    )
    return buffer.getvalue().decode("utf-8")


def font_dirs() -> list[str]:
    configured = os.environ.get("POSTER_FONT_DIRS")
    dirs = configured.split(os.pathsep) if configured else list(DEFAULT_FONT_DIRS)
    return [d for d in dirs if d]


@cache
def typst_fonts() -> typst.Fonts:
    """Scanned once per process: finding fonts is the slow part of a cold render."""
    fonts = typst.Fonts(
        include_system_fonts=False, include_embedded_fonts=True, font_paths=font_dirs()
    )
    if FONT_FAMILY not in fonts.families():
        raise RuntimeError(
            f"Font {FONT_FAMILY!r} not found in {font_dirs()}: install the Debian package "
            "fonts-dejavu-core or set POSTER_FONT_DIRS."
        )
    return fonts


# typst-py does not document its compiler as thread-safe, and the shared
# font book is read during compilation; a render takes a few tens of
# milliseconds, so serialising them costs little.
typst_lock = threading.Lock()


def render_poster(context: PosterContext) -> bytes:
    """The material as PDF bytes. Pure: the same context gives the same document."""
    spec = check_choice(context.template, context.language)
    inputs = {
        "data": json.dumps(context.as_data(), ensure_ascii=False),
        "qr": qr_svg(context.link_url),
    }
    compiler = typst.Compiler(
        root=str(TEMPLATE_DIR), font_paths=typst_fonts(), ignore_system_fonts=True
    )
    # A fixed timestamp keeps the output byte-for-byte reproducible.
    with typst_lock:
        pdf = compiler.compile(
            str(TEMPLATE_DIR / spec.file), format="pdf", sys_inputs=inputs, timestamp=0
        )
    assert isinstance(pdf, bytes)
    return pdf


def download_name(context: PosterContext) -> str:
    """ "poster-burgers-zwolle-nl.pdf": template, municipality and language."""
    from django.utils.text import slugify

    stem = TEMPLATES[context.template].filename_stem
    return f"{stem}-{slugify(context.municipality_name)}-{context.language}.pdf"
