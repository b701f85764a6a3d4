"""manage.py link_file: batch linking of reports from elsewhere."""

import json

from django.core.management import call_command

from trafficking.linking.batch import link_lines, summary

LINES = [
    {"id": "x1", "text": "Bel 06-12345678", "items": []},
    {
        "id": "x2",
        "text": "",
        "items": [
            {"type": "phone", "value": "+31 6 1234 5678"},
            {"type": "plate", "value": "ab-123-c"},
        ],
    },
    {"id": "x3", "text": "", "items": [{"type": "plate", "value": "AB 123 C"}]},
    {"id": "x4", "text": "", "items": []},
    {"id": "x5", "text": "", "items": [{"type": "phone", "value": "12345"}]},
]


def run(tmp_path, lines, *extra):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    from io import StringIO

    out = StringIO()
    call_command("link_file", str(path), "--json", *extra, stdout=out)
    return json.loads(out.getvalue())


def test_link_file_groups_and_explains(tmp_path):
    result = run(tmp_path, [json.dumps(line) for line in LINES])
    assert result["cases"] == [["x1", "x2", "x3"]]
    assert {(link["key_type"], tuple(link["reports"])) for link in result["links"]} == {
        ("phone", ("x1", "x2")),
        ("plate", ("x2", "x3")),
    }
    reasons = {u["id"]: u["reason"] for u in result["unlinked"]}
    assert reasons == {"x4": "no identifiers", "x5": "only weak identifiers"}
    assert result["hubs"] == [] and result["errors"] == []


def test_link_file_reports_hubs_and_bad_lines(tmp_path):
    lines = [
        json.dumps({"id": f"h{i}", "items": [{"type": "email", "value": "info@x.nl"}]})
        for i in range(4)
    ]
    lines += ["{not json", json.dumps(["no", "object"]), json.dumps({"id": "h0"})]
    result = run(tmp_path, lines, "--hub-threshold", "3")
    assert result["cases"] == []
    assert result["hubs"] == [
        {"key_type": "email", "reports": ["h0", "h1", "h2", "h3"], "sources": 4}
    ]
    assert [e["line"] for e in result["errors"]] == [5, 6, 7]


def test_without_json_link_file_prints_a_summary_to_read(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in LINES) + "\n{oops\n", encoding="utf-8")
    from io import StringIO

    out = StringIO()
    call_command("link_file", str(path), stdout=out)
    text = out.getvalue()
    assert text.splitlines()[0] == (
        "5 report(s): 1 case(s), 0 hub(s), 0 suggestion(s), 2 unlinked, 1 bad line(s)."
    )
    assert "  x1, x2, x3\n    phone: x1, x2\n    plate: x2, x3\n" in text
    assert "Unlinked:\n  no identifiers: x4\n  only weak identifiers: x5\n" in text
    assert "  line 6: not JSON" in text
    assert not text.lstrip().startswith("{")


def test_summary_shortens_long_lists_and_names_hubs():
    result = link_lines(
        [json.dumps({"id": f"h{i:02}", "text": "info@x.nl"}) for i in range(25)], 10
    )
    text = "\n".join(summary(result))
    assert "Hubs (too common to link):" in text
    assert "  email from 25 source(s): h00, h01," in text
    assert "h19 (and 5 more)\n" in text and "h20" not in text
    assert "  only hub identifiers: h00, h01," in text
