"""Writes of the commissions register (oppdrag), with the rules a commission keeps.

`check()` holds the rules that span fields (a deadline before the commission was given, a delivery
without a date, …); the page's form, the demo loader and `save_commission()` all use it, so no
way in stores a commission the others would refuse.
"""
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from radsmodell.core.formatting import long_date

from .models import Case, Commission, Organisation


def check(*, giver: str, giver_body=None, giver_name: str = "", given=None, deadline=None, status: str = "",
          delivered=None, receiver: Organisation | None = None, partners: Iterable[Organisation] = ()) -> None:
    """Raise a ValidationError by field for every rule the values break."""
    errors: dict[str, str] = {}
    if giver == Commission.Giver.BODY and giver_body is None:
        errors["giver_body"] = _("Velg organet i rådsmodellen som ga oppdraget.")
    if giver != Commission.Giver.BODY and giver_body is not None:
        errors["giver_body"] = _("Fyll bare ut organet når oppdragsgiveren er «Et organ i rådsmodellen».")
    if giver == Commission.Giver.OTHER and not (giver_name or "").strip():
        errors["giver_name"] = _("Skriv hvem som ga oppdraget når oppdragsgiveren er «Annen».")
    if given and deadline and deadline < given:
        errors["deadline"] = _("Fristen (%(deadline)s) kan ikke være før oppdraget ble gitt (%(given)s).") % {
            "deadline": long_date(deadline), "given": long_date(given)}
    if status == Commission.Status.DELIVERED and not delivered:
        errors["delivered"] = _("Oppgi datoen oppdraget ble levert når status er «Levert».")
    elif delivered and status != Commission.Status.DELIVERED:
        errors["delivered"] = _("Bare et levert oppdrag har leveringsdato: velg status «Levert», eller fjern datoen.")
    elif delivered and given and delivered < given:
        errors["delivered"] = _("Oppdraget kan ikke være levert (%(delivered)s) før det ble gitt (%(given)s).") % {
            "delivered": long_date(delivered), "given": long_date(given)}
    if receiver is not None and any(partner.pk == receiver.pk for partner in partners):
        errors["partners"] = _("%(name)s er mottakeren og kan ikke også stå som samarbeidspartner.") % {
            "name": receiver.name}
    if errors:
        raise ValidationError(errors)


def check_commission(commission: Commission, partners: Iterable[Organisation]) -> None:
    check(giver=commission.giver, giver_body=commission.giver_body, giver_name=commission.giver_name,
          given=commission.given, deadline=commission.deadline, status=commission.status,
          delivered=commission.delivered, receiver=commission.receiver if commission.receiver_id else None,
          partners=partners)


@transaction.atomic
def save_commission(commission: Commission, *, partners: Iterable[Organisation], cases: Iterable[Case]) -> Commission:
    """Create or change a commission with its partners and the cases that treated it."""
    partners, cases = list(partners), list(cases)
    check_commission(commission, partners)
    commission.full_clean()
    commission.save()
    commission.partners.set(partners)
    commission.cases.set(cases)
    return commission
