"""Reads of the commissions register (oppdrag), with its visibility rule in one place.

A commission is public record (it comes from an allocation letter or published papers), except
one that is known only from cases the reader may not see: linked to cases (`cases`, `decided_in`)
and none of them visible by the council's rule (selectors.case_visible: a case of a meeting whose
notice is unpublished is hidden from the public). Members and the secretariat see every one.
"""
from datetime import date

from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Value
from django.utils import timezone

from radsmodell.core.roles import can_see_drafts

from . import selectors
from .models import Body, Case, Commission, Organisation

OPEN = (Commission.Status.GIVEN, Commission.Status.IN_PROGRESS)
VISIBLE_CASE = Q(meeting__isnull=True) | Q(meeting__notice_published_at__isnull=False)


def _overdue(today: date) -> models.Case:
    """True for an open commission whose deadline has passed (never NULL, so it sorts alike everywhere)."""
    return models.Case(models.When(Q(status__in=OPEN, deadline__lt=today), then=Value(True)),
                       default=Value(False), output_field=models.BooleanField())


def commissions_for(user, today: date | None = None) -> QuerySet[Commission]:
    """The commissions the user may see, each with `overdue`, overdue first, then by deadline;
    `cases` holds only the cases the user may see."""
    today = today or timezone.localdate()
    rows = Commission.objects.select_related("receiver", "giver_body", "decided_in__body", "decided_in__meeting")
    if not can_see_drafts(user):
        through = Commission.cases.through
        linked = Exists(through.objects.filter(commission=OuterRef("pk")))
        seen = Exists(through.objects.filter(commission=OuterRef("pk"), case__in=Case.objects.filter(VISIBLE_CASE)))
        decided_seen = Q(decided_in__isnull=False) & (Q(decided_in__meeting__isnull=True)
                                                      | Q(decided_in__meeting__notice_published_at__isnull=False))
        rows = rows.filter((~linked & Q(decided_in__isnull=True)) | seen | decided_seen)
    return (rows.annotate(overdue=_overdue(today))
            .prefetch_related("partners", Prefetch("cases", queryset=selectors.cases_for(user).order_by(
                "year", "body__level", "number").prefetch_related("body__later_names")))
            .order_by("-overdue", F("deadline").asc(nulls_last=True), "reference", "id"))


def get_commission(user, pk: int) -> Commission | None:
    """The commission, or None when there is none the user may see."""
    return commissions_for(user).filter(pk=pk).first()


def filtered(rows: QuerySet[Commission], *, status: str = "", receiver=None, giver: str = "", body: Body | None = None,
             overdue: bool | None = None) -> QuerySet[Commission]:
    """`status` a stored status or "open"; `giver` "hod"/"other", or `body` for a body of the council model."""
    if status == "open":
        rows = rows.filter(status__in=OPEN)
    elif status:
        rows = rows.filter(status=status)
    if receiver is not None:
        rows = rows.filter(receiver=receiver)
    if body is not None:
        rows = rows.filter(giver=Commission.Giver.BODY, giver_body=body)
    elif giver:
        rows = rows.filter(giver=giver)
    if overdue is not None:
        rows = rows.filter(overdue=overdue)
    return rows


def of_case(user, case: Case) -> QuerySet[Commission]:
    """The commissions the case treated or gave."""
    linked = Commission.objects.filter(Q(cases=case) | Q(decided_in=case)).values("pk")
    return commissions_for(user).filter(pk__in=linked)


def overdue_in_body(user, body: Body, today: date | None = None) -> QuerySet[Commission]:
    """Overdue commissions treated in or given by the body's cases, or given by the body itself."""
    linked = Commission.objects.filter(Q(cases__body=body) | Q(decided_in__body=body) | Q(giver_body=body)).values("pk")
    return commissions_for(user, today).filter(pk__in=linked, overdue=True)


def receivers() -> QuerySet[Organisation]:
    """The organisations that have received a commission, for the list's filter."""
    return Organisation.objects.filter(commissions__isnull=False).distinct().order_by("name")


def giver_bodies() -> QuerySet[Body]:
    return Body.objects.filter(commissions_given__isnull=False).distinct().prefetch_related("later_names")
