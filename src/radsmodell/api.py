"""The JSON API (OpenAPI at /api/openapi.json, Swagger UI at /api/docs). Each app contributes a router.

The contract, kept here in one place: a personal key (`Authorization: Bearer …`) or the session on
every operation (core/roles.py); lists a page at a time, enums in English, times with their offset
(core/api.py); every error in one shape, `{"detail": "…", "errors": [{"field": "…", "message": "…"}]}`,
in the request's language, and documented on every operation it can answer; the operation ids are
the view functions' names.
"""
import re

from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.db import OperationalError
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext, ngettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestInvalid
from ninja.openapi.docs import DocsBase

from radsmodell.core import logs
from radsmodell.core.api import ErrorOut
from radsmodell.core.api import router as core_router
from radsmodell.core.frozen import Frozen
from radsmodell.core.roles import Role, api_auth
from radsmodell.core.search_api import router as search_router
from radsmodell.costs.api import router as costs_router
from radsmodell.council.api import router as council_router
from radsmodell.opendata.api import router as opendata_router
from radsmodell.portfolio.api import router as portfolio_router
from radsmodell.priority.api import router as priority_router
from radsmodell.strategy.api import router as strategy_router

DESCRIPTION = """Rådsmodellens register: organer, møter, saker, vedtak og aksjonspunkter; porteføljen, prioriteringen,
strategiens mål, veikart og indikatorer, og kostnadsfordelingen.

- **Tilgang**: alle leser det offentlige. En personlig API-nøkkel (`Authorization: Bearer …`, opprettes av
  sekretariatet) eller en innlogget økt gir brukerens roller; en lesenøkkel avvises ved endringer.
- **Lister** kommer side for side: `?limit=` (standard 100, høyst 1000) og `?offset=`, svar
  `{"count": N, "items": […]}`.
- **Feil** har én form: `{"detail": "…", "errors": [{"field": "…", "message": "…"}]}`, på språket i
  `Accept-Language` (`nb` eller `en`).
- **Verdier** i oppramsinger er engelske; klokkeslett er tidspunkter med tidssone (`2024-05-15T10:00:00+02:00`)."""


class SwaggerDocs(DocsBase):
    """Swagger UI from our own static files (swagger-ui-dist from npm, `make static`): no CDN, and
    no inline script, so it runs under the site's Content-Security-Policy."""

    def render_page(self, request, api, **kwargs):
        return render(request, "core/api_docs.html", {"api": api, "openapi_url": self.get_openapi_url(api, kwargs)})


