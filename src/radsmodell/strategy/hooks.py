"""What strategy realisation contributes to the shared parts of the site (see core/site.py)."""
from django.utils.translation import gettext_lazy as _

from radsmodell.core import demo, history, site

from . import engine
from .demo import load as demo_data
from .models import Activity, Assessment, Goal, Indicator, Observation, RoadmapVersion, Strategy, SubGoal, goal_label

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
history.describe(Observation, _observation_name, related=("indicator", "area"))
history.describe(Assessment, lambda row: f"{_name(row.indicator)}, {_period(row.period)}", related=("indicator",))
