"""Fuzzing the public forms as schemathesis fuzzes the API: whatever a
browser, a script or a broken proxy posts to the report form, the advice form
or the follow-up page, the answer is a page (never a server error), and
nothing is stored unless the answer says so.

The posts are made the way a client could make them: fields missing,
repeated, out of order, in any step with any action, text with control
characters, NUL and lone surrogates (sent as the bytes a careless encoder
writes), urlencoded or multipart. ``WEB_FUZZ_EXAMPLES`` (or
``HYPOTHESIS_PROFILE=thorough``) runs more examples than CI does.
"""

from __future__ import annotations

import os
import uuid
from urllib.parse import quote_plus

import pytest
from django.utils.html import escape
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from trafficking.directory.constants import FORM_CHOICES
from trafficking.reports.constants import REPORT_LANGUAGES, ItemType
from trafficking.reports.forms import MAX_ITEMS, ReportForm
from trafficking.reports.models import Message, Report
from trafficking.reports.tests.factories import make_report
from trafficking.reports.tests.test_public_form_items import row_fieldsets

pytestmark = pytest.mark.django_db

PROFILES = {"ci": 300, "thorough": 3000}
EXAMPLES = int(
    os.environ.get("WEB_FUZZ_EXAMPLES")
    or PROFILES.get(os.environ.get("HYPOTHESIS_PROFILE", ""), PROFILES["ci"])
)
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)

STEPS = list(ReportForm.STEPS)
BOOLEAN_FIELDS = [n for n, f in ReportForm.base_fields.items() if "Boolean" in type(f).__name__]


# -- text -----------------------------------------------------------------
nasty_characters = st.one_of(
    st.characters(),  # any code point hypothesis likes, mostly printable
    st.sampled_from(["\x00", "\x07", "\x1b", "\x7f", "\u202e", "\u2066", "\ufeff", "\r", "\n"]),
    st.characters(categories=["Cs"]),  # lone surrogates
    st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Mn"]),
)
short_text = st.text(nasty_characters, max_size=40)
any_text = st.one_of(
    short_text,
    st.text(nasty_characters, max_size=400),
    # Over every limit (300, 10 000) without building huge random strings.
    st.builds(lambda s, n: (s or "x") * n, short_text, st.integers(1, 12_000)).map(
        lambda s: s[:12_500]
    ),
)


def weighted(common, rare):
    """``common`` three times out of four: deep paths need plausible posts.

    (``st.one_of(common, common, common, rare)`` would not do: one_of drops
    repeated strategies and picks each branch equally often.)
    """
    return st.sampled_from([common, common, common, rare]).flatmap(lambda chosen: chosen)


def usually(*values: str):
    """Mostly what the page itself sends, sometimes anything."""
    return weighted(st.sampled_from(list(values)), st.one_of(short_text, any_text))


plain_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=80)
typed = weighted(plain_text, any_text)
booleans = usually("true", "false", "", "on", "off", "True", "1", "ja")
municipalities = usually(
    "", "Zwolle", "Zwole", "zwolle ", "GM0193", "GM9999", "buitenland", "abroad",
    "'s-Hertogenbosch", "Den Haag", "Bergen", "x" * 101,
)  # fmt: skip
emails = usually("", "iemand@example.org", "geen-adres", "a@b", "@", "x@" + "y" * 260 + ".nl")
actions = weighted(
    st.one_of(
        st.sampled_from(["next", "back", "add_rows", "send"]),
        st.sampled_from(STEPS).map(lambda s: "goto:" + s),
    ),
    st.one_of(st.sampled_from(["", "goto:", "goto:nergens", "Send", "next "]), short_text),
)
# FRESH becomes a new nonce at each post: hypothesis repeats generated values
# often, and a repeated nonce is (rightly) refused as a second submission.
FRESH = "<fresh>"
nonces = weighted(st.just(FRESH), st.sampled_from(["n-1", "", "z" * 65]) | short_text)


