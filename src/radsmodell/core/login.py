"""Signing in against guessing: how django-axes counts failures here, and what a locked-out user sees.

Axes records each failed sign-in by user name, address and browser, and locks when the failures of
one of its parameter sets (settings.AXES_LOCKOUT_PARAMETERS) reach a single limit. Here each set has
its own (settings.LOGIN_FAILURE_LIMITS: few for one user name from one address, more for one address
across names), and the lockout is the site's own page with the time to wait.
"""
import ipaddress
import math

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone


class LoginAttempts(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        """How many parameter sets are past their own limit (compared with AXES_FAILURE_LIMIT = 1)."""
        counts = [attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
                  for attempts in self.get_user_attempts(request, credentials)]
        return sum(count >= limit for count, limit in zip(counts, settings.LOGIN_FAILURE_LIMITS))

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful sign-in forgets that user's failures from that address only: signing in to an
        account of one's own must not clear what the address tried against other accounts."""
        count, _ = AccessAttempt.objects.filter(username=get_client_username(request, credentials),
                                                ip_address=request.axes_ip_address).delete()
        return count


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in settings.TRUSTED_PROXIES)


def client_address(request) -> str | None:
    """The address failures are counted under. A trusted proxy's X-Forwarded-For is read from the right
    (each proxy appends the address it was called from), skipping our own proxies: the first other
    address is the one our proxy saw, which the client cannot forge. Anything else: the connection's."""
    remote = request.META.get("REMOTE_ADDR") or None  # none over a Unix socket
    if not remote or not _trusted(remote):
        return remote
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        hop = hop.strip()
        if not _trusted(hop):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote  # a proxy that writes something else than an address: count the proxy
    return remote


def locked_out(request, response=None, credentials=None):
    """429 on the site's page, with how long to wait (the cool-off runs from the last attempt)."""
    wait = get_cool_off(request)
    response = render(request, "core/locked_out.html", {
        "minutes": math.ceil(wait.total_seconds() / 60), "until": timezone.now() + wait,
    }, status=429)
    response["Retry-After"] = str(int(wait.total_seconds()))
    return response
