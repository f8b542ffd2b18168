"""On PostgreSQL the database itself refuses UPDATE and DELETE of access log rows.

Defence in depth under the model's own refusals: raw SQL or a future
bulk operation cannot rewrite the log either. The retention purge sets
uppfoljning.atkomst_gallring for its own transaction (set_config(..., true))
and may then delete. TRUNCATE is left alone (test databases are flushed
with it); a database owner can always drop the trigger, which is logged by
PostgreSQL's own DDL logging where the operator has it on.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION uppfoljning_atkomst_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('uppfoljning.atkomst_gallring', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'Åtkomstloggen kan inte ändras eller tas bort (%).', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER uppfoljning_atkomst_append_only
    BEFORE UPDATE OR DELETE ON uppfoljning_atkomsthandelse
    FOR EACH ROW EXECUTE FUNCTION uppfoljning_atkomst_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS uppfoljning_atkomst_append_only ON uppfoljning_atkomsthandelse;
DROP FUNCTION IF EXISTS uppfoljning_atkomst_append_only();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("uppfoljning", "0003_atkomsthandelse")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
