"""The JSON API (OpenAPI at /api/docs). Each app contributes a router."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError
from django.http import Http404
from ninja import NinjaAPI

from radsmodell.core import logs
from radsmodell.core.frozen import Frozen
from radsmodell.core.api import router as core_router
from radsmodell.costs.api import router as costs_router
from radsmodell.council.api import router as council_router
from radsmodell.portfolio.api import router as portfolio_router
from radsmodell.priority.api import router as priority_router
from radsmodell.strategy.api import router as strategy_router

api = NinjaAPI(title="Rådsmodell API", version="1", urls_namespace="api",
               description="Rådsmodellens register: organer, møter, saker, vedtak og aksjonspunkter; porteføljen, "
                           "prioriteringen, strategiens mål, veikart og indikatorer, og kostnadsfordelingen.")
api.add_router("/", council_router)
api.add_router("/", priority_router)
api.add_router("/", portfolio_router)
api.add_router("/", strategy_router)
api.add_router("/", costs_router)
api.add_router("/", core_router)


@api.exception_handler(ValidationError)
def validation_error(request, error: ValidationError):
    """A broken rule from a service: 422 with the field it concerns, like ninja's own errors."""
    if hasattr(error, "error_dict"):
        detail = [{"loc": [field], "msg": " ".join(msgs)} for field, msgs in error.message_dict.items()]
    else:
        detail = [{"loc": [], "msg": " ".join(error.messages)}]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(Frozen)
def frozen(request, error: Frozen):
    """A change to a closed record (core/frozen.py): 409 with the reason."""
    return api.create_response(request, {"detail": " ".join(error.messages)}, status=409)


@api.exception_handler(Http404)
def not_found(request, error):
    return api.create_response(request, {"detail": str(error) or "Fant ikke"}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request, error):
    return api.create_response(request, {"detail": str(error) or "Ingen tilgang"}, status=403)


@api.exception_handler(OperationalError)
def concurrent_write(request, error: OperationalError):
    """A write that lost to another one (core/logs.py): 409 "try again", rolled back, never a 500.
    Any other database failure stays a server error, logged with its traceback."""
    if not logs.is_concurrent_write(error):
        raise error
    logs.log_concurrent_write(request, error)
    return api.create_response(request, {"detail": str(logs.CONCURRENT_WRITE)}, status=409)
