"""The shared demo-data machinery: files checked against declared schemas, sets loaded in order."""
from datetime import date, time

import pytest

from radsmodell.core import demo
from radsmodell.core.demo import Clock, DemoDataError, DemoSchema, IsoDate, RequiredText, Slug, Text, Whole


class Entry(DemoSchema):
    slug: Slug
    name: RequiredText
    count: Whole = 0
    day: IsoDate = None
    start: Clock = None
    note: Text = ""


class File(DemoSchema):
    entries: list[Entry]
    source: RequiredText


def _write(tmp_path, text: str):
    path = tmp_path / "demo.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_unquoted_time_is_a_time_too(tmp_path):
    """YAML 1.1 reads 12:20 without quotes as the number 740 (base 60); 09:15 stays text."""
    path = _write(tmp_path, "source: s\nentries:\n  - {slug: a, name: x, start: 12:20}\n")
    assert demo.read(path, File).entries[0].start == time(12, 20)


def test_a_good_file_gives_typed_values(tmp_path):
    path = _write(tmp_path, "source: seed 000\nentries:\n  - {slug: a-b, name: 17, day: 2024-05-15, start: '09:15'}\n")
    data = demo.read(path, File)
    assert data.entries[0].name == "17" and data.entries[0].day == date(2024, 5, 15)
    assert data.entries[0].start == time(9, 15) and data.entries[0].note == ""


@pytest.mark.parametrize("entry, message", [
    ("{slug: a, name: x, colour: blue, size: 2}", "demo.yaml: entries[0]: unknown field(s) colour, size"),
    ("{slug: a}", "demo.yaml: entries[0].name: missing"),
    ("{slug: a, name: ''}", "demo.yaml: entries[0].name: missing"),
    ("{slug: A b, name: x}", "demo.yaml: entries[0].slug: «A b» is not a kebab-case ASCII slug"),
    ("{slug: a, name: [x]}", "demo.yaml: entries[0].name: expected text, not list"),
    ("{slug: a, name: x, count: '3'}", "demo.yaml: entries[0].count: expected a whole number, not «3»"),
    ("{slug: a, name: x, day: 2024-13-01}", "demo.yaml: entries[0].day: «2024-13-01» is not a date (YYYY-MM-DD)"),
    ("{slug: a, name: x, start: 9.15}", "demo.yaml: entries[0].start: «9.15» is not a time (HH:MM)"),
])
def test_a_wrong_field_names_the_file_and_its_path(tmp_path, entry, message):
    path = _write(tmp_path, f"source: s\nentries:\n  - {entry}\n")
    with pytest.raises(DemoDataError) as error:
        demo.read(path, File)
    assert str(error.value) == message


def test_every_problem_of_a_file_is_listed(tmp_path):
    path = _write(tmp_path, "entries: {slug: a}\ncolour: blue\n")
    with pytest.raises(DemoDataError) as error:
        demo.read(path, File)
    assert str(error.value).splitlines() == [
        "demo.yaml: entries: expected a list", "demo.yaml: source: missing",
        "demo.yaml: (top): unknown field(s) colour"]


def test_broken_yaml_names_the_line(tmp_path):
    path = _write(tmp_path, "source: s\nentries: [\n")
    with pytest.raises(DemoDataError, match=r"^demo.yaml: line 3: not valid YAML"):
        demo.read(path, File)


def test_a_rule_beyond_the_schema_fails_at_its_place():
    with pytest.raises(DemoDataError, match=r"^x.yaml: entries\[2\]\.type: unknown type «y»$"):
        demo.Place("x.yaml").at("entries").at(2).at("type").fail("unknown type «y»")


def test_sets_load_after_the_sets_they_link_to_and_only_once(monkeypatch):
    loaded: list[str] = []
    sets = {name: demo.DemoSet(name, lambda name=name: loaded.append(name) or {name: 1},
                               lambda name=name: name in loaded, after=after)
            for name, after in (("c", ("a", "b")), ("b", ("a",)), ("a", ()))}
    monkeypatch.setattr(demo, "_sets", sets)
    assert [s.name for s in demo.ordered_sets()] == ["a", "b", "c"]
    assert demo.load_all.__wrapped__() == {"a": 1, "b": 1, "c": 1}
    assert demo.load_all.__wrapped__() == {}
    monkeypatch.setattr(demo, "_sets", {"x": demo.DemoSet("x", dict, bool, after=("nowhere",))})
    with pytest.raises(DemoDataError, match="loads after «nowhere», which no app registers"):
        demo.ordered_sets()


def test_every_app_registers_its_demo_set_and_the_logins_are_the_seeds_users():
    assert {s.name for s in demo.ordered_sets()} == {"council", "portfolio", "priority", "strategy", "costs", "links"}
    assert [login.username for login in demo.logins()] == ["sekretariat", "medlem", "tiltakseier"]
