"""An object's whole story: what happened to it in every module, newest first.

Each app registers, in its hooks.py, a provider for the kinds of object it knows events about
(`register("initiative", provider)`; "*" for every kind): the council its cases, portfolio the status
reports, prioritisation the scores, costs the gates and investments, strategy the roadmap. A provider
gets the object's link kind and stored reference (as in core/links.py) and the reader, and returns
only what that reader may see. Core sorts and shows them (`{% timeline obj %}`).
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from .links import kind_of


@dataclass(frozen=True)
class Event:
    day: date
    label: str  # what happened, as a heading: "Sak", "Statusrapport", "Scoring"
    title: str
    url: str  # the page the event comes from
    detail: str = ""  # one line of outcome: the decision, the status, the rank
    source: str = ""  # transcription note, shown through {% source %}
    assumption: str = ""  # why the event (or its date) is inferred, shown as «antatt»
    order: int = 0  # among events of one day: a case before the status report it led to


Provider = Callable[[str, str, object], Iterable[Event]]  # (kind name, stored reference, user)

_providers: list[tuple[str, Provider]] = []


def register(kind: str, provider: Provider) -> None:
    if (kind, provider) not in _providers:
        _providers.append((kind, provider))


def events_of(kind: str, ref: str, user) -> list[Event]:
    events = [event for wanted, provider in _providers if wanted in (kind, "*")
              for event in provider(kind, ref, user)]
    return sorted(events, key=lambda e: (-e.day.toordinal(), e.order, e.label, e.title))


def events_of_object(instance, user) -> list[Event]:
    kind = kind_of(instance)
    return events_of(kind.name, kind.ref_of(instance), user) if kind else []
