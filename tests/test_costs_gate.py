"""The duty-to-pay gate (seed 000, NUIT case 18/24): the pure rules, the services that keep
them, the pages, who may write, and the demo data."""
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from radsmodell.costs import gate as rules
from radsmodell.costs import gate_services as services
from radsmodell.costs.models import GateRequirement, PaymentGate

ALL = (1, 2, 3, 4, 5, 6)


def text(response) -> str:
    return response.content.decode().replace("\u00a0", " ")


# ---------------------------------------------------------------- pure rules

def test_the_six_requirements_are_the_table_of_case_18_24():
    assert [r.number for r in rules.REQUIREMENTS] == [1, 2, 3, 4, 5, 6]
    assert rules.REQUIREMENTS[0].title == "Tjenesten må dekke prioriterte behov"
    assert rules.REQUIREMENTS[4].title == "Norsk helsenett må være klar til å støtte videre utprøving"
    assert rules.REQUIREMENTS[5].title == "Helhetsvurdering"
    assert "EPJ-leverandører" in rules.requirement(3).detail
    assert "samfunnsøkonomiske nytten" in rules.requirement(6).detail
    with pytest.raises(ValueError):
        rules.requirement(7)


@pytest.mark.parametrize("approved, entry", [
    (date(2024, 5, 15), date(2025, 1, 1)),
    (date(2024, 12, 31), date(2025, 1, 1)),
    (date(2025, 1, 2), date(2026, 1, 1)),
])
def test_entry_into_the_cost_split_is_the_next_1_january_after_approval(approved, entry):
    assert rules.entry_date(approved) == entry


def test_an_approval_on_1_january_counts_from_the_following_1_january():
    assert rules.entry_date(date(2025, 1, 1)) == date(2026, 1, 1)


def test_late_when_entry_is_more_than_one_year_after_production():
    assert not rules.late(date(2025, 1, 1), date(2024, 3, 1))
    assert rules.late(date(2026, 1, 1), date(2024, 3, 1))
    assert not rules.late(date(2025, 1, 1), date(2024, 1, 1))  # exactly one year is still within
    assert rules.late(date(2025, 1, 1), date(2023, 12, 31))
    assert not rules.late(None, date(2024, 1, 1)) and not rules.late(date(2025, 1, 1), None)


def test_one_year_after_29_february_is_28_february():
    assert rules.one_year_after(date(2024, 2, 29)) == date(2025, 2, 28)


def test_ready_only_with_national_legal_assessment_all_six_requirements_and_approval():
    complete = rules.GateFacts(rules.LEGAL_NATIONAL, rules.from_template(ALL), date(2024, 6, 1))
    assert rules.status(complete) == (True, [])
    for facts in (rules.GateFacts(rules.LEGAL_IN_PROGRESS, rules.from_template(ALL), date(2024, 6, 1)),
                  rules.GateFacts(rules.LEGAL_NATIONAL, rules.from_template((1, 2, 3, 4, 5)), date(2024, 6, 1)),
                  rules.GateFacts(rules.LEGAL_NATIONAL, rules.from_template(ALL), None)):
        ready, missing = rules.status(facts)
        assert not ready and len(missing) == 1


def test_status_names_what_is_missing():
    ready, missing = rules.status(rules.GateFacts(rules.LEGAL_NOT_STARTED, rules.from_template((1, 2, 4, 5))))
    assert not ready
    assert missing == [
        "Juridisk vurdering: tjenesten er ikke vurdert som nasjonal e-helseløsning",
        "Krav 3 ikke oppfylt: Tjenesten må være utprøvd for sentrale aktører og sentrale brukergrupper/roller",
        "Krav 6 ikke oppfylt: Helhetsvurdering",
        "Tilstrekkelig utprøving er ikke godkjent av eier",
    ]


