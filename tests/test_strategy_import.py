"""Observations in from CSV and XLSX (strategy/importing.py and `radsmodell import-observations`):
every error of a file is reported with its line and column, and a file with any error saves nothing."""
import io
from datetime import datetime
from decimal import Decimal as D

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from radsmodell.core.tabular import RowError
from radsmodell.strategy.importing import import_observations, parse_observations
from radsmodell.strategy.models import Indicator, Observation

PLL = "pll-andel-befolkning"  # the `strategy` fixture (conftest.py) loads the demo indicators


def csv_bytes(*lines: str, bom: bool = True, newline: str = "\r\n") -> bytes:
    """A file as Norwegian Excel saves «CSV UTF-8»: BOM, semicolons, CRLF."""
    return (("\ufeff" if bom else "") + newline.join(lines) + newline).encode("utf-8")


def xlsx_bytes(rows: list[list], percent_cells: tuple[str, ...] = ()) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for ref in percent_cells:
        sheet[ref].number_format = "0.0%"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def where(errors: list[RowError]) -> list[tuple[int, str]]:
    return [(e.line, e.column) for e in errors]


def pll(area: str, period: str) -> Observation | None:
    return Observation.objects.filter(indicator__slug=PLL, area__slug=area, period=period).first()


def pll_ambition_for_norway() -> Indicator:
    """PLL with its 2026 ambition tied to Norway, as the secretariat would once the area is clarified (the seed
    does not say which area «Ambisjon 2026 (25 %)» is for, so the demo indicator cannot be assessed)."""
    from radsmodell.strategy import services
    from radsmodell.strategy.models import Area

    indicator = Indicator.objects.get(slug=PLL)
    indicator.interim_ambitions.update(area=Area.objects.get(slug="norge"))
    return services.refresh_status(indicator)


# ---------------------------------------------------------------- good files


def test_semicolon_csv_with_decimal_comma_saves_and_refreshes_the_status(strategy):
    assert Indicator.objects.get(slug=PLL).status == "uklar_ambisjon"
    indicator = pll_ambition_for_norway()
    assert (indicator.status, indicator.latest_period, indicator.latest_value) == ("bak", "2025-10", D("1.5"))
    before = Observation.objects.count()
    result = import_observations(csv_bytes(
        "indicator;area;period;value;note",
        f"{PLL};norge;2025-11;10,5;tenkt tall over banen",
        f"{PLL};bergen;2025-11;12,6;",
        f"{PLL};helse-nord;2025-10;5,3;rettet fra 5,2",
    ), "pll.csv")
    assert result.errors == []
    assert (result.created, result.updated, result.indicators) == (2, 1, 1)
    assert result.summary == "Lagret: 2 nye, 1 oppdaterte observasjoner for 1 indikator"
    assert Observation.objects.count() == before + 2
    assert pll("bergen", "2025-11").value == D("12.6")
    assert pll("helse-nord", "2025-10").value == D("5.3") and pll("helse-nord", "2025-10").note == "rettet fra 5,2"
    # The path from 1,0 % (April 2025) to the 2026 ambition of 25 % is at 9,42 % by the end of November.
    indicator.refresh_from_db()
    assert (indicator.status, indicator.latest_period, indicator.latest_value) == ("på_rett_vei", "2025-11", D("10.5"))
    assert indicator.previous_value == D("1.5")
    assert indicator.expected_value.quantize(D("0.01")) == D("9.42")
    assert (indicator.target_year, indicator.target_value) == (2026, D("25"))


def test_pll_for_norway_in_november_2025_becomes_the_latest_value(strategy):
    pll_ambition_for_norway()
    result = import_observations(csv_bytes("indicator;area;period;value", f"{PLL};norge;2025-11;1,7"), "pll.csv")
    assert (result.created, result.updated) == (1, 0)
    indicator = Indicator.objects.get(slug=PLL)
    assert (indicator.latest_period, indicator.latest_value, indicator.previous_value) == ("2025-11", D("1.7"),
                                                                                           D("1.5"))
    assert indicator.status == "bak"  # 1,7 % against 9,42 % on the path


