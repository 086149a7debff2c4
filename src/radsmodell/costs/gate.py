"""The duty-to-pay gate ("plikt til betaling", NUIT case 18/24): when a new service enters the
split of the running costs of the national e-health solutions.

Two things must be in place (seed 000, case 18/24, "Foreløpige anbefalinger i oppdraget"):
a legal assessment that the service is a national e-health solution (decided by the Ministry
of Health and Care Services), and the owner's approval of sufficient trial ("tilstrekkelig
utprøving") against six requirements. Then "kan plikt til betaling for tjenesten innføres ved
neste årsskifte". The investment assumes payment within one year of production ("innen et
år etter at tjenestene går i produksjon").

Plain Python, no Django. The texts are Norwegian as the seed writes them and marked for
translation; pages translate them when they show them.
"""
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from radsmodell.core.marks import gettext_noop

# Legal assessment values (the same strings as PaymentGate.Legal).
LEGAL_NOT_STARTED = "ikke_startet"
LEGAL_IN_PROGRESS = "pågår"
LEGAL_NATIONAL = "nasjonal"
LEGAL_NOT_NATIONAL = "ikke_nasjonal"
LEGAL_VALUES = (LEGAL_NOT_STARTED, LEGAL_IN_PROGRESS, LEGAL_NATIONAL, LEGAL_NOT_NATIONAL)
LEGAL_DECIDED = (LEGAL_NATIONAL, LEGAL_NOT_NATIONAL)  # a decision: who decided and when must be given



@dataclass(frozen=True)
class Requirement:
    number: int
    title: str
    detail: str


# Seed 000, case 18/24, table "Generelle krav til tilstrekkelig utprøving" (title, "Detaljering").
REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement(1, gettext_noop("Tjenesten må dekke prioriterte behov"),
                gettext_noop("Hvilke behov har innbyggere, helsepersonell og tjenesten som bør være dekket for at "
                             "tjenesten er tilstrekkelig utprøvd. Dekker tjenesten helsefaglige behov?")),
    Requirement(2, gettext_noop("Tjenesten må være testet i henhold til minimumskrav"),
                gettext_noop("Hvilke brukerhistorier skal defineres, og være testet teknisk og funksjonelt for å "
                             "utgjøre en minimumsversjon.")),
    Requirement(3, gettext_noop("Tjenesten må være utprøvd for sentrale aktører og sentrale brukergrupper/roller"),
                gettext_noop("Hvilke sentrale aktører, brukergrupper, roller, og EPJ-leverandører bør tjenesten "
                             "testes ut på for å ha en tilstrekkelig utprøvning")),
    Requirement(4, gettext_noop("Tjenesten må være testet i samhandling mellom relevante aktører"),
                gettext_noop("Roller og ansvar mellom aktørene som skal samhandle bør være definert og testet.")),
    Requirement(5, gettext_noop("Norsk helsenett må være klar til å støtte videre utprøving"),
                gettext_noop("Norsk helsenett må være klar til å støtte virksomheter og journalleverandører "
                             "som vil starte tilpasninger og videre utprøving. Hvilken støtte er nødvendig?")),
    Requirement(6, gettext_noop("Helhetsvurdering"),
                gettext_noop("Må være prøvd ut i et omfang stort nok som kan gi indikasjoner på at den "
                             "samfunnsøkonomiske nytten samsvarer med slik det er antatt i konseptfasen.")),
)
REQUIREMENT_NUMBERS = tuple(r.number for r in REQUIREMENTS)
BY_NUMBER = {r.number: r for r in REQUIREMENTS}

# What is missing, as the pages and the approval's refusal name it.
MISSING_LEGAL = gettext_noop("Juridisk vurdering: tjenesten er ikke vurdert som nasjonal e-helseløsning")
MISSING_REQUIREMENT = gettext_noop("Krav %(number)s ikke oppfylt: %(title)s")
MISSING_APPROVAL = gettext_noop("Tilstrekkelig utprøving er ikke godkjent av eier")


def requirement(number: int) -> Requirement:
    if number not in BY_NUMBER:
        raise ValueError(f"there are six requirements (1–6), not {number}")
    return BY_NUMBER[number]


