"""Placeholder until the pages are written."""
from django.http import Http404


def gate_list(request, **kwargs):
    raise Http404


def gate_detail(request, **kwargs):
    raise Http404
