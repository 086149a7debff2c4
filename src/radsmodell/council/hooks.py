"""What the council register contributes to the shared parts of the site (see core/site.py)."""
from django.utils.translation import gettext_lazy as _

from radsmodell.core import demo, history, site

from . import selectors
from .demo import load as demo_data
from .models import (
    ActionItem,
    AgendaItem,
    Attachment,
    Attendance,
    Body,
    Case,
    Input,
    Mandate,
    Meeting,
    Membership,
    OtherForumTreatment,
    Person,
)
from .numbering import format_case_number

site.menu.register(site.MenuItem(_("Organer"), "council:bodies", "bodies", order=10))
site.menu.register(site.MenuItem(_("Møter"), "council:meetings", "meetings", order=20))
site.menu.register(site.MenuItem(_("Aksjonspunkter"), "council:action_items", "actions", order=30))
site.register_site_search(site.SiteSearch("council:search", _("Søk i saker")))


def _home_panel(request) -> dict:
    return {
        "bodies": Body.objects.prefetch_related("later_names"),
        "recent_meetings": selectors.meetings_for(request.user)[:6],
        "open_action_items": selectors.action_items_for(request.user, "open").count(),
    }


site.home_panels.register(site.HomePanel("council/_home_panel.html", _home_panel, order=10))

demo.register(demo.DemoSet(
    "council", demo_data.load_demo, demo_data.demo_loaded,
    logins=tuple(demo.Login(username, password, full_name) for username, password, _group, full_name
                 in demo_data.DEMO_USERS),
))


# How the change log names the register's objects (from the history rows; see core/history.py).
def _case_name(case) -> str:
    return f"{format_case_number(case.number, case.year)} {case.title}" if case else "–"


def _meeting_name(meeting) -> str:
    if meeting is None:
        return "–"
    return f"{meeting.body.short_name} {meeting.number or meeting.date.isoformat()}"


def _about_case(text_field: str):
    return lambda row: f"{format_case_number(row.case.number, row.case.year) if row.case else '–'}: " \
                       f"{getattr(row, text_field)}"


history.describe(Person, lambda row: row.name)
history.describe(Body, lambda row: row.short_name)
history.describe(Mandate, lambda row: f"{row.body.short_name if row.body else '–'} – {row.version}",
                 related=("body",))
history.describe(Membership, lambda row: f"{row.person.name if row.person else '–'}, "
                                         f"{row.body.short_name if row.body else '–'}", related=("person", "body"))
history.describe(Meeting, _meeting_name, related=("body",))
history.describe(Case, _case_name)
history.describe(AgendaItem, lambda row: f"{_meeting_name(row.meeting)}: {row.title or _case_name(row.case)}",
                 related=("meeting__body", "case"))
history.describe(Attendance, lambda row: f"{row.person.name if row.person else '–'}, {_meeting_name(row.meeting)}",
                 related=("person", "meeting__body"))
history.describe(Attachment, _about_case("title"), related=("case",))
history.describe(OtherForumTreatment, _about_case("title"), related=("case",))
history.describe(Input, _about_case("text"), related=("case",))
history.describe(ActionItem, _about_case("text"), related=("case",))
