"""The portfolio's entry criteria (DOMAIN §3), as a rule with its reason.

Plain Python, no Django. (1) digitalisation is essential to the purpose and it concerns the
core of the health and care services; and (2a) it needs coordination across several actors,
and/or (2b) it is essential to the national e-health strategy.
"""

CRITERIA = {
    "criterion_1": "Digitalisering er vesentlig for formålet, og tiltaket gjelder kjernen i helse- og omsorgstjenestene (1)",
    "criterion_2a": "Tiltaket krever koordinering på tvers av flere aktører (2a)",
    "criterion_2b": "Tiltaket er vesentlig for nasjonal e-helsestrategi (2b)",
}


def entry_verdict(c1: bool | None, c2a: bool | None, c2b: bool | None) -> tuple[bool | None, str]:
    """(meets the criteria?, why). None when the answers given cannot decide it yet."""
    if c1 is False:
        return False, "oppfyller ikke kriteriene, fordi kriterium 1 ikke er oppfylt"
    if c2a is False and c2b is False:
        return False, "oppfyller ikke kriteriene, fordi verken 2a eller 2b er oppfylt"
    if c1 is None:
        return None, "kan ikke avgjøres ennå: kriterium 1 er ikke besvart"
    if c2a or c2b:
        which = " og ".join(k for k, v in (("2a", c2a), ("2b", c2b)) if v)
        return True, f"oppfyller kriteriene (1 og {which})"
    unanswered = " og ".join(k for k, v in (("2a", c2a), ("2b", c2b)) if v is None)
    return None, f"kan ikke avgjøres ennå: {unanswered} er ikke besvart"