class Api(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        """Stable and short: the view function's name (unique across the routers; a test holds them to it)."""
        return operation.view_func.__name__

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document_errors(schema)
        return schema


api = Api(title="Rådsmodell API", version="1", urls_namespace="api", description=DESCRIPTION, docs=SwaggerDocs(),
          auth=api_auth(Role.PUBLIC))
api.add_router("/", council_router)
api.add_router("/", priority_router)
api.add_router("/", portfolio_router)
api.add_router("/", strategy_router)
api.add_router("/", costs_router)
api.add_router("/", opendata_router)
api.add_router("/", core_router)
api.add_router("/", search_router)


# --- the one error shape -----------------------------------------------------------------------

def error(request, status: int, detail, errors=(), headers=None):
    response = api.create_response(request, {"detail": str(detail), "errors": list(errors)}, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _field(loc) -> str:
    """ninja's location of an error as a field path: ("body", "payload", "presenters", 0, "name") →
    "presenters.0.name", ("query", "limit") → "limit"; the whole body → ""."""
    parts = list(loc)
    if parts and parts[0] == "body":
        parts = parts[2:]  # the source and the view's parameter name
    elif parts and parts[0] in ("query", "path", "header", "cookie", "form"):
        parts = parts[1:]
    return ".".join(str(p) for p in parts)


def _choices(expected: str) -> str:
    """pydantic's "'a', 'b' or 'c'" as "a, b, c" (the "or" is English)."""
    return ", ".join(re.findall(r"'([^']*)'", expected)) or expected


def _message(problem: dict) -> str:
    """A pydantic error in the request's language, by its type."""
    kind, ctx = problem.get("type", ""), problem.get("ctx") or {}
    if kind in ("value_error", "assertion_error") and ctx.get("error"):
        return str(ctx["error"])  # a rule of ours, worded (and translated) where it is checked
    if ctx.get("message"):
        return str(ctx["message"])  # the same, raised as a custom error (core/validation.py)
    if kind in ("enum", "literal_error"):
        return gettext("Må være en av: %(choices)s.") % {"choices": _choices(str(ctx.get("expected", "")))}
    worded = {
        "missing": gettext("Må fylles ut."),
        "string_type": gettext("Må være tekst."),
        "string_too_long": gettext("Kan ha høyst %(max_length)s tegn."),
        "string_too_short": gettext("Må ha minst %(min_length)s tegn."),
        "too_long": gettext("Kan ha høyst %(max_length)s elementer."),
        "too_short": gettext("Må ha minst %(min_length)s elementer."),
        "greater_than_equal": gettext("Må være minst %(ge)s."),
        "greater_than": gettext("Må være større enn %(gt)s."),
        "less_than_equal": gettext("Kan være høyst %(le)s."),
        "less_than": gettext("Må være mindre enn %(lt)s."),
        "bool_parsing": gettext("Må være true eller false."),
        "bool_type": gettext("Må være true eller false."),
        "date_parsing": gettext("Må være en dato som 2024-05-15."),
        "date_type": gettext("Må være en dato som 2024-05-15."),
        "date_from_datetime_parsing": gettext("Må være en dato som 2024-05-15."),
        "date_from_datetime_inexact": gettext("Må være en dato som 2024-05-15."),
        "time_parsing": gettext("Må være et klokkeslett som 10:00."),
        "time_type": gettext("Må være et klokkeslett som 10:00."),
        "datetime_parsing": gettext("Må være et tidspunkt som 2024-05-15T10:00:00+02:00."),
        "datetime_type": gettext("Må være et tidspunkt som 2024-05-15T10:00:00+02:00."),
        "datetime_from_date_parsing": gettext("Må være et tidspunkt som 2024-05-15T10:00:00+02:00."),
        "json_invalid": gettext("Er ikke gyldig JSON."),
        "list_type": gettext("Må være en liste."),
    }
    numbers = dict.fromkeys(("int_parsing", "int_type", "int_from_float", "int_parsing_size"),
                            gettext("Må være et heltall."))
    numbers |= dict.fromkeys(("float_parsing", "float_type", "decimal_parsing", "decimal_type", "finite_number",
                              "decimal_max_digits", "decimal_max_places", "decimal_whole_digits"),
                             gettext("Må være et tall."))
    objects = dict.fromkeys(("dict_type", "model_type", "model_attributes_type"), gettext("Må være et JSON-objekt."))
    text = (worded | numbers | objects).get(kind)
    if text is None:
        return gettext("Ugyldig verdi.")
    try:
        return text % dict(ctx)
    except (KeyError, TypeError, ValueError):
        return gettext("Ugyldig verdi.")


def _summary(errors: list[dict]) -> str:
    first = errors[0] if errors else {"field": "", "message": gettext("Ugyldig verdi.")}
    said = f"{first['field']}: {first['message']}" if first["field"] else first["message"]
    more = len(errors) - 1
    if more <= 0:
        return said
    return ngettext("%(first)s (og én feil til)", "%(first)s (og %(count)d feil til)", more) % {
        "first": said, "count": more}


@api.exception_handler(RequestInvalid)
def request_invalid(request, exc: RequestInvalid):
    """A parameter or body field that does not fit the schema: 422, one entry per field."""
    errors = [{"field": _field(problem.get("loc", ())), "message": _message(problem)} for problem in exc.errors]
    return error(request, 422, _summary(errors), errors)


@api.exception_handler(ValidationError)
def rule_broken(request, exc: ValidationError):
    """A broken rule from a service: 422 naming the field it concerns ("" for the request as a whole)."""
    if hasattr(exc, "error_dict"):
        errors = [{"field": "" if field == "__all__" else field, "message": message}
                  for field, messages in exc.message_dict.items() for message in messages]
    else:
        errors = [{"field": "", "message": message} for message in exc.messages]
    return error(request, 422, _summary(errors), errors)


@api.exception_handler(Frozen)
def frozen(request, exc: Frozen):
    """A change to a closed record (core/frozen.py): 409 with the reason."""
    return error(request, 409, " ".join(exc.messages))


@api.exception_handler(AuthenticationError)
def not_authenticated(request, exc: AuthenticationError):
    message = exc.message if exc.message != "Unauthorized" else gettext("Du må være logget inn for å endre dette.")
    return error(request, 401, message, headers={"WWW-Authenticate": 'Bearer realm="api"'})


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    if exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
        # ninja's "Cannot parse request body": a body that is not JSON is invalid input like any other.
        message = gettext("Innholdet er ikke gyldig JSON.")
        return error(request, 422, message, [{"field": "", "message": message}])
    return error(request, exc.status_code, exc.message)


@api.exception_handler(Http404)
def not_found(request, exc: Http404):
    message = str(exc)
    if not message or (message.startswith("No ") and message.endswith("matches the given query.")):
        message = gettext("Fant ikke det du ba om.")  # Django's own English words say nothing more
    return error(request, 404, message)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc: PermissionDenied):
    return error(request, 403, str(exc) or gettext("Ingen tilgang."))


@api.exception_handler(RequestDataTooBig)
def too_big(request, exc: RequestDataTooBig):
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE: 413 in JSON, not the site's HTML 400 page."""
    return error(request, 413, gettext("Forespørselen er for stor."))


@api.exception_handler(OperationalError)
def concurrent_write(request, exc: OperationalError):
    """A write that lost to another one (core/logs.py): 409 "try again", rolled back, never a 500.
    Any other database failure stays a server error, logged with its traceback."""
    if not logs.is_concurrent_write(exc):
        raise exc
    logs.log_concurrent_write(request, exc)
    return error(request, 409, logs.CONCURRENT_WRITE)


# --- every error documented ---------------------------------------------------------------------

ERROR_RESPONSES = {
    401: "Ukjent eller tilbaketrukket API-nøkkel, eller ikke innlogget der operasjonen krever det",
    403: "Innlogget eller med nøkkel, men uten rollen; eller en lesenøkkel på en endring",
    404: "Fant ikke det parameterne viser til",
    409: "Posten er lukket (godkjent referat, avsluttet runde), eller endret samtidig av andre",
    413: "Forespørselen er for stor",
    422: "Ugyldige parametere eller felter, eller en regel som er brutt; `errors` sier hvor",
}
PAGING = {"limit", "offset"}
SECURITY_SCHEMES = {
    "bearer": {"type": "http", "scheme": "bearer",
               "description": "Personlig API-nøkkel, opprettet av sekretariatet under Brukere → API-nøkler"},
    "session": {"type": "apiKey", "in": "cookie", "name": "sessionid",
                "description": "Innlogget økt; endringer trenger CSRF-tokenet i X-CSRFToken"},
}


def document_errors(schema: dict) -> None:
    """Add the error answers every operation can give, in the one shape, and the two ways to sign in.

    401 everywhere (a refused key is refused on any operation); 403, 409 and 413 on writes; 404
    where a parameter names something; 422 where there is a parameter or a body."""
    components = schema["components"]
    shape = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    components["schemas"].update(shape.pop("$defs", {}), ErrorOut=shape)
    components["securitySchemes"] = SECURITY_SCHEMES
    for operations in schema["paths"].values():
        for method, operation in operations.items():
            write = method.upper() not in ("GET", "HEAD", "OPTIONS")
            names = {p["name"] for p in operation.get("parameters", [])}
            path_params = any(p["in"] == "path" for p in operation.get("parameters", []))
            codes = {401}
            if write:
                codes |= {403, 409, 413, 422}
            if path_params or names - PAGING:
                codes |= {404}
            if names or "requestBody" in operation:
                codes |= {422}
            responses = operation["responses"]
            for code in sorted(codes):
                responses.setdefault(code, {
                    "description": ERROR_RESPONSES[code],
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}})
            signed_in = [{"bearer": []}, {"session": []}]
            operation["security"] = signed_in if write else [{}, *signed_in]  # {}: a read needs neither
