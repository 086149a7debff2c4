"""What waits for a user in the portfolio (their own page, core/mypage.py), and what their profile
shows of them as a reporter.

A reporter for an initiative owner (services.owners_of) has a status report due in every open round
for each of the owner's initiatives, until it is delivered: not started, a draft, or sent back. The
secretariat has the delivered reports waiting for its decision. A fixed number of queries.
"""
from datetime import date

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from radsmodell.core import site
from radsmodell.core.roles import is_secretariat

from . import services
from .models import Initiative, Round, StatusReport

REPORTS = site.WorkGroup(gettext_lazy("Statusrapporter"), 50)


def tasks(user, today: date) -> list[site.WorkItem]:
    if is_secretariat(user):
        return _to_decide(today)
    owners = services.owners_of(user)
    if not owners:
        return []
    rounds = list(Round.objects.filter(status=Round.Status.OPEN))
    if not rounds:
        return []
    initiatives = list(Initiative.objects.filter(owner__in=owners).order_by("name"))
    reports = {(r.round_id, r.initiative_id): r for r in StatusReport.objects.filter(
        round__in=rounds, initiative__in=initiatives).only("pk", "round_id", "initiative_id", "state")}
    items = []
    for round_ in rounds:
        for initiative in initiatives:
            report = reports.get((round_.pk, initiative.pk))
            if report is None:
                kind = _("Statusrapport, ikke påbegynt")
            elif report.state == StatusReport.State.DRAFT:
                kind = _("Statusrapport, utkast")
            elif report.state == StatusReport.State.RETURNED:
                kind = _("Statusrapport, sendt tilbake")
            else:
                continue  # delivered or accepted: with the secretariat now
            due = round_.cut_off
            items.append(site.WorkItem(REPORTS, kind, str(initiative),
                                       reverse("portfolio:report", args=[round_.slug, initiative.slug]), due,
                                       overdue=due is not None and due < today, detail=round_.name))
    return items


def _to_decide(today: date) -> list[site.WorkItem]:
    """Each open round with delivered reports waiting for the secretariat to accept or return them."""
    rounds = Round.objects.filter(status=Round.Status.OPEN).annotate(
        waiting=Count("reports", filter=Q(reports__state=StatusReport.State.SUBMITTED))).filter(waiting__gt=0)
    return [site.WorkItem(REPORTS, _("Statusrapporter til godkjenning"), round_.name, round_.get_absolute_url(),
                          detail=_("%(n)s levert, venter på godkjenning") % {"n": round_.waiting})
            for round_ in rounds]


def profile_panel(request) -> dict | None:
    """The initiative owners the user reports status for."""
    owners = sorted(services.owners_of(request.user))
    return {"owners": owners} if owners else None
