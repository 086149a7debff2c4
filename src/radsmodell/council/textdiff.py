"""Word-level difference between a proposed decision and the decision, to show amendments.

Plain Python, no Django.
"""
from difflib import SequenceMatcher
from typing import NamedTuple


class Piece(NamedTuple):
    kind: str  # "same", "added" or "removed"
    text: str


def word_diff(before: str, after: str) -> list[Piece]:
    """Pieces of text in reading order; whitespace differences alone are not changes."""
    old, new = before.split(), after.split()
    pieces: list[Piece] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(Piece("same", " ".join(old[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("removed", " ".join(old[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("added", " ".join(new[j1:j2])))
    return pieces