def test_a_pending_gate_gets_the_earliest_entry_and_a_warning_once_a_year_after_production_is_out_of_reach():
    pending = rules.GateFacts(rules.LEGAL_NATIONAL, rules.from_template(ALL), None, production_date=date(2024, 9, 1))
    timing = rules.timing(pending, today=date(2024, 11, 1))
    assert (timing.entry, timing.earliest, timing.deadline, timing.is_late) == (
        None, date(2025, 1, 1), date(2025, 9, 1), False)
    assert rules.timing(pending, today=date(2025, 1, 5)).is_late
    approved = rules.GateFacts(rules.LEGAL_NATIONAL, rules.from_template(ALL), date(2025, 10, 1),
                               production_date=date(2024, 9, 1))
    expected = rules.Timing(date(2026, 1, 1), None, date(2025, 9, 1), True)
    assert rules.timing(approved, today=date(2026, 3, 1)) == expected
    assert rules.timing(rules.GateFacts(rules.LEGAL_NOT_NATIONAL), today=date(2025, 1, 5)).expected is None


def test_facts_refuse_unknown_requirements_and_legal_values():
    with pytest.raises(ValueError):
        rules.ServiceRequirement(7, "Krav", template=7)
    with pytest.raises(ValueError):
        rules.GateFacts(rules.LEGAL_NATIONAL, rules.from_template() + rules.from_template()[:1])
    with pytest.raises(ValueError):
        rules.GateFacts("kanskje")


# ---------------------------------------------------------------- services

@pytest.fixture
def gate(db) -> PaymentGate:
    return services.create_gate("Pasientens prøvesvar", production_date=date(2024, 3, 1))


def _meet(gate, numbers=ALL):
    for n in numbers:
        services.update_requirement(gate, n, met=True, evidence=f"Utprøvingsrapport, krav {n}")


def _approve(gate, on=date(2024, 10, 1)):
    return services.approve(gate, approved_by="Eier, etter råd fra styringsgruppen", approved_on=on,
                            target_groups="Fastleger i utprøvingskommunene", epj_systems="DIPS Arena",
                            today=date(2024, 12, 1))


def _national(gate):
    services.record_legal_assessment(gate, rules.LEGAL_NATIONAL, decided_by="Helse- og omsorgsdepartementet",
                                     decided_on=date(2024, 6, 1))


def test_a_new_gate_has_six_unmet_requirements(gate):
    assert gate.slug == "pasientens-provesvar"
    assert list(gate.requirements.values_list("number", "met")) == [(n, False) for n in ALL]
    with pytest.raises(ValidationError) as error:
        services.create_gate("Pasientens prøvesvar")
    assert "service" in error.value.message_dict


def test_approval_is_refused_while_a_requirement_is_missing(gate):
    _national(gate)
    _meet(gate, (1, 2, 3, 4, 5))
    with pytest.raises(ValidationError) as error:
        _approve(gate)
    assert any("Krav 6 ikke oppfylt: Helhetsvurdering" in m for m in error.value.messages)
    gate.refresh_from_db()
    assert gate.approved_on is None


def test_approval_is_refused_while_the_legal_assessment_is_missing(gate):
    _meet(gate)
    services.record_legal_assessment(gate, rules.LEGAL_IN_PROGRESS)
    with pytest.raises(ValidationError) as error:
        _approve(gate)
    assert any("Juridisk vurdering" in m for m in error.value.messages)
    assert not any("Krav" in m for m in error.value.messages)


def test_an_approved_gate_enters_the_cost_split_the_next_1_january(gate):
    _national(gate)
    _meet(gate)
    approved = _approve(gate, on=date(2024, 10, 1))
    facts = services.facts(approved)
    assert rules.status(facts) == (True, [])
    assert rules.timing(facts, today=date(2024, 12, 1)).entry == date(2025, 1, 1)
    assert approved.target_groups == "Fastleger i utprøvingskommunene" and approved.epj_systems == "DIPS Arena"


def test_the_approval_must_name_target_groups_and_epj_systems_and_not_lie_ahead(gate):
    _national(gate)
    _meet(gate)
    with pytest.raises(ValidationError) as error:
        services.approve(gate, approved_by="Eier", approved_on=date(2025, 1, 1), target_groups="", epj_systems=" ",
                         today=date(2024, 12, 1))
    assert set(error.value.message_dict) == {"approved_on", "target_groups", "epj_systems"}


