"""What the portfolio contributes to the shared parts of the site (see core/site.py)."""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from radsmodell.core import demo, history, links, site, timeline

from . import tasks
from .demo import load as demo_data
from .models import (
    Benefit,
    BenefitType,
    EpjVendor,
    Initiative,
    Mention,
    NationalSolution,
    OwnerAccount,
    ReportedRisk,
    Round,
    StatusReport,
)
from .timeline import report_events

site.menu.register(site.MenuItem(_("Portefølje"), "portfolio:overview", "portfolio", order=40))


def _load_demo() -> dict[str, int]:
    counts = demo_data.load_demo()
    demo_data.create_demo_owner()
    return counts


username, password, owner = demo_data.DEMO_OWNER
demo.register(demo.DemoSet(
    "portfolio", _load_demo, demo_data.demo_loaded,
    logins=(demo.Login(username, password, f"rapporterer status for {owner}"),),
))


# How the change log names the portfolio's objects (from the history rows; see core/history.py).
def _name(row) -> str:
    """"PLL – Pasientens legemiddelliste", or the name alone when there is no short name."""
    if row is None:
        return "–"
    return f"{row.short_name} – {row.name}" if row.short_name else row.name


def _short(initiative) -> str:
    return "–" if initiative is None else initiative.short_name or initiative.name


history.describe(Initiative, _name)
history.describe(NationalSolution, _name)
history.describe(EpjVendor, lambda row: row.name)
history.describe(Round, lambda row: row.name)
def _report_name(report) -> str:
    """"PLL, Statusrunde høst 2025"."""
    return "–" if report is None else f"{_short(report.initiative)}, {report.round.name if report.round else '–'}"


history.describe(StatusReport, _report_name, related=("initiative", "round"))
history.describe(Benefit, lambda row: f"{_short(row.initiative)}: {row.type.name if row.type else '–'}",
                 related=("initiative", "type"))
history.describe(BenefitType, lambda row: row.name)
history.describe(Mention, lambda row: f"{_short(row.initiative)}: {row.source}", related=("initiative",))
history.describe(ReportedRisk, lambda row: f"{_report_name(row.report)}: {row.description}",
                 related=("report__initiative", "report__round"))
# A reporter's right to report for an owner's initiatives (who may report is part of the audit trail).
history.describe(OwnerAccount, lambda row: f"{row.user.username if row.user else '–'} – {row.owner}",
                 related=("user",))


# What the portfolio's objects are to the links between apps (see core/links.py): an initiative
# and a national solution, each known to readers by its slug and stored by its primary key.
def _title(row) -> str:
    """"Pasientens legemiddelliste (PLL)", as the initiative's page heads it."""
    return f"{row.name} ({row.short_name})" if row.short_name and row.short_name != row.name else row.name


def _show_initiatives(refs) -> dict[str, links.Linked]:
    rows = Initiative.objects.filter(pk__in=links.pks(refs)).only("pk", "slug", "name", "short_name")
    return {str(i.pk): links.Linked("initiative", i.slug, _title(i), i.get_absolute_url()) for i in rows}


def _show_solutions(refs) -> dict[str, links.Linked]:
    rows = NationalSolution.objects.filter(pk__in=links.pks(refs)).only("pk", "slug", "name", "short_name")
    return {str(s.pk): links.Linked("solution", s.slug, _title(s), s.get_absolute_url()) for s in rows}


links.register_kind(links.LinkKind("initiative", pgettext_lazy("koblinger", "Tiltak"), 30,
                                   find=links.find_by_slug(Initiative), show=_show_initiatives, model=Initiative))
links.register_kind(links.LinkKind("solution", _("Nasjonale e-helseløsninger"), 40,
                                   find=links.find_by_slug(NationalSolution), show=_show_solutions,
                                   model=NationalSolution))


# An initiative's history shows its accepted status reports (core/timeline.py).
timeline.register("initiative", report_events)


# A reporter's status reports due in the open rounds, on their own page; the owners on their profile (tasks.py).
site.task_sources.register(site.TaskSource("portfolio", tasks.tasks, order=50))
site.profile_panels.register(site.ProfilePanel("portfolio/_profile_panel.html", tasks.profile_panel, order=50))

# Initiatives in the full-text search, kept in step with every write.
from . import search_index  # noqa: E402,F401
