"""{% members_on body day as members %}: the body's members on a day (selectors.members_on), for
pages whose view does not pass them, such as the meeting page."""
from django import template
from django.contrib.auth.models import AnonymousUser

from .. import selectors

register = template.Library()


@register.simple_tag
def members_on(body, day):
    return selectors.members_on(body, day)


@register.simple_tag(takes_context=True)
def outcome_preview(context, case):
    """{% outcome_preview case as preview %}: the decision, or for members the marked proposal
    (selectors.outcome_preview); None when the reader may see neither."""
    request = context.get("request")
    return selectors.outcome_preview(request.user if request else AnonymousUser(), case)
