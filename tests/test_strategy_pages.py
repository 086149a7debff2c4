"""The strategy pages and API as a reader and the secretariat use them, on the seed data."""
import re
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from pagewalk import findings, walk
from querycount import assert_queries_constant

from radsmodell.strategy.models import Indicator, Observation

PLL = "/strategi/indikatorer/pll-andel-befolkning/"


def text(response) -> str:
    """The page's words with tags removed and whitespace collapsed (non-breaking spaces kept as spaces)."""
    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body).replace("\u00a0", " "))


def test_dashboard_counts_each_goals_indicators_by_status(client, strategy):
    page = text(client.get("/strategi/"))
    assert "Sammen om helhetlige, trygge og nyskapende tjenester" in page
    # Mål 2 has five indicators: two measured without an ambition, three not measurable yet.
    goal_2 = page[page.index("Mål 2: Enklere arbeidshverdag"):page.index("Mål 3:")]
    assert "5 indikatorer" in goal_2 and "Uten ambisjon 2" in goal_2 and "Ikke målbar ennå 3" in goal_2
    # PLL has the only ambition (25 % in 2026), but the source does not say whether it is for Norway or the trial
    # areas: it cannot be assessed, and is not counted as behind.
    quality = page[page.index("Kvalitet og sammenheng i tjenestene"):page.index("Bærekraftig helse")]
    assert "Kan ikke vurderes (uklar ambisjon) 1" in quality and "Bak planen 0" in quality
    assert "rette linjen fra utgangspunktet til ambisjonen" in page
    # Every indicator once, in every status.
    assert ("27 indikatorer: 0 på rett vei, 0 bak planen, 1 kan ikke vurderes (uklar ambisjon), 5 uten ambisjon, "
            "21 ikke målbar ennå.") in page


def test_the_dashboard_says_the_on_track_rule_is_the_projects_own_method(client, strategy):
    page = text(client.get("/strategi/"))
    rule = page[page.index("Slik vurderes status"):]
    assert "rette linjen fra utgangspunktet til ambisjonen" in rule
    assert "Regelen er Rådsmodells egen metode; kildene fastsetter ingen slik regel." in rule
    assert "ikke vurderes (uklar ambisjon)" in rule
    assert "Kilde: Saksframlegg til NUIT 11. september 2025, sak 26/25" in page  # the strategy and its vision


