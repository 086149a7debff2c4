"""{% oidc_name as name %}: the OIDC provider's name for the login button, or "" when OIDC is off."""
from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def oidc_name() -> str:
    return settings.OIDC_NAME if getattr(settings, "OIDC_ENABLED", False) else ""
