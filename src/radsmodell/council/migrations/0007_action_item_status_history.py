"""Action items recorded before they had a status: closed ones are done, the rest open, and each
gets the events its dates already tell (opened on `created`, done on `closed` in `closed_by`)."""
from django.db import migrations


def statuses_from_dates(apps, schema_editor):
    ActionItem = apps.get_model("council", "ActionItem")
    ActionItemEvent = apps.get_model("council", "ActionItemEvent")
    events = []
    for item in ActionItem.objects.all():
        events.append(ActionItemEvent(item=item, status="open", date=item.created, case_id=item.case_id))
        if item.closed is not None:
            item.status = "done"
            item.save(update_fields=["status"])
            events.append(ActionItemEvent(item=item, status="done", date=item.closed, case_id=item.closed_by_id,
                                          note=item.closed_note))
    ActionItemEvent.objects.bulk_create(events)


class Migration(migrations.Migration):
    dependencies = [("council", "0006_meeting_cycle")]
    operations = [migrations.RunPython(statuses_from_dates, migrations.RunPython.noop)]
