"""Certificate and record PDFs with an embedded CJK font.

The font is ``LMS_CERT_FONT`` when set, else the first CJK font found among common system
locations (Noto CJK, WenQuanYi, Droid, AR PL, Windows and macOS fonts). It is embedded as a
subset, so every viewer shows the same glyphs. Without any CJK font, the PDF falls back to
the non-embedded ``STSong-Light`` (viewers substitute their own font) and says so in the log.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, time
from functools import lru_cache
from pathlib import Path

import segno
from flask import current_app

from lms.certificates.models import Certificate

log = logging.getLogger(__name__)

CANDIDATES = [
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "C:/Windows/Fonts/simsun.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
]


@dataclass(frozen=True)
class CJKFont:
    path: str
    #: the face inside a .ttc collection (the Simplified Chinese one where there is a choice)
    index: int


@lru_cache(maxsize=8)
def _find_font(configured: str | None) -> CJKFont | None:
    paths = [configured] if configured else CANDIDATES
    for path in paths:
        if path and Path(path).is_file():
            return CJKFont(path, _simplified_chinese_face(path))
    if configured:
        log.error("LMS_CERT_FONT=%s does not exist", configured)
    return None


def _simplified_chinese_face(path: str) -> int:
    if not path.lower().endswith(".ttc"):
        return 0
    from fontTools.ttLib import TTCollection

    names = [face["name"].getDebugName(1) or "" for face in TTCollection(path).fonts]
    for wanted in (" SC", "SC", "Simplified", "GB"):
        for index, name in enumerate(names):
            if wanted in name:
                return index
    return 0


def cjk_font() -> CJKFont | None:
    return _find_font(current_app.config.get("LMS_CERT_FONT"))


def verify_url(serial: str) -> str:
    return f"{current_app.config['LMS_BASE_URL'].rstrip('/')}/verify/{serial}"


def _qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=2)
    return buffer.getvalue()


def _hours(value) -> str:  # type: ignore[no-untyped-def]
    from lms.web import _hours as fmt

    return fmt(value)


def certificate_lines(c: Certificate) -> dict[str, str]:
    """The certificate's wording (Chinese, as printed on paper)."""
    score = f"，考核成绩 {_hours(c.score)} 分" if c.score is not None else ""
    return {
        "title": "结业证书",
        "subtitle": "CERTIFICATE OF COMPLETION",
        "holder": f"{c.holder_name} 同志",
        "unit": f"（{c.unit_name}）",
        "body1": f"于 {c.completed_on.year} 年 {c.completed_on.month} 月 {c.completed_on.day} 日"
        + (f"完成《{c.title}》专题班学习" if c.is_class else f"完成《{c.title}》课程学习"),
        "body2": f"累计完成专题班课程 {_hours(c.credit_hours)} 学时，准予结业。"
        if c.is_class
        else f"经考核合格{score}，获得网络培训学时 {_hours(c.credit_hours)} 学时。",
        "issuer": "乡镇干部网络学院",
        "date": f"{c.issued_at.year} 年 {c.issued_at.month} 月 {c.issued_at.day} 日",
        "serial": f"证书编号：{c.serial}",
        "verify": f"查验：{verify_url(c.serial)}",
        "revoked": "已撤销 REVOKED" if c.revoked_at else "",
    }


def certificate_pdf(c: Certificate) -> bytes:
    """The certificate as an A4 landscape PDF; the same data gives the same bytes."""
    lines = certificate_lines(c)
    moment = datetime.combine(c.completed_on, time(0), tzinfo=UTC)
    font = cjk_font()
    if font is None:
        log.warning(
            "no CJK TrueType/OpenType font found: falling back to STSong-Light, "
            "which is not embedded; set LMS_CERT_FONT"
        )
        return _certificate_reportlab(lines, c.serial, moment)
    return _certificate_fpdf(lines, c.serial, moment, font)


