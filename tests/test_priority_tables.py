"""The score table (CSV) as people send it: any separator Excel writes, every problem named at once."""
from pathlib import Path

import pytest

from radsmodell.core.tabular import TableError
from radsmodell.priority.builtin import EHELSERAAD_2022 as MODEL
from radsmodell.priority.tables import TextCell, read_scores_csv

DEMO = Path(__file__).resolve().parents[1] / "src/radsmodell/priority/demo/ehelseraad-2022.csv"
HEADER = "name,Q1,Q2,C1,C2,C3,C4,P1,P2,H1,H2,I"


def problems(content: str | bytes) -> list[tuple[int, str]]:
    with pytest.raises(TableError) as error:
        read_scores_csv(content, MODEL)
    return [(problem.line, problem.column) for problem in error.value.errors]


def test_every_bad_row_is_named_with_its_line_and_column():
    rows = ["A,1,1,1,1,1,1,1,1,1,1,14", ",1,1,1,1,1,1,1,1,1,1,1", "A,1,1", "C,11,1,1,1,1,1,1,1,1,1,-1",
            "A,1,1,1,1,1,1,1,1,1,1,1"]
    assert problems("\n".join([HEADER, *rows])) == [(2, "I"), (3, "name"), (4, ""), (5, "Q1"), (5, "I"), (6, "name")]


def test_the_messages_say_what_is_wrong_in_norwegian():
    with pytest.raises(TableError) as error:
        read_scores_csv(f"{HEADER}\nB,1,1,1,1,1,1,1,1,1,1,14\nB,1,1\n", MODEL)
    assert [str(problem) for problem in error.value.errors] == [
        "linje 2, kolonne I: B: I = 14 er utenfor skalaen 0–10", "linje 3: 3 kolonner, ventet 12"]
    with pytest.raises(TableError, match="^linje 1: overskriften må være name;Q1;Q2;.*I \\(fant navn;Q1\\)$"):
        read_scores_csv("navn;Q1\nA;1\n", MODEL)
    with pytest.raises(TableError, match="^linje 1: filen er tom$"):
        read_scores_csv(b"", MODEL)


def test_a_semicolon_file_in_windows_1252_with_decimal_commas_is_read():
    text = DEMO.read_text(encoding="utf-8").replace(",", ";").replace(
        "PLL (pasientens legemiddelliste);8;", "PLL (pasientens legemiddelliste);7,5;")
    measures, notes = read_scores_csv(text.encode("cp1252"), MODEL, "scores.csv")
    assert measures["PLL (pasientens legemiddelliste)"][0]["Q1"] == 7.5
    assert "Dokumentdeling i legevakt/ØHD" in measures and len(measures) == 12
    assert [(note.line, note.column, note.text) for note in notes] == [(12, "C3", "Sjekke med Siri Pernille?")]


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_any_separator_with_a_byte_order_mark_and_empty_cells_right_of_the_table(separator):
    row = separator.join(["A", "7.5", "8", "", "", "", "", "", "", "", "", "3"])
    content = "\ufeff".encode() + f"{HEADER.replace(',', separator)}{separator}\n{row}{separator}{separator}\n".encode()
    measures, notes = read_scores_csv(content, MODEL)
    assert measures == {"A": [{**dict.fromkeys(MODEL.leaf_keys()), "Q1": 7.5, "Q2": 8.0, "I": 3.0}]} and notes == []


def test_text_in_a_score_cell_is_missing_and_noted_not_refused():
    measures, notes = read_scores_csv(f"{HEADER}\nA,1,1,1,1,spør Siri,1,1,1,1,1,1\n", MODEL)
    assert measures["A"][0]["C3"] is None
    assert notes == [TextCell(2, "C3", "«spør Siri» er ikke et tall og regnes som manglende", measure="A",
                              text="spør Siri")]
