"""Gunicorn settings for production and the test server.

The access log, when enabled (``GUNICORN_ACCESS_LOG=-`` or a path), records
time, method, path, status, size and duration only: no client address, no
user agent, no referrer and no query string, because requests to the
reporting point must not leave a trace of who made them.
"""

import os

from gunicorn.glogging import Logger

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'


class RedactingLogger(Logger):
    """The access log without survey invitation tokens (they are in the path)."""

    def atoms(self, resp, req, environ, request_time):
        from trafficking.core.logging import redact_path

        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = redact_path(atoms["U"])
        return atoms


logger_class = RedactingLogger
# Gunicorn's error log includes the peer address only for worker failures;
# keep it at warning level.
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def on_starting(server):
    """Before the first worker: remove orphaned files (attachments of
    submissions a crash interrupted, spooled upload originals) and link the
    reports whose link task never ran. In separate processes, so the master
    holds no database connection across the fork."""
    import subprocess
    import sys
    from pathlib import Path

    manage = Path(__file__).resolve().parent.parent / "manage.py"
    for command in (["clean_orphans"], ["relink", "--pending"]):
        result = subprocess.run(  # noqa: S603
            [sys.executable, str(manage), *command], capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            server.log.warning("%s failed: %s", command[0], result.stderr.strip()[-500:])
