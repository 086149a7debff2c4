"""The public portfolio pages and API with the demo data from the seeds."""

from radsmodell.portfolio.models import Initiative, Round


def text(response) -> str:
    return response.content.decode()


def table(response) -> str:
    """The initiatives table only (the filter's lists name solutions too)."""
    page = text(response)
    return page[page.index('id="initiatives"'):]


def test_overview_lists_initiatives_with_their_latest_accepted_status(client, portfolio):
    page = text(client.get("/portefolje/"))
    assert "Pasientens legemiddelliste" in page and "Digitale behandlings- og egenbehandlingsplaner" in page
    assert "Rød" in page  # DBEP, April 2024


def test_overview_filters_by_status_and_national_solution(client, portfolio):
    rows = table(client.get("/portefolje/", {"status": "red"}))
    assert "Digitale behandlings- og egenbehandlingsplaner" in rows and "Pasientens legemiddelliste" not in rows
    pll_solutions = Initiative.objects.get(slug="pll").national_solutions.values_list("slug", flat=True)
    assert "Pasientens legemiddelliste" in table(client.get("/portefolje/", {"solution": pll_solutions[0]}))
    rows = table(client.get("/portefolje/", {"goal": "2", "segment": "nonsense"}))
    assert "Pasientens legemiddelliste" in rows  # unknown filter values are ignored, goal 2 applies


def test_initiative_page_shows_owner_dependencies_and_sources(client, portfolio):
    page = text(client.get("/portefolje/tiltak/pll/"))
    assert "Pasientens legemiddelliste (PLL)" in page and "bredding" in page.lower()
    # The source is the public reference to the council's document, never the transcription note.
    assert "Prioriteringsarbeidsbok til Nasjonalt e-helseråd 21. september 2022, ark «Samlet»" in page
    assert "seed 002" not in page
    assert client.get("/portefolje/tiltak/finnes-ikke/").status_code == 404


def test_round_page_shows_the_stated_figures_of_april_2024(client, portfolio):
    page = text(client.get("/portefolje/runder/2024-04/"))
    for label, value in [("Aktive", "34"), ("Nye", "7"), ("Ferdigstilte", "5"), ("På pause", "3"), ("Rød status", "1")]:
        assert f"<td>{label}</td><td>{value}</td>" in page


def test_comparing_september_and_november_2025_shows_68_to_75(client, portfolio):
    page = text(client.get("/portefolje/runder/sammenlign/", {"a": "2025-09", "b": "2025-11"}))
    assert "<td>68</td><td>75</td><td>+7</td>" in page


def test_api_initiatives_rounds_and_summary(client, portfolio):
    items = client.get("/api/initiatives", {"status": "red"}).json()["items"]
    assert [i["slug"] for i in items] == ["dbep"]
    pll = Initiative.objects.get(slug="pll")
    detail = client.get(f"/api/initiatives/{pll.pk}").json()
    assert detail["short_name"] == "PLL" and detail["goals"] == pll.goals
    rounds = client.get("/api/rounds").json()["items"]
    april = Round.objects.get(slug="2024-04")
    assert april.pk in [r["id"] for r in rounds]
    summary = client.get(f"/api/rounds/{april.pk}/summary").json()
    assert summary["stated"] == {"active": 34, "red": 1, "new": 7, "completed": 5, "paused": 3}
    assert summary["by_status"].get("red") == 1
    assert client.get("/api/rounds/999999/summary").status_code == 404


def test_dependency_page_counts_initiatives_per_national_solution(client, portfolio):
    from radsmodell.portfolio.models import NationalSolution

    page = text(client.get("/portefolje/avhengigheter/"))
    pll = NationalSolution.objects.get(slug="pll")
    linked_name = f'<a class="ds-link" href="{pll.get_absolute_url()}">{pll.name}</a>'
    assert f"<td>{linked_name}</td><td>{pll.initiatives.count()}</td>" in page
    assert "Ingen sirkulære avhengigheter" in page
    assert 'id="dependency-data"' in page  # the graph's data, drawn by ECharts


def test_dependency_page_counts_initiatives_per_epj_vendor(client, portfolio):
    page = text(client.get("/portefolje/avhengigheter/"))
    # DIS fase 3 and Dialogmeldinger depend on DIPS; only Dialogmeldinger names Helseplattformen.
    assert "<td>DIPS</td><td>DIPS Arena</td><td>2</td>" in page
    assert "<td>Helseplattformen</td><td>Helseplattformen (Midt-Norge)</td><td>1</td>" in page
    assert "DIPS (DIPS Arena)" in text(client.get("/portefolje/tiltak/dis-fase-3/"))


