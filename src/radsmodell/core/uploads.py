"""Form posts larger than any file they may carry are refused before they are read.

Django reads a multipart body into memory or a temporary file before the view sees it; the
view's form then refuses a file over its own limit with a message on the form (an import:
settings.UPLOAD_MAX_BYTES, core/tabular.py; an attachment: MAX_ATTACHMENT_BYTES). A post larger
than the largest of those, with room for the other fields, is refused here instead, as Django
refuses a body with too much form data (RequestDataTooBig): the 413 page (`too_large_page`,
from core/views.bad_request) says what the limits are.
"""
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpResponse
from django.template import loader

from .tabular import MB, megabytes

ROOM_FOR_FIELDS = MB


def post_limit() -> int:
    return max(settings.UPLOAD_MAX_BYTES, settings.MAX_ATTACHMENT_BYTES) + ROOM_FOR_FIELDS


class BoundedUploadHandler(FileUploadHandler):
    """First of the upload handlers: a post whose stated length is over the limit is refused
    unread; one without a length (chunked) when what has arrived passes it."""

    received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length and content_length > post_limit():
            raise RequestDataTooBig("The multipart body is larger than any upload may be.")
        return None

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > post_limit():
            raise RequestDataTooBig("The files sent are larger than any upload may be.")
        return raw_data

    def file_complete(self, file_size):
        return None


def too_large_page() -> HttpResponse:
    """413 in the site's look, naming the limits; without the request's context, like the 400 page."""
    page = loader.get_template("413.html").render({
        "upload_limit": megabytes(settings.UPLOAD_MAX_BYTES),
        "attachment_limit": megabytes(settings.MAX_ATTACHMENT_BYTES)})
    return HttpResponse(page, status=413)
