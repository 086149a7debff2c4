"""Requirements for sufficient trial per service (seed 000, case 18/24: «dette vil variere fra
tjeneste til tjeneste. Forslag til krav som bør beskrives per tjeneste, er listet i tabellen
under»). The six are a template; each service adapts its own list (adds, drops with a reason,
rewords) and passes the gate on that list. The pages, the API and the change log show the same."""
import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from radsmodell.costs import gate as rules
from radsmodell.costs import gate_services as services
from radsmodell.costs.models import GateRequirement, PaymentGate

URL = "/kostnader/betalingsplikt/sfm/"


def page_text(response) -> str:
    """What a reader sees: no tags, single spaces."""
    page = response.content.decode().replace("\u00a0", " ")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def row_text(response, row_id: str) -> str:
    """The visible text of one table row (by its id)."""
    found = re.search(rf'<tr id="{row_id}"[^>]*>(.*?)</tr>', response.content.decode(), re.S)
    assert found, f"no row {row_id}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip()


# ---------------------------------------------------------------- the pure rules

def test_a_service_starts_from_the_template_unchanged():
    listed = rules.from_template()
    assert [(r.number, r.template, r.change) for r in listed] == [(n, n, rules.UNCHANGED) for n in range(1, 7)]
    assert listed[2].title == "Tjenesten må være utprøvd for sentrale aktører og sentrale brukergrupper/roller"


def test_how_a_requirement_differs_from_the_template():
    proposed = rules.requirement(3)
    assert rules.ServiceRequirement(3, proposed.title, proposed.detail, template=3).change == rules.UNCHANGED
    # Spacing alone is not a rewording.
    assert rules.ServiceRequirement(3, proposed.title + "  ", " ".join(proposed.detail.split()),
                                    template=3).change == rules.UNCHANGED
    assert rules.ServiceRequirement(3, "Utprøvd hos fastleger med DIPS", template=3).change == rules.REWORDED
    assert rules.ServiceRequirement(3, proposed.title, "Bare fastleger", template=3).change == rules.REWORDED
    assert rules.ServiceRequirement(7, "Pasientsikkerhet vurdert").change == rules.ADDED
    dropped = rules.ServiceRequirement(3, proposed.title, template=3, dropped_reason="Ikke aktuelt")
    assert dropped.change == rules.DROPPED


def test_the_gate_is_passed_on_the_services_own_list():
    """Requirement 6 dropped, an added requirement met: ready without requirement 6."""
    own = tuple(r for r in rules.from_template((1, 2, 3, 4, 5)) if r.number != 6) + (
        rules.ServiceRequirement(6, "Helhetsvurdering", template=6, dropped_reason="Vurderes i investeringssaken"),
        rules.ServiceRequirement(7, "Pasientsikkerhet vurdert", met=True, evidence="Risikovurdering 2024"))
    facts = rules.GateFacts(rules.LEGAL_NATIONAL, own, date(2024, 10, 1))
    assert (facts.met_count, facts.listed_count) == (6, 6)
    assert rules.status(facts) == (True, [])


def test_an_added_requirement_that_is_not_met_stops_the_gate_by_its_own_words():
    own = rules.from_template(rules.REQUIREMENT_NUMBERS) + (rules.ServiceRequirement(7, "Pasientsikkerhet vurdert"),)
    ready, missing = rules.status(rules.GateFacts(rules.LEGAL_NATIONAL, own, date(2024, 10, 1)))
    assert not ready and missing == ["Krav 7 ikke oppfylt: Pasientsikkerhet vurdert"]


def test_met_without_evidence_does_not_count():
    own = (rules.ServiceRequirement(1, "Behov dekket", met=True, evidence=" "),)
    facts = rules.GateFacts(rules.LEGAL_NATIONAL, own, date(2024, 10, 1))
    assert facts.met_count == 0 and not rules.status(facts)[0]


