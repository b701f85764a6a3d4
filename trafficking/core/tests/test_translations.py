"""Every string of the public site is translated: English everywhere, and the
reporting path's languages for everything but the staff console."""

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"
# The audit log's labels are shown only in the console; campaign makers'
# pages and the admin are for accounts, in Dutch and English. So is the
# inventory survey, which organisations fill in (issue 13: Dutch or English).
STAFF_ONLY = (
    "trafficking/intake/",
    "trafficking/templates/intake/",
    "trafficking/audit/",
    "trafficking/campaigns/maker_",
    "trafficking/campaigns/reach_import.py",
    "trafficking/campaigns/admin.py",
    "trafficking/campaigns/moderation.py",
    "trafficking/surveys/apps.py",
    "trafficking/surveys/review",
    "trafficking/surveys/proposals.py",
    "trafficking/surveys/admin.py",
    "trafficking/surveys/invitation",
    "trafficking/surveys/reminders.py",
    "trafficking/templates/surveys/staff/",
    "trafficking/surveys/respond_",
    "trafficking/surveys/answering.py",
    "trafficking/surveys/flow.py",
    "trafficking/templates/surveys/respond/",
    "trafficking/templates/surveys/email/",
    "trafficking/templates/campaigns/maker/",
    "trafficking/templates/campaigns/library/form.html",
    "trafficking/templates/campaigns/library/maker_list.html",
)


def public(entry: polib.POEntry) -> bool:
    return any(not path.startswith(STAFF_ONLY) for path, _line in entry.occurrences)


@pytest.mark.parametrize("language", ["en", "pl", "ro", "bg", "uk", "ar"])
def test_catalogue_is_complete_for_the_public_pages(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    needed = [e for e in catalogue if language == "en" or public(e)]
    missing = [e.msgid for e in needed if not e.translated()]
    assert missing == []
    assert catalogue.metadata.get("Language") == language
    # The compiled catalogue the server reads matches the source (make messages).
    compiled = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
    source = {e.msgid: e.msgstr for e in catalogue.translated_entries() if not e.msgid_plural}
    binary = {e.msgid: e.msgstr for e in compiled if e.msgid and not e.msgid_plural}
    assert binary == source
