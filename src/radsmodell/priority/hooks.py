"""What prioritisation contributes to the shared parts of the site (see core/site.py)."""
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _

from radsmodell.core import demo, history, links, site, timeline

from . import selectors, tasks
from .demo import load as demo_data
from .models import Measure, PrintedFigure, Rater, Score, ScoringModel, ScoringSession
from .timeline import score_events

site.menu.register(site.MenuItem(_("Prioritering"), "priority:sessions", "priority", order=70))

demo.register(demo.DemoSet("priority", demo_data.load_demo, demo_data.demo_loaded, after=("council", "portfolio")))


# Scoring sessions in the connected record (core/links.py): "session:12", the session's id.
def _find_session(key: str) -> str | None:
    key = key.strip()
    return key if links.pks([key]) and ScoringSession.objects.filter(pk=int(key)).exists() else None


def _show_sessions(refs: list[str]) -> dict[str, links.Linked]:
    """Each session by its title; public when the public may open it (priority.selectors)."""
    pks = links.pks(refs)
    public = set(selectors.sessions_for(AnonymousUser()).filter(pk__in=pks).values_list("pk", flat=True))
    return {str(pk): links.Linked("session", str(pk), title, ScoringSession(pk=pk).get_absolute_url(),
                                  public=pk in public)
            for pk, title in ScoringSession.objects.filter(pk__in=pks).values_list("pk", "title")}


links.register_kind(links.LinkKind("session", _("Scoringsrunder"), 20, find=_find_session, show=_show_sessions,
                                   model=ScoringSession))


# How the change log names the prioritisation's objects, from the history rows and the relations
# fetched with them (see core/history.py). A related row deleted since shows as "–".
def _title(session) -> str:
    return session.title if session else "–"


def _measure_name(row) -> str:
    """"Tiltak for 2023 – prioritering: PLL (pasientens legemiddelliste)"."""
    return f"{_title(row.session)}: {row.name}"


def _score_name(row) -> str:
    """"Tiltak for 2023 – prioritering: PLL (pasientens legemiddelliste), C3 (Nasjonalt e-helseråd)"."""
    measure = row.measure
    session = _title(measure.session if measure else None)
    return f"{session}: {measure.name if measure else '–'}, {row.question} ({row.rater.name if row.rater else '–'})"


history.describe(ScoringModel, lambda row: row.name)
history.describe(ScoringSession, lambda row: row.title)
history.describe(Rater, lambda row: f"{_title(row.session)}: {row.name}", related=("session",))
history.describe(Measure, _measure_name, related=("session",))
history.describe(Score, _score_name, related=("measure__session", "rater"))
history.describe(PrintedFigure, lambda row: f"{_measure_name(row.measure) if row.measure else '–'}, {row.sheet}",
                 related=("measure__session",))


# An initiative's history shows the sessions that scored it (core/timeline.py).
timeline.register("initiative", score_events)


# A rater's own sheet waits on their own page until delivered (tasks.py).
site.task_sources.register(site.TaskSource("priority", tasks.tasks, order=40))
