"""{% linked_objects obj %}: the objects linked to this one that the reader may see, by kind,
each with its date, source and "antatt" when inferred; for the secretariat, where to edit them."""
from django import template
from django.urls import reverse
from django.utils.http import urlencode

from radsmodell.core import links
from radsmodell.core.link_graph import graph_url
from radsmodell.core.roles import is_secretariat

register = template.Library()


@register.inclusion_tag("core/_links.html", takes_context=True)
def linked_objects(context, instance, heading=""):
    kind = links.kind_of(instance)
    return _shown(context, kind, kind.ref_of(instance) if kind else None, heading)


@register.inclusion_tag("core/_links.html", takes_context=True)
def linked_objects_of(context, kind_name, key, heading=""):
    """For what is no Django model (a price model in a file): {% linked_objects_of "price_model" slug %}."""
    kind = next((k for k in links.kinds() if k.name == kind_name), None)
    return _shown(context, kind, kind.find(str(key)) if kind else None, heading)


def _shown(context, kind, ref, heading):
    request = context["request"]
    if kind is None or ref is None:
        return {"groups": []}
    key = kind.show([ref]).get(ref)
    return {
        "request": request, "heading": heading,
        "groups": links.grouped(links.links_of(kind, ref, request.user)),
        "edit_url": (f"{reverse('links')}?{urlencode({'objekt': f'{kind.name}:{key.key}'})}"
                     if key is not None and is_secretariat(request.user) else ""),
        "graph_url": graph_url(kind.name, key.key) if key is not None else "",  # public: the graph hides what it must
    }
