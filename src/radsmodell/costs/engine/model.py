"""Price models as plain data: who pays which share of a national solution's running costs.

A price model belongs to one national solution and holds one or more effective periods
(years from–to). A period holds a step: the split of the cost between the three segments
(RHF, municipalities, other actors) and, per segment, the internal key that divides the
segment's part between its organisations. A period may hold a second step that applies
once a legal basis to charge private actors exists (SFM, pasientens prøvesvar).

Every number in a model is a `Param`: the value, where it comes from and whether it is an
assumption (the seeds give no prices or weights for category B, C or a chain location,
and do not say which side of 15 and 40 MNOK a turnover exactly at the limit falls on).

Plain Python, no Django.
"""
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Generic, TypeVar

from radsmodell.core.marks import gettext_noop

T = TypeVar("T")



SEGMENTS = ("rhf", "kommune", "ovrige")
SEGMENT_LABELS = {"rhf": gettext_noop("Regionale helseforetak"), "kommune": gettext_noop("Kommuner"),
                  "ovrige": gettext_noop("Øvrige aktører")}

# The kind of organisation says which segment it belongs to.
KINDS = {
    "rhf": "Regionalt helseforetak",
    "hf": "Helseforetak",
    "kommune": "Kommune",
    "fylkeskommune": "Fylkeskommune",
    "privat": "Privat virksomhet",
    "laboratorium": "Privat laboratorium",
    "radiologi": "Privat radiologivirksomhet",
    "apotek": "Apotek",
}
SEGMENT_OF_KIND = {"rhf": "rhf", "hf": "rhf", "kommune": "kommune", "fylkeskommune": "ovrige", "privat": "ovrige",
                   "laboratorium": "ovrige", "radiologi": "ovrige", "apotek": "ovrige"}
PRIVATE_KINDS = ("privat", "laboratorium", "radiologi", "apotek")

EQUAL = "equal"
POPULATION = "population"
FTES = "ftes"
SHARE_TABLE = "share_table"
LOCATIONS = "locations"
CATEGORIES = "categories"
KEY_KINDS = {
    EQUAL: gettext_noop("likt per virksomhet"),
    POPULATION: gettext_noop("etter innbyggertall"),
    FTES: gettext_noop("etter årsverk"),
    SHARE_TABLE: gettext_noop("etter andelstabell"),
    LOCATIONS: gettext_noop("etter antall lokasjoner"),
    CATEGORIES: gettext_noop("etter priskategori"),
}


class ModelError(ValueError):
    """A price model that cannot be used: names the place in the model and the problem."""


@dataclass(frozen=True)
class Param(Generic[T]):
    """One parameter value with its provenance."""
    value: T
    source: str
    assumption: bool = False

    def __post_init__(self):
        if not str(self.source).strip():
            raise ModelError("every parameter needs a source (or a note saying it is an assumption)")


@dataclass(frozen=True)
class Category:
    """A price category chosen by turnover; the first category has no lower limit."""
    code: str
    label: str
    weight: Param[Decimal]  # relative price, e.g. A = 1
    min_turnover_nok: Param[int] | None = None
    includes_min: Param[bool] | None = None  # does a turnover exactly at the limit belong here?

    def __post_init__(self):
        if self.weight.value < 0:
            raise ModelError(f"category {self.code}: the weight cannot be negative")
        if (self.min_turnover_nok is None) != (self.includes_min is None):
            raise ModelError(f"category {self.code}: a lower limit needs includes_min, and the other way round")


@dataclass(frozen=True)
class ChainRule:
    """Organisations with at least `min_locations` locations (alone or together with their
    chain) pay per location instead of by category."""
    code: str
    label: str
    min_locations: Param[int]
    weight_per_location: Param[Decimal]
    kinds: Param[tuple[str, ...]] | None = None  # only these kinds count as chains; None: all


@dataclass(frozen=True)
class OtherIndustryRule:
    """Organisations whose turnover comes from another industry pay as `locations_charged`
    chain locations. Another industry = a NACE code outside the health prefixes (unless the
    organisation's own flag says otherwise)."""
    code: str
    label: str
    health_nace_prefixes: Param[tuple[str, ...]]
    locations_charged: Param[int]


