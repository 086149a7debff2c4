"""Core links: added and removed in one place, refused with a reason, recorded in the change
log, never dangling, and shown to a reader only when the reader may see the other end.

The tests link user accounts through a kind of their own, so they do not depend on the apps."""
import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from radsmodell.core import links
from radsmodell.core.models import Link


def ours():
    """The links these tests make (the demo data has links of its own)."""
    return Link.objects.filter(a_kind="account")


def _show(refs):
    users = User.objects.filter(pk__in=[int(r) for r in refs])
    return {str(u.pk): links.Linked("account", u.username, f"Konto {u.username}", f"/konto/{u.username}/",
                                    public=not u.username.startswith("skjult")) for u in users}


@pytest.fixture
def accounts(db):
    kind = links.register_kind(links.LinkKind(
        "account", "Kontoer", 5, find=lambda key: next(
            (str(pk) for pk in User.objects.filter(username=key).values_list("pk", flat=True)), None),
        show=_show, model=User))
    made = {name: User.objects.create_user(name, password="x" * 12) for name in ("anne", "bjorn", "skjult-carl")}
    yield made
    links._kinds.pop(kind.name)


def test_a_link_shows_on_both_sides_with_its_source(accounts):
    links.add_link("account:anne", "account:bjorn", source="seed 000, sak 18/24 (toppnotat)")
    anne = links.links_of_object(accounts["anne"], accounts["anne"])
    bjorn = links.links_of_object(accounts["bjorn"], accounts["bjorn"])
    assert [s.other.key for s in anne] == ["bjorn"] and [s.other.key for s in bjorn] == ["anne"]
    assert links.as_api(anne)[0]["source"] == "Toppnotat til NUIT 15. mai 2024, sak 18/24"


@pytest.mark.parametrize("a, b, field, message", [
    ("konto:anne", "account:bjorn", "a", "Ukjent type «konto»"),
    ("account:anne", "account:ingen", "b", "Fant ikke account «ingen»"),
    ("account:anne", "account:anne", "b", "kan ikke kobles til seg selv"),
])
def test_a_link_that_cannot_be_is_refused_with_a_reason(accounts, a, b, field, message):
    with pytest.raises(ValidationError) as refused:
        links.add_link(a, b, source="kilde")
    assert message in " ".join(refused.value.message_dict[field])
    assert not ours().exists()


def test_a_link_is_made_once_either_way_round_and_says_where_it_comes_from(accounts):
    with pytest.raises(ValidationError) as refused:
        links.add_link("account:anne", "account:bjorn")
    assert "Oppgi kilden" in " ".join(refused.value.message_dict["source"])
    links.add_link("account:anne", "account:bjorn", assumption="Antatt fordi de sitter i samme utvalg.")
    with pytest.raises(ValidationError):
        links.add_link("account:bjorn", "account:anne", source="kilde")
    assert ours().count() == 1


def test_the_public_does_not_see_a_link_to_what_it_may_not_see(client, accounts, member):
    links.add_link("account:anne", "account:skjult-carl", source="kilde")
    assert client.get("/api/links?object=account:anne").json()["items"] == []
    client.force_login(member)
    assert [x["key"] for x in client.get("/api/links?object=account:anne").json()["items"]] == ["skjult-carl"]
    assert client.get("/api/links?object=account:ingen").status_code == 404


def test_a_deleted_object_takes_its_links_with_it(accounts):
    links.add_link("account:anne", "account:bjorn", source="kilde")
    accounts["bjorn"].delete()
    assert not ours().exists()


def test_the_secretariat_adds_and_removes_links_on_one_page_and_the_change_log_has_it(client, accounts, secretariat):
    assert client.get("/koblinger/").status_code == 302  # to the login page
    client.force_login(secretariat)
    refused = client.post("/koblinger/", {"a": "account:anne", "b": "account:ingen", "source": "kilde"})
    assert refused.status_code == 400 and "Fant ikke account «ingen»" in refused.content.decode()
    client.post("/koblinger/?objekt=account:anne", {"a": "account:anne", "b": "account:bjorn",
                                                     "source": "seed 001, sak 37/25", "day": "2025-11-20"})
    link = ours().get()
    assert (link.created_by, str(link.date)) == (secretariat, "2025-11-20")
    page = client.get("/koblinger/?objekt=account:bjorn").content.decode()
    assert "Konto anne" in page and "Saksframlegg til NUIT 20. november 2025, sak 37/25" in page
    asked = client.post(f"/koblinger/{link.pk}/fjern/")
    assert asked.status_code == 200 and "Fjerne koblingen?" in asked.content.decode() and ours().exists()
    client.post(f"/koblinger/{link.pk}/fjern/", {"confirmed": "1"})
    assert not ours().exists()
    removed = Link.history.filter(a_kind="account", history_type="-")
    assert removed.count() == 1 and removed.get().history_user == secretariat


def test_within_a_kind_the_newest_link_comes_first(accounts):
    from datetime import date
    User.objects.create_user("dora", password="x" * 12)
    links.add_link("account:anne", "account:bjorn", source="kilde", day=date(2022, 9, 21))
    links.add_link("account:dora", "account:anne", source="kilde", day=date(2025, 11, 20))
    shown = links.links_of_object(accounts["anne"], accounts["anne"])
    assert [s.other.key for s in shown] == ["dora", "bjorn"]


def test_removing_a_link_never_sends_the_user_to_another_site(client, accounts, secretariat):
    link = links.add_link("account:anne", "account:bjorn", source="kilde")
    client.force_login(secretariat)
    response = client.post(f"/koblinger/{link.pk}/fjern/", {"confirmed": "1", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/koblinger/"
