"""{% case_commissions case as commissions %} and {% overdue_commissions body as commissions %}: the
commissions register's part of the case page and the body page, whose views are the council's own."""
from django import template
from django.contrib.auth.models import AnonymousUser

from .. import commission_selectors

register = template.Library()


def _user(context):
    request = context.get("request")
    return request.user if request else AnonymousUser()


@register.simple_tag(takes_context=True)
def case_commissions(context, case):
    """The commissions the case treated or gave, as the reader may see them."""
    return list(commission_selectors.of_case(_user(context), case))


@register.simple_tag(takes_context=True)
def overdue_commissions(context, body):
    """Overdue commissions treated in the body's cases or given by it."""
    return list(commission_selectors.overdue_in_body(_user(context), body))
