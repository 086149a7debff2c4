"""JSON API of the prioritisation: a session's results, as the session page shows them."""
from ninja import Router, Schema

from . import selectors
from .tables import result_rows

router = Router(tags=["Prioritering"])


class ResultOut(Schema):
    name: str
    score: float | None
    rank: int | None
    status: str
    missing_groups: list[str]
    groups: dict[str, float | None]


class SessionResultsOut(Schema):
    id: int
    title: str
    model: str
    status: str
    tie_break: list[str]
    results: list[ResultOut]
    warnings: list[str]


@router.get("/priority/sessions/{session_id}/results", response=SessionResultsOut,
            summary="Scores and ranks of a scoring session, best first")
def session_results(request, session_id: int):
    session = selectors.get_session(request.user, session_id)
    model = session.scoring_model.engine
    outcome = selectors.session_results(session)
    group_keys = [g.key for g in model.groups]
    rows = [{**row, "groups": {k: row[k] for k in group_keys}} for row in result_rows(model, outcome.results)]
    return {"id": session.pk, "title": session.title, "model": session.scoring_model.slug, "status": session.status,
            "tie_break": list(model.tie_break), "results": rows, "warnings": outcome.warnings}
