"""What the council register contributes to the shared parts of the site (see core/site.py)."""
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from radsmodell.core import demo, history, links, site, timeline
from radsmodell.core.formatting import long_date
from radsmodell.opendata.registry import page_downloads

from . import selectors, tasks
from .demo import load as demo_data
from .models import (
    ActionItem,
    AgendaItem,
    Attachment,
    Attendance,
    Body,
    BodyName,
    Case,
    Commission,
    ConflictOfInterest,
    Input,
    Mandate,
    Meeting,
    MeetingDocument,
    Membership,
    MemoComment,
    MinutesCorrection,
    Organisation,
    OtherForumTreatment,
    Person,
    SecretariatAttendee,
)
from .numbering import format_case_number
from .timeline import case_events

site.menu.register(site.MenuItem(_("Organer"), "council:bodies", "bodies", order=10))
site.menu.register(site.MenuItem(_("Møter"), "council:meetings", "meetings", order=20))
site.menu.register(site.MenuItem(_("Aksjonspunkter"), "council:action_items", "actions", order=30))
site.menu.register(site.MenuItem(_("Oppdrag"), "council:commissions", "commissions", order=35))


# On the search page (core/search_views.py): each case hit shows its outcome as lists of cases do (the
# decision, or to members the proposal marked as such), and the register's files sit below the hits.
def _case_search_details(request, refs: list[str]) -> dict[str, dict]:
    cases = Case.objects.filter(pk__in=[int(ref) for ref in refs if ref.isdigit()]).select_related("meeting")
    return {str(case.pk): {"preview": selectors.outcome_preview(request.user, case)} for case in cases}


def _search_downloads(request) -> dict:
    return {"downloads": page_downloads("saker")}


site.search_hit_details.register(site.SearchHitDetail("case", "council/_search_hit_case.html", _case_search_details))
site.search_panels.register(site.SearchPanel("council/_search_downloads.html", _search_downloads, order=10))


def _home_panel(request) -> dict:
    """The bodies; the meetings held, newest first, apart from those coming, soonest first."""
    today = timezone.localdate()
    meetings = selectors.meetings_for(request.user)
    return {
        "bodies": Body.objects.prefetch_related("later_names"),
        "past_meetings": meetings.filter(date__lt=today).order_by("-date")[:6],
        "upcoming_meetings": meetings.filter(date__gte=today).order_by("date")[:6],
        "open_action_items": selectors.action_items_for(request.user, "open").count(),
    }


site.home_panels.register(site.HomePanel("council/_home_panel.html", _home_panel, order=10))

demo.register(demo.DemoSet(
    "council", demo_data.load_demo, demo_data.demo_loaded,
    logins=tuple(demo.Login(username, password, full_name) for username, password, _group, full_name
                 in demo_data.DEMO_USERS),
))


# Cases in the connected record (core/links.py): "case:nuit/2024/17". A link stores the case's
# primary key, so a renumbered case keeps its links.
def _find_case(key: str) -> str | None:
    case = selectors.case_by_key(key)
    return str(case.pk) if case else None


def _show_cases(refs: list[str]) -> dict[str, links.Linked]:
    """"NUIT 17/24 Prinsipper for fordeling …", public unless its meeting's notice is unpublished."""
    cases = (Case.objects.filter(pk__in=links.pks(refs)).select_related("body", "meeting")
             .prefetch_related("body__later_names"))
    anonymous = AnonymousUser()
    return {str(case.pk): links.Linked("case", case.key, f"{case.body_short_name} {case.case_number} {case.title}",
                                       case.get_absolute_url(), public=selectors.case_visible(anonymous, case))
            for case in cases}


links.register_kind(links.LinkKind("case", _("Saker"), 10, find=_find_case, show=_show_cases, model=Case))


# How the change log names the register's objects, from the history rows and the relations
# fetched with them (see core/history.py). A related row deleted since shows as "–".
def _case_name(case) -> str:
    """"17/24 Prinsipper for fordeling av kostnader …"."""
    return f"{format_case_number(case.number, case.year)} {case.title}" if case else "–"


def _meeting_name(meeting) -> str:
    """"NUIT 2/2024", or "Nasjonalt porteføljeråd 3. mars 2026" (the body's name on the day)
    when the meeting has no number."""
    if meeting is None:
        return "–"
    return f"{meeting.body.display_short_name(meeting.date)} {meeting.number or long_date(meeting.date)}"


def _name(row) -> str:
    return row.name if row else "–"


def _short_name(body) -> str:
    return body.short_name if body else "–"


def _agenda_item_name(row) -> str:
    """"NUIT 2/2024: 17/24 Prinsipper …" for a case, "NUIT 2/2024: Lunsj" for a break."""
    what = _case_name(row.case) if row.case_id else (row.title or row.get_kind_display())
    return f"{_meeting_name(row.meeting)}: {what}"


def _about_case(text_field: str):
    """"17/24: Helsedirektoratet kommer tilbake med …"."""
    def name(row) -> str:
        number = format_case_number(row.case.number, row.case.year) if row.case else "–"
        return f"{number}: {getattr(row, text_field)}"
    return name


history.describe(Person, lambda row: row.name)
history.describe(Body, lambda row: row.short_name)
history.describe(Mandate, lambda row: f"{_short_name(row.body)} – {row.version}", related=("body",))
history.describe(Membership, lambda row: f"{_name(row.person)}, {_short_name(row.body)}", related=("person", "body"))
history.describe(Meeting, _meeting_name, related=("body",), prefetch=("body__later_names",))
history.describe(Case, _case_name)
history.describe(AgendaItem, _agenda_item_name, related=("meeting__body", "case"),
                 prefetch=("meeting__body__later_names",))
history.describe(Attendance, lambda row: f"{_name(row.person)}, {_meeting_name(row.meeting)}",
                 related=("person", "meeting__body"), prefetch=("meeting__body__later_names",))
history.describe(Attachment, _about_case("title"), related=("case",))
history.describe(OtherForumTreatment, _about_case("title"), related=("case",))
history.describe(Input, _about_case("text"), related=("case",))
history.describe(ActionItem, _about_case("text"), related=("case",))
history.describe(MemoComment, _about_case("text"), related=("case",))
history.describe(MinutesCorrection, _about_case("reason"), related=("case",))
history.describe(ConflictOfInterest, lambda row: f"{_name(row.person)}, {_about_case('reason')(row)}",
                 related=("person", "case"))
history.describe(Commission, lambda row: f"{row.reference} {row.title}".strip())
history.describe(Organisation, lambda row: row.name)
history.describe(BodyName, lambda row: f"{_short_name(row.body)} – {row.short_name}", related=("body",))
history.describe(SecretariatAttendee, lambda row: f"{_name(row.person)}, {_meeting_name(row.meeting)}",
                 related=("person", "meeting__body"), prefetch=("meeting__body__later_names",))
history.describe(MeetingDocument, lambda row: f"{row.original_name}, {_meeting_name(row.meeting)}",
                 related=("meeting__body",), prefetch=("meeting__body__later_names",))


# Every object's history shows the cases linked to it (core/timeline.py).
timeline.register("*", case_events)

# What waits for a member or the secretariat on their own page, and the member on their profile (tasks.py).
site.task_sources.register(site.TaskSource("council", tasks.tasks, order=10))
site.profile_panels.register(site.ProfilePanel("council/_profile_panel.html", tasks.profile_panel, order=10))

# Cases, action items and commissions in the full-text search, kept in step with every write.
from . import search_index  # noqa: E402,F401
