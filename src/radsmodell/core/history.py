"""The audit trail of every app: who changed what and when, in the register's own words.

django-simple-history records every change of a tracked model. Each app describes its tracked
models here (`describe()` in its `hooks.py`): how one of its objects is named ("17/24 Prinsipper
for …") from the history row's own fields and the relations named in `related`, so that a page
of the change log is read in a fixed number of queries, whatever the size of the register:
one for the count, one for the page's keys across every tracked model, and two per kind of
object on the page (the rows, and the rows before them for the differences), plus one for each
many-valued relation a description names in `prefetch` and one for each recorded many-to-many
relation of the kind (an initiative's national solutions, a user's roles).

Who made a change is the request's user (HistoryRequestMiddleware), the API key's user
(`request_acts_as`), or whoever `acting_as` names: the console (`RADSMODELL_USER`), the tests.
A row without a user was written outside a request by nobody named: the console or the demo loader.
"""
import os
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db.models import CharField, OuterRef, Subquery, Value
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords, registered_models
from simple_history.utils import get_m2m_reverse_field_name

KINDS = {"+": _("Opprettet"), "~": _("Endret"), "-": _("Slettet")}


@dataclass(frozen=True)
class Description:
    name: Callable  # the object's name from its history row, e.g. "17/24 Prinsipper for …"
    related: tuple[str, ...] = ()  # relations `name` reads, fetched with the rows (select_related)
    prefetch: tuple[str, ...] = ()  # many-valued relations it reads (prefetch_related: one query each)


_descriptions: dict[str, Description] = {}


def describe(model, name: Callable, related: tuple[str, ...] = (), prefetch: tuple[str, ...] = ()) -> None:
    """How the change log names an object of `model` (a history-tracked model)."""
    _descriptions[model._meta.label_lower] = Description(name, related, prefetch)


def tracked_models() -> list:
    """The models whose changes are recorded, in a stable order. A many-to-many relation recorded
    with its model (a user's groups) is registered too, but its changes are rows of that model's history."""
    return sorted((model for model in registered_models.values() if hasattr(model, "history")),
                  key=lambda model: model._meta.label_lower)


def undescribed_models() -> list[str]:
    return [m._meta.label_lower for m in tracked_models() if m._meta.label_lower not in _descriptions]


@dataclass
class Change:
    when: datetime
    who: str
    app: str
    what: str  # the kind of object: "Sak"
    object_label: str  # its name: "17/24 Prinsipper for …"
    kind: str  # Opprettet, Endret, Slettet
    fields: list[tuple[str, str, str]]  # (field label, old, new); old and new are "" for a relation
    model: str  # "council.case", for the link to the object's own history
    object_id: int

    @property
    def summary(self) -> str:
        """"Sak «17/24 …»: vedtak endret" — the change in one line."""
        subject = f"{self.what} «{self.object_label}»"
        if self.fields:
            return gettext("%(subject)s: %(fields)s endret") % {
                "subject": subject, "fields": _join([label for label, _old, _new in self.fields])}
        return f"{subject}: {str(self.kind).lower()}"


