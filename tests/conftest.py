"""The test database: the demo data (every app's seed data) is loaded once per test session.

A test that asks for the demo (`demo`, or a fixture built on it) starts from the seeds; any
other database test starts from an empty, migrated database. Both states are kept as SQLite
snapshots and copied back (a few milliseconds) whenever a test needs the other state or a test
left the database changed: tests in a transaction roll back and leave it as it was, browser
tests commit and are followed by a copy. On PostgreSQL the two states are kept as template
databases: a state is a copy of the test database made with CREATE DATABASE … TEMPLATE, and going
back to it drops the test database and creates it again from that copy (well under a second).
"""
import logging
import sqlite3

import pytest
from django.contrib.auth.models import User
from django.test import override_settings

DEMO_FIXTURES = {"demo", "secretariat", "member", "strategy", "costs", "portfolio"}


class DatabaseStates:
    """The two states tests start from, and which one the database is in now."""

    def __init__(self):
        self.snapshots: dict[str, sqlite3.Connection | str] = {}  # SQLite: a copy in memory; else a template
        self.counts: dict[str, dict[str, int]] = {}  # per demo set, what loading it made
        self.current: str | None = None

    def prepare(self) -> None:
        self.snapshots["empty"] = self._snapshot("empty")
        self.counts = _load_demo()
        self.snapshots["demo"] = self._snapshot("demo")
        self.current = "demo"

    def ensure(self, state: str) -> None:
        if self.current == state:
            return
        from django.db import connection

        if connection.vendor == "sqlite":
            connection.ensure_connection()
            self.snapshots[state].backup(connection.connection)
        else:
            _copy_database(self.snapshots[state], connection.settings_dict["NAME"])
        self.current = state

    def _snapshot(self, state: str) -> sqlite3.Connection | str:
        from django.db import connection

        if connection.vendor == "sqlite":
            connection.ensure_connection()
            copy = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(copy)
            return copy
        template = f"{connection.settings_dict['NAME']}_{state}"
        _copy_database(connection.settings_dict["NAME"], template)
        return template


def _copy_database(source: str, target: str) -> None:
    """PostgreSQL: `target` becomes a copy of `source`. Every connection to either is ended first
    (a copy needs its source unused; the live server's connection reopens at its next request)."""
    from django.db import connection

    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> "
                       "pg_backend_pid()", [source])
        cursor.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')


def _load_demo() -> dict[str, dict[str, int]]:
    from radsmodell.core import demo

    return {demo_set.name: demo_set.load() for demo_set in demo.ordered_sets()}


_states = DatabaseStates()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Demo passwords are hashed in microseconds instead of PBKDF2's hundreds of milliseconds.
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    fast.enable()
    from django.db import connection

    if connection.vendor != "sqlite":
        connection.settings_dict["CONN_MAX_AGE"] = 0  # each request its own connection: a copied-back
        # database has ended every connection to the one before
    with django_db_blocker.unblock():
        _states.prepare()
    yield
    fast.disable()


@pytest.fixture(autouse=True)
def _database_state(request, django_db_blocker):
    """Put the database in the state the test starts from, before its transaction opens."""
    names = set(request.fixturenames)
    uses_database = names & {"db", "transactional_db", "live_server"} or request.node.get_closest_marker("django_db")
    if not uses_database:
        yield
        return
    request.getfixturevalue("django_db_setup")
    with django_db_blocker.unblock():
        _states.ensure("demo" if names & DEMO_FIXTURES else "empty")
    from radsmodell.core import search

    search.forget_labels()  # names a test before made, and rolled back, are not kept for this one
    yield
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    if names & {"transactional_db", "live_server"} or transactional:
        _states.current = None  # committed changes, then flushed: copy a state back before the next test


@pytest.fixture
def demo(db):
    """Every app's demo data as the seeds give it; returns what the council's set made."""
    return _states.counts["council"]


@pytest.fixture
def secretariat(demo) -> User:
    return User.objects.get(username="sekretariat")


@pytest.fixture
def member(demo) -> User:
    return User.objects.get(username="medlem")


@pytest.fixture
def portfolio(demo):
    """The portfolio's demo data; returns what its set made."""
    return _states.counts["portfolio"]


@pytest.fixture
def strategy(demo):
    """The strategy, roadmap and indicators; returns what their set made."""
    return _states.counts["strategy"]


@pytest.fixture
def costs(demo):
    """The cost registers, cost bases, allocations, gates and investment cases; returns what their set made."""
    return _states.counts["costs"]


@pytest.fixture(autouse=True)
def _django_db_marker(_database_state, _django_db_marker):
    """pytest-django's fixture for `@pytest.mark.django_db`, which opens the test's transaction,
    runs after the database is put in its state: on PostgreSQL that recreates the database."""


class _ServerErrors(logging.Handler):
    """Collects the request log's lines for answers with status 500: an error the code did not
    handle (a deliberate 503 from the health check is an answer, not an error)."""

    def __init__(self):
        super().__init__()
        self.seen: list[str] = []

    def emit(self, record):
        fields = getattr(record, "fields", {})
        if fields.get("status") == 500:
            self.seen.append(f"{fields.get('method')} {fields.get('path')} → {fields['status']}")


@pytest.fixture(autouse=True)
def _no_server_error():
    """No request in any test is answered with a server error — the test client's, a browser's
    against the live server, or the schema fuzzer's — unless the test is marked `server_error`
    because a 500 is what it checks."""
    collector = _ServerErrors()
    request_log = logging.getLogger("radsmodell.requests")
    request_log.addHandler(collector)
    yield collector
    request_log.removeHandler(collector)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    collector = item.funcargs.get("_no_server_error")
    if collector is not None and collector.seen and item.get_closest_marker("server_error") is None:
        pytest.fail("Server errors: " + "; ".join(collector.seen), pytrace=False)
    return result


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server the app sends to (tests/smtp.py); `smtp_server.inbox.messages` is what arrived."""
    from smtp import SmtpServer
    with SmtpServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        yield server