def item_fields():
    """Item rows, numbered as the page numbers them and beyond."""
    index = weighted(st.integers(0, 5), st.integers(0, MAX_ITEMS + 2) | st.just(999))
    kind = st.one_of(st.none(), usually("", *ItemType.values, "UFO", "phone ", "Phone"))
    value = st.one_of(st.none(), weighted(plain_text, any_text))
    rows = st.lists(st.tuples(index, kind, value), max_size=8)
    # The page never shows more than 30 rows; a script can send more.
    many = st.integers(MAX_ITEMS - 1, MAX_ITEMS + 2).map(
        lambda n: [(i, "other", f"gegeven {i}") for i in range(n)]
    )
    return weighted(rows, many).map(
        lambda rows: [
            pair
            for i, kind, value in rows
            for pair in (
                *([(f"item-{i}-type", kind)] if kind is not None else []),
                *([(f"item-{i}-value", value)] if value is not None else []),
            )
        ]
    )


REPORT_FIELD_VALUES = {
    "language": usually(*REPORT_LANGUAGES, "tlh"),
    "text": typed,
    "form": usually(*(value for value, _label in FORM_CHOICES), "sexual "),
    "municipality": municipalities,
    "address": typed,
    "when": typed,
    "contact_name": typed,
    "contact_phone": typed,
    "contact_email": emails,
    "contact_safe_times": typed,
    **dict.fromkeys(BOOLEAN_FIELDS, booleans),
    "unexpected": short_text,
}


def fields(values: dict):
    """Some of the fields in any order, a few of them twice."""
    once = st.fixed_dictionaries({}, optional=values).map(lambda d: list(d.items()))
    pair = st.sampled_from(sorted(values)).flatmap(
        lambda name: st.tuples(st.just(name), values[name])
    )
    again = st.lists(pair, max_size=3)
    return st.tuples(once, again).map(lambda t: t[0] + t[1])


def report_posts():
    """What the report form receives: mostly a step and an action, and fields;
    one post in four a complete, valid report (so sending is fuzzed too)."""
    head = st.tuples(
        weighted(st.tuples(st.just("step"), usually(*STEPS)), st.none()),
        weighted(st.tuples(st.just("action"), actions), st.none()),
        weighted(st.tuples(st.just("nonce"), nonces), st.none()),
    ).map(lambda t: [pair for pair in t if pair is not None])
    anything = st.tuples(head, fields(REPORT_FIELD_VALUES), item_fields()).map(
        lambda t: t[0] + t[1] + t[2]
    )
    valid = st.fixed_dictionaries(
        {
            "step": st.sampled_from(STEPS),
            "action": st.just("send"),
            "nonce": st.just(FRESH),
            "text": plain_text.filter(str.strip),
        },
        optional={
            "form": st.sampled_from([value for value, _label in FORM_CHOICES]),
            "municipality": st.sampled_from(["", "Zwolle", "GM0193", "buitenland"]),
            "address": plain_text,
            "when": plain_text,
            **dict.fromkeys(BOOLEAN_FIELDS, st.sampled_from(["true", "false", ""])),
        },
    ).map(lambda d: [*d.items(), ("consent_contact", ""), ("contact_phone", "")])
    complete = st.tuples(valid, item_fields()).map(lambda t: t[0] + t[1])
    return st.sampled_from([anything, anything, anything, complete]).flatmap(lambda s: s)


# -- posting ----------------------------------------------------------------
def post(client, url: str, pairs: list[tuple[str, str]], *, multipart: bool, files=()):
    pairs = [(name, uuid.uuid4().hex if value == FRESH else value) for name, value in pairs]
    if multipart:
        data: dict[str, list] = {}
        for name, value in pairs:
            # The multipart encoder cannot write a lone surrogate; a browser
            # would send U+FFFD instead.
            text = value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
            data.setdefault(name, []).append(text)
        if files:
            data["files"] = list(files)
        return client.post(url, data)
    body = "&".join(
        f"{quote_plus(name)}={quote_plus(value.encode('utf-8', 'surrogatepass'))}"
        for name, value in pairs
    )
    return client.post(url, body, content_type="application/x-www-form-urlencoded")


def assert_rendered(response):
    """A complete page, whatever the status: no server error, no broken template."""
    assert response.status_code < 500, response.status_code
    assert response.status_code in (200, 201, 400, 403, 404, 409, 413, 429), response.status_code
    assert response["Content-Type"].startswith("text/html")
    assert b"</html>" in response.content
    # Seen with --hypothesis-show-statistics: how deep the examples got.
    event(f"status {response.status_code}")
    if response.context and "step" in response.context:
        errors = "with errors" if response.context.get("errors") else "clean"
        event(f"step {response.context['step']} {errors}")


