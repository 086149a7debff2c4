"""Status rounds: owners report for their own initiatives, the secretariat accepts, returns and closes."""
import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError

from radsmodell.portfolio import services
from radsmodell.portfolio.models import Initiative, OwnerAccount, Round, StatusReport


@pytest.fixture
def owner(portfolio):
    user = User.objects.create_user("helse-nord", password="x")
    OwnerAccount.objects.create(user=user, owner="Helse Nord RHF")
    return user


@pytest.fixture
def open_round(portfolio):
    return services.open_round("Desember 2026", None)


def own(owner) -> Initiative:
    return Initiative.objects.filter(owner="Helse Nord RHF").first()


def other() -> Initiative:
    return Initiative.objects.exclude(owner="Helse Nord RHF").exclude(owner="").first()


def test_owner_reports_for_own_initiative_and_the_secretariat_accepts(owner, open_round):
    risk = {"description": "Leverandør", "probability": 4, "impact": 3, "mitigation": "Dialog"}
    report = services.save_report(open_round, own(owner), owner, {"overall": "amber", "text": "Forsinket levering."},
                                  [risk], submit=True)
    assert report.state == "submitted" and report.risks.get().probability == 4
    services.accept_report(report)
    assert StatusReport.objects.get(pk=report.pk).state == "accepted"


def test_owner_cannot_report_for_another_owners_initiative(owner, open_round, client):
    with pytest.raises(PermissionDenied):
        services.save_report(open_round, other(), owner, {"overall": "green", "text": "x"}, [], submit=True)
    client.force_login(owner)
    response = client.post(f"/portefolje/runder/{open_round.slug}/rapporter/{other().slug}/",
                           {"overall": "green", "text": "x", "action": "submit"})
    assert response.status_code == 403
    assert not StatusReport.objects.filter(round=open_round).exists()


def test_submitting_needs_overall_status_and_text_and_risks_on_a_1_to_5_scale(owner, open_round):
    with pytest.raises(ValidationError) as error:
        services.save_report(open_round, own(owner), owner, {"overall": "", "text": ""}, [], submit=True)
    assert set(error.value.message_dict) == {"overall", "text"}
    with pytest.raises(ValidationError) as error:
        services.save_report(open_round, own(owner), owner, {"overall": "red", "text": "x"},
                             [{"description": "Risiko", "probability": 7, "impact": 2}], submit=True)
    assert "risk-1-probability" in error.value.message_dict
    assert not StatusReport.objects.filter(round=open_round).exists()


def test_returned_report_goes_back_to_the_owner_with_the_reason(owner, open_round):
    report = services.save_report(open_round, own(owner), owner, {"overall": "green", "text": "OK"}, [], submit=True)
    with pytest.raises(ValidationError):
        services.save_report(open_round, own(owner), owner, {"overall": "red", "text": "endret"}, [])
    with pytest.raises(ValidationError, match="rette"):
        services.return_report(report, "")
    services.return_report(report, "Mangler milepæler")
    again = services.save_report(open_round, own(owner), owner, {"overall": "green", "text": "OK", "milestones": "Q1"},
                                 [], submit=True)
    assert again.state == "submitted"


def test_closed_round_is_frozen_and_the_public_sees_only_accepted_reports(owner, open_round, client):
    accepted = services.save_report(open_round, own(owner), owner, {"overall": "amber", "text": "Godkjent tekst"},
                                    [], submit=True)
    services.accept_report(accepted)
    services.close_round(open_round)
    with pytest.raises(ValidationError, match="avsluttet"):
        services.save_report(open_round, own(owner), owner, {"overall": "red", "text": "for sent"}, [], submit=True)
    page = client.get(own(owner).get_absolute_url()).content.decode()
    assert "Godkjent tekst" in page


def test_unaccepted_report_is_not_public(owner, open_round, client):
    services.save_report(open_round, own(owner), owner, {"overall": "red", "text": "Hemmelig utkast"}, [], submit=True)
    assert "Hemmelig utkast" not in client.get(own(owner).get_absolute_url()).content.decode()
    assert "Hemmelig utkast" not in client.get(open_round.get_absolute_url()).content.decode()


def test_secretariat_sees_who_has_not_reported(owner, open_round, client):
    services.save_report(open_round, own(owner), owner, {"overall": "green", "text": "x"}, [], submit=True)
    client.force_login(User.objects.get(username="sekretariat"))
    page = client.get(open_round.get_absolute_url()).content.decode()
    assert page.count("Ikke rapportert") == Initiative.objects.exclude(owner="").count() - 1
    assert "Levert – Grønn" in page


def test_owner_fills_in_the_report_form(owner, open_round, client):
    client.force_login(owner)
    url = f"/portefolje/runder/{open_round.slug}/rapporter/{own(owner).slug}/"
    response = client.post(url, {"overall": "", "text": "", "action": "submit"})
    assert response.status_code == 400
    assert "Samlet status: Må fylles ut før rapporten leveres." in response.content.decode()
    response = client.post(url, {"overall": "green", "text": "I rute", "risk-1-description": "Kapasitet",
                                 "risk-1-probability": "2", "risk-1-impact": "3", "action": "submit"})
    assert response.status_code == 302
    assert StatusReport.objects.get(round=open_round).risks.get().description == "Kapasitet"


