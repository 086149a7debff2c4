"""Writes to the duty-to-pay gates (case 18/24). Each runs in a transaction and keeps the rules
of gate.py: a new gate starts from the template's six requirements; the secretariat adapts the
service's list (adds, rewords, drops with a reason, restores), and at least one requirement stays
on it; the owner's approval needs the legal assessment «nasjonal» and every requirement on the
list met with evidence; an approved gate keeps those facts (its list too) until the approval is
withdrawn. The web pages and the demo loader call these, nothing else writes."""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_lazy
from simple_history.utils import bulk_create_with_history

from . import gate as rules
from .models import GateRequirement, PaymentGate

NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})
SERVICE_FIELDS = ("service", "solution", "initiative", "production_date", "planned_entry", "note", "source",
                  "assumption")
LOCKED = gettext_lazy("Tilstrekkelig utprøving er godkjent. Trekk tilbake godkjenningen før kravlisten endres.")


def listed(row: GateRequirement) -> rules.ServiceRequirement:
    """A requirement row as the pure rules see it."""
    return rules.ServiceRequirement(row.number, row.title, row.detail, met=row.met, evidence=row.evidence,
                                    template=row.template, dropped_reason=row.dropped_reason)


def facts(gate: PaymentGate) -> rules.GateFacts:
    """The gate as the pure rules see it (uses prefetched requirements when there are any)."""
    return rules.GateFacts(legal_status=gate.legal_status,
                           requirements=tuple(listed(r) for r in gate.requirements.all()),
                           approved_on=gate.approved_on, production_date=gate.production_date)


def _full_clean(gate: PaymentGate) -> None:
    gate.full_clean(validate_unique=True)


@transaction.atomic
def create_gate(service: str, *, slug: str = "", **fields) -> PaymentGate:
    """Register a service at the gate with the template's six requirements as its list, none met."""
    unknown = set(fields) - set(SERVICE_FIELDS)
    if unknown:
        raise TypeError(f"unknown field(s) {', '.join(sorted(unknown))}")
    service = (service or "").strip()
    if not service:
        raise ValidationError({"service": gettext("Skriv navnet på tjenesten.")})
    slug = slug or slugify(service.translate(NORWEGIAN_LETTERS))[:50].strip("-")
    if not slug:
        raise ValidationError({"service": gettext("Navnet må inneholde bokstaver eller tall.")})
    if PaymentGate.objects.filter(slug=slug).exists():
        raise ValidationError({"service": gettext("Tjenesten «%(slug)s» er allerede registrert.") % {"slug": slug}})
    gate = PaymentGate(service=service, slug=slug, **fields)
    _full_clean(gate)
    gate.save()
    # With history rows, so the change log shows what each requirement was before it was changed.
    bulk_create_with_history([GateRequirement(gate=gate, number=r.number, template=r.number, title=r.title,
                                              detail=r.detail) for r in rules.REQUIREMENTS], GateRequirement)
    return gate


@transaction.atomic
def update_service(gate: PaymentGate, **fields) -> PaymentGate:
    """Change what is known about the service: name, solution, initiative, dates, note, source."""
    unknown = set(fields) - set(SERVICE_FIELDS)
    if unknown:
        raise TypeError(f"unknown field(s) {', '.join(sorted(unknown))}")
    gate = PaymentGate.objects.select_for_update().get(pk=gate.pk)
    for name, value in fields.items():
        setattr(gate, name, value)
    if not (gate.service or "").strip():
        raise ValidationError({"service": gettext("Skriv navnet på tjenesten.")})
    _full_clean(gate)
    gate.save()
    return gate


def _locked_gate(gate: PaymentGate) -> PaymentGate:
    """The gate, locked for the write; refused while the approval stands (the list was approved)."""
    gate = PaymentGate.objects.select_for_update().get(pk=gate.pk)
    if gate.approved_on is not None:
        raise ValidationError(str(LOCKED))
    return gate


def _row(gate: PaymentGate, number: int) -> GateRequirement:
    row = GateRequirement.objects.filter(gate=gate, number=number).first()
    if row is None:
        raise ValidationError(gettext("Tjenesten har ikke noe krav %(number)s.") % {"number": number})
    return row


def _wording(title: str, detail: str) -> tuple[str, str]:
    title, detail = (title or "").strip(), (detail or "").strip()
    if not title:
        raise ValidationError({"title": gettext("Skriv kravet.")})
    if len(title) > 300:
        raise ValidationError({"title": gettext("Kravet kan være på høyst 300 tegn; skriv resten i detaljeringen.")})
    return title, detail


