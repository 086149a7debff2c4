"""The "Kostnader" section of a national solution's page (the page is the portfolio's; costs adds
this section through core/site.py's object panels): the solution's cost bases per year, the
built-in price models that price it, its duty-to-pay gates and the investment cases whose running
costs it carries, each linking to its page under /kostnader/."""
from django.utils import timezone

from . import gate as rules
from . import gate_services
from .builtin import BUILTIN_MODELS
from .engine import PriceModel
from .models import InvestmentCase, PaymentGate
from .services import MODEL_SOLUTIONS


def price_models_of(solution) -> list[PriceModel]:
    """The built-in models that price this solution: by the mapping the allocations use, or, for a
    model file the mapping does not name yet, by the solution's name as the file writes it."""
    names = {solution.name, solution.short_name} - {""}
    return [model for slug, model in BUILTIN_MODELS.items()
            if MODEL_SOLUTIONS.get(slug) == solution.slug or (slug not in MODEL_SOLUTIONS and model.solution in names)]


def context(request, solution) -> dict | None:
    """What the section shows, or None when costs knows nothing about this solution."""
    today = timezone.localdate()
    gates = []
    for gate in PaymentGate.objects.filter(solution=solution).prefetch_related("requirements"):
        facts = gate_services.facts(gate)  # the same rules as the gate's own page
        gates.append({"gate": gate, "facts": facts, "timing": rules.timing(facts, today)})
    found = {
        "cost_bases": list(solution.cost_bases.order_by("-year")),
        "price_models": price_models_of(solution),
        "gates": gates,
        "investments": list(InvestmentCase.objects.filter(solution=solution)),
    }
    return found if any(found.values()) else None
