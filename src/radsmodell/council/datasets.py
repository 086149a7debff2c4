"""The council's registers as open data: meetings, cases with their decisions, and action items.

Every row is what an anonymous visitor sees on the pages, read through the same selectors with
an AnonymousUser: no meeting whose notice is unpublished (nor its cases), no decision, case-type
change or action item before the minutes are approved.
"""
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from radsmodell.core.exports import BOOLEAN, DATE, INTEGER, Column
from radsmodell.core.provenance import cite
from radsmodell.opendata.registry import Dataset, register

from . import action_items, commission_selectors, selectors
from .models import ActionItem, Case


def _public():
    return AnonymousUser()


def _ordered(columns: list[Column], values: dict) -> list:
    """A row in the order of `columns`, from values by key (so a column cannot shift its neighbours)."""
    return [values[column.key] for column in columns]


def _clock(value) -> str:
    return f"{value:%H:%M}" if value else ""


def _body_columns(name_description) -> list[Column]:
    return [
        Column("body_code", gettext_lazy("Organkode"),
               description=gettext_lazy("Organets faste kode, som i nettadressene (nuit, e-helseradet, nufa).")),
        Column("body_name", gettext_lazy("Organ"), description=name_description),
    ]


def _body_name(case: Case) -> str:
    """The body's name when the case was dealt with (NUIT is Nasjonalt porteføljeråd from 2026)."""
    return case.body.display_name(case.meeting.date if case.meeting else date(case.year, 12, 31))


# --- Meetings --------------------------------------------------------------------------------

MEETING_COLUMNS = [
    *_body_columns(gettext_lazy("Organets navn på møtedagen.")),
    Column("date", gettext_lazy("Dato"), DATE, description=gettext_lazy("Møtedagen.")),
    Column("number", gettext_lazy("Møtenummer"),
           description=gettext_lazy("Møtets nummer som «2/2024»; tomt når kilden ikke oppgir det.")),
    Column("title", gettext_lazy("Møte"), description=gettext_lazy("Møtets navn slik sidene viser det.")),
    Column("start_time", gettext_lazy("Starter"), description=gettext_lazy("Når møtet starter (TT:MM).")),
    Column("end_time", gettext_lazy("Slutter"),
           description=gettext_lazy("Når møtet slutter (TT:MM); tomt når kilden ikke oppgir det.")),
    Column("location", gettext_lazy("Sted"), description=gettext_lazy("Hvor møtet holdes.")),
    Column("notice_published", gettext_lazy("Innkalling publisert"), BOOLEAN,
           description=gettext_lazy("Om innkallingen er publisert (alltid ja her: upubliserte møter er ikke med).")),
    Column("case_count", gettext_lazy("Antall saker"), INTEGER,
           description=gettext_lazy("Sakene på dagsordenen, også de faste åpningssakene og Eventuelt.")),
    Column("minutes_status", gettext_lazy("Referat"),
           description=gettext_lazy("Referatets status: Ikke skrevet, Utkast eller Godkjent.")),
    Column("minutes_approved", gettext_lazy("Referat godkjent"), BOOLEAN,
           description=gettext_lazy("Om referatet er godkjent; vedtak og aksjonspunkter er med først da.")),
    Column("minutes_approved_in_case", gettext_lazy("Referatet godkjent i sak"),
           description=gettext_lazy("Saken (N/ÅÅ) i et senere møte som godkjente referatet.")),
    Column("minutes_assumption", gettext_lazy("Antakelse om referatet"),
           description=gettext_lazy("Hvorfor referatets status er antatt og ikke hentet fra en kilde; "
                                    "tomt når kilden sier det.")),
    Column("page_path", gettext_lazy("Side"),
           description=gettext_lazy("Møtets side på nettstedet (sti fra nettstedets adresse).")),
    Column("notice_pdf_path", gettext_lazy("Innkalling (PDF)"),
           description=gettext_lazy("Innkallingen som PDF (sti fra nettstedets adresse).")),
    Column("minutes_pdf_path", gettext_lazy("Referat (PDF)"),
           description=gettext_lazy("Det godkjente referatet som PDF (sti); tomt før referatet er godkjent.")),
]


