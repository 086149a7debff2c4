"""Pages as the users see them: what each role is shown and how bad input is answered."""
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from radsmodell.council import services
from radsmodell.council.models import Body, Case, Meeting


def text(response) -> str:
    return response.content.decode()


def test_meeting_page_shows_agenda_attendance_and_documents(client, demo):
    page = text(client.get("/moter/nuit/2024-02-15/"))
    assert "Møte i NUIT 1/2024" in page and "Torsdag 15. februar 2024" in page
    assert "Ole Johan Kvan" in page and "Til stede, delvis digitalt" in page
    assert "Frank Ivar Aarnes" in page and "Stedfortreder for Ole Johan Kvan" in page
    assert "/moter/nuit/2024-02-15/referat.pdf" in page


def test_anonymous_sees_published_notice_but_not_unapproved_minutes(client, demo):
    page = text(client.get("/moter/nuit/2024-05-15/"))
    assert "15/24" in page and "referat.pdf" not in page
    case = text(client.get("/saker/nuit/2024/17/"))
    assert "Forslag til vedtak" in case and "Behandling i møtet" not in case


def test_anonymous_cannot_open_a_draft_meeting_or_write(client, demo):
    services.plan_meeting(Body.objects.get(slug="nuit"), date(2026, 3, 5))
    assert client.get("/moter/nuit/2026-03-05/").status_code == 404
    assert client.get("/saker/nuit/2026/1/").status_code == 404
    response = client.post("/saker/nuit/2024/17/behandling/", {"outcome-decision": "x"})
    assert response.status_code == 403
    assert Case.objects.get(body__slug="nuit", year=2024, number=17).decision == ""


def test_member_reads_drafts_and_comments_but_cannot_edit(client, member):
    draft = services.plan_meeting(Body.objects.get(slug="nuit"), date(2026, 3, 5))
    client.force_login(member)
    assert "Utkast" in text(client.get("/moter/nuit/2026-03-05/"))
    response = client.post("/saker/nuit/2026/1/kommentar/", {"comment-text": "Husk vedlegget."}, follow=True)
    assert "Husk vedlegget." in text(response)
    assert client.post("/saker/nuit/2026/1/notat/", {"memo-title": "Ny tittel"}).status_code == 403
    assert draft.cases.get(number=1).title == "Godkjenning av innkalling og dagsorden"


def test_bad_meeting_date_is_answered_with_the_field_name_and_saves_nothing(client, secretariat):
    client.force_login(secretariat)
    before = Meeting.objects.count()
    response = client.post("/moter/ny/", {"body": Body.objects.get(slug="nuit").pk, "date": "2024-13-45"})
    assert response.status_code == 400
    assert "Dato: Datoen har feil format." in text(response)
    assert Meeting.objects.count() == before


def test_colliding_case_number_is_refused_on_the_page(client, secretariat):
    client.force_login(secretariat)
    response = client.post("/saker/nuit/2024/27/nummer/", {"number-number": "17/24"})
    assert response.status_code == 400
    assert "Saksnummer: 17/24 er allerede brukt av «Prinsipper for fordeling" in text(response)
    assert Case.objects.filter(body__slug="nuit", year=2024, number=27, title="Eventuelt").exists()


def test_upload_that_is_not_pdf_or_docx_is_refused_on_the_page(client, secretariat):
    client.force_login(secretariat)
    upload = SimpleUploadedFile("notat.docx", b"not a word file")
    response = client.post("/saker/nuit/2024/17/vedlegg/", {"attachment-title": "Notat", "attachment-file": upload})
    assert response.status_code == 400
    assert "«notat.docx» er ikke en PDF- eller DOCX-fil." in text(response)
    assert not Case.objects.get(body__slug="nuit", year=2024, number=17).attachments.filter(title="Notat").exists()


def test_decision_on_an_unpublished_case_is_refused_on_the_page(client, secretariat):
    services.plan_meeting(Body.objects.get(slug="nuit"), date(2026, 3, 5))
    client.force_login(secretariat)
    response = client.post("/saker/nuit/2026/1/behandling/", {"outcome-decision": "NUIT godkjenner."})
    assert response.status_code == 400
    assert "Vedtak: Saken er ikke publisert i en innkalling ennå" in text(response)


@pytest.mark.parametrize("url", ["/moter/nuit/15-05-2024/", "/moter/finnes-ikke/2024-05-15/", "/saker/nuit/2024/99/"])
def test_unknown_meeting_or_case_is_a_404(client, demo, url):
    assert client.get(url).status_code == 404


def test_body_page_shows_former_name_mandates_and_replaced_members(client, demo):
    page = text(client.get("/organer/nuit/"))
    assert "Heter Nasjonalt porteføljeråd fra 1. januar 2026; tidligere NUIT." in page
    assert "Forslag" in page and "Vedtatt" in page and "Sammenlign mandatversjoner" in page
    assert "Monica Simone Johannessen" in page and "Terje Jørgensen" in page


def test_search_box_finds_cases_by_norwegian_words(client, demo):
    page = text(client.get("/sok/", {"q": "Tannhelsetjenesten"}))
    title = "Digitalisering av den offentlige <mark>tannhelsetjenesten</mark>"  # the matched word marked
    assert f'<a class="ds-link" href="/saker/nuit/2024/22/">{title}</a>' in page
    assert "Sak 22/24" in page


