"""Start the test provider: `python -m oidc_provider.serve CONFIG.json` from tests/. Migrates its own SQLite
file, registers the client (confidential, RS256, consent skipped) and the users, then serves on the port."""
import os
import sys

import django
from django.core.management import call_command


def main(config_path: str) -> None:
    os.environ["OIDC_PROVIDER_CONFIG"] = config_path
    os.environ["DJANGO_SETTINGS_MODULE"] = "oidc_provider.settings"
    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from oauth2_provider.models import Application

    config = settings.CONFIG
    call_command("migrate", verbosity=0)
    for person in config["users"]:
        User.objects.create_user(**person)
    Application.objects.create(
        name="Rådsmodell", client_id=config["client_id"], client_secret=config["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL, authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(config["redirect_uris"]), algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True)
    call_command("runserver", f"127.0.0.1:{config['port']}", use_reloader=False, skip_checks=True)


if __name__ == "__main__":
    main(sys.argv[1])
