"""The `radsmodell` console command: Django's management commands under the product's name.

`radsmodell loaddemo`, `radsmodell export ...`, `radsmodell import-observations FILE`, `radsmodell migrate`,
`radsmodell runserver`. `RADSMODELL_USER=kari radsmodell import-observations FILE`: the change log names kari.
"""
import os
import sys
from contextlib import contextmanager


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "radsmodell.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError, ProgrammingError

    try:
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    except ImproperlyConfigured as error:
        sys.exit(str(error))  # e.g. a missing RADSMODELL_SECRET_KEY: the operator needs the message, not a traceback
    arguments = sys.argv[1:]
    if arguments and "-" in arguments[0] and not arguments[0].startswith("-"):
        # Commands are spelled with hyphens on the console (import-observations), underscores in Python.
        arguments[0] = arguments[0].replace("-", "_")
    try:
        with _acting_user():
            execute_from_command_line(["radsmodell", *arguments])
    except (OperationalError, ProgrammingError) as error:
        # Most often a database that was never migrated or is older than the code.
        sys.exit(f"Databasefeil: {error}\nEr databasen opprettet og oppdatert? Kjør «radsmodell migrate» "
                 f"(eller «make run»).")


@contextmanager
def _acting_user():
    """Changes made by a console command name the account in RADSMODELL_USER (core/history.py);
    without it they are recorded without a user, which the change log calls the console."""
    if not os.environ.get("RADSMODELL_USER", "").strip():
        yield
        return
    import django

    django.setup()
    from radsmodell.core import history

    try:
        user = history.console_user()
    except history.UnknownUser as error:
        sys.exit(str(error))
    with history.acting_as(user):
        yield


if __name__ == "__main__":
    main()
