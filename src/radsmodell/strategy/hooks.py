"""What strategy realisation contributes to the shared parts of the site (see core/site.py)."""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from radsmodell.core import demo, history, links, site, timeline

from . import engine
from .demo import load as demo_data
from .models import (
    Activity,
    Area,
    Assessment,
    Goal,
    Indicator,
    InterimAmbition,
    Observation,
    RoadmapChange,
    RoadmapVersion,
    Strategy,
    SubGoal,
    goal_label,
)
from .timeline import roadmap_events

site.menu.register(site.MenuItem(_("Strategi"), "strategy:dashboard", "strategy", order=50))

demo.register(demo.DemoSet("strategy", demo_data.load_demo, demo_data.demo_loaded, after=("portfolio",)))


# How the change log names the strategy's objects (from the history rows; see core/history.py).
def _period(text: str) -> str:
    try:
        return engine.parse_period(text).label
    except engine.PeriodError:
        return text


def _name(related) -> str:
    return related.name if related else "–"


def _observation_name(row) -> str:
    """"Pasientens legemiddelliste, Norge, oktober 2025" (with the measure when the series has one)."""
    parts = [_name(row.indicator), _name(row.area), row.measure, _period(row.period)]
    return ", ".join(part for part in parts if part)


history.describe(Strategy, lambda row: row.name)
history.describe(Goal, lambda row: goal_label(row.level, row.number, row.name))
history.describe(SubGoal, lambda row: f"{row.code} ({row.year}) {row.text}")
history.describe(RoadmapVersion, lambda row: row.name)
history.describe(Activity, lambda row: f"{row.name} ({_name(row.version)})", related=("version",))
history.describe(Indicator, lambda row: row.name)
history.describe(Area, lambda row: row.name)
history.describe(InterimAmbition, lambda row: f"{_name(row.indicator)}, {row.year}", related=("indicator",))
history.describe(RoadmapChange, lambda row: f"{_name(row.version)}: {row.text}", related=("version",))
history.describe(Observation, _observation_name, related=("indicator", "area"))
history.describe(Assessment, lambda row: f"{_name(row.indicator)}, {_period(row.period)}", related=("indicator",))


# What the strategy's objects are to the links between apps (see core/links.py): a goal and an
# indicator, each known to readers by its slug and stored by its primary key.
def _show_goals(refs) -> dict[str, links.Linked]:
    rows = Goal.objects.filter(pk__in=links.pks(refs)).only("pk", "slug", "level", "number", "name")
    return {str(g.pk): links.Linked("goal", g.slug, g.label, g.get_absolute_url()) for g in rows}


def _show_indicators(refs) -> dict[str, links.Linked]:
    rows = Indicator.objects.filter(pk__in=links.pks(refs)).only("pk", "slug", "name")
    return {str(i.pk): links.Linked("indicator", i.slug, i.name, i.get_absolute_url()) for i in rows}


links.register_kind(links.LinkKind("goal", pgettext_lazy("koblinger", "Mål"), 50, find=links.find_by_slug(Goal),
                                   show=_show_goals, model=Goal))
links.register_kind(links.LinkKind("indicator", _("Indikatorer"), 60, find=links.find_by_slug(Indicator),
                                   show=_show_indicators, model=Indicator))


# An initiative's history shows the roadmap versions that carry it (core/timeline.py).
timeline.register("initiative", roadmap_events)
