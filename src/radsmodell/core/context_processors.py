from . import site
from .roles import can_see_drafts, is_secretariat


def roles(request):
    secretariat = is_secretariat(request.user)
    signed_in = request.user.is_authenticated
    return {
        "is_secretariat": secretariat,
        "can_see_drafts": can_see_drafts(request.user),
        # The main menu and the search box, as the apps registered them.
        "menu": [item for item in site.menu
                 if (secretariat or not item.secretariat_only) and (signed_in or not item.signed_in_only)],
        "site_search": site.site_search(),
    }