def test_a_new_value_for_pll_leaves_it_unassessed_while_its_ambition_is_unclear(strategy):
    result = import_observations(csv_bytes("indicator;area;period;value", f"{PLL};norge;2025-11;1,7"), "pll.csv")
    assert result.ok
    indicator = Indicator.objects.get(slug=PLL)
    assert (indicator.status, indicator.latest_value, indicator.target_value) == ("uklar_ambisjon", D("1.7"), None)


def test_a_value_imported_over_an_assumed_one_is_no_longer_marked_as_assumed(strategy):
    slug = "epj-pasientarbeid-hoy-kvalitet"
    assumed = Observation.objects.get(indicator__slug=slug, period="2024")
    assert "Årstallene i diagrammet kan ikke leses" in assumed.assumption
    assert import_observations(csv_bytes("indicator;area;period;value", f"{slug};norge;2024;52"), "epj.csv").ok
    assert Observation.objects.get(indicator__slug=slug, period="2024").assumption == ""
    assert Observation.objects.get(indicator__slug=slug, period="2023").assumption != ""  # the others are untouched


def test_comma_csv_with_numerator_and_denominator_stores_them_and_judges_the_share(strategy):
    result = import_observations(csv_bytes(
        "Indicator,Area,Period,Numerator,Denominator",
        f"{PLL},norge,2025-11,1,3", bom=False, newline="\n"), "pll.csv")
    assert result.ok and result.created == 1
    saved = pll("norge", "2025-11")
    assert (saved.value, saved.numerator, saved.denominator, saved.share.quantize(D("0.0001"))) == (
        None, 1, 3, D("33.3333"))
    assert Indicator.objects.get(slug=PLL).latest_value == D("33.3333")


def test_a_value_and_a_matching_numerator_and_denominator_are_all_kept(strategy):
    rows, errors = parse_observations(csv_bytes(
        "indicator;area;period;value;numerator;denominator",
        f"{PLL};bergen;2025-11;12,1;57 537;475 472"), "pll.csv")
    assert errors == []
    assert [(r["value"], r["numerator"], r["denominator"]) for r in rows] == [(D("12.1"), 57537, 475472)]


def test_a_value_with_the_population_as_denominator_needs_no_numerator(strategy):
    rows, errors = parse_observations(csv_bytes(
        "indicator;area;period;value;numerator;denominator", f"{PLL};norge;2025-11;1,7;;5594340"), "pll.csv")
    assert errors == [] and (rows[0]["value"], rows[0]["numerator"], rows[0]["denominator"]) == (D("1.7"), None,
                                                                                                5594340)


def test_header_is_case_insensitive_and_in_any_order_and_rows_become_service_dicts(strategy):
    rows, errors = parse_observations(csv_bytes(
        "NOTE;Period;VALUE;Measure;Area;Indicator", f"fra NHN;2025-q4;12,5 %;;Bergen;{PLL.upper()}"), "x.csv")
    assert errors == []
    [row] = rows
    assert row["indicator"].slug == PLL and row["area"].slug == "bergen"
    assert {k: row[k] for k in ("measure", "period", "value", "numerator", "denominator", "note")} == {
        "measure": "", "period": "2025-Q4", "value": D("12.5"), "numerator": None, "denominator": None,
        "note": "fra NHN"}


def test_blank_lines_are_skipped_and_importing_again_updates(strategy):
    content = csv_bytes("indicator;area;period;value", "", f"{PLL};norge;2025-11;1,7", ";;;")
    assert import_observations(content, "pll.csv").created == 1
    again = import_observations(content, "pll.csv")
    assert (again.created, again.updated) == (0, 1)


