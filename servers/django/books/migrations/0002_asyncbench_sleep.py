"""PostgreSQL only: asyncbench_sleep(seconds), pg_sleep that says each time it runs.

Each call raises a NOTICE, which psycopg hands to the connection's notice handler on the thread
that runs the query (books/queries.py counts them), so /db reports the calls PostgreSQL made,
not an assumed 1. A no-op on SQLite, whose sleep() is a Python function registered per connection.
"""
from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION asyncbench_sleep(seconds double precision) RETURNS integer
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RAISE NOTICE 'asyncbench_sleep';
  PERFORM pg_sleep(seconds);
  RETURN 1;
END
$$;
"""
DROP = "DROP FUNCTION IF EXISTS asyncbench_sleep(double precision);"


def create(apps, schema_editor) -> None:  # noqa: ANN001
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor) -> None:  # noqa: ANN001
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("books", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