def assert_item_errors_beside_their_rows(response):
    """Each bad row is shown with its message and with what was typed in it."""
    context = response.context
    if not context or context.get("step") != "details" or not context.get("item_errors"):
        return
    form, html = context["form"], response.content.decode()
    shown = row_fieldsets(html)
    # The page shows again the rows with something typed in them, and rows
    # with an error (a tampered type with nothing typed), in their order.
    position = {}
    for index, row in enumerate(form.raw_items):
        if row["value"].strip() or index in form.item_errors:
            position[index] = len(position)
    for index, messages in form.item_errors.items():
        if index not in position:
            continue
        row = shown[position[index]]
        assert escape(form.raw_items[index]["value"]) in row
        for message in messages:
            assert escape(message) in row
        assert f'href="#id_item-{index}"' in html  # the summary leads to it
        event("a bad row checked")


junk_files = st.lists(
    st.builds(
        lambda name, content: _upload(name, content),
        st.sampled_from(["foto.jpg", "scan.pdf", "x.png", "bestand", "a" * 300 + ".jpg"]),
        st.binary(max_size=64),
    ),
    max_size=2,
)


def _upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, "image/jpeg")


@pytest.fixture
def generous_limits(settings):
    # Reach the forms behind the rate limits: the limits have their own tests.
    settings.SUBMIT_LIMIT = 10**9
    settings.RECEIPT_CHECK_LIMIT = 10**9


# -- the forms --------------------------------------------------------------
@given(
    pairs=report_posts(),
    shuffled=st.randoms(use_true_random=False),
    multipart=st.booleans(),
    files=junk_files,
)
@FUZZ
def test_fuzzed_report_form_posts_always_get_a_page(
    client, generous_limits, pairs, shuffled, multipart, files
):
    shuffled.shuffle(pairs)
    before = Report.objects.count()
    response = post(client, "/nl/melden/", pairs, multipart=multipart, files=files)
    assert_rendered(response)
    assert_item_errors_beside_their_rows(response)
    stored = Report.objects.count() - before
    assert stored == (1 if response.status_code == 201 else 0)


ADVICE_FIELD_VALUES = {"text": typed, "nonce": nonces, "action": actions}


@given(pairs=fields(ADVICE_FIELD_VALUES), multipart=st.booleans())
@FUZZ
def test_fuzzed_advice_posts_always_get_a_page(client, generous_limits, pairs, multipart):
    before = Report.objects.count()
    response = post(client, "/nl/advies-vragen/", pairs, multipart=multipart)
    assert_rendered(response)
    assert Report.objects.count() - before == (1 if response.status_code == 201 else 0)


@pytest.fixture
def receipt_codes(db):
    """Codes of a report and of an advice question, as a reporter might type them."""
    _report, code = make_report()
    _advice, advice_code = make_report(kind="advice", items=(), form="")
    return [code, advice_code]


@given(data=st.data(), multipart=st.booleans(), files=junk_files)
@FUZZ
def test_fuzzed_follow_up_posts_always_get_a_page(
    client, generous_limits, receipt_codes, data, multipart, files
):
    real = data.draw(st.sampled_from(receipt_codes))
    code = data.draw(
        st.one_of(
            st.just(real),
            st.sampled_from([real.lower(), real.replace("-", " "), real.replace("-", "")]),
            st.just(real[:-1] + ("2" if real[-1] != "2" else "3")),
            usually("", "2222-2222-2222-2222-22", "0O1IL-U"),
        )
    )
    values = {
        "code": st.just(code),
        "action": usually("reply", "view", ""),
        "text": typed,
    }
    pairs = data.draw(fields(values))
    if data.draw(st.booleans()):
        pairs.insert(0, ("code", code))  # most posts carry the code
    before = Message.objects.count()
    response = post(
        client, "/nl/melden/opvolgen/", pairs, multipart=multipart, files=files if multipart else ()
    )
    assert_rendered(response)
    if response.status_code != 200:
        assert Message.objects.count() == before
    elif Message.objects.count() > before:
        event("reply stored")
