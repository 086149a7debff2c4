"""The organisations that pay, one record each or as columns (numpy arrays) for the engine.

Plain Python and numpy, no Django.
"""
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from .model import KINDS, SEGMENT_OF_KIND, SEGMENTS, ModelError

KIND_CODES = tuple(KINDS)


class OrganisationDataError(ModelError):
    """Organisations the engine cannot price (duplicate numbers, unknown segment, ...)."""


@dataclass(frozen=True)
class Organisation:
    org_number: str
    name: str
    kind: str
    segment: str
    turnover_nok: int | None = None
    keeps_accounts: bool = True
    locations: int = 1
    ftes: Decimal = Decimal(0)
    nace: str = ""
    population: int = 0  # municipalities
    chain: str = ""  # chain name, "" when none
    other_industry: bool | None = None  # None: decided from the NACE code by the price model


class OrganisationTable:
    """Columns of equal length; row i is one organisation. Built once, priced many times."""

    def __init__(self, *, org_number, name, kind, segment, turnover_nok, has_turnover, keeps_accounts,
                 locations, ftes_centi, nace, population, chain, other_industry):
        self.org_number = np.asarray(org_number, dtype="<U9")
        n = len(self.org_number)
        self.name = np.asarray(name, dtype=object)
        self.kind = np.asarray(kind, dtype=np.int8)  # index into KIND_CODES
        self.segment = np.asarray(segment, dtype=np.int8)  # index into SEGMENTS
        self.turnover_nok = np.asarray(turnover_nok, dtype=np.int64)  # 0 where has_turnover is False
        self.has_turnover = np.asarray(has_turnover, dtype=bool)
        self.keeps_accounts = np.asarray(keeps_accounts, dtype=bool)
        self.locations = np.asarray(locations, dtype=np.int64)
        self.ftes_centi = np.asarray(ftes_centi, dtype=np.int64)  # full-time equivalents × 100
        self.nace = np.asarray(nace, dtype="<U8")
        self.population = np.asarray(population, dtype=np.int64)
        self.chain = np.asarray(chain, dtype=object)
        self.other_industry = np.asarray(other_industry, dtype=np.int8)  # -1 unknown, 0 no, 1 yes
        columns = (self.name, self.kind, self.segment, self.turnover_nok, self.has_turnover, self.keeps_accounts,
                   self.locations, self.ftes_centi, self.nace, self.population, self.chain, self.other_industry)
        if any(len(c) != n for c in columns):
            raise OrganisationDataError("every column needs one value per organisation")
        self._check()
        self.org_int = self.org_number.astype(np.int64) if n else np.zeros(0, dtype=np.int64)
        if len(np.unique(self.org_int)) != n:
            values, counts = np.unique(self.org_number, return_counts=True)
            raise OrganisationDataError(f"organisation number {values[counts > 1][0]} appears more than once")
        # Chains are grouped by name once; -1 = not in a chain.
        named = self.chain != ""
        self.chain_id = np.full(n, -1, dtype=np.int64)
        if named.any():
            _, inverse = np.unique(self.chain[named].astype(str), return_inverse=True)
            self.chain_id[named] = inverse
        self._nace_cache: dict[tuple[str, ...], np.ndarray] = {}

    def _check(self):
        if len(self.org_number) and not (np.all(np.char.str_len(self.org_number) == 9)
                                         and np.all(np.char.isdigit(self.org_number))):
            bad = next(o for o in self.org_number if len(o) != 9 or not o.isdigit())
            raise OrganisationDataError(f"«{bad}» is not a nine-digit organisation number")
        if np.any((self.segment < 0) | (self.segment >= len(SEGMENTS))):
            raise OrganisationDataError("unknown segment code")
        if np.any((self.kind < 0) | (self.kind >= len(KIND_CODES))):
            raise OrganisationDataError("unknown kind code")
        for label, column in (("turnover", self.turnover_nok), ("locations", self.locations),
                              ("full-time equivalents", self.ftes_centi), ("population", self.population)):
            if np.any(column < 0):
                raise OrganisationDataError(f"{label} cannot be negative")

    def __len__(self) -> int:
        return len(self.org_number)

    @classmethod
    def from_organisations(cls, organisations: Iterable[Organisation]) -> "OrganisationTable":
        rows: Sequence[Organisation] = list(organisations)
        for org in rows:
            if org.segment not in SEGMENTS:
                raise OrganisationDataError(f"{org.org_number}: unknown segment «{org.segment}»")
            if org.kind not in KINDS:
                raise OrganisationDataError(f"{org.org_number}: unknown kind «{org.kind}»")
            if SEGMENT_OF_KIND[org.kind] != org.segment:
                raise OrganisationDataError(f"{org.org_number}: kind «{org.kind}» belongs to segment "
                                            f"«{SEGMENT_OF_KIND[org.kind]}», not «{org.segment}»")
        segment_index = {s: i for i, s in enumerate(SEGMENTS)}
        kind_index = {k: i for i, k in enumerate(KIND_CODES)}
        return cls(
            org_number=[o.org_number for o in rows],
            name=[o.name for o in rows],
            kind=[kind_index[o.kind] for o in rows],
            segment=[segment_index[o.segment] for o in rows],
            turnover_nok=[o.turnover_nok or 0 for o in rows],
            has_turnover=[o.turnover_nok is not None for o in rows],
            keeps_accounts=[o.keeps_accounts for o in rows],
            locations=[o.locations for o in rows],
            ftes_centi=[int((Decimal(o.ftes) * 100).to_integral_value(ROUND_HALF_UP)) for o in rows],
            nace=[o.nace for o in rows],
            population=[o.population for o in rows],
            chain=[o.chain or "" for o in rows],
            other_industry=[-1 if o.other_industry is None else int(o.other_industry) for o in rows],
        )

    def segment_mask(self, segment: str) -> np.ndarray:
        return self.segment == SEGMENTS.index(segment)

    def kind_mask(self, kinds: Iterable[str]) -> np.ndarray:
        codes = [KIND_CODES.index(k) for k in kinds]
        return np.isin(self.kind, codes)

    def nace_is_health(self, prefixes: tuple[str, ...]) -> np.ndarray:
        """True where the NACE code starts with one of the prefixes (dots ignored) or is blank."""
        if prefixes not in self._nace_cache:
            digits = np.char.replace(self.nace, ".", "")
            match = digits == ""
            for prefix in prefixes:
                match |= np.char.startswith(digits, prefix.replace(".", ""))
            self._nace_cache[prefixes] = match
        return self._nace_cache[prefixes]

    def kind_name(self, i: int) -> str:
        return KIND_CODES[self.kind[i]]

    def segment_name(self, i: int) -> str:
        return SEGMENTS[self.segment[i]]

    def record(self, i: int) -> Organisation:
        return Organisation(
            org_number=str(self.org_number[i]), name=str(self.name[i]), kind=self.kind_name(i),
            segment=self.segment_name(i),
            turnover_nok=int(self.turnover_nok[i]) if self.has_turnover[i] else None,
            keeps_accounts=bool(self.keeps_accounts[i]), locations=int(self.locations[i]),
            ftes=Decimal(int(self.ftes_centi[i])) / 100, nace=str(self.nace[i]),
            population=int(self.population[i]), chain=str(self.chain[i]),
            other_industry=None if self.other_industry[i] < 0 else bool(self.other_industry[i]),
        )


def as_table(organisations) -> OrganisationTable:
    return organisations if isinstance(organisations, OrganisationTable) \
        else OrganisationTable.from_organisations(organisations)
