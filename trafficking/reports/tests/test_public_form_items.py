"""The rows of the ‘Who and what’ step: errors next to their row, in the
reporter's language, what was typed kept, and one rule for web and API."""

import re

import pytest

from trafficking.reports.forms import ReportForm
from trafficking.reports.models import Report

pytestmark = pytest.mark.django_db
URL = "/nl/melden/"
DETAILS = {"step": "details", "action": "next", "nonce": "n-items"}


def row_fieldsets(html: str) -> list[str]:
    """The HTML of each item row, in the order shown."""
    return re.findall(r'<fieldset class="item-row[^"]*".*?</fieldset>', html, flags=re.S)


def form_with(items, **data) -> ReportForm:
    from trafficking.directory.catalogue import current_catalogue

    form = ReportForm(
        {"text": "Iets gezien.", **data},
        gazetteer=current_catalogue().gazetteer,
        items=items,
        final=True,
    )
    form.is_valid()
    return form


def test_a_value_without_a_type_is_shown_next_to_its_row(client):
    response = client.post(URL, {**DETAILS, "item-0-type": "", "item-0-value": "0612345678"})
    assert response.status_code == 200
    assert response.context["step"] == "details"
    html = response.content.decode()
    first = row_fieldsets(html)[0]
    assert 'value="0612345678"' in first  # what was typed stays
    assert "Kies wat voor gegeven dit is." in first
    assert 'href="#id_item-0"' in html  # the summary leads to the row
    assert 'id="id_item-0"' in first
    assert "1 ding om te verbeteren" in html  # the heading says how much to fix
    assert "Er ging iets mis" not in html


def test_a_too_long_value_is_refused_in_the_reporters_language(client):
    long_value = "x" * 301
    response = client.post(
        "/en/melden/", {**DETAILS, "item-0-type": "name", "item-0-value": long_value}
    )
    assert response.status_code == 200
    first = row_fieldsets(response.content.decode())[0]
    assert "This is too long (at most 300 characters)." in first
    assert f'value="{long_value}"' in first
    assert '<option value="name" selected>' in first


def test_an_error_stays_with_its_row_when_an_earlier_row_is_left_empty(client):
    response = client.post(
        URL,
        {
            **DETAILS,
            "item-0-type": "phone",  # a type picked, nothing typed: an empty row
            "item-0-value": "",
            "item-1-type": "",
            "item-1-value": "AB-123-C",
            "item-2-type": "plate",
            "item-2-value": "XY-99-ZZ",
        },
    )
    rows = row_fieldsets(response.content.decode())
    with_error = [r for r in rows if "Kies wat voor gegeven dit is." in r]
    assert len(with_error) == 1
    assert 'value="AB-123-C"' in with_error[0]


def test_sending_with_a_bad_row_goes_back_to_the_rows_and_stores_nothing(client):
    response = client.post(
        URL,
        {
            "step": "send",
            "action": "send",
            "nonce": "n-send",
            "text": "Iets gezien.",
            "item-0-type": "",
            "item-0-value": "0612345678",
        },
    )
    assert response.status_code == 200
    assert response.context["step"] == "details"
    assert "Kies wat voor gegeven dit is." in row_fieldsets(response.content.decode())[0]
    assert Report.objects.count() == 0


def test_rows_are_carried_along_as_typed_to_the_other_steps(client):
    response = client.post(
        URL, {**DETAILS, "action": "back", "item-0-type": "ufo", "item-0-value": "x"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<input type="hidden" name="item-0-type" value="ufo">' in html


def test_too_many_rows_are_reported_on_the_rows_step(client):
    rows = {}
    for index in range(31):
        rows[f"item-{index}-type"] = "other"
        rows[f"item-{index}-value"] = f"gegeven {index}"
    response = client.post(URL, {**DETAILS, **rows})
    assert response.status_code == 200
    assert response.context["step"] == "details"
    assert "hoogstens 30 gegevens" in response.content.decode()


def test_no_error_key_can_shadow_a_dict_method_in_a_template(catalogue):
    # Django templates look up dict keys before attributes: an error keyed
    # "items" made `errors.items` in the template a list and broke the page.
    # Field names are keys too (of the errors and of the hidden fields).
    keys = set(ReportForm.base_fields)
    for items in ([{"type": "", "value": "x"}, {"type": "ufo"}], [{"type": "x"}] * 31):
        form = form_with(items, acute="misschien", contact_email="geen")
        assert not form.is_valid()
        keys |= {key for step in ReportForm.STEPS for key in form.step_errors(step)}
    assert not keys & set(dir(dict))


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ({"type": "ufo", "value": ""}, "Kies wat voor gegeven dit is."),
        ({"type": "ufo", "value": "  \x00 "}, "Kies wat voor gegeven dit is."),
        ({"type": "ufo"}, "Dit gegeven klopt niet."),
        ({"type": 7, "value": ""}, "Dit gegeven klopt niet."),
        ({"type": "ufo", "value": "1"}, "Kies wat voor gegeven dit is."),
    ],
)
def test_an_unknown_type_is_refused_even_without_a_value(catalogue, item, message):
    form = form_with([item])
    assert not form.is_valid()
    assert form.item_errors == {0: [message]}


@pytest.mark.parametrize(
    "item",
    [{"type": "", "value": ""}, {"type": "", "value": "   "}, {"type": "phone", "value": ""}],
)
def test_an_empty_row_is_ignored(catalogue, item):
    form = form_with([item])
    assert form.is_valid(), form.errors
    assert form.items == []


def test_the_api_refuses_an_unknown_type_without_a_value(client):
    response = client.post(
        "/api/v1/reports",
        {"text": "x", "items": [{"type": "ufo", "value": ""}]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "items[0]" in response.json()["errors"]
    assert Report.objects.count() == 0
