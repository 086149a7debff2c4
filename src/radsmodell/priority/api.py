"""JSON API of the prioritisation: a session's results, as the session page shows them."""
from typing import Literal

from ninja import Router, Schema
from ninja.errors import HttpError

from radsmodell.core.api import api_enum
from radsmodell.core.provenance import cite

from . import selectors
from .models import ScoringSession
from .tables import result_rows

router = Router(tags=["Prioritering"])

SessionStatus = api_enum("SessionStatus", ScoringSession.Status)


class ResultOut(Schema):
    name: str
    score: float | None
    rank: int | None
    status: Literal["ranked", "insufficient_data", "outside_ranking"]
    missing_groups: list[str]
    missing: list[str]  # where the value was lost: the keys of groups (or questions) without a value
    outside_ranking: str  # why a measure is scored but not ranked; "" when it is ranked
    groups: dict[str, float | None]


class SessionResultsOut(Schema):
    id: int
    title: str
    model: str
    status: SessionStatus
    tie_break: list[str]
    tie_break_assumption: str  # why the tie-break is assumed; "" when the source states it
    source: str  # the public reference to where the scores come from
    case_assumption: str  # why the session is linked to its case; "" when the source says so
    results: list[ResultOut]
    warnings: list[str]


@router.get("/priority/sessions/{session_id}/results", response=SessionResultsOut,
            summary="Scores and ranks of a scoring session, best first")
def session_results(request, session_id: int):
    session = selectors.get_session(request.user, session_id)
    if not selectors.results_visible(request.user, session):  # raters scoring themselves: not until closing
        raise HttpError(403, selectors.result_refusal(session))
    model = session.scoring_model.engine
    outcome = selectors.session_results(session)
    group_keys = [g.key for g in model.groups]
    rows = [{**row, "groups": {k: row[k] for k in group_keys}} for row in result_rows(model, outcome.results)]
    return {"id": session.pk, "title": session.title, "model": session.scoring_model.slug,
            "status": SessionStatus.of(session.status),
            "tie_break": list(model.tie_break), "tie_break_assumption": session.scoring_model.assumption,
            "source": cite(session.source), "case_assumption": session.assumption if session.case_id else "",
            "results": rows, "warnings": outcome.warnings}
