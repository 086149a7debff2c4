"""The portfolio's register of initiatives as open data.

Each initiative with its latest accepted status, as the public overview shows it: reports in
draft, submitted or returned stay with the owner and the secretariat (selectors.initiatives).
"""
from django.utils.translation import gettext_lazy

from radsmodell.core.exports import Column
from radsmodell.opendata.registry import Dataset, register

from . import selectors
from .models import Initiative


def _choice(initiative: Initiative, field: str) -> str:
    return str(getattr(initiative, f"get_{field}_display")()) if getattr(initiative, field) else ""


INITIATIVE_COLUMNS = [
    Column("code", gettext_lazy("Kode"), description=gettext_lazy("Tiltakets faste kode, som i nettadressen.")),
    Column("name", gettext_lazy("Tiltak"), description=gettext_lazy("Tiltakets navn.")),
    Column("short_name", gettext_lazy("Kortnavn"), description=gettext_lazy("Tiltakets kortnavn, når det har et.")),
    Column("owner", gettext_lazy("Tiltakseier"), description=gettext_lazy("Virksomheten som eier tiltaket.")),
    Column("owner_type", gettext_lazy("Eiertype"),
           description=gettext_lazy("RHF, KS/kommune, Statlig virksomhet eller Annen.")),
    Column("owner_assumption", gettext_lazy("Antakelse om eier"),
           description=gettext_lazy("Hvorfor eieren eller eiertypen er antatt og ikke hentet fra en kilde; tomt når "
                                    "kilden sier det.")),
    Column("segment", gettext_lazy("Segment"),
           description=gettext_lazy("Porteføljens segment: Samstyre, Digital samhandling, Koordinere eller "
                                    "Observere.")),
    Column("lifecycle", gettext_lazy("Livsløp"), description=gettext_lazy("Ny, Aktiv, På pause eller Ferdigstilt.")),
    Column("phase", gettext_lazy("Fase"),
           description=gettext_lazy("Konsept, Utprøving, Tilstrekkelig utprøving, Bredding eller Forvaltning.")),
    Column("phase_assumption", gettext_lazy("Antakelse om fase"),
           description=gettext_lazy("Hvorfor fasen er antatt og ikke hentet fra en kilde; tomt når kilden sier det.")),
    Column("period", gettext_lazy("Periode"), description=gettext_lazy("Tiltakets periode slik kilden oppgir den.")),
    Column("strategic_goals", gettext_lazy("Strategiske mål"),
           description=gettext_lazy("Målene i Nasjonal e-helsestrategi (1–5) tiltaket bidrar til; det første er "
                                    "hovedmålet.")),
    Column("status", gettext_lazy("Status"),
           description=gettext_lazy("Samlet status i siste godkjente statusrapport: Grønn, Gul eller Rød; tomt når "
                                    "ingen godkjent rapport gir en.")),
    Column("status_round", gettext_lazy("Statusrunde"),
           description=gettext_lazy("Statusrunden den siste godkjente statusen er fra.")),
    Column("status_assumption", gettext_lazy("Antakelse om status"),
           description=gettext_lazy("Hvorfor statusen er antatt og ikke hentet fra rapporten; tomt når kilden sier "
                                    "det.")),
    Column("national_solutions", gettext_lazy("Nasjonale e-helseløsninger"),
           description=gettext_lazy("De nasjonale e-helseløsningene tiltaket avhenger av, skilt med semikolon.")),
    Column("national_solution_codes", gettext_lazy("Løsningskoder"),
           description=gettext_lazy("Kodene til de samme løsningene, skilt med semikolon (som i nettadressene).")),
    Column("page_path", gettext_lazy("Side"),
           description=gettext_lazy("Tiltakets side på nettstedet (sti fra nettstedets adresse).")),
]


def initiative_rows() -> list[list]:
    rows = []
    for initiative in selectors.initiatives():
        report = initiative.latest_report
        rated = report is not None and bool(report.overall)
        solutions = list(initiative.national_solutions.all())
        values = {
            "code": initiative.slug,
            "name": initiative.name,
            "short_name": initiative.short_name,
            "owner": initiative.owner,
            "owner_type": _choice(initiative, "owner_type"),
            "owner_assumption": initiative.owner_assumption,
            "segment": _choice(initiative, "segment"),
            "lifecycle": _choice(initiative, "lifecycle"),
            "phase": _choice(initiative, "phase"),
            "phase_assumption": initiative.phase_assumption,
            "period": initiative.period,
            "strategic_goals": ", ".join(str(goal) for goal in initiative.goals),
            # A colour is a status in words, never a number: "Rød", not 2.
            "status": str(report.get_overall_display()) if rated else "",
            "status_round": report.round.name if rated else "",
            "status_assumption": report.assumption if rated else "",
            "national_solutions": "; ".join(str(solution) for solution in solutions),
            "national_solution_codes": "; ".join(solution.slug for solution in solutions),
            "page_path": initiative.get_absolute_url(),
        }
        rows.append([values[column.key] for column in INITIATIVE_COLUMNS])
    return rows


register(Dataset(
    slug="tiltak",
    title=gettext_lazy("Tiltak i nasjonal e-helseportefølje"),
    description=gettext_lazy(
        "Tiltakene Helsedirektoratet følger i nasjonal e-helseportefølje, med eier, segment, livsløp, fase, de "
        "nasjonale e-helseløsningene de avhenger av og samlet status fra siste godkjente statusrapport."),
    columns=INITIATIVE_COLUMNS,
    rows=initiative_rows,
    page="portfolio:overview",
    keywords=("e-helseportefølje", "tiltak", "status", "e-helse"),
    order=20,
))
