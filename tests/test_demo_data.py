"""The demo data is the seeds: the facts below are stated in them."""
from datetime import time

import pytest

from radsmodell.council.demo.load import DemoDataError, load_demo
from radsmodell.council.models import ActionItem, Attendance, Body, Case, Meeting, Membership


def test_five_meetings_from_the_seeds(demo):
    keys = sorted(m.key for m in Meeting.objects.all())
    assert keys == ["e-helseradet/2022-09-21", "nuit/2024-02-15", "nuit/2024-05-15", "nuit/2025-09-11",
                    "nuit/2025-11-20"]


def test_nuit_2_2024_has_13_cases_15_to_27_in_agenda_order(demo):
    meeting = Meeting.objects.get(body__slug="nuit", date="2024-05-15")
    cases = [item for item in meeting.agenda.order_by("position") if item.case_id]
    assert [i.case.case_number for i in cases] == [f"{n}/24" for n in range(15, 28)]
    assert cases[2].start_time == time(9, 15) and cases[2].case.get_type_display() == "Drøfting"


def test_nuit_1_2024_attendance_records_remote_absent_and_substitutes(demo):
    meeting = Meeting.objects.get(body__slug="nuit", date="2024-02-15")
    kvan = Attendance.objects.get(meeting=meeting, person__name="Ole Johan Kvan")
    assert kvan.remote == "partial" and kvan.remote_until == time(12, 20)
    assert Attendance.objects.filter(meeting=meeting, status="absent").count() == 3
    aarnes = Attendance.objects.get(meeting=meeting, person__name="Frank Ivar Aarnes")
    assert aarnes.status == "substitute" and aarnes.substitute_for.name == "Ole Johan Kvan"


def test_case_8_24_changed_type_in_the_meeting(demo):
    case = Case.objects.get(body__slug="nuit", year=2024, number=8)
    assert (case.type, case.type_in_meeting) == ("drofting", "orientering")


def test_action_items_of_9_24_and_13_24_are_open_and_4_24_closed_by_25_24(demo):
    open_cases = {i.case.case_number for i in ActionItem.objects.filter(closed__isnull=True)}
    assert {"9/24", "13/24"} <= open_cases
    closed = ActionItem.objects.get(case__number=4, case__year=2024)
    assert closed.closed_by.case_number == "25/24" and not closed.is_open



def test_nuit_name_depends_on_the_date(demo):
    from datetime import date

    nuit = Body.objects.get(slug="nuit")
    assert nuit.display_short_name(date(2025, 12, 31)) == "NUIT"
    assert nuit.display_name(date(2026, 1, 1)) == "Nasjonalt porteføljeråd"
    assert nuit.name == "NUIT"


def test_replaced_member_gets_an_end_date(demo):
    replaced = Membership.objects.get(body__slug="nuit", person__name="Terje Jørgensen")
    newcomer = Membership.objects.get(body__slug="nuit", person__name="Monica Simone Johannessen")
    assert replaced.end.isoformat() == "2025-09-11"
    assert newcomer.replaces.name == "Terje Jørgensen"


def test_mandates_are_versioned_proposed_and_adopted(demo):
    nuit = Body.objects.get(slug="nuit")
    statuses = {m.status for m in nuit.mandates.all()}
    assert statuses == {"proposed", "adopted"}
    portfolio = nuit.mandates.get(valid_from="2026-01-01")
    assert len(portfolio.tasks) == 7 and portfolio.adopted_by == "Nasjonalt e-helseråd"


def test_a_wrong_demo_file_names_file_and_field_and_writes_nothing(db, tmp_path):
    import shutil

    from radsmodell.council.demo.load import DEMO_DIR

    shutil.copytree(DEMO_DIR, tmp_path / "demo", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    broken = tmp_path / "demo" / "meetings" / "nuit-2024-05-15.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace('time: "09:15"', 'time: "9.15x"', 1),
                      encoding="utf-8")
    with pytest.raises(DemoDataError, match=r"nuit-2024-05-15.yaml: agenda\[2\].time"):
        load_demo(tmp_path / "demo")
    assert not Body.objects.exists() and not Case.objects.exists()


def test_a_value_the_model_refuses_is_named_by_its_field_before_the_database_sees_it(db, tmp_path):
    """A meeting number longer than the register holds (20 characters): PostgreSQL would refuse the row."""
    import shutil

    from radsmodell.council.demo.load import DEMO_DIR

    shutil.copytree(DEMO_DIR, tmp_path / "demo", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    broken = tmp_path / "demo" / "meetings" / "nuit-2024-05-15.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace('number: "2/2024"', 'number: "' + "2" * 30 + '"', 1),
                      encoding="utf-8")
    with pytest.raises(DemoDataError, match=r"^nuit-2024-05-15.yaml: number: "):
        load_demo(tmp_path / "demo")
    assert not Body.objects.exists()
