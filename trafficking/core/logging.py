"""Logging filters that keep personal data out of the logs."""

import logging
import re

_QUERY = re.compile(r"\?[^\s\"]*")


class StripQueryStringFilter(logging.Filter):
    """Remove query strings from request log lines.

    Wizard answers (role, municipality, "minor involved") travel as GET
    parameters so the wizard works without JavaScript; they must not end up in
    a log file that outlives the visit.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.msg = record.getMessage()
            record.args = ()
        if isinstance(record.msg, str) and "?" in record.msg:
            record.msg = _QUERY.sub("?…", record.msg)
        return True
