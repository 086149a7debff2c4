"""Notice, cover memo and minutes as HTML, PDF and DOCX, on the web and from the console."""
import io

import docx
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command, execute_from_command_line
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from radsmodell.core.roles import MEMBER
from radsmodell.council.models import Case, Meeting, MinutesCorrection

# NUIT 2/2024 (15 May 2024) as the notice in seed 000 lists it.
AGENDA_2_2024 = [
    ("15/24", "09:00"), ("16/24", "09:05"), ("17/24", "09:15"), ("18/24", "09:55"), ("19/24", "10:35"),
    ("20/24", "11:15"), ("21/24", "11:45"), ("22/24", "12:45"), ("23/24", "13:15"), ("24/24", "13:55"),
    ("25/24", "14:45"), ("26/24", "15:25"), ("27/24", "15:55"),
]


@pytest.fixture
def member_client(client, demo):
    user = get_user_model().objects.create_user("rådsmedlem", password="x")
    user.groups.add(Group.objects.get(name=MEMBER))
    client.force_login(user)
    return client


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def assert_in_order(text: str, parts: list[str], start: int = 0) -> None:
    position = start
    for part in parts:
        found = text.find(part, position)
        assert found >= 0, f"{part!r} missing after position {position}"
        position = found + len(part)


# --- notice -------------------------------------------------------------------------------

@pytest.mark.django_db
def test_notice_pdf_has_the_agenda_in_order_with_times(client, demo):
    response = client.get("/moter/nuit/2024-05-15/innkalling.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="innkalling-nuit-2024-05-15.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Innkalling til møte i NUIT" in text
    assert "15. mai 2024" in text and "09:00–16:00" in text and "Møterom 4117" in text
    agenda = text.index("Dagsorden")
    assert_in_order(text, [part for row in AGENDA_2_2024 for part in row], start=agenda)
    # Breaks and lunch sit between the right cases.
    assert_in_order(text, ["19/24", "Pause", "11:05", "20/24", "21/24", "Lunsj", "12:15", "22/24",
                           "Slutt", "16:00"], start=agenda)
    assert "Drøfting" in text and "Helse Sør-Øst RHF" in text  # æøå survive


@pytest.mark.django_db
def test_notice_pdf_is_tagged_for_accessibility(client, demo):
    reader = PdfReader(io.BytesIO(client.get("/moter/nuit/2024-05-15/innkalling.pdf").content))
    catalog = reader.trailer["/Root"]

    assert catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject, always truthy)
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "nb-NO"
    assert reader.metadata.title == "Innkalling – NUIT 2/2024, 15. mai 2024"


@pytest.mark.django_db
def test_notice_html_is_a_printable_page_with_proposals_and_attachments(client, demo):
    response = client.get("/moter/nuit/2024-05-15/innkalling.html")

    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="nb">' in page
    assert "<title>Innkalling – NUIT 2/2024, 15. mai 2024</title>" in page
    assert '<th scope="col">Tidspunkt</th>' in page
    assert "Forslag til vedtak:" in page and "NUIT godkjenner innkalling og dagsorden." in page
    assert "Vedlegg 1: Referat fra møtet i NUIT 15. februar 2024" in page
    assert "Liv Heidi Brattås Remo (Helsedirektoratet)" in page  # the body's members on the day
    meeting = Meeting.objects.get(body__slug="nuit", date="2024-05-15")
    assert f'href="{meeting.get_absolute_url()}"' in page


@pytest.mark.django_db
def test_notice_docx_has_agenda_table_with_header_row(client, demo):
    response = client.get("/moter/nuit/2024-05-15/innkalling.docx")

    assert response.status_code == 200
    assert 'filename="innkalling-nuit-2024-05-15.docx"' in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.content))
    agenda = next(t for t in document.tables if t.rows[0].cells[0].text == "Sak")
    assert [c.text for c in agenda.rows[0].cells] == ["Sak", "Tittel", "Tidspunkt", "Sakstype"]
    assert 'w:tblHeader' in agenda.rows[0]._tr.xml
    numbered = [(row.cells[0].text, row.cells[2].text) for row in agenda.rows[1:] if row.cells[0].text]
    assert numbered == AGENDA_2_2024


