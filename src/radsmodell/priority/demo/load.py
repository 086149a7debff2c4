"""Load the prioritisation of Nasjonalt e-helseråd 5/22 (seed 002) as a closed scoring session.

The scores are the CSV beside this module, read by the same reader as an upload or
`radsmodell prioritize --input`, so the demo proves the importer too.
"""
from pathlib import Path

from django.db import transaction

from radsmodell.council.models import Case

from .. import services
from ..models import ScoringModel, ScoringSession
from ..tables import read_scores_csv

SOURCE = "seed 002, arbeidsboken til Nasjonalt e-helseråd 5/22"
DEMO_CSV = Path(__file__).resolve().parent / "ehelseraad-2022.csv"


def demo_loaded() -> bool:
    return ScoringSession.objects.filter(source=SOURCE).exists()


@transaction.atomic
def load_demo() -> dict[str, int]:
    services.ensure_builtin_models()
    scoring_model = ScoringModel.objects.get(slug="ehelseraad-2022")
    measures, warnings = read_scores_csv(DEMO_CSV.read_bytes(), scoring_model.engine, DEMO_CSV.name)
    session = services.create_session(
        "Tiltak for 2023 – prioritering", scoring_model, list(measures),
        case=Case.objects.filter(body__slug="e-helseradet", year=2022, number=35).first(), source=SOURCE,
        scores=measures, rater_name="Nasjonalt e-helseråd (arbeidsboken)",
        raw_text={(w.measure, w.column): w.text for w in warnings},
    )
    services.set_status(session, session.Status.CLOSED)
    return {"scoring sessions": 1, "measures": len(measures)}
