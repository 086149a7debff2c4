"""Notice, minutes and cover memo as a printable page, a PDF or a DOCX download."""
from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from radsmodell.council import selectors

from . import render


def _check_format(fmt: str) -> None:
    if fmt not in render.FORMATS:
        raise Http404("Ukjent format")


def _respond(request, document: str, subject, fmt: str, back_url: str, back_label: str) -> HttpResponse:
    context = render.build_context(document, subject, request.user)
    content = render.render(
        context, fmt, back_url=back_url, back_label=back_label, base_url=request.build_absolute_uri("/")
    )
    response = HttpResponse(content, content_type=render.FORMATS[fmt])
    if fmt != "html":
        response["Content-Disposition"] = content_disposition_header(True, render.filename(context, fmt))
    return response


@require_safe
def notice(request, body: str, date: str, fmt: str):
    _check_format(fmt)
    meeting = selectors.get_meeting(request.user, body, date)
    return _respond(request, "notice", meeting, fmt, meeting.get_absolute_url(), "Til møtesiden")


@require_safe
def minutes(request, body: str, date: str, fmt: str):
    _check_format(fmt)
    meeting = selectors.get_meeting(request.user, body, date)
    if not selectors.minutes_visible(request.user, meeting):
        raise Http404("Referatet er ikke godkjent")
    return _respond(request, "minutes", meeting, fmt, meeting.get_absolute_url(), "Til møtesiden")


@require_safe
def memo(request, body: str, year: int, number: int, fmt: str):
    _check_format(fmt)
    case = selectors.get_case(request.user, body, year, number)
    if case.meeting:
        return _respond(request, "memo", case, fmt, case.meeting.get_absolute_url(), "Til møtesiden")
    return _respond(request, "memo", case, fmt, case.get_absolute_url(), "Til saken")
