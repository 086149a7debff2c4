"""Data files as their users get them (issue 14): "CSV for Excel" and XLSX for people, "CSV (UTF-8,
komma)" and JSON for programs, all written from one description of the columns (core/exports.py).

First the writers on a small table; then the channels: the same invoice lines whatever the
channel (page, console, API), the prioritisation's ranking and an indicator's values in all four
files; last, one XLSX and one Excel CSV opened and printed by LibreOffice.
"""
import csv
import io
import json
import os
import shutil
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from pypdf import PdfReader

from radsmodell.core import exports
from radsmodell.core.exports import BOOLEAN, DATE, DECIMAL, INTEGER, MONEY, PERCENT, Column, DataTable

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
BOM = "\ufeff"
# The invoice lines' columns, pinned here: a program reading one channel reads them all.
LINE_KEYS = ["org_number", "name", "segment", "segment_label", "kind", "category", "charged", "amount_nok",
             "first_month_nok", "monthly_nok"]


def sample() -> DataTable:
    columns = [
        Column("org_number", "Organisasjonsnummer"),
        Column("name", "Virksomhet"),
        Column("charged", "Faktureres", BOOLEAN),
        Column("invoiced_on", "Fakturadato", DATE),
        Column("score", "Score", DECIMAL, decimals=1),
        Column("share", "Andel", PERCENT, decimals=1),
        Column("count", "Antall", INTEGER),
        Column("amount_nok", "Per år (kr)", MONEY, total=True),
    ]
    return DataTable("Fakturalinjer", columns, [
        ["974760673", "Helse Sør-Øst RHF", True, date(2025, 1, 31), 17.520833333333332, Decimal("12.5"), 1200,
         Decimal("1633.25")],
        ["921234567", "Fiktiv Apotek Molde AS", False, None, None, None, None, Decimal("0.00")],
        ["987654321", "Oslo kommune", True, date(2025, 12, 1), 4.25, Decimal("87.5"), 3, Decimal("98765432.10")],
    ])


def excel_rows(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))


def machine_rows(content: bytes) -> list[dict]:
    text = content.decode("utf-8")
    assert not text.startswith(BOM)
    return list(csv.DictReader(io.StringIO(text, newline="")))


def shown(cell) -> str:
    """What a spreadsheet shows in the cell, for the formats the writer uses (grouping as in English)."""
    value, fmt = cell.value, cell.number_format
    if value is None:
        return ""
    if fmt == "dd.mm.yyyy":
        return value.strftime("%d.%m.%Y")
    if fmt.startswith("#,##0") and isinstance(value, (int, float)):
        decimals = len(fmt.rstrip("%").partition(".")[2])
        return f"{value * 100:,.{decimals}f}%" if fmt.endswith("%") else f"{value:,.{decimals}f}"
    return str(value)


def assert_wide_enough(sheet) -> None:
    """No "###": every column is at least a character wider than the widest value it shows; a long
    text wraps in a column of 60 characters instead."""
    for column in sheet.iter_cols():
        width = sheet.column_dimensions[column[0].column_letter].width
        for cell in column:
            if isinstance(cell.value, str) and cell.alignment.wrap_text and cell.row > 1:
                assert width >= exports.WIDEST_COLUMN, cell.coordinate
                continue
            assert width >= len(shown(cell)) + 1, (cell.coordinate, shown(cell), width)


# --- the writers ---------------------------------------------------------------------------------

def test_csv_for_excel_has_a_bom_semicolons_decimal_commas_norwegian_headers_ja_nei_and_dates():
    content = exports.write(sample(), "excel.csv")
    assert b"\r\n" in content  # Windows line ends, as Excel writes them
    assert excel_rows(content) == [
        ["Organisasjonsnummer", "Virksomhet", "Faktureres", "Fakturadato", "Score", "Andel", "Antall", "Per år (kr)"],
        # rounded as the page shows them: one decimal, halves up; money with two decimals
        ["974760673", "Helse Sør-Øst RHF", "Ja", "31.01.2025", "17,5", "12,5", "1200", "1633,25"],
        ["921234567", "Fiktiv Apotek Molde AS", "Nei", "", "", "", "", "0,00"],
        ["987654321", "Oslo kommune", "Ja", "01.12.2025", "4,3", "87,5", "3", "98765432,10"],
    ]


