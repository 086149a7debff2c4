"""The problems of a rejected file on a page (core/_import.html): {{ errors|error_count }} is how
many there were, {{ errors|shown_note }} says that only the first hundred are listed."""
from django import template

from radsmodell.core import tabular

register = template.Library()

register.filter("error_count", tabular.error_count)
register.filter("shown_note", tabular.shown_note)
