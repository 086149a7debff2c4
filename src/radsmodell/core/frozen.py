"""Records that are closed stay as they were closed: approved minutes, a closed status round, a
closed scoring session. A service refuses any change to them by raising `Frozen` with a message
that says why; pages show the message, the API answers 409 with it."""
from django.core.exceptions import ValidationError


class Frozen(ValidationError):
    """A change refused because the record it touches is closed."""