def test_csv_for_programs_has_english_keys_full_precision_true_false_and_iso_dates():
    assert machine_rows(exports.write(sample(), "csv")) == [
        {"org_number": "974760673", "name": "Helse Sør-Øst RHF", "charged": "true", "invoiced_on": "2025-01-31",
         "score": "17.520833333333332", "share": "12.5", "count": "1200", "amount_nok": "1633.25"},
        {"org_number": "921234567", "name": "Fiktiv Apotek Molde AS", "charged": "false", "invoiced_on": "",
         "score": "", "share": "", "count": "", "amount_nok": "0.00"},
        {"org_number": "987654321", "name": "Oslo kommune", "charged": "true", "invoiced_on": "2025-12-01",
         "score": "4.25", "share": "87.5", "count": "3", "amount_nok": "98765432.10"},
    ]


def test_json_has_the_same_keys_with_numbers_as_numbers():
    records = json.loads(exports.write(sample(), "json"))
    assert [list(r) for r in records] == [[c.key for c in sample().columns]] * 3
    assert records[0] == {"org_number": "974760673", "name": "Helse Sør-Øst RHF", "charged": True,
                          "invoiced_on": "2025-01-31", "score": 17.520833333333332, "share": 12.5, "count": 1200,
                          "amount_nok": 1633.25}
    assert records[1]["invoiced_on"] is None and records[1]["amount_nok"] == 0


def test_xlsx_has_norwegian_headers_number_formats_a_total_row_and_fitting_widths():
    sheet = load_workbook(io.BytesIO(exports.write(sample(), "xlsx")))["Fakturalinjer"]
    assert [c.value for c in sheet[1]] == [c.label for c in sample().columns]
    assert all(c.font.bold for c in sheet[1])
    first = {c.column_letter: c for c in sheet[2]}
    assert (first["A"].value, first["A"].data_type) == ("974760673", "s")  # an organisation number stays text
    assert (first["C"].value, sheet["C3"].value) == ("Ja", "Nei")
    assert (first["D"].number_format, first["D"].value.date()) == ("dd.mm.yyyy", date(2025, 1, 31))
    # the full value is kept (to the 15 digits a spreadsheet holds), only shown with one decimal
    assert (first["E"].number_format, first["E"].value) == ("#,##0.0", pytest.approx(17.520833333333332, rel=1e-14))
    assert (first["F"].number_format, first["F"].value) == ("#,##0.0%", 0.125)
    assert (first["G"].number_format, first["H"].number_format) == ("#,##0", "#,##0.00")
    total = [c.value for c in sheet[5]]
    assert total[0] == "Sum" and total[1:7] == [None] * 6
    assert Decimal(str(total[7])) == Decimal("1633.25") + Decimal("0.00") + Decimal("98765432.10")
    assert sheet.max_row == 5 and sheet["H5"].font.bold
    assert_wide_enough(sheet)


def test_xlsx_freezes_filters_and_prints_landscape_fitted_to_the_width_with_the_header_on_every_page():
    sheet = load_workbook(io.BytesIO(exports.write(sample(), "xlsx"))).active
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:H4"
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
    assert (int(sheet.page_setup.fitToWidth), int(sheet.page_setup.fitToHeight)) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows in ("1:1", "$1:$1")
    assert sheet.oddHeader.center.text == "Fakturalinjer" and sheet.oddFooter.center.text == "Side &P av &N"


def test_a_total_wider_than_every_line_still_fits_its_column():
    amounts = Column("amount_nok", "Beløp", MONEY, total=True)
    table = DataTable("Linjer", [Column("name", "Navn"), amounts], [["x", Decimal("9999999.99")]] * 1000)
    sheet = load_workbook(io.BytesIO(exports.xlsx(table))).active
    assert sheet["B1002"].value == pytest.approx(9_999_999_990)
    assert_wide_enough(sheet)