def meeting_rows() -> list[list]:
    meetings = (selectors.meetings_for(_public()).select_related("minutes_approved_by")
                .annotate(case_count=Count("cases")).order_by("date", "body__level", "body__slug"))
    rows = []
    for meeting in meetings:
        document = [meeting.body.slug, meeting.date.isoformat()]
        approved = selectors.minutes_visible(_public(), meeting)
        rows.append(_ordered(MEETING_COLUMNS, {
            "body_code": meeting.body.slug,
            "body_name": meeting.body.display_name(meeting.date),
            "date": meeting.date,
            "number": meeting.number,
            "title": meeting.title,
            "start_time": _clock(meeting.start_time),
            "end_time": _clock(meeting.end_time),
            "location": meeting.location,
            "notice_published": meeting.is_published,
            "case_count": meeting.case_count,
            "minutes_status": str(meeting.get_minutes_status_display()),
            "minutes_approved": meeting.minutes_locked,
            "minutes_approved_in_case": meeting.minutes_approved_by.case_number if meeting.minutes_approved_by else "",
            "minutes_assumption": meeting.minutes_assumption,
            "page_path": meeting.get_absolute_url(),
            "notice_pdf_path": reverse("documents:notice", args=[*document, "pdf"]),
            "minutes_pdf_path": reverse("documents:minutes", args=[*document, "pdf"]) if approved else "",
        }))
    return rows


# --- Cases and decisions ---------------------------------------------------------------------

CASE_COLUMNS = [
    *_body_columns(gettext_lazy("Organets navn da saken ble behandlet.")),
    Column("case_number", gettext_lazy("Saksnummer"), description=gettext_lazy("Saksnummeret N/ÅÅ i organets serie.")),
    Column("year", gettext_lazy("År"), INTEGER, description=gettext_lazy("Året i saksnummeret.")),
    Column("number", gettext_lazy("Nummer"), INTEGER, description=gettext_lazy("Nummeret i årets serie.")),
    Column("title", gettext_lazy("Tittel"), description=gettext_lazy("Sakens tittel.")),
    Column("type", gettext_lazy("Sakstype"),
           description=gettext_lazy("Godkjenning, Drøfting, Orientering, Anbefaling eller Beslutning; sakstypen "
                                    "møtet endret til når referatet er godkjent.")),
    Column("meeting_date", gettext_lazy("Møtedato"), DATE,
           description=gettext_lazy("Møtet der saken ble behandlet; tomt for saker kjent fra en henvisning.")),
    Column("meeting_title", gettext_lazy("Møte"), description=gettext_lazy("Møtets navn slik sidene viser det.")),
    Column("proposed_decision", gettext_lazy("Forslag til vedtak"),
           description=gettext_lazy("Forslaget til vedtak slik innkallingen publiserte det.")),
    Column("proposal_assumption", gettext_lazy("Antakelse om forslaget"),
           description=gettext_lazy("Hvorfor forslaget er antatt og ikke hentet fra en kilde; tomt når kilden sier "
                                    "det.")),
    Column("decision", gettext_lazy("Vedtak"),
           description=gettext_lazy("Vedtaket slik det godkjente referatet fører det; tomt før referatet er godkjent "
                                    "og for saker uten vedtak.")),
    Column("decision_assumption", gettext_lazy("Antakelse om vedtaket"),
           description=gettext_lazy("Hvorfor vedtaket er antatt og ikke hentet fra en kilde; tomt når kilden sier "
                                    "det.")),
    Column("status", gettext_lazy("Status"),
           description=gettext_lazy("Hvor langt saken er kommet: Innkalt, Behandlet (referatet er ikke godkjent), "
                                    "Referatet er godkjent, eller Kjent fra henvisning.")),
    Column("page_path", gettext_lazy("Side"),
           description=gettext_lazy("Sakens side på nettstedet (sti fra nettstedets adresse).")),
]


def _case_status(case: Case, today) -> str:
    meeting = case.meeting
    if meeting is None:
        return _("Kjent fra henvisning")
    if meeting.minutes_locked:
        return _("Referatet er godkjent")
    if meeting.date > today:
        return _("Innkalt")
    return _("Behandlet (referatet er ikke godkjent)")