def test_secretariat_registers_an_epj_vendor_and_members_cannot(client, portfolio, secretariat, member):
    client.force_login(member)
    assert client.post("/portefolje/epj-leverandorer/", {"name": "X", "slug": "x"}).status_code == 403
    client.force_login(secretariat)
    bad = client.post("/portefolje/epj-leverandorer/", {"name": "", "slug": "dips"})
    assert bad.status_code == 400 and "finnes allerede" in text(bad)
    client.post("/portefolje/epj-leverandorer/", {"name": "Ny leverandør", "slug": "ny", "systems": "Ny EPJ"})
    assert "<td>Ny leverandør</td><td>Ny EPJ</td><td>0</td>" in text(client.get("/portefolje/epj-leverandorer/"))


def test_dependency_cycle_is_flagged(client, portfolio):
    a, b = Initiative.objects.get(slug="pll"), Initiative.objects.get(slug="dbep")
    a.depends_on.add(b)
    b.depends_on.add(a)
    page = text(client.get("/portefolje/avhengigheter/"))
    assert "Sirkulære avhengigheter:" in page and "DBEP → PLL" in page


def test_benefit_matrix_marks_the_stated_benefits(client, portfolio):
    page = text(client.get("/portefolje/gevinster/"))
    assert "Økt pasientsikkerhet" in page and "Reduserte pasientreiser" in page
    assert page.count('<span class="ds-sr-only">ja</span>') >= 4


def test_secretariat_registers_an_initiative_with_entry_criteria_and_goals(client, portfolio):
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user("sek", password="x")
    user.groups.add(Group.objects.get_or_create(name="sekretariat")[0])
    client.force_login(user)
    response = client.post("/portefolje/tiltak/ny/", {
        "name": "Digital hjemmeoppfølging", "slug": "dho", "owner": "Helse Vest RHF", "owner_type": "rhf",
        "criterion_1": "true", "criterion_2a": "false", "criterion_2b": "true", "main_goal": "4",
        "other_goals": ["2", "4"],
        "depends_on": [Initiative.objects.get(slug="pll").pk]})
    assert response.status_code == 302
    created = Initiative.objects.get(slug="dho")
    assert created.goals == [4, 2] and created.entry_verdict == (True, "oppfyller kriteriene (1 og 2b)")
    page = text(client.get("/portefolje/tiltak/dho/"))
    assert "Oppfyller kriteriene (1 og 2b)" in page and "Pasientens legemiddelliste" in page
    response = client.post("/portefolje/tiltak/ny/", {"name": "", "slug": "pll", "other_goals": ["2"]})
    assert response.status_code == 400
    body = text(response)
    assert "Navn: Dette feltet er påkrevd." in body or "Navn:" in body
    assert "Hovedmål: Velg et hovedmål når andre mål er valgt." in body
    assert Initiative.objects.filter(slug="pll").count() == 1


def test_public_cannot_register_initiatives(client, portfolio):
    assert client.post("/portefolje/tiltak/ny/", {"name": "X", "slug": "x"}).status_code == 403
    assert not Initiative.objects.filter(slug="x").exists()


