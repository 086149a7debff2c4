"""Writes of the portfolio's status rounds. Owners report for their own initiatives only; the
secretariat accepts or returns reports and closes the round, which freezes it."""
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from radsmodell.core.frozen import Frozen
from radsmodell.core.roles import is_secretariat

from .models import Initiative, OwnerAccount, ReportedRisk, Round, StatusReport

RAG_FIELDS = ("overall", "schedule", "cost", "scope", "risk")
RESERVED_SLUGS = {"ny", "sammenlign"}  # addresses of pages beside the rounds and initiatives
EDITABLE_BY_OWNER = (StatusReport.State.DRAFT, StatusReport.State.RETURNED)
RISK_SCALES = {"probability": gettext_lazy("sannsynlighet"), "impact": gettext_lazy("konsekvens")}


def owners_of(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(OwnerAccount.objects.filter(user=user).values_list("owner", flat=True))


def can_report(user, initiative: Initiative) -> bool:
    return is_secretariat(user) or (bool(initiative.owner) and initiative.owner in owners_of(user))


def initiatives_to_report(user) -> list[Initiative]:
    """The initiatives this user reports for: all for the secretariat, the own owner's otherwise."""
    if is_secretariat(user):
        return list(Initiative.objects.exclude(owner=""))
    return list(Initiative.objects.filter(owner__in=owners_of(user)))


@transaction.atomic
def open_round(name: str, cut_off: date | None) -> Round:
    if not name.strip():
        raise ValidationError({"name": _("Runden må ha et navn.")})
    if Round.objects.filter(name=name.strip()).exists():
        raise ValidationError({"name": _("Det finnes allerede en runde «%(name)s».") % {"name": name.strip()}})
    base = slugify(name)[:45] or "runde"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Round.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return Round.objects.create(slug=slug, name=name.strip(), cut_off=cut_off, status=Round.Status.OPEN)


def ensure_round_open(round_: Round) -> None:
    """A closed round is a frozen snapshot: no report in it is saved, delivered, accepted or returned again."""
    if round_.status != Round.Status.OPEN:
        raise Frozen(_("Runden «%(round)s» er avsluttet, så rapportene i den ligger fast slik de var da runden "
                       "ble avsluttet.") % {"round": round_.name})


def _check_risks(risks: list[dict]) -> list[dict]:
    checked = []
    for number, risk in enumerate(risks, start=1):
        if not (risk.get("description") or "").strip():
            continue
        for field, scale in RISK_SCALES.items():
            value = risk.get(field)
            if not isinstance(value, int) or not 1 <= value <= 5:
                raise ValidationError({f"risk-{number}-{field}": _(
                    "Risiko %(number)s: %(scale)s må være et tall fra 1 til 5.") % {"number": number, "scale": scale}})
        checked.append({"description": risk["description"].strip(), "probability": risk["probability"],
                        "impact": risk["impact"], "mitigation": (risk.get("mitigation") or "").strip()})
    return checked


@transaction.atomic
def save_report(round_: Round, initiative: Initiative, user, data: dict, risks: list[dict],
                submit: bool = False) -> StatusReport:
    """Write the owner's report; `submit` hands it to the secretariat (overall status and text required)."""
    ensure_round_open(round_)
    if not can_report(user, initiative):
        raise PermissionDenied(_("Du rapporterer bare for egne tiltak."))
    report = StatusReport.objects.filter(round=round_, initiative=initiative).first() or StatusReport(
        round=round_, initiative=initiative)
    if report.pk and report.state not in EDITABLE_BY_OWNER and not is_secretariat(user):
        raise ValidationError({"state": _("Rapporten er %(state)s og kan ikke endres.") % {
            "state": report.get_state_display().lower()}})
    for field in RAG_FIELDS:
        value = data.get(field, "")
        if value and value not in StatusReport.Rag.values:
            raise ValidationError({field: _("«%(value)s» er ikke rød, gul eller grønn.") % {"value": value}})
        setattr(report, field, value)
    report.text = (data.get("text") or "").strip()
    report.milestones = (data.get("milestones") or "").strip()
    checked = _check_risks(risks)
    if submit:
        missing = {f: _("Må fylles ut før rapporten leveres.") for f in ("overall", "text") if not getattr(report, f)}
        if missing:
            raise ValidationError(missing)
        report.state = StatusReport.State.SUBMITTED
    elif report.state in (StatusReport.State.SUBMITTED, StatusReport.State.ACCEPTED):
        pass  # the secretariat's correction keeps the report where it is; returning is its own step
    elif report.state != StatusReport.State.RETURNED:
        report.state = StatusReport.State.DRAFT
    report.reported_by = user
    report.full_clean(exclude=["round", "initiative"], validate_unique=False)
    report.save()
    report.risks.all().delete()
    bulk_create_with_history([ReportedRisk(report=report, **risk) for risk in checked], ReportedRisk)
    return report


@transaction.atomic
def accept_report(report: StatusReport) -> StatusReport:
    ensure_round_open(report.round)
    if report.state != StatusReport.State.SUBMITTED:
        raise ValidationError({"state": _("Bare leverte rapporter kan godkjennes.")})
    report.state, report.returned_reason = StatusReport.State.ACCEPTED, ""
    report.save()
    return report


@transaction.atomic
def return_report(report: StatusReport, reason: str) -> StatusReport:
    ensure_round_open(report.round)
    if report.state not in (StatusReport.State.SUBMITTED, StatusReport.State.ACCEPTED):
        raise ValidationError({"state": _("Bare leverte eller godkjente rapporter kan sendes tilbake.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv hva tiltakseieren skal rette.")})
    report.state, report.returned_reason = StatusReport.State.RETURNED, reason.strip()
    report.save()
    return report


@transaction.atomic
def close_round(round_: Round) -> Round:
    """Freeze the round: what is accepted is its snapshot; nothing can change afterwards."""
    ensure_round_open(round_)
    for report in round_.reports.select_related("initiative").prefetch_related(
            "initiative__national_solutions", "initiative__depends_on"):
        report.snapshot_lifecycle = report.initiative.lifecycle
        report.snapshot_segment = report.initiative.segment
        report.snapshot_owner_type = report.initiative.owner_type
        # What the round's report and pages count its dependencies from (portfolio/documents.py).
        report.snapshot_solutions = sorted(s.slug for s in report.initiative.national_solutions.all())
        report.snapshot_depends_on = sorted(i.slug for i in report.initiative.depends_on.all())
        report.snapshot_vendors = sorted(v.slug for v in report.initiative.epj_vendors.all())
        report.save()
    round_.status = Round.Status.CLOSED
    round_.save()
    return round_


def report_overview(round_: Round) -> list[dict]:
    """Every initiative with an owner, and where its report in the round stands (None = not started).
    A closed round lists the reports it closed with, not initiatives registered since."""
    if round_.status == Round.Status.CLOSED:
        closed = round_.reports.select_related("initiative").order_by("initiative__owner", "initiative__name")
        return [{"initiative": r.initiative, "report": r} for r in closed]
    reports = {r.initiative_id: r for r in round_.reports.all()}
    return [{"initiative": i, "report": reports.get(i.pk)}
            for i in Initiative.objects.exclude(owner="").order_by("owner", "name")]


@transaction.atomic
def add_owner_account(user, owner: str) -> OwnerAccount:
    """Let `user` report status for the initiatives of `owner` (as the owner stands on them)."""
    if not Initiative.objects.filter(owner=owner).exists():
        raise ValidationError({"owner": _("Ingen tiltak har eieren «%(owner)s».") % {"owner": owner}})
    if OwnerAccount.objects.filter(user=user, owner=owner).exists():
        raise ValidationError({"user": _("%(user)s rapporterer allerede for %(owner)s.") % {
            "user": user.get_username(), "owner": owner}})
    return OwnerAccount.objects.create(user=user, owner=owner)


@transaction.atomic
def remove_owner_account(account_id) -> None:
    """The user no longer reports for the owner. `account_id` as the form sent it: a removal from a
    stale page (removed in another tab) or a tampered form is refused with a message, not a crash."""
    try:
        account = OwnerAccount.objects.select_for_update().filter(pk=int(account_id)).first()
    except (TypeError, ValueError):
        account = None
    if account is None:
        raise ValidationError({"remove": _("Fant ikke rapportøren som skulle fjernes.")})
    account.delete()  # one object's delete(): its history row says who removed whom
