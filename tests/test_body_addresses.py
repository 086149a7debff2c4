"""The secretariat's page of a body's addresses for notices and reminders (council/addresses.py):
what it saves is where the notice goes; a wrong value saves nothing and says where."""
import pytest
from django.contrib.auth.models import User

from radsmodell.council import notice_mail
from radsmodell.council.models import Body, Meeting, Organisation, Person

URL = "/organer/nuit/adresser/"


@pytest.fixture
def nuit(demo):
    return Body.objects.get(slug="nuit")


def test_the_page_lists_the_current_members_and_their_organisations(client, secretariat, nuit):
    client.force_login(secretariat)
    page = client.get(URL).content.decode()
    assert "Anne-Lise Härter" in page and "Apotekforeningen" in page
    assert f'name="p{Person.objects.get(name="Anne-Lise Härter").pk}-email"' in page


def test_a_saved_address_is_where_the_notice_goes(client, secretariat, nuit):
    person = Person.objects.get(name="Anne-Lise Härter")
    organisation = Organisation.objects.get(name="Apotekforeningen")
    client.force_login(secretariat)
    response = client.post(URL, {f"p{person.pk}-email": "anne-lise@example.org",
                                 f"o{organisation.pk}-email": "post@apotek.example.org"}, follow=True)
    assert "Adressene er lagret (2 endret)." in response.content.decode()
    person.refresh_from_db()
    organisation.refresh_from_db()
    assert (person.email, organisation.email) == ("anne-lise@example.org", "post@apotek.example.org")
    assert person.history.first().history_user == secretariat

    meeting = Meeting.objects.get(body=nuit, date="2025-11-20")
    recipients = {r.name: r.address for r in notice_mail.recipients(meeting)}
    assert recipients["Anne-Lise Härter"] == "anne-lise@example.org"


def test_an_invalid_address_saves_nothing_and_names_the_person(client, secretariat, nuit):
    first, second = Person.objects.get(name="Anne-Lise Härter"), Person.objects.get(name="Kristin Brekke")
    client.force_login(secretariat)
    response = client.post(URL, {f"p{first.pk}-email": "anne@example.org", f"p{second.pk}-email": "ikke en adresse"})
    assert response.status_code == 400
    assert "Kristin Brekke: «ikke en adresse» er ikke en gyldig e-postadresse." in response.content.decode()
    assert 'value="anne@example.org"' in response.content.decode()  # what was typed is kept
    first.refresh_from_db()
    assert first.email == ""


def test_one_account_belongs_to_one_person(client, secretariat, nuit):
    member = User.objects.get(username="medlem")
    linked = Person.objects.get(user=member)
    other = Person.objects.exclude(pk=linked.pk).filter(memberships__body=nuit, memberships__end__isnull=True,
                                                       memberships__ended=False).first()
    client.force_login(secretariat)
    response = client.post(URL, {f"p{other.pk}-user": str(member.pk), f"p{linked.pk}-user": str(member.pk)})
    assert response.status_code == 400
    assert f"{other.name}: brukerkontoen «medlem» er allerede knyttet til {linked.name}." in response.content.decode()
    other.refresh_from_db()
    assert other.user is None


def test_only_the_secretariat_sees_or_changes_addresses(client, member, nuit):
    assert client.get(URL).status_code == 302  # to the login
    client.force_login(member)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {}).status_code == 403
