"""The strategy's demo data loads as the YAML gives it, and a wrong field stops the load with the
file and the path of the field, before anything is written."""
import shutil

import pytest
import yaml

from radsmodell.strategy.demo.load import DEMO_DIR, DemoDataError, load_demo
from radsmodell.strategy.models import Activity, Goal, Indicator, Observation, Strategy


def _yaml(name: str) -> dict:
    return yaml.safe_load((DEMO_DIR / name).read_text(encoding="utf-8"))


def _broken(tmp_path, name: str, change) -> object:
    """A copy of the demo files with `change(data)` applied to one of them."""
    directory = tmp_path / "demo"
    shutil.copytree(DEMO_DIR, directory, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    data = _yaml(name)
    change(data)
    (directory / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return directory


def _without_initiatives(roadmap: dict) -> dict:
    """The roadmap without its links to the portfolio, which an empty database does not have."""
    for version in roadmap["versions"]:
        for activity in version.get("activities", []):
            activity.pop("initiatives", None)
    return roadmap


def test_counts_match_the_yaml(strategy):
    indicators = _yaml("indicators.yaml")["indicators"]
    roadmap = _yaml("roadmap.yaml")["versions"]
    assert strategy["indicators"] == len(indicators) == Indicator.objects.count() == 27
    assert strategy["observations"] == sum(len(s["observations"]) for i in indicators for s in i.get("series", []))
    assert strategy["activities"] == sum(len(v.get("activities", [])) for v in roadmap) == Activity.objects.count()
    assert strategy["goals"] == 8 and strategy["sub-goals"] == 33 and strategy["roadmap changes"] == 14


def test_a_quarterly_mean_indicator_and_a_denominator_of_the_series_are_loaded(strategy):
    pll = Observation.objects.get(indicator__slug="pll-andel-befolkning", area__slug="bergen", period="2025-10")
    assert pll.denominator == 475472 and pll.share == pll.value
    assert Goal.objects.get(slug="overordnet-1").indicators.filter(slug="pll-andel-befolkning").exists()


@pytest.mark.parametrize("name, change, message", [
    ("indicators.yaml", lambda d: d["indicators"][0].update(colour="rød"),
     "indicators.yaml: indicators[0]: unknown field(s) colour"),
    ("indicators.yaml", lambda d: d["indicators"][0]["series"][0]["observations"][0].update(value="mange"),
     "indicators.yaml: indicators[0].series[0].observations[0].value: "),
    ("indicators.yaml", lambda d: d["indicators"][0]["series"][0]["observations"][0].update(period="2025-13"),
     "indicators.yaml: indicators[0].series[0].observations[0].period: «2025-13» er ikke en periode"),
    ("indicators.yaml", lambda d: d["indicators"][0]["series"][0]["observations"][0].pop("value"),
     "indicators.yaml: indicators[0].series[0].observations[0]: needs a value or a numerator"),
    ("indicators.yaml", lambda d: d["indicators"][0].update(readiness="nesten"),
     "indicators.yaml: indicators[0].readiness: «nesten» is not one of"),
    ("indicators.yaml", lambda d: d["indicators"][0].update(higher_is_better="ja"),
     "indicators.yaml: indicators[0].higher_is_better: expected true or false"),
    ("strategy.yaml", lambda d: d["strategy"].pop("source"), "strategy.yaml: strategy.source: missing"),
    ("strategy.yaml", lambda d: d["goals"][0].update(number="1"),
     "strategy.yaml: goals[0].number: expected a whole number, not «1»"),
    ("roadmap.yaml", lambda d: d["versions"][0].update(key="Q2 2025"),
     "roadmap.yaml: versions[0].key: «Q2 2025» is not a kebab-case ASCII slug"),
], ids=["unknown-key", "value-not-a-number", "no-such-month", "no-value", "unknown-choice", "flag-not-boolean",
        "missing-source", "number-in-quotes", "key-not-a-slug"])
def test_a_file_that_breaks_its_schema_is_refused_before_anything_is_written(db, tmp_path, name, change, message):
    with pytest.raises(DemoDataError) as error:
        load_demo(_broken(tmp_path, name, change))
    assert message in str(error.value)
    assert not Strategy.objects.exists()


@pytest.mark.parametrize("name, change, message", [
    ("roadmap.yaml", lambda d: d["versions"][0]["activities"][0].update(goal=7),
     "roadmap.yaml: versions[0].activities[0].goal: unknown strategic goal 7"),
    ("roadmap.yaml", lambda d: d["versions"][0]["activities"][0].update(subgoal="9.9"),
     "roadmap.yaml: versions[0].activities[0].subgoal: unknown sub-goal «9.9»"),
    ("roadmap.yaml", lambda d: d["versions"][0]["activities"][0].update(initiatives=["finnes-ikke"]),
     "roadmap.yaml: versions[0].activities[0].initiatives[0]: unknown initiative «finnes-ikke»"),
    ("roadmap.yaml", lambda d: _without_initiatives(d)["versions"][1]["changes"][0].update(activity="finnes-ikke"),
     "roadmap.yaml: versions[1].changes[0].activity: «finnes-ikke» is not an activity of version 2025-q3"),
], ids=["unknown-goal", "unknown-sub-goal", "unknown-initiative", "unknown-activity"])
def test_a_reference_to_nothing_is_refused_and_the_load_is_undone(db, tmp_path, name, change, message):
    with pytest.raises(DemoDataError) as error:
        load_demo(_broken(tmp_path, name, change))
    assert str(error.value) == message
    assert not Strategy.objects.exists() and not Goal.objects.exists()


@pytest.mark.parametrize("change, place", [
    (lambda d: d["goals"][1].update(slug=d["goals"][0]["slug"]), "strategy.yaml: goals[1].slug: "),
    (lambda d: d["goals"][0]["subgoals"].append(dict(d["goals"][0]["subgoals"][0])),
     "strategy.yaml: goals[0].subgoals[10]: "),
], ids=["slug-twice", "sub-goal-twice"])
def test_a_duplicate_is_refused_by_the_models_own_rule_at_its_place(db, tmp_path, change, place):
    with pytest.raises(DemoDataError) as error:
        load_demo(_broken(tmp_path, "strategy.yaml", change))
    assert str(error.value).startswith(place) and "finnes allerede" in str(error.value)
