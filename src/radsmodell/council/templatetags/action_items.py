"""{% case_action_items case %}: a case's action items with status, due date and history, as the
reader may see them (action_items.py), for the case page."""
from django import template
from django.contrib.auth.models import AnonymousUser

from radsmodell.core.roles import can_see_drafts, is_secretariat

from .. import action_items

register = template.Library()


@register.inclusion_tag("council/_case_action_items.html", takes_context=True)
def case_action_items(context, case):
    request = context.get("request")
    user = request.user if request else AnonymousUser()
    items = list(action_items.items_for(user).filter(case=case).prefetch_related(action_items.events_prefetch()))
    for item in items:
        item.shown_events = action_items.visible_events(user, item)
    return {"items": items, "show_who": can_see_drafts(user), "may_edit": is_secretariat(user)}
