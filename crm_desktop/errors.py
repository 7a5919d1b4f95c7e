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

    def message(self, lang: str | None = None, *, cli: bool = False) -> str:
        """The one-line sentence in `lang` (default: the user's environment).

        A parameter may be a function of the language (e.g. the reason of a nested error), so
        that a sentence shown in Chinese does not carry a part rendered in English. `cli=True`
        (the command line) takes the sentence that names its flags (see `messages`).
        """
        lang = lang if lang in messages.LANGS else messages.default_lang()
        params = {k: v(lang) if callable(v) else v for k, v in self.params.items()}
        return messages.text(self.code, lang, cli=cli, **params)


class ValidationError(CrmError):
    """A value that cannot be stored; `field` names the catalogue key it belongs to.

    In the message, `{field}` is that field's display name in the message's language (the key
    itself meant nothing to a user, and read oddly inside a Chinese sentence).
    """

    def __init__(self, code: str, field: str, **params: object) -> None:
        self.field = field
        if "field" not in params:
            params["field"] = self._label
        super().__init__(code, **params)

    def _label(self, lang: str) -> str:
        from crm_desktop.fields import field_label

        return field_label(self.field, lang)


class NotFound(CrmError):
    """A record id that does not exist."""
