"""Logs keep neither query strings nor survey invitation tokens."""

import logging

from trafficking.core.logging import StripQueryStringFilter, redact_path

TOKEN = "Abc_def-123456789012345678901234567890123"


def test_survey_tokens_and_query_strings_are_removed():
    assert redact_path(f"/nl/enquete/{TOKEN}/q5/") == "/nl/enquete/…/q5/"
    assert redact_path(f"/en/enquete/{TOKEN}/") == "/en/enquete/…/"
    assert redact_path(f"GET /enquete/{TOKEN}/ 302") == "GET /enquete/…/ 302"  # before the redirect
    assert redact_path("/nl/wegwijzer/?rol=slachtoffer") == "/nl/wegwijzer/?…"
    assert redact_path("/nl/organisaties/fier/") == "/nl/organisaties/fier/"


def test_the_filter_rewrites_a_django_request_record():
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "Not Found: %s",
        (f"/nl/enquete/{TOKEN}/",),
        None,
    )
    assert StripQueryStringFilter().filter(record)
    assert TOKEN not in record.getMessage()
    assert record.getMessage() == "Not Found: /nl/enquete/…/"


def test_the_gunicorn_access_log_has_no_token():
    import importlib.util
    from pathlib import Path
    from types import SimpleNamespace

    path = Path(__file__).resolve().parents[3] / "config" / "gunicorn.conf.py"
    spec = importlib.util.spec_from_file_location("gunicorn_conf", path)
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    logger = conf.RedactingLogger(SimpleNamespace(**_gunicorn_config()))
    request = SimpleNamespace(
        method="GET",
        path=f"/nl/enquete/{TOKEN}/start/",
        query="",
        uri=f"/nl/enquete/{TOKEN}/start/",
        version=(1, 1),
        headers=[],
    )
    response = SimpleNamespace(status="200 OK", sent=10, headers=[], response_length=10)
    environ = {
        "RAW_URI": request.uri,
        "PATH_INFO": request.path,
        "QUERY_STRING": "",
        "REQUEST_METHOD": "GET",
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    atoms = logger.atoms(response, request, environ, __import__("datetime").timedelta(seconds=0.01))
    assert TOKEN not in atoms["U"]
    assert atoms["U"] == "/nl/enquete/…/start/"


def _gunicorn_config():
    from gunicorn.config import Config

    config = Config()
    return {name: setting.get() for name, setting in config.settings.items()}
