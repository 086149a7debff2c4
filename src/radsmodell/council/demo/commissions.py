"""The commissions (oppdrag) of the demo: `commissions.yaml`, its schema and its loader.

The file is read against `CommissionsFile` before anything is written. The loader then checks what
the schema cannot (that a case key names a case of the demo, and the rules every commission keeps,
`commission_services.check`), failing at the file and the path of the field. The receiver and the
partners are organisations of the register, made only when the register has none of that name.
"""
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from django.core.exceptions import ValidationError

from radsmodell.core.demo import DemoSchema, IsoDate, Place, RequiredText, Slug, Text, read, refusal, save

from .. import commission_services, services
from ..models import Body, Case, Commission
from .schema import CaseKey

FILE = "commissions.yaml"
GiverValue = Literal[tuple(Commission.Giver.values)]
StatusValue = Literal[tuple(Commission.Status.values)]


class CommissionEntry(DemoSchema):
    reference: Text = ""  # as the source writes it: "TB2024-79"
    title: RequiredText
    description: Text = ""  # the source's own words
    giver: GiverValue
    giver_body: Slug | None = None  # the body's slug, when a body gave it (giver: body)
    giver_name: Text = ""  # who, when giver is other
    basis: Text = ""
    decided_in: CaseKey | None = None
    receiver: RequiredText  # an organisation's name
    partners: list[RequiredText] = []
    given: IsoDate = None
    deadline: IsoDate = None
    deadline_text: Text = ""  # the deadline in the source's words, when it is not a plain date
    status: StatusValue = Commission.Status.GIVEN.value
    deliverable: Text = ""
    deliverable_url: Text = ""
    delivered: IsoDate = None
    cases: list[CaseKey] = []  # body/year/number of the cases that treated it
    source: RequiredText  # "seed NNN, <where>: «the source's words» …"
    assumption: Text = ""  # what is inferred rather than read, and why


class CommissionsFile(DemoSchema):
    commissions: list[CommissionEntry] = []


def read_file(directory: Path) -> CommissionsFile | None:
    """The file checked against its schema; None when the directory has none."""
    path = directory / FILE
    return read(path, CommissionsFile) if path.exists() else None


def load_commissions(data: CommissionsFile | None, bodies: dict[str, Body],
                     find_case: Callable[[Place, str], Case]) -> int:
    """Write the commissions once every case exists; returns how many were made."""
    if data is None:
        return 0
    place = Place(FILE).at("commissions")
    for index, entry in enumerate(data.commissions):
        _load(place.at(index), entry, bodies, find_case)
    return len(data.commissions)


def _load(here: Place, entry: CommissionEntry, bodies: dict[str, Body], find_case) -> Commission:
    if entry.giver_body and entry.giver_body not in bodies:
        here.at("giver_body").fail(f"unknown body «{entry.giver_body}»")
    partners = [services.organisation(name) for name in entry.partners]
    commission = Commission(
        reference=entry.reference, title=entry.title, description=entry.description, giver=entry.giver,
        giver_body=bodies.get(entry.giver_body) if entry.giver_body else None, giver_name=entry.giver_name,
        basis=entry.basis, receiver=services.organisation(entry.receiver), given=entry.given,
        deadline=entry.deadline, deadline_text=entry.deadline_text, status=entry.status,
        deliverable=entry.deliverable, deliverable_url=entry.deliverable_url, delivered=entry.delivered,
        source=entry.source, assumption=entry.assumption,
        decided_in=find_case(here.at("decided_in"), entry.decided_in) if entry.decided_in else None,
    )
    cases = [find_case(here.at("cases").at(n), key) for n, key in enumerate(entry.cases)]
    try:
        commission_services.check_commission(commission, partners)
    except ValidationError as error:
        refusal(here, error)
    save(here, commission)
    commission.partners.set(partners)
    commission.cases.set(cases)
    return commission
