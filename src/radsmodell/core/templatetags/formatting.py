"""Template filters for numbers and dates as Norwegians write them (see core/formatting.py):
{{ value|number }}, {{ share|percent }}, {{ ore|kroner }}, {{ day|long_date }}."""
from django import template

from radsmodell.core import formatting

register = template.Library()

register.filter("number", formatting.number)
register.filter("percent", formatting.percent)
register.filter("kroner", formatting.kroner)
register.filter("long_date", formatting.long_date)
register.filter("weekday_date", formatting.weekday_date)
register.filter("clock", formatting.clock)


@register.filter("share_as_percent")
def share_as_percent(value, decimals: int = 0):
    """0.537 -> '54 %'."""
    return "" if value is None else formatting.percent(float(value) * 100, decimals)
