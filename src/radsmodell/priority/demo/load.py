"""Load the prioritisation of Nasjonalt e-helseråd 5/22 (seed 002) as a closed scoring session.

`ehelseraad-2022.yaml` says what the session is (checked by schema.py); the answers of the
measures the council ranked are the CSV it names, read by the same reader as an upload or
`radsmodell prioritize --input`, so the demo proves the importer too. The figures the
workbook's sheets print are kept beside the model's (PrintedFigure), never in their place.
"""
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from radsmodell.core.demo import Place, read, refusal
from radsmodell.council.models import Case
from radsmodell.portfolio.models import Initiative

from .. import services
from ..models import ScoringModel, ScoringSession
from ..tables import read_scores_csv
from .schema import Session

HERE = Path(__file__).resolve().parent
DEMO_FILE = HERE / "ehelseraad-2022.yaml"
DEMO_CSV = HERE / "ehelseraad-2022.csv"


@dataclass(frozen=True)
class _Figure:
    sheet: str
    measure: str
    what: str
    printed: str
    source: str


def demo_loaded() -> bool:
    return ScoringSession.objects.filter(source=read(DEMO_FILE, Session).source).exists()


def _case(place: Place, key: str) -> Case | None:
    if not key:
        return None
    body, year, number = key.split("/")
    case = Case.objects.filter(body__slug=body, year=int(year), number=int(number)).first()
    if case is None:
        place.fail(f"no case {key}")
    return case


@transaction.atomic
def load_demo() -> dict[str, int]:
    data = read(DEMO_FILE, Session)
    place = Place(DEMO_FILE.name)
    services.ensure_builtin_models()
    scoring_model = ScoringModel.objects.filter(slug=data.model).first()
    if scoring_model is None:
        place.at("model").fail(f"no scoring model {data.model}")
    model = scoring_model.engine
    measures, warnings = read_scores_csv((HERE / data.scores).read_bytes(), model, data.scores)
    keys = set(model.leaf_keys())
    for index, outside in enumerate(data.outside_ranking):
        unknown = sorted(set(outside.scores) - keys)
        if unknown:
            place.at("outside_ranking").at(index).at("scores").fail(f"unknown questions {', '.join(unknown)}")
        if outside.name in measures:
            place.at("outside_ranking").at(index).at("name").fail(f"«{outside.name}» is in {data.scores} too")
        measures[outside.name] = [{key: outside.scores.get(key) for key in model.leaf_keys()}]
    try:
        session = services.create_session(
            data.title, scoring_model, list(measures), case=_case(place.at("case"), data.case), source=data.source,
            scores=measures, rater_name=data.rater, raw_text={(w.measure, w.column): w.text for w in warnings},
            assumption=data.assumption, outside={o.name: o.reason for o in data.outside_ranking})
    except ValidationError as error:
        refusal(place, error)
    figures = []
    for sheet in data.printed:
        for figure in sheet.figures:
            note = sheet.source + (f", står som «{figure.printed_as}»" if figure.printed_as else "")
            figures += [_Figure(sheet.sheet, figure.measure, what, printed, note)
                        for what, printed in (("score", figure.score), ("rank", figure.rank)) if printed]
    unmatched = services.record_printed_figures(session, figures)
    if unmatched:
        place.at("printed").fail(f"not measures of the session: {', '.join(unmatched)}")
    _tie_to_initiatives(session, data.initiatives, place.at("initiatives"))
    services.set_status(session, data.status)
    invited = _self_scoring_demo(scoring_model)
    return {"scoring sessions": 2, "measures": len(measures), "printed figures": len(figures),
            "measures tied to initiatives": len(data.initiatives), "invited raters": invited}


# Not from a seed: an open session where the members score themselves, so that the demo member
# has a sheet to fill in. The measures are three of the council's 2022 ranking. Made after the
# 2022 session: the demo links name that one as the first session of the model.
SELF_SCORING_DEMO = {
    "title": "Egenscoring (demo): tre tiltak fra 2022",
    "measures": ["PLL (pasientens legemiddelliste)", "Generisk datadelingstjeneste", "Dokumentdeling fastleger"],
    "invited": ["medlem"],  # council.demo.load.DEMO_USERS
    "assumption": "Demodata, ikke fra kildene: ingen av dem beskriver en runde der medlemmene scorer selv. "
                  "Runden viser hvordan det virker, med tre av tiltakene fra rådets prioritering i 2022.",
}


def _self_scoring_demo(scoring_model: ScoringModel) -> int:
    session = services.create_session(
        SELF_SCORING_DEMO["title"], scoring_model, SELF_SCORING_DEMO["measures"],
        assumption=SELF_SCORING_DEMO["assumption"], self_scoring=True)
    users = list(User.objects.filter(username__in=SELF_SCORING_DEMO["invited"]))
    return len(services.invite_raters(session, users)) if users else 0


def _tie_to_initiatives(session, slugs: dict[str, str], place: Place) -> None:
    for name, slug in slugs.items():
        initiative = Initiative.objects.filter(slug=slug).first()
        if initiative is None:
            place.at(name).fail(f"no initiative {slug}")
        if not session.measures.filter(name=name).update(initiative=initiative):
            place.at(name).fail("not a measure of the session")
