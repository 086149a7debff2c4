"""Marking text for translation in modules that must not import Django (the engines).

`gettext_noop` returns the text as it is; makemessages finds the marked strings, and the page
or service that shows one translates it with Django's gettext.
"""


def gettext_noop(text: str) -> str:
    return text
