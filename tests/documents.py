"""Small documents written by the tests themselves, in every supported format."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import docx
from fpdf import FPDF
from openpyxl import Workbook
from pypdf import PdfReader, PdfWriter

HEADER = "Acme Supply Agreement - Confidential"


def make_pdf(path: Path, pages: list[list[str]], *, header: str | None = HEADER) -> Path:
    """A text PDF; each page gets a running header and a 'Page N of M' footer."""
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    for number, lines in enumerate(pages, start=1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=10)
        if header:
            pdf.set_xy(10, 8)
            pdf.cell(0, 5, header)
        pdf.set_xy(10, 20)
        for line in lines:
            pdf.multi_cell(0, 5, line)
            pdf.ln(2)
        pdf.set_xy(10, 280)
        pdf.cell(0, 5, f"Page {number} of {len(pages)}")
    pdf.output(str(path))
    return path


def make_encrypted_pdf(path: Path, source: Path) -> Path:
    writer = PdfWriter()
    for page in PdfReader(str(source)).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner")
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def make_blank_pdf(path: Path, pages: int = 2) -> Path:
    """A PDF with no text layer, like a scan."""
    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
        pdf.rect(20, 20, 100, 60, style="F")
    pdf.output(str(path))
    return path


def make_docx(path: Path, *, title: str, sections: list[tuple[str, list[str]]],
              table: list[list[str]] | None = None, table_after: int = 0) -> Path:
    """A Word document with Heading 1 sections, paragraphs and optionally one table."""
    document = docx.Document()
    document.add_paragraph(title, style="Title")
    for index, (heading, paragraphs) in enumerate(sections):
        document.add_heading(heading, level=1)
        for text in paragraphs:
            document.add_paragraph(text)
        if table and index == table_after:
            grid = document.add_table(rows=len(table), cols=len(table[0]))
            for r, row in enumerate(table):
                for c, value in enumerate(row):
                    grid.cell(r, c).text = value
    document.save(str(path))
    return path


def make_xlsx(path: Path, sheets: dict[str, list[list[str]]]) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(str(path))
    return path


def make_eml(path: Path, *, subject: str, body: str) -> Path:
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = "Jane Roe <jane.roe@example.com>"
    message["To"] = "r.okafor@example.com"
    message["Date"] = "Tue, 10 Mar 2026 10:00:00 +0100"
    message.set_content(body)
    path.write_bytes(bytes(message))
    return path