def test_a_list_with_every_requirement_dropped_cannot_be_met():
    dropped = tuple(rules.ServiceRequirement(r.number, r.title, template=r.number, dropped_reason="Nei")
                    for r in rules.REQUIREMENTS)
    ready, missing = rules.status(rules.GateFacts(rules.LEGAL_NATIONAL, dropped, date(2024, 10, 1)))
    assert not ready and missing == ["Tjenesten har ingen krav til tilstrekkelig utprøving"]


# ---------------------------------------------------------------- services

@pytest.fixture
def gate(db) -> PaymentGate:
    return services.create_gate("Digital dialog fastlege")


def _rows(gate):
    return list(GateRequirement.objects.filter(gate=gate).order_by("number")
                .values_list("number", "template", "title", "dropped_reason"))


def test_a_new_service_gets_the_template_in_the_templates_words(gate):
    assert _rows(gate) == [(r.number, r.number, r.title, "") for r in rules.REQUIREMENTS]
    assert GateRequirement.objects.get(gate=gate, number=6).detail.startswith("Må være prøvd ut i et omfang")


def test_the_secretariat_adds_rewords_drops_and_restores(gate):
    added = services.add_requirement(gate, title="Pasientsikkerhet vurdert", detail="ROS-analyse for dialogen")
    assert (added.number, added.template) == (7, None)
    services.reword_requirement(gate, 3, title="Utprøvd hos fastleger med DIPS og Infodoc", detail="")
    services.drop_requirement(gate, 6, reason="Nytten vurderes i investeringssaken")
    changes = {r.number: r.change for r in services.facts(PaymentGate.objects.get(pk=gate.pk)).requirements}
    assert changes == {1: rules.UNCHANGED, 2: rules.UNCHANGED, 3: rules.REWORDED, 4: rules.UNCHANGED,
                       5: rules.UNCHANGED, 6: rules.DROPPED, 7: rules.ADDED}
    assert GateRequirement.objects.get(gate=gate, number=6).dropped_reason == "Nytten vurderes i investeringssaken"
    services.restore_requirement(gate, 6)
    proposed = rules.requirement(3)
    services.reword_requirement(gate, 3, title=proposed.title, detail=proposed.detail)
    changes = {r.number: r.change for r in services.facts(PaymentGate.objects.get(pk=gate.pk)).requirements}
    assert changes[3] == changes[6] == rules.UNCHANGED


def test_dropping_needs_a_reason_and_keeps_one_requirement(gate):
    with pytest.raises(ValidationError) as error:
        services.drop_requirement(gate, 2, reason="  ")
    assert "reason" in error.value.message_dict
    for number in (1, 2, 3, 4, 5):
        services.drop_requirement(gate, number, reason="Ikke aktuelt for denne tjenesten")
    with pytest.raises(ValidationError) as error:
        services.drop_requirement(gate, 6, reason="Ikke aktuelt")
    assert "minst ett krav" in error.value.messages[0]
    assert not GateRequirement.objects.get(gate=gate, number=6).dropped_reason


def test_a_dropped_requirement_cannot_be_ticked_and_an_unknown_one_is_refused(gate):
    services.drop_requirement(gate, 4, reason="Ingen samhandling mellom aktører i første omgang")
    with pytest.raises(ValidationError) as error:
        services.update_requirement(gate, 4, met=True, evidence="Rapport")
    assert "met" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.update_requirement(gate, 9, met=True, evidence="Rapport")
    with pytest.raises(ValidationError) as error:
        services.reword_requirement(gate, 2, title=" ", detail="bare detalj")
    assert "title" in error.value.message_dict


