"""Scoring sessions: the council's 2022 session in the demo, raters' sheets, results and exports."""
import io

import numpy as np
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from radsmodell.priority import selectors, services
from radsmodell.priority.models import Score, ScoringModel, ScoringSession
from radsmodell.priority.sensitivity import simulate, smallest_swaps


@pytest.fixture
def council_session(demo):
    return ScoringSession.objects.get(title="Tiltak for 2023 – prioritering")


def text(response) -> str:
    return response.content.decode()


def test_demo_session_shows_the_councils_ranking_to_the_public(client, council_session):
    page = text(client.get(council_session.get_absolute_url()))
    for name, value in [("PLL (pasientens legemiddelliste)", "22,8"), ("Kritisk info hos andre helseaktører", "13,0")]:
        assert name in page and value in page
    assert page.index("Digitale behandlings- og egenbehandlingsplaner (DBEP)") < \
        page.index("Dokumentdeling i legevakt/ØHD")
    assert "for lite data (Nytte)" in page
    assert "Ved lik score går tiltaket med høyest Nytte, så Måloppnåelse først" in page
    assert "«Sjekke med Siri Pernille?» er ikke et tall og regnes som manglende" in page
    assert "Sannsynlighet for topp 5" in page and "Minste vektendring som bytter naboer" in page


def test_open_sessions_are_hidden_from_the_public_and_closed_ones_stay_closed(client, council_session, member):
    open_session = services.create_session("Pågår", council_session.scoring_model, ["A"])
    assert client.get(open_session.get_absolute_url()).status_code == 404
    assert client.get(f"/api/priority/sessions/{open_session.pk}/results").status_code == 404
    client.force_login(member)
    assert client.get(open_session.get_absolute_url()).status_code == 200
    with pytest.raises(ValidationError, match="ny runde"):
        services.set_status(council_session, ScoringSession.Status.OPEN)


def test_bad_model_definitions_and_settings_are_refused_with_a_message(client, secretariat, council_session):
    client.force_login(secretariat)
    for definition in ("root: {key: s, label: S, combine: sum, weights: [x, 1], children: []}",
                       "root: {key: s, label: S, children: abc}",
                       "root: {key: s, label: S, combine: sum, weights: [0, 1], "
                       "children: [{key: a, label: A}, {key: b, label: B}]}",
                       "root: {key: s, label: S, combine: sum, children: [{key: name, label: A}]}",
                       "tie_break: NM\nroot: {key: s, label: S, combine: sum, children: [{key: a, label: A}]}"):
        response = client.post("/prioritering/modeller/ny/", {"model-slug": "x", "model-name": "X",
                                                              "model-definition": definition})
        assert response.status_code == 400, definition
    assert not ScoringModel.objects.filter(slug="x").exists()
    # An open session: a closed one refuses any settings (tests/test_frozen_records.py).
    session = services.create_session("Åpen", council_session.scoring_model, ["A", "B"])
    response = client.post(f"/prioritering/{session.pk}/folsomhet/", {"sens-concentration": "1e27",
                                                                     "sens-top_k": "2"})
    assert response.status_code == 400
    assert client.get(session.get_absolute_url()).status_code == 200


def test_api_gives_the_results_best_first(client, council_session):
    data = client.get(f"/api/priority/sessions/{council_session.pk}/results").json()
    assert data["model"] == "ehelseraad-2022" and data["tie_break"] == ["N", "M"]
    assert [r["rank"] for r in data["results"][:11]] == list(range(1, 12))
    assert data["results"][0]["groups"] == {"M": 9.0, "K": 6.25, "N": 7.5}
    assert data["results"][-1]["status"] == "insufficient_data"


def test_two_raters_are_averaged_per_question(secretariat):
    services.ensure_builtin_models()
    session = services.create_session("Test", ScoringModel.objects.get(slug="ehelseraad-2022"), ["A", "B"])
    a, b = session.measures.all()
    for name, value in (("Rater 1", "4"), ("Rater 2", "8")):
        rater = services.add_rater(session, name)
        services.record_scores(rater, {(m.pk, q): (value if m == a else "5", "") for m in (a, b)
                                       for q in session.scoring_model.engine.leaf_keys()})
    outcome = selectors.session_results(session)
    first = next(r for r in outcome.results if r.name == "A")
    assert first.groups["M"] == 6 and first.score == 18
    assert outcome.group_se["A"]["M"] == pytest.approx(2.0)  # sd 2.83 / sqrt(2)


