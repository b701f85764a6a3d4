"""Loading the reply templates (data/reply_templates.yaml) into the database,
where supervisors can edit them in the admin."""

from __future__ import annotations

from pathlib import Path

import yaml

from .constants import REPORT_LANGUAGES
from .models import ReplyTemplate

DATA = Path(__file__).parent / "data" / "reply_templates.yaml"


def load_reply_templates(path: Path = DATA) -> int:
    """Create missing templates; edits made in the admin are kept."""
    created = 0
    for slug, entry in yaml.safe_load(path.read_text(encoding="utf-8")).items():
        for language in REPORT_LANGUAGES:
            if language not in entry:
                continue
            _template, new = ReplyTemplate.objects.get_or_create(
                slug=slug,
                language=language,
                defaults={"title": entry["title"], "body": entry[language]},
            )
            created += new
    return created
