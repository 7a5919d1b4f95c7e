"""Errors a user can cause and fix. Bugs raise ordinary exceptions instead."""

from __future__ import annotations

from crm_desktop import messages


class CrmError(Exception):
    """A problem the user can fix: a bad file, a bad value, a locked database.

    Carries a message code and its parameters; `message(lang)` gives the one-line sentence.
    """

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str | None = None) -> str:
        return messages.text(self.code, lang, **self.params)


class ValidationError(CrmError):
    """A value that cannot be stored; `field` names the catalogue key it belongs to."""

    def __init__(self, code: str, field: str, **params: object) -> None:
        self.field = field
        params.setdefault("field", field)
        super().__init__(code, **params)


class NotFound(CrmError):
    """A record id that does not exist."""