def test_urls_have_the_agreed_names():
    assert reverse("documents:notice", args=["nuit", "2024-05-15", "pdf"]) == "/moter/nuit/2024-05-15/innkalling.pdf"
    assert reverse("documents:minutes", args=["nuit", "2024-02-15", "docx"]) == "/moter/nuit/2024-02-15/referat.docx"
    assert reverse("documents:memo", args=["nuit", 2024, 24, "html"]) == "/saker/nuit/2024/24/toppnotat.html"


@pytest.mark.django_db
@pytest.mark.parametrize("url", [
    "/moter/nuit/2024-05-15/innkalling.txt",
    "/moter/nuit/15-05-2024/innkalling.pdf",
    "/moter/nuit/2024-05-16/innkalling.pdf",
    "/moter/nufa/2024-05-15/innkalling.pdf",
    "/saker/nuit/2024/99/toppnotat.pdf",
    "/saker/nuit/2024/24/toppnotat.odt",
])
def test_unknown_format_date_meeting_or_case_is_404(client, demo, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_unpublished_meeting_documents_are_hidden_from_the_public(member_client):
    Meeting.objects.filter(body__slug="nuit", date="2024-05-15").update(notice_published_at=None)

    public = Client()
    assert public.get("/moter/nuit/2024-05-15/innkalling.html").status_code == 404
    assert public.get("/saker/nuit/2024/17/toppnotat.html").status_code == 404
    assert member_client.get("/moter/nuit/2024-05-15/innkalling.html").status_code == 200
    assert member_client.get("/saker/nuit/2024/17/toppnotat.html").status_code == 200


# --- cover memo ---------------------------------------------------------------------------

@pytest.mark.django_db
def test_memo_lists_previous_treatments_from_the_register(client, demo):
    response = client.get("/saker/nuit/2024/24/toppnotat.docx")

    assert response.status_code == 200
    assert 'filename="toppnotat-nuit-2024-24.docx"' in response["Content-Disposition"]
    text = docx_text(response.content)
    assert "Vedtak fra tidligere behandlinger i rådsmodellen" in text
    # Other bodies' cases carry the body's short name; oldest first.
    assert_in_order(text, ["Saksnummer | Tittel | Vedtak", "NUFA 3/22", "NUFA 9/24"])
    assert "NUFA drøftet saken og ba Koordineringsprosjektet for KI" in text
    assert "50/23 |" in text  # NUIT's own earlier case has no body prefix
    for label in ["Til", "Dato", "Saksnummer", "Innretning", "Sakseier", "Saksbehandler"]:
        assert f"{label} |" in text
    assert "Hensikt med saken" in text and "Videre saksprosess" in text


@pytest.mark.django_db
def test_memo_pdf_has_header_block_and_omits_empty_sections(client, demo):
    text = pdf_text(client.get("/saker/nuit/2024/17/toppnotat.pdf").content)

    assert_in_order(text, ["Til", "Møte 2/24", "Dato", "15. mai 2024", "Saksnummer", "17/24", "Innretning",
                           "Drøfting", "Sakseier", "Odd Martin Solem", "Saksbehandler", "Henrik Barstad"])
    assert_in_order(text, ["Forslag til vedtak", "Hensikt med saken", "Hva skal nasjonal rådsmodell ta stilling til?"])
    assert "Behandling i øvrige fora" not in text  # 17/24 has no such rows


# --- minutes ------------------------------------------------------------------------------

@pytest.mark.django_db
def test_minutes_docx_of_1_2024_has_attendance_decisions_and_action_items(client, demo):
    response = client.get("/moter/nuit/2024-02-15/referat.docx")

    assert response.status_code == 200
    assert 'filename="referat-nuit-2024-02-15.docx"' in response["Content-Disposition"]
    text = docx_text(response.content)
    assert "Godkjent i sak 16/24" in text
    assert_in_order(text, ["Til stede", "Ole Johan Kvan (Helse Sør-Øst RHF) – digitalt frem til kl. 12.20",
                           "Ikke til stede", "Bente Christensen (Norsk Sykepleierforbund)", "Stedfortreder",
                           "Frank Ivar Aarnes (Helse Sør-Øst RHF) stilte for Ole Johan Kvan digitalt fra kl. 12.50",
                           "Sekretariatet", "Siv Ingebrigtsen"])
    assert_in_order(text, ["1/24 Godkjenning av innkalling og dagsorden", "Vedtak:",
                           "NUIT godkjenner innkalling og dagsorden."])
    assert "endret fra Drøfting til Orientering" in text  # 8/24
    assert "(legeforeningen)" in text  # input named only where the actor asked to be
    assert ("Orientering om nytt organisasjonskart i Helsedirektoratet tas i neste møte. "
            "(ansvarlig: Helsedirektoratet)") in text


@pytest.mark.django_db
def test_minutes_visibility_for_the_public(client, demo):
    assert client.get("/moter/nuit/2024-05-15/referat.html").status_code == 404  # not approved
    assert client.get("/moter/nuit/2024-05-15/referat.pdf").status_code == 404
    assert client.get("/moter/nuit/2024-02-15/referat.html").status_code == 200


@pytest.mark.django_db
def test_members_see_draft_minutes_marked_as_draft(member_client):
    response = member_client.get("/moter/nuit/2024-05-15/referat.html")

    assert response.status_code == 200
    assert "Utkast – referatet er ikke godkjent." in response.content.decode()


@pytest.mark.django_db
def test_minutes_list_corrections_after_approval(client, demo):
    author = get_user_model().objects.create_user("sekr", first_name="Siv", last_name="Ingebrigtsen")
    case = Case.objects.get(body__slug="nuit", year=2024, number=1)
    MinutesCorrection.objects.create(
        case=case, field="decision", old_value="NUIT godkjenner innkalling og dagsorden.",
        new_value="NUIT godkjente innkalling og dagsorden.", reason="Skrivefeil i vedtaket", author=author,
    )

    page = client.get("/moter/nuit/2024-02-15/referat.html").content.decode()

    assert "Rettelser etter godkjenning" in page
    assert_in_order(page, ["Sak 1/24", "av Siv Ingebrigtsen", "Skrivefeil i vedtaket",
                           "NUIT godkjenner innkalling og dagsorden.", "NUIT godkjente innkalling og dagsorden."],
                    start=page.index("Rettelser etter godkjenning"))


# --- console ------------------------------------------------------------------------------

@pytest.mark.django_db
def test_export_command_writes_a_pdf(demo, tmp_path):
    target = tmp_path / "innkalling.pdf"

    call_command("export", "--meeting", "nuit/2024-05-15", "--document", "notice", "--format", "pdf",
                 "-o", str(target), stdout=io.StringIO())

    content = target.read_bytes()
    assert content.startswith(b"%PDF")
    assert_in_order(pdf_text(content), ["15/24", "16/24", "27/24"])


@pytest.mark.django_db
def test_export_command_sees_drafts_and_exports_memos(demo, tmp_path):
    minutes = tmp_path / "referat.docx"
    memo = tmp_path / "memo.html"

    call_command("export", "--meeting", "nuit/2024-05-15", "--document", "minutes", "-o", str(minutes),
                 stdout=io.StringIO())
    call_command("export", "--case", "nuit/2024/24", "--document", "memo", "--format", "html", "-o", str(memo),
                 stdout=io.StringIO())

    assert "Utkast – referatet er ikke godkjent." in docx_text(minutes.read_bytes())
    assert "NUFA 9/24" in memo.read_text(encoding="utf-8")


@pytest.mark.django_db
@pytest.mark.parametrize("args, option", [
    (["--meeting", "nuit/15-05-2024", "--document", "notice"], "--meeting"),
    (["--meeting", "ukjent/2024-05-15", "--document", "notice"], "--meeting"),
    (["--meeting", "nuit/2024-05-16", "--document", "notice"], "--meeting"),
    (["--meeting", "nuit/2024-05-15", "--document", "notice", "--format", "odt"], "--format"),
    (["--meeting", "nuit/2024-05-15", "--document", "memo"], "--document"),
    (["--case", "nuit/2024/99"], "--case"),
])
def test_export_command_names_the_wrong_option(demo, tmp_path, args, option):
    with pytest.raises(CommandError, match=option):
        call_command("export", *args, "-o", str(tmp_path / "out"), stdout=io.StringIO())


@pytest.mark.django_db
def test_export_command_exits_non_zero_on_bad_input(demo, capsys):
    with pytest.raises(SystemExit) as exit:
        execute_from_command_line(["radsmodell", "export", "--meeting", "nuit/15-05-2024", "--document", "notice"])

    assert exit.value.code != 0
    assert "--meeting" in capsys.readouterr().err


@pytest.mark.django_db
def test_every_registered_document_with_a_console_subject_exports(costs, tmp_path):
    """The portfolio report, the indicator cards and an allocation summary from the console, like the notice."""
    from radsmodell.costs.models import Allocation

    report, cards, summary = tmp_path / "rapport.docx", tmp_path / "kort.pdf", tmp_path / "sammendrag.html"
    call_command("export", "--round", "2024-04", "-o", str(report), stdout=io.StringIO())
    call_command("export", "--period", "2025-Q1", "-o", str(cards), stdout=io.StringIO())
    call_command("export", "--allocation", str(Allocation.objects.first().pk), "--document", "allocation-summary",
                 "-o", str(summary), stdout=io.StringIO())

    assert "Porteføljerapport" in docx_text(report.read_bytes())
    assert "Indikatorkort: vurderinger for 1. kvartal 2025" in pdf_text(cards.read_bytes())
    assert "Kostnadsfordeling" in summary.read_text(encoding="utf-8")
    with pytest.raises(CommandError, match="--round: ukjent runde «1999-01»"):
        call_command("export", "--round", "1999-01", stdout=io.StringIO())
    with pytest.raises(CommandError, match="--format: «docx» er ukjent; bruk html, pdf"):
        call_command("export", "--period", "2025-Q1", "--format", "docx", stdout=io.StringIO())


@pytest.mark.django_db
def test_a_document_answers_only_in_its_formats_and_explains_a_bad_query(client, costs):
    from radsmodell.costs.models import Allocation

    allocation = Allocation.objects.first()
    summary = client.get(f"/kostnader/fordelinger/{allocation.pk}/sammendrag.docx")
    assert summary.status_code == 200 and "Kostnadsfordeling" in docx_text(summary.content)
    assert client.get("/strategi/indikatorkort.docx").status_code == 404
    bad = client.get("/strategi/indikatorkort.pdf", {"periode": "Q1 2025"})
    assert bad.status_code == 400 and "Q1 2025" in bad.content.decode()


@pytest.mark.django_db
def test_an_empty_subject_on_the_console_is_named_not_a_crash(demo):
    with pytest.raises(CommandError, match="--meeting: mangler verdi"):
        call_command("export", "--meeting", "", "--document", "notice", stdout=io.StringIO())


@pytest.mark.django_db
def test_export_command_takes_the_documents_names_as_the_issue_writes_them(costs, tmp_path):
    """`--document portfolio-report` as options are written; the registered `portfolio_report` works too."""
    for name in ("portfolio-report", "portfolio_report"):
        target = tmp_path / f"{name}.pdf"
        call_command("export", "--round", "2025-11", "--document", name, "--format", "pdf", "-o", str(target),
                     stdout=io.StringIO())
        assert "Porteføljerapport" in pdf_text(target.read_bytes())
    cards = tmp_path / "kort.pdf"
    call_command("export", "--period", "2025-Q1", "--document", "indicator-cards", "--format", "pdf",
                 "-o", str(cards), stdout=io.StringIO())
    assert "Indikatorkort" in pdf_text(cards.read_bytes())
    with pytest.raises(CommandError, match="--document: «rapport» passer ikke til --round; bruk portfolio-report"):
        call_command("export", "--round", "2025-11", "--document", "rapport", stdout=io.StringIO())
