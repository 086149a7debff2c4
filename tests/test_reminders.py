"""`radsmodell send-reminders` against a real SMTP server: one digest per recipient with the overdue
items first, nothing new on a second run the same day, a refused digest sent again by the next run,
and what reaches no owner sent to the secretariat."""
import io
import re
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from radsmodell.core.models import OutgoingMail
from radsmodell.council import services
from radsmodell.council.models import ActionItem, Case, Commission, Organisation, Person

pytestmark = pytest.mark.django_db(transaction=True)

DAY = "2026-12-07"
SITE = "https://radsmodell.example.no"


def _item(number: int) -> ActionItem:
    return ActionItem.objects.get(case__body__slug="nuit", case__year=2024, case__number=number)


@pytest.fixture
def owners(transactional_db, demo, settings):
    """Kari owns 9/24 (overdue on DAY), 6/24 (due later) and 13/24 (no due date); 11/24 stays with
    Helsedirektoratet, which has no address; the secretariat has one. The demo's commissions are left out."""
    settings.SITE_URL = SITE
    Commission.objects.all().delete()
    User.objects.filter(username="sekretariat").update(email="sekretariat@example.org")
    kari = Person.objects.create(name="Kari Eier", email="kari@example.org")
    for number, due in ((9, date(2024, 3, 1)), (6, date(2027, 1, 1)), (13, None)):
        ActionItem.objects.filter(pk=_item(number).pk).update(owner_person=kari, due=due)
    return kari


def _run(*args) -> str:
    out = io.StringIO()
    call_command("send_reminders", "--date", DAY, *args, stdout=out, stderr=out)
    return out.getvalue()


def test_the_owner_gets_one_digest_with_the_overdue_items_first_then_by_due_date(smtp_server, owners):
    output = _run()
    [digest] = smtp_server.inbox.to("kari@example.org")
    assert digest["To"] == "Kari Eier <kari@example.org>"
    # strip(): Django folds a long encoded subject after "Subject:", which a parser reads as a leading space.
    assert digest["Subject"].strip() == "Påminnelse 7. desember 2026: 1 forfalt, 2 åpne aksjonspunkter og oppdrag"
    body = digest.get_content()
    assert body.index("FORFALT (1)") < body.index("NUIT 9/24") < body.index("ÅPNE (2)") \
        < body.index("NUIT 6/24") < body.index("NUIT 13/24")
    assert "Frist: 1. mars 2024 (forfalt for 1011 dager siden) · Alder: 1026 dager" in body
    assert "Frist: ingen frist" in body
    assert f"{SITE}/aksjonspunkter/{_item(9).pk}/" in body
    assert "NUIT 11/24" not in body  # Helsedirektoratet's, which has no address
    assert re.search(r"^Ingen tidligere e-post ventet på et nytt forsøk\.$", output, re.M)
    assert "2 sendt, 0 allerede sendt i dag" in output  # Kari and the secretariat
    assert OutgoingMail.objects.get(recipient="kari@example.org").key == f"digest:{DAY}:kari@example.org"


def test_a_second_run_the_same_day_sends_nothing_new(smtp_server, owners):
    _run()
    arrived = len(smtp_server.inbox.messages)
    assert "0 sendt, 2 allerede sendt i dag" in _run()
    assert len(smtp_server.inbox.messages) == arrived
    # The next day is a new digest.
    out = io.StringIO()
    call_command("send_reminders", "--date", "2026-12-08", stdout=out)
    assert "2 sendt, 0 allerede sendt i dag" in out.getvalue()


def test_a_refused_digest_is_kept_and_sent_again_by_the_next_run(smtp_server, owners):
    smtp_server.inbox.refuse = True
    with pytest.raises(CommandError, match="2 e-poster kunne ikke sendes; de sendes på nytt ved neste kjøring."):
        _run()
    assert set(OutgoingMail.objects.filter(kind="digest").values_list("status", flat=True)) == {"failed"}
    assert smtp_server.inbox.messages == []

    smtp_server.inbox.refuse = False
    output = _run()
    assert "Sendt på nytt: 2 av 2 som feilet tidligere." in output
    assert "0 sendt, 2 allerede sendt i dag" in output
    assert len(smtp_server.inbox.to("kari@example.org")) == 1
    assert "FORFALT (1)" in smtp_server.inbox.to("kari@example.org")[0].get_content()


