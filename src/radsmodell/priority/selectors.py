"""Reads of the prioritisation: sessions as each role may see them, and their results."""
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from django.http import Http404

from radsmodell.core.roles import can_see_drafts

from .engine import Result, combine, combine_raters, rank, score
from .models import Score, ScoringSession
from .sensitivity import Sensitivity, Swap, simulate, smallest_swaps


def sessions_for(user):
    sessions = ScoringSession.objects.select_related("scoring_model", "case", "case__body")
    return sessions if can_see_drafts(user) else sessions.filter(status=ScoringSession.Status.CLOSED)


def get_session(user, session_id: int) -> ScoringSession:
    session = sessions_for(user).filter(pk=session_id).first()
    if session is None:
        raise Http404("Fant ikke scoringsrunden")
    return session


@dataclass
class SessionResults:
    results: list[Result]
    warnings: list[str]  # text in score cells, treated as missing
    raters: int
    group_se: dict[str, dict[str, float]]  # measure → group → standard error across raters


def _ratings(session: ScoringSession):
    """measure name → rater id → {question: value}, and the cells that held text."""
    ratings: dict[str, dict[int, dict]] = {m.name: {} for m in session.measures.all()}
    warnings = []
    for cell in Score.objects.filter(measure__session=session).select_related("measure", "rater"):
        ratings[cell.measure.name].setdefault(cell.rater_id, {})[cell.question] = cell.value
        if cell.raw:
            warnings.append(f"{cell.rater.name}: {cell.measure.name}, {cell.question}: "
                            f"«{cell.raw}» er ikke et tall og regnes som manglende.")
    return ratings, warnings


def session_results(session: ScoringSession) -> SessionResults:
    model = session.scoring_model.engine
    ratings, warnings = _ratings(session)
    results, group_se = [], defaultdict(dict)
    for name, by_rater in ratings.items():
        sheets = list(by_rater.values())
        results.append(score(model, name, combine_raters(model, sheets)))
        for group in model.groups:
            values = [v for v in (combine(group, sheet) for sheet in sheets) if v is not None]
            group_se[name][group.key] = float(np.std(values, ddof=1) / np.sqrt(len(values))) if len(values) > 1 else 0.0
    return SessionResults(rank(model, results), warnings, session.raters.count(), dict(group_se))


def session_sensitivity(session: ScoringSession, outcome: SessionResults,
                        draws: int = 20_000) -> tuple[Sensitivity | None, list[Swap]]:
    """Monte Carlo over the weights and the raters' disagreement, for the ranked measures."""
    model = session.scoring_model.engine
    ranked = [r for r in outcome.results if r.rank]
    if len(ranked) < 2:
        return None, []
    keys = [g.key for g in model.groups]
    values = np.array([[r.groups[k] for k in keys] for r in ranked])
    se = np.array([[outcome.group_se[r.name][k] for k in keys] for r in ranked])
    weights = np.array(model.group_weights())
    names = [r.name for r in ranked]
    sensitivity = simulate(values, weights, names, draws=draws, concentration=session.concentration,
                           group_se=se, top_k=min(session.top_k, len(ranked)))
    return sensitivity, smallest_swaps(values, weights, names)
