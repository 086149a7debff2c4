"""The search index is written anew: a break token now sits between the texts of two fields, so a
quoted phrase no longer runs from one field into the next (core/search/store.py). Emptied here; `migrate` then
builds it again from the register (core/search's post_migrate handler fills an empty index)."""
from django.db import migrations


def empty_the_index(apps, schema_editor):
    apps.get_model("core", "SearchDocument").objects.all().delete()
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DELETE FROM core_search_fts")


class Migration(migrations.Migration):
    dependencies = [("core", "0007_search_match_index")]
    operations = [migrations.RunPython(empty_the_index, migrations.RunPython.noop)]
