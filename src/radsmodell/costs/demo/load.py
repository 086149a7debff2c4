"""Demo data of the cost distribution (see README.md): the illustrative register of paying
organisations for 2024 and 2025, illustrative cost bases, two allocations to look at, and
the duty-to-pay gates and investment cases the seeds describe."""
import math
from pathlib import Path

from django.db import transaction

from radsmodell.core.demo import DemoDataError
from radsmodell.portfolio.models import NationalSolution

from .. import engine, services
from ..builtin import BUILTIN_MODELS
from ..models import Allocation, CostBase, PayingOrganisation
from ..organisations import OrganisationsFileError, read_organisations
from .load_gates import load_gates_and_investments

DEMO_DIR = Path(__file__).resolve().parent
YEARS = (2024, 2025)
ILLUSTRATIVE = "Illustrativt: kildene oppgir ikke kostnadsgrunnlaget."
# The Helsenettet amount is worked back from the price small actors paid in 2024.
HELSENETTET = {
    "source": "seed 000, sak 17/24 (toppnotat): dagens 1633 kr per virksomhet per måned",
    "assumption": "Illustrativt: kildene oppgir ikke kostnadsgrunnlaget. Beløpet er valgt slik at en liten aktør "
                  "betaler 1 633 kr per måned i 2024 med demoregisteret.",
}


def demo_loaded() -> bool:
    return PayingOrganisation.objects.exists()


@transaction.atomic
def load_demo(directory: Path = DEMO_DIR) -> dict[str, int]:
    try:
        organisations = read_organisations(directory / "organisations.csv")
    except OrganisationsFileError as error:
        raise DemoDataError(str(error)) from None
    for year in YEARS:
        services.replace_register(year, organisations)
    # Helsenettet: the cost at which a small actor pays NOK 1 633 a month under the 2024 model
    # (seed 000, case 17/24), kept for 2025 so the comparison shows what the categories change.
    helsenettet = math.ceil(engine.cost_base_for_reference(BUILTIN_MODELS["helsenettet-2024"], 2024, organisations)
                            / 100) * 100
    bases = {("helsenettet", 2024): helsenettet, ("helsenettet", 2025): helsenettet,
             ("sfm", 2025): 10_000_000_00, ("pasientens-provesvar", 2025): 10_000_000_00}
    for (slug, year), amount in bases.items():
        solution = NationalSolution.objects.get(slug=slug)
        CostBase.objects.update_or_create(solution=solution, year=year, defaults={
            "amount_ore": amount, "illustrative": True, "note": ILLUSTRATIVE,
            **(HELSENETTET if slug == "helsenettet" else {"source": "", "assumption": ILLUSTRATIVE})})
    for slug, year in (("helsenettet-2024", 2024), ("helsenettet-2025", 2025)):
        services.allocate(slug, year, services.cost_base(slug, year).amount_ore, label=f"Demo: {slug}, {year}")
    counts = {"paying organisations": PayingOrganisation.objects.count(), "cost bases": CostBase.objects.count(),
              "allocations": Allocation.objects.count()}
    counts.update(load_gates_and_investments())
    return counts
