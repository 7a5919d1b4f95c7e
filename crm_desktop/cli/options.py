"""Argument types shared by the command modules (argparse turns their errors into exit 2)."""

from __future__ import annotations

import argparse


def non_negative_int(text: str) -> int:
    """An integer 0 or more: `--customers 100`, `--limit 20`."""
    try:
        value = int(text.strip().replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} must not be negative")
    return value
