"""The CJK TrueType font every report uses, registered once with reportlab.

reportlab's built-in `STSong-Light` embeds nothing and shows boxes or blank text in viewers
without a CJK font (QtPdf among them), so reports embed a subset of the shipped WenQuanYi
Micro Hei instead: it renders and extracts as text everywhere.
"""

from __future__ import annotations

import threading

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from crm_desktop.paths import cjk_font_path

FONT = "CrmCJK"
# The collection has no bold face; a bold look comes from a larger size or a rule, never
# from a Latin-only bold font that would drop Chinese characters.
FONT_BOLD = FONT

_lock = threading.Lock()


def register_fonts() -> str:
    """Register the shipped CJK font (idempotent, thread-safe) and return its reportlab name."""
    with _lock:
        if FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(FONT, str(cjk_font_path()), subfontIndex=0))
            pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT, italic=FONT, boldItalic=FONT)
    return FONT