@transaction.atomic
def update_requirement(gate: PaymentGate, number: int, *, met: bool, evidence: str,
                       assumption: str | None = None) -> GateRequirement:
    """Record whether one requirement on the service's list is met and what documents it."""
    gate = PaymentGate.objects.select_for_update().get(pk=gate.pk)
    row = _row(gate, number)
    evidence = (evidence or "").strip()
    if met and not evidence:
        raise ValidationError({"evidence": gettext("Skriv hva som dokumenterer at kravet er oppfylt.")})
    if met and row.dropped_reason:
        raise ValidationError({"met": gettext("Kravet er tatt ut av listen. Ta det inn igjen før det settes som "
                                              "oppfylt.")})
    if not met and gate.approved_on is not None:
        raise ValidationError({"met": gettext(
            "Tilstrekkelig utprøving er godkjent. Trekk tilbake godkjenningen før et krav settes som ikke oppfylt.")})
    row.met, row.evidence = met, evidence
    if assumption is not None:
        row.assumption = assumption.strip()
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def add_requirement(gate: PaymentGate, *, title: str, detail: str = "") -> GateRequirement:
    """Add a requirement of the service's own, not in the template, last on its list."""
    gate = _locked_gate(gate)
    title, detail = _wording(title, detail)
    last = GateRequirement.objects.filter(gate=gate).order_by("-number").values_list("number", flat=True).first()
    row = GateRequirement(gate=gate, number=(last or 0) + 1, template=None, title=title, detail=detail)
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def reword_requirement(gate: PaymentGate, number: int, *, title: str, detail: str) -> GateRequirement:
    """Give a requirement the service's own words (the template's words bring it back as proposed)."""
    gate = _locked_gate(gate)
    row = _row(gate, number)
    row.title, row.detail = _wording(title, detail)
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def drop_requirement(gate: PaymentGate, number: int, *, reason: str) -> GateRequirement:
    """Take a requirement off the service's list; it stays on record with the reason. The last
    requirement on the list cannot be dropped: a gate with no requirements could never be met."""
    gate = _locked_gate(gate)
    row = _row(gate, number)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": gettext("Skriv hvorfor kravet tas ut for denne tjenesten.")})
    if row.dropped_reason:
        raise ValidationError(gettext("Krav %(number)s er allerede tatt ut.") % {"number": number})
    if not GateRequirement.objects.filter(gate=gate, dropped_reason="").exclude(pk=row.pk).exists():
        raise ValidationError(gettext("Tjenesten må ha minst ett krav til tilstrekkelig utprøving. Legg til et "
                                      "krav før dette tas ut."))
    row.dropped_reason = reason
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def restore_requirement(gate: PaymentGate, number: int) -> GateRequirement:
    """Put a dropped requirement back on the list, as it was before it was dropped."""
    gate = _locked_gate(gate)
    row = _row(gate, number)
    if not row.dropped_reason:
        raise ValidationError(gettext("Krav %(number)s står allerede på listen.") % {"number": number})
    row.dropped_reason = ""
    row.save()
    return row


@transaction.atomic
def record_legal_assessment(gate: PaymentGate, status: str, *, decided_by: str = "",
                            decided_on: date | None = None) -> PaymentGate:
    """Record the legal assessment; a decision («nasjonal» or not) needs who decided it and when."""
    if status not in rules.LEGAL_VALUES:
        raise ValidationError({"legal_status": gettext("Velg en av vurderingene i listen.")})
    gate = PaymentGate.objects.select_for_update().get(pk=gate.pk)
    decided_by = (decided_by or "").strip()
    if status in rules.LEGAL_DECIDED:
        errors = {}
        if not decided_by:
            errors["legal_decided_by"] = gettext("Skriv hvem som besluttet vurderingen (sak 18/24: departementet).")
        if decided_on is None:
            errors["legal_decided_on"] = gettext("Skriv datoen for beslutningen.")
        elif decided_on > date.today():
            errors["legal_decided_on"] = gettext("Datoen kan ikke ligge fram i tid.")
        if errors:
            raise ValidationError(errors)
    else:
        decided_by, decided_on = "", None
    if status != rules.LEGAL_NATIONAL and gate.approved_on is not None:
        raise ValidationError({"legal_status": gettext(
            "Tilstrekkelig utprøving er godkjent. "
            "Trekk tilbake godkjenningen før den juridiske vurderingen endres.")})
    gate.legal_status, gate.legal_decided_by, gate.legal_decided_on = status, decided_by, decided_on
    _full_clean(gate)
    gate.save()
    return gate


@transaction.atomic
def approve(gate: PaymentGate, *, approved_by: str, approved_on: date | None, target_groups: str,
            epj_systems: str, today: date | None = None) -> PaymentGate:
    """The owner approves sufficient trial. Refused, naming what is missing, unless the legal
    assessment says «nasjonal» and every requirement on the service's list is met with evidence.
    The approval holds only for the target groups and EPJ systems of the trial, so both must be
    named."""
    gate = PaymentGate.objects.select_for_update().get(pk=gate.pk)
    missing = rules.missing_before_approval(facts(gate))
    if missing:
        raise ValidationError([gettext("Kan ikke godkjennes ennå. Mangler:")]
                              + [m.text(gettext) for m in missing], code="gate_not_ready")
    today = today or date.today()
    errors = {}
    if not (approved_by or "").strip():
        errors["approved_by"] = gettext("Skriv hvem som godkjente (eier, etter råd fra styringsgruppen).")
    if approved_on is None:
        errors["approved_on"] = gettext("Skriv datoen for godkjenningen.")
    elif approved_on > today:
        errors["approved_on"] = gettext("Datoen kan ikke ligge fram i tid.")
    if not (target_groups or "").strip():
        errors["target_groups"] = gettext("Skriv målgruppene i utprøvingen: godkjenningen gjelder bare dem.")
    if not (epj_systems or "").strip():
        errors["epj_systems"] = gettext("Skriv EPJ-systemene i utprøvingen: godkjenningen gjelder bare dem.")
    if errors:
        raise ValidationError(errors)
    gate.approved_by, gate.approved_on = approved_by.strip(), approved_on
    gate.target_groups, gate.epj_systems = target_groups.strip(), epj_systems.strip()
    _full_clean(gate)
    gate.save()
    return gate


@transaction.atomic
def withdraw_approval(gate: PaymentGate) -> PaymentGate:
    """Withdraw the approval (e.g. to correct a requirement); the service leaves the cost split plan."""
    gate = PaymentGate.objects.select_for_update().get(pk=gate.pk)
    if gate.approved_on is None:
        raise ValidationError(gettext("Tjenesten er ikke godkjent."))
    gate.approved_by, gate.approved_on, gate.target_groups, gate.epj_systems = "", None, "", ""
    gate.save()
    return gate
