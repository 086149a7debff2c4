"""Cost distribution's document: the summary of an allocation (segments, categories, notes)."""
from django.shortcuts import get_object_or_404

from radsmodell.documents.registry import Console, Document, SubjectNotFound, register

from .models import Allocation
from .report import allocation_summary_context


def _allocation_of_request(request, pk: int) -> Allocation:
    return get_object_or_404(Allocation, pk=pk)  # allocations are public, as the split is a public decision


def find_allocation(key: str) -> Allocation:
    found = Allocation.objects.filter(pk=int(key)).first() if key.isdigit() else None
    if found is None:
        raise SubjectNotFound(f"ingen fordeling med nummer «{key}».")
    return found


register(Document(
    "allocation_summary", "costs/documents/allocation_summary.html", allocation_summary_context,
    "kostnader/fordelinger/<int:pk>/sammendrag", _allocation_of_request, download=False,
    back=lambda allocation: (allocation.get_absolute_url(), "Til fordelingen"),
    console=Console("--allocation", "fordelingens nummer, for eksempel 3", find_allocation),
))
