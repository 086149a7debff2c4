"""Action items followed until they are done: status with its history (who, when, why, in which
case), the owner in the register, the due date, and the overview's filters.

Writes run in one transaction and raise ValidationError with the field they concern, so the pages,
the API, the console and the demo loader share the rules. `closed`, `closed_by` and `closed_note`
always agree with the status: set while it is done or dropped, empty while it is open or in progress.

Who may change what (the views hold them to it, `statuses_for`): the secretariat everything. The
person who owns an item (their Person has the signed-in user as `user`) may report their own open
item in progress or done, since they know; dropping it, reopening it and changing owner or due date
stay with the secretariat, as they change what the council asked for.
"""
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BooleanField, Case, ExpressionWrapper, F, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from radsmodell.core import history
from radsmodell.core.roles import can_see_drafts, is_secretariat

from . import selectors
from .models import ActionItem, ActionItemEvent, Body, Organisation, Person
from .models import Case as CouncilCase

Status = ActionItem.Status
OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)
CLOSED_STATUSES = (Status.DONE, Status.DROPPED)
OWNER_STATUSES = (Status.IN_PROGRESS, Status.DONE)  # what an owner may report on their own item


# --- Who may do what ---------------------------------------------------------------------------

def is_owner(user, item: ActionItem) -> bool:
    return bool(user.is_authenticated and item.owner_person_id and item.owner_person.user_id == user.pk)


def next_statuses(item: ActionItem) -> list[str]:
    return [status for status in Status.values if status != item.status]


def statuses_for(user, item: ActionItem) -> list[str]:
    """The statuses this user may set the item to now; empty when they may not change it."""
    if is_secretariat(user):
        return next_statuses(item)
    if is_owner(user, item) and item.status in OPEN_STATUSES:
        return [status for status in next_statuses(item) if status in OWNER_STATUSES]
    return []


def is_reopening(item: ActionItem, status: str) -> bool:
    return item.status in CLOSED_STATUSES and status in OPEN_STATUSES


# --- Writes ------------------------------------------------------------------------------------

def record_opened(item: ActionItem, by=None) -> ActionItemEvent:
    """The first event of a new item: opened in its case on the meeting's day."""
    return ActionItemEvent.objects.create(item=item, status=Status.OPEN, date=item.created, case=item.case,
                                          by=_who(by))


@transaction.atomic
def change_status(item: ActionItem, status: str, *, by=None, note: str = "", case: CouncilCase | None = None,
                  day: date | None = None) -> ActionItem:
    """Set the item's status and record the step. Dropping and reopening need a reason; done needs the
    case that followed it up or a note. A case must belong to a later meeting than the item's own; the
    step's date is that meeting's, or `day`, or today."""
    note = (note or "").strip()
    if status not in Status.values:
        raise ValidationError({"status": _("Ukjent status «%(status)s».") % {"status": status}})
    if status == item.status:
        raise ValidationError({"status": _("Aksjonspunktet har allerede status «%(status)s».") % {
            "status": Status(status).label}})
    errors = {}
    if status == Status.DROPPED and not note:
        errors["note"] = _("Skriv hvorfor aksjonspunktet frafalles.")
    elif is_reopening(item, status) and not note:
        errors["note"] = _("Skriv hvorfor aksjonspunktet åpnes igjen.")
    elif status == Status.DONE and case is None and not note:
        errors["closed_by"] = _("Oppgi saken som fulgte opp aksjonspunktet, eller en merknad.")
    if len(note) > 300:
        errors["note"] = _("Merknaden kan være høyst 300 tegn (den er %(n)s).") % {"n": len(note)}
    origin = item.case.meeting
    if case is not None and (case.meeting is None or (origin and case.meeting.date <= origin.date)):
        errors["closed_by"] = _("%(number)s er ikke en sak i et senere møte.") % {"number": case.case_number}
    if day is not None and day > timezone.localdate():
        errors["day"] = _("Datoen kan ikke være fram i tid.")
    if errors:
        raise ValidationError(errors)
    day = day or (case.meeting.date if case is not None else timezone.localdate())
    if day < item.created:
        raise ValidationError({"day": _("Datoen kan ikke være før aksjonspunktet ble gitt (%(day)s).") % {
            "day": item.created.strftime("%d.%m.%Y")}})

    item.status = status
    if status in CLOSED_STATUSES:
        item.closed, item.closed_by, item.closed_note = day, case, note
    else:  # open again or under way: nothing closed it
        item.closed, item.closed_by, item.closed_note, item.closed_assumption = None, None, "", ""
    item.full_clean(validate_unique=False, validate_constraints=False)
    item.save()
    ActionItemEvent.objects.create(item=item, status=status, date=day, note=note, case=case, by=_who(by))
    return item