def test_a_bad_cell_saves_nothing_and_names_the_cell(secretariat):
    services.ensure_builtin_models()
    session = services.create_session("Test", ScoringModel.objects.get(slug="ehelseraad-2022"), ["A"])
    measure = session.measures.get()
    rater = services.add_rater(session, "Rater")
    with pytest.raises(ValidationError) as error:
        services.record_scores(rater, {(measure.pk, "Q1"): ("7", ""), (measure.pk, "Q2"): ("11", "")})
    assert f"m{measure.pk}-Q2" in error.value.message_dict
    assert "11 er utenfor skalaen 0–10" in error.value.message_dict[f"m{measure.pk}-Q2"][0]
    assert not rater.scores.exists()


def test_scoring_sheet_page_refuses_text_and_keeps_what_was_typed(client, secretariat):
    services.ensure_builtin_models()
    session = services.create_session("Test", ScoringModel.objects.get(slug="ehelseraad-2022"), ["A"])
    measure = session.measures.get()
    rater = services.add_rater(session, "Rater")
    client.force_login(secretariat)
    url = f"/prioritering/{session.pk}/vurdering/{rater.pk}/"
    response = client.post(url, {f"m{measure.pk}-Q1": "sju", f"m{measure.pk}-Q2": "8"})
    assert response.status_code == 400 and "A, Q1: «sju» er ikke et tall." in text(response)
    assert 'value="8"' in text(response) and not rater.scores.exists()
    response = client.post(url, {f"m{measure.pk}-Q1": "7,5", f"m{measure.pk}-Q1-comment": "usikkert"})
    assert response.status_code == 302
    assert rater.scores.get(question="Q1").value == 7.5 and rater.scores.get(question="Q1").comment == "usikkert"


def test_member_cannot_fill_in_another_raters_sheet(client, member, secretariat):
    services.ensure_builtin_models()
    session = services.create_session("Test", ScoringModel.objects.get(slug="ehelseraad-2022"), ["A"])
    rater = services.add_rater(session, "Noen andre", user=secretariat)
    client.force_login(member)
    url = f"/prioritering/{session.pk}/vurdering/{rater.pk}/"
    assert client.get(url).status_code == 200 and "Lagre scorene" not in text(client.get(url))
    assert client.post(url, {}).status_code == 403


def test_results_export_as_csv_and_xlsx(client, council_session):
    csv_text = text(client.get(f"/prioritering/{council_session.pk}/resultat.csv"))
    assert csv_text.splitlines()[1].startswith("1,PLL (pasientens legemiddelliste),9.0,6.25,7.5,22.75")
    response = client.get(f"/prioritering/{council_session.pk}/resultat.xlsx")
    sheet = load_workbook(io.BytesIO(response.content))["Resultat"]
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names[0] == "PLL (pasientens legemiddelliste)" and names[5].startswith("Digitale behandlings")


def test_secretariat_creates_a_session_from_a_csv(client, secretariat):
    from django.core.files.uploadedfile import SimpleUploadedFile

    services.ensure_builtin_models()
    client.force_login(secretariat)
    csv_file = SimpleUploadedFile("scores.csv", b"name,Q1,Q2,C1,C2,C3,C4,P1,P2,H1,H2,I\nA,1,2,3,4,5,6,7,8,9,10,1\n")
    response = client.post("/prioritering/ny/", {
        "session-title": "Ny runde", "session-scoring_model": ScoringModel.objects.get().pk,
        "session-upload": csv_file, "session-rater": "Fagutvalget"})
    assert response.status_code == 302
    session = ScoringSession.objects.get(title="Ny runde")
    assert session.raters.get().name == "Fagutvalget" and session.measures.get().name == "A"
    bad = SimpleUploadedFile("bad.csv", b"name,Q1,Q2,C1,C2,C3,C4,P1,P2,H1,H2,I\nB,1,2,3,4,5,6,7,8,9,10,11\n")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post("/prioritering/ny/", {
        "session-title": "Feil", "session-scoring_model": ScoringModel.objects.get().pk, "session-upload": bad})
    assert response.status_code == 400 and "bad.csv: line 2, column I" in text(response)
    assert not ScoringSession.objects.filter(title="Feil").exists()


