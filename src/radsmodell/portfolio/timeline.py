"""The portfolio's part of an initiative's history (core/timeline.py): its accepted status reports,
dated by the round's reporting deadline (or the day the round opened when it has none)."""
from django.utils.translation import gettext as _

from radsmodell.core import links
from radsmodell.core.timeline import Event

from .models import StatusReport
from .selectors import accepted_reports


def report_events(kind: str, ref: str, user) -> list[Event]:
    reports = accepted_reports().filter(initiative_id__in=links.pks([ref]))
    return [Event(day=report.round.cut_off or report.round.opened, label=_("Statusrapport"),
                  title=report.round.name, url=report.round.get_absolute_url(), detail=_summary(report),
                  source=report.source, assumption=report.assumption, order=20)
            for report in reports]


def _summary(report: StatusReport) -> str:
    """"Samlet status: Gul · fremdrift: Rød · kostnad: Grønn"; only what the report gives."""
    parts = [f"{StatusReport._meta.get_field(name).verbose_name}: {getattr(report, f'get_{name}_display')()}"
             for name in ("overall", "schedule", "cost", "scope", "risk") if getattr(report, name)]
    return " · ".join(parts).capitalize() if parts else _("Ingen status oppgitt.")
