"""Walk every staff URL and API endpoint with every role: who may see what.

The table below is the access policy. A URL added to the intake console
without a row here fails test_every_console_url_is_in_the_policy.
"""

import pytest
from django.urls import get_resolver, reverse

from trafficking.directory.models import Organisation
from trafficking.intake.accounts import create_account
from trafficking.reports import forwarding
from trafficking.reports.attachments import sanitise
from trafficking.reports.models import Attachment, Report
from trafficking.reports.submission import submit_report
from trafficking.reports.tests.factories import login_with_otp, make_draft

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "intake", "supervisor", "partner", "other_partner", "admin"]
LOGIN = "login"  # redirected to the login page
OK = 200
DONE = 302  # a POST that did its work and redirected back
FORBIDDEN = 403
NOT_FOUND = 404

STAFF = {
    "anonymous": LOGIN,
    "intake": OK,
    "supervisor": OK,
    "partner": FORBIDDEN,
    "other_partner": FORBIDDEN,
    "admin": OK,
}
STAFF_POST = {**STAFF, "intake": DONE, "supervisor": DONE, "admin": DONE}
SUPERVISOR = {**STAFF, "intake": FORBIDDEN}
SUPERVISOR_POST = {**SUPERVISOR, "supervisor": DONE, "admin": DONE}
PARTNER_LIST = {
    "anonymous": LOGIN,
    "intake": FORBIDDEN,
    "supervisor": FORBIDDEN,
    "partner": OK,
    "other_partner": OK,
    "admin": FORBIDDEN,
}
PARTNER_DETAIL = {**PARTNER_LIST, "other_partner": NOT_FOUND}
EVERYONE = dict.fromkeys(ROLES, OK)

# url name -> (method, expected per role)
POLICY = {
    "intake:queue": ("get", STAFF),
    "intake:report": ("get", STAFF),
    "intake:report_action": ("post", STAFF_POST),
    "intake:report_export": ("get", STAFF),
    "intake:link_decision": ("post", STAFF_POST),
    "intake:attachment": ("get", STAFF),
    "intake:approve_forward": ("post", SUPERVISOR_POST),
    "intake:audit": ("get", SUPERVISOR),
    "intake:partner_list": ("get", PARTNER_LIST),
    "intake:partner_detail": ("get", PARTNER_DETAIL),
    "intake:login": ("get", EVERYONE),
    "intake:logout": ("post", dict.fromkeys(ROLES, 302)),
    "intake:no_role": ("get", dict.fromkeys(ROLES, FORBIDDEN)),
}


@pytest.fixture
def world(db):
    """One report with an attachment, forwarded to a partner, and a pending override."""
    receipt = submit_report(
        make_draft(minor=True, consent_labour=True),
        [sanitise(b"%PDF-1.4\n%%EOF\n", "a.pdf")],
    )
    requester, _pw, _dev = create_account("aanvrager", "intake")
    report = Report.objects.get(pk=receipt.report_id)
    forwarded = forwarding.forward(
        report, Organisation.objects.get(slug="nederlandse-arbeidsinspectie"), requester
    )
    pending = forwarding.forward(
        report,
        Organisation.objects.get(slug="politie-oost-nederland"),
        requester,
        override_reason="Minderjarige, direct gevaar.",
    )
    return {
        "report": report,
        "attachment": Attachment.objects.get(report=report),
        "forwarded": forwarded,
        "pending": pending,
    }


def url_for(name: str, world) -> str:
    args = {
        "intake:report": [world["report"].pk],
        "intake:report_action": [world["report"].pk],
        "intake:report_export": [world["report"].pk],
        "intake:link_decision": [world["report"].pk],
        "intake:attachment": [world["attachment"].pk],
        "intake:approve_forward": [world["pending"].pk],
        "intake:partner_detail": [world["forwarded"].pk],
    }.get(name, [])
    return reverse(name, args=args)


def log_in(client, role):
    if role == "anonymous":
        return
    if role == "partner":
        login_with_otp(client, "partner", "p1", organisation="nederlandse-arbeidsinspectie")
    elif role == "other_partner":
        login_with_otp(client, "partner", "p2", organisation="fier")
    else:
        login_with_otp(client, role, f"{role}-1")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(POLICY))
def test_access_policy(client, world, name, role):
    method, expected = POLICY[name]
    log_in(client, role)
    url = url_for(name, world)
    data = {"action": "classify", "form": "labour"} if name == "intake:report_action" else {}
    response = getattr(client, method)(url, data)
    want = expected[role]
    if want == LOGIN:
        assert response.status_code == 302, (name, role, response.status_code)
        assert response["Location"].startswith("/intake/inloggen/"), response["Location"]
    else:
        assert response.status_code == want, (name, role, response.status_code)
        if want == DONE and name != "intake:logout":
            assert not response["Location"].startswith("/intake/inloggen/")


def test_every_console_url_is_in_the_policy():
    resolver = get_resolver()
    names = {
        f"intake:{pattern.name}" for pattern in resolver.namespace_dict["intake"][1].url_patterns
    }
    assert names == set(POLICY)


@pytest.mark.parametrize("role", ROLES)
def test_the_admin_is_for_administrators_only(client, role):
    log_in(client, role)
    response = client.get("/beheer/")
    if role == "admin":
        assert response.status_code == 200
    else:
        assert response.status_code == 302 and "/beheer/login/" in response["Location"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/organisations",
        "/api/v1/municipalities",
        "/api/v1/route",
        "/api/v1/stats",
        "/api/v1/health",
        "/api/v1/openapi.json",
    ],
)
def test_the_public_api_is_the_same_for_everyone(client, role, path):
    log_in(client, role)
    assert client.get(path).status_code == 200


def test_no_api_endpoint_reads_reports(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        if "report" in path:
            assert set(operations) == {"post"}, path
