from django import template

from radsmodell.core import formatting

register = template.Library()

register.filter("tall", formatting.number)
register.filter("prosent", formatting.percent)
register.filter("langdato", formatting.long_date)
register.filter("ukedag_dato", formatting.weekday_date)
register.filter("klokke", formatting.clock)
