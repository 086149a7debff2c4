"""The duty-to-pay gate (case 18/24): every service on its way into the cost split, and one page
per service with the legal assessment, the six requirements and the owner's approval. Public
to read; the secretariat records."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from radsmodell.core.forms import submit
from radsmodell.core.roles import is_secretariat, secretariat_writes

from .. import gate as rules
from .. import gate_services as services
from ..forms import ApprovalForm, LegalForm, RequirementForm, ServiceForm
from ..models import GateRequirement, PaymentGate

EVENT_LABELS = {
    "planned": _("Planlagt inn i kostnadsfordelingen"),
    "production": _("I produksjon"),
    "deadline": _("Ett år etter produksjon"),
    "approved": _("Tilstrekkelig utprøving godkjent"),
    "entry": _("Inn i kostnadsfordelingen"),
    "earliest": _("Tidligst mulig inn (hvis godkjent i dag)"),
}


def _gates():
    return PaymentGate.objects.select_related("solution", "initiative").prefetch_related(
        Prefetch("requirements", queryset=GateRequirement.objects.order_by("number")))


def _row(gate: PaymentGate, today) -> dict:
    """What the list and the page show about one gate."""
    facts = services.facts(gate)
    timing = rules.timing(facts, today)
    gaps = rules.gaps(facts)
    postponed = bool(gate.planned_entry and timing.expected and timing.expected > gate.planned_entry)
    return {"gate": gate, "facts": facts, "met": facts.met_count, "of": len(rules.REQUIREMENTS),
            "ready": not gaps, "missing": [m.text(gettext) for m in gaps], "timing": timing, "postponed": postponed}


def _timeline(rows: list[dict]) -> dict:
    """The dates of every gate for the chart; the table on the page holds the same dates."""
    events = []
    for row in rows:
        gate, timing = row["gate"], row["timing"]
        for kind, day in (("planned", gate.planned_entry), ("production", gate.production_date),
                          ("deadline", timing.deadline), ("approved", gate.approved_on), ("entry", timing.entry),
                          ("earliest", timing.earliest)):
            if day is not None:
                events.append({"service": gate.service, "kind": kind, "date": day.isoformat()})
    return {"services": [row["gate"].service for row in rows],
            "kinds": [{"key": key, "label": str(label)} for key, label in EVENT_LABELS.items()],
            "events": events}


@secretariat_writes
def gate_list(request):
    form = None
    if request.method == "POST":
        form = ServiceForm(request.POST, prefix="ny")
        if form.is_valid():
            try:
                created = services.create_gate(**form.cleaned_data)
            except ValidationError as error:
                form.apply_error(error)
            else:
                messages.success(request, gettext("Tjenesten er registrert med de seks kravene."))
                return redirect("costs:gate", created.slug)
    today = timezone.localdate()
    rows = [_row(gate, today) for gate in _gates()]
    timeline = _timeline(rows)
    return render(request, "costs/gates.html", {
        "rows": rows, "timeline": timeline, "has_dates": bool(timeline["events"]), "today": today,
        "form": form or (ServiceForm(prefix="ny") if is_secretariat(request.user) else None), "nav": "costs",
    }, status=400 if form is not None and form.errors else 200)


def _requirement_forms(gate: PaymentGate, bound: dict | None = None) -> list[dict]:
    rows = []
    by_number = {r.number: r for r in gate.requirements.all()}
    for requirement in rules.REQUIREMENTS:
        row = by_number.get(requirement.number)
        form = (bound or {}).get(requirement.number) or RequirementForm(
            prefix=f"krav-{requirement.number}",
            initial={"met": row.met if row else False, "evidence": row.evidence if row else ""})
        rows.append({"requirement": requirement, "row": row, "form": form})
    return rows


def _page(request, gate: PaymentGate, status: int = 200, **forms):
    secretariat = is_secretariat(request.user)
    context = {"row": _row(gate, timezone.localdate()), "gate": gate, "nav": "costs",
               "requirements": _requirement_forms(gate, forms.pop("requirement", None) if secretariat else None)}
    if secretariat:
        context.update({
            "legal_form": LegalForm(prefix="juridisk", initial={
                "legal_status": gate.legal_status, "legal_decided_by": gate.legal_decided_by,
                "legal_decided_on": gate.legal_decided_on}),
            "approval_form": ApprovalForm(prefix="godkjenning"),
            "service_form": ServiceForm.for_gate(gate, prefix="tjeneste"),
        })
        context.update(forms)
    return render(request, "costs/gate.html", context, status=status)


def _gate(slug: str) -> PaymentGate:
    gate = _gates().filter(slug=slug).first()
    if gate is None:
        raise Http404(gettext("Fant ikke tjenesten"))
    return gate


@secretariat_writes
def gate_detail(request, slug):
    gate = _gate(slug)
    if request.method != "POST":
        return _page(request, gate)
    action = request.POST.get("action")
    target = request.path

    if action == "requirement":
        try:
            number = int(request.POST.get("number", ""))
            rules.requirement(number)
        except ValueError:
            raise Http404(gettext("Det finnes seks krav")) from None
        form = RequirementForm(request.POST, prefix=f"krav-{number}")
        return submit(request, form, lambda data: services.update_requirement(gate, number, **data),
                      gettext("Krav %(number)s er oppdatert.") % {"number": number}, target,
                      lambda: _page(request, _gate(slug), 400, requirement={number: form}))
    if action == "legal":
        form = LegalForm(request.POST, prefix="juridisk")
        return submit(request, form, lambda data: services.record_legal_assessment(
            gate, data["legal_status"], decided_by=data["legal_decided_by"], decided_on=data["legal_decided_on"]),
            gettext("Den juridiske vurderingen er registrert."), target,
            lambda: _page(request, _gate(slug), 400, legal_form=form))
    if action == "approve":
        form = ApprovalForm(request.POST, prefix="godkjenning")
        return submit(request, form, lambda data: services.approve(gate, **data),
                      gettext("Tilstrekkelig utprøving er godkjent."), target,
                      lambda: _page(request, _gate(slug), 400, approval_form=form))
    if action == "withdraw":
        try:
            services.withdraw_approval(gate)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, gettext("Godkjenningen er trukket tilbake."))
        return redirect(target)
    if action == "service":
        form = ServiceForm(request.POST, prefix="tjeneste")
        return submit(request, form, lambda data: services.update_service(gate, **data),
                      gettext("Opplysningene om tjenesten er lagret."), target,
                      lambda: _page(request, _gate(slug), 400, service_form=form))
    return HttpResponseBadRequest(gettext("Ukjent handling"))
