"""Reads of the prioritisation: sessions as each role may see them, and their results."""
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from django.http import Http404
from django.utils.translation import gettext as _

from radsmodell.core.roles import can_see_drafts

from .engine import Result, combine, combine_raters, rank, score
from .figures import Comparison, compare
from .models import PrintedFigure, Score, ScoringSession
from .sensitivity import Sensitivity, Swap, fingerprint


def sessions_for(user):
    sessions = ScoringSession.objects.select_related("scoring_model", "case__body", "case__meeting__body")
    return sessions if can_see_drafts(user) else sessions.filter(status=ScoringSession.Status.CLOSED)


def get_session(user, session_id: int) -> ScoringSession:
    session = sessions_for(user).filter(pk=session_id).first()
    if session is None:
        raise Http404(_("Fant ikke scoringsrunden"))
    return session


@dataclass
class SessionResults:
    results: list[Result]
    warnings: list[str]  # text in score cells, treated as missing
    raters: int
    group_se: dict[str, dict[str, float]]  # measure → group → standard error across raters
    values: dict[str, dict[str, float | None]]  # measure → question → the raters' combined answer


def _ratings(session: ScoringSession):
    """measure name → rater id → {question: value}, and the cells that held text."""
    ratings: dict[str, dict[int, dict]] = {m.name: {} for m in session.measures.all()}
    warnings = []
    for cell in Score.objects.filter(measure__session=session).select_related("measure", "rater"):
        ratings[cell.measure.name].setdefault(cell.rater_id, {})[cell.question] = cell.value
        if cell.raw:
            warnings.append(_("%(rater)s: %(measure)s, %(question)s: «%(text)s» er ikke et tall og regnes som "
                              "manglende.") % {"rater": cell.rater.name, "measure": cell.measure.name,
                                               "question": cell.question, "text": cell.raw})
    return ratings, warnings


def session_results(session: ScoringSession) -> SessionResults:
    model = session.scoring_model.engine
    ratings, warnings = _ratings(session)
    outside = dict(session.measures.exclude(outside_ranking="").values_list("name", "outside_ranking"))
    results, group_se, combined = [], defaultdict(dict), {}
    for name, by_rater in ratings.items():
        sheets = list(by_rater.values())
        combined[name] = combine_raters(model, sheets)
        result = score(model, name, combined[name])
        result.outside = outside.get(name, "")
        results.append(result)
        for group in model.groups:
            values = [v for v in (combine(group, sheet) for sheet in sheets) if v is not None]
            group_se[name][group.key] = float(np.std(values, ddof=1) / np.sqrt(len(values))) if len(values) > 1 else 0.0
    return SessionResults(rank(model, results), warnings, session.raters.count(), dict(group_se), combined)


def printed_figures(session: ScoringSession, outcome: SessionResults) -> list[Comparison]:
    """The figures the session's workbook printed, each beside the model's, in the order stored."""
    figures = PrintedFigure.objects.filter(session=session).select_related("measure")
    return compare(session.scoring_model.engine, outcome.results, outcome.values, figures)


# The page and the export show one Monte Carlo: these draws from this seed.
SENSITIVITY_DRAWS = 20_000
SENSITIVITY_SEED = 0


def sensitivity_inputs(session: ScoringSession, outcome: SessionResults) -> dict | None:
    """The arguments of `simulate` for the ranked measures; None when fewer than two are ranked."""
    model = session.scoring_model.engine
    ranked = [r for r in outcome.results if r.rank]
    if len(ranked) < 2:
        return None
    keys = [g.key for g in model.groups]
    return {
        "group_values": np.array([[r.groups[k] for k in keys] for r in ranked]),
        "weights": np.array(model.group_weights()),
        "names": [r.name for r in ranked],
        "draws": SENSITIVITY_DRAWS,
        "concentration": session.concentration,
        "group_se": np.array([[outcome.group_se[r.name][k] for k in keys] for r in ranked]),
        "top_k": min(session.top_k, len(ranked)),
        "seed": SENSITIVITY_SEED,
    }


def sensitivity_fingerprint(inputs: dict | None) -> str:
    return fingerprint(**inputs) if inputs is not None else "nothing ranked"


def stored_sensitivity(stored: dict) -> tuple[Sensitivity | None, list[Swap]]:
    """A result as `services.refresh_sensitivity` stored it (pages get it from `services.current_sensitivity`)."""
    sensitivity = Sensitivity.from_dict(stored["sensitivity"]) if stored["sensitivity"] is not None else None
    return sensitivity, [Swap.from_dict(swap) for swap in stored["swaps"]]
