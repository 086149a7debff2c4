"""The `radsmodell` console command: Django's management commands under the product's name.

`radsmodell loaddemo`, `radsmodell export ...`, `radsmodell import-observations FILE`, `radsmodell migrate`,
`radsmodell runserver`.
"""
import os
import sys


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
        execute_from_command_line(["radsmodell", *arguments])
    except (OperationalError, ProgrammingError) as error:
        # Most often a database that was never migrated or is older than the code.
        sys.exit(f"Databasefeil: {error}\nEr databasen opprettet og oppdatert? Kjør «radsmodell migrate» "
                 f"(eller «make run»).")


if __name__ == "__main__":
    main()
