"""The booth card: what it says, and the same card as a PNG or PDF for a print shop.

A card is A6 (105 × 148 mm); the sheet is A4 with four cards to cut. Files are drawn at 300 dpi
with Pillow (already the shop's image library), and the PDF is that same drawing placed at its
true paper size by Pillow's PDF writer: a print shop gets exactly the PNG's card, and no second
drawing library (fpdf2, reportlab) has to lay the card out again. The QR code is segno's, scaled
by whole modules so its edges stay sharp at 300 dpi.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import segno
from flask import current_app, url_for
from PIL import Image, ImageDraw, ImageFont

from ..accounts.models import User
from ..accounts.phones import display
from ..brands.models import BrandListing, CollectiveBrand
from ..brands.seals import seal_clause
from ..catalogue.models import Product
from ..extensions import db
from ..producers.models import Membership, MemberRole
from .models import Booth

DPI = 300
A6 = (1240, 1748)  # 105 × 148 mm at 300 dpi
A4 = (2480, 3508)  # 210 × 297 mm
MARGIN = 80
INK, ACCENT, PAPER, RULE = (28, 28, 28), (140, 45, 25), (255, 255, 255), (190, 190, 190)


@dataclass(frozen=True)
class BoothCard:
    producer: str
    fair: str
    booth_number: str | None
    seals: list[str]
    whatsapp: str | None
    url: str  # what the QR opens

    @property
    def short_url(self) -> str:
        return self.url.split("://", 1)[-1]

    def qr(self) -> segno.QRCode:
        return segno.make(self.url, error="m", micro=False)

    def qr_data_uri(self) -> str:
        return self.qr().svg_data_uri(scale=8, border=4)


def seals_of(organisation_id: int, today: date | None = None) -> list[str]:
    """Names of the brands whose seal the organisation shows today on an approved listing."""
    return list(db.session.scalars(
        db.select(CollectiveBrand.name).distinct()
        .join(BrandListing, BrandListing.brand_id == CollectiveBrand.id)
        .join(Product, Product.id == BrandListing.product_id)
        .where(Product.organisation_id == organisation_id, seal_clause(today))
        .order_by(CollectiveBrand.name)
    ))


def whatsapp_of(booth: Booth) -> str | None:
    """The booth's own number, else the first owner's phone, for display."""
    number = booth.whatsapp or db.session.scalar(
        db.select(User.phone).join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id == booth.organisation_id, Membership.role == MemberRole.OWNER,
               User.phone.is_not(None))
        .order_by(Membership.created_at).limit(1)
    )
    return display(number) if number else None


def card_for(booth: Booth) -> BoothCard:
    return BoothCard(
        producer=booth.organisation.name,
        fair=booth.fair.name,
        booth_number=booth.number,
        seals=seals_of(booth.organisation_id),
        whatsapp=whatsapp_of(booth),
        url=url_for("fairs.scan", code=booth.code, _external=True),
    )


# Drawing ---------------------------------------------------------------------------------------


@lru_cache(maxsize=32)
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    # DejaVu Sans ships with the app (static/fonts, also the HTML card's font), so every server
    # draws "Chapoñán" the same; Pillow's built-in font has no accented letters.
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(Path(current_app.static_folder) / "fonts" / name), size)


def _wrapped(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and draw.textlength(candidate, font=font) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return lines + ([line] if line else [])


def _text(draw, xy, text: str, size: int, width: int, fill=INK, bold: bool = False) -> int:
    """Draw wrapped text from the top-left `xy`; return the y below it."""
    font = _font(size, bold)
    x, y = xy
    for line in _wrapped(draw, text, font, width):
        draw.text((x, y), line, font=font, fill=fill)
        y += int(size * 1.2)
    return y


def _qr_image(card: BoothCard, side: int) -> Image.Image:
    qr = card.qr()
    modules = qr.symbol_size(border=4)[0]
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=max(1, side // modules), border=4)
    buffer.seek(0)
    return Image.open(buffer).convert("RGB")


def draw_card(card: BoothCard, labels: dict[str, str]) -> Image.Image:
    """The A6 card at 300 dpi. `labels` are the card's words in the producer's language."""
    image = Image.new("RGB", A6, PAPER)
    draw = ImageDraw.Draw(image)
    width = A6[0] - 2 * MARGIN
    y = _text(draw, (MARGIN, MARGIN), card.fair, 44, width, fill=ACCENT)
    if card.booth_number:
        y = _text(draw, (MARGIN, y), f"{labels['booth']} {card.booth_number}", 40, width, fill=ACCENT)
    y = _text(draw, (MARGIN, y + 30), card.producer, 72, width, bold=True)
    if card.seals:
        y = _text(draw, (MARGIN, y + 10), f"{labels['seals']}: " + " · ".join(card.seals), 36, width)
    qr = _qr_image(card, min(820, A6[1] - y - 330))
    image.paste(qr, ((A6[0] - qr.width) // 2, y + 30))
    y += 30 + qr.height
    y = _text(draw, (MARGIN, y), labels["scan"], 38, width)
    y = _text(draw, (MARGIN, y), card.short_url, 34, width, fill=ACCENT)
    if card.whatsapp:
        _text(draw, (MARGIN, y + 20), f"WhatsApp {card.whatsapp}", 50, width, bold=True)
    return image


def draw_sheet(card: BoothCard, labels: dict[str, str]) -> Image.Image:
    """An A4 sheet with four copies of the card and grey lines to cut along."""
    sheet = Image.new("RGB", A4, PAPER)
    one = draw_card(card, labels)
    top = (A4[1] - 2 * A6[1]) // 2
    for row in range(2):
        for column in range(2):
            sheet.paste(one, (column * A6[0], top + row * A6[1]))
    draw = ImageDraw.Draw(sheet)
    draw.line([(A6[0], 0), (A6[0], A4[1])], fill=RULE, width=2)
    draw.line([(0, top + A6[1]), (A4[0], top + A6[1])], fill=RULE, width=2)
    return sheet


def as_png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(DPI, DPI), optimize=True)
    return buffer.getvalue()


def as_pdf(image: Image.Image, title: str) -> bytes:
    """One page at the drawing's true size (A6 or A4)."""
    buffer = io.BytesIO()
    image.save(buffer, format="PDF", resolution=DPI, title=title, author="Mercado Colectivo")
    return buffer.getvalue()