def test_model_page_shows_the_tree_with_effective_weights(client, demo):
    services.ensure_builtin_models()
    page = text(client.get("/prioritering/modeller/ehelseraad-2022/"))
    assert "C1: I hvor stor grad er tiltaket teknisk komplekst?" in page
    assert "10 lite komplekst – 0 ekstremt komplekst" in page
    assert "0,250" in page and "0,167" in page and "0,333" in page and "0,500" in page


def test_secretariat_defines_a_weighted_model_and_bad_definitions_are_refused(client, secretariat):
    client.force_login(secretariat)
    definition = """
tie_break: [G]
root:
  key: score
  label: Score
  combine: sum
  weights: [2, 1]
  children:
    - {key: G, label: Gevinst, combine: mean, children: [{key: G1, label: Gevinst for pasienten}]}
    - {key: R, label: Risiko, combine: mean, children: [{key: R1, label: Risiko, higher_is_better: false}]}
"""
    response = client.post("/prioritering/modeller/ny/", {"model-slug": "enkel", "model-name": "Enkel",
                                                          "model-definition": definition})
    assert response.status_code == 302
    model = ScoringModel.objects.get(slug="enkel").engine
    assert model.group_weights() == (2.0, 1.0) and model.leaves()[1].higher_is_better is False
    response = client.post("/prioritering/modeller/ny/", {
        "model-slug": "feil", "model-name": "Feil", "model-definition": "root: {key: x, label: X, combine: median}"})
    assert response.status_code == 400 and "unknown combine rule" in text(response)
    response = client.post("/prioritering/modeller/ny/", {"model-slug": "feil", "model-name": "Feil",
                                                          "model-definition": "root: [unclosed"})
    assert response.status_code == 400 and "ikke gyldig YAML" in text(response)
    assert not ScoringModel.objects.filter(slug="feil").exists()


def test_a_session_scores_initiatives_chosen_from_the_portfolio(client, secretariat):
    from radsmodell.portfolio.models import Initiative

    services.ensure_builtin_models()
    client.force_login(secretariat)
    pll, dbep = Initiative.objects.get(slug="pll"), Initiative.objects.get(slug="dbep")
    response = client.post("/prioritering/ny/", {
        "session-title": "Runde 2027", "session-scoring_model": ScoringModel.objects.get().pk,
        "session-initiatives": [pll.pk, dbep.pk], "session-measures": "Nytt tiltak"})
    assert response.status_code == 302
    session = ScoringSession.objects.get(title="Runde 2027")
    assert {m.name: m.initiative for m in session.measures.all()} == {
        "Nytt tiltak": None, pll.name: pll, dbep.name: dbep}


def test_secretariat_adds_and_removes_measures_and_raters_while_the_session_is_open(client, secretariat):
    services.ensure_builtin_models()
    session = services.create_session("Test", ScoringModel.objects.get(slug="ehelseraad-2022"), ["A", "B"])
    rater = services.add_rater(session, "Rater 1")
    services.record_scores(rater, {(m.pk, q): ("5", "") for m in session.measures.all()
                                   for q in session.scoring_model.engine.leaf_keys()})
    client.force_login(secretariat)
    url = f"/prioritering/{session.pk}/"
    duplicate = client.post(url + "tiltak/", {"measure-name": "A"})
    assert duplicate.status_code == 400 and "allerede med i runden" in duplicate.content.decode()
    client.post(url + "tiltak/", {"measure-name": "C"})
    assert [m.name for m in session.measures.all()] == ["A", "B", "C"]
    b = session.measures.get(name="B")
    client.post(url + f"tiltak/{b.pk}/fjern/")
    assert [m.name for m in session.measures.all()] == ["A", "C"]
    assert rater.scores.filter(measure__name="B").count() == 0
    assert [r.name for r in selectors.session_results(session).results if r.rank] == ["A"]  # C has no scores yet
    client.post(url + f"vurderer/{rater.pk}/fjern/")
    assert not session.raters.exists()
    services.set_status(session, "closed")
    client.post(url + "tiltak/", {"measure-name": "D"})
    assert not session.measures.filter(name="D").exists()


