"""What every PDF of IOK is made with: an A4 `Document` set in DejaVu (every
Polish letter), its building blocks (headings, paragraphs, boxes and lines
to fill in by hand), and `polish`, which renders a document in the site's
language whatever the reader's browser speaks, because the documents go to
tenants; the text still comes from the catalogue."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from fpdf import FPDF
from fpdf.enums import XPos, YPos

FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
LINE = 6  # mm between lines of running text


class Document(FPDF):
    """An A4 page set in DejaVu, which has every Polish letter."""

    def __init__(self, title: str):
        super().__init__(format="A4")
        for style, path in font_paths().items():
            self.add_font("DejaVu", style, str(path))
        self.set_margins(20, 15, 20)
        self.set_auto_page_break(True, margin=12)
        self.set_title(title)
        self.set_lang(settings.LANGUAGE_CODE)
        self.set_creator("IOK")
        self.add_page()
        self.set_font("DejaVu", size=10.5)

    def heading(self, text: str, size: float = 14) -> None:
        self.set_font("DejaVu", "B", size)
        self.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("DejaVu", size=10.5)
        self.ln(3)

    def paragraph(self, text: str, *, bold: bool = False) -> None:
        self.set_font("DejaVu", "B" if bold else "", 10.5)
        self.multi_cell(0, LINE, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("DejaVu", size=10.5)
        self.ln(2)

    def value(self, label: str, value: str) -> None:
        """A label and, in bold, what the reader copies from it."""
        self.cell(55, LINE + 2, label)
        self.set_font("DejaVu", "B", 13)
        self.cell(0, LINE + 2, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("DejaVu", size=10.5)

    def blank(self, label: str, lines: int = 1) -> None:
        """A label with dotted lines to write on by hand."""
        self.cell(0, LINE, label, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        for _line in range(lines):
            self.ln(8)
            self.dotted_line(self.l_margin, self.w - self.r_margin)
        self.ln(3)

    def dotted_line(self, start: float, end: float) -> None:
        self.set_dash_pattern(dash=0.6, gap=0.9)
        self.line(start, self.get_y(), end, self.get_y())
        self.set_dash_pattern()

    def boxes(self, label: str, count: int) -> None:
        """One box per character, as forms ask for a PESEL."""
        self.cell(0, LINE, label, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)
        for i in range(count):
            self.rect(self.l_margin + i * 7, self.get_y(), 7, 8)
        self.ln(12)

    def checkbox(self, text: str) -> None:
        self.rect(self.l_margin, self.get_y() + 1, 4.5, 4.5)
        self.set_x(self.l_margin + 8)
        self.multi_cell(0, LINE, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(3)

    def signature_lines(self, left: str, right: str) -> None:
        self.ln(10)
        half = (self.w - self.l_margin - self.r_margin) / 2
        self.dotted_line(self.l_margin, self.l_margin + half - 10)
        self.dotted_line(self.l_margin + half + 10, self.w - self.r_margin)
        self.ln(1)
        self.set_font("DejaVu", size=8.5)
        self.cell(half + 10, 5, left)
        self.cell(0, 5, right, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("DejaVu", size=10.5)
        self.ln(4)

    def small(self, text: str) -> None:
        self.set_font("DejaVu", size=8.5)
        self.multi_cell(0, 4.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("DejaVu", size=10.5)

    def as_bytes(self) -> bytes:
        return bytes(self.output())


def font_paths() -> dict[str, Path]:
    directory = Path(settings.IOK_PDF_FONT_DIR)
    paths = {style: directory / name for style, name in FONT_FILES.items()}
    for path in paths.values():
        if not path.is_file():
            raise ImproperlyConfigured(
                f"The PDF font {path} is missing, so no PDF with Polish letters can be made. "
                "Install the Debian package fonts-dejavu-core, or set IOK_PDF_FONT_DIR to a "
                f"directory holding {' and '.join(FONT_FILES.values())}."
            )
    return paths


def polish(render):
    """Render a document in the site's language, not the clerk's."""

    def rendered(*args, **kwargs) -> bytes:
        with translation.override(settings.LANGUAGE_CODE):
            return render(*args, **kwargs)

    return rendered