def _join(words: list[str]) -> str:
    if len(words) < 2:
        return "".join(words)
    return gettext("%(first)s og %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


# --- who ---------------------------------------------------------------------------------------

class _Acting:
    """Stands in for the request outside one: simple_history reads the acting user from
    `HistoricalRecords.context.request.user` when each row is written (also in bulk)."""

    def __init__(self, user):
        self.user = user if user is not None else AnonymousUser()


def acting_user():
    """Who is making the change now: the request's user, or the one named by `acting_as`; None
    when nobody is (a signed-out visitor counts as nobody)."""
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


@contextmanager
def acting_as(user):
    """Every change recorded inside names `user` as the one who made it (None: nobody named).
    For writes outside a web request: console commands, the demo loader, tests."""
    context = HistoricalRecords.context
    before = getattr(context, "request", _Acting)
    context.request = _Acting(user)
    try:
        yield
    finally:
        if before is _Acting:
            del context.request
        else:
            context.request = before


def request_acts_as(request, user) -> None:
    """The request acts as `user` from here on, in the view and in the change log: what the API's
    key authentication calls with the key's user. HistoryRequestMiddleware holds this same request,
    and the user is read from it when each row is written, so rows name the key's user."""
    request.user = user


CONSOLE_USER = "RADSMODELL_USER"  # the account console commands act as: `RADSMODELL_USER=kari radsmodell …`


class UnknownUser(Exception):
    pass


def console_user():
    """The active account `RADSMODELL_USER` names, None when it is not set; UnknownUser says why not."""
    name = os.environ.get(CONSOLE_USER, "").strip()
    if not name:
        return None
    user = get_user_model().objects.filter(username=name).first()
    if user is None:
        raise UnknownUser(gettext("%(variable)s=%(name)s: det finnes ingen bruker med det brukernavnet.")
                          % {"variable": CONSOLE_USER, "name": name})
    if not user.is_active:
        raise UnknownUser(gettext("%(variable)s=%(name)s: brukeren er deaktivert.")
                          % {"variable": CONSOLE_USER, "name": name})
    return user


# --- filters ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    app: str = ""  # an app label
    user: int | None = None
    model: str = ""  # "council.case", with object_id
    object_id: int | None = None

    @classmethod
    def from_query(cls, query) -> "Filters":
        models = {m._meta.label_lower for m in tracked_models()}
        model = query.get("modell", "")
        return cls(
            app=query.get("app", "") if query.get("app", "") in {m.split(".")[0] for m in models} else "",
            user=_int(query.get("bruker")),
            model=model if model in models else "",
            object_id=_int(query.get("objekt")) if model in models else None,
        )

    def models(self) -> list:
        chosen = tracked_models()
        if self.model:
            chosen = [m for m in chosen if m._meta.label_lower == self.model]
        if self.app:
            chosen = [m for m in chosen if m._meta.app_label == self.app]
        return chosen


def _int(text) -> int | None:
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


# --- reading ------------------------------------------------------------------------------------

def change_keys(filters: Filters):
    """(history_date, history_id, model) of every change that passes the filters, newest first:
    one UNION over the history tables, so the database sorts and pages it."""
    parts = []
    for model in filters.models():
        rows = model.history.all()
        if filters.user is not None:
            rows = rows.filter(history_user_id=filters.user)
        if filters.object_id is not None:
            rows = rows.filter(id=filters.object_id)
        parts.append(rows.annotate(model_label=Value(model._meta.label_lower, output_field=CharField()))
                     .values_list("history_date", "history_id", "model_label").order_by())
    if not parts:
        return []
    keys = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return keys.order_by("-history_date", "-history_id")


def describe_keys(keys: list[tuple]) -> list[Change]:
    """The changes behind (when, history id, model label) keys, in the same order."""
    by_model: dict[str, list[int]] = defaultdict(list)
    for _when, history_id, label in keys:
        by_model[label].append(history_id)
    changes = {}
    for label, ids in by_model.items():
        model = apps.get_model(label)
        for change in _changes(model, model.history.filter(history_id__in=ids)):
            changes[(label, change[0])] = change[1]
    return [changes[(label, history_id)] for _when, history_id, label in keys]


def changes_for(instance, limit: int = 100) -> list[Change]:
    """The history of one object, newest first."""
    model = type(instance)
    records = model.history.filter(id=instance.pk).order_by("-history_date", "-history_id")[:limit]
    return [change for _id, change in _changes(model, records)]


def _changes(model, records) -> list[tuple[int, Change]]:
    """Each history row with what changed since the row before it: two queries, however many rows."""
    description = _descriptions.get(model._meta.label_lower, Description(_fallback_name))
    history = model.history.model
    previous = history.objects.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date")).order_by(
        "-history_date", "-history_id").values("history_id")[:1]
    rows = list(records.select_related("history_user", *description.related).prefetch_related(*description.prefetch)
                .annotate(previous_id=Subquery(previous)))
    before = {row.history_id: row for row in history.objects.filter(
        history_id__in=records.annotate(previous_id=Subquery(previous)).values("previous_id"))}
    related = _related_sets(history, [row.history_id for row in rows] + list(before))
    app = apps.get_app_config(model._meta.app_label).verbose_name
    result = []
    for record in rows:
        fields = (_differences(model, record, before.get(record.previous_id), related)
                  if record.history_type == "~" else [])
        user = record.history_user
        result.append((record.history_id, Change(
            when=record.history_date,
            who=(user.get_full_name() or user.username) if user else gettext("system (konsoll)"),
            app=str(app),
            what=str(model._meta.verbose_name).capitalize(),
            object_label=_short(description.name(record), 90),
            kind=str(KINDS.get(record.history_type, record.history_type)),
            fields=fields,
            model=model._meta.label_lower,
            object_id=record.id,
        )))
    return result


def _related_sets(history, history_ids: list[int]) -> dict[tuple[str, int], set]:
    """The objects each history row was related to through each recorded many-to-many relation:
    {(relation, history id): {ids}}, one query per relation (diff_against would take two per row)."""
    sets = defaultdict(set)
    for field in history._history_m2m_fields:
        rows = getattr(history, field.name).model.objects.filter(history_id__in=history_ids)
        target = get_m2m_reverse_field_name(field)
        for history_id, other in rows.values_list("history_id", f"{target}_id"):
            sets[(field.name, history_id)].add(other)
    return sets


def _differences(model, record, previous, related) -> list[tuple[str, str, str]]:
    if previous is None:
        return []
    many = [field.name for field in record._history_m2m_fields]
    found = [(str(model._meta.get_field(name).verbose_name), "", "") for name in many
             if related.get((name, record.history_id), set()) != related.get((name, previous.history_id), set())]
    for change in record.diff_against(previous, excluded_fields=many).changes:
        field = model._meta.get_field(change.field)
        label = str(field.verbose_name)
        if field.is_relation:
            found.append((label, "", ""))  # ids mean nothing to a reader; the name says what changed
        else:
            found.append((label, _shown(field, change.old), _shown(field, change.new)))
    return found


def _shown(field, value) -> str:
    if field.choices:
        value = dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        value = gettext("Ja") if value else gettext("Nei")
    return _short("" if value is None else str(value))


def _fallback_name(record) -> str:
    return str(record.id)


def _short(value, limit: int = 160) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
