"""The prioritisation's pages read in a fixed number of queries, however many rows they show."""
import itertools

import pytest
from querycount import assert_queries_constant

from radsmodell.council.models import Case
from radsmodell.portfolio.models import Initiative
from radsmodell.priority import services
from radsmodell.priority.models import Measure, Rater, Score, ScoringModel, ScoringSession

counter = itertools.count()


@pytest.fixture
def council_model(db) -> ScoringModel:
    services.ensure_builtin_models()
    return ScoringModel.objects.get(slug="ehelseraad-2022")


def test_the_sessions_page(client, secretariat, council_model):
    case = Case.objects.filter(meeting__isnull=False).first()

    def add_rows(n):
        ScoringSession.objects.bulk_create(
            ScoringSession(title=f"Runde {next(counter)}", scoring_model=council_model, case=case,
                           status=ScoringSession.Status.CLOSED if i % 2 else ScoringSession.Status.OPEN)
            for i in range(n))

    client.force_login(secretariat)
    assert_queries_constant(client, "/prioritering/", add_rows)
    assert_queries_constant(client, "/prioritering/?side=2", add_rows)


def test_the_sessions_page_shows_50_sessions_a_page(client, council_model):
    ScoringSession.objects.bulk_create(
        ScoringSession(title=f"Runde {i:03}", scoring_model=council_model, status=ScoringSession.Status.CLOSED)
        for i in range(60))
    first = client.get("/prioritering/").content.decode()
    assert first.count("Runde 0") == 50 and "side=2" in first
    second = client.get("/prioritering/?side=2").content.decode()
    assert second.count("Runde 0") == 10 and "2 / 2" in second


def test_the_models_page(client, secretariat, council_model):
    def add_rows(n):
        ScoringModel.objects.bulk_create(
            ScoringModel(slug=f"modell-{next(counter)}", name="Modell", definition=council_model.definition)
            for _ in range(n))

    client.force_login(secretariat)
    assert_queries_constant(client, "/prioritering/modeller/", add_rows)


def test_a_model_page(client, db):
    root = {"key": "score", "label": "Score", "combine": "sum", "children": [
        {"key": "G", "label": "Gevinst", "combine": "mean", "children": []}]}
    scoring_model = ScoringModel.objects.create(slug="mange", name="Mange spørsmål", definition={"root": root})

    def add_rows(n):
        questions = root["children"][0]["children"]
        questions += [{"key": f"Q{len(questions) + i}", "label": "Spørsmål"} for i in range(n)]
        ScoringModel.objects.filter(pk=scoring_model.pk).update(definition={"root": root})

    assert_queries_constant(client, "/prioritering/modeller/mange/", add_rows)


def open_session(scoring_model: ScoringModel, raters: int = 2) -> ScoringSession:
    session = services.create_session("Mange tiltak", scoring_model, ["Første"])
    for number in range(raters):
        services.add_rater(session, f"Vurderer {number + 1}")
    return session


def add_scored_measures(session: ScoringSession, n: int) -> None:
    """n measures, half of them from the portfolio, every question scored by every rater; then the
    result is stored, as the services do after a change."""
    initiatives = list(Initiative.objects.all()[:5])
    start = session.measures.count()
    measures = Measure.objects.bulk_create(
        Measure(session=session, name=f"Tiltak {start + i}", position=start + i,
                initiative=initiatives[i % len(initiatives)] if i % 2 else None) for i in range(n))
    keys = session.scoring_model.engine.leaf_keys()
    Score.objects.bulk_create(
        Score(rater=rater, measure=measure, question=key, value=(rater.pk + measure.pk + index) % 11,
              raw="tekst" if index == 0 and measure.pk % 7 == 0 else "")
        for rater in session.raters.all() for measure in measures for index, key in enumerate(keys))
    services.refresh_sensitivity(session)


def test_a_session_page(client, secretariat, council_model):
    session = open_session(council_model)
    client.force_login(secretariat)
    assert_queries_constant(client, session.get_absolute_url(), lambda n: add_scored_measures(session, n))


def test_a_scoring_sheet_page(client, secretariat, council_model):
    session = open_session(council_model, raters=1)
    rater = Rater.objects.get(session=session)
    client.force_login(secretariat)
    assert_queries_constant(client, f"/prioritering/{session.pk}/vurdering/{rater.pk}/",
                            lambda n: add_scored_measures(session, n))
