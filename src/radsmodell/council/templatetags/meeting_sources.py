"""The source files a meeting was imported from, as far as the reader may see them."""
from django import template

register = template.Library()


@register.filter
def visible_sources(meeting, show_minutes: bool) -> list:
    """A notice goes with the meeting; minutes and meeting packs hold the minutes, which follow their approval
    (`show_minutes`, as the meeting page decides it)."""
    return [document for document in meeting.documents.all() if show_minutes or document.kind == "notice"]