@transaction.atomic
def update_owner(item: ActionItem, *, organisation: Organisation | None, person: Person | None,
                 due: date | None) -> ActionItem:
    """Who owns the item in the register, and by when; the owner as the minutes name it stays."""
    if due is not None and due < item.created:
        raise ValidationError({"due": _("Fristen kan ikke være før aksjonspunktet ble gitt (%(day)s).") % {
            "day": item.created.strftime("%d.%m.%Y")}})
    item.owner_organisation, item.owner_person, item.due = organisation, person, due
    item.full_clean(validate_unique=False, validate_constraints=False)
    item.save()
    return item


def _who(by):
    """The user named, else whoever is making the change (the request's user or the console's)."""
    if by is not None:
        return by if by.is_authenticated else None
    return history.acting_user()


# --- Reads -------------------------------------------------------------------------------------

# The overview's status filter: the tabs Åpne/Lukkede/Alle and each status of its own.
STATUS_FILTERS = ("open", "closed", "all", Status.IN_PROGRESS, Status.DONE, Status.DROPPED)


def status_filter_choices() -> list[tuple[str, str]]:
    return [("open", _("Åpne (også under arbeid)")), (Status.IN_PROGRESS, Status.IN_PROGRESS.label),
            (Status.DONE, Status.DONE.label), (Status.DROPPED, Status.DROPPED.label),
            ("closed", _("Lukkede (utført eller frafalt)")), ("all", _("Alle"))]


@dataclass
class Filters:
    status: str = "open"
    organisation: Organisation | None = None
    person: Person | None = None
    body: Body | None = None
    overdue: bool = False
    problems: list[str] = field(default_factory=list)

    @classmethod
    def from_query(cls, query) -> "Filters":
        """The overview's filters from ?status=&organisasjon=&person=&organ=&forfalt=1; a value that names
        nothing is left out with a message saying so (the list shows as if it were not given)."""
        found = cls()
        status = query.get("status", "open")
        if status in STATUS_FILTERS:
            found.status = status
        else:
            found.problems.append(_("Ukjent status «%(value)s»; listen viser de åpne.") % {"value": status})
        found.organisation = _by_pk(Organisation, query.get("organisasjon"), found.problems,
                                    _("Fant ingen organisasjon «%(value)s»; filteret er ikke brukt."))
        found.person = _by_pk(Person, query.get("person"), found.problems,
                              _("Fant ingen person «%(value)s»; filteret er ikke brukt."))
        slug = (query.get("organ") or "").strip()
        if slug:
            found.body = Body.objects.filter(slug=slug).first()
            if found.body is None:
                found.problems.append(_("Fant ikke organet «%(value)s»; filteret er ikke brukt.") % {"value": slug})
        found.overdue = query.get("forfalt") in ("1", "true", "on")
        return found

    def as_query(self, **changes) -> dict:
        values = {"status": self.status, "organisasjon": self.organisation.pk if self.organisation else "",
                  "person": self.person.pk if self.person else "", "organ": self.body.slug if self.body else "",
                  "forfalt": "1" if self.overdue else ""}
        values.update(changes)
        return {key: value for key, value in values.items() if value not in ("", None)}


def _by_pk(model, value, problems: list[str], message: str):
    value = (value or "").strip()
    if not value:
        return None
    found = model.objects.filter(pk=int(value)).first() if value.isdigit() and len(value) < 10 else None
    if found is None:
        problems.append(message % {"value": value})
    return found


