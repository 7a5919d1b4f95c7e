"""ORM hooks that keep a customer's derived keys current on every ORM write."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect

from crm_desktop.db.keys import name_keys, normalise_email, normalise_phone
from crm_desktop.db.models import Customer


def refresh_keys(customer: Customer) -> None:
    """Recompute the normalised phone/email and the pinyin keys from the visible values."""
    customer.phone_norm = normalise_phone(customer.phone)
    customer.alt_phone_norm = normalise_phone(customer.alt_phone)
    customer.email_norm = normalise_email(customer.email)
    # the kind too: a company's name is never read as a person's surname (db/keys.py)
    customer.name_pinyin, customer.name_initials, customer.name_sort = name_keys(customer.name, customer.kind)


@event.listens_for(Customer, "before_insert")
def _before_insert(_mapper: Any, _conn: Any, target: Customer) -> None:
    refresh_keys(target)


@event.listens_for(Customer, "before_update")
def _before_update(_mapper: Any, _conn: Any, target: Customer) -> None:
    state = inspect(target)
    if target.name_missing and state.attrs["name"].history.has_changes():
        # someone typed the name: it is no longer a stand-in (unless it still is the email or phone)
        target.name_missing = target.name in (target.email, target.phone, target.alt_phone)
    if any(state.attrs[key].history.has_changes() for key in ("name", "kind", "phone", "alt_phone", "email")):
        refresh_keys(target)
