"""`radsmodell allocate`: one line per organisation, amounts that add up exactly to the cost."""
import csv
import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from radsmodell.costs.cli import run_allocate

DEMO = Path(__file__).resolve().parents[1] / "src/radsmodell/costs/demo/organisations.csv"
HEAD = "org_number,name,kind,segment,turnover_nok,keeps_accounts,locations,ftes,nace,population,chain"


def rows(stdout):
    return list(csv.DictReader(io.StringIO(stdout)))


@pytest.mark.parametrize("model, year, legal", [("sfm-2025", 2025, False), ("sfm-2025", 2025, True),
                                                ("provesvar-2025", 2025, False), ("provesvar-2025", 2025, True),
                                                ("helsenettet-2024", 2024, False), ("helsenettet-2025", 2025, False)])
def test_csv_lines_add_up_exactly_to_the_cost_for_every_built_in_model(model, year, legal):
    stdout, stderr, code = run_allocate(model, year, "120000000", DEMO, "csv", legal)
    assert code == 0, stderr
    lines = rows(stdout)
    assert len(lines) == 63 and list(lines[0]) == ["org_number", "name", "segment", "segment_label", "kind",
                                                   "category", "charged", "amount_nok", "first_month_nok",
                                                   "monthly_nok"]
    assert sum(Decimal(line["amount_nok"]) for line in lines) == Decimal("120000000.00")
    for line in lines:
        assert Decimal(line["first_month_nok"]) + 11 * Decimal(line["monthly_nok"]) == Decimal(line["amount_nok"])


def test_helsenettet_2025_shows_the_category_of_each_other_actor_and_none_for_rhf_and_municipalities():
    stdout, _, _ = run_allocate("helsenettet-2025", 2025, "120000000", DEMO, "csv", False)
    lines = {line["name"]: line for line in rows(stdout)}
    assert lines["Helse Nord RHF"]["category"] == "" and lines["Helse Nord RHF"]["amount_nok"] == "10000000.00"
    assert lines["Oslo kommune"]["category"] == ""
    assert lines["Midtbyen Spesialistsenter AS (fiktiv)"]["category"] == "A"  # exactly 15 MNOK
    assert lines["Granly Sykehjem AS (fiktiv)"]["category"] == "B"  # exactly 40 MNOK
    assert lines["Fiktiv Apotek Molde AS"]["category"] == "kjede"
    assert lines["Fiktiv Dagligvare AS"]["category"] == "unntak"


def test_json_gives_exact_decimal_strings_and_the_segment_totals():
    stdout, stderr, code = run_allocate("sfm-2025", 2025, "1000000.01", DEMO, "json", True)
    assert code == 0 and stderr == ""
    document = json.loads(stdout)
    assert document["step"] == "Med rettslig grunnlag for private" and document["cost_nok"] == "1000000.01"
    assert [(s["segment"], s["share"], s["amount_nok"]) for s in document["segments"]] == [
        ("rhf", "99/200", "495000.01"), ("kommune", "99/200", "495000.00"), ("ovrige", "1/100", "10000.00")]
    assert sum(Decimal(line["amount_nok"]) for line in document["lines"]) == Decimal("1000000.01")
    labs = [line for line in document["lines"] if line["kind"] == "laboratorium"]
    assert all(line["amount_nok"] == "0.00" and not line["charged"] for line in labs)


def test_the_legal_basis_flag_on_helsenettet_is_a_note_on_stderr():
    _, stderr, code = run_allocate("helsenettet-2025", 2025, "100", DEMO, "csv", True)
    assert code == 0 and stderr.startswith("merknad: helsenettet-2025 har ikke eget trinn")


def test_bad_arguments_exit_2_naming_the_argument(tmp_path):
    assert run_allocate("finnes-ikke", 2025, "1", DEMO, "csv")[1].startswith("--model: ukjent modell «finnes-ikke»")
    assert run_allocate("sfm-2025", 2025, "12,345", DEMO, "csv")[2] == 2
    assert "--cost: «1.234» is not an amount" in run_allocate("sfm-2025", 2025, "1.234", DEMO, "csv")[1]
    assert "--cost: kostnaden kan ikke være negativ" in run_allocate("sfm-2025", 2025, "-1", DEMO, "csv")[1]
    assert run_allocate("sfm-2025", 2025, "1", DEMO, "xml")[2] == 2
    assert "filen finnes ikke" in run_allocate("sfm-2025", 2025, "1", tmp_path / "x.csv", "csv")[1]


def test_a_bad_organisations_file_exits_1_with_every_line_and_reason(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEAD}\n974760673,A,privat,ovrige,1,true,1,,,,\n974760674,B,privat,ovrige,1,true,1,,,,\n"
                   f"100000040,C,kommune,kommune,,,,,,-4,\n", encoding="utf-8")
    stdout, stderr, code = run_allocate("sfm-2025", 2025, "1000", bad, "csv")
    assert code == 1 and stdout == ""
    assert stderr.splitlines() == [
        "bad.csv: linje 3, kolonne org_number: «974760674» er ikke et organisasjonsnummer: kontrollsifferet er 4, "
        "modulus 11 gir 3",
        "bad.csv: linje 4, kolonne population: «-4» er negativt; tallet kan ikke være negativt"]


def test_a_segment_nobody_can_pay_exits_1_naming_the_segment(tmp_path):
    only_rhf = tmp_path / "rhf.csv"
    only_rhf.write_text(f"{HEAD}\n991324968,Helse Sør-Øst RHF,rhf,rhf,,,,,,,\n", encoding="utf-8")
    _, stderr, code = run_allocate("helsenettet-2025", 2025, "1000", only_rhf, "csv")
    assert code == 1 and "segment «kommune» (Kommuner) has a share of 1/3" in stderr


def allocate_command(tmp_path, *args):
    env = {**os.environ, "RADSMODELL_DATA_DIR": str(tmp_path / "data")}
    return subprocess.run([sys.executable, "-m", "radsmodell.cli", "allocate", *args],
                          capture_output=True, text=True, env=env, timeout=120)


def test_the_console_command_writes_csv_that_adds_up_to_the_cost(tmp_path):
    done = allocate_command(tmp_path, "--model", "helsenettet-2025", "--year", "2025", "--cost", "120000000",
                            "--organisations", str(DEMO), "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert sum(Decimal(line["amount_nok"]) for line in rows(done.stdout)) == Decimal("120000000.00")


def test_the_console_command_exits_non_zero_with_line_and_reason(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEAD}\n974760673,A,privat,ovrige,-1,true,1,,,,\n", encoding="utf-8")
    done = allocate_command(tmp_path, "--model", "sfm-2025", "--year", "2025", "--cost", "100",
                            "--organisations", str(bad))
    assert done.returncode == 1
    assert "bad.csv: linje 2, kolonne turnover_nok: «-1» er negativt; tallet kan ikke være negativt" in done.stderr
    done = allocate_command(tmp_path, "--model", "finnes-ikke", "--year", "2025", "--cost", "100",
                            "--organisations", str(bad))
    assert done.returncode == 2 and "--model: ukjent modell" in done.stderr
