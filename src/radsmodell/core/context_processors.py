from .roles import can_see_drafts, is_secretariat


def roles(request):
    return {
        "is_secretariat": is_secretariat(request.user),
        "can_see_drafts": can_see_drafts(request.user),
    }