def test_items_without_a_reachable_owner_go_to_the_secretariat_and_an_organisation_address_is_used(
        smtp_server, owners):
    _run()
    [to_secretariat] = smtp_server.inbox.to("sekretariat@example.org")
    body = to_secretariat.get_content()
    assert "NUIT 11/24" in body and "NUIT 9/24" not in body
    assert "Til sekretariatet fordi ansvarlig har ingen e-postadresse (ansvarlig: Helsedirektoratet)." in body

    Organisation.objects.filter(name="Helsedirektoratet").update(email="postmottak@helsedir.example")
    out = io.StringIO()
    call_command("send_reminders", "--date", "2026-12-14", stdout=out)
    [to_hdir] = smtp_server.inbox.to("postmottak@helsedir.example")
    assert "NUIT 11/24" in to_hdir.get_content()
    assert "2 sendt, 0 allerede sendt i dag" in out.getvalue()  # Kari and Helsedirektoratet
    assert len(smtp_server.inbox.to("sekretariat@example.org")) == 1  # nothing was left for the secretariat


def test_an_item_of_unapproved_minutes_goes_to_the_secretariat_not_to_an_organisation_address(smtp_server, owners):
    hdir = Organisation.objects.get(name="Helsedirektoratet")
    Organisation.objects.filter(pk=hdir.pk).update(email="postmottak@helsedir.example")
    draft = services.add_action_item(Case.objects.get(body__slug="nuit", year=2024, number=17),
                                     "Utkastets aksjonspunkt", "Helsedirektoratet")
    ActionItem.objects.filter(pk=draft.pk).update(owner_organisation=hdir)
    _run()
    assert "Utkastets aksjonspunkt" not in smtp_server.inbox.to("postmottak@helsedir.example")[0].get_content()
    secretariat = smtp_server.inbox.to("sekretariat@example.org")[0].get_content()
    assert "Utkastets aksjonspunkt" in secretariat and "referatet er ikke godkjent" in secretariat


def test_an_overdue_commission_is_listed_for_its_receiver_among_the_overdue(smtp_server, owners):
    fhi = Organisation.objects.get_or_create(name="Folkehelseinstituttet")[0]
    Organisation.objects.filter(pk=fhi.pk).update(email="fhi@example.org")
    Commission.objects.create(reference="TB2024-79", title="Plan for helsedata", giver="hod", receiver=fhi,
                              deadline=date(2024, 6, 1), given=date(2024, 1, 20))
    Commission.objects.create(reference="TB2025-1", title="Barometer", giver="hod", receiver=fhi,
                              deadline=date(2027, 11, 1), status=Commission.Status.IN_PROGRESS)
    Commission.objects.create(reference="TB2024-2", title="Levert", giver="hod", receiver=fhi,
                              deadline=date(2024, 6, 1), status=Commission.Status.DELIVERED)
    _run()
    [digest] = smtp_server.inbox.to("fhi@example.org")
    body = digest.get_content()
    assert body.index("FORFALT (1)") < body.index("Oppdrag TB2024-79: Plan for helsedata") < body.index("ÅPNE (1)") \
        < body.index("Oppdrag TB2025-1: Barometer")
    assert "Levert" not in body


def test_a_dry_run_says_who_would_get_what_and_sends_and_stores_nothing(smtp_server, owners):
    output = _run("--dry-run")
    assert "Tørrkjøring for 2026-12-07: ingenting sendes." in output
    assert "Kari Eier <kari@example.org>: 1 forfalt, 2 åpne" in output
    assert "  - [forfalt] Aksjonspunkt NUIT 9/24:" in output
    assert smtp_server.inbox.messages == [] and not OutgoingMail.objects.exists()


def test_a_wrong_date_is_refused_with_a_message(owners):
    with pytest.raises(CommandError, match="--date «7.12.2026» er ikke en dato"):
        call_command("send_reminders", "--date", "7.12.2026")
