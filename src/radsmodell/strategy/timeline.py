"""Strategy's part of an initiative's history (core/timeline.py): the roadmap versions that carry
an activity of the initiative, on the day the version was published, with what the version changed
about it. A version without a known date has no place in a history and is left out."""
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from radsmodell.core import links
from radsmodell.core.timeline import Event

from .models import Activity, RoadmapChange


def roadmap_events(kind: str, ref: str, user) -> list[Event]:
    activities = list(Activity.objects.filter(initiatives__in=links.pks([ref]), version__published__isnull=False)
                      .select_related("version").distinct())
    changes = {}
    for change in RoadmapChange.objects.filter(version__in={a.version_id for a in activities},
                                               activity_key__in={a.key for a in activities}):
        changes.setdefault((change.version_id, change.activity_key), []).append(change)
    events = []
    for activity in activities:
        version = activity.version
        changed = changes.get((version.pk, activity.key), [])
        events.append(Event(
            day=version.published, label=_("Veikart"), title=f"{version.name}: {activity.name}",
            url=f"{reverse('strategy:roadmap')}?{urlencode({'versjon': version.key})}",
            detail="; ".join(f"{c.get_kind_display()}: {c.text}" for c in changed)
            or _("Aktiviteten står i veikartet."),
            source=changed[0].source if changed else activity.source,
            # A change carries its own doubt; an unchanged activity the doubt about its place in the version.
            assumption=" ".join(c.assumption for c in changed if c.assumption) if changed else activity.assumption,
            order=50))
    return events