def test_the_approval_holds_for_the_adapted_list_and_locks_it(gate):
    services.record_legal_assessment(gate, rules.LEGAL_NATIONAL, decided_by="Helse- og omsorgsdepartementet",
                                     decided_on=date(2024, 6, 1))
    services.drop_requirement(gate, 6, reason="Nytten vurderes i investeringssaken")
    services.add_requirement(gate, title="Pasientsikkerhet vurdert")
    for number in (1, 2, 3, 4, 5):
        services.update_requirement(gate, number, met=True, evidence=f"Utprøvingsrapport, krav {number}")
    with pytest.raises(ValidationError) as error:  # the added requirement is not met yet
        services.approve(gate, approved_by="Eier", approved_on=date(2024, 10, 1), target_groups="Fastleger",
                         epj_systems="DIPS Arena", today=date(2024, 12, 1))
    assert "Krav 7 ikke oppfylt: Pasientsikkerhet vurdert" in error.value.messages
    services.update_requirement(gate, 7, met=True, evidence="ROS-analyse")
    services.approve(gate, approved_by="Eier", approved_on=date(2024, 10, 1), target_groups="Fastleger",
                     epj_systems="DIPS Arena", today=date(2024, 12, 1))
    assert rules.status(services.facts(PaymentGate.objects.get(pk=gate.pk))) == (True, [])
    for change in (lambda: services.add_requirement(gate, title="Nytt"),
                   lambda: services.drop_requirement(gate, 2, reason="Ikke aktuelt"),
                   lambda: services.reword_requirement(gate, 2, title="Annet", detail=""),
                   lambda: services.restore_requirement(gate, 6)):
        with pytest.raises(ValidationError, match="Trekk tilbake godkjenningen"):
            change()


# ---------------------------------------------------------------- the demo

def test_each_demo_service_starts_from_the_template_as_the_seed_shows_it(costs):
    for gate in PaymentGate.objects.all():
        listed = services.facts(gate).requirements
        assert [(r.number, r.template, r.change) for r in listed] == [(n, n, rules.UNCHANGED) for n in range(1, 7)]
        assert gate.assumption.startswith("Kildene viser bare forslaget til krav i sak 18/24")


def test_the_demo_file_can_reword_add_and_drop(db, tmp_path):
    from radsmodell.costs.demo.load_gates import DemoDataError, load_gates_and_investments

    (tmp_path / "investments.yaml").write_text("investments: []\n", encoding="utf-8")
    gates = tmp_path / "gates.yaml"
    gates.write_text("""gates:
  - slug: x
    service: X
    source: "seed 000, sak 18/24 (toppnotat)"
    requirements:
      - {number: 3, title: Utprøvd hos fastleger}
      - {number: 6, dropped: Vurderes i investeringssaken}
      - {title: Pasientsikkerhet vurdert, met: true, evidence: "ROS-analyse", assumption: Antatt av eksempelets skyld}
""", encoding="utf-8")
    load_gates_and_investments(tmp_path)
    changes = {r.number: (r.change, r.title) for r in services.facts(PaymentGate.objects.get(slug="x")).requirements}
    assert changes[3] == (rules.REWORDED, "Utprøvd hos fastleger")
    assert changes[6][0] == rules.DROPPED and changes[7] == (rules.ADDED, "Pasientsikkerhet vurdert")
    assert GateRequirement.objects.get(gate__slug="x", number=7).assumption == "Antatt av eksempelets skyld"

    PaymentGate.objects.all().delete()
    gates.write_text("gates:\n  - slug: x\n    service: X\n    source: s\n    requirements:\n      - {met: true}\n",
                     encoding="utf-8")
    with pytest.raises(DemoDataError, match=r"gates.yaml: gates\[0\]\.requirements\[0\]: .*needs a title"):
        load_gates_and_investments(tmp_path)


# ---------------------------------------------------------------- the pages

def test_the_public_gate_page_shows_the_list_and_that_it_is_the_proposal_unchanged(client, costs):
    response = client.get(URL)
    page = page_text(response)
    assert "Listen er forslaget uendret." in page
    assert "Forslaget: Toppnotat til NUIT 15. mai 2024, sak 18/24" in page
    assert row_text(response, "krav-3").endswith("Som i forslaget (krav 3)")
    assert "Registrer og tilpass krav 1" not in page and "Legg til et krav for tjenesten" not in page