def items_for(user, today: date | None = None) -> QuerySet[ActionItem]:
    """Every item the user may see, with `closure_shown` (selectors.action_items_for), `shown_status`
    (open to a reader who may not see the case that closed it) and `overdue` (open and past due)."""
    today = today or timezone.localdate()
    return (
        selectors.action_items_for(user, "all")
        .select_related("owner_organisation", "owner_person", "case__meeting")
        .annotate(
            shown_status=Case(When(Q(closure_shown=False) & Q(status__in=CLOSED_STATUSES), then=Value(Status.OPEN)),
                              default=F("status")),
            overdue=Case(When(closure_shown=False, due__lt=today, then=Value(True)), default=Value(False),
                         output_field=BooleanField()),
        )
    )


def overview(user, filters: Filters, today: date | None = None) -> QuerySet[ActionItem]:
    """The filtered overview: overdue first, then by due date (none last), then oldest first."""
    items = items_for(user, today)
    if filters.status == "open":
        items = items.filter(closure_shown=False)
    elif filters.status == "closed":
        items = items.filter(closure_shown=True)
    elif filters.status != "all":
        items = items.filter(shown_status=filters.status)
    if filters.organisation is not None:
        items = items.filter(Q(owner_organisation=filters.organisation)
                             | Q(owner_person__organisation=filters.organisation))
    if filters.person is not None:
        items = items.filter(owner_person=filters.person)
    if filters.body is not None:
        items = items.filter(case__body=filters.body)
    if filters.overdue:
        items = items.filter(overdue=True)
    return items.order_by(F("overdue").desc(), F("due").asc(nulls_last=True), "created", "id")


def matching_owner(items: QuerySet[ActionItem], text: str) -> QuerySet[ActionItem]:
    """Items whose owner contains `text`, case-insensitively: the owner as the minutes name it, the
    owner organisation's name or the owner person's name. Compared in Python with casefold, so «sør-øst»
    finds «Helse Sør-Øst RHF» on every database (SQLite folds only ASCII)."""
    wanted = text.strip().casefold()
    if not wanted:
        return items
    organisations = [pk for pk, name in Organisation.objects.values_list("pk", "name") if wanted in name.casefold()]
    people = [pk for pk, name in Person.objects.filter(action_items__isnull=False).distinct()
              .values_list("pk", "name") if wanted in name.casefold()]
    owners = [owner for owner in ActionItem.objects.values_list("owner", flat=True).distinct()
              if wanted in owner.casefold()]
    return items.filter(Q(owner_organisation__in=organisations) | Q(owner_person__in=people) | Q(owner__in=owners))


def events_prefetch() -> Prefetch:
    return Prefetch("events", queryset=ActionItemEvent.objects.select_related(
        "case", "case__body", "case__meeting", "by").order_by("date", "recorded_at", "id"))


def visible_events(user, item: ActionItem) -> list[ActionItemEvent]:
    """The item's steps this user may see: the public does not see a step in a case whose meeting
    has no published notice (so not a closure the lists still show as open)."""
    events = list(item.events.all())
    if can_see_drafts(user) or is_owner(user, item):
        return events
    return [event for event in events
            if event.case is None or event.case.meeting is None or event.case.meeting.is_published]


def get_item(user, item_id: int) -> ActionItem | None:
    """One item as `items_for` gives it; its owner sees their own item also before the minutes are approved."""
    found = items_for(user).prefetch_related(events_prefetch()).filter(pk=item_id).first()
    if found is None and user.is_authenticated:
        found = (ActionItem.objects.filter(pk=item_id, owner_person__user=user)
                 .select_related("case", "case__body", "case__meeting", "closed_by", "closed_by__body",
                                 "owner_organisation", "owner_person")
                 .prefetch_related(events_prefetch())
                 .annotate(closure_shown=ExpressionWrapper(Q(closed__isnull=False), output_field=BooleanField()),
                           shown_status=F("status"),
                           overdue=Case(When(closed__isnull=True, due__lt=timezone.localdate(), then=Value(True)),
                                        default=Value(False), output_field=BooleanField()))
                 .first())
    return found