def test_a_met_requirement_needs_evidence(gate):
    with pytest.raises(ValidationError) as error:
        services.update_requirement(gate, 2, met=True, evidence="  ")
    assert "evidence" in error.value.message_dict
    assert not GateRequirement.objects.get(gate=gate, number=2).met


def test_an_approved_gate_keeps_its_facts_until_the_approval_is_withdrawn(gate):
    _national(gate)
    _meet(gate)
    _approve(gate)
    with pytest.raises(ValidationError):
        services.update_requirement(gate, 3, met=False, evidence="")
    with pytest.raises(ValidationError):
        services.record_legal_assessment(gate, rules.LEGAL_IN_PROGRESS)
    services.withdraw_approval(gate)
    services.update_requirement(gate, 3, met=False, evidence="")
    assert services.facts(PaymentGate.objects.get(pk=gate.pk)).met_count == 5


def test_a_legal_decision_needs_who_decided_and_when(gate):
    with pytest.raises(ValidationError) as error:
        services.record_legal_assessment(gate, rules.LEGAL_NATIONAL)
    assert set(error.value.message_dict) == {"legal_decided_by", "legal_decided_on"}
    services.record_legal_assessment(gate, rules.LEGAL_IN_PROGRESS, decided_by="ignored", decided_on=date(2024, 1, 1))
    gate.refresh_from_db()
    assert (gate.legal_status, gate.legal_decided_by, gate.legal_decided_on) == (rules.LEGAL_IN_PROGRESS, "", None)


# ---------------------------------------------------------------- demo data

@pytest.fixture
def costs_demo(costs):
    """The gates and investment cases of the cost demo (seed 000, case 18/24; seed 004)."""
    return costs


def test_the_demo_gates_are_the_services_case_18_24_names(costs_demo):
    assert costs_demo["payment gates"] == 2 and costs_demo["gate requirements"] == 12
    for slug in ("sfm", "pasientens-provesvar"):
        gate = PaymentGate.objects.get(slug=slug)
        assert gate.planned_entry == date(2024, 1, 1)
        assert "18/24" in gate.source and "måtte utsettes" in gate.note
        assert gate.legal_status == rules.LEGAL_NOT_STARTED and gate.approved_on is None
        assert gate.solution.slug == slug
    assert PaymentGate.objects.get(slug="pasientens-provesvar").initiative.slug == "pasientens-provesvar"


def test_a_wrong_field_in_the_gates_file_names_the_file_and_the_field(db, tmp_path):
    from radsmodell.costs.demo.load_gates import DemoDataError, load_gates_and_investments

    (tmp_path / "gates.yaml").write_text("gates:\n  - slug: x\n    service: X\n    source: s\n"
                                         "    requirements:\n      - {number: 7, met: true}\n", encoding="utf-8")
    with pytest.raises(DemoDataError, match=r"gates.yaml: gates\[0\]\.requirements\[0\]\.number"):
        load_gates_and_investments(tmp_path)
    (tmp_path / "gates.yaml").write_text("gates:\n  - slug: x\n    service: X\n    source: s\n"
                                         "    requirements:\n      - {number: 2, met: true}\n", encoding="utf-8")
    with pytest.raises(DemoDataError, match=r"gates.yaml: gates\[0\]\.requirements\[0\]\.evidence"):
        load_gates_and_investments(tmp_path)
    assert not PaymentGate.objects.exists()


