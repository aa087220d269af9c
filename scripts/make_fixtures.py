"""Development-time generator of the format fixtures under tests/fixtures/ (CI never runs it).

Re-typesets a bundled report as DOCX with the official template's table structure (merged
cells as in 国办公开办函〔2019〕60号 / 〔2021〕30号), then asks LibreOffice for PDF, HTML and
text, re-encodes the text and HTML as GBK, and renders the PDF into an image-only "scan".
The values come from the hand-read expected JSON of the source report (tests/expected/), which
is copied beside the fixtures as their expected values.

    python scripts/make_fixtures.py            # needs: soffice, pdftoppm (apt), python-docx, pillow
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.extraction import extract_file  # noqa: E402
from extract.template import (  # noqa: E402
    REQUEST_COLUMNS,
    REVIEW_COLUMNS,
    TemplateVersion,
    proactive_rows,
    request_rows,
)

FIXTURES = ROOT / "tests" / "fixtures"
EXPECTED = ROOT / "tests" / "expected" / "real"
ITEM_TITLES = {
    1: "第二十条第（一）项",
    5: "第二十条第（五）项",
    6: "第二十条第（六）项",
    8: "第二十条第（八）项",
    9: "第二十条第（九）项",
}
GROUP_TITLES = {3: "（三）不予公开", 4: "（四）无法提供", 5: "（五）不予处理", 6: "（六）其他处理"}


def fmt(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def set_cell(cell, text: str) -> None:
    cell.text = text
    for paragraph in cell.paragraphs:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for run in paragraph.runs:
            run.font.size = Pt(9)


def set_widths(table, widths_cm: list[float]) -> None:
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=False):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=False):
            cell.width = Cm(width)


def proactive_table(document, expected: dict, version: TemplateVersion) -> None:
    specs = [p for p in proactive_rows(version) if p.row.key in expected["proactive"]]
    table = document.add_table(rows=0, cols=4)
    table.style = "Table Grid"
    group = None
    for spec in specs:
        columns = spec.columns[version]
        if spec.row.group != group:
            group = spec.row.group
            title = table.add_row().cells
            set_cell(title[0], ITEM_TITLES[group])
            title[0].merge(title[3])
            header = table.add_row().cells
            set_cell(header[0], "信息内容")
            for i, column in enumerate(columns, 1):
                set_cell(header[i], column.label)
            if len(columns) < 3:
                header[len(columns)].merge(header[3])
        row = table.add_row().cells
        set_cell(
            row[0],
            spec.row.label
            if version == TemplateVersion.V2019 or spec.row.key != "normative_documents"
            else "行政规范性文件",
        )
        for i, value in enumerate(expected["proactive"][spec.row.key], 1):
            set_cell(row[i], fmt(value))
        if len(columns) < 3:
            row[len(columns)].merge(row[3])
    set_widths(table, [5.0, 3.8, 3.8, 3.8])


def requests_table(document, expected: dict, version: TemplateVersion) -> None:
    rows = request_rows(version)
    table = document.add_table(rows=3, cols=10)
    table.style = "Table Grid"
    head = table.rows
    set_cell(
        head[0].cells[0], "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    )
    head[0].cells[0].merge(head[2].cells[2])
    set_cell(head[0].cells[3], "申请人情况")
    head[0].cells[3].merge(head[0].cells[9])
    set_cell(head[1].cells[3], "自然人")
    head[1].cells[3].merge(head[2].cells[3])
    set_cell(head[1].cells[4], "法人或其他组织")
    head[1].cells[4].merge(head[1].cells[8])
    set_cell(head[1].cells[9], "总计")
    head[1].cells[9].merge(head[2].cells[9])
    for i, column in enumerate(REQUEST_COLUMNS[1:6], 4):
        set_cell(head[2].cells[i], column.label)
    first_outcome = last_outcome = None
    group_rows: dict[int, list] = {}
    for row in rows:
        cells = table.add_row().cells
        for i, value in enumerate(expected["requests"][row.key], 3):
            set_cell(cells[i], fmt(value))
        if row.key in ("new_received", "carried_over", "carried_forward"):
            set_cell(cells[0], row.label)
            cells[0].merge(cells[2])
            continue
        first_outcome = first_outcome or cells[0]
        last_outcome = cells[0]
        if row.number is None:  # （一）（二）（七） and 2019's （六）
            set_cell(cells[1], row.label)
            cells[1].merge(cells[2])
        else:
            set_cell(cells[2], row.label)
            group_rows.setdefault(row.group, []).append(cells[1])
    set_cell(first_outcome, "三、本年度办理结果")
    first_outcome.merge(last_outcome)
    for group, column_cells in group_rows.items():
        set_cell(column_cells[0], GROUP_TITLES[group])
        column_cells[0].merge(column_cells[-1])
    set_widths(table, [1.2, 1.6, 4.4] + [1.4] * 7)


def review_table(document, expected: dict) -> None:
    table = document.add_table(rows=4, cols=15)
    table.style = "Table Grid"
    r = table.rows
    set_cell(r[0].cells[0], "行政复议")
    r[0].cells[0].merge(r[0].cells[4])
    set_cell(r[0].cells[5], "行政诉讼")
    r[0].cells[5].merge(r[0].cells[14])
    for i, column in enumerate(REVIEW_COLUMNS):
        set_cell(r[1].cells[i], column.label)
        r[1].cells[i].merge(r[2].cells[i])
        set_cell(r[2].cells[5 + i], column.label)
        set_cell(r[2].cells[10 + i], column.label)
    set_cell(r[1].cells[5], "未经复议直接起诉")
    r[1].cells[5].merge(r[1].cells[9])
    set_cell(r[1].cells[10], "复议后起诉")
    r[1].cells[10].merge(r[1].cells[14])
    for i, value in enumerate(expected["review_litigation"]):
        set_cell(r[3].cells[i], fmt(value))
    set_widths(table, [1.1] * 15)


def build_docx(source: Path, expected: dict, target: Path, padding: int) -> None:
    """The report's own title and narrative, the three tables rebuilt from the expected values."""
    version = TemplateVersion(expected["template"])
    sections = {s.number: s for s in extract_file(source).sections}
    document = docx.Document()
    title = document.add_paragraph(expected["agency_name"])
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading = document.add_paragraph(f"{expected['report_year']}年政府信息公开工作年度报告")
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.core_properties.title = (
        f"{expected['agency_name']}{expected['report_year']}年政府信息公开工作年度报告"
    )
    narrative = {
        n: re.sub(r"[\t ]+", " ", sections[n].text) if n in sections else "无。" for n in (1, 5, 6)
    }
    document.add_paragraph("一、总体情况")
    for paragraph in narrative[1].split("\n")[: 6 + padding]:
        document.add_paragraph(paragraph)
    document.add_paragraph("二、主动公开政府信息情况")
    proactive_table(document, expected, version)
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    requests_table(document, expected, version)
    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    review_table(document, expected)
    document.add_paragraph("五、存在的主要问题及改进情况")
    document.add_paragraph(narrative[5])
    document.add_paragraph("六、其他需要报告的事项")
    document.add_paragraph(narrative[6])
    document.add_paragraph(expected["agency_name"])
    document.save(target)


