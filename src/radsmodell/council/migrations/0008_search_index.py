"""The case-folded search columns give way to the full-text index (core.SearchDocument)."""
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("council", "0007_action_item_status_history"), ("core", "0006_search_index")]
    operations = [
        migrations.RemoveField(model_name="case", name="search_text"),
        migrations.RemoveField(model_name="case", name="public_search_text"),
    ]