def test_quarterly_indicator_takes_months_and_judges_the_complete_quarter(strategy):
    slug = "bruk-av-fullmakt-helsenorge"
    result = import_observations(csv_bytes(
        "indicator;area;period;value", *(f"{slug};norge;2025-{m:02d};{v}" for m, v in
                                         [(4, "11,1"), (5, "11,4"), (6, "11,7"), (7, "12,0")])), "fullmakt.csv")
    assert result.created == 4
    indicator = Indicator.objects.get(slug=slug)
    # July alone is an incomplete quarter, so the latest judged value is the mean of Q2.
    assert (indicator.latest_period, indicator.latest_value, indicator.status) == ("2025-Q2", D("11.4"),
                                                                                   "uten_ambisjon")


# ---------------------------------------------------------------- bad files


def test_every_bad_row_is_reported_with_line_and_column_and_nothing_is_saved(strategy):
    before = Observation.objects.count()
    latest = Indicator.objects.get(slug=PLL).latest_value
    content = csv_bytes(
        "indicator;area;period;value;numerator;denominator;measure;note",
        f"{PLL};norge;2025-11;1,7;;;;",                        # 2: good, but not saved
        "pll-andel;norge;2025-11;1,7;;;;",                     # 3: unknown indicator
        f"{PLL};oslo;2025-11;1,7;;;;",                         # 4: unknown area
        f"{PLL};bergen;2025-13;12,6;;;;",                      # 5: no such month
        f"{PLL};bergen;2025-12;;;;;",                          # 6: neither value nor numerator/denominator
        f"{PLL};bergen;2026-01;12,5;60000;475472;;",           # 7: 60000/475472 is 12,62 %
        f"{PLL};bergen;2026-02;-1;;;;",                        # 8: negative
        f"{PLL};bergen;2026-03;;5;0;;",                        # 9: zero denominator
        f"{PLL};bergen;2026-04;;500;400;;",                    # 10: numerator above denominator
        f"{PLL};bergen;2026-05;120;;;;",                       # 11: over 100 %
        f"{PLL};norge;2025-11;1,8;;;;",                        # 12: same series and period as line 2
        "bruk-av-fullmakt-helsenorge;norge;2025-Q3;11,5;;;;",  # 13: quarter of a mean-of-months indicator
        f"{PLL};bergen;2026-06;tolv;;;;",                      # 14: not a number
        f"{PLL};bergen;2026-07;;1,5;10;;",                     # 15: numerator is not a whole number
        f"{PLL};bergen;2026-08;;5;;;",                         # 16: numerator without denominator
    )
    rows, errors = parse_observations(content, "pll.csv")
    assert rows == []
    assert where(errors) == [(3, "indicator"), (4, "area"), (5, "period"), (6, "value"), (7, "value"),
                             (8, "value"), (9, "denominator"), (10, "numerator"), (11, "value"), (12, "period"),
                             (13, "period"), (14, "value"), (15, "numerator"), (16, "denominator")]
    reasons = {e.line: e.message for e in errors}
    assert reasons[3] == "ukjent indikator «pll-andel»; mente du pll-andel-befolkning?"
    assert reasons[4] == "ukjent område «oslo»; kjente områder er norge, bergen, helse-nord"
    assert "«2025-13» er ikke en periode" in reasons[5]
    assert "mangler verdi" in reasons[6]
    assert reasons[7] == "verdien 12,5 stemmer ikke med teller/nevner (60000/475472 = 12,619 %)"
    assert "negativ" in reasons[8]
    assert reasons[9] == "nevneren er 0; den må være større enn 0"
    assert reasons[10] == "telleren (500) er større enn nevneren (400)"
    assert reasons[11] == "120 er over 100, men pll-andel-befolkning måles i prosent (0–100)"
    assert reasons[12] == "pll-andel-befolkning / norge / 2025-11 står både på linje 2 og linje 12"
    assert reasons[13].startswith("bruk-av-fullmakt-helsenorge regner kvartalet som snittet av månedene: "
                                  "oppgi månedene (2025-07, 2025-08, 2025-09)")
    assert reasons[14] == "«tolv» er ikke et tall"
    assert reasons[15] == "1,5 er ikke et heltall"
    assert reasons[16] == "telleren er oppgitt, men nevneren mangler"
    assert str(errors[0]) == ("linje 3, kolonne indicator: ukjent indikator «pll-andel»; "
                              "mente du pll-andel-befolkning?")

    result = import_observations(content, "pll.csv")
    assert (result.ok, result.created, result.updated, len(result.errors)) == (False, 0, 0, 14)
    assert Observation.objects.count() == before
    assert pll("norge", "2025-11") is None
    assert Indicator.objects.get(slug=PLL).latest_value == latest