def soffice(source: Path, target_format: str, outdir: Path) -> Path:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                "soffice",
                "--headless",
                f"-env:UserInstallation=file://{profile}",
                "--convert-to",
                target_format,
                "--outdir",
                str(outdir),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    extension = target_format.split(":")[0]
    return outdir / f"{source.stem}.{extension}"


def scan(pdf: Path, target: Path) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), f"{workdir}/page"], check=True)
        pages = [Image.open(p).convert("RGB") for p in sorted(Path(workdir).glob("page*.png"))]
        pages[0].save(target, save_all=True, append_images=pages[1:], resolution=150)


def to_gbk(source: Path, target: Path, html: bool) -> None:
    text = source.read_text(encoding="utf-8")
    if html:
        text = re.sub(r"charset=utf-8", "charset=gbk", text, flags=re.IGNORECASE)
        text = re.sub(r'encoding="utf-8"', 'encoding="gbk"', text, flags=re.IGNORECASE)
    target.write_bytes(text.encode("gb18030"))


def make(stem: str, padding: int) -> None:
    expected = json.loads((EXPECTED / f"{stem}.json").read_text(encoding="utf-8"))
    source = next((ROOT / "samples").rglob(f"{stem}.*"))
    (FIXTURES / "expected").mkdir(parents=True, exist_ok=True)
    shutil.copy(EXPECTED / f"{stem}.json", FIXTURES / "expected" / f"{stem}.json")
    docx_path = FIXTURES / f"{stem}.docx"
    build_docx(source, expected, docx_path, padding)
    with tempfile.TemporaryDirectory() as workdir:
        out = Path(workdir)
        shutil.copy(soffice(docx_path, "pdf", out), FIXTURES / f"{stem}.pdf")
        to_gbk(
            soffice(docx_path, "html:XHTML Writer File:UTF8", out),
            FIXTURES / f"{stem}.gbk.html",
            html=True,
        )
        to_gbk(
            soffice(docx_path, "txt:Text (encoded):UTF8", out),
            FIXTURES / f"{stem}.gbk.txt",
            html=False,
        )
        shutil.copy(docx_path, out / f"{stem}.doc.docx")
        doc = soffice(out / f"{stem}.doc.docx", "doc:MS Word 97", out)
        shutil.copy(doc, FIXTURES / f"{stem}.doc")
    scan(FIXTURES / f"{stem}.pdf", FIXTURES / f"{stem}.scan.pdf")


if __name__ == "__main__":
    FIXTURES.mkdir(parents=True, exist_ok=True)
    make("h13_huaian_city_gov_2024", padding=int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    make("h01_shanghai_gov_office_2019", padding=0)
