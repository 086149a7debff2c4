"""The `radsmodell` console command: Django's management commands under the product's name.

`radsmodell loaddemo`, `radsmodell export ...`, `radsmodell migrate`, `radsmodell runserver`.
"""
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "radsmodell.settings")
    from django.conf import settings
    from django.core.management import execute_from_command_line

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    execute_from_command_line(["radsmodell", *sys.argv[1:]])


if __name__ == "__main__":
    main()