def case_rows() -> list[list]:
    public, today = _public(), timezone.localdate()
    cases = (selectors.cases_for(public).select_related("meeting__body").prefetch_related(
        "body__later_names", "meeting__body__later_names").order_by("year", "body__level", "body__slug", "number"))
    rows = []
    for case in cases:
        meeting = case.meeting
        minutes = selectors.minutes_visible(public, meeting)
        shown_type = case.get_effective_type_display() if minutes else case.get_type_display()
        rows.append(_ordered(CASE_COLUMNS, {
            "body_code": case.body.slug,
            "body_name": _body_name(case),
            "case_number": case.case_number,
            "year": case.year,
            "number": case.number,
            "title": case.title,
            "type": str(shown_type),
            "meeting_date": meeting.date if meeting else None,
            "meeting_title": meeting.title if meeting else "",
            "proposed_decision": case.proposed_decision,
            "proposal_assumption": case.proposal_assumption if case.proposed_decision else "",
            "decision": case.decision if minutes else "",
            "decision_assumption": case.decision_assumption if minutes and case.decision else "",
            "status": _case_status(case, today),
            "page_path": case.get_absolute_url(),
        }))
    return rows


# --- Action items ----------------------------------------------------------------------------

ACTION_ITEM_COLUMNS = [
    Column("id", gettext_lazy("Løpenummer"), INTEGER,
           description=gettext_lazy("Aksjonspunktets faste nummer i registeret.")),
    *_body_columns(gettext_lazy("Organets navn da saken ble behandlet.")),
    Column("case_number", gettext_lazy("Fra sak"), description=gettext_lazy("Saken (N/ÅÅ) som ga aksjonspunktet.")),
    Column("case_title", gettext_lazy("Sakens tittel"), description=gettext_lazy("Tittelen på saken.")),
    Column("text", gettext_lazy("Aksjonspunkt"), description=gettext_lazy("Hva som skal gjøres.")),
    Column("owner", gettext_lazy("Ansvarlig"), description=gettext_lazy("Hvem som har ansvaret.")),
    Column("owner_organisation", gettext_lazy("Ansvarlig organisasjon"),
           description=gettext_lazy("Organisasjonen i registeret som eier aksjonspunktet; tomt når den ikke er satt.")),
    Column("owner_person", gettext_lazy("Ansvarlig person"),
           description=gettext_lazy("Personen i registeret som eier aksjonspunktet; tomt når den ikke er satt.")),
    Column("created", gettext_lazy("Opprettet"), DATE, description=gettext_lazy("Møtet der aksjonspunktet ble gitt.")),
    Column("due", gettext_lazy("Frist"), DATE,
           description=gettext_lazy("Når aksjonspunktet skal være utført; tomt når det ikke har frist.")),
    Column("overdue", gettext_lazy("Forfalt"), BOOLEAN,
           description=gettext_lazy("Om aksjonspunktet er åpent og fristen er passert, den dagen filen ble laget.")),
    Column("status", gettext_lazy("Status"), description=gettext_lazy("Åpent eller Lukket.")),
    Column("state", gettext_lazy("Oppfølging"),
           description=gettext_lazy("Åpent, Under arbeid, Utført eller Frafalt.")),
    Column("closed", gettext_lazy("Lukket"), DATE,
           description=gettext_lazy("Når aksjonspunktet ble lukket; tomt når det er åpent.")),
    Column("closed_by_case", gettext_lazy("Fulgt opp i sak"),
           description=gettext_lazy("Saken (N/ÅÅ) i et senere møte som fulgte opp aksjonspunktet.")),
    Column("closed_note", gettext_lazy("Merknad ved lukking"),
           description=gettext_lazy("Sekretariatets merknad da aksjonspunktet ble lukket.")),
    Column("assumption", gettext_lazy("Antakelse"),
           description=gettext_lazy("Hvorfor aksjonspunktet er antatt og ikke hentet fra referatet; tomt når kilden "
                                    "sier det.")),
    Column("closed_assumption", gettext_lazy("Antakelse om oppfølgingen"),
           description=gettext_lazy("Hvorfor det er antatt at saken fulgte opp aksjonspunktet; tomt når kilden sier "
                                    "det.")),
    Column("case_page_path", gettext_lazy("Sakens side"),
           description=gettext_lazy("Siden til saken som ga aksjonspunktet (sti fra nettstedets adresse).")),
]


