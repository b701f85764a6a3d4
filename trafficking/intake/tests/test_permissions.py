"""Walk every staff URL, the admin and the API with every role: who may see what.

The tables below are the access policy. A URL added to the intake console
without a row here fails test_every_console_url_is_in_the_policy, a model
added to the admin fails test_every_admin_model_is_in_the_policy.
"""

import base64

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import get_resolver, reverse
from django_otp import DEVICE_ID_SESSION_KEY

from trafficking.directory.models import Organisation
from trafficking.intake.access import landing_for
from trafficking.intake.accounts import create_account
from trafficking.reports import forwarding
from trafficking.reports.attachments import sanitise
from trafficking.reports.models import Attachment, Report
from trafficking.reports.submission import submit_report
from trafficking.reports.tests.factories import login_with_otp, make_draft
from trafficking.reports.tests.pdfs import MINIMAL_PDF

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "intake",
    "supervisor",
    "partner",
    "other_partner",
    "directory_editor",
    "admin",
]
ADMIN_SITE_ROLES = ["directory_editor", "admin"]
LOGIN = "login"  # redirected to the login page
OK = 200
DONE = 302  # a POST that did its work and redirected back
FORBIDDEN = 403
NOT_FOUND = 404
PORTAL = "partner portal"  # redirected to the partner portal
ADMIN_HOME = "admin home"  # redirected to the admin's index
REDIRECTS = {PORTAL: "/intake/partner/", ADMIN_HOME: "/beheer/"}

# Neither the directory editor nor the administrator opens reports, the
# audit log or approves an override: that is intake's and supervisors' work.
STAFF = {
    "anonymous": LOGIN,
    "intake": OK,
    "supervisor": OK,
    "partner": FORBIDDEN,
    "other_partner": FORBIDDEN,
    "directory_editor": FORBIDDEN,
    "admin": FORBIDDEN,
}
STAFF_POST = {**STAFF, "intake": DONE, "supervisor": DONE}
SUPERVISOR = {**STAFF, "intake": FORBIDDEN}
SUPERVISOR_POST = {**SUPERVISOR, "supervisor": DONE}
PARTNER_LIST = {
    "anonymous": LOGIN,
    "intake": FORBIDDEN,
    "supervisor": FORBIDDEN,
    "partner": OK,
    "other_partner": OK,
    "directory_editor": FORBIDDEN,
    "admin": FORBIDDEN,
}
PARTNER_DETAIL = {**PARTNER_LIST, "other_partner": NOT_FOUND}
# Whoever opens the console's front door without the right to open reports
# is sent to their own part: partners to the portal, admin roles to /beheer/.
QUEUE = {
    **STAFF,
    "partner": PORTAL,
    "other_partner": PORTAL,
    "directory_editor": ADMIN_HOME,
    "admin": ADMIN_HOME,
}
# A partner downloads a file only of a report forwarded to it with consent.
ATTACHMENT = {**STAFF, "partner": OK, "other_partner": NOT_FOUND}
EVERYONE = dict.fromkeys(ROLES, OK)