def test_an_unknown_key_a_wrong_type_and_an_unknown_slug_in_the_gates_file_are_refused(db, tmp_path):
    from radsmodell.costs.demo.load_gates import DemoDataError, load_gates_and_investments

    gates = tmp_path / "gates.yaml"
    gates.write_text("gates:\n  - slug: x\n    service: X\n    source: s\n    colour: red\n", encoding="utf-8")
    with pytest.raises(DemoDataError, match=r"gates.yaml: gates\[0\]: unknown field\(s\) colour"):
        load_gates_and_investments(tmp_path)
    gates.write_text("gates:\n  - slug: x\n    service: X\n    source: s\n    planned_entry: snart\n"
                     "    requirements:\n      - {number: 1, met: kanskje}\n", encoding="utf-8")
    with pytest.raises(DemoDataError) as raised:
        load_gates_and_investments(tmp_path)
    assert str(raised.value).splitlines() == [  # every problem of the file at once
        "gates.yaml: gates[0].requirements[0].met: expected true or false",
        "gates.yaml: gates[0].planned_entry: «snart» is not a date (YYYY-MM-DD)",
    ]
    gates.write_text("gates:\n  - slug: x\n    service: X\n    source: s\n    solution: finnes-ikke\n",
                     encoding="utf-8")
    with pytest.raises(DemoDataError, match=r"gates.yaml: gates\[0\]\.solution: unknown national solution"):
        load_gates_and_investments(tmp_path)
    assert not PaymentGate.objects.exists()


# ---------------------------------------------------------------- pages and permissions

def test_the_gate_list_is_public_and_shows_legal_status_requirements_and_dates(client, costs_demo):
    page = text(client.get("/kostnader/betalingsplikt/"))
    assert "Sentral forskrivningsmodul (SFM, inkl. FM)" in page and "Pasientens prøvesvar" in page
    assert "Ikke vurdert" in page and "0/6" in page and "Planlagt 1. januar 2024" in page and "(utsatt)" in page
    assert 'id="gate-timeline-data"' in page and 'id="gates"' in page
    assert "Registrer en ny tjeneste" not in page


def test_the_gate_page_is_public_and_shows_the_six_requirements(client, costs_demo):
    page = text(client.get("/kostnader/betalingsplikt/sfm/"))
    for requirement in rules.REQUIREMENTS:
        assert requirement.title in page
    assert "Godkjenningen gjelder bare målgruppene og EPJ-systemene i utprøvingen" in page
    assert "Registrer krav 1" not in page
    assert client.get("/kostnader/betalingsplikt/finnes-ikke/").status_code == 404


@pytest.mark.parametrize("who", ["member", "public"])
def test_members_and_the_public_get_403_on_every_write(client, costs_demo, member, who):
    if who == "member":
        client.force_login(member)
    assert client.post("/kostnader/betalingsplikt/", {"ny-service": "Ny tjeneste"}).status_code == 403
    for data in ({"action": "requirement", "number": "1", "krav-1-met": "on", "krav-1-evidence": "x"},
                 {"action": "legal", "juridisk-legal_status": "nasjonal"}, {"action": "approve"},
                 {"action": "withdraw"}, {"action": "service", "tjeneste-service": "X"}):
        assert client.post("/kostnader/betalingsplikt/sfm/", data).status_code == 403
    assert services.facts(PaymentGate.objects.get(slug="sfm")).met_count == 0


def test_the_secretariat_ticks_a_requirement_and_the_count_goes_up(client, costs_demo, secretariat):
    client.force_login(secretariat)
    response = client.post("/kostnader/betalingsplikt/sfm/", {
        "action": "requirement", "number": "2", "krav-2-met": "on", "krav-2-evidence": "Testrapport minimumsversjon"})
    assert response.status_code == 302
    page = text(client.get("/kostnader/betalingsplikt/sfm/"))
    assert '<span id="met-count">1/6</span>' in page and "Testrapport minimumsversjon" in page
    assert "1/6" in text(client.get("/kostnader/betalingsplikt/"))


def test_a_ticked_requirement_without_evidence_gives_400_and_a_field_message(client, costs_demo, secretariat):
    client.force_login(secretariat)
    response = client.post("/kostnader/betalingsplikt/sfm/", {"action": "requirement", "number": "2",
                                                               "krav-2-met": "on", "krav-2-evidence": ""})
    assert response.status_code == 400
    assert "Skriv hva som dokumenterer at kravet er oppfylt." in text(response)


