"""Placeholder until the pages are written."""
from django.http import Http404


def investment_list(request, **kwargs):
    raise Http404


def investment_detail(request, **kwargs):
    raise Http404