@dataclass(frozen=True)
class Key:
    """How a segment's part is divided between its organisations."""
    kind: str
    source: str
    assumption: bool = False
    share_table: Param[dict[str, Decimal]] | None = None  # org_number → weight; empty: equal
    categories: tuple[Category, ...] = ()
    not_accounting_category: Param[str] | None = None  # where organisations without accounts go
    chain: ChainRule | None = None
    other_industry: OtherIndustryRule | None = None

    def __post_init__(self):
        if self.kind not in KEY_KINDS:
            raise ModelError(f"unknown key «{self.kind}» (known: {', '.join(KEY_KINDS)})")
        if self.kind == SHARE_TABLE and self.share_table is None:
            raise ModelError("a share_table key needs a share table (empty for equal shares)")
        if self.kind == CATEGORIES:
            self._check_categories()

    def _check_categories(self):
        if not self.categories:
            raise ModelError("a categories key needs at least one category")
        first, rest = self.categories[0], self.categories[1:]
        if first.min_turnover_nok is not None:
            raise ModelError(f"category {first.code}: the first category has no lower limit")
        codes = [c.code for c in self.categories]
        for special in (self.chain, self.other_industry):
            if special is not None:
                codes.append(special.code)
        if len(set(codes)) != len(codes):
            raise ModelError(f"category codes must differ (found {', '.join(codes)})")
        previous = first
        for category in rest:
            if category.min_turnover_nok is None:
                raise ModelError(f"category {category.code}: every category after the first needs a lower limit")
            if previous.min_turnover_nok is not None and \
                    category.min_turnover_nok.value <= previous.min_turnover_nok.value:
                raise ModelError(f"category {category.code}: the lower limits must increase")
            # Moving to a smaller category must never cost more.
            if category.weight.value < previous.weight.value:
                raise ModelError(f"category {category.code}: its weight is below the weight of {previous.code}")
            previous = category
        if self.not_accounting_category is not None and \
                self.not_accounting_category.value not in [c.code for c in self.categories]:
            raise ModelError(f"not_accounting_category «{self.not_accounting_category.value}» is not a category")
        if self.other_industry is not None and self.chain is None:
            raise ModelError("the other-industry rule prices by chain location, so it needs a chain rule")

    def category(self, code: str) -> Category | None:
        return next((c for c in self.categories if c.code == code), None)


@dataclass(frozen=True)
class SegmentRule:
    segment: str
    share: Param[Fraction]
    key: Key
    kinds: Param[tuple[str, ...]] | None = None  # only these kinds pay; None: every organisation

    def __post_init__(self):
        if self.segment not in SEGMENTS:
            raise ModelError(f"unknown segment «{self.segment}» (known: {', '.join(SEGMENTS)})")
        if not 0 <= self.share.value <= 1:
            raise ModelError(f"{self.segment}: the share must lie between 0 and 1")
        if self.kinds is not None:
            unknown = [k for k in self.kinds.value if SEGMENT_OF_KIND.get(k) != self.segment]
            if unknown:
                raise ModelError(f"{self.segment}: kinds {', '.join(unknown)} do not belong to the segment")


@dataclass(frozen=True)
class Step:
    """One split of the cost between segments."""
    label: str
    segments: tuple[SegmentRule, ...]

    def __post_init__(self):
        names = [rule.segment for rule in self.segments]
        if len(set(names)) != len(names):
            raise ModelError(f"{self.label}: a segment appears twice")
        total = sum((rule.share.value for rule in self.segments), Fraction(0))
        if total != 1:
            raise ModelError(f"{self.label}: the segment shares sum to {total}, not 1")

    def rule(self, segment: str) -> SegmentRule | None:
        return next((r for r in self.segments if r.segment == segment), None)


@dataclass(frozen=True)
class ReferencePrice:
    """A price that was actually charged, kept to compare with (e.g. NOK 1 633 a month in 2024)."""
    segment: str
    category: str
    monthly_ore: Param[int]
    year: int
    note: str = ""


