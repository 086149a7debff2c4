"""`radsmodell prioritize`: the council's table from a CSV, as JSON, CSV or a printed table.

Two tests run the real console command (exit code, stderr); the others call it in-process,
which is the same code without starting an interpreter. All in English, as the installation
can choose with RADSMODELL_LANGUAGE.
"""
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

DEMO = Path(__file__).resolve().parents[1] / "src/radsmodell/priority/demo/ehelseraad-2022.csv"
HEADER = "name,Q1,Q2,C1,C2,C3,C4,P1,P2,H1,H2,I"


def prioritize(tmp_path, *args):
    """The console command in its own interpreter."""
    env = {**os.environ, "RADSMODELL_DATA_DIR": str(tmp_path / "data"), "RADSMODELL_LANGUAGE": "en"}
    return subprocess.run([sys.executable, "-m", "radsmodell.cli", "prioritize", *args],
                          capture_output=True, text=True, env=env, timeout=60)


def run(*args) -> tuple[str, str]:
    """The command in this process: (stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        call_command("prioritize", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(*args) -> str:
    with translation.override("en"), pytest.raises(CommandError) as error:
        call_command("prioritize", *args, stdout=io.StringIO(), stderr=io.StringIO())
    return str(error.value)


def test_json_lists_the_measures_best_first_with_groups_score_rank_and_status(tmp_path):
    done = prioritize(tmp_path, "--model", "ehelseraad-2022", "--input", str(DEMO), "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert rows[0]["name"] == "PLL (pasientens legemiddelliste)" and rows[0]["rank"] == 1
    assert rows[0]["M"] == 9 and rows[0]["K"] == 6.25 and rows[0]["N"] == 7.5 and rows[0]["score"] == 22.75
    assert rows[-1]["status"] == "insufficient_data" and rows[-1]["rank"] is None and rows[-1]["N"] is None
    assert [r["rank"] for r in rows[:11]] == list(range(1, 12))
    assert "line 12, column C3" in done.stderr and "Sjekke med Siri Pernille?" in done.stderr


def test_table_shows_one_decimal_and_names_the_missing_group():
    stdout, _ = run("--model", "ehelseraad-2022", "--input", str(DEMO), "--format", "table")
    assert "22.8" in stdout and "insufficient data (Nytte)" in stdout


def test_csv_output_has_one_line_per_measure():
    stdout, _ = run("--model", "ehelseraad-2022", "--input", str(DEMO), "--format", "csv")
    lines = stdout.strip().splitlines()
    assert lines[0] == "rank,name,M,K,N,score,status,remark" and len(lines) == 13
    assert lines[6].startswith("6,Digitale behandlings- og egenbehandlingsplaner (DBEP),")


def test_malformed_file_exits_non_zero_naming_line_and_column(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEADER}\nA,1,1,1,1,1,1,1,1,1,1,1\nB,1,1,1,1,1,1,1,1,1,1,14\n")
    done = prioritize(tmp_path, "--model", "ehelseraad-2022", "--input", str(bad))
    assert done.returncode != 0 and "line 3, column I" in done.stderr
    bad.write_text("name,Q1\n")
    assert "line 1: the header must be name,Q1,Q2" in refused("--model", "ehelseraad-2022", "--input", str(bad))
    assert "--model" in refused("--model", "finnes-ikke", "--input", str(bad))