def test_the_secretariat_adapts_the_list_and_every_reader_sees_how_it_differs(client, costs, secretariat):
    client.force_login(secretariat)
    assert client.post(URL, {"action": "add", "nytt-krav-title": "Pasientsikkerhet vurdert",
                             "nytt-krav-detail": "ROS-analyse for forskrivning"}).status_code == 302
    assert client.post(URL, {"action": "reword", "number": "3", "ord-3-title": "Utprøvd hos fastleger og sykehjem",
                             "ord-3-detail": "Med DIPS og Gerica"}).status_code == 302
    assert client.post(URL, {"action": "drop", "number": "6",
                             "ut-6-reason": "Nytten vurderes i investeringssaken"}).status_code == 302
    client.logout()

    response = client.get(URL)
    assert row_text(response, "krav-7") == ("7. Pasientsikkerhet vurdert ROS-analyse for forskrivning Ikke oppfylt – "
                                            "Lagt til for tjenesten")
    reworded = row_text(response, "krav-3")
    assert reworded.startswith("3. Utprøvd hos fastleger og sykehjem Med DIPS og Gerica Ikke oppfylt")
    assert "Omformulert fra krav 3 i forslaget" in reworded
    assert "Tjenesten må være utprøvd for sentrale aktører" in reworded  # the proposal's words, to compare
    assert row_text(response, "krav-6").endswith("Tatt ut: Nytten vurderes i investeringssaken (krav 6 i forslaget)")
    page = page_text(response)
    assert "Avvik fra forslaget: lagt til 1, omformulert 1, tatt ut 1." in page
    assert "Krav oppfylt 0/6" in page  # six on the list: five left of the proposal and one added
    assert "Krav 7 ikke oppfylt: Pasientsikkerhet vurdert" in page and "Krav 6 ikke oppfylt" not in page
    listing = page_text(client.get("/kostnader/betalingsplikt/"))
    assert "0/6" in listing and "lagt til 1, omformulert 1, tatt ut 1" in listing


def test_bad_input_gives_a_clear_message_and_keeps_what_was_typed(client, costs, secretariat):
    client.force_login(secretariat)
    response = client.post(URL, {"action": "reword", "number": "2", "ord-2-title": "",
                                 "ord-2-detail": "Brukerhistoriene for resept og multidose"})
    assert response.status_code == 400
    assert "Brukerhistoriene for resept og multidose" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    response = client.post(URL, {"action": "drop", "number": "2", "ut-2-reason": " "})
    assert response.status_code == 400 and "Hvorfor krav 2 tas ut: Feltet er påkrevet." in page_text(response)
    response = client.post(URL, {"action": "add", "nytt-krav-title": "", "nytt-krav-detail": "Uten tittel"})
    assert response.status_code == 400 and "Uten tittel" in response.content.decode()
    response = client.post(URL, {"action": "requirement", "number": "2", "krav-2-met": "on", "krav-2-evidence": "",
                                 "krav-2-assumption": "Antatt fordi testrapporten ikke er publisert"})
    assert response.status_code == 400
    assert "Skriv hva som dokumenterer at kravet er oppfylt." in page_text(response)
    assert "Antatt fordi testrapporten ikke er publisert" in response.content.decode()
    assert client.post(URL, {"action": "drop", "number": "99", "ut-99-reason": "x"}).status_code == 404
    assert _unchanged(PaymentGate.objects.get(slug="sfm"))


def _unchanged(gate) -> bool:
    return all(r.change == rules.UNCHANGED and not r.met for r in services.facts(gate).requirements)


def test_the_last_requirement_cannot_be_dropped_from_the_page(client, costs, secretariat):
    client.force_login(secretariat)
    for number in (1, 2, 3, 4, 5):
        client.post(URL, {"action": "drop", "number": str(number), f"ut-{number}-reason": "Ikke aktuelt"})
    response = client.post(URL, {"action": "drop", "number": "6", "ut-6-reason": "Ikke aktuelt"})
    assert response.status_code == 400
    assert "Tjenesten må ha minst ett krav til tilstrekkelig utprøving." in page_text(response)
    assert services.facts(PaymentGate.objects.get(slug="sfm")).listed_count == 1


