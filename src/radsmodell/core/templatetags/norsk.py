from django import template

from radsmodell.core import formatting

register = template.Library()

register.filter("tall", formatting.number)
register.filter("prosent", formatting.percent)
register.filter("langdato", formatting.long_date)
register.filter("ukedag_dato", formatting.weekday_date)
register.filter("klokke", formatting.clock)
register.filter("kroner", formatting.kroner)


@register.filter("prosent_av_andel")
def share_as_percent(value, decimals: int = 0):
    """0.537 -> '54 %'."""
    return "" if value is None else formatting.percent(float(value) * 100, decimals)
