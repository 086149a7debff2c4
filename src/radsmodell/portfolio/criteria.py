"""The portfolio's entry criteria (DOMAIN §3), as a rule with its reason.

Plain Python, no Django. (1) digitalisation is essential to the purpose and it concerns the
core of the health and care services; and (2a) it needs coordination across several actors,
and/or (2b) it is essential to the national e-health strategy.

The texts are Norwegian and marked for translation, each reason whole; pages and forms
translate them when they show them.
"""
from radsmodell.core.marks import gettext_noop

CRITERIA = {
    "criterion_1": gettext_noop("Digitalisering er vesentlig for formålet, og tiltaket gjelder kjernen i helse- og "
                                "omsorgstjenestene (1)"),
    "criterion_2a": gettext_noop("Tiltaket krever koordinering på tvers av flere aktører (2a)"),
    "criterion_2b": gettext_noop("Tiltaket er vesentlig for nasjonal e-helsestrategi (2b)"),
}

FAILS_1 = gettext_noop("oppfyller ikke kriteriene, fordi kriterium 1 ikke er oppfylt")
FAILS_2 = gettext_noop("oppfyller ikke kriteriene, fordi verken 2a eller 2b er oppfylt")
OPEN_1 = gettext_noop("kan ikke avgjøres ennå: kriterium 1 er ikke besvart")
# By (2a met, 2b met) and by (2a unanswered, 2b unanswered).
MEETS = {
    (True, False): gettext_noop("oppfyller kriteriene (1 og 2a)"),
    (False, True): gettext_noop("oppfyller kriteriene (1 og 2b)"),
    (True, True): gettext_noop("oppfyller kriteriene (1 og 2a og 2b)"),
}
OPEN_2 = {
    (True, False): gettext_noop("kan ikke avgjøres ennå: 2a er ikke besvart"),
    (False, True): gettext_noop("kan ikke avgjøres ennå: 2b er ikke besvart"),
    (True, True): gettext_noop("kan ikke avgjøres ennå: 2a og 2b er ikke besvart"),
}


def entry_verdict(c1: bool | None, c2a: bool | None, c2b: bool | None) -> tuple[bool | None, str]:
    """(meets the criteria?, why). None when the answers given cannot decide it yet."""
    if c1 is False:
        return False, FAILS_1
    if c2a is False and c2b is False:
        return False, FAILS_2
    if c1 is None:
        return None, OPEN_1
    if c2a or c2b:
        return True, MEETS[(bool(c2a), bool(c2b))]
    # c1 is met, neither 2a nor 2b is, and at least one of them is unanswered.
    return None, OPEN_2[(c2a is None, c2b is None)]
