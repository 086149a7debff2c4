"""Schema fuzzing: schemathesis sends every operation what its OpenAPI schema allows and what it does not,
anonymously and with a read-write key of the secretariat. No answer may be a server error, break the
schema, or carry a status or content type the schema does not document.

Bounded so that it runs with the rest of the suite: a few examples per operation, the same ones on
every run (deterministic), and no boundary-value ("coverage") phase, which has no limit.
"""
import pytest
import schemathesis
from django.contrib.auth.models import User
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from radsmodell.core.models import ApiToken
from radsmodell.core.tokens import create_token
from radsmodell.wsgi import application

EXAMPLES_PER_OPERATION = 8
CONFIG = schemathesis.Config.from_dict({
    "generation": {"max-examples": EXAMPLES_PER_OPERATION, "deterministic": True, "database": "none",
                   "with-security-parameters": False},
    "phases": {"coverage": {"enabled": False}},
})
# The demo and the key are set up once per operation and shared by its examples, on purpose: what the
# examples write stays until the operation's test ends, and is rolled back then.
SHARED_FIXTURES = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application, config=CONFIG)


@pytest.fixture(autouse=True)
def _connection_kept_between_requests():
    """As Django's test client does: the end of a request does not close the database connection, and
    with it the test's transaction (PostgreSQL; SQLite's test database is in memory and stays open)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def key(demo) -> str:
    secretariat = User.objects.get(username="sekretariat")
    return create_token(secretariat, "Schemathesis", ApiToken.Scope.READ_WRITE, by=secretariat)[1]


@schema.parametrize()
@SHARED_FIXTURES
def test_anonymous(case, demo):
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@SHARED_FIXTURES
def test_with_a_read_write_key(case, key):
    case.call_and_validate(checks=CHECKS, headers={"Authorization": f"Bearer {key}"})
