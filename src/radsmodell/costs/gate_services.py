"""Writes to the duty-to-pay gates (case 18/24). Each runs in a transaction and keeps the rules
of gate.py: a gate always has its six requirement rows; the owner's approval needs the legal
assessment «nasjonal» and all six requirements met; an approved gate keeps those facts until
the approval is withdrawn. The web pages and the demo loader call these, nothing else writes."""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext
from simple_history.utils import bulk_create_with_history

from . import gate as rules
from .models import GateRequirement, PaymentGate

NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})
SERVICE_FIELDS = ("service", "solution", "initiative", "production_date", "planned_entry", "note", "source")


def facts(gate: PaymentGate) -> rules.GateFacts:
    """The gate as the pure rules see it (uses prefetched requirements when there are any)."""
    return rules.GateFacts(legal_status=gate.legal_status,
                           met=[r.number for r in gate.requirements.all() if r.met],
                           approved_on=gate.approved_on, production_date=gate.production_date)


def _full_clean(gate: PaymentGate) -> None:
    gate.full_clean(validate_unique=True)


@transaction.atomic
def create_gate(service: str, *, slug: str = "", **fields) -> PaymentGate:
    """Register a service at the gate with its six requirements, none met."""
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
    bulk_create_with_history([GateRequirement(gate=gate, number=n) for n in rules.REQUIREMENT_NUMBERS],
                             GateRequirement)
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


@transaction.atomic
def update_requirement(gate: PaymentGate, number: int, *, met: bool, evidence: str) -> GateRequirement:
    """Record whether one requirement is met and what documents it."""
    try:
        rules.requirement(number)
    except ValueError:
        raise ValidationError(gettext("Det finnes seks krav (1–6).")) from None
    gate = PaymentGate.objects.select_for_update().get(pk=gate.pk)
    evidence = (evidence or "").strip()
    if met and not evidence:
        raise ValidationError({"evidence": gettext("Skriv hva som dokumenterer at kravet er oppfylt.")})
    if not met and gate.approved_on is not None:
        raise ValidationError({"met": gettext(
            "Tilstrekkelig utprøving er godkjent. Trekk tilbake godkjenningen før et krav settes som ikke oppfylt.")})
    row, _ = GateRequirement.objects.get_or_create(gate=gate, number=number)
    row.met, row.evidence = met, evidence
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
    assessment says «nasjonal» and all six requirements are met. The approval holds only for
    the target groups and EPJ systems of the trial, so both must be named."""
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
