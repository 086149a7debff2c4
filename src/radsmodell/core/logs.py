"""Request logs, error ids, and the one answer to a write that could not get the database.

Every request gets an id (a proxy's X-Request-ID if it sends a plain one), returned in the
X-Request-ID header and written on the 500 page, so a user can quote it and the operator find the
traceback. Each request ends in one JSON line (logger radsmodell.requests) with the time, the id,
the user's numeric id, the API key's prefix when one was used, method, path, status and duration:
no names, no e-mail, and no query string, which can hold what someone searched for. Uncaught
exceptions go to radsmodell.errors with their traceback and the same id. settings.LOGGING sends
all of it to stderr as JSON lines.

A write that still finds the database locked after the busy timeout (SQLite), or loses a
serialisation conflict (PostgreSQL), is answered "changed concurrently, try again": 409 on a page
here, 409 JSON in the API (radsmodell/api.py), never a 500.
"""
import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from django.core.signals import got_request_exception
from django.db import DatabaseError, OperationalError
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy

request_log = logging.getLogger("radsmodell.requests")
error_log = logging.getLogger("radsmodell.errors")

# An id from the proxy is kept only if it is a plain token: it ends up in logs and on a page.
INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

CONCURRENT_WRITE = gettext_lazy("Registeret ble endret samtidig av noen andre. Prøv igjen.")
# What SQLite and PostgreSQL say when a write lost to another one (rolled back, safe to repeat).
_CONFLICTS = ("database is locked", "database table is locked", "could not serialize", "deadlock detected")


class StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a line is written, not the one at start-up, which a test
    runner or a daemonising server may have replaced and closed since; `setStream` still redirects it."""

    def __init__(self):
        self._chosen = None
        super().__init__()

    @property
    def stream(self):
        return self._chosen or sys.stderr

    @stream.setter
    def stream(self, value):
        self._chosen = None if value is sys.stderr else value


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message if any, the record's `fields`,
    and the traceback if there is one. Records from Django that carry the request get its id."""

    def format(self, record: logging.LogRecord) -> str:
        line = {"time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
                "level": record.levelname, "logger": record.name}
        message = record.getMessage()
        if message:
            line["message"] = message
        request = getattr(record, "request", None)
        if getattr(request, "request_id", None):
            line["request_id"] = request.request_id
        line.update(getattr(record, "fields", {}))
        if record.exc_info:
            line["traceback"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def _user_id(request) -> int | None:
    """The numeric id only. Reading the user may need the database, which may be what failed."""
    try:
        user = getattr(request, "user", None)
        return user.pk if user is not None and user.is_authenticated else None
    except DatabaseError:
        return None


def request_fields(request) -> dict:
    fields = {"request_id": getattr(request, "request_id", None), "user_id": _user_id(request),
              "method": request.method, "path": request.path}
    token = getattr(request, "api_token", None)
    if token is not None:
        fields["api_token"] = token.prefix  # which key (core/tokens.py): its first characters, never the key
    return fields


def is_concurrent_write(error: Exception) -> bool:
    return isinstance(error, OperationalError) and any(text in str(error) for text in _CONFLICTS)


def log_concurrent_write(request, error: Exception) -> None:
    error_log.warning("Samtidig skriving avvist (409): %s", error, extra={"fields": request_fields(request)})


class RequestLogMiddleware:
    """The request id, the request's log line, and the 409 page for a write that lost to another."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if INCOMING_ID.match(incoming) else uuid.uuid4().hex
        started = time.perf_counter()
        response = self.get_response(request)  # an exception below has become a 500 response by now
        response["X-Request-ID"] = request.request_id
        request_log.info("", extra={"fields": {
            **request_fields(request), "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1)}})
        return response

    def process_exception(self, request, exception):
        if not is_concurrent_write(exception):
            return None  # a server error: logged by _log_server_error, answered by the 500 page
        log_concurrent_write(request, exception)
        back = request.headers.get("Referer", "")
        safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure())
        return render(request, "409.html", {"message": CONCURRENT_WRITE, "back": back if safe else ""}, status=409)


def _log_server_error(sender, request=None, **kwargs):
    """Django's signal for an uncaught exception, wherever it was raised (a view, a middleware, the
    API): sent while the exception is being handled, so exc_info is the one that broke the request."""
    fields = request_fields(request) if request is not None else {}
    error_log.error("Serverfeil (500)", exc_info=True, extra={"fields": fields})


got_request_exception.connect(_log_server_error, dispatch_uid="radsmodell.core.logs")
