"""The frame every page shares, made of what the apps contribute: the main menu, the search
box in the header, the panels of the home page, what waits for each user on their own page and
what their profile shows, and the sections other apps add to a page about one object (a national
solution's page shows its costs, which portfolio cannot know).

Core imports no feature app. Each app has a `hooks.py` that core imports once at start-up
(`CoreConfig.ready`), and that module registers the app's contributions here and in the other
registries (`core.demo` for demo data, `core.history` for change-log descriptions,
`documents.registry` for documents). Adding a menu item or a document touches only its app.
"""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.http import HttpRequest


@dataclass(frozen=True)
class MenuItem:
    label: str  # lazily translated
    url_name: str
    nav: str  # the `nav` value a page of this section puts in its context, to mark the item current
    order: int
    secretariat_only: bool = False
    signed_in_only: bool = False


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


@dataclass(frozen=True)
class SearchHitDetail:
    """What an app adds to its own hits on the search page (a case's outcome): `context(request, refs)`
    gets the refs of one page's hits of `kind` and returns ref → the context of `template` (as `detail`),
    leaving out a ref it has nothing for. It reads a bounded number of queries however many hits there are."""
    kind: str  # a kind of the search index (core/search): "case"
    template: str
    context: Callable[[HttpRequest, list[str]], dict[str, dict]]
    order: int = 0


@dataclass(frozen=True)
class SearchPanel:
    """A section under the search page's hits (the register's files): a template and what it needs
    for one request (as `panel`)."""
    template: str
    context: Callable[[HttpRequest], dict]
    order: int


@dataclass(frozen=True)
class WorkGroup:
    """A heading of the own page (/min-side/): "Møter", "Aksjonspunkter"; groups are shown by `order`."""
    label: str  # lazily translated
    order: int


@dataclass(frozen=True)
class WorkItem:
    """One thing waiting for a user on their own page: what it is, where to do it, and by when."""
    group: WorkGroup
    kind: str  # "Innkalling", "Toppnotat", "Aksjonspunkt"
    title: str
    url: str = ""  # empty: shown without a link
    due: date | None = None
    overdue: bool = False
    detail: str = ""  # a short note: the body, the owner, "forfall meldt"


@dataclass(frozen=True)
class TaskSource:
    """What an app has waiting for a user: `tasks(user, today)` returns WorkItems. It must read a
    bounded number of queries however many rows there are (the page asks every source)."""
    name: str
    tasks: Callable[[object, date], list[WorkItem]]
    order: int


@dataclass(frozen=True)
class ProfilePanel:
    """A section of the profile page (/profil/) about the user as an app knows them (a council
    member's person and memberships): `context` returns what the template needs, or None."""
    template: str
    context: Callable[[HttpRequest], dict | None]
    order: int


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
task_sources = Registry()
profile_panels = Registry()
search_hit_details = Registry()
search_panels = Registry()
_site_search: list[SiteSearch] = []


def register_site_search(search: SiteSearch) -> None:
    """One app owns the search box; a second registration is a mistake worth stopping at."""
    if _site_search and _site_search[0] != search:
        raise ValueError(f"the site search is already {_site_search[0].url_name}")
    _site_search[:] = [search]


def site_search() -> SiteSearch | None:
    return _site_search[0] if _site_search else None
