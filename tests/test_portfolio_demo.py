"""The portfolio's demo data loads as the YAML gives it, and a wrong field stops the load."""
import shutil
from datetime import date

import pytest
import yaml

from radsmodell.portfolio.demo.load import DEMO_DIR, DemoDataError, load_demo
from radsmodell.portfolio.models import (
    Benefit,
    BenefitType,
    Initiative,
    Mention,
    NationalSolution,
    Round,
    StatusReport,
)


def _yaml(name: str) -> dict:
    return yaml.safe_load((DEMO_DIR / name).read_text(encoding="utf-8"))


def _initiative_entry(slug: str) -> dict:
    return next(e for e in _yaml("initiatives.yaml")["initiatives"] if e["slug"] == slug)


def test_counts_match_the_yaml(portfolio):
    initiatives = _yaml("initiatives.yaml")["initiatives"]
    benefits = _yaml("benefits.yaml")
    expected = {
        "national solutions": len(_yaml("national_solutions.yaml")["solutions"]),
        "EPJ vendors": len(_yaml("epj_vendors.yaml")["vendors"]),
        "initiatives": len(initiatives),
        "status reports": sum(len(e.get("status") or []) for e in initiatives),
        "mentions": sum(len(e.get("mentions") or []) for e in initiatives),
        "rounds": len(_yaml("rounds.yaml")["rounds"]),
        "benefit types": 12,
        "benefits": len(benefits["benefits"]),
    }
    assert portfolio == expected
    assert NationalSolution.objects.count() == expected["national solutions"]
    assert Initiative.objects.count() == expected["initiatives"]
    assert StatusReport.objects.count() == expected["status reports"]
    assert Mention.objects.count() == expected["mentions"]
    assert Round.objects.count() == expected["rounds"]
    assert BenefitType.objects.count() == len(benefits["benefit_types"]) == 12
    assert Benefit.objects.count() == expected["benefits"]


def test_benefit_types_keep_the_order_of_the_file(portfolio):
    slugs = [t["slug"] for t in _yaml("benefits.yaml")["benefit_types"]]
    assert list(BenefitType.objects.values_list("slug", flat=True)) == slugs
    assert BenefitType.objects.get(slug=slugs[0]).position < BenefitType.objects.get(slug=slugs[-1]).position


def test_april_2024_round_has_the_stated_figures(portfolio):
    april = Round.objects.get(slug="2024-04")
    assert april.cut_off == date(2024, 4, 4)
    assert april.status == Round.Status.CLOSED
    assert april.stated == {"active": 34, "red": 1, "new": 7, "completed": 5, "paused": 3}
    assert april.themes and all(isinstance(theme, str) for theme in april.themes)
    assert all(set(note) == {"source", "text"} for note in april.notes)


def test_2025_rounds_state_the_portfolio_totals(portfolio):
    assert Round.objects.get(slug="2025-09").stated == {"total": 68}
    assert Round.objects.get(slug="2025-11").stated == {"total": 75}
    assert Round.objects.get(slug="2025-09").cut_off is None


def test_dbep_reports_accepted_red_status_in_april_2024(portfolio):
    report = StatusReport.objects.get(initiative__slug="dbep", round__slug="2024-04")
    assert report.state == StatusReport.State.ACCEPTED
    assert report.overall == StatusReport.Rag.RED
    assert report.text and report.source


def test_status_without_colour_keeps_overall_blank(portfolio):
    report = StatusReport.objects.get(initiative__slug="pll", round__slug="2024-04")
    assert report.overall == "" and report.state == StatusReport.State.ACCEPTED


def test_pll_touches_the_national_solutions_in_the_yaml(portfolio):
    pll = Initiative.objects.get(slug="pll")
    expected = set(_initiative_entry("pll")["national_solutions"])
    assert expected
    assert set(pll.national_solutions.values_list("slug", flat=True)) == expected
    assert pll.goals == [2] and pll.main_goal == 2
    assert pll.phase == Initiative.Phase.SCALE_OUT


def test_links_between_initiatives_and_solutions_are_resolved(portfolio):
    documents = Initiative.objects.get(slug="pasientens-journaldokumenter")
    assert "tillitsrammeverk" in _initiative_entry("pasientens-journaldokumenter")["depends_on"]
    assert list(documents.depends_on.values_list("slug", flat=True)) == ["tillitsrammeverk"]
    assert documents.part_of.slug == "dokumentdeling"
    assert documents.goals == [2, 4]
    assert NationalSolution.objects.get(slug="helseid").included_in.slug == "helsenettet"


def test_a_wrong_field_names_file_and_path_and_leaves_nothing(db, tmp_path):
    broken = tmp_path / "demo"
    shutil.copytree(DEMO_DIR, broken, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    path = broken / "initiatives.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    index = next(n for n, e in enumerate(data["initiatives"]) if e["slug"] == "dbep")
    data["initiatives"][index]["segment"] = "nonsense"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    with pytest.raises(DemoDataError) as error:
        load_demo(broken)

    message = str(error.value)
    assert message.startswith(f"initiatives.yaml: initiatives[{index}].segment: ")
    assert "nonsense" in message
    assert not Initiative.objects.exists()
    assert not NationalSolution.objects.exists() and not Round.objects.exists()


def test_an_unknown_slug_reference_is_refused(db, tmp_path):
    broken = tmp_path / "demo"
    shutil.copytree(DEMO_DIR, broken, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    path = broken / "benefits.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["benefits"][0]["type"] = "no-such-type"
    data["benefits"][0]["colour"] = "blue"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    with pytest.raises(DemoDataError, match=r"^benefits\.yaml: benefits\[0\]: unknown field\(s\) colour$"):
        load_demo(broken)
    assert not Benefit.objects.exists() and not Initiative.objects.exists()

    del data["benefits"][0]["colour"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(DemoDataError,
                       match=r"^benefits\.yaml: benefits\[0\]\.type: unknown benefit type «no-such-type»$"):
        load_demo(broken)


def test_goals_outside_1_to_5_are_refused(db, tmp_path):
    broken = tmp_path / "demo"
    shutil.copytree(DEMO_DIR, broken, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    path = broken / "initiatives.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["initiatives"][0]["goals"] = [2, 6]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    with pytest.raises(DemoDataError, match=r"^initiatives\.yaml: initiatives\[0\]\.goals\[1\]: "):
        load_demo(broken)
    assert not Initiative.objects.exists()
