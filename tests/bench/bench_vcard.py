"""Reading vCards with very long folded lines: 2, 4 and 8 MB cards (figures, not pass/fail).

    .venv/bin/python tests/bench/bench_vcard.py

Before the linear unfolding these took 0.6, 2.4 and 13.7 s (a 24 MB card 282 s).
"""

from __future__ import annotations

import time

from crm_desktop.exchange.vcard import read_vcards


def folded_card(megabytes: int) -> str:
    note = "备注" * (megabytes * 1024 * 1024 // 6)
    folded = "\r\n ".join(note[i : i + 70] for i in range(0, len(note), 70))
    return f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:张伟\r\nTEL:13800138000\r\nNOTE:{folded}\r\nEND:VCARD\r\n"


def photo_cards(count: int, photo_kb: int, folded: bool) -> str:
    """`count` cards each with a base64 photo of `photo_kb` KB, folded (3.0) or in bare lines (iPhone)."""
    photo = "A" * (photo_kb * 1024)
    joint = "\r\n " if folded else "\r\n"
    lines = joint.join(photo[i : i + 76] for i in range(0, len(photo), 76))
    card = f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:张伟\r\nTEL:13800138000\r\nPHOTO;ENCODING=b;TYPE=JPEG:{lines}\r\nEND:VCARD\r\n"
    return card * count


def main() -> int:
    for size in (2, 4, 8, 24):
        text = folded_card(size)
        started = time.perf_counter()
        rows = read_vcards(text)
        took = time.perf_counter() - started
        print(f"{size:>3} MB folded card: {took:6.2f} s ({len(rows) - 1} card)")
    # photos are skipped unread: 1,000 cards with a 20 KB photo each, against the same without
    plain = photo_cards(1000, 0, True)
    for label, text in (
        ("no photo", plain),
        ("folded photos", photo_cards(1000, 20, True)),
        ("bare-line photos", photo_cards(1000, 20, False)),
    ):
        started = time.perf_counter()
        rows = read_vcards(text)
        took = time.perf_counter() - started
        print(f"1,000 cards, {label:<16} ({len(text) / 1e6:5.1f} MB): {took:6.2f} s ({len(rows) - 1} cards)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