@dataclass(frozen=True)
class GateFacts:
    """What is recorded about one service's gate."""
    legal_status: str = LEGAL_NOT_STARTED
    met: Collection[int] = ()  # numbers of the requirements that are met
    approved_on: date | None = None
    production_date: date | None = None

    def __post_init__(self):
        if self.legal_status not in LEGAL_VALUES:
            raise ValueError(f"unknown legal assessment «{self.legal_status}»")
        unknown = set(self.met) - set(REQUIREMENT_NUMBERS)
        if unknown:
            raise ValueError(f"there are six requirements (1–6), not {sorted(unknown)[0]}")

    @property
    def met_count(self) -> int:
        return len(set(self.met))


@dataclass(frozen=True)
class Missing:
    """One thing the gate lacks: a message (marked for translation) and its values."""
    kind: str  # "legal", "requirement" or "approval"
    message: str
    number: int | None = None

    @property
    def params(self) -> dict:
        return {"number": self.number, "title": BY_NUMBER[self.number].title} if self.number else {}

    def text(self, translate=gettext_noop) -> str:
        """The message in the language `translate` gives (Norwegian by default)."""
        params = self.params
        if params:
            return translate(self.message) % {**params, "title": translate(params["title"])}
        return translate(self.message)


def missing_before_approval(facts: GateFacts) -> list[Missing]:
    """What stops the owner from approving: the legal assessment and every unmet requirement."""
    missing = []
    if facts.legal_status != LEGAL_NATIONAL:
        missing.append(Missing("legal", MISSING_LEGAL))
    met = set(facts.met)
    missing += [Missing("requirement", MISSING_REQUIREMENT, r.number) for r in REQUIREMENTS if r.number not in met]
    return missing


def gaps(facts: GateFacts) -> list[Missing]:
    """Everything missing before the service can enter the cost split, approval last."""
    missing = missing_before_approval(facts)
    if facts.approved_on is None:
        missing.append(Missing("approval", MISSING_APPROVAL))
    return missing


def status(facts: GateFacts) -> tuple[bool, list[str]]:
    """(ready, missing): ready only when the legal assessment says «nasjonal», all six
    requirements are met and the approval is recorded; missing names what is not, in Norwegian."""
    missing = gaps(facts)
    return not missing, [m.text() for m in missing]


def entry_date(approved_on: date) -> date:
    """When the service enters the cost split: the 1 January after the approval.

    "Ved neste årsskifte" is read as the first turn of the year after the approval, so an
    approval on 1 January counts from the following 1 January: the regulation's split for a
    year is set before the year starts, and an approval on its first day comes too late for it.
    """
    return date(approved_on.year + 1, 1, 1)


def one_year_after(day: date) -> date:
    """The same date a year later; 29 February gives 28 February."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return date(day.year + 1, 2, 28)


def late(entry: date | None, production_date: date | None) -> bool:
    """True when the service enters the cost split later than one year after it went into
    production (the investment assumes payment within one year, case 18/24). Unknown dates
    give no warning. Exactly one year after is still within the year."""
    if entry is None or production_date is None:
        return False
    return entry > one_year_after(production_date)


@dataclass(frozen=True)
class Timing:
    """When a gate enters the cost split, or the earliest it can, and whether that is late."""
    entry: date | None  # the entry date once approved
    earliest: date | None  # not yet approved: the entry if the owner approved on `today`
    deadline: date | None  # one year after production
    is_late: bool  # the entry (or the earliest possible entry) is after the deadline

    @property
    def expected(self) -> date | None:
        return self.entry or self.earliest


def timing(facts: GateFacts, today: date) -> Timing:
    """The entry into the cost split and the one-year check, for approved and pending gates.

    A gate that is not approved has no entry yet; the earliest it can get is the 1 January
    after today, and if even that is more than a year after production the warning applies.
    A gate judged not to be a national e-health solution never enters.
    """
    deadline = one_year_after(facts.production_date) if facts.production_date else None
    if facts.approved_on is not None:
        entry = entry_date(facts.approved_on)
        return Timing(entry, None, deadline, late(entry, facts.production_date))
    if facts.legal_status == LEGAL_NOT_NATIONAL:
        return Timing(None, None, deadline, False)
    earliest = entry_date(today)
    return Timing(None, earliest, deadline, late(earliest, facts.production_date))
