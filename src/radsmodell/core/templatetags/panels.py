"""{% object_panels "solution" obj %}: the sections other apps contribute to this object's page."""
from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from radsmodell.core import site

register = template.Library()


@register.simple_tag(takes_context=True)
def object_panels(context, kind, instance):
    request = context["request"]
    parts = []
    for panel in site.object_panels:
        if panel.kind != kind:
            continue
        panel_context = panel.context(request, instance)
        if panel_context is not None:
            parts.append(render_to_string(panel.template, {"object": instance, **panel_context}, request=request))
    return mark_safe("".join(parts))  # each part is a template rendered with autoescaping
