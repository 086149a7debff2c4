"""The three roles of the platform.

Secretariat edits everything; members read everything, drafts included, and comment on
draft memos; everyone else (the public) reads what has been published.
"""
from django.core.exceptions import PermissionDenied

SECRETARIAT = "sekretariat"
MEMBER = "medlem"


def _groups(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_radsmodell_groups"):
        user._radsmodell_groups = set(user.groups.values_list("name", flat=True))
    return user._radsmodell_groups


def is_secretariat(user) -> bool:
    return user.is_authenticated and (user.is_superuser or SECRETARIAT in _groups(user))


def can_see_drafts(user) -> bool:
    return is_secretariat(user) or MEMBER in _groups(user)


def require_secretariat(user) -> None:
    if not is_secretariat(user):
        raise PermissionDenied("Bare sekretariatet kan endre dette.")
