"""manage.py link_file: batch linking of reports from elsewhere."""

import json

from django.core.management import call_command

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