def action_item_rows() -> list[list]:
    return [action_item_row(item) for item in with_row_data(action_items.items_for(_public()))]


def with_row_data(items):
    """What `action_item_row` reads, in a fixed number of queries (items from action_items.items_for)."""
    return items.select_related("closed_by__meeting").prefetch_related(
        "case__body__later_names", "case__meeting__body__later_names")


def action_item_row(item) -> list:
    """One row of ACTION_ITEM_COLUMNS, for the open data and the overview's filtered downloads."""
    case = item.case
    # A follow-up in a case the reader cannot see yet (its notice unpublished) is not shown either.
    closed = item.closure_shown
    return _ordered(ACTION_ITEM_COLUMNS, {
        "id": item.pk,
        "body_code": case.body.slug,
        "body_name": _body_name(case),
        "case_number": case.case_number,
        "case_title": case.title,
        "text": item.text,
        "owner": item.owner,
        "owner_organisation": item.owner_organisation.name if item.owner_organisation else "",
        "owner_person": item.owner_person.name if item.owner_person else "",
        "created": item.created,
        "due": item.due,
        "overdue": item.overdue,
        "status": _("Lukket") if closed else _("Åpent"),
        "state": str(ActionItem.Status(item.shown_status).label),
        "closed": item.closed if closed else None,
        "closed_by_case": item.closed_by.case_number if closed and item.closed_by else "",
        "closed_note": item.closed_note if closed else "",
        "assumption": item.assumption,
        "closed_assumption": item.closed_assumption if closed else "",
        "case_page_path": case.get_absolute_url(),
    })


register(Dataset(
    slug="moter",
    title=gettext_lazy("Møter i rådsmodellen"),
    description=gettext_lazy(
        "Møtene i Nasjonalt e-helseråd, NUIT og NUFA med dato, tid, sted og om referatet er godkjent. Et møte er med "
        "når innkallingen er publisert."),
    columns=MEETING_COLUMNS,
    rows=meeting_rows,
    page="council:meetings",
    keywords=("rådsmodellen", "møter", "e-helse"),
    order=10,
))

register(Dataset(
    slug="saker",
    title=gettext_lazy("Saker og vedtak i rådsmodellen"),
    description=gettext_lazy(
        "Sakene N/ÅÅ i rådsmodellens organer med forslag til vedtak fra innkallingen og vedtaket fra referatet. "
        "Saker i møter med upublisert innkalling er ikke med, og vedtaket er med først når referatet er godkjent."),
    columns=CASE_COLUMNS,
    rows=case_rows,
    page="council:meetings",
    keywords=("rådsmodellen", "saker", "vedtak", "e-helse"),
    order=11,
))

register(Dataset(
    slug="aksjonspunkter",
    title=gettext_lazy("Aksjonspunkter fra rådsmodellens møter"),
    description=gettext_lazy(
        "Aksjonspunktene fra sakene, med ansvarlig og om de er fulgt opp. Et aksjonspunkt er med når referatet fra "
        "møtet det ble gitt i, er godkjent."),
    columns=ACTION_ITEM_COLUMNS,
    rows=action_item_rows,
    page="council:action_items",
    keywords=("rådsmodellen", "aksjonspunkter", "oppfølging"),
    order=12,
))


# --- Commissions (oppdrag) -------------------------------------------------------------------

