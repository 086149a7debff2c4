from radsmodell.council.textdiff import Piece, word_diff


def test_amended_point_shows_removed_and_added_words():
    proposal = "2. NUIT anbefaler en økning på 100 mill. kroner i 2025."
    decision = "2. Helsedirektoratet tar med seg saken til departementet."
    pieces = word_diff(proposal, decision)
    assert pieces[0] == Piece("same", "2.")
    assert Piece("removed", "NUIT anbefaler en økning på 100 mill. kroner i 2025.") in pieces
    assert Piece("added", "Helsedirektoratet tar med seg saken til departementet.") in pieces


def test_identical_text_with_other_line_breaks_has_no_changes():
    pieces = word_diff("NUIT tar saken\ntil orientering.", "NUIT tar saken til  orientering.")
    assert [p.kind for p in pieces] == ["same"]


def test_inserted_words_keep_the_rest_unchanged():
    pieces = word_diff("NUIT godkjenner planen.", "NUIT godkjenner planen med endringer.")
    assert pieces == [Piece("same", "NUIT godkjenner"), Piece("removed", "planen."),
                      Piece("added", "planen med endringer.")]