def test_members_cannot_change_the_measures_of_a_session(client, member, secretariat):
    services.ensure_builtin_models()
    session = services.create_session("Test", ScoringModel.objects.get(slug="ehelseraad-2022"), ["A", "B"])
    client.force_login(member)
    assert client.post(f"/prioritering/{session.pk}/tiltak/", {"measure-name": "C"}).status_code == 403
    a = session.measures.get(name="A")
    assert client.post(f"/prioritering/{session.pk}/tiltak/{a.pk}/fjern/").status_code == 403
    assert session.measures.count() == 2


def test_a_measure_named_twice_is_refused_and_named_once_in_the_message(db):
    services.ensure_builtin_models()
    with pytest.raises(ValidationError, match=r"Tiltaket står flere ganger: A, B\."):
        services.create_session("Test", ScoringModel.objects.get(slug="ehelseraad-2022"),
                                ["B", "A", "B", "A", "A", "C"])


# The sensitivity is drawn when its inputs change and stored; pages read it.

def drawn_as_before(session: ScoringSession) -> tuple[list, list]:
    """What the page drew on every load before the result was stored: 20 000 draws, simulate's default seed."""
    model = session.scoring_model.engine
    outcome = selectors.session_results(session)
    ranked = [r for r in outcome.results if r.rank]
    keys = [g.key for g in model.groups]
    values = np.array([[r.groups[k] for k in keys] for r in ranked])
    se = np.array([[outcome.group_se[r.name][k] for k in keys] for r in ranked])
    weights, names = np.array(model.group_weights()), [r.name for r in ranked]
    sensitivity = simulate(values, weights, names, draws=20_000, concentration=session.concentration, group_se=se,
                           top_k=min(session.top_k, len(ranked)))
    return as_rows(sensitivity, smallest_swaps(values, weights, names))


def as_rows(sensitivity, swaps) -> tuple[list, list]:
    return ([(name, p, low, high) for name, p, low, high
             in zip(sensitivity.names, sensitivity.p_top_k, sensitivity.rank_low, sensitivity.rank_high)],
            [(s.upper, s.lower, s.shift) for s in swaps])


def shown(response) -> tuple[list, list]:
    """The sensitivity and swap rows the session page was rendered with."""
    assert response.status_code == 200
    return ([(row["name"], row["p"], row["low"], row["high"]) for row in response.context["sensitivity"]],
            [(s["upper"], s["lower"], s["shift"]) for s in response.context["swaps"]])


@pytest.fixture
def draws(monkeypatch) -> list:
    """Every Monte Carlo run the services make, recorded."""
    runs = []

    def recorded(*args, **kwargs):
        runs.append(kwargs)
        return simulate(*args, **kwargs)

    monkeypatch.setattr(services, "simulate", recorded)
    return runs


def scored_session() -> ScoringSession:
    """An open session: three measures scored by two raters who disagree."""
    services.ensure_builtin_models()
    session = services.create_session("Test", ScoringModel.objects.get(slug="ehelseraad-2022"), ["A", "B", "C"])
    keys = session.scoring_model.engine.leaf_keys()
    for name, base in (("Rater 1", 3), ("Rater 2", 6)):
        rater = services.add_rater(session, name)
        services.record_scores(rater, {(m.pk, q): (str(base + i), "") for i, m in enumerate(session.measures.all())
                                       for q in keys})
    return session