def test_labels_and_titles_may_be_lazy_translations():
    table = DataTable(gettext_lazy("Fakturalinjer"), [Column("name", gettext_lazy("Virksomhet")),
                                                      Column("amount_nok", gettext_lazy("Per år (kr)"), MONEY)],
                      [["Helse Nord RHF", Decimal("1.50")]])
    with translation.override("nb"):
        sheet = load_workbook(io.BytesIO(exports.write(table, "xlsx"))).active
        assert excel_rows(exports.write(table, "excel.csv"))[0] == ["Virksomhet", "Per år (kr)"]
    assert (sheet.title, [c.value for c in sheet[1]]) == ("Fakturalinjer", ["Virksomhet", "Per år (kr)"])


def test_more_tables_are_more_sheets_of_the_same_kind():
    other = DataTable("Andre", [Column("n", "Antall", INTEGER)], [[12345678]])
    book = load_workbook(io.BytesIO(exports.xlsx(sample(), other)))
    assert book.sheetnames == ["Fakturalinjer", "Andre"]
    assert book["Andre"]["A2"].number_format == "#,##0" and book["Andre"].freeze_panes == "A2"
    assert_wide_enough(book["Andre"])


def test_an_unknown_file_type_is_not_found():
    from django.http import Http404

    with pytest.raises(Http404):
        exports.response(sample(), exports.variant_of(".xml"), "x")
    assert [exports.variant_of(s) for s in ("-excel.csv", ".csv", ".xlsx", ".json")] == [
        "excel.csv", "csv", "xlsx", "json"]


# --- the invoice lines: one set of columns on every channel ------------------------------------------

@pytest.fixture
def allocation(costs):
    from radsmodell.costs.models import Allocation

    return Allocation.objects.get(model_slug="helsenettet-2025")


def lines_url(allocation, suffix: str) -> str:
    return f"/kostnader/fordelinger/{allocation.pk}/linjer{suffix}"


def test_the_same_invoice_lines_have_the_same_columns_and_amounts_on_the_page_the_console_and_the_api(
        client, allocation, tmp_path):
    from radsmodell.core.api import MAX_LIMIT
    from radsmodell.costs.cli import run_allocate
    from radsmodell.costs.demo.load import DEMO_DIR
    from radsmodell.costs.engine import ore_to_nok

    web_csv = machine_rows(client.get(lines_url(allocation, ".csv")).content)
    web_json = json.loads(client.get(lines_url(allocation, ".json")).content)
    api = client.get(f"/api/allocations/{allocation.pk}/lines", {"limit": MAX_LIMIT}).json()["items"]
    # The demo allocation is the demo register priced at the cost base: the console, given the same, agrees.
    cost = str(ore_to_nok(allocation.cost_ore))
    stdout, stderr, code = run_allocate("helsenettet-2025", 2025, cost, DEMO_DIR / "organisations.csv", "csv")
    assert code == 0, stderr
    console_csv = machine_rows(stdout.encode())
    stdout, stderr, code = run_allocate("helsenettet-2025", 2025, cost, DEMO_DIR / "organisations.csv", "json")
    console_json = json.loads(stdout)["lines"]

    channels = {"web csv": web_csv, "web json": web_json, "api": api, "console csv": console_csv,
                "console json": console_json}
    for name, lines in channels.items():
        assert len(lines) == allocation.lines.count() == 63, name
        assert all(list(line) == LINE_KEYS for line in lines), name
        by_org = {line["org_number"]: line for line in lines}
        nord = by_org["883658752"]  # Helse Nord RHF
        kind = "regional_health_authority" if name == "api" else "rhf"
        assert (nord["name"], nord["kind"], Decimal(str(nord["amount_nok"]))) == (
            "Helse Nord RHF", kind, Decimal("205758.00")), name
        assert str(nord["charged"]).lower() == "true", name
        assert sum(Decimal(str(line["amount_nok"])) for line in lines) == ore_to_nok(allocation.cost_ore), name
    # The API names segment and kind with its English enums, as every API enum; the files with the register's codes.
    assert {line["segment"] for line in api} == {"regional_health_authorities", "municipalities", "others"}
    assert {line["segment"] for line in web_csv} == {line["segment"] for line in console_json} == {
        "rhf", "kommune", "ovrige"}


