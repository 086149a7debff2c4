"""The full-text search index (core/search): the documents, and beside them the indexed words — an
FTS5 table on SQLite, tsvector columns with GIN indexes on PostgreSQL. Filled by `radsmodell reindex`
and kept in step by every write; the council's 0008 drops the old search columns after it."""
from django.db import migrations, models

SQLITE_CREATE = [
    # The text is stored stemmed (core/search/text.py); the facets as tokens so a filter is a MATCH.
    "CREATE VIRTUAL TABLE core_search_fts USING fts5(title, public_text, private_text, facet_tokens,"
    " public_facet_tokens, tokenize = 'unicode61 remove_diacritics 0', prefix = '3')",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS core_search_fts"]

POSTGRESQL_CREATE = [
    "ALTER TABLE core_searchdocument ADD COLUMN vector_all tsvector, ADD COLUMN vector_public tsvector,"
    " ADD COLUMN vector_facets tsvector, ADD COLUMN vector_public_facets tsvector",
    "CREATE INDEX core_searchdocument_vector_all ON core_searchdocument USING gin (vector_all)",
    "CREATE INDEX core_searchdocument_vector_public ON core_searchdocument USING gin (vector_public)",
    "CREATE INDEX core_searchdocument_vector_facets ON core_searchdocument USING gin (vector_facets)",
    "CREATE INDEX core_searchdocument_vector_public_facets ON core_searchdocument"
    " USING gin (vector_public_facets)",
]
POSTGRESQL_DROP = [
    "ALTER TABLE core_searchdocument DROP COLUMN IF EXISTS vector_all, DROP COLUMN IF EXISTS vector_public,"
    " DROP COLUMN IF EXISTS vector_facets, DROP COLUMN IF EXISTS vector_public_facets",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0005_outgoing_mail")]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(max_length=30, verbose_name="type")),
                ("ref", models.CharField(max_length=100, verbose_name="referanse")),
                ("public", models.BooleanField(default=False, verbose_name="offentlig")),
                ("date", models.DateField(blank=True, null=True, verbose_name="dato")),
                ("facet_keys", models.TextField(blank=True, verbose_name="fasetter")),
                ("public_facet_keys", models.TextField(blank=True, verbose_name="offentlige fasetter")),
                ("title", models.CharField(max_length=500, verbose_name="tittel")),
                ("url", models.CharField(max_length=300, verbose_name="adresse")),
                ("meta", models.CharField(blank=True, max_length=300, verbose_name="om treffet")),
                ("fields", models.JSONField(default=list, verbose_name="felter")),
            ],
            options={"verbose_name": "søkedokument", "verbose_name_plural": "søkedokumenter"},
        ),
        migrations.AddConstraint(
            model_name="searchdocument",
            constraint=models.UniqueConstraint(fields=("kind", "ref"), name="searchdocument_once"),
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRESQL_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}),
        ),
    ]
