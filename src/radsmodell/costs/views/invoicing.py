"""An allocation's invoice basis as EHF (PEPPOL BIS Billing 3.0): one XML per paying organisation,
or all of them in a ZIP. Public like the allocation; the PDF and HTML are registered documents."""
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header

from radsmodell.core.roles import public_page

from ..invoicing import ehf_id, ehf_invoice, ehf_zip, invoiced_line
from ..models import Allocation


@public_page
def ehf_all(request, pk):
    allocation = get_object_or_404(Allocation, pk=pk)
    response = HttpResponse(ehf_zip(allocation), content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(
        True, f"fakturagrunnlag-{allocation.pk}-{allocation.model_slug}-{allocation.year}-ehf.zip")
    return response


@public_page
def ehf_organisation(request, pk, orgnr):
    allocation = get_object_or_404(Allocation, pk=pk)
    line = invoiced_line(allocation, orgnr)
    if line is None:
        raise Http404("Virksomheten faktureres ikke i denne fordelingen")
    response = HttpResponse(ehf_invoice(allocation, line), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{ehf_id(allocation, orgnr)}.xml")
    return response
