"""vCard unfolding joins folded lines and quoted-printable soft breaks, whole and in order
(issue 14, item 9: it is linear now; the figures are in tests/bench/bench_vcard.py)."""

from __future__ import annotations

from crm_desktop.exchange.vcard import headers, read_vcards


def test_a_long_folded_note_comes_back_whole() -> None:
    note = "".join(f"第{n}行备注；" for n in range(60_000))  # about 0.5 MB of text
    folded = "\r\n ".join(note[i : i + 70] for i in range(0, len(note), 70))
    text = f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:张伟\r\nTEL:13800138000\r\nNOTE:{folded}\r\nEND:VCARD\r\n"
    rows = read_vcards(text, "zh")
    card = dict(zip(rows[0], rows[1], strict=False))
    assert card[headers("zh")[0]] == "张伟"
    assert note in "".join(str(v) for v in rows[1])


def test_quoted_printable_soft_breaks_and_tab_folds_join() -> None:
    text = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0;=E4=BC=9F=\r\n=E4=BC=9F;;;\r\n"
        "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0=\r\n=E4=BC=9F\r\n"
        "NOTE:first\r\n\tsecond\r\n"
        "TEL;CELL:13800138000\r\nEND:VCARD\r\n"
    )
    rows = read_vcards(text, "zh")
    assert "张伟" in rows[1]
    assert any(v == "firstsecond" for v in rows[1])