def test_a_value_within_five_hundredths_of_numerator_over_denominator_is_accepted(strategy):
    # 57 537 / 475 472 = 12,101 %
    ok = csv_bytes("indicator;area;period;value;numerator;denominator", f"{PLL};bergen;2025-11;12,15;57537;475472")
    off = csv_bytes("indicator;area;period;value;numerator;denominator", f"{PLL};bergen;2025-11;12,16;57537;475472")
    assert parse_observations(ok, "x.csv")[1] == []
    assert where(parse_observations(off, "x.csv")[1]) == [(2, "value")]


def test_values_above_100_are_allowed_for_units_other_than_percent(strategy):
    Indicator.objects.filter(slug=PLL).update(unit="antall")
    rows, errors = parse_observations(csv_bytes("indicator;area;period;value", f"{PLL};norge;2025-11;5 594 340"),
                                      "x.csv")
    assert errors == [] and rows[0]["value"] == D("5594340")


def test_the_same_period_is_allowed_in_another_measure(strategy):
    rows, errors = parse_observations(csv_bytes(
        "indicator;area;period;value;measure", f"{PLL};norge;2025-11;1,7;", f"{PLL};norge;2025-11;30;behov"), "x.csv")
    assert errors == [] and [r["measure"] for r in rows] == ["", "behov"]


@pytest.mark.parametrize("header, reason", [
    ("indicator;area;value", "overskriften mangler period"),
    ("indicator;area;period;value;kommentar", "ukjent kolonne «kommentar»; tillatt er indicator, area, period"),
    ("indicator;area;period;note", "overskriften må ha value og/eller både numerator og denominator"),
    ("indicator;area;period;numerator", "overskriften må ha value og/eller både numerator og denominator"),
    ("indicator;area;period;value;numerator", "numerator og denominator må stå sammen"),
    ("indicator;area;period;value;value", "kolonnen «value» står to ganger"),
], ids=["period-required", "extra-column-refused", "value-or-counts-required", "numerator-needs-denominator",
        "counts-come-together", "no-column-twice"])
def test_a_wrong_header_is_refused_on_line_1(strategy, header, reason):
    rows, errors = parse_observations(csv_bytes(header, f"{PLL};norge;2025-11;1,7"), "x.csv")
    assert rows == [] and [e.line for e in errors] == [1] and reason in errors[0].message


def test_an_unquoted_decimal_comma_in_a_comma_separated_file_is_explained(strategy):
    _, errors = parse_observations(csv_bytes("indicator,area,period,value", f"{PLL},norge,2025-11,1,7"), "x.csv")
    assert where(errors) == [(2, "")]
    assert "desimalkomma i en kommaseparert fil må stå i anførselstegn" in errors[0].message
    assert errors[0].message.startswith("raden har verdier i 5 kolonner, men overskriften har bare 4")


def test_a_quoted_decimal_comma_in_a_comma_separated_file_is_read(strategy):
    rows, errors = parse_observations(csv_bytes("indicator,area,period,value", f'{PLL},norge,2025-11,"1,7"'), "x.csv")
    assert errors == [] and rows[0]["value"] == D("1.7")


