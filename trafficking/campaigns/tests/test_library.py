"""The public materials library and its moderation in the admin."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from trafficking.campaigns import material_files
from trafficking.campaigns.constants import Licence, MaterialKind, Moderation
from trafficking.campaigns.library import LibraryFilter, material_matches
from trafficking.campaigns.models import Campaign, Material
from trafficking.directory.models import Organisation
from trafficking.reports.pdf_clean import clean_pdf
from trafficking.reports.tests.factories import login_with_otp
from trafficking.reports.tests.test_attachments import MINIMAL_PDF, encode, two_colour_image

LIBRARY = "/nl/campagnes/bibliotheek/"


@pytest.fixture(autouse=True)
def material_dir(settings, tmp_path):
    settings.MATERIAL_DIR = tmp_path / "materials"
    return settings.MATERIAL_DIR


def make_material(
    title: str,
    *,
    owner: str = "comensha",
    status: str = Moderation.PUBLISHED,
    data: bytes | None = MINIMAL_PDF,
    name: str = "poster.pdf",
    **fields,
) -> Material:
    values = {
        "kind": MaterialKind.POSTER,
        "licence": Licence.FREE_TO_ADAPT,
        "audiences": ["citizens"],
        "forms": [],
        "languages": ["nl"],
    }
    values.update(fields)
    material = Material(
        title=title, owner=Organisation.objects.get(slug=owner), status=status, **values
    )
    clean = None
    if data is not None:
        clean = material_files.check_upload(SimpleUploadedFile(name, data))
    return material_files.save_material(material, clean=clean)


def titles(html: str) -> list[str]:
    listing = html.split('<ul class="org-list material-list">', 1)[1].split("</ul>\n", 1)[0]
    return re.findall(r"<h2><a [^>]+><bdi>(.*?)</bdi></a></h2>", listing)


@pytest.fixture
def shelf(db):
    """Materials of two owners, in every state, with different facts."""
    other = Organisation.objects.exclude(slug="comensha").filter(is_active=True).first()
    return {
        "poster": make_material("Poster arbeidsuitbuiting", forms=["labour"], languages=["pl"]),
        "lesson": make_material(
            "Lespakket loverboys",
            kind=MaterialKind.LESSON,
            audiences=["youth", "parents"],
            forms=["sexual"],
            licence=Licence.ASK_OWNER,
            owner=other.slug,
        ),
        "video": make_material(
            "Video over signalen",
            kind=MaterialKind.VIDEO,
            data=None,
            external_url="https://www.example.org/video",
            licence=Licence.USE_UNCHANGED,
        ),
        "waiting": make_material("Nog niet gecontroleerd", status=Moderation.SUBMITTED),
        "rejected": make_material("Afgewezen flyer", status=Moderation.REJECTED),
        "other": other,
    }


def test_the_library_lists_published_materials_only(client, shelf):
    response = client.get(LIBRARY)
    assert response.status_code == 200
    found = titles(response.content.decode())
    assert sorted(found) == sorted(
        ["Poster arbeidsuitbuiting", "Lespakket loverboys", "Video over signalen"]
    )
    assert "3 materialen gevonden" in response.content.decode()
    # Public pages set no cookie.
    assert not response.cookies


def test_the_library_links_to_material_for_the_region(client, db):
    html = client.get(LIBRARY).content.decode()
    assert f'href="{reverse("campaigns:region-materials")}"' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "loverboys"}, ["Lespakket loverboys"]),
        ({"q": "SIGNALEN video"}, ["Video over signalen"]),
        ({"audience": "parents"}, ["Lespakket loverboys"]),
        ({"form": "labour"}, ["Poster arbeidsuitbuiting"]),
        ({"form": "general"}, ["Video over signalen"]),
        ({"kind": "lesson"}, ["Lespakket loverboys"]),
        ({"language": "pl"}, ["Poster arbeidsuitbuiting"]),
        ({"licence": "use_unchanged"}, ["Video over signalen"]),
        ({"owner": "comensha"}, ["Poster arbeidsuitbuiting", "Video over signalen"]),
        ({"q": "afgewezen"}, []),
        ({"q": "gecontroleerd"}, []),
    ],
)
def test_search_and_filters(client, shelf, query, expected):
    response = client.get(LIBRARY, query)
    assert response.status_code == 200
    assert sorted(titles(response.content.decode())) == sorted(expected)


def test_a_bad_filter_value_is_explained(client, shelf):
    response = client.get(LIBRARY, {"kind": "<script>x</script>"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html and "Soort materiaal" in html
    assert "<script>x</script>" not in html
    assert titles(html) == []


def test_an_owner_without_published_material_is_no_choice(client, shelf):
    html = client.get(LIBRARY).content.decode()
    assert f'value="{shelf["other"].slug}"' in html
    assert 'value="comensha"' in html
    lonely = Organisation.objects.exclude(materials__isnull=False).first()
    assert client.get(LIBRARY, {"owner": lonely.slug}).status_code == 400


def test_the_filter_is_plain_python():
    material = Material(
        title="T",
        description="",
        kind=MaterialKind.FLYER,
        audiences=["youth"],
        forms=["sexual", "labour"],
        languages=["nl", "en"],
        licence=Licence.ASK_OWNER,
        owner=Organisation(name="Eigenaar", slug="eigenaar"),
    )
    assert material_matches(material, LibraryFilter(form="labour", language="en"))
    assert not material_matches(material, LibraryFilter(form="general"))
    assert not material_matches(material, LibraryFilter(owner="iemand-anders"))
    assert material_matches(material, LibraryFilter(text="eigenaar"))


def test_the_material_page_explains_the_licence_and_links_owner_and_campaign(client, shelf):
    campaign = Campaign.objects.filter(is_active=True).first()
    material = shelf["poster"]
    material.campaign = campaign
    material.save()
    response = client.get(f"{LIBRARY}{material.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vrij te gebruiken en aan te passen" in html
    assert "U mag dit materiaal gratis gebruiken, verspreiden en aanpassen" in html
    assert f'href="{reverse("directory:detail", args=["comensha"])}"' in html
    assert f'href="{reverse("campaigns:detail", args=[campaign.slug])}"' in html
    assert f'href="{reverse("campaigns:material-download", args=[material.pk])}"' in html
    assert '<span lang="pl">Polski</span>' in html


def test_a_linked_video_is_a_link_never_embedded(client, shelf):
    html = client.get(f"{LIBRARY}{shelf['video'].pk}/").content.decode()
    assert 'href="https://www.example.org/video" rel="noreferrer noopener"' in html
    assert "<iframe" not in html and "<video" not in html
    assert "Bestand downloaden" not in html
    assert "niet aanpassen" in html


def test_the_english_page_has_english_paths(client, shelf):
    with translation.override("en"):
        url = reverse("campaigns:material", args=[shelf["poster"].pk])
    assert url.startswith("/en/")
    assert client.get(url).status_code == 200


def test_download_serves_the_checked_file_as_an_attachment(client, shelf):
    response = client.get(f"{LIBRARY}{shelf['poster'].pk}/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="poster.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    # The file as checked and stored: a PDF is written anew (ADR 0012).
    assert b"".join(response.streaming_content) == clean_pdf(MINIMAL_PDF)
    assert not response.cookies


def test_a_png_downloads_as_a_png(client, db):
    material = make_material("Afbeelding", data=encode(two_colour_image(), "PNG"), name="beeld.png")
    response = client.get(f"{LIBRARY}{material.pk}/download/")
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="beeld.png"'
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


@pytest.mark.parametrize("which", ["waiting", "rejected"])
def test_unpublished_materials_do_not_exist_for_the_public(client, shelf, which):
    pk = shelf[which].pk
    assert client.get(f"{LIBRARY}{pk}/").status_code == 404
    assert client.get(f"{LIBRARY}{pk}/download/").status_code == 404


def test_unknown_and_fileless_materials_are_404(client, shelf):
    assert client.get(f"{LIBRARY}999999/").status_code == 404
    assert client.get(f"{LIBRARY}999999/download/").status_code == 404
    assert client.get(f"{LIBRARY}{shelf['video'].pk}/download/").status_code == 404
    assert client.get(f"{LIBRARY}abc/").status_code == 404


def test_a_material_of_an_inactive_organisation_is_hidden(client, shelf):
    Organisation.objects.filter(pk=shelf["other"].pk).update(is_active=False)
    assert client.get(f"{LIBRARY}{shelf['lesson'].pk}/").status_code == 404
    assert "Lespakket loverboys" not in client.get(LIBRARY).content.decode()


def test_a_missing_file_is_a_404_not_a_server_error(client, shelf, material_dir):
    (material_dir / shelf["poster"].stored_name).unlink()
    assert client.get(f"{LIBRARY}{shelf['poster'].pk}/download/").status_code == 404


# --- Moderation in the admin ---------------------------------------------------

CHANGELIST = "/beheer/campaigns/material/"


def hidden_value(page, name: str) -> str:
    """The value of a hidden field as the admin page rendered it (what a browser posts)."""
    match = re.search(rf'name="{name}" value="([^"]*)"', page.content.decode())
    assert match, f"no hidden field {name}"
    return unescape(match.group(1))


@pytest.fixture
def editor(client, db):
    user = login_with_otp(client, "directory_editor", "redacteur")
    return client, user


def test_the_editor_sees_what_waits_and_filters(editor, shelf):
    client, _user = editor
    response = client.get(CHANGELIST, {"status__exact": "submitted"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nog niet gecontroleerd" in html and "Poster arbeidsuitbuiting" not in html
    for query in ({"kind__exact": "video"}, {"licence__exact": "ask_owner"}):
        assert client.get(CHANGELIST, query).status_code == 200
    assert client.get(CHANGELIST, {"owner__id__exact": shelf["other"].pk}).status_code == 200
    # Materials come from their owners, never from staff.
    assert client.get(CHANGELIST + "add/").status_code == 403


def test_publishing_makes_a_material_public(editor, shelf):
    client, user = editor
    waiting = shelf["waiting"]
    assert client.get(f"{LIBRARY}{waiting.pk}/").status_code == 404
    # Staff can open the file before they publish it.
    file_page = client.get(f"{CHANGELIST}{waiting.pk}/bestand/")
    assert file_page.status_code == 200
    assert file_page["Content-Disposition"].startswith("attachment")
    loaded_at = hidden_value(client.get(CHANGELIST), "loaded_at")
    response = client.post(
        CHANGELIST,
        {"action": "publish", "_selected_action": [waiting.pk], "loaded_at": loaded_at},
        follow=True,
    )
    assert "1 materiaal gepubliceerd." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Moderation.PUBLISHED
    assert waiting.moderated_by == user and waiting.moderated_at is not None
    assert waiting.history.count() >= 2
    client.logout()
    assert client.get(f"{LIBRARY}{waiting.pk}/").status_code == 200
    assert client.get(f"{LIBRARY}{waiting.pk}/download/").status_code == 200


def test_rejecting_needs_a_note_and_hides_the_material(editor, shelf):
    client, user = editor
    poster = shelf["poster"]
    url = f"{CHANGELIST}{poster.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Poster arbeidsuitbuiting" in page.content.decode()
    seen = hidden_value(page, "seen_updated_at")
    response = client.post(
        url, {"status": "rejected", "moderation_note": "  ", "seen_updated_at": seen}
    )
    assert response.status_code == 200  # the form again, with the message
    assert "Schrijf bij een afwijzing waarom" in response.content.decode()
    poster.refresh_from_db()
    assert poster.status == Moderation.PUBLISHED
    response = client.post(
        url,
        {
            "status": "rejected",
            "moderation_note": "Het telefoonnummer klopt niet.",
            "seen_updated_at": seen,
        },
    )
    assert response.status_code == 302
    poster.refresh_from_db()
    assert poster.status == Moderation.REJECTED
    assert poster.moderation_note == "Het telefoonnummer klopt niet."
    assert poster.moderated_by == user
    client.logout()
    assert client.get(f"{LIBRARY}{poster.pk}/").status_code == 404
    assert "Poster arbeidsuitbuiting" not in client.get(LIBRARY).content.decode()


def test_the_editor_cannot_change_the_owners_content(editor, shelf):
    client, _user = editor
    poster = shelf["poster"]
    url = f"{CHANGELIST}{poster.pk}/change/"
    client.post(url, {"status": "published", "moderation_note": "", "title": "Anders"})
    poster.refresh_from_db()
    assert poster.title == "Poster arbeidsuitbuiting"


def test_the_maker_reads_the_rejection_note(client, shelf):
    rejected = shelf["rejected"]
    rejected.moderation_note = "Graag zonder logo van de politie."
    rejected.save()
    login_with_otp(client, "campaign_maker", "maker-lees", organisation="comensha")
    html = client.get("/intake/campagnes/materialen/").content.decode()
    assert "Afgewezen flyer" in html and "Graag zonder logo van de politie." in html
    assert "Lespakket loverboys" not in html  # another organisation's


@pytest.mark.parametrize("role", ["campaign_maker", "partner", "intake"])
def test_only_staff_moderate(client, db, role):
    login_with_otp(client, role, f"{role}-mod", organisation="comensha" if role != "intake" else "")
    response = client.get(CHANGELIST)
    assert response.status_code == 302 and "/beheer/login/" in response["Location"]
