"""The English translation: bokmål unless the user picked English with the language button.

The browser's Accept-Language is ignored on purpose (see core/middleware.py); only Django's
language cookie, set by the button through /i18n/setlang/, switches the UI to English.
"""
import ast
import gettext
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from radsmodell.council.models import Attendance, Body, CaseType, Meeting

MEETING = "/moter/nuit/2024-05-15/"
CASE = "/saker/nuit/2024/17/"
LOCALE_EN = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"


@pytest.fixture(autouse=True)
def _back_to_the_default_language():
    """The middleware activates the chosen language in this thread (the test client's); reset it."""
    yield
    translation.deactivate()


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_home_is_norwegian_even_when_the_browser_asks_for_english(client, demo):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == "nb"
    assert '<html lang="nb"' in html
    assert "Nasjonal rådsmodell for e-helse" in html
    assert "Siste møter" in html
    assert "National council model for e-health" not in html


def test_meeting_page_in_english_after_choosing_english(client, demo):
    response = _english(client).get(MEETING)
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert '<html lang="en"' in html
    assert "Agenda" in html
    assert ">Dagsorden<" not in html
    assert "Meeting of" in html
    # Choice labels from the models are translated too: the break rows and the case types.
    assert "Break" in html and "Lunch" in html
    assert "Approval" in html
    # The button offers the way back to Norwegian.
    assert 'name="language" value="nb"' in html


def test_case_page_in_english_after_choosing_english(client, demo):
    html = _english(client).get(CASE).content.decode()
    assert "Proposed decision" in html
    assert "Forslag til vedtak" not in html
    assert "Case number" in html


def test_case_page_is_norwegian_by_default(client, demo):
    html = client.get(CASE).content.decode()
    assert "Forslag til vedtak" in html
    assert "Proposed decision" not in html


def test_setlang_sets_the_language_cookie(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": MEETING})
    assert response.status_code == 302
    assert response.url == MEETING
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_setlang_back_to_norwegian(client, demo):
    _english(client).post("/i18n/setlang/", {"language": "nb", "next": "/"})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nb"
    assert "Nasjonal rådsmodell for e-helse" in client.get("/").content.decode()


def test_plural_forms_in_english(client, demo):
    html = _english(client).get("/aksjonspunkter/?status=all").content.decode()
    assert "Action items" in html
    assert "90 days" in html  # NUIT 4/24's action item, closed 90 days after the meeting
    with translation.override("en"):
        assert translation.ngettext("%(days)s dag", "%(days)s dager", 1) % {"days": 1} == "1 day"
        # The search page's count: the number formatted apart (1 633), the plural chosen by the count.
        assert translation.ngettext("%(shown)s treff", "%(shown)s treff", 2) % {"shown": "2"} == "2 results"
        assert translation.ngettext("%(shown)s treff", "%(shown)s treff", 1) % {"shown": "1"} == "1 result"


def test_choice_labels_follow_the_active_language():
    assert CaseType.DISCUSSION.label == "Drøfting"
    assert Meeting.Minutes.APPROVED.label == "Godkjent"
    with translation.override("en"):
        assert CaseType.DISCUSSION.label == "Discussion"
        assert Meeting.Minutes.APPROVED.label == "Approved"
        assert Attendance.Status.ABSENT.label == "Absent"
        assert Attendance.Status.SUBSTITUTE.label == "Substitute"


def test_documents_stay_norwegian_in_the_english_ui(client, demo):
    html = _english(client).get("/moter/nuit/2024-05-15/innkalling.html").content.decode()
    assert "Forslag til vedtak" in html


def _po_entries(path: Path) -> list[tuple[str | None, str, str | None, list[str], list[str]]]:
    """(msgctxt, msgid, msgid_plural, msgstrs, flags) of every entry but the header, as a .po spells them."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields, key, flags = {}, None, []
        for line in block.splitlines():
            if line.startswith("#,"):
                flags += [f.strip() for f in line[2:].split(",")]
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                fields[key] += ast.literal_eval(line)
            else:
                key, _, literal = line.partition(" ")
                fields[key] = ast.literal_eval(literal)
        if fields.get("msgid"):
            msgstrs = [v for k, v in sorted(fields.items()) if k.startswith("msgstr")]
            entries.append((fields.get("msgctxt"), fields["msgid"], fields.get("msgid_plural"), msgstrs, flags))
    return entries


def test_english_catalogue_is_complete_and_compiled():
    """The .mo is committed so CI needs no gettext: it must hold exactly what the .po says."""
    po, mo = LOCALE_EN / "django.po", LOCALE_EN / "django.mo"
    assert mo.exists(), "run `radsmodell compilemessages` in src/radsmodell"
    entries = _po_entries(po)
    assert len(entries) > 200
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for context, msgid, plural, msgstrs, flags in entries:
        assert "fuzzy" not in flags, msgid
        assert all(msgstrs), f"untranslated: {msgid!r}"
        # Entries with a context (msgctxt) are looked up with it, as pgettext does.
        if plural is None:
            found = compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)
            assert found == msgstrs[0], f"django.mo is stale for {msgid!r}"
        else:
            for n, msgstr in ((1, msgstrs[0]), (2, msgstrs[1])):
                found = (compiled.npgettext(context, msgid, plural, n) if context
                         else compiled.ngettext(msgid, plural, n))
                assert found == msgstr, f"django.mo is stale for {msgid!r}"


def test_secretariat_forms_and_messages_in_english(client, secretariat):
    _english(client).force_login(secretariat)
    page = client.get("/moter/").content.decode()
    assert "Plan a new meeting" in page
    assert "Write the date as YYYY-MM-DD or DD.MM.YYYY." in page  # help text from forms.py

    nuit = Body.objects.get(slug="nuit").pk
    response = client.post("/moter/ny/", {"body": nuit, "date": "2026-12-10"}, follow=True)
    html = response.content.decode()
    assert "has been planned with the standard cases on the agenda" in html
    assert "Add case" in html and "Case type" in html


def test_form_errors_in_english(client, secretariat):
    _english(client).force_login(secretariat)
    response = client.post("/moter/ny/", {"body": Body.objects.get(slug="nuit").pk, "date": "10/12/2026"})
    assert response.status_code == 400
    assert "The date is in the wrong format." in response.content.decode()


def test_dates_follow_the_interface_language(client, demo):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Wednesday 15 May 2024" in client.get("/moter/nuit/2024-05-15/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    assert "Onsdag 15. mai 2024" in client.get("/moter/nuit/2024-05-15/").content.decode()