def test_the_secretariats_approval_is_refused_with_what_is_missing(client, costs_demo, secretariat):
    client.force_login(secretariat)
    response = client.post("/kostnader/betalingsplikt/sfm/", {
        "action": "approve", "godkjenning-approved_by": "Eier", "godkjenning-approved_on": "2024-10-01",
        "godkjenning-target_groups": "Fastleger", "godkjenning-epj_systems": "DIPS Arena"})
    assert response.status_code == 400
    page = text(response)
    assert "Kan ikke godkjennes ennå" in page and "Juridisk vurdering: tjenesten er ikke vurdert" in page
    assert PaymentGate.objects.get(slug="sfm").approved_on is None


def test_the_secretariat_records_legal_assessment_requirements_and_approval(client, costs_demo, secretariat):
    client.force_login(secretariat)
    url = "/kostnader/betalingsplikt/pasientens-provesvar/"
    assert client.post(url, {"action": "legal", "juridisk-legal_status": "nasjonal",
                             "juridisk-legal_decided_by": "Helse- og omsorgsdepartementet",
                             "juridisk-legal_decided_on": "2024-06-01"}).status_code == 302
    for n in ALL:
        client.post(url, {"action": "requirement", "number": str(n), f"krav-{n}-met": "on", f"krav-{n}-evidence": "ok"})
    assert client.post(url, {"action": "approve", "godkjenning-approved_by": "Eier",
                             "godkjenning-approved_on": "2024-10-01", "godkjenning-target_groups": "Fastleger",
                             "godkjenning-epj_systems": "DIPS Arena"}).status_code == 302
    page = text(client.get(url))
    assert "Klar: tjenesten kommer inn i kostnadsfordelingen 1. januar 2025." in page
    assert "Vurdert som nasjonal e-helseløsning" in page


def test_the_secretariat_registers_a_new_service(client, costs_demo, secretariat):
    client.force_login(secretariat)
    response = client.post("/kostnader/betalingsplikt/", {"ny-service": "Digital dialog fastlege",
                                                          "ny-production_date": "2024-02-01"})
    assert response.status_code == 302 and response["Location"] == "/kostnader/betalingsplikt/digital-dialog-fastlege/"
    assert PaymentGate.objects.get(slug="digital-dialog-fastlege").requirements.count() == 6
    response = client.post("/kostnader/betalingsplikt/", {"ny-service": "", "ny-production_date": "i fjor"})
    assert response.status_code == 400


# ---------------------------------------------------------------- the change log

def _page_text(response) -> str:
    import re

    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text(response)))


def test_the_change_log_names_a_renamed_service_a_ticked_requirement_and_a_cost_base(client, costs_demo, secretariat):
    client.force_login(secretariat)
    gate = PaymentGate.objects.get(slug="sfm")
    response = client.post("/kostnader/betalingsplikt/sfm/", {
        "action": "service", "tjeneste-service": "Sentral forskrivningsmodul", "tjeneste-solution": gate.solution_id,
        "tjeneste-planned_entry": "2024-01-01", "tjeneste-note": gate.note, "tjeneste-source": gate.source,
        "tjeneste-assumption": gate.assumption})
    assert response.status_code == 302
    client.post("/kostnader/betalingsplikt/sfm/", {"action": "requirement", "number": "2", "krav-2-met": "on",
                                                   "krav-2-evidence": "Testrapport"})
    client.post("/kostnader/losninger/", {"solution": "helsenettet", "year": "2025", "amount": "90 000 000"})

    log = _page_text(client.get("/endringslogg/?app=costs"))
    assert ("Endret: Betalingsplikt «Sentral forskrivningsmodul» historikk for Sentral forskrivningsmodul "
            "Kostnadsfordeling Tjeneste: «Sentral forskrivningsmodul (SFM, inkl. FM)» → «Sentral forskrivningsmodul»"
            ) in log
    assert "Endret: Krav til tilstrekkelig utprøving «Sentral forskrivningsmodul: krav 2»" in log
    assert "Oppfylt: «Nei» → «Ja»" in log
    assert "Endret: Kostnadsgrunnlag «Helsenettet 2025»" in log and "Illustrativt beløp: «Ja» → «Nei»" in log
