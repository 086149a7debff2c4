"""A small OpenID Connect provider (django-oauth-toolkit) that tests/test_oidc.py signs in against."""