def test_risks_reach_the_public_initiative_page_only_once_the_report_is_accepted(owner, open_round, client):
    initiative = own(owner)
    risk = {"description": "Mangler leverandørkapasitet", "probability": 4, "impact": 3, "mitigation": "Ny avtale"}
    report = services.save_report(open_round, initiative, owner, {"overall": "amber", "text": "Forsinket",
                                                                   "schedule": "red"}, [risk], submit=True)
    assert "Mangler leverandørkapasitet" not in client.get(initiative.get_absolute_url()).content.decode()
    services.accept_report(report)
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "<td>Mangler leverandørkapasitet</td><td>4</td><td>3</td><td>Ny avtale</td>" in page
    assert "Fremdrift: Rød" in page


def test_comparing_rounds_lists_worsened_and_new_initiatives(owner, open_round, client):

    april = Round.objects.get(slug="2024-04")
    report = services.save_report(open_round, Initiative.objects.get(slug="dbep"),
                                  User.objects.get(username="sekretariat"), {"overall": "green", "text": "Finansiert"},
                                  [], submit=True)
    services.accept_report(report)
    mine = services.save_report(open_round, own(owner), owner, {"overall": "amber", "text": "x"}, [], submit=True)
    services.accept_report(mine)
    page = client.get("/portefolje/runder/sammenlign/", {"a": april.slug, "b": open_round.slug}).content.decode()
    changes = page[page.index('id="changes"'):]
    assert "DBEP (Rød → Grønn)" in changes
    assert own(owner).short_name in changes or own(owner).name in changes
    breakdown = client.get(open_round.get_absolute_url()).content.decode()
    assert "<td>Grønn</td><td>1</td>" in breakdown and "<td>Gul</td><td>1</td>" in breakdown


def test_a_closed_round_keeps_its_counts_when_an_initiative_changes_later(owner, open_round):
    from radsmodell.portfolio.selectors import round_summary

    initiative = own(owner)
    initiative.lifecycle = "aktiv"
    initiative.save()
    report = services.save_report(open_round, initiative, owner, {"overall": "green", "text": "x"}, [], submit=True)
    services.accept_report(report)
    services.close_round(open_round)
    initiative.lifecycle = "pause"
    initiative.save()
    assert round_summary(open_round).by_lifecycle == {"aktiv": 1}


def test_secretariat_correction_keeps_an_accepted_report_public(owner, open_round):
    report = services.save_report(open_round, own(owner), owner, {"overall": "green", "text": "x"}, [], submit=True)
    services.accept_report(report)
    services.save_report(open_round, own(owner), User.objects.get(username="sekretariat"),
                         {"overall": "green", "text": "rettet skrivefeil"}, [])
    assert StatusReport.objects.get(pk=report.pk).state == "accepted"


def test_round_names_never_take_a_fixed_address(portfolio, client):
    first = services.open_round("Ny", None)
    second = services.open_round("Ny!", None)
    assert first.slug not in {"ny", "sammenlign"} and second.slug != first.slug
    assert client.get(first.get_absolute_url()).status_code == 200
    assert client.get("/portefolje/", {"goal": "²"}).status_code == 200


def test_secretariat_assigns_a_reporter_to_an_owner(portfolio, client):
    reporter = User.objects.create_user("fhi-rapportor", password="x")
    client.force_login(User.objects.get(username="sekretariat"))
    response = client.post("/portefolje/rapportorer/", {"user": reporter.pk, "owner": "FHI"})
    assert response.status_code == 302
    assert services.owners_of(reporter) == {"FHI"}
    response = client.post("/portefolje/rapportorer/", {"user": reporter.pk, "owner": "FHI"})
    assert response.status_code == 400 and "rapporterer allerede for FHI" in response.content.decode()
    client.force_login(reporter)
    assert client.get("/portefolje/rapportorer/").status_code == 403


def test_the_change_log_names_rounds_reports_and_benefits_as_a_reader_would(owner, open_round, client):
    from radsmodell.portfolio.models import Benefit, BenefitType

    initiative = own(owner)
    services.save_report(open_round, initiative, owner, {"overall": "green", "text": "I rute"}, [], submit=True)
    Benefit.objects.create(initiative=initiative, type=BenefitType.objects.get(slug="faerre-telefoner"))
    client.force_login(User.objects.get(username="sekretariat"))
    page = client.get("/endringslogg/", {"app": "portfolio"}).content.decode()
    name = initiative.short_name or initiative.name
    assert "Opprettet: Statusrunde «Desember 2026»" in page
    assert f"Opprettet: Statusrapport «{name}, Desember 2026»" in page
    assert f"Opprettet: Gevinst «{name}: Færre telefoner»" in page
