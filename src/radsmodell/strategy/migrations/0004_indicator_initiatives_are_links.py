"""The initiatives an indicator measures become links of the connected record (core/links.py), so
they are kept, shown and edited in one place with every other connection."""
from django.db import migrations

MOVED = "Tiltaket sto på indikatorens liste over tiltak i porteføljen før koblingene kom."


def to_links(apps, schema_editor):
    Indicator = apps.get_model("strategy", "Indicator")
    Link = apps.get_model("core", "Link")
    for indicator_pk, initiative_pk in Indicator.initiatives.through.objects.values_list("indicator_id",
                                                                                        "initiative_id"):
        a, b = ("indicator", str(indicator_pk)), ("initiative", str(initiative_pk))
        if not (Link.objects.filter(a_kind=a[0], a_ref=a[1], b_kind=b[0], b_ref=b[1]).exists()
                or Link.objects.filter(a_kind=b[0], a_ref=b[1], b_kind=a[0], b_ref=a[1]).exists()):
            Link.objects.create(a_kind=a[0], a_ref=a[1], b_kind=b[0], b_ref=b[1], assumption=MOVED)


def to_field(apps, schema_editor):
    Indicator = apps.get_model("strategy", "Indicator")
    Link = apps.get_model("core", "Link")
    for link in Link.objects.filter(a_kind="indicator", b_kind="initiative"):
        Indicator.initiatives.through.objects.get_or_create(indicator_id=int(link.a_ref), initiative_id=int(link.b_ref))
    for link in Link.objects.filter(a_kind="initiative", b_kind="indicator"):
        Indicator.initiatives.through.objects.get_or_create(indicator_id=int(link.b_ref), initiative_id=int(link.a_ref))


class Migration(migrations.Migration):

    dependencies = [
        ("strategy", "0003_provenance"),
        ("core", "0002_links"),
    ]

    operations = [
        migrations.RunPython(to_links, to_field),
        migrations.RemoveField(model_name="indicator", name="initiatives"),
    ]
