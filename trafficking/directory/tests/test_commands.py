"""The `route` command, as an intake worker or a script would use it."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def route(*args):
    out = StringIO()
    call_command("route", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_route_json_shape():
    result = route(
        "--role", "victim", "--form", "labour", "--municipality", "Zwolle", "--need", "shelter"
    )
    first = result["recommendations"][0]
    assert set(first) >= {"organisation", "slug", "channel", "reason"}
    assert first["reason"]


def test_route_accepts_cbs_code_and_name_alike():
    by_name = route("--municipality", "Zwolle", "--need", "complaint")
    by_code = route("--municipality", "GM0193", "--need", "complaint")
    assert by_name == by_code


def test_every_option_may_be_left_out():
    assert route()["recommendations"]


def test_unknown_municipality_is_a_clear_error_with_suggestions():
    out = StringIO()
    with pytest.raises(CommandError, match="Zwolle"):
        call_command("route", "--municipality", "Zwole", "--json", stdout=out)
    assert json.loads(out.getvalue())["suggestions"][0]["name"] == "Zwolle"


def test_abroad_and_municipality_contradict():
    with pytest.raises(CommandError):
        call_command("route", "--municipality", "Zwolle", "--abroad", stdout=StringIO())


def _error(*args: str) -> str:
    with pytest.raises(CommandError) as raised:
        call_command("route", "--municipality", "Zwole", *args, stdout=StringIO())
    return str(raised.value)


def test_a_language_the_site_does_not_speak_gets_english_messages():
    english = _error("--language", "en")
    assert english != _error("--language", "nl")
    assert _error("--language", "de") == english
    assert _error("--language", "pl") not in (english, _error("--language", "nl"))
