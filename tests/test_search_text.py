"""The snippets of a search hit (core/search/text.py): which words are marked, and which are shown."""
from radsmodell.core.search.text import SNIPPET_WORDS, Marker, opening, parse


def snippet(query: str, text: str) -> str | None:
    found = Marker(parse(query)).snippet(text)
    return None if found is None else str(found)


def numbered(count: int) -> str:
    return " ".join(f"ord{n}" for n in range(1, count + 1))


def test_a_match_deep_in_a_long_text_is_shown_with_ten_words_before_it():
    text = f"{numbered(50)} kjernejournalen {numbered(60).replace('ord', 'etter')}."
    shown = snippet("kjernejournal", text)
    assert shown.startswith("… ord41 ord42 ") and "ord40" not in shown
    assert "ord50 <mark>kjernejournalen</mark> etter1 " in shown
    assert shown.endswith(" etter19 …") and "etter20" not in shown
    assert len(shown.removeprefix("… ").removesuffix(" …").split()) == SNIPPET_WORDS


def test_a_match_near_the_start_shows_the_text_from_its_start_and_to_its_end_when_short():
    assert snippet("helsenett", "Om   Helsenettet.\n\nOg helsenett, til slutt!") == (
        "Om <mark>Helsenettet</mark>. Og <mark>helsenett</mark>, til slutt!")


def test_every_form_of_a_matched_word_is_marked_as_written_and_others_are_not():
    shown = snippet("kjernejournalen", "KJERNEJOURNAL og kjernejournaler, men ikke kjernen eller journal.")
    assert shown == "<mark>KJERNEJOURNAL</mark> og <mark>kjernejournaler</mark>, men ikke kjernen eller journal."


def test_prefixes_and_phrases_mark_their_words():
    assert snippet("legemid*", "Om legemidler og legemiddellisten.") == (
        "Om <mark>legemidler</mark> og <mark>legemiddellisten</mark>.")
    assert snippet('"digitalt helsenett"', "Et digitalt helsenett.") == (
        "Et <mark>digitalt</mark> <mark>helsenett</mark>.")


def test_words_are_marked_where_punctuation_or_underscores_part_them():
    assert snippet("resept", "Om e-resept_resept.") == "Om e-<mark>resept</mark>_<mark>resept</mark>."


def test_a_word_that_case_folds_to_other_letters_is_found_and_marked():
    assert snippet("strasse", "Adressen er Hauptstraße 1.") is None  # part of a word: no match
    assert snippet("strasse", "Adressen er STRAßE 1.") == "Adressen er <mark>STRAßE</mark> 1."


def test_the_snippet_is_escaped_around_the_marks():
    assert snippet("helse", "<b>helse</b> & 'mer'") == "&lt;b&gt;<mark>helse</mark>&lt;/b&gt; &amp; &#x27;mer&#x27;"


def test_no_matched_word_gives_no_snippet():
    assert snippet("kjernejournal", "Ingenting om det her, bare om journaler.") is None
    assert snippet("kjernejournal", "") is None


def test_the_opening_shows_the_first_words_unmarked():
    assert str(opening(numbered(40))) == numbered(SNIPPET_WORDS) + " …"
    assert str(opening("  Kort <tekst>.  ")) == "Kort &lt;tekst&gt;."
    assert str(opening(" … ")) == "…"


def test_a_whole_text_such_as_the_title_is_marked():
    assert str(Marker(parse("kjernejournal")).mark("Kjernejournal for <alle>")) == (
        "<mark>Kjernejournal</mark> for &lt;alle&gt;")


def test_the_token_between_fields_is_never_searched_for():
    assert parse("x0x0x") == [] and parse('"X0X0X helse"') == parse("helse")
