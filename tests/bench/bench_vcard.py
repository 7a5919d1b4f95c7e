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


def main() -> int:
    for size in (2, 4, 8, 24):
        text = folded_card(size)
        started = time.perf_counter()
        rows = read_vcards(text)
        took = time.perf_counter() - started
        print(f"{size:>3} MB folded card: {took:6.2f} s ({len(rows) - 1} card)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