def test_dashboard_reads_a_fixed_number_of_queries(client, strategy, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get("/strategi/")


def test_goal_page_shows_latest_value_trend_gap_and_status(client, strategy):
    page = text(client.get("/strategi/mal/overordnet-1/"))
    assert ("Pasientens legemiddelliste 1,5 % (oktober 2025, Norge) ↑ +0,2 (opp) 25,0 % i 2026 (område ikke oppgitt) "
            "– Kan ikke vurderes (uklar ambisjon)") in page
    assert "Bak planen" not in page and "prosentpoeng" not in page  # no gap to an ambition that is not the series'
    # The chart's years and the area are not on the card: the latest value says so, with the reason.
    epj = page[page.index("EPJ-system bidrar til pasientarbeid med høy kvalitet 52,0 % (2024, Norge) antatt "
                          "Årstallene i diagrammet kan ikke leses i kilden"):]
    assert "landstall for Norge. ↑ +3,0 (opp) Ikke satt" in epj[:600]


def test_goal_page_lists_the_sub_goals_of_each_year(client, strategy):
    page = text(client.get("/strategi/mal/aktiv-medvirkning/"))
    assert "2025" in page and "2026" in page
    assert "Redusere digitale barrierer (vedtatt, antatt" in page and "Redusere digitale barrierer (foreslått)" in page


def test_an_adopted_2025_sub_goal_is_marked_as_assumed_with_its_reason(client, strategy):
    page = text(client.get("/strategi/mal/aktiv-medvirkning/"))
    adopted = page[page.index("Redusere digitale barrierer (vedtatt"):]
    adopted = adopted[:adopted.index("Innbygger og helsepersonell")]
    assert "antatt" in adopted
    assert "sier ikke at eller når de ble vedtatt" in adopted
    assert "Kilde: Saksframlegg til NUIT 11. september 2025, sak 26/25" in adopted
    proposed = page[page.index("Redusere digitale barrierer (foreslått)"):]
    assert "antatt" not in proposed[:proposed.index("Innbygger og helsepersonell")]  # read: «Forslag til delmål 2026»


def test_indicator_page_has_every_area_in_its_table_and_no_made_up_ambition(client, strategy):
    page = text(client.get(PLL))
    assert "Periode Norge Bergensområdet Helse Nord" in page
    assert "oktober 2025 1,5 % 12,1 % 5,2 %" in page and "april 2025 1,0 % 9,9 % 1,3 %" in page
    assert "Ingen ambisjon satt for 2030; delambisjon 25,0 % i 2026 (område ikke oppgitt)" in page
    assert "Status: Kan ikke vurderes (uklar ambisjon)" in page and "Bak planen" not in page
    assert "Ambisjonen sier ikke hvilket område den gjelder, og indikatoren måles i flere områder." in page
    assert "Forventet verdi på veien" not in page
    assert 'id="indicator-data"' in client.get(PLL).content.decode()  # the chart's data for ECharts


def test_pll_is_judged_once_the_secretariat_ties_its_ambition_to_an_area(client, strategy, secretariat):
    client.force_login(secretariat)
    indicator = Indicator.objects.get(slug="pll-andel-befolkning")
    client.post(PLL + "endre/", _indicator_form(indicator, interim="2026 norge: 25"))
    page = text(client.get(PLL))
    assert "Status: Bak planen" in page and "delambisjon 25,0 % i 2026 (Norge)" in page
    assert "Kan ikke vurderes" not in page[:page.index("Tidsserie")]


def test_indicator_page_marks_what_is_assumed_and_cites_its_source(client, strategy):
    page = text(client.get("/strategi/indikatorer/epj-pasientarbeid-hoy-kvalitet/"))
    # The years of the chart cannot be read: the series is marked under its table, with the reason.
    assert "2024 52,0 % Tallene for Norge: antatt Årstallene i diagrammet kan ikke leses i kilden" in page
    assert "Modenhet Klar antatt Fargekoden for modenhet kan ikke leses i kilden" in page
    assert "Utgangspunkt 2021: 60,0 % antatt Kortet sier at utgangspunktet er målingen i 2021" in page
    assert "Kilde Saksframlegg til NUIT 20. november 2025, sak 40/25" in page
    placed = text(client.get("/strategi/indikatorer/bruk-av-digital-behandling/"))
    assert "Mål 2: Enklere arbeidshverdag antatt Indikatorsettet (v0.7) plasserer den under Mål 2" in placed
    goal = text(client.get("/strategi/mal/enklere-arbeidshverdag/"))
    assert "Bruk av digital behandling (plassering under målet antatt Indikatorsettet (v0.7)" in goal


def test_the_roadmap_marks_inferred_goals_and_changes_and_cites_the_slide(client, strategy):
    page = text(client.get("/strategi/veikart/"))
    row = page[page.index("Nytt nødnett 2"):]
    assert row.startswith("Nytt nødnett 2 antatt Lysbildet med endringene har ingen måloverskrifter; mål 2 er antatt "
                          "bare ut fra plassen på lysbildet")
    assert "Saksframlegg til NUIT 11. september 2025, sak 26/25" in row[:400]
    assert "Ny antatt Kilden sier «synliggjort i veikartet», ikke at aktiviteten er ny" in page
    older = text(client.get("/strategi/veikart/", {"versjon": "2025-q2"}))
    assert "Rekonstruert fra endringsloggen i saksframlegget til NUIT 11. september 2025" in older
    assert "fordi endringsloggen for 3. kvartal 2025 viser at den fantes før endringen" in older


STRATEGY_PAGES = ["/strategi/", "/strategi/indikatorer/", "/strategi/veikart/?versjon=2025-q2",
                  "/strategi/veikart/?versjon=2025-q3", "/strategi/veikart/sammenlign/"]


def test_no_strategy_page_shows_a_transcription_note_or_english(client, strategy):
    wrong, pages = [], 0
    for url, page in walk(client, STRATEGY_PAGES, within="/strategi/"):
        pages += 1
        wrong += findings(url, page)
    assert pages > 35 and not wrong, "\n".join(wrong)


def test_the_secretariat_sees_the_transcription_note_behind_the_reference(client, strategy, secretariat):
    assert "Transkripsjonsnotat" not in text(client.get(PLL))
    client.force_login(secretariat)
    page = text(client.get(PLL))
    assert "Transkripsjonsnotat" in page and "OCR leser «121 %» for Bergensområdet" in page


def test_indicator_page_shows_a_break_in_the_series_and_assessment(client, strategy):
    page = text(client.get("/strategi/indikatorer/epj-pasientarbeid-hoy-kvalitet/"))
    assert "Brudd i serien" in page and "verken enig eller uenig" in page
    assert "Neste vurdering: 1. kvartal 2026" in page
    for year, value in [("2021", "60,0 %"), ("2022", "52,0 %"), ("2023", "49,0 %"), ("2024", "52,0 %")]:
        assert f"{year} {value}" in page


def test_indicator_csv_downloads_the_series(client, strategy):
    lines = client.get(PLL + "data.csv").content.decode().splitlines()
    assert lines[0] == ("indicator,indicator_name,area,area_name,measure,period,period_start,value,unit,numerator,"
                        "denominator,data_source,note,assumption")
    assert ("pll-andel-befolkning,Pasientens legemiddelliste,bergen,Bergensområdet,,2025-10,2025-10-01,12.1,prosent,,"
            "475472,NHN / Reseptformidleren,,") in lines
    assert len(lines) == 1 + 21
    excel = client.get(PLL + "data-excel.csv").content.decode("utf-8").splitlines()
    assert excel[0].startswith("\ufeffIndikator (kortnavn);Indikator;Område (kortnavn);Område;Måltall;Periode")
    assert ("pll-andel-befolkning;Pasientens legemiddelliste;bergen;Bergensområdet;;2025-10;01.10.2025;12,1;prosent;;"
            "475472;NHN / Reseptformidleren;;") in excel


def test_secretariat_adds_a_value_and_the_status_follows(client, strategy, django_user_model):
    from django.contrib.auth.models import Group

    secretary = django_user_model.objects.create_user("sek", password="x")
    secretary.groups.add(Group.objects.get_or_create(name="sekretariat")[0])
    client.force_login(secretary)
    bad = client.post(PLL, {"obs-area": Indicator.objects.get(slug="pll-andel-befolkning").primary_area_id,
                            "obs-period": "2025-13", "obs-value": "mange"})
    assert bad.status_code == 400 and 'aria-invalid="true"' in bad.content.decode()
    assert not Observation.objects.filter(period="2025-13").exists()
    indicator = Indicator.objects.get(slug="pll-andel-befolkning")
    client.post(PLL, {"obs-area": indicator.primary_area_id, "obs-period": "2025-11", "obs-value": "1,7"})
    indicator.refresh_from_db()
    assert indicator.latest_period == "2025-11" and indicator.latest_value == Decimal("1.7")
    assert indicator.previous_value == Decimal("1.5")
    client.post(PLL, {"ass-period": "2025-Q4", "ass-text": "Breddingen fortsetter.", "ass-next_assessment": "2026-Q1"})
    assert "4. kvartal 2025 Breddingen fortsetter." in text(client.get(PLL))


def test_the_public_and_members_cannot_change_indicators(client, strategy, django_user_model):
    indicator = Indicator.objects.get(slug="pll-andel-befolkning")
    data = {"obs-area": indicator.primary_area_id, "obs-period": "2025-11", "obs-value": "1,7"}
    assert client.post(PLL, data).status_code in (302, 403)
    assert not Observation.objects.filter(indicator=indicator, period="2025-11").exists()
    assert "Registrer en verdi" not in text(client.get(PLL))
    assert client.get("/strategi/indikatorer/import/").status_code in (302, 403)


def test_an_import_with_errors_lists_them_and_saves_nothing(client, strategy, django_user_model):
    from django.contrib.auth.models import Group

    secretary = django_user_model.objects.create_user("sek", password="x")
    secretary.groups.add(Group.objects.get_or_create(name="sekretariat")[0])
    client.force_login(secretary)
    before = Observation.objects.count()
    upload = SimpleUploadedFile("verdier.csv", b"indicator,area,period,value\n"
                                b"pll-andel-befolkning,norge,2025-11,1.7\n"
                                b"pll-andel-befolkning,oslo,2025-11,1.7\n"
                                b"finnes-ikke,norge,2025-11,1.7\n")
    response = client.post("/strategi/indikatorer/import/", {"file": upload})
    page = text(response)
    assert response.status_code == 400 and "Ingenting er lagret" in page
    assert "linje 3" in page and "linje 4" in page
    assert Observation.objects.count() == before
    good = SimpleUploadedFile("verdier.csv", b"indicator;area;period;value\npll-andel-befolkning;norge;2025-11;1,7\n")
    assert client.post("/strategi/indikatorer/import/", {"file": good}).status_code == 302
    assert Indicator.objects.get(slug="pll-andel-befolkning").latest_value == Decimal("1.7")


def test_roadmap_shows_a_version_its_changes_and_the_activity_on_hold(client, strategy):
    page = text(client.get("/strategi/veikart/"))
    assert "Veikart for nasjonal e-helsestrategi september 2025" in page and "13 aktiviteter" in page
    assert "satt på vent" in page
    assert ("Nytt navn (Prinsipper for trygg og effektiv deling av helseinformasjon): Nye begreper: "
            "Tillitsmodell") in page
    older = text(client.get("/strategi/veikart/", {"versjon": "2025-q2"}))
    assert "3 aktiviteter" in older and "Tillitsmodell" in older


def test_comparing_roadmap_versions_lists_renamed_and_new_activities(client, strategy):
    page = text(client.get("/strategi/veikart/sammenlign/", {"a": "2025-q2", "b": "2025-q3"}))
    assert "Nytt navn Tillitsmodell Prinsipper for trygg og effektiv deling av helseinformasjon" in page
    assert "Nytt navn Tillitsrammeverk Felles tillitstjenester" in page
    assert "Ny status – satt på vent" in page
    assert page.count("Ny aktivitet") == 10


def test_strategy_api_gives_goals_roadmap_indicators_and_series(client, strategy):
    goals = client.get("/api/strategy/goals").json()["items"]
    assert len(goals) == 8
    goal_1 = next(g for g in goals if g["slug"] == "aktiv-medvirkning")
    assert {s["year"] for s in goal_1["subgoals"]} == {2025, 2026} and goal_1["indicators"] == 4
    roadmap = client.get("/api/roadmap", {"version": "2025-q2"}).json()
    assert roadmap["version"] == "2025-q2" and len(roadmap["activities"]) == 3
    assert len(client.get("/api/roadmap").json()["changes"]) == 14
    assert client.get("/api/roadmap", {"version": "1999"}).status_code == 404
    catalogue = client.get("/api/indicators").json()["items"]
    assert len(catalogue) == 27
    pll = client.get("/api/indicators/pll-andel-befolkning").json()
    assert pll["status"] == "unclear_ambition" and pll["ambition_2030"] is None  # stored as "uklar_ambisjon"
    assert pll["status_label"] == "Kan ikke vurderes (uklar ambisjon)"
    assert (pll["target_value"], pll["expected_value"]) == (None, None)
    assert pll["source"] == "Saksframlegg til NUIT 20. november 2025, sak 40/25"
    quality = next(g for g in goals if g["slug"] == "overordnet-1")
    assert (quality["unclear_ambition"], quality["behind"]) == (1, 0)
    adopted = next(s for s in goal_1["subgoals"] if s["year"] == 2025)
    assert "vedtatt" in adopted["assumption"] and adopted["source"].startswith("Saksframlegg til NUIT 11. september")
    assert pll["interim_ambitions"] == [{"year": 2026, "value": 25.0, "area": None}] or \
        pll["interim_ambitions"][0]["year"] == 2026
    bergen = client.get("/api/indicators/pll-andel-befolkning/observations", {"area": "bergen"}).json()["items"]
    assert [float(o["value"]) for o in bergen] == [9.9, 10.3, 10.8, 10.9, 11.2, 11.7, 12.1]
    assert bergen[0]["denominator"] == 475472
    assert client.get("/api/indicators/finnes-ikke").status_code == 404
    assert client.get("/api/indicators/pll-andel-befolkning/observations", {"area": "mars"}).status_code == 404


def test_indicator_cards_download_as_pdf_for_a_period(client, strategy):
    import io

    from pypdf import PdfReader

    response = client.get("/strategi/indikatorkort.pdf", {"periode": "2025-Q1"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="indikatorkort-2025-Q1.pdf"' in response["Content-Disposition"]
    words = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Innbyggers digitale kontakt med helsetjenesten" in words
    assert client.get("/strategi/indikatorkort.pdf", {"periode": "Q1 2025"}).status_code == 400
    assert client.get("/strategi/indikatorkort.docx").status_code == 404


def _secretary(django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("sek", password="x")
    user.groups.add(Group.objects.get_or_create(name="sekretariat")[0])
    return user


def _indicator_form(indicator, **changes):
    data = {"name": indicator.name, "slug": indicator.slug, "goals": [g.pk for g in indicator.goals.all()],
            "unit": indicator.unit, "higher_is_better": "on", "primary_area": indicator.primary_area_id or "",
            "source": indicator.source, "interim": "2026: 25"}
    data.update(changes)
    return data


def test_setting_the_2030_ambition_judges_the_indicator_again(client, strategy, django_user_model):
    client.force_login(_secretary(django_user_model))
    indicator = Indicator.objects.get(slug="innbyggers-digitale-kontakt")
    assert indicator.status == "uten_ambisjon"
    url = "/strategi/indikatorer/innbyggers-digitale-kontakt/endre/"
    bad = client.post(url, _indicator_form(indicator, interim="2026 mars: 25", baseline_period="2019-13"))
    assert bad.status_code == 400
    assert "ukjent område «mars»" in text(bad) and "2019-13" in text(bad)
    # 33 % in 2019 → 80 % in 2030: the straight path is at about 55 % by the end of 2024, and 59 % is ahead of it.
    client.post(url, _indicator_form(indicator, ambition="80", interim="", baseline_period="2019", baseline_value="33"))
    indicator.refresh_from_db()
    assert indicator.ambition == Decimal("80") and indicator.status == "på_rett_vei"
    assert "80,0 % i 2030" in text(client.get(indicator.get_absolute_url()))


def test_a_new_roadmap_version_logs_renames_and_activities_put_on_hold(client, strategy, django_user_model):
    from radsmodell.strategy.models import Activity, RoadmapChange, RoadmapVersion

    client.force_login(_secretary(django_user_model))
    client.post("/strategi/veikart/ny-versjon/", {"key": "2026-q1", "name": "Veikart 1. kvartal 2026"})
    version = RoadmapVersion.objects.get(key="2026-q1")
    assert version.activities.count() == 13
    activity = version.activities.get(key="nytt-nodnett")
    client.post("/strategi/veikart/aktivitet/nytt-nodnett/endre/", {
        "name": "Nytt nødnett for helse", "key": "nytt-nodnett", "goal": activity.goal_id or "",
        "status": "satt på vent", "why": "Venter på finansiering", "source": "test"})
    kinds = set(RoadmapChange.objects.filter(version=version).values_list("kind", flat=True))
    assert kinds == {"omdøpt", "satt_på_vent"}
    assert Activity.objects.get(version__key="2025-q3", key="nytt-nodnett").name == "Nytt nødnett"  # history kept
    page = text(client.get("/strategi/veikart/sammenlign/", {"a": "2025-q3", "b": "2026-q1"}))
    assert "Nytt navn Nytt nødnett Nytt nødnett for helse" in page
    duplicate = client.post("/strategi/veikart/ny-versjon/", {"key": "2026-q1", "name": "Igjen"})
    assert duplicate.status_code == 400 and "finnes allerede" in text(duplicate)
    # Only the newest version can be changed.
    assert client.get("/strategi/veikart/aktivitet/ny/").status_code == 200
    assert client.post("/strategi/veikart/aktivitet/ny/", {"name": "Ny ting", "key": "ny-ting", "source": "x"}) \
        .status_code == 302
    assert version.activities.filter(key="ny-ting").exists()


def test_only_the_secretariat_edits_indicators_and_the_roadmap(client, strategy):
    assert client.get("/strategi/indikatorer/ny/").status_code in (302, 403)
    assert client.post("/strategi/veikart/ny-versjon/", {"key": "x", "name": "x"}).status_code in (302, 403)
    assert "Lag en ny versjon" not in text(client.get("/strategi/veikart/"))


def test_the_change_log_names_a_renamed_indicator_and_a_new_value(client, strategy, secretariat):
    client.force_login(secretariat)
    indicator = Indicator.objects.get(slug="pll-andel-befolkning")
    client.post("/strategi/indikatorer/pll-andel-befolkning/endre/",
                _indicator_form(indicator, name="Pasientens legemiddelliste (PLL)"))
    client.post(PLL, {"obs-area": indicator.primary_area_id, "obs-period": "2025-11", "obs-value": "1,7"})
    page = text(client.get("/endringslogg/", {"app": "strategy"}))
    assert "Endret: Indikator «Pasientens legemiddelliste (PLL)»" in page
    assert "Navn: «Pasientens legemiddelliste» → «Pasientens legemiddelliste (PLL)»" in page
    assert "Opprettet: Observasjon «Pasientens legemiddelliste (PLL), Norge, november 2025»" in page


# ---------------------------------------------------------------- queries do not grow with the data


def _new_indicators(n: int, goal) -> list[Indicator]:
    from radsmodell.strategy.models import Area

    first = Indicator.objects.count()
    made = Indicator.objects.bulk_create([
        Indicator(slug=f"test-{first + i}", name=f"Testindikator {first + i}", primary_area=Area.objects.first(),
                  latest_period="2025", latest_value=Decimal(i), previous_value=Decimal(1), target_year=2030,
                  target_value=Decimal(50), status="bak") for i in range(n)])
    Indicator.goals.through.objects.bulk_create([Indicator.goals.through(indicator=i, goal=goal) for i in made])
    return made


def _new_activities(n: int, version) -> None:
    from radsmodell.portfolio.models import Initiative
    from radsmodell.strategy.models import Activity, Goal, RoadmapChange, SubGoal

    goal, subgoal = Goal.objects.get(slug="aktiv-medvirkning"), SubGoal.objects.first()
    initiative = Initiative.objects.first()
    first = Activity.objects.count()
    made = Activity.objects.bulk_create([
        Activity(version=version, key=f"test-{first + i}", name=f"Testaktivitet {first + i}", goal=goal,
                 subgoal=subgoal, horizon="kort", status="pågår") for i in range(n)])
    Activity.initiatives.through.objects.bulk_create([Activity.initiatives.through(activity=a, initiative=initiative)
                                                      for a in made])
    RoadmapChange.objects.bulk_create([RoadmapChange(version=version, kind="ny", activity_key=a.key, goal=goal,
                                                     text=f"Ny aktivitet: {a.name}") for a in made])


def test_the_dashboard_reads_the_same_number_of_queries_for_10_and_200_goals_and_indicators(client, strategy):
    from radsmodell.strategy.models import Goal

    def add(n):
        first = Goal.objects.count()
        goals = Goal.objects.bulk_create([Goal(level="overordnet", number=100 + first + i, slug=f"test-{first + i}",
                                               name=f"Testmål {first + i}") for i in range(n)])
        for goal in goals:
            _new_indicators(1, goal)

    assert_queries_constant(client, "/strategi/", add)


def test_a_goal_page_reads_the_same_number_of_queries_for_10_and_200_indicators_and_activities(client, strategy):
    from radsmodell.strategy.models import Goal, RoadmapVersion, SubGoal

    goal = Goal.objects.get(slug="aktiv-medvirkning")
    version = RoadmapVersion.objects.order_by("position").last()

    def add(n):
        first = SubGoal.objects.count()
        SubGoal.objects.bulk_create([SubGoal(goal=goal, code=f"t{first + i}", year=2027, status="foreslått",
                                             text=f"Testdelmål {first + i}") for i in range(n)])
        _new_indicators(n, goal)
        _new_activities(n, version)

    assert_queries_constant(client, goal.get_absolute_url(), add)


def test_the_indicator_list_reads_the_same_number_of_queries_for_10_and_200_indicators(client, strategy):
    from radsmodell.strategy.models import Goal

    goal = Goal.objects.get(slug="aktiv-medvirkning")
    assert_queries_constant(client, "/strategi/indikatorer/", lambda n: _new_indicators(n, goal))


def test_an_indicator_page_reads_the_same_number_of_queries_for_10_and_200_observations(client, strategy):
    from radsmodell.strategy.models import Assessment

    indicator = Indicator.objects.get(slug="pll-andel-befolkning")

    def add(n):
        first = Observation.objects.filter(indicator=indicator, measure="test").count()
        Observation.objects.bulk_create([
            Observation(indicator=indicator, area=indicator.primary_area, measure="test", period=str(1900 + first + i),
                        period_start=f"{1900 + first + i}-01-01", value=Decimal(i % 100)) for i in range(n)])
        Assessment.objects.bulk_create([Assessment(indicator=indicator, period="2024", text="Test") for _ in range(n)])

    assert_queries_constant(client, PLL, add)


def test_the_roadmap_and_its_comparison_read_the_same_number_of_queries_for_10_and_200_activities(client, strategy):
    from radsmodell.strategy.models import RoadmapVersion

    version = RoadmapVersion.objects.order_by("position").last()
    assert_queries_constant(client, "/strategi/veikart/", lambda n: _new_activities(n, version))
    assert_queries_constant(client, "/strategi/veikart/sammenlign/", lambda n: _new_activities(n, version))
