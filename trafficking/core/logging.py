"""Logging filters that keep personal data out of the logs."""

import logging
import re

_QUERY = re.compile(r"\?[^\s\"]*")
# A survey invitation's token is in its path (/nl/enquete/<token>/...): it is
# the key to an organisation's answers, so no log may keep it.
SURVEY_TOKEN = re.compile(r"(/(?:[a-z]{2}/)?enquete/)[^/\s\"?]+")


def redact_path(text: str) -> str:
    """``text`` without query strings and survey tokens."""
    if "?" in text:
        text = _QUERY.sub("?…", text)
    if "/enquete/" in text:
        text = SURVEY_TOKEN.sub(r"\1…", text)
    return text


class StripQueryStringFilter(logging.Filter):
    """Remove query strings and survey tokens from request log lines.

    Wizard answers (role, municipality, "minor involved") travel as GET
    parameters so the wizard works without JavaScript; they must not end up in
    a log file that outlives the visit. Nor may a survey invitation's token.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.msg = record.getMessage()
            record.args = ()
        if isinstance(record.msg, str):
            record.msg = redact_path(record.msg)
        return True
