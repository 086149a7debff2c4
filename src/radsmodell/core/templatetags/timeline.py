"""{% timeline obj %}: what happened to an object across the modules, newest first, by year."""
from itertools import groupby

from django import template

from radsmodell.core import timeline as events

register = template.Library()


@register.inclusion_tag("core/_timeline.html", takes_context=True)
def timeline(context, instance, heading=""):
    found = events.events_of_object(instance, context["request"].user)
    return {"request": context["request"], "heading": heading,
            "years": [(year, list(group)) for year, group in groupby(found, key=lambda e: e.day.year)]}
