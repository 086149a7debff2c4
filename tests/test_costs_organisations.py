"""The organisations file (CSV or XLSX): every bad row reported with its line, column and reason."""
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from radsmodell.costs.organisations import HEADER, OrganisationsFileError, parse_organisations, read_organisations

DEMO = Path(__file__).resolve().parents[1] / "src/radsmodell/costs/demo/organisations.csv"
HEAD = ",".join(HEADER)


def csv_text(*rows):
    return "\n".join((HEAD,) + rows) + "\n"


def parse_csv(text):
    return parse_organisations(text.encode("utf-8"), "org.csv")


def errors(text):
    return [str(e) for e in parse_csv(text).errors]


def test_the_demo_file_has_the_four_rhf_seventeen_municipalities_and_forty_two_other_actors():
    organisations = read_organisations(DEMO)
    by_segment = {s: [o for o in organisations if o.segment == s] for s in ("rhf", "kommune", "ovrige")}
    assert [o.name for o in by_segment["rhf"]] == ["Helse Sør-Øst RHF", "Helse Vest RHF", "Helse Midt-Norge RHF",
                                                   "Helse Nord RHF"]
    assert [o.org_number for o in by_segment["rhf"]] == ["991324968", "983658725", "983658776", "883658752"]
    assert len(by_segment["kommune"]) == 17 and by_segment["kommune"][0].population == 717_710
    assert len(by_segment["ovrige"]) == 42
    assert sum(o.chain == "Fiktiv Apotekkjede" for o in organisations) == 12
    # Fictitious numbers start with 1, which no real organisation number does.
    assert all(o.org_number.startswith("1") for o in by_segment["kommune"] + by_segment["ovrige"])


def test_a_good_row_gives_an_organisation_with_its_values():
    row = '974 760 673,Testklinikk AS,privat,ovrige,12 500 000,ja,3,"4,5",86.211,,K'
    result = parse_csv(csv_text(row))
    assert result.ok
    [org] = result.organisations
    assert (org.org_number, org.turnover_nok, org.keeps_accounts, org.locations, org.ftes, org.chain) == \
        ("974760673", 12_500_000, True, 3, Decimal("4.5"), "K")
    assert result.lines == [2]


def test_blank_lines_above_the_header_are_skipped():
    result = parse_csv("\n,,\n" + csv_text("974760673,Testklinikk AS,privat,ovrige,2000000,ja,1,,,,"))
    assert result.ok and result.lines == [4]


def test_the_header_must_be_exactly_the_eleven_columns():
    assert errors("org_number,name\n") == [f"linje 1: overskriften må være {HEAD} (fant org_number,name)"]
    assert errors("") == ["linje 1: filen er tom"]
    assert errors(HEAD + "\n") == ["linje 2: filen har overskrift, men ingen rader med virksomheter"]


def test_every_bad_row_and_column_is_reported_not_only_the_first():
    found = errors(csv_text(
        "123456789,A,privat,rhf,-5,kanskje,x,1.234,8,,",
        "974760673,,sykehus,ovrige,,,,,,,",
        "100000040,Kommune,kommune,kommune,,,,,,,",
        "100000180,Privat,privat,ovrige,,true,-2,-1,,,",
    ))
    assert found == [
        "linje 2, kolonne org_number: «123456789» er ikke et organisasjonsnummer: kontrollsifferet er 9, "
        "modulus 11 gir 5",
        "linje 2, kolonne segment: typen «privat» hører til segmentet «ovrige», ikke «rhf»",
        "linje 2, kolonne turnover_nok: «-5» er negativt; tallet kan ikke være negativt",
        "linje 2, kolonne keeps_accounts: «kanskje» er verken true eller false",
        "linje 2, kolonne locations: «x» er ikke et heltall",
        "linje 2, kolonne ftes: «1.234» er ikke et tall med høyst to desimaler",
        "linje 2, kolonne nace: «8» er ikke en NACE-kode (to sifre, punktum og opptil tre sifre, for eksempel 86.211)",
        "linje 3, kolonne name: mangler navn",
        "linje 3, kolonne kind: ukjent type «sykehus»; kjente typer er rhf, hf, kommune, fylkeskommune, privat, "
        "laboratorium, radiologi, apotek",
        "linje 4, kolonne population: en kommune må oppgi innbyggertallet",
        "linje 5, kolonne turnover_nok: en regnskapspliktig virksomhet må oppgi omsetningen (priskategorien "
        "avhenger av den)",
        "linje 5, kolonne locations: «-2» er negativt; tallet kan ikke være negativt",
        "linje 5, kolonne ftes: «-1» er negativt; tallet kan ikke være negativt",
    ]


def test_unknown_segment_and_missing_accounts_flag_are_reported():
    found = errors(csv_text("974760673,X,privat,privat,100,,1,,,,", "100000040,Y,privat,ovrige,100,,1,,,,"))
    assert found[0].startswith("linje 2, kolonne segment: ukjent segment «privat»")
    assert found[1:] == ["linje 2, kolonne keeps_accounts: oppgi om virksomheten er regnskapspliktig (true/false)",
                         "linje 3, kolonne keeps_accounts: oppgi om virksomheten er regnskapspliktig (true/false)"]


def test_a_duplicate_organisation_number_names_both_lines():
    found = errors(csv_text("974760673,X,privat,ovrige,100,true,1,,,,", "",
                            "974 760 673,Y,privat,ovrige,100,true,1,,,,"))
    assert found == ["linje 4, kolonne org_number: 974760673 står både på linje 2 og linje 4"]