COMMISSION_COLUMNS = [
    Column("id", gettext_lazy("Løpenummer"), INTEGER,
           description=gettext_lazy("Oppdragets faste nummer i registeret.")),
    Column("reference", gettext_lazy("Referanse"),
           description=gettext_lazy("Referansen slik kilden skriver den, som «TB2024-79»; tom når den ikke har noen.")),
    Column("title", gettext_lazy("Oppdrag"), description=gettext_lazy("Oppdragets tittel.")),
    Column("giver", gettext_lazy("Oppdragsgiver"),
           description=gettext_lazy("Helse- og omsorgsdepartementet, organet i rådsmodellen som ga oppdraget, eller "
                                    "en annen oppdragsgiver.")),
    Column("basis", gettext_lazy("Grunnlag"),
           description=gettext_lazy("Hvor oppdraget ble gitt, som «Tildelingsbrev 2024».")),
    Column("receiver", gettext_lazy("Mottaker"), description=gettext_lazy("Organisasjonen som har fått oppdraget.")),
    Column("partners", gettext_lazy("I samarbeid med"),
           description=gettext_lazy("Organisasjonene oppdraget skal løses sammen med, skilt med semikolon.")),
    Column("given", gettext_lazy("Gitt"), DATE,
           description=gettext_lazy("Når oppdraget ble gitt; tomt når kilden ikke sier det.")),
    Column("deadline", gettext_lazy("Frist"), DATE, description=gettext_lazy("Fristen; tom når kilden ikke gir en.")),
    Column("deadline_text", gettext_lazy("Frist (kildens ord)"),
           description=gettext_lazy("Fristen slik kilden skriver den, når den ikke er en dato.")),
    Column("status", gettext_lazy("Status"), description=gettext_lazy("Gitt, Under arbeid, Levert eller Bortfalt.")),
    Column("overdue", gettext_lazy("Forfalt"), BOOLEAN,
           description=gettext_lazy("Om oppdraget er gitt eller under arbeid og fristen er passert, den dagen filen "
                                    "ble laget.")),
    Column("delivered", gettext_lazy("Levert"), DATE,
           description=gettext_lazy("Når oppdraget ble levert; tomt når det ikke er levert.")),
    Column("deliverable", gettext_lazy("Leveranse"),
           description=gettext_lazy("Hva som skal leveres eller ble levert.")),
    Column("cases", gettext_lazy("Behandlet i saker"),
           description=gettext_lazy("Sakene (organ og N/ÅÅ) der oppdraget ble behandlet, skilt med semikolon.")),
    Column("source", gettext_lazy("Kilde"), description=gettext_lazy("Dokumentet oppdraget er kjent fra.")),
    Column("assumption", gettext_lazy("Antakelse"),
           description=gettext_lazy("Hva som er antatt og ikke hentet fra kilden, og hvorfor; tomt når kilden sier "
                                    "det.")),
    Column("page_path", gettext_lazy("Side"),
           description=gettext_lazy("Oppdragets side på nettstedet (sti fra nettstedets adresse).")),
]


def commission_rows() -> list[list]:
    """What the public sees at /oppdrag/: a commission known only from hidden cases is left out."""
    rows = []
    for commission in commission_selectors.commissions_for(_public()):
        rows.append(_ordered(COMMISSION_COLUMNS, {
            "id": commission.pk,
            "reference": commission.reference,
            "title": commission.title,
            "giver": str(commission.giver_display),
            "basis": commission.basis,
            "receiver": commission.receiver.name,
            "partners": "; ".join(partner.name for partner in commission.partners.all()),
            "given": commission.given,
            "deadline": commission.deadline,
            "deadline_text": commission.deadline_text,
            "status": str(commission.get_status_display()),
            "overdue": commission.overdue,
            "delivered": commission.delivered,
            "deliverable": commission.deliverable,
            "cases": "; ".join(f"{case.body_short_name} {case.case_number}" for case in commission.cases.all()),
            "source": cite(commission.source),
            "assumption": commission.assumption,
            "page_path": commission.get_absolute_url(),
        }))
    return rows


register(Dataset(
    slug="oppdrag",
    title=gettext_lazy("Oppdrag i rådsmodellen"),
    description=gettext_lazy(
        "Oppdrag fra Helse- og omsorgsdepartementet og fra organene i rådsmodellen, med mottaker, frist, status og "
        "sakene der de ble behandlet. Et oppdrag som bare er kjent fra saker i møter med upublisert innkalling, er "
        "ikke med."),
    columns=COMMISSION_COLUMNS,
    rows=commission_rows,
    page="council:commissions",
    keywords=("rådsmodellen", "oppdrag", "tildelingsbrev", "frister"),
    order=13,
))
