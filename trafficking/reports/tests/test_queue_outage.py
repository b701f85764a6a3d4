"""With the task queue down, every submission is still acknowledged with its
receipt, a retry does not file twice, and linking catches up afterwards.

The real thing: gunicorn with REDIS_URL set, Debian's redis-server started
and then stopped, requests over HTTP as a browser or API client sends them.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest

from trafficking.core.tests import live_site
from trafficking.reports import receipts

PHONE = "06-12345678"
CODE = re.compile(r"[2-9A-Z]{6}-[2-9A-Z]{6}-[2-9A-Z]{6}")


def post(url: str, data: dict | bytes, content_type: str | None = None) -> tuple[int, str]:
    body = data if isinstance(data, bytes) else urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310
    request.add_header("Content-Type", content_type or "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
        return response.read().decode()


def state(env) -> dict:
    script = (
        "import json;"
        "from trafficking.reports.models import Report;"
        "from trafficking.linking.models import LinkKey;"
        "print(json.dumps({"
        "'kinds': sorted(Report.objects.values_list('kind', flat=True)),"
        "'pending': Report.objects.filter(link_pending=True).count(),"
        "'keyed': sorted(set(LinkKey.objects.values_list('report_id', flat=True))),"
        "'reports': sorted(Report.objects.filter(kind='report').values_list('pk', flat=True)),"
        "'messages': sum(r.messages.count() for r in Report.objects.all()),"
        "}))"
    )
    return json.loads(live_site.manage(env, "shell", "-c", script).strip().splitlines()[-1])


WEB_REPORT = {
    "step": "send",
    "action": "send",
    "acute": "false",
    "minor": "false",
    "text": f"Mannen in een busje, bel {PHONE}.",
    "form": "labour",
    "municipality": "Zwolle",
    "when": "",
    "item-0-type": "",
    "item-0-value": "",
    "wants_updates": "true",
}


@pytest.fixture
def outage_site(tmp_path, redis_server):
    env = live_site.site_env(
        tmp_path,
        REDIS_URL=redis_server.url,
        SUBMIT_LIMIT="1000",
        LINK_CATCH_UP_AFTER="0",
    )
    live_site.prepare_database(env)
    with (tmp_path / "server.log").open("w") as log, live_site.serving(env, stderr=log) as url:
        yield url, env, redis_server, tmp_path / "server.log"


def test_every_submission_gets_its_receipt_with_redis_down_and_is_linked_later(outage_site):
    url, env, redis, log_path = outage_site
    redis.stop()

    # A web report: the receipt is shown.
    nonce = re.search(r'name="nonce" value="([^"]+)"', get(url + "/nl/melden/")).group(1)
    status, page = post(url + "/nl/melden/", {**WEB_REPORT, "nonce": nonce})
    assert status == 201, page[:300]
    web_code = CODE.search(page).group(0)
    assert receipts.normalise(web_code)

    # Pressing send again (the same form) files nothing new and shows the
    # same receipt.
    status, page = post(url + "/nl/melden/", {**WEB_REPORT, "nonce": nonce})
    assert status == 200
    assert CODE.search(page).group(0) == web_code

    # An API report, an advice question and a follow-up reply: all answered.
    status, body = post(
        url + "/api/v1/reports",
        json.dumps(
            {"text": "Zelfde nummer", "items": [{"type": "phone", "value": PHONE}]}
        ).encode(),
        "application/json",
    )
    assert status == 201, body
    assert receipts.normalise(json.loads(body)["receipt"])

    nonce = re.search(r'name="nonce" value="([^"]+)"', get(url + "/nl/advies-vragen/")).group(1)
    status, page = post(url + "/nl/advies-vragen/", {"text": "Is dit uitbuiting?", "nonce": nonce})
    assert status == 201
    assert CODE.search(page)

    status, page = post(
        url + "/nl/melden/opvolgen/",
        {"code": web_code, "action": "reply", "text": f"Ook {PHONE} belde weer."},
    )
    assert status == 200
    assert "Uw bericht is bewaard" in page

    stored = state(env)
    assert stored["kinds"] == ["advice", "report", "report"]
    assert stored["messages"] == 1
    assert stored["pending"] == 2  # the two reports wait for linking
    assert stored["keyed"] == []

    # The failures were logged, with ids and exception types only.
    log = log_path.read_text()
    assert "stays pending for the sweep" in log
    assert PHONE not in log and "busje" not in log

    # Redis is back: the next report's task catches up on the ones it missed.
    redis.start()
    status, body = post(
        url + "/api/v1/reports",
        json.dumps({"text": f"Derde melding, {PHONE}"}).encode(),
        "application/json",
    )
    assert status == 201
    live_site.manage(env, "rqworker", "--burst", "--job-class", "django_tasks_rq.Job", "default")
    stored = state(env)
    assert stored["pending"] == 0
    assert stored["keyed"] == stored["reports"]

    # Redis down again; this time the timer's sweep links what the queue missed
    # (nothing in it needs the queue).
    redis.stop()
    for text in (f"Bel {PHONE}", f"Nummer {PHONE} weer"):
        status, _body = post(
            url + "/api/v1/reports", json.dumps({"text": text}).encode(), "application/json"
        )
        assert status == 201
    assert state(env)["pending"] == 2
    assert "Linked 2 pending report(s)." in live_site.manage(env, "relink", "--pending")
    stored = state(env)
    assert stored["pending"] == 0
    assert stored["keyed"] == stored["reports"]
