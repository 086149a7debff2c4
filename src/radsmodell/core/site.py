"""The frame every page shares, made of what the apps contribute: the main menu, the search
box in the header, the panels of the home page, and the sections other apps add to a page
about one object (a national solution's page shows its costs, which portfolio cannot know).

Core imports no feature app. Each app has a `hooks.py` that core imports once at start-up
(`CoreConfig.ready`), and that module registers the app's contributions here and in the other
registries (`core.demo` for demo data, `core.history` for change-log descriptions,
`documents.registry` for documents). Adding a menu item or a document touches only its app.
"""
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class MenuItem:
    label: str  # lazily translated
    url_name: str
    nav: str  # the `nav` value a page of this section puts in its context, to mark the item current
    order: int
    secretariat_only: bool = False


@dataclass(frozen=True)
class HomePanel:
    """A section of the home page: a template and the context it needs for one request."""
    template: str
    context: Callable[[HttpRequest], dict]
    order: int


@dataclass(frozen=True)
class ObjectPanel:
    """A section another app adds to the page of one kind of object (a link kind, see core/links.py):
    `context` returns what the template needs, or None when it has nothing to show for this object."""
    kind: str  # "solution"
    template: str
    context: Callable[[HttpRequest, object], dict | None]
    order: int


@dataclass(frozen=True)
class SiteSearch:
    """Where the search box in the page header sends its query (as `q`)."""
    url_name: str
    label: str  # lazily translated


class Registry:
    """Items in the order they are shown; an item registered twice (a reloaded module) counts once."""

    def __init__(self):
        self._items: list = []

    def register(self, item):
        if item not in self._items:
            self._items.append(item)
        return item

    def __iter__(self):
        return iter(sorted(self._items, key=lambda item: item.order))

    def __len__(self):
        return len(self._items)


menu = Registry()
home_panels = Registry()
object_panels = Registry()
_site_search: list[SiteSearch] = []


def register_site_search(search: SiteSearch) -> None:
    """One app owns the search box; a second registration is a mistake worth stopping at."""
    if _site_search and _site_search[0] != search:
        raise ValueError(f"the site search is already {_site_search[0].url_name}")
    _site_search[:] = [search]


def site_search() -> SiteSearch | None:
    return _site_search[0] if _site_search else None
