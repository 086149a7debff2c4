"""The health check at /helse/ for the load balancer and the container: is the app up, does the database answer?

Public and never cached; it says nothing about the data and opens no session (the checker sends no cookie).
"""
import logging
from importlib import metadata

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from .roles import public_page

logger = logging.getLogger(__name__)
VERSION = metadata.version("radsmodell")


@public_page
@never_cache
def health(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        # Only the error's class goes out: its message may name hosts, users or files.
        logger.warning("Helsesjekk: databasen svarer ikke: %s", error)
        return JsonResponse({"status": "feil", "database": type(error).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "version": VERSION})
