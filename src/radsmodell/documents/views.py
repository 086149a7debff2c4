"""Every registered document on the web: /<route>.<fmt>, as the document declares it."""
from django.http import Http404, HttpResponse

from radsmodell.core.roles import public_page

from . import registry, render


@public_page  # each document's `subject` applies the visibility rules of what it is about
def document(request, document: str, fmt: str, **url_kwargs):
    declared = registry.get(document)
    if fmt not in declared.formats:
        raise Http404("Ukjent format")
    try:
        subject = declared.subject(request, **url_kwargs)
    except registry.BadSubject as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    return render.response(request, document, subject, fmt)
