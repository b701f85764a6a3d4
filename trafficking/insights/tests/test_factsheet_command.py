"""``manage.py make_factsheet``: this month's PDFs in Dutch and English, once."""

from __future__ import annotations

import io
import os

import pypdfium2 as pdfium
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from trafficking.campaigns.constants import CampaignList, Moderation
from trafficking.campaigns.models import Campaign

pytestmark = pytest.mark.django_db


def text_of(path) -> str:
    document = pdfium.PdfDocument(path.read_bytes())
    pages = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    return " ".join(" ".join(pages).split())


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("make_factsheet", *args, stdout=out)
    return out.getvalue()


def month_files(directory) -> dict:
    month = f"{timezone.localdate():%Y-%m}"
    return {lang: directory / f"factsheet-{month}-{lang}.pdf" for lang in ("nl", "en")}


def test_writes_this_months_factsheet_in_both_languages(settings, tmp_path):
    settings.FACTSHEET_DIR = tmp_path / "factsheets"
    output = run()
    files = month_files(settings.FACTSHEET_DIR)
    assert sorted(p.name for p in settings.FACTSHEET_DIR.iterdir()) == sorted(
        p.name for p in files.values()
    )
    assert "Er zijn 95 meldpunten en 39 kenniscentra" in text_of(files["nl"])
    assert "There are 95 reporting points and 39 knowledge centres" in text_of(files["en"])
    assert output.count("written") == 2
    assert oct(os.stat(files["nl"]).st_mode & 0o777) == "0o644"


def test_running_again_leaves_the_months_files_alone(settings, tmp_path):
    settings.FACTSHEET_DIR = tmp_path
    run()
    files = month_files(tmp_path)
    before = {lang: path.read_bytes() for lang, path in files.items()}
    Campaign.objects.create(
        slug="nieuw",
        name="Nieuwe campagne",
        origin=CampaignList.REGISTERED,
        moderation=Moderation.PUBLISHED,
    )
    output = run()
    assert output.count("already there") == 2
    assert {lang: path.read_bytes() for lang, path in files.items()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no partial files


def test_force_makes_them_again_from_todays_data(settings, tmp_path):
    settings.FACTSHEET_DIR = tmp_path
    run()
    Campaign.objects.create(
        slug="nieuw",
        name="Nieuwe campagne",
        origin=CampaignList.REGISTERED,
        moderation=Moderation.PUBLISHED,
    )
    run("--force")
    assert "telt 55 campagnes" in text_of(month_files(tmp_path)["nl"])


def test_a_missing_language_is_written_without_touching_the_other(settings, tmp_path):
    settings.FACTSHEET_DIR = tmp_path
    run()
    files = month_files(tmp_path)
    dutch = files["nl"].read_bytes()
    files["en"].unlink()
    output = run()
    assert files["en"].exists()
    assert files["nl"].read_bytes() == dutch
    assert "already there" in output
    assert "written" in output


def test_the_default_directory_is_under_var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    if hasattr(settings, "FACTSHEET_DIR"):
        del settings.FACTSHEET_DIR
    run()
    assert all(path.exists() for path in month_files(tmp_path / "factsheets").values())


def test_an_unwritable_directory_is_a_clear_error(settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    settings.FACTSHEET_DIR = blocker / "factsheets"
    with pytest.raises(CommandError, match="Cannot create"):
        run()