def test_the_page_and_the_export_show_the_stored_sensitivity_without_drawing(client, council_session, monkeypatch):
    expected = drawn_as_before(council_session)

    def fail(*args, **kwargs):
        raise AssertionError("the sensitivity was drawn on a page load")

    monkeypatch.setattr(services, "simulate", fail)
    assert shown(client.get(council_session.get_absolute_url())) == expected
    workbook = client.get(f"/prioritering/{council_session.pk}/resultat.xlsx").content
    sheet = load_workbook(io.BytesIO(workbook))["Følsomhet"]
    assert list(sheet.iter_rows(min_row=2, values_only=True)) == [
        (name, pytest.approx(float(p)), int(low), int(high)) for name, p, low, high in expected[0]]


def test_a_score_change_draws_the_sensitivity_once_and_stores_it(client, secretariat, draws):
    session = scored_session()
    session.refresh_from_db()
    before, history = session.sensitivity, session.history.count()
    assert len(draws) == 2  # one per rater's sheet; adding the second rater changed nothing drawn
    client.force_login(secretariat)
    assert shown(client.get(session.get_absolute_url())) == drawn_as_before(session) and len(draws) == 2

    rater, a = session.raters.get(name="Rater 2"), session.measures.get(name="A")
    services.record_scores(rater, {(a.pk, "Q1"): ("10", "")})
    session.refresh_from_db()
    assert len(draws) == 3 and session.sensitivity["fingerprint"] != before["fingerprint"]
    assert as_rows(*selectors.stored_sensitivity(session.sensitivity)) == drawn_as_before(session) != \
        as_rows(*selectors.stored_sensitivity(before))
    assert shown(client.get(session.get_absolute_url())) == drawn_as_before(session) and len(draws) == 3

    services.add_rater(session, "Rater 3")  # no scores yet: nothing to draw again
    assert len(draws) == 3
    services.update_sensitivity_settings(session, 20, 2)
    assert len(draws) == 4 and draws[-1]["concentration"] == 20 and draws[-1]["top_k"] == 2
    services.update_sensitivity_settings(session, 20, 2)
    assert len(draws) == 4
    assert shown(client.get(session.get_absolute_url())) == drawn_as_before(session) and len(draws) == 4
    assert session.history.count() == history + 2  # the two settings changes; a stored result is no change


def test_a_closed_session_keeps_its_stored_result_and_an_open_one_follows_its_scores(client, secretariat,
                                                                                      council_session, draws):
    stored = drawn_as_before(council_session)
    open_session = scored_session()
    runs = len(draws)
    # Scores changed past the services (a database fix, an old import).
    Score.objects.filter(measure__session__in=[council_session, open_session], question="Q1").update(value=0)
    client.force_login(secretariat)
    assert shown(client.get(council_session.get_absolute_url())) == stored != drawn_as_before(council_session)
    assert len(draws) == runs
    assert shown(client.get(open_session.get_absolute_url())) == drawn_as_before(open_session)
    assert len(draws) == runs + 1


def test_a_session_from_before_the_result_was_stored_draws_it_on_the_first_view(client, council_session, draws):
    ScoringSession.objects.filter(pk=council_session.pk).update(sensitivity=None)
    url = council_session.get_absolute_url()
    assert shown(client.get(url)) == drawn_as_before(council_session) and len(draws) == 1
    assert shown(client.get(url)) == drawn_as_before(council_session) and len(draws) == 1


def test_an_upload_names_every_bad_row_and_saves_nothing(client, secretariat):
    from django.core.files.uploadedfile import SimpleUploadedFile

    services.ensure_builtin_models()
    client.force_login(secretariat)
    rows = ["name;Q1;Q2;C1;C2;C3;C4;P1;P2;H1;H2;I", "A;7,5;1;1;1;1;1;1;1;1;1;11", "B;12;1;1;1;1;1;1;1;1;1;1"]
    bad = SimpleUploadedFile("scores.csv", "\n".join(rows).encode("cp1252"))
    response = client.post("/prioritering/ny/", {
        "session-title": "Feil", "session-scoring_model": ScoringModel.objects.get().pk, "session-upload": bad})
    assert response.status_code == 400
    assert "scores.csv: linje 2, kolonne I: A: I = 11 er utenfor skalaen 0–10" in text(response)
    assert "scores.csv: linje 3, kolonne Q1: B: Q1 = 12 er utenfor skalaen 0–10" in text(response)
    assert not ScoringSession.objects.filter(title="Feil").exists()


