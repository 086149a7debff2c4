"""Comparing two versions of the roadmap. Plain Python, no Django.

Activities are matched by their key, which stays the same when an activity is renamed or
moved to another goal.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    name: str
    goal: str
    subgoal: str
    owner: str
    horizon: str
    status: str


@dataclass(frozen=True)
class Difference:
    key: str
    what: str  # "ny", "fjernet", "omdøpt", "omgruppert", "status", "ansvarlig", "horisont"
    before: str
    after: str


def compare(before: dict[str, Entry], after: dict[str, Entry]) -> list[Difference]:
    """What changed from `before` to `after`, in the order of `after` (removed ones last)."""
    found = []
    for key, new in after.items():
        old = before.get(key)
        if old is None:
            found.append(Difference(key, "ny", "", new.name))
            continue
        for what, attribute in (("omdøpt", "name"), ("omgruppert", "goal"), ("omgruppert", "subgoal"),
                                ("status", "status"), ("ansvarlig", "owner"), ("horisont", "horizon")):
            if getattr(old, attribute) != getattr(new, attribute):
                found.append(Difference(key, what, getattr(old, attribute), getattr(new, attribute)))
    found += [Difference(key, "fjernet", old.name, "") for key, old in before.items() if key not in after]
    return found
