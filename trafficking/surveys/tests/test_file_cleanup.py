"""clean_orphans also removes files of survey answers that no response holds."""

import io
import os
import time

import pytest
from django.core.management import call_command

from trafficking.surveys.models import ResponseSource, ResponseState, SurveyResponse

pytestmark = pytest.mark.django_db

HELD = "a" * 40 + ".pdf"
ORPHAN = "b" * 40 + ".png"
FRESH = "c" * 40 + ".jpg"


def test_orphaned_survey_files_go_and_held_and_fresh_ones_stay(settings, tmp_path):
    settings.SURVEY_FILE_DIR = tmp_path
    settings.ATTACHMENT_DIR = tmp_path / "attachments"
    hour_ago = time.time() - 7200
    for name in (HELD, ORPHAN, FRESH):
        (tmp_path / name).write_bytes(b"x")
    for name in (HELD, ORPHAN):
        os.utime(tmp_path / name, (hour_ago, hour_ago))
    (tmp_path / "notes.txt").write_text("not ours")
    SurveyResponse.objects.create(
        source=ResponseSource.IMPORT,
        respondent="r",
        version="2025",
        state=ResponseState.SUBMITTED,
        answers={"q4": "b"},
        campaigns=[{"q18": "A", "q35": HELD}],
    )
    out = io.StringIO()
    call_command("clean_orphans", stdout=out)
    assert "1 survey file(s) no answer holds" in out.getvalue()
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == sorted(
        [HELD, FRESH, "notes.txt"]
    )