@dataclass(frozen=True)
class Period:
    first_year: int
    last_year: int | None  # None: until further notice
    step: Step
    legal_basis_step: Step | None = None  # once a legal basis to charge private actors exists
    reference_prices: tuple[ReferencePrice, ...] = ()

    def __post_init__(self):
        if self.last_year is not None and self.last_year < self.first_year:
            raise ModelError(f"period {self.first_year}–{self.last_year}: ends before it starts")

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    def step_for(self, legal_basis_private: bool) -> Step:
        return self.legal_basis_step if legal_basis_private and self.legal_basis_step else self.step

    @property
    def label(self) -> str:
        return f"{self.first_year}–{self.last_year if self.last_year is not None else ''}"


@dataclass(frozen=True)
class ParameterRow:
    """One line of a model's parameter list, for a page that shows which values are assumptions."""
    path: str
    value: Any
    source: str
    assumption: bool


@dataclass(frozen=True)
class PriceModel:
    slug: str
    name: str
    solution: str
    source: str
    periods: tuple[Period, ...]
    description: str = ""
    origin: str = ""  # the file it was read from, for error messages

    def __post_init__(self):
        if not self.periods:
            raise ModelError(f"{self.slug}: a model needs at least one period")
        ordered = sorted(self.periods, key=lambda p: p.first_year)
        for before, after in zip(ordered, ordered[1:]):
            if before.last_year is None or before.last_year >= after.first_year:
                raise ModelError(f"{self.slug}: periods {before.label} and {after.label} overlap")

    def period_for(self, year: int) -> Period:
        for period in self.periods:
            if period.covers(year):
                return period
        known = ", ".join(p.label for p in self.periods)
        raise ModelError(f"{self.slug} has no price period for {year} (periods: {known})")

    def parameters(self) -> list[ParameterRow]:
        return list(_walk_parameters(self))


def _walk_parameters(model: PriceModel) -> Iterator[ParameterRow]:
    def row(path, param: Param):
        return ParameterRow(path, param.value, param.source, param.assumption)

    for period in model.periods:
        steps = [("", period.step)] + ([("rettslig grunnlag: ", period.legal_basis_step)]
                                        if period.legal_basis_step else [])
        for prefix, step in steps:
            for rule in step.segments:
                base = f"{period.label} {prefix}{rule.segment}"
                yield row(f"{base}: andel", rule.share)
                yield ParameterRow(f"{base}: fordelingsnøkkel", rule.key.kind, rule.key.source, rule.key.assumption)
                if rule.kinds is not None:
                    yield row(f"{base}: betalende typer", rule.kinds)
                key = rule.key
                if key.share_table is not None:
                    yield row(f"{base}: andelstabell", key.share_table)
                for category in key.categories:
                    yield row(f"{base}: kategori {category.code}: vekt", category.weight)
                    if category.min_turnover_nok is not None:
                        yield row(f"{base}: kategori {category.code}: nedre omsetningsgrense (NOK)",
                                  category.min_turnover_nok)
                        yield row(f"{base}: kategori {category.code}: grensen hører til kategorien",
                                  category.includes_min)
                if key.not_accounting_category is not None:
                    yield row(f"{base}: kategori for ikke regnskapspliktige", key.not_accounting_category)
                if key.chain is not None:
                    yield row(f"{base}: {key.chain.code}: minste antall lokasjoner", key.chain.min_locations)
                    yield row(f"{base}: {key.chain.code}: vekt per lokasjon", key.chain.weight_per_location)
                    if key.chain.kinds is not None:
                        yield row(f"{base}: {key.chain.code}: typer", key.chain.kinds)
                if key.other_industry is not None:
                    rule_ = key.other_industry
                    yield row(f"{base}: {rule_.code}: NACE-koder for helse", rule_.health_nace_prefixes)
                    yield row(f"{base}: {rule_.code}: betaler som antall kjedelokasjoner", rule_.locations_charged)
        for reference in period.reference_prices:
            yield row(f"{period.label} {reference.segment}: referansepris {reference.year} "
                      f"({reference.category or 'alle'}) øre/mnd", reference.monthly_ore)
