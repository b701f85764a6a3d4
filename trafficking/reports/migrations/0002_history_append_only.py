"""A report's history may grow, never be rewritten (rows go only with the report)."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER report_event_no_update BEFORE UPDATE ON reports_reportevent
       BEGIN SELECT RAISE(ABORT, 'report history is append-only'); END""",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION report_event_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'report history is append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER report_event_no_update BEFORE UPDATE ON reports_reportevent
       FOR EACH ROW EXECUTE FUNCTION report_event_append_only()""",
]


def create_triggers(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor)
    for statement in statements or []:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(create_triggers, migrations.RunPython.noop)]