def test_portfolio_report_of_april_2024_as_pdf_docx_and_html(client, portfolio):
    import io

    from docx import Document
    from pypdf import PdfReader

    pdf = client.get("/portefolje/runder/2024-04/rapport.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text_pdf = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Aktive" in text_pdf and "34" in text_pdf
    assert "Digitale behandlings- og egenbehandlingsplaner" in text_pdf and "Rød" in text_pdf
    assert "Betydelig økning i antall avhengigheter til EPJ-leverandører" in text_pdf
    docx = Document(io.BytesIO(client.get("/portefolje/runder/2024-04/rapport.docx").content))
    cells = [cell.text for table in docx.tables for row in table.rows for cell in row.cells]
    assert "Aktive" in cells and "34" in cells
    # A closed round counts the dependencies its reports recorded when it closed
    # (PLL and prøvesvar use Kjernejournal …).
    assert "Nasjonal e-helseløsning" in cells and "Kjernejournal" in cells
    from radsmodell.portfolio import services

    open_round = services.open_round("Desember 2026", None)  # an open round counts the register as it stands
    live = Document(io.BytesIO(client.get(f"/portefolje/runder/{open_round.slug}/rapport.docx").content))
    live_cells = {cell.text for table in live.tables for row in table.rows for cell in row.cells}
    assert {"EPJ-leverandør", "DIPS"} <= live_cells
    chart = docx.inline_shapes[0]._inline.docPr  # the status chart as a picture with alternative text
    assert chart.get("descr").startswith("Godkjente statusrapporter etter samlet status")
    html = text(client.get("/portefolje/runder/2024-04/rapport.html"))
    assert "<svg" in html and 'aria-label="Godkjente statusrapporter etter samlet status"' in html
    assert client.get("/portefolje/runder/2024-04/rapport.txt").status_code == 404


def test_secretariat_records_a_quantified_benefit(client, portfolio, django_user_model):
    from django.contrib.auth.models import Group

    from radsmodell.portfolio.models import BenefitType

    user = django_user_model.objects.create_user("sek2", password="x")
    user.groups.add(Group.objects.get_or_create(name="sekretariat")[0])
    client.force_login(user)
    phone = BenefitType.objects.get(slug="faerre-telefoner")
    response = client.post("/portefolje/tiltak/pll/gevinst/", {"benefit-type": phone.pk, "benefit-target": "20",
                                                               "benefit-unit": "%", "benefit-year": "1999"})
    assert response.status_code == 400 and "Året må være mellom 2000 og 2100." in text(response)
    client.post("/portefolje/tiltak/pll/gevinst/", {"benefit-type": phone.pk, "benefit-target": "20",
                                                    "benefit-unit": "%", "benefit-year": "2027",
                                                    "benefit-realised_by": "Fastlegene"})
    page = text(client.get("/portefolje/tiltak/pll/"))
    assert "Færre telefoner" in page and "20 % (2027)" in page and "Fastlegene" in page


def test_the_portfolio_report_runs_as_many_queries_with_200_more_initiatives(client, portfolio):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from radsmodell.portfolio import services
    from radsmodell.portfolio.models import NationalSolution

    # An open round: its report counts the register as it stands (a closed one, what it closed with).
    url = f"/portefolje/runder/{services.open_round('Desember 2026', None).slug}/rapport.html"

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    client.get(url)  # caches that fill on the first request do not count
    with_demo = queries()
    pll, solutions = Initiative.objects.get(slug="pll"), list(NationalSolution.objects.all()[:3])
    added = Initiative.objects.bulk_create(Initiative(slug=f"tiltak-{i:03d}", name=f"Tiltak {i:03d}")
                                           for i in range(200))
    # A chain back to PLL, one circle (tiltak-000 ⇄ tiltak-001), and national solutions for each.
    depends = Initiative.depends_on.through
    depends.objects.bulk_create([depends(from_initiative=new, to_initiative=added[i - 1] if i else pll)
                                 for i, new in enumerate(added)] + [depends(from_initiative=added[0],
                                                                            to_initiative=added[1])])
    uses = Initiative.national_solutions.through
    uses.objects.bulk_create(uses(initiative=new, nationalsolution=solutions[i % len(solutions)])
                             for i, new in enumerate(added))
    assert queries() == with_demo
    assert "tiltak-000 → tiltak-001" in text(client.get(url))


def test_a_changed_initiative_is_named_in_the_change_log(client, portfolio, secretariat):
    from django.forms.models import model_to_dict

    from radsmodell.portfolio.forms import InitiativeForm

    pll = Initiative.objects.get(slug="pll")
    form = {key: [related.pk for related in value] if isinstance(value, list) else ("" if value is None else value)
            for key, value in model_to_dict(pll, fields=InitiativeForm._meta.fields).items()}
    client.force_login(secretariat)
    response = client.post("/portefolje/tiltak/pll/endre/", {
        **form, "name": "Pasientens legemiddelliste i hele landet", "main_goal": "2"})
    assert response.status_code == 302
    page = text(client.get("/endringslogg/"))
    row = page[page.index("Endret: Tiltak «PLL – Pasientens legemiddelliste i hele landet»"):].split("</tr>")[0]
    assert "navn: «pasientens legemiddelliste» → «pasientens legemiddelliste i hele landet»" in row.lower()
    assert "Sekretariatet (demo)" in page[:page.index("Endret: Tiltak «PLL")].rsplit("<tr>", 1)[1]


def test_removing_a_reporter_that_is_not_there_says_so(client, portfolio, secretariat):
    from radsmodell.portfolio.models import OwnerAccount

    client.force_login(secretariat)
    for wrong in ("ikke-et-tall", "987654"):
        response = client.post("/portefolje/rapportorer/", {"remove": wrong})
        assert response.status_code == 400 and "Fant ikke rapportøren som skulle fjernes." in text(response)
    account = OwnerAccount.objects.get(user__username="tiltakseier")
    response = client.post("/portefolje/rapportorer/", {"remove": account.pk}, follow=True)
    assert "Rapportøren er fjernet." in text(response) and not OwnerAccount.objects.filter(pk=account.pk).exists()
