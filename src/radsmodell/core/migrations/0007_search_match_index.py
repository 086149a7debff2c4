"""On SQLite, a covering index of what a search reads for every match (core/search/store.py): the
document rows are long and lie far apart, so reading the facets and the date of a few hundred matches
from the table pushed the full-text index's pages out of the page cache; the dense index keeps them
together (a common word's search at 10 000 cases from 1,5 to 0,8 ms). PostgreSQL reads its matches by
the GIN indexes and has no need of it. A future migration that remakes the table on SQLite must make
the index anew."""
from django.db import migrations

CREATE = ("CREATE INDEX core_searchdocument_match ON core_searchdocument"
          " (id, date, public, facet_keys, public_facet_keys)")
DROP = "DROP INDEX IF EXISTS core_searchdocument_match"


def _on_sqlite(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0006_search_index")]
    operations = [migrations.RunPython(_on_sqlite(CREATE), _on_sqlite(DROP))]