def test_a_requirement_that_is_ticked_with_an_assumption_shows_antatt_to_everyone(client, costs, secretariat):
    client.force_login(secretariat)
    assert client.post(URL, {"action": "requirement", "number": "5", "krav-5-met": "on",
                             "krav-5-evidence": "Norsk helsenett bekreftet i møte",
                             "krav-5-assumption": "Bekreftelsen er muntlig; ingen skriftlig kilde."}).status_code == 302
    client.logout()
    row = row_text(client.get(URL), "krav-5")
    assert "Oppfylt antatt Bekreftelsen er muntlig; ingen skriftlig kilde." in row


@pytest.mark.parametrize("who", ["member", "public"])
def test_only_the_secretariat_changes_the_list(client, costs, member, who):
    if who == "member":
        client.force_login(member)
    for data in ({"action": "add", "nytt-krav-title": "X"}, {"action": "reword", "number": "1", "ord-1-title": "X"},
                 {"action": "drop", "number": "1", "ut-1-reason": "X"}, {"action": "restore", "number": "1"}):
        assert client.post(URL, data).status_code == 403
    assert _unchanged(PaymentGate.objects.get(slug="sfm"))


def test_the_api_shows_the_same_list_and_differences(client, costs, secretariat):
    template = client.get("/api/payment-gates/template").json()
    assert template["source"] == "Toppnotat til NUIT 15. mai 2024, sak 18/24"
    assert [r["title"] for r in template["requirements"]] == [r.title for r in rules.REQUIREMENTS]
    client.force_login(secretariat)
    client.post(URL, {"action": "add", "nytt-krav-title": "Pasientsikkerhet vurdert"})
    client.post(URL, {"action": "drop", "number": "6", "ut-6-reason": "Nytten vurderes i investeringssaken"})
    client.logout()
    gates = {g["slug"]: g for g in client.get("/api/payment-gates").json()["items"]}
    assert set(gates) == {"sfm", "pasientens-provesvar"}
    sfm = client.get("/api/payment-gates/sfm").json()
    assert sfm == gates["sfm"]
    assert (sfm["requirements_met"], sfm["requirements_listed"], sfm["ready"]) == (0, 6, False)
    by_number = {r["number"]: r for r in sfm["requirements"]}
    assert by_number[6]["change"] == "dropped"
    assert by_number[6]["dropped_reason"] == "Nytten vurderes i investeringssaken"
    assert by_number[7]["change"] == "added" and by_number[7]["template"] is None
    assert by_number[1]["change"] == "unchanged" and by_number[1]["template"]["number"] == 1
    assert "Krav 7 ikke oppfylt: Pasientsikkerhet vurdert" in sfm["missing"]
    assert sfm["source"] == "Toppnotat til NUIT 15. mai 2024, sak 18/24"
    assert sfm["assumption"].startswith("Kildene viser bare forslaget")
    assert "seed" not in str(gates).lower()
    assert client.get("/api/payment-gates/finnes-ikke").status_code == 404


def test_the_change_log_records_an_added_reworded_and_dropped_requirement(client, costs, secretariat):
    client.force_login(secretariat)
    client.post(URL, {"action": "add", "nytt-krav-title": "Pasientsikkerhet vurdert"})
    client.post(URL, {"action": "reword", "number": "3", "ord-3-title": "Utprøvd hos fastleger",
                      "ord-3-detail": ""})
    client.post(URL, {"action": "drop", "number": "6", "ut-6-reason": "Nytten vurderes i investeringssaken"})
    log = page_text(client.get("/endringslogg/?app=costs"))
    assert "Krav til tilstrekkelig utprøving «Sentral forskrivningsmodul (SFM, inkl. FM): krav 7»" in log
    assert "«Tjenesten må være utprøvd for sentrale aktører og sentrale brukergrupper/roller» → " \
           "«Utprøvd hos fastleger»" in log
    assert "Tatt ut fordi: «» → «Nytten vurderes i investeringssaken»" in log
