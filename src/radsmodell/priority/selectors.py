"""Reads of the prioritisation: sessions as each role may see them, and their results."""
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Q
from django.http import Http404
from django.utils.translation import gettext as _

from radsmodell.core.numbers import number
from radsmodell.core.roles import can_see_drafts, is_secretariat

from .disagreement import Disagreement, disagreement
from .engine import Result, combine, combine_raters, rank, score
from .figures import Comparison, compare
from .models import PrintedFigure, Rater, Score, ScoringSession
from .sensitivity import Sensitivity, Swap, fingerprint


def sessions_for(user):
    """Members and the secretariat see every session; others the closed ones and those they are invited to score."""
    sessions = ScoringSession.objects.select_related("scoring_model", "case__body", "case__meeting__body")
    if can_see_drafts(user):
        return sessions
    closed = Q(status=ScoringSession.Status.CLOSED)
    if user.is_authenticated:
        closed |= Q(pk__in=Rater.objects.filter(user=user).values("session"))
    return sessions.filter(closed)


def results_visible(user, session: ScoringSession) -> bool:
    """The combined result of an open session is a draft for members; of an open session where the
    raters score themselves, for the secretariat only (a rater is not swayed by the others)."""
    if not session.is_open or is_secretariat(user):
        return True
    return can_see_drafts(user) and not session.self_scoring


def sessions_with_results_for(user):
    """The sessions whose combined result the user may see (`results_visible` as a query)."""
    sessions = sessions_for(user)
    if is_secretariat(user):
        return sessions
    if can_see_drafts(user):
        return sessions.exclude(status=ScoringSession.Status.OPEN, self_scoring=True)
    return sessions.filter(status=ScoringSession.Status.CLOSED)


def result_refusal(session: ScoringSession) -> str:
    return _("Det samlede resultatet av «%(title)s» vises når sekretariatet har avsluttet scoringen.") % {
        "title": session.title}


def may_read_sheet(user, rater: Rater) -> bool:
    """A rater reads their own sheet, the secretariat every sheet; members read the others' sheets
    of a closed session, and of an open one unless the raters score themselves."""
    if is_secretariat(user) or (rater.user_id is not None and rater.user_id == user.pk):
        return True
    return can_see_drafts(user) and (not rater.session.is_open or not rater.session.self_scoring)


def may_fill_in(user, rater: Rater) -> bool:
    """Whose hand fills in a sheet: a user's sheet in a self-scoring session is theirs alone; any
    other sheet the secretariat types, and a user their own."""
    own = rater.user_id is not None and rater.user_id == user.pk
    if rater.user_id is not None and rater.session.self_scoring:
        return own
    return own or is_secretariat(user)


def sheet_refusal(rater: Rater) -> str:
    return _("Arket til %(name)s vises for andre enn sekretariatet først når scoringen er avsluttet.") % {
        "name": rater.name}


def own_rater(user, session_id: int) -> Rater | None:
    """The user's sheet in the session, if they are a rater in it."""
    if not user.is_authenticated:
        return None
    return Rater.objects.select_related("session__scoring_model").filter(session_id=session_id, user=user).first()


def counted_raters(session: ScoringSession):
    """The sheets the result is built from. Where the raters score themselves, a user's sheet counts
    once delivered; a sheet without a user (typed or imported by the secretariat) always counts."""
    raters = session.raters.all()
    if session.self_scoring:
        raters = raters.filter(Q(user__isnull=True) | Q(submitted_at__isnull=False))
    return raters


@dataclass
class SheetProgress:
    rater: Rater
    filled: int  # cells with a value
    cells: int  # measures × questions

    @property
    def counted(self) -> bool:
        return self.rater.user_id is None or self.rater.submitted_at is not None


def sheet_progress(session: ScoringSession) -> list[SheetProgress]:
    """Each sheet of the session: who, how many cells are filled in, delivered or not."""
    cells = session.measures.count() * len(session.scoring_model.engine.leaf_keys())
    raters = session.raters.select_related("user").annotate(
        filled=Count("scores", filter=Q(scores__value__isnull=False)))
    return [SheetProgress(rater, rater.filled, cells) for rater in raters]


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
    for cell in Score.objects.filter(measure__session=session, rater__in=counted_raters(session)).select_related(
            "measure", "rater"):
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
    return SessionResults(rank(model, results), warnings, counted_raters(session).count(), dict(group_se), combined)


def session_disagreement(session: ScoringSession) -> Disagreement:
    """Where the counted sheets differ (priority/disagreement.py)."""
    sheets: dict[str, dict[str, dict]] = {rater.name: {} for rater in counted_raters(session)}
    for cell in Score.objects.filter(measure__session=session, rater__in=counted_raters(session)).select_related(
            "measure", "rater"):
        sheets[cell.rater.name].setdefault(cell.measure.name, {})[cell.question] = cell.value
    measures = list(session.measures.values_list("name", flat=True))
    return disagreement(session.scoring_model.engine, sheets, measures)


def _answers(values, named: bool, decimals: int | None) -> str:
    """"Kari: 4; Ola: 8" for who may read the sheets; the values alone, lowest first, for others."""
    def shown(value: float) -> str:
        return number(value, decimals) if decimals is not None else f"{value:g}".replace(".", ",")

    if named:
        return "; ".join(f"{rater}: {shown(value)}" for rater, value in values)
    return "; ".join(shown(value) for value in sorted(value for _rater, value in values))


def disagreement_view(session: ScoringSession, user) -> dict | None:
    """The session page's disagreement tables; None with fewer than two counted sheets. The raters
    are named to those who may read the sheets of a closed session (members and the secretariat)."""
    found = session_disagreement(session)
    if found.raters < 2:
        return None
    named = can_see_drafts(user)
    labels = {leaf.key: leaf.label for leaf in session.scoring_model.engine.leaves()}

    def row(spread, decimals=None) -> dict:
        return {"measure": spread.measure, "key": spread.question, "label": labels.get(spread.question, ""),
                "n": spread.n, "sd": spread.sd, "range": spread.range,
                "values": _answers(spread.values, named, decimals)}

    return {
        "raters": found.raters, "named": named,
        "measures": [row(s, 1) for s in found.by_measure],
        "questions": [{"key": q.question, "label": labels[q.question], "mean_sd": q.mean_sd,
                       "largest_range": q.largest_range, "measures": q.measures} for q in found.by_question],
        "cells": [row(s) for s in found.by_cell],
    }


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
