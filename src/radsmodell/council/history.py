"""The audit trail: every change to the register, who made it, when and what changed."""
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import registered_models

CHANGE_TYPES = {"+": _("Opprettet"), "~": _("Endret"), "-": _("Slettet")}


@dataclass
class Change:
    when: datetime
    who: str
    what: str
    object_label: str
    kind: str
    fields: list[tuple[str, str, str]]  # (field label, old, new)


def _describe(record) -> Change:
    fields = []
    previous = record.prev_record if record.history_type == "~" else None
    if previous is not None:
        delta = record.diff_against(previous)
        for change in delta.changes:
            label = record.instance_type._meta.get_field(change.field).verbose_name
            fields.append((str(label), _short(change.old), _short(change.new)))
    user = record.history_user
    return Change(
        when=record.history_date,
        who=(user.get_full_name() or user.username) if user else gettext("system (import)"),
        what=str(record.instance_type._meta.verbose_name).capitalize(),
        object_label=_short(str(record.instance), 90),
        kind=str(CHANGE_TYPES.get(record.history_type, record.history_type)),
        fields=fields,
    )


def _short(value, limit: int = 160) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def changes_for(instance, limit: int = 100) -> list[Change]:
    """The history of one object, newest first."""
    return [_describe(r) for r in instance.history.select_related("history_user").order_by("-history_date")[:limit]]


def recent_change_keys(limit: int = 2000) -> list[tuple]:
    """(when, model, history id) of the latest changes across the register, newest first.

    Light rows, so the page can paginate before the records are read and compared.
    """
    keys = []
    for model in registered_models.values():
        if model._meta.app_label != "council":
            continue
        rows = model.history.order_by("-history_date").values_list("history_date", "history_id")[:limit]
        keys += [(when, model, history_id) for when, history_id in rows]
    keys.sort(key=lambda key: key[0], reverse=True)
    return keys[:limit]


def describe(keys: list[tuple]) -> list[Change]:
    """The changes behind keys from recent_change_keys, in the same order."""
    return [_describe(model.history.select_related("history_user").get(history_id=history_id))
            for _, model, history_id in keys]
