"""The change log: every tracked model described in its own words, filters, and a fixed number of queries."""
import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from radsmodell.core import history
from radsmodell.council.models import Case


def _change_titles(cases, times: int, user: User) -> None:
    """`times` edits spread over the cases, each recorded as made by `user`."""
    for n in range(times):
        case = cases[n % len(cases)]
        case.title = f"{case.title.split(' #')[0]} #{n}"
        case._history_user = user
        case.save()


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_every_tracked_model_is_described_by_its_app():
    assert history.undescribed_models() == []


def test_a_page_of_50_changes_takes_the_same_queries_with_a_short_and_a_long_history(client, secretariat):
    """Cases and meetings changed 10 and 200 times: the queries depend on the kinds of object on
    the page (two each), not on how many changes there are."""
    from radsmodell.council.models import Meeting

    for model in history.tracked_models():  # the demo's own history mixes every kind of object
        model.history.all().delete()
    cases, meeting = list(Case.objects.filter(year=2024)[:5]), Meeting.objects.first()

    def change(times: int) -> None:
        _change_titles(cases, times - 1, secretariat)
        meeting.location = f"Møterom {times}"
        meeting.save()

    client.force_login(secretariat)
    change(10)
    client.get("/endringslogg/")
    few = _queries(client, "/endringslogg/")
    change(190)
    many = _queries(client, "/endringslogg/")
    assert few == many, f"{few} queries for 10 changes, {many} for 200"


def test_a_change_reads_as_what_changed_on_which_object(client, secretariat):
    case = Case.objects.get(body__slug="nuit", year=2024, number=17)
    case.title = "Prinsipper for prismodeller (revidert)"
    case._history_user = secretariat
    case.save()

    change = history.changes_for(case, limit=1)[0]
    assert change.summary == "Sak «17/24 Prinsipper for prismodeller (revidert)»: tittel endret"
    assert change.who == "Sekretariatet (demo)" and change.app == "Rådsmodellen"
    client.force_login(secretariat)
    page = client.get("/endringslogg/").content.decode()
    assert "«17/24 Prinsipper for prismodeller (revidert)»" in page


@pytest.mark.parametrize("query, shown, hidden", [
    ("app=portfolio", "Tiltak", "Sak «"),
    ("app=council", "Sak «", "Tiltak «"),
])
def test_the_change_log_filters_by_app(client, secretariat, query, shown, hidden):
    from radsmodell.portfolio.models import Initiative

    initiative = Initiative.objects.get(slug="pll")
    initiative.name = "Pasientens legemiddelliste (PLL)"
    initiative.save()
    _change_titles(list(Case.objects.filter(year=2024)[:1]), 1, secretariat)
    client.force_login(secretariat)
    page = client.get(f"/endringslogg/?{query}").content.decode()
    assert shown in page and hidden not in page


def test_the_change_log_filters_by_user_and_by_object(client, secretariat, member):
    first, second = Case.objects.filter(year=2024).order_by("number")[:2]
    _change_titles([first], 1, secretariat)
    _change_titles([second], 1, member)
    client.force_login(secretariat)

    by_member = client.get(f"/endringslogg/?bruker={member.pk}").content.decode()
    assert f"«{second.case_number} " in by_member and f"«{first.case_number} " not in by_member
    one_object = client.get(f"/endringslogg/?modell=council.case&objekt={first.pk}").content.decode()
    assert f"«{first.case_number} " in one_object and f"«{second.case_number} " not in one_object
    assert "Viser historikken til ett objekt." in one_object
