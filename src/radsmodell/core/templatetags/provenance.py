"""{% source obj.source %}: the public reference, and for the secretariat the transcription note.
{% assumed obj.assumption %}: "antatt" with its reason, for every reader; nothing when blank.
{{ obj.source|cite }}: the public reference as plain text (documents, exports)."""
from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from radsmodell.core.provenance import cite
from radsmodell.core.roles import is_secretariat

register = template.Library()
register.filter("cite", cite)


@register.simple_tag(takes_context=True)
def source(context, note):
    reference = cite(note)
    request = context.get("request")
    if not note or reference == note.strip() or request is None or not is_secretariat(request.user):
        return format_html('<span class="source">{}</span>', reference)
    return format_html(
        '<span class="source">{}</span> <details class="source-note"><summary>{}</summary>{}</details>',
        reference, gettext("Transkripsjonsnotat"), note,
    )


@register.simple_tag
def assumed(reason):
    if not reason:
        return ""
    return format_html(
        '<details class="assumption"><summary title="{}">{}</summary><span>{}</span></details>',
        reason, gettext("antatt"), reason,
    )
