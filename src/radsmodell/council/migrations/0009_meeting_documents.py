"""The source files meetings are imported from (council/importing), kept with the meeting."""
import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0008_search_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="MeetingDocument",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("notice", "Innkalling"), ("minutes", "Referat"),
                                                   ("pack", "Sakspapirer")], max_length=10,
                                          verbose_name="dokumenttype")),
                ("file", models.FileField(upload_to="moetedokumenter/%Y/", verbose_name="fil")),
                ("original_name", models.CharField(max_length=255, verbose_name="filnavn")),
                ("sha256", models.CharField(max_length=64, unique=True, verbose_name="SHA-256")),
                ("imported_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="importert")),
                ("imported_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                                  related_name="+", to=settings.AUTH_USER_MODEL,
                                                  verbose_name="importert av")),
                ("meeting", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="documents",
                                              to="council.meeting", verbose_name="møte")),
            ],
            options={
                "verbose_name": "kildedokument",
                "verbose_name_plural": "kildedokumenter",
                "ordering": ["meeting", "imported_at", "id"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalMeetingDocument",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("kind", models.CharField(choices=[("notice", "Innkalling"), ("minutes", "Referat"),
                                                   ("pack", "Sakspapirer")], max_length=10,
                                          verbose_name="dokumenttype")),
                ("file", models.TextField(max_length=100, verbose_name="fil")),
                ("original_name", models.CharField(max_length=255, verbose_name="filnavn")),
                ("sha256", models.CharField(db_index=True, max_length=64, verbose_name="SHA-256")),
                ("imported_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="importert")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                ("history_type", models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                                  max_length=1)),
                ("history_user", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL,
                                                   related_name="+", to=settings.AUTH_USER_MODEL)),
                ("imported_by", models.ForeignKey(blank=True, db_constraint=False, null=True,
                                                  on_delete=django.db.models.deletion.DO_NOTHING, related_name="+",
                                                  to=settings.AUTH_USER_MODEL, verbose_name="importert av")),
                ("meeting", models.ForeignKey(blank=True, db_constraint=False, null=True,
                                              on_delete=django.db.models.deletion.DO_NOTHING, related_name="+",
                                              to="council.meeting", verbose_name="møte")),
            ],
            options={
                "verbose_name": "historical kildedokument",
                "verbose_name_plural": "historical kildedokumenter",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