def test_invoice_lines_for_people_in_excel_csv_and_xlsx(client, allocation):
    rows = excel_rows(client.get(lines_url(allocation, "-excel.csv")).content)
    assert rows[0] == ["Organisasjonsnummer", "Virksomhet", "Segmentkode", "Segment", "Virksomhetstype", "Kategori",
                       "Faktureres", "Per år (kr)", "Første måned (kr)", "Øvrige måneder (kr)"]
    nord = next(row for row in rows if row[1] == "Helse Nord RHF")
    assert nord[3] == "Regionale helseforetak" and nord[6] == "Ja" and nord[7] == "205758,00"
    assert sum(Decimal(row[7].replace(",", ".")) for row in rows[1:]) * 100 == allocation.cost_ore

    response = client.get(lines_url(allocation, ".xlsx"))
    assert response["Content-Disposition"].endswith(f'fordeling-{allocation.pk}-helsenettet-2025-2025.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content))["Fakturalinjer"]
    assert [c.value for c in sheet[1]] == rows[0]
    total = list(sheet.iter_rows(min_row=sheet.max_row, values_only=True))[0]
    assert total[0] == "Sum" and Decimal(str(total[7])) * 100 == allocation.cost_ore
    assert sheet["H2"].number_format == "#,##0.00"
    assert_wide_enough(sheet)


def test_the_allocation_page_offers_the_four_files_and_documents_their_columns(client, allocation):
    page = client.get(f"/kostnader/fordelinger/{allocation.pk}/").content.decode()
    links = [f'href="{lines_url(allocation, suffix)}"' for suffix in ("-excel.csv", ".xlsx", ".csv", ".json")]
    assert all(link in page for link in links)
    assert [page.index(link) for link in links] == sorted(page.index(link) for link in links)  # Excel first
    assert "Last ned fakturalinjene:" in page and "<code>first_month_nok</code>" in page
    assert client.get(lines_url(allocation, ".xml")).status_code == 404


# --- the prioritisation's ranking --------------------------------------------------------------------

@pytest.fixture
def ranking(demo):
    from radsmodell.priority.models import ScoringSession

    session = ScoringSession.objects.get(title="Tiltak for 2023 – prioritering")
    return f"/prioritering/{session.pk}/resultat"


def test_the_ranking_for_excel_rounds_as_the_page_and_keeps_text_out_of_the_number_columns(client, ranking):
    rows = excel_rows(client.get(ranking + "-excel.csv").content)
    assert rows[0] == ["Rang", "Tiltak", "Måloppnåelse", "Kostnader", "Nytte", "Score", "Status (kode)", "Merknad"]
    assert rows[1] == ["1", "PLL (pasientens legemiddelliste)", "9,0", "6,3", "7,5", "22,8", "ranked", ""]
    assert rows[2][4:6] == ["5,3", "20,8"]  # 5.333333333333333 and 20.833333333333332 on the page
    unranked = next(row for row in rows if row[1] == "Dokumentdeling andre helseaktører/tjenester")
    assert unranked == ["", "Dokumentdeling andre helseaktører/tjenester", "4,0", "4,0", "", "", "insufficient_data",
                        "for lite data (Nytte)"]
    for row in rows[1:]:
        assert all(cell == "" or cell.replace(",", "").isdigit() for cell in [row[0], *row[2:6]]), row


def test_the_ranking_for_programs_keeps_full_precision(client, ranking):
    rows = machine_rows(client.get(ranking + ".csv").content)
    assert list(rows[0]) == ["rank", "name", "M", "K", "N", "score", "status", "remark"]
    assert (rows[1]["N"], rows[1]["score"]) == ("5.333333333333333", "20.833333333333332")
    records = json.loads(client.get(ranking + ".json").content)
    assert records[1]["score"] == 20.833333333333332 and records[-1]["score"] is None
    assert records[-1]["remark"] == "for lite data (Nytte)"


def test_the_ranking_workbook_has_numbers_shown_as_the_page_and_the_sensitivity(client, ranking):
    book = load_workbook(io.BytesIO(client.get(ranking + ".xlsx").content))
    assert book.sheetnames == ["Resultat", "Følsomhet"]
    sheet = book["Resultat"]
    assert sheet["F2"].value == 22.75 and sheet["F2"].number_format == "#,##0.0"
    assert [c.value for c in sheet[sheet.max_row]][5:] == [None, "insufficient_data", "for lite data (Nytte)"]
    sensitivity = book["Følsomhet"]
    assert [c.value for c in sensitivity[1]][2:] == ["Rang 5 %", "Rang 95 %"]
    assert sensitivity["B2"].number_format == "#,##0%" and 0 < sensitivity["B2"].value <= 1
    for each in book.worksheets:
        assert each.page_setup.orientation == "landscape"
        assert_wide_enough(each)


def test_the_ranking_page_offers_the_four_files(client, ranking):
    page = client.get(ranking.removesuffix("resultat")).content.decode()
    for suffix in ("-excel.csv", ".xlsx", ".csv", ".json"):
        assert f'href="{ranking}{suffix}"' in page


# --- an indicator's values -----------------------------------------------------------------------------

def test_an_indicators_values_come_in_the_four_files_with_the_columns_of_the_open_data(client, strategy):
    from radsmodell.strategy.datasets import OBSERVATION_COLUMNS

    base = "/strategi/indikatorer/pll-andel-befolkning/"
    page = client.get(base).content.decode()
    for suffix in ("-excel.csv", ".xlsx", ".csv", ".json"):
        assert f'href="{base}data{suffix}"' in page
    keys = [c.key for c in OBSERVATION_COLUMNS]
    records = json.loads(client.get(base + "data.json").content)
    assert len(records) == 21 and all(list(r) == keys for r in records)
    bergen = next(r for r in records if r["area"] == "bergen" and r["period"] == "2025-10")
    assert (bergen["value"], bergen["denominator"], bergen["period_start"]) == (12.1, 475472, "2025-10-01")
    sheet = load_workbook(io.BytesIO(client.get(base + "data.xlsx").content)).active
    assert [c.value for c in sheet[1]] == [str(c.label) for c in OBSERVATION_COLUMNS]
    assert sheet.max_row == 22
    assert_wide_enough(sheet)


# --- opened by LibreOffice -----------------------------------------------------------------------------

def printed(tmp_path, files: dict[str, bytes], infilter: str = "") -> dict[str, str]:
    """Each file as LibreOffice prints it to PDF, as text (its own profile, so parallel runs do not meet)."""
    if SOFFICE is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is not installed: the data files cannot be opened")
        pytest.skip("LibreOffice (soffice) is not installed; the data files are not opened and printed")
    paths = []
    for name, content in files.items():
        paths.append(tmp_path / name)
        paths[-1].write_bytes(content)
    command = [SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless"]
    if infilter:
        command.append(f"--infilter={infilter}")
    subprocess.run([*command, "--convert-to", "pdf", "--outdir", str(tmp_path), *map(str, paths)], check=True,
                   capture_output=True, timeout=180)
    texts = {}
    for path in paths:
        reader = PdfReader(tmp_path / (path.name.rsplit(".", 1)[0] + ".pdf"))
        texts[path.name] = "\n".join(page.extract_text() for page in reader.pages)
    return texts


def test_libreoffice_prints_the_invoice_lines_workbook_with_norwegian_headers_and_no_hashes(
        client, allocation, tmp_path):
    text = printed(tmp_path, {"linjer.xlsx": client.get(lines_url(allocation, ".xlsx")).content})["linjer.xlsx"]
    for header in ("Organisasjonsnummer", "Virksomhet", "Per år (kr)", "Første måned (kr)", "Øvrige måneder (kr)"):
        assert header in text
    assert "Helse Nord RHF" in text and "Sum" in text and "Side 1 av" in text
    assert "###" not in text


def test_libreoffice_opens_the_ranking_for_excel_as_semicolon_separated_utf8_with_no_hashes(client, ranking, tmp_path):
    # What Excel does by double-click: `;` between fields, the BOM's UTF-8, Norwegian numbers (nb-NO: 1044).
    content = client.get(ranking + "-excel.csv").content
    text = printed(tmp_path, {"rangering.csv": content}, infilter="CSV:59,34,76,1,,1044")["rangering.csv"]
    for header in ("Rang", "Tiltak", "Måloppnåelse", "Kostnader", "Nytte", "Score", "Merknad"):
        assert header in text
    assert "Dokumentdeling andre helseaktører/tjenester" in text and "for lite data (Nytte)" in text
    assert "###" not in text and "Ã" not in text  # no mojibake: the file was read as UTF-8