# url name -> (method, expected per role)
POLICY = {
    "intake:queue": ("get", QUEUE),
    "intake:report": ("get", STAFF),
    "intake:report_action": ("post", STAFF_POST),
    "intake:report_export": ("get", STAFF),
    "intake:link_decision": ("post", STAFF_POST),
    "intake:attachment": ("get", ATTACHMENT),
    "intake:approve_forward": ("post", SUPERVISOR_POST),
    "intake:audit": ("get", SUPERVISOR),
    "intake:capacity": ("get", SUPERVISOR),
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
        [sanitise(MINIMAL_PDF, "a.pdf")],
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
        return None
    if role == "partner":
        return login_with_otp(client, "partner", "p1", organisation="nederlandse-arbeidsinspectie")
    if role == "other_partner":
        return login_with_otp(client, "partner", "p2", organisation="fier")
    return login_with_otp(client, role, f"{role}-1")


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
    elif want in REDIRECTS:
        assert response.status_code == 302, (name, role, response.status_code)
        assert response["Location"] == REDIRECTS[want], response["Location"]
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


# --- The admin (/beheer/) ---------------------------------------------------

ADMIN_LOGIN = "admin login"  # redirected to the admin's login page


def in_admin(editor, admin) -> dict:
    """Roles without is_staff never get past the admin's login page."""
    return {
        **dict.fromkeys(ROLES, ADMIN_LOGIN),
        "directory_editor": editor,
        "admin": admin,
    }


# admin path (with {placeholders} for objects) -> expected per role. A model
# registered in the admin without a changelist row here fails
# test_every_admin_model_is_in_the_policy.
ADMIN_POLICY = {
    "/beheer/": in_admin(OK, OK),
    "/beheer/directory/organisation/": in_admin(OK, OK),
    "/beheer/directory/organisation/{organisation}/change/": in_admin(OK, OK),
    "/beheer/directory/organisation/add/": in_admin(OK, FORBIDDEN),
    "/beheer/directory/channel/": in_admin(OK, FORBIDDEN),
    "/beheer/directory/servicearea/": in_admin(OK, FORBIDDEN),
    # The campaign register is kept like the directory; visit counts are read only.
    "/beheer/campaigns/campaign/": in_admin(OK, FORBIDDEN),
    # Survey records are read-only in the admin; editors review them in the console.
    "/beheer/surveys/invitation/": in_admin(OK, FORBIDDEN),
    "/beheer/surveys/surveyresponse/": in_admin(OK, FORBIDDEN),
    "/beheer/surveys/proposedchange/": in_admin(OK, FORBIDDEN),
    "/beheer/campaigns/campaign/add/": in_admin(OK, FORBIDDEN),
    "/beheer/campaigns/sender/": in_admin(OK, FORBIDDEN),
    "/beheer/campaigns/campaignlink/": in_admin(OK, FORBIDDEN),
    # The library: the editor moderates (no adding in someone's name) and keeps
    # evaluations and reach; the administrator links makers to organisations.
    "/beheer/campaigns/material/": in_admin(OK, FORBIDDEN),
    "/beheer/campaigns/material/add/": in_admin(FORBIDDEN, FORBIDDEN),
    "/beheer/campaigns/evaluation/": in_admin(OK, FORBIDDEN),
    "/beheer/campaigns/evaluation/add/": in_admin(OK, FORBIDDEN),
    "/beheer/campaigns/reachfigure/": in_admin(OK, FORBIDDEN),
    "/beheer/campaigns/reachfigure/add/": in_admin(OK, FORBIDDEN),
    "/beheer/campaigns/campaignmaker/": in_admin(FORBIDDEN, OK),
    "/beheer/campaigns/campaignmaker/add/": in_admin(FORBIDDEN, OK),
    "/beheer/geography/municipality/": in_admin(OK, FORBIDDEN),
    "/beheer/geography/safetyregion/": in_admin(OK, FORBIDDEN),
    "/beheer/geography/province/": in_admin(OK, FORBIDDEN),
    "/beheer/geography/policeunit/": in_admin(OK, FORBIDDEN),
    "/beheer/auth/user/": in_admin(FORBIDDEN, OK),
    "/beheer/auth/user/{user}/change/": in_admin(FORBIDDEN, OK),
    "/beheer/auth/user/{user}/password/": in_admin(FORBIDDEN, OK),
    "/beheer/auth/group/": in_admin(FORBIDDEN, OK),
    "/beheer/auth/group/{group}/change/": in_admin(FORBIDDEN, OK),
    "/beheer/otp_totp/totpdevice/": in_admin(FORBIDDEN, OK),
    "/beheer/otp_totp/totpdevice/{device}/change/": in_admin(FORBIDDEN, OK),
    "/beheer/otp_totp/totpdevice/add/": in_admin(FORBIDDEN, FORBIDDEN),
    "/beheer/reports/partnermembership/": in_admin(FORBIDDEN, OK),
    "/beheer/reports/replytemplate/": in_admin(FORBIDDEN, OK),
    "/beheer/axes/accessattempt/": in_admin(FORBIDDEN, FORBIDDEN),
    "/beheer/axes/accesslog/": in_admin(FORBIDDEN, FORBIDDEN),
    "/beheer/axes/accessfailurelog/": in_admin(FORBIDDEN, FORBIDDEN),
    "/beheer/django_rq/dashboard/": in_admin(FORBIDDEN, FORBIDDEN),
    "/beheer/django_rq/dashboard/queues/0/": in_admin(FORBIDDEN, FORBIDDEN),
    # Reports and the audit log are not in the admin at all.
    "/beheer/reports/report/": in_admin(NOT_FOUND, NOT_FOUND),
    "/beheer/audit/auditentry/": in_admin(NOT_FOUND, NOT_FOUND),
}


@pytest.fixture
def admin_objects(db):
    """Someone else's account, group and second factor to open in the admin."""
    user, _password, device = create_account("collega", "supervisor")
    return {
        "organisation": Organisation.objects.get(slug="comensha").pk,
        "user": user.pk,
        "group": Group.objects.get(name="supervisor").pk,
        "device": device.pk,
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", sorted(ADMIN_POLICY))
def test_admin_policy(client, admin_objects, path, role):
    log_in(client, role)
    response = client.get(path.format(**admin_objects))
    want = ADMIN_POLICY[path][role]
    if want == ADMIN_LOGIN:
        assert response.status_code == 302, (path, role, response.status_code)
        assert response["Location"].startswith("/beheer/login/"), response["Location"]
    else:
        assert response.status_code == want, (path, role, response.status_code)


def test_every_admin_model_is_in_the_policy():
    registered = {
        f"/beheer/{model._meta.app_label}/{model._meta.model_name}/"
        for model in admin.site._registry
    }
    assert registered <= set(ADMIN_POLICY)


@pytest.mark.parametrize("role", ADMIN_SITE_ROLES)
def test_admin_site_roles_hold_no_report_permission(client, role):
    user = log_in(client, role)
    assert user.is_staff and not user.is_superuser
    assert not user.get_all_permissions() & {
        "reports.view_report_content",
        "reports.triage_report",
        "reports.approve_override",
        "audit.view_auditentry",
    }


@pytest.mark.parametrize("role", ADMIN_SITE_ROLES)
def test_admin_site_roles_land_in_the_admin_after_login(role):
    user, _password, _device = create_account(f"{role}-landing", role)
    assert landing_for(user) == "admin:index"


def change_form_data(page) -> dict:
    """What the browser posts back for an unchanged admin change form."""
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name, field in form.fields.items():
            value = field.prepare_value(form[name].value())
            if value is None or value is False or field.disabled:
                continue
            data[form.add_prefix(name)] = value
    return data


@pytest.mark.parametrize(("role", "allowed"), [("directory_editor", True), ("admin", False)])
def test_only_the_directory_editor_edits_an_organisation(client, role, allowed):
    log_in(client, role)
    organisation = Organisation.objects.get(slug="comensha")
    url = f"/beheer/directory/organisation/{organisation.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    if not allowed:
        # The administrator sees the directory read-only (for partner
        # memberships) and cannot post a change.
        assert "adminform" in page.context and not page.context["has_change_permission"]
        response = client.post(url, {"name": "Gewijzigd", "slug": organisation.slug})
        assert response.status_code == FORBIDDEN
        organisation.refresh_from_db()
        assert organisation.name != "Gewijzigd"
        return
    data = change_form_data(page)
    data["role"] = "Bijgewerkt door de redactie."
    response = client.post(url, data)
    assert response.status_code == 302, page.context["adminform"].form.errors
    organisation.refresh_from_db()
    assert organisation.role == "Bijgewerkt door de redactie."


# --- No secret in any page ---------------------------------------------------


def secret_pieces(user, device) -> list[str]:
    """The TOTP key in every spelling, and what Django's summary of a password
    hash shows of it (the algorithm and the first characters of salt and hash)."""
    algorithm, *_params, salt, digest = user.password.split("$")
    return [
        device.key,
        device.key.upper(),
        base64.b32encode(device.bin_key).decode().rstrip("="),
        algorithm,
        salt[:6],
        digest[:6],
    ]


SECRET_PAGES = [
    "/beheer/otp_totp/totpdevice/",
    "/beheer/otp_totp/totpdevice/{device}/change/",
    "/beheer/otp_totp/totpdevice/{device}/config/",
    "/beheer/otp_totp/totpdevice/{device}/qrcode/",
    "/beheer/otp_totp/totpdevice/{device}/delete/",
    "/beheer/auth/user/",
    "/beheer/auth/user/{user}/change/",
    "/beheer/auth/user/{user}/password/",
    "/beheer/auth/user/{user}/delete/",
]


def assert_no_secret(client, user, device):
    pieces = secret_pieces(user, device)
    for path in SECRET_PAGES:
        response = client.get(path.format(user=user.pk, device=device.pk), follow=True)
        html = response.content.decode(errors="replace")
        for piece in pieces:
            assert piece not in html, (path, piece)


@pytest.mark.parametrize("role", ROLES)
def test_no_role_sees_a_totp_key_or_password_hash(client, role):
    log_in(client, role)
    user, _password, device = create_account("doelwit", "supervisor")
    assert_no_secret(client, user, device)


def test_not_even_a_superuser_sees_a_totp_key_or_password_hash(client):
    root = get_user_model().objects.create_superuser("noodaccount", "n@example.invalid", "x" * 20)
    device = root.totpdevice_set.create(name="authenticator", confirmed=True)
    client.force_login(root, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    user, _password, other_device = create_account("doelwit", "supervisor")
    assert client.get("/beheer/otp_totp/totpdevice/").status_code == 200
    assert client.get(f"/beheer/auth/user/{user.pk}/change/").status_code == 200
    assert_no_secret(client, user, other_device)
    assert_no_secret(client, root, device)


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
        if path.startswith("/api/v1/open/"):
            # Open data: counts from the daily tallies only, small ones hidden
            # (insights/suppression.py); no report is read there.
            continue
        if "report" in path:
            assert set(operations) == {"post"}, path