def test_public_does_not_see_an_earlier_decision_before_its_minutes_are_approved(client, secretariat):
    earlier = Case.objects.get(body__slug="nuit", year=2024, number=17)
    services.record_outcome(earlier, decision="NUIT ba NHN utrede kategoriene videre.")
    draft = services.add_case(services.plan_meeting(Body.objects.get(slug="nuit"), date(2024, 9, 12)),
                              "Prismodeller, videre arbeid", "drofting")
    services.link_previous_cases(draft, ["nuit/2024/17"])
    services.publish_notice(draft.meeting)
    assert "NUIT ba NHN utrede" not in text(client.get(f"/saker/nuit/2024/{draft.number}/"))
    assert client.get(f"/api/cases/nuit/2024/{draft.number}").json()["previous_cases"][0]["decision"] == ""
    client.force_login(secretariat)
    assert "NUIT ba NHN utrede" in text(client.get(f"/saker/nuit/2024/{draft.number}/"))


def test_public_does_not_see_later_draft_cases_or_unapproved_type_changes(client, demo):
    draft = services.add_case(services.plan_meeting(Body.objects.get(slug="nuit"), date(2024, 9, 12)),
                              "Hemmelig utkast", "drofting")
    services.link_previous_cases(draft, ["nuit/2024/17"])
    services.record_outcome(Case.objects.get(body__slug="nuit", year=2024, number=19),
                            type_in_meeting="orientering", type_change_reason="tidsnød")
    assert "Hemmelig utkast" not in text(client.get("/saker/nuit/2024/17/"))
    case_page = text(client.get("/saker/nuit/2024/19/"))
    assert "tidsnød" not in case_page and "endret i møtet" not in case_page
    assert client.get("/api/cases/nuit/2024/19").json()["type_in_meeting"] is None


def test_attachment_file_is_served_only_to_those_who_may_see_the_case(client, secretariat, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    draft = services.plan_meeting(Body.objects.get(slug="nuit"), date(2026, 3, 5)).cases.get(number=1)
    pdf = SimpleUploadedFile("notat.pdf", b"%PDF-1.7\n%notat", content_type="application/pdf")
    attachment = services.add_attachment(draft, "Notat", pdf)
    assert client.get(f"/vedlegg/{attachment.pk}/").status_code == 404
    client.force_login(secretariat)
    response = client.get(f"/vedlegg/{attachment.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-1.7")


def test_secretariat_changes_time_and_place_of_a_planned_meeting(client, secretariat):
    services.plan_meeting(Body.objects.get(slug="nuit"), date(2026, 3, 5))
    client.force_login(secretariat)
    response = client.post("/moter/nuit/2026-03-05/endre/", {
        "details-start_time": "10:00", "details-end_time": "09:00", "details-location": "Storo"})
    assert response.status_code == 400 and "Slutter: Møtet må slutte etter at det starter." in text(response)
    client.post("/moter/nuit/2026-03-05/endre/", {
        "details-start_time": "10:00", "details-end_time": "15:00", "details-location": "Vitaminveien 4, Storo"})
    page = text(client.get("/moter/nuit/2026-03-05/"))
    assert "kl. 10:00–15:00" in page and "Vitaminveien 4, Storo" in page


def test_input_recorded_by_mistake_can_be_removed_while_the_minutes_are_a_draft(client, secretariat):
    case = Case.objects.get(body__slug="nuit", year=2024, number=21)
    wrong = services.add_input(case, "Feilført innspill")
    client.force_login(secretariat)
    client.post(f"/innspill/{wrong.pk}/fjern/", {"confirmed": "1"})
    assert "Feilført innspill" not in text(client.get("/saker/nuit/2024/21/"))
    locked_input = Case.objects.get(body__slug="nuit", year=2024, number=9).inputs.first()
    response = client.post(f"/innspill/{locked_input.pk}/fjern/", {"confirmed": "1"}, follow=True)
    assert "Referatet fra NUIT 1/2024 er godkjent og låst" in text(response)
    assert Case.objects.get(body__slug="nuit", year=2024, number=9).inputs.filter(pk=locked_input.pk).exists()


def test_secretariat_creates_a_member_account_with_a_checked_password(client, secretariat, member):
    from django.contrib.auth.models import User

    from radsmodell.core.roles import can_see_drafts

    client.force_login(member)
    assert client.get("/brukere/").status_code == 403
    client.force_login(secretariat)
    weak = client.post("/brukere/", {"username": "kari", "password1": "123", "password2": "123", "role": "medlem"})
    assert weak.status_code == 400 and "for kort" in weak.content.decode()
    assert not User.objects.filter(username="kari").exists()
    taken = client.post("/brukere/", {"username": "MEDLEM", "password1": "lang-og-trygg-42",
                                      "password2": "lang-og-trygg-42"})
    assert taken.status_code == 400 and "er i bruk" in taken.content.decode()
    client.post("/brukere/", {"username": "kari", "first_name": "Kari", "last_name": "Nordmann",
                              "password1": "lang-og-trygg-42", "password2": "lang-og-trygg-42", "role": "medlem"})
    kari = User.objects.get(username="kari")
    assert kari.check_password("lang-og-trygg-42") and can_see_drafts(kari)
    assert "<td>kari</td><td>Kari Nordmann</td><td>medlem</td>" in client.get("/brukere/").content.decode()
