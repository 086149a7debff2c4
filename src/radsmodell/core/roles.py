"""The roles of the platform, and how pages and API operations declare who may use them.

The secretariat edits everything; members read everything, drafts included, and comment on
draft memos; the public reads what has been published. A signed-in user without a role is a
reporter for an initiative owner (which initiatives is an object rule of the portfolio).

Every page view declares who may read it (GET, HEAD, OPTIONS) and who may write through it
(any other method) with `access()`, and every API operation that writes declares its role
with `api_auth()`. The declaration is checked before the view runs, and the permission test
walks the URL configuration and the API and holds each one to what it declares.
"""
import functools
from dataclasses import dataclass
from enum import IntEnum

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.utils.translation import gettext, gettext_lazy
from ninja.errors import AuthenticationError, HttpError
from ninja.security import SessionAuth
from ninja.utils import check_csrf

# The names of the groups that carry the roles (created by core's first migration).
SECRETARIAT = "sekretariat"
MEMBER = "medlem"

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
GROUP_LABELS = {SECRETARIAT: gettext_lazy("sekretariat"), MEMBER: gettext_lazy("medlem")}


class Role(IntEnum):
    """Ordered: each role may do what the roles below it may."""
    PUBLIC = 0
    SIGNED_IN = 1
    MEMBER = 2
    SECRETARIAT = 3


# What a refused user is told, for a page they may not see and for a change they may not make.
READ_REFUSALS = {
    Role.SIGNED_IN: gettext_lazy("Du må være logget inn for å se denne siden."),
    Role.MEMBER: gettext_lazy("Bare rådsmedlemmer og sekretariatet kan se denne siden."),
    Role.SECRETARIAT: gettext_lazy("Bare sekretariatet kan se denne siden."),
}
WRITE_REFUSALS = {
    Role.PUBLIC: gettext_lazy("Dette kan ikke endres."),
    Role.SIGNED_IN: gettext_lazy("Du må være logget inn for å endre dette."),
    Role.MEMBER: gettext_lazy("Bare rådsmedlemmer og sekretariatet kan endre dette."),
    Role.SECRETARIAT: gettext_lazy("Bare sekretariatet kan endre dette."),
}


def _groups(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_radsmodell_groups"):
        user._radsmodell_groups = set(user.groups.values_list("name", flat=True))
    return user._radsmodell_groups


def role_of(user) -> Role:
    if not user.is_authenticated:
        return Role.PUBLIC
    if user.is_superuser or SECRETARIAT in _groups(user):
        return Role.SECRETARIAT
    if MEMBER in _groups(user):
        return Role.MEMBER
    return Role.SIGNED_IN


def has_role(user, role: Role) -> bool:
    return role_of(user) >= role


def is_secretariat(user) -> bool:
    return has_role(user, Role.SECRETARIAT)


def can_see_drafts(user) -> bool:
    return has_role(user, Role.MEMBER)


# --- pages --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Access:
    """Who may read a page and who may write through it; None: the view takes no such request
    (405). `scope` names an object rule the view applies on top, e.g. "own initiatives"."""
    read: Role | None
    write: Role | None
    scope: str = ""


def access(*, read: Role | None = Role.PUBLIC, write: Role | None = None, scope: str = ""):
    """Declare and enforce a view's access. A visitor who is not signed in and follows a link to a
    page that needs a login is sent to the login page and back (?next=); any other refusal is 403
    (a signed-in user with too little role, or a change sent without a login)."""
    declared = Access(read, write, scope)

    def decorator(view):
        @functools.wraps(view)
        def checked(request, *args, **kwargs):
            safe = request.method in SAFE_METHODS
            needed = declared.read if safe else declared.write
            if needed is None:
                allowed = [m for m, role in (("GET", declared.read), ("POST", declared.write)) if role is not None]
                return HttpResponseNotAllowed(allowed)
            if not has_role(request.user, needed):
                if safe and not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied(str((READ_REFUSALS if safe else WRITE_REFUSALS)[needed]))
            return view(request, *args, **kwargs)

        checked.access = declared
        return checked

    return decorator


# The common declarations, by what they say.
public_page = access(read=Role.PUBLIC)
secretariat_writes = access(read=Role.PUBLIC, write=Role.SECRETARIAT)
secretariat_page = access(read=Role.SECRETARIAT, write=Role.SECRETARIAT)
secretariat_action = access(read=None, write=Role.SECRETARIAT)


# --- API ----------------------------------------------------------------------------------

class NotAuthenticated(AuthenticationError):
    """401 with the reason: no login for an operation that needs one, or a key that is refused."""

    def __init__(self, message: str):
        super().__init__(401, message)


class RoleAuth(SessionAuth):
    """Who calls an API operation: a personal key (`Authorization: Bearer …`, core/tokens.py, no CSRF)
    or the signed-in session (with its CSRF token); and the role the operation needs. A refused key
    is 401 wherever it is sent, also on a public read; no login is 401 on an operation that needs
    one; a user without the role, or a read key on a write, is 403. The key's user acts: the view,
    the change log and the request log see `request.user`, and the key as `request.api_token`."""

    def __init__(self, role: Role):
        super().__init__()
        self.role = role

    def __call__(self, request):
        from . import history, tokens

        key = tokens.bearer_key(request)
        if key is None:
            if self.role == Role.PUBLIC:
                return request.user  # anonymous or signed in, both may read; a read needs no CSRF token
            return super().__call__(request)
        try:
            token = tokens.authenticate(key)
        except tokens.InvalidToken as refused:
            raise NotAuthenticated(str(refused)) from None
        history.request_acts_as(request, token.user)  # the change log names the key's user
        request.api_token = token
        if request.method not in SAFE_METHODS and not token.may_write:
            raise HttpError(403, gettext("API-nøkkelen «%(name)s» gir bare lesetilgang.") % {"name": token.name})
        return self._with_role(token.user)

    def _get_key(self, request):
        """The session's CSRF check, for a signed-in session only: without one the answer is 401 anyway."""
        if request.user.is_authenticated and check_csrf(request):
            raise HttpError(403, gettext("CSRF-kontrollen feilet. Send CSRF-tokenet i X-CSRFToken, "
                                         "eller bruk en API-nøkkel."))
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is None:
            raise NotAuthenticated(str(WRITE_REFUSALS[Role.SIGNED_IN]))
        return self._with_role(user)

    def _with_role(self, user):
        if not has_role(user, self.role):
            raise HttpError(403, str(WRITE_REFUSALS[self.role]))
        return user


def api_auth(role: Role) -> RoleAuth:
    return RoleAuth(role)