def test_both_comma_and_point_in_a_number_is_refused_as_ambiguous(strategy):
    _, errors = parse_observations(csv_bytes("indicator;area;period;value", f"{PLL};norge;2025-11;1.234,5"), "x.csv")
    assert where(errors) == [(2, "value")] and "både komma og punktum" in errors[0].message


def test_a_windows_1252_file_as_excel_saves_it_on_norwegian_windows_is_read(strategy):
    content = b"indicator;area;period;value;note\n" + f"{PLL};norge;2025-11;1,7;måned\n".encode("cp1252")
    rows, errors = parse_observations(content, "x.csv")
    assert errors == [] and rows[0]["note"] == "måned"


def test_a_file_in_neither_utf8_nor_windows_1252_is_refused_with_its_line(strategy):
    content = b"indicator;area;period;value;note\n" + f"{PLL};norge;2025-11;1,7;".encode() + b"\x81\n"
    _, errors = parse_observations(content, "x.csv")
    assert where(errors) == [(2, "")] and "verken UTF-8- eller Windows-1252" in errors[0].message


def test_a_tab_separated_file_is_read(strategy):
    rows, errors = parse_observations(csv_bytes("indicator\tarea\tperiod\tvalue", f"{PLL}\tnorge\t2025-11\t1,7"),
                                      "x.csv")
    assert errors == [] and rows[0]["value"] == D("1.7")


def test_an_empty_file_and_a_header_without_rows_are_refused(strategy):
    assert [str(e) for e in parse_observations(b"", "x.csv")[1]] == ["linje 1: filen er tom"]
    assert "ingen rader" in parse_observations(csv_bytes("indicator;area;period;value"), "x.csv")[1][0].message


# ---------------------------------------------------------------- XLSX


def test_xlsx_first_sheet_saves_numbers_percent_cells_and_excel_dates(strategy):
    content = xlsx_bytes([
        ["Indicator", "Area", "Period", "Value", "Note"],
        [PLL, "norge", "2025-11", 1.7, None],
        [PLL, "bergen", datetime(2025, 11, 1), 0.126, "prosentformatert celle"],  # Excel shows 12,6 %
        [PLL, "helse-nord", "2025-11", "5,9", None],
    ], percent_cells=("D3",))
    result = import_observations(content, "pll.xlsx")
    assert result.errors == [] and (result.created, result.updated, result.indicators) == (3, 0, 1)
    assert (pll("norge", "2025-11").value, pll("bergen", "2025-11").value, pll("helse-nord", "2025-11").value) == (
        D("1.7"), D("12.6"), D("5.9"))
    assert Indicator.objects.get(slug=PLL).latest_value == D("1.7")


def test_xlsx_cell_with_a_quoted_percent_sign_in_its_format_is_not_scaled(strategy):
    workbook = openpyxl.Workbook()
    workbook.active.append(["indicator", "area", "period", "value"])
    workbook.active.append([PLL, "norge", "2025-11", 1.7])
    workbook.active["D2"].number_format = '0.0" %"'  # shows «1,7 %» without multiplying by 100
    out = io.BytesIO()
    workbook.save(out)
    rows, errors = parse_observations(out.getvalue(), "a.xlsx")
    assert errors == [] and rows[0]["value"] == D("1.7")


def test_xlsx_numerator_and_denominator_may_be_floats_that_are_whole(strategy):
    rows, errors = parse_observations(xlsx_bytes([
        ["indicator", "area", "period", "numerator", "denominator"], [PLL, "bergen", 2025, 57537.0, 475472]]), "a.xlsx")
    assert errors == [] and (rows[0]["period"], rows[0]["numerator"], rows[0]["denominator"]) == ("2025", 57537,
                                                                                                    475472)


