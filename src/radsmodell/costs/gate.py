"""The duty-to-pay gate ("plikt til betaling", NUIT case 18/24): when a new service enters the
split of the running costs of the national e-health solutions.

Two things must be in place (seed 000, case 18/24, "Foreløpige anbefalinger i oppdraget"):
a legal assessment that the service is a national e-health solution (decided by the Ministry
of Health and Care Services), and the owner's approval of sufficient trial ("tilstrekkelig
utprøving") against the service's requirements. Then "kan plikt til betaling for tjenesten
innføres ved neste årsskifte".

The six requirements of the case are a template, not a fixed list: "dette vil variere fra
tjeneste til tjeneste. Forslag til krav som bør beskrives per tjeneste, er listet i tabellen
under." Each service starts from the template and adapts it (adds, drops, rewords); its gate is
passed on its own list. The investment assumes payment within one year of production ("innen et
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
    """A requirement of the template."""
    number: int
    title: str
    detail: str


# The template: seed 000, case 18/24, table "Generelle krav til tilstrekkelig utprøving" (title, "Detaljering").
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

# Where the template comes from (a transcription note; pages show it with core.provenance.cite).
TEMPLATE_SOURCE = "seed 000, sak 18/24 (toppnotat): tabellen «Generelle krav til tilstrekkelig utprøving»"

# What is missing, as the pages and the approval's refusal name it.
MISSING_LEGAL = gettext_noop("Juridisk vurdering: tjenesten er ikke vurdert som nasjonal e-helseløsning")
MISSING_REQUIREMENT = gettext_noop("Krav %(number)s ikke oppfylt: %(title)s")
MISSING_LIST = gettext_noop("Tjenesten har ingen krav til tilstrekkelig utprøving")
MISSING_APPROVAL = gettext_noop("Tilstrekkelig utprøving er ikke godkjent av eier")

# How a service's requirement differs from the template.
UNCHANGED = "uendret"  # as proposed
REWORDED = "omformulert"  # from the template, with the service's own title or detail
ADDED = "lagt_til"  # the service's own requirement, not in the template
DROPPED = "tatt_ut"  # on the list no longer, with the reason why


def requirement(number: int) -> Requirement:
    """The template's requirement `number` (1–6)."""
    if number not in BY_NUMBER:
        raise ValueError(f"the template has six requirements (1–6), not {number}")
    return BY_NUMBER[number]


def _same_text(a: str, b: str) -> bool:
    return " ".join((a or "").split()) == " ".join((b or "").split())


@dataclass(frozen=True)
class ServiceRequirement:
    """One requirement on a service's own list: from the template (`template` is its number
    there) or added for the service (`template` None), in the service's own words, and met or
    not with its evidence. A dropped requirement stays on record with the reason it was dropped."""
    number: int  # its place on the service's list
    title: str
    detail: str = ""
    met: bool = False
    evidence: str = ""
    template: int | None = None
    dropped_reason: str = ""

    def __post_init__(self):
        if self.template is not None and self.template not in BY_NUMBER:
            raise ValueError(f"the template has six requirements (1–6), not {self.template}")
        if not (self.title or "").strip():
            raise ValueError(f"requirement {self.number} has no title")

    @property
    def dropped(self) -> bool:
        return bool((self.dropped_reason or "").strip())

    @property
    def fulfilled(self) -> bool:
        """Met, and something documents it."""
        return self.met and bool((self.evidence or "").strip())

    @property
    def proposed(self) -> Requirement | None:
        """The template's wording this requirement starts from."""
        return BY_NUMBER.get(self.template) if self.template is not None else None

    @property
    def change(self) -> str:
        if self.dropped:
            return DROPPED
        if self.template is None:
            return ADDED
        proposed = BY_NUMBER[self.template]
        if _same_text(self.title, proposed.title) and _same_text(self.detail, proposed.detail):
            return UNCHANGED
        return REWORDED


def from_template(met: Collection[int] = (), evidence: str = "Dokumentert") -> tuple[ServiceRequirement, ...]:
    """The template as a service's list (what a new service starts from); `met` marks requirements
    as met with `evidence`."""
    return tuple(ServiceRequirement(r.number, r.title, r.detail, met=r.number in met,
                                    evidence=evidence if r.number in met else "", template=r.number)
                 for r in REQUIREMENTS)


@dataclass(frozen=True)
class GateFacts:
    """What is recorded about one service's gate: the legal assessment, the service's own list of
    requirements, the approval and the production date."""
    legal_status: str = LEGAL_NOT_STARTED
    requirements: tuple[ServiceRequirement, ...] = ()
    approved_on: date | None = None
    production_date: date | None = None

    def __post_init__(self):
        if self.legal_status not in LEGAL_VALUES:
            raise ValueError(f"unknown legal assessment «{self.legal_status}»")
        numbers = [r.number for r in self.requirements]
        if len(set(numbers)) != len(numbers):
            raise ValueError("a requirement number appears twice on the list")
        templates = [r.template for r in self.requirements if r.template is not None]
        if len(set(templates)) != len(templates):
            raise ValueError("a requirement of the template appears twice on the list")

    @property
    def listed(self) -> list[ServiceRequirement]:
        """The requirements on the list now (not dropped), in order."""
        return sorted((r for r in self.requirements if not r.dropped), key=lambda r: r.number)

    @property
    def met_count(self) -> int:
        return sum(1 for r in self.listed if r.fulfilled)

    @property
    def listed_count(self) -> int:
        return len(self.listed)


@dataclass(frozen=True)
class Missing:
    """One thing the gate lacks: a message (marked for translation) and its values."""
    kind: str  # "legal", "requirements", "requirement" or "approval"
    message: str
    number: int | None = None
    title: str = ""

    @property
    def params(self) -> dict:
        return {"number": self.number, "title": self.title} if self.number is not None else {}

    def text(self, translate=gettext_noop) -> str:
        """The message in the language `translate` gives (Norwegian by default). A requirement in
        the template's words is translated; the service's own words are shown as written."""
        if self.number is not None:
            return translate(self.message) % {"number": self.number, "title": translate(self.title)}
        return translate(self.message)


def missing_before_approval(facts: GateFacts) -> list[Missing]:
    """What stops the owner from approving: the legal assessment and every requirement on the
    service's list that is not met with evidence (an empty list cannot be met)."""
    missing = []
    if facts.legal_status != LEGAL_NATIONAL:
        missing.append(Missing("legal", MISSING_LEGAL))
    if not facts.listed:
        missing.append(Missing("requirements", MISSING_LIST))
    missing += [Missing("requirement", MISSING_REQUIREMENT, r.number, r.title)
                for r in facts.listed if not r.fulfilled]
    return missing


def gaps(facts: GateFacts) -> list[Missing]:
    """Everything missing before the service can enter the cost split, approval last."""
    missing = missing_before_approval(facts)
    if facts.approved_on is None:
        missing.append(Missing("approval", MISSING_APPROVAL))
    return missing


def status(facts: GateFacts) -> tuple[bool, list[str]]:
    """(ready, missing): ready only when the legal assessment says «nasjonal», every requirement
    on the service's own list is met with evidence and the approval is recorded; missing names
    what is not, in Norwegian."""
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