def test_a_row_with_the_wrong_number_of_columns_is_reported():
    assert errors(csv_text("974760673,X,privat")) == ["linje 2: raden har 3 kolonner, men overskriften har 11"]


def test_a_county_council_may_leave_turnover_blank():
    assert parse_csv(csv_text("974760673,Fylke,fylkeskommune,ovrige,,true,30,,84.110,,")).ok


def test_reading_a_bad_file_raises_with_every_error(tmp_path):
    path = tmp_path / "org.csv"
    path.write_text(csv_text("1,X,privat,ovrige,1,true,1,,,,", "2,Y,privat,ovrige,1,true,1,,,,"), encoding="utf-8")
    with pytest.raises(OrganisationsFileError) as raised:
        read_organisations(path)
    assert len(raised.value.errors) == 2 and str(raised.value).startswith("org.csv: linje 2, kolonne org_number")


def workbook_bytes(rows, tmp_path):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    path = tmp_path / "org.xlsx"
    book.save(path)
    return path


def test_an_xlsx_with_the_same_header_reads_numbers_and_flags_from_cells(tmp_path):
    path = workbook_bytes([list(HEADER),
                           [974760673, "Klinikk AS", "privat", "ovrige", 15000000.0, True, 2, 3.5, "86.211", None,
                            None],
                           [None] * 11,
                           ["100000040", "Vardø kommune", "kommune", "kommune", None, None, None, None, "84.110", 1976,
                            None]], tmp_path)
    organisations = read_organisations(path)
    assert [(o.org_number, o.turnover_nok, o.keeps_accounts, o.ftes, o.population) for o in organisations] == [
        ("974760673", 15_000_000, True, Decimal("3.5"), 0), ("100000040", None, True, Decimal(0), 1976)]


def test_an_xlsx_reports_bad_rows_with_their_row_number(tmp_path):
    path = workbook_bytes([list(HEADER),
                           [974760673, "Klinikk AS", "privat", "ovrige", 1, True, 1, None, None, None, None],
                           [974760674, "Feil AS", "privat", "ovrige", -1, True, 1, None, None, None, None]], tmp_path)
    result = parse_organisations(path.read_bytes(), "org.xlsx")
    assert [str(e) for e in result.errors] == [
        "linje 3, kolonne org_number: «974760674» er ikke et organisasjonsnummer: kontrollsifferet er 4, "
        "modulus 11 gir 3",
        "linje 3, kolonne turnover_nok: «-1» er negativt; tallet kan ikke være negativt"]


def test_a_file_that_is_not_a_workbook_is_one_error():
    assert [str(e) for e in parse_organisations(b"not a zip", "org.xlsx").errors][0].startswith(
        "filen: filen kan ikke leses som en XLSX-arbeidsbok")


# ---------------------------------------------------------------- the files Norwegian Excel writes

def test_a_semicolon_file_with_decimal_commas_reads_like_a_comma_file():
    content = (";".join(HEADER) + "\r\n"
               "974 760 673;Testklinikk AS;privat;ovrige;12 500 000;ja;3;4,5;86.211;;K\r\n").encode("utf-8")
    result = parse_organisations(content, "org.csv")
    assert result.ok, [str(e) for e in result.errors]
    [org] = result.organisations
    assert (org.org_number, org.turnover_nok, org.ftes, org.chain) == ("974760673", 12_500_000, Decimal("4.5"), "K")


def test_a_tab_separated_file_with_a_byte_order_mark_and_the_columns_in_another_order_is_read():
    columns = list(reversed(HEADER))
    values = dict(zip(HEADER, ["100000040", "Vardø kommune", "kommune", "kommune", "", "", "", "", "84.110", "1976",
                               ""]))
    content = ("\ufeff" + "\t".join(columns) + "\n" + "\t".join(values[c] for c in columns) + "\n").encode("utf-8")
    [org] = parse_organisations(content, "org.txt").organisations
    assert (org.org_number, org.name, org.population) == ("100000040", "Vardø kommune", 1976)


def test_a_windows_1252_file_keeps_the_norwegian_letters():
    content = (",".join(HEADER) + "\n"
               "991324968,Helse Sør-Øst RHF,rhf,rhf,,,,,,,\n"
               "100000040,Ærøy og Åsen kommune,kommune,kommune,,,,,,1976,\n").encode("cp1252")
    result = parse_organisations(content, "org.csv")
    assert result.ok
    assert [o.name for o in result.organisations] == ["Helse Sør-Øst RHF", "Ærøy og Åsen kommune"]


def test_every_bad_row_of_a_semicolon_file_is_reported_with_line_and_column():
    content = (";".join(HEADER) + "\n"
               "974760674;A;privat;ovrige;1;true;1;;;;\n"
               "974760673;B;privat;ovrige;1;true;1;1,234;;;\n"
               "\n"
               "100000040;C;kommune;kommune;;;;;;;\n").encode("utf-8")
    assert [str(e) for e in parse_organisations(content, "org.csv").errors] == [
        "linje 2, kolonne org_number: «974760674» er ikke et organisasjonsnummer: kontrollsifferet er 4, "
        "modulus 11 gir 3",
        "linje 3, kolonne ftes: «1,234» er ikke et tall med høyst to desimaler",
        "linje 5, kolonne population: en kommune må oppgi innbyggertallet",
    ]