def _certificate_fpdf(lines: dict[str, str], serial: str, moment: datetime, font: CJKFont) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_creation_date(moment)
    pdf.set_title(lines["title"])
    pdf.set_author(lines["issuer"])
    pdf.add_font("cjk", fname=font.path, collection_font_number=font.index)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_draw_color(179, 38, 30)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)
    pdf.set_line_width(0.4)
    pdf.rect(14, 14, 269, 182)

    def centred(text: str, y: float, size: float, red: bool = False) -> None:
        pdf.set_font("cjk", size=size)
        pdf.set_text_color(*((179, 38, 30) if red else (31, 35, 40)))
        pdf.set_xy(20, y)
        pdf.cell(257, size * 0.5, text, align="C")

    centred(lines["title"], 32, 40, red=True)
    centred(lines["subtitle"], 52, 11)
    centred(lines["holder"], 72, 22)
    centred(lines["unit"], 86, 14)
    centred(lines["body1"], 104, 16)
    centred(lines["body2"], 118, 16)
    pdf.set_font("cjk", size=14)
    pdf.set_text_color(31, 35, 40)
    pdf.set_xy(150, 150)
    pdf.cell(90, 8, lines["issuer"], align="C")
    pdf.set_xy(150, 160)
    pdf.cell(90, 8, lines["date"], align="C")
    pdf.set_font("cjk", size=9)
    pdf.set_xy(22, 176)
    pdf.cell(200, 5, lines["serial"])
    pdf.set_xy(22, 182)
    pdf.cell(200, 5, lines["verify"])
    pdf.image(io.BytesIO(_qr_png(verify_url(serial))), x=245, y=152, w=32, h=32)
    if lines["revoked"]:
        centred(lines["revoked"], 136, 28, red=True)
    return bytes(pdf.output())


def _certificate_reportlab(lines: dict[str, str], serial: str, moment: datetime) -> bytes:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    width, height = landscape(A4)
    page = canvas.Canvas(buffer, pagesize=(width, height), invariant=1)
    page.setTitle(lines["title"])
    page.setStrokeColorRGB(0.7, 0.15, 0.12)
    page.rect(10 * mm, 10 * mm, 277 * mm, 190 * mm)

    def centred(text: str, y_mm: float, size: float) -> None:
        page.setFont("STSong-Light", size)
        page.drawCentredString(width / 2, height - y_mm * mm, text)

    for key, y, size in (
        ("title", 40, 40),
        ("subtitle", 55, 11),
        ("holder", 78, 22),
        ("unit", 90, 14),
        ("body1", 108, 16),
        ("body2", 122, 16),
        ("revoked", 140, 28),
    ):
        if lines[key]:
            centred(lines[key], y, size)
    page.setFont("STSong-Light", 14)
    page.drawCentredString(195 * mm, height - 156 * mm, lines["issuer"])
    page.drawCentredString(195 * mm, height - 166 * mm, lines["date"])
    page.setFont("STSong-Light", 9)
    page.drawString(22 * mm, height - 180 * mm, lines["serial"])
    page.drawString(22 * mm, height - 186 * mm, lines["verify"])
    page.drawImage(
        ImageReader(io.BytesIO(_qr_png(verify_url(serial)))),
        245 * mm,
        height - 184 * mm,
        32 * mm,
        32 * mm,
    )
    page.showPage()
    page.save()
    return buffer.getvalue()


def document_pdf(
    title: str,
    rows: list[tuple[str, ...]],
    *,
    headings: tuple[str, ...],
    intro: list[str],
    moment: datetime,
) -> bytes:
    """A plain A4 document: a title, a few lines of text, and a table (the learning record)."""
    font = cjk_font()
    if font is None:
        log.warning("no CJK TrueType/OpenType font found: falling back to STSong-Light")
        return _document_reportlab(title, rows, headings, intro, moment)
    from fpdf import FPDF

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_creation_date(moment)
    pdf.set_title(title)
    pdf.add_font("cjk", fname=font.path, collection_font_number=font.index)
    pdf.add_page()
    pdf.set_font("cjk", size=18)
    pdf.cell(0, 12, title, new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font("cjk", size=11)
    for line in intro:
        pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("cjk", size=10)
    from fpdf.fonts import FontFace

    widths = (30, 90, 45, 20) if len(headings) == 4 else None
    # the CJK font has one face, so headings are shaded rather than bold
    heading_style = FontFace(emphasis="", fill_color=(238, 241, 244))
    with pdf.table(
        col_widths=widths, text_align="LEFT", line_height=6, headings_style=heading_style
    ) as table:
        table.row(headings)
        for row in rows:
            table.row(row)
    return bytes(pdf.output())


def _document_reportlab(
    title: str,
    rows: list[tuple[str, ...]],
    headings: tuple[str, ...],
    intro: list[str],
    moment: datetime,
) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    page.setTitle(title)
    y = A4[1] - 20 * mm
    page.setFont("STSong-Light", 18)
    page.drawCentredString(A4[0] / 2, y, title)
    y -= 12 * mm
    page.setFont("STSong-Light", 10)
    for line in [*intro, "", "　".join(headings), *("　".join(r) for r in rows)]:
        if y < 20 * mm:
            page.showPage()
            page.setFont("STSong-Light", 10)
            y = A4[1] - 20 * mm
        page.drawString(18 * mm, y, line)
        y -= 6 * mm
    page.showPage()
    page.save()
    return buffer.getvalue()