def test_an_upload_from_norwegian_excel_is_read(client, secretariat):
    from django.core.files.uploadedfile import SimpleUploadedFile

    services.ensure_builtin_models()
    client.force_login(secretariat)
    rows = ["name;Q1;Q2;C1;C2;C3;C4;P1;P2;H1;H2;I", "Dokumentdeling i legevakt/ØHD;7,5;8;1;1;1;1;1;1;1;1;1"]
    upload = SimpleUploadedFile("scores.csv", "\n".join(rows).encode("cp1252"))
    response = client.post("/prioritering/ny/", {
        "session-title": "Fra Excel", "session-scoring_model": ScoringModel.objects.get().pk, "session-upload": upload})
    assert response.status_code == 302
    score = Score.objects.get(measure__session__title="Fra Excel", question="Q1")
    assert (score.measure.name, score.value) == ("Dokumentdeling i legevakt/ØHD", 7.5)


def test_a_workbook_upload_is_known_by_its_content_and_its_errors_name_sheet_and_cell(client, secretariat):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from test_priority_workbook import one_measure_workbook

    services.ensure_builtin_models()
    client.force_login(secretariat)
    model = ScoringModel.objects.get().pk
    upload = SimpleUploadedFile("fra-e-post", one_measure_workbook(name="DBEP").getvalue())
    response = client.post("/prioritering/ny/", {
        "session-title": "Arbeidsbok", "session-scoring_model": model, "session-upload": upload})
    assert response.status_code == 302
    assert ScoringSession.objects.get(title="Arbeidsbok").measures.get().name == "DBEP"
    bad = SimpleUploadedFile("feil.xlsx", one_measure_workbook(Q2=12, C1=11).getvalue())
    response = client.post("/prioritering/ny/", {
        "session-title": "Feil", "session-scoring_model": model, "session-upload": bad})
    assert response.status_code == 400
    assert "feil.xlsx: ark «DBEP», celle C5: Tiltak: Q2 = 12 er utenfor skalaen 0–10" in text(response)
    assert "feil.xlsx: ark «DBEP», celle C7: Tiltak: C1 = 11 er utenfor skalaen 0–10" in text(response)
    assert not ScoringSession.objects.filter(title="Feil").exists()


def test_score_and_settings_changes_show_in_the_change_log(client, secretariat):
    services.ensure_builtin_models()
    session = services.create_session("Runde 2026", ScoringModel.objects.get(slug="ehelseraad-2022"), ["PLL"])
    rater, measure = services.add_rater(session, "Fagutvalget"), session.measures.get()
    client.force_login(secretariat)
    sheet = f"/prioritering/{session.pk}/vurdering/{rater.pk}/"
    for value in ("7", "8"):
        assert client.post(sheet, {f"m{measure.pk}-C3": value}).status_code == 302
    client.post(f"/prioritering/{session.pk}/folsomhet/", {"sens-concentration": "50", "sens-top_k": "1"})
    page = text(client.get("/endringslogg/?app=priority"))
    assert "Endret: Score «Runde 2026: PLL, C3 (Fagutvalget)»" in page and "Score: «7.0» → «8.0»" in page
    assert "Endret: Scoringsrunde «Runde 2026»" in page and "Sikkerhet i vektene: «100.0» → «50.0»" in page
    assert "Opprettet: Tiltak i runde «Runde 2026: PLL»" in page


def test_a_session_whose_scores_are_refused_is_not_created_at_all(db):
    """Measures and the file's scores go in together or not at all."""
    services.ensure_builtin_models()
    model = ScoringModel.objects.get(slug="ehelseraad-2022")
    scores = {"A": [dict.fromkeys(model.engine.leaf_keys(), 5.0)]}
    with pytest.raises(ValidationError):
        services.create_session("Runde", model, ["A"], scores=scores, rater_name="")  # a sheet needs a rater
    assert not ScoringSession.objects.filter(title="Runde").exists()