def test_xlsx_errors_carry_the_sheet_row_number_and_nothing_is_saved(strategy):
    before = Observation.objects.count()
    content = xlsx_bytes([
        ["indicator", "area", "period", "value"],
        [PLL, "norge", "2025-11", 1.7],
        [None, None, None, None],                         # row 3 is empty and skipped
        [PLL, "stavanger", "2025-11", 1.7],               # row 4
        [PLL, "bergen", datetime(2025, 11, 15), 12.6],    # row 5: a date, not a month
        [PLL, "bergen", "2025-12", 126],                  # row 6: over 100 %
        [PLL, "norge", "2025-11", 1.8],                   # row 7: twice
    ])
    _, errors = parse_observations(content, "pll.xlsx")
    assert [str(e) for e in errors] == [
        "linje 4, kolonne area: ukjent område «stavanger»; kjente områder er norge, bergen, helse-nord",
        "linje 5, kolonne period: «2025-11-15» er en dato, ikke en periode: skriv år (2024), kvartal (2024-Q3) "
        "eller måned (2024-07) som tekst",
        "linje 6, kolonne value: 126 er over 100, men pll-andel-befolkning måles i prosent (0–100)",
        "linje 7, kolonne period: pll-andel-befolkning / norge / 2025-11 står både på linje 2 og linje 7",
    ]
    assert not import_observations(content, "pll.xlsx").ok
    assert Observation.objects.count() == before


def test_a_broken_workbook_and_old_xls_are_refused_for_the_whole_file(strategy):
    assert [str(e) for e in parse_observations(b"PK\x03\x04 not really", "a.xlsx")[1]] == [
        "filen: filen kan ikke leses som en XLSX-arbeidsbok"]
    assert "XLS-formatet" in parse_observations(b"\xd0\xcf\x11\xe0", "gammel.xls")[1][0].message


# ---------------------------------------------------------------- the command


def test_command_saves_a_good_file_and_says_how_many(strategy, tmp_path):
    path = tmp_path / "pll.csv"
    path.write_bytes(csv_bytes("indicator;area;period;value", f"{PLL};norge;2025-11;1,7", f"{PLL};norge;2025-10;1,6"))
    out = io.StringIO()
    call_command("import_observations", str(path), stdout=out)
    assert out.getvalue().strip() == "Lagret: 1 nye, 1 oppdaterte observasjoner for 1 indikator"
    assert Indicator.objects.get(slug=PLL).latest_value == D("1.7")


def test_command_reports_every_error_line_on_stderr_and_saves_nothing(strategy, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes("indicator;area;period;value", f"{PLL};norge;2025-11;1,7", f"{PLL};oslo;2025-11;1,7",
                               f"{PLL};norge;2025-14;1,7"))
    before = Observation.objects.count()
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="2 feil; ingenting er lagret"):
        call_command("import_observations", str(path), stdout=out, stderr=err)
    lines = err.getvalue().splitlines()
    assert lines[0].endswith("bad.csv: linje 3, kolonne area: ukjent område «oslo»; kjente områder er norge, "
                             "bergen, helse-nord")
    assert "bad.csv: linje 4, kolonne period: «2025-14» er ikke en periode" in lines[1]
    assert out.getvalue() == "" and Observation.objects.count() == before


def test_command_exits_non_zero_on_errors_and_on_a_missing_file(strategy, tmp_path, capsys):
    from radsmodell.strategy.management.commands.import_observations import Command

    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes("indicator;area;period;value", f"{PLL};oslo;2025-11;1,7"))
    with pytest.raises(SystemExit) as exit_:
        Command().run_from_argv(["radsmodell", "import_observations", str(path)])
    assert exit_.value.code == 1
    assert "linje 2, kolonne area" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        Command().run_from_argv(["radsmodell", "import_observations", str(tmp_path / "finnes-ikke.csv")])
    assert exit_.value.code == 1 and "kan ikke lese" in capsys.readouterr().err
