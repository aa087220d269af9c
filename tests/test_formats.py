"""The same report as DOCX, PDF (LibreOffice export), legacy DOC, GBK HTML, GBK text and a scan.

Fixtures in tests/fixtures/ were generated once by scripts/make_fixtures.py (LibreOffice at
development time) from the hand-read values of h01 (template 2019, blank cells) and h13
(template 2021); their expected values are those hand-read files (tests/fixtures/expected/).
"""

from __future__ import annotations

import codecs
import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from extract.align import Method
from extract.encoding import decode_bytes
from extract.extraction import Status, extract_file
from ogi.accuracy import score_report
from ogi.cli import main
from tests.conftest import require_tool

FIXTURES = Path(__file__).resolve().parent / "fixtures"
STEMS = ("h01_shanghai_gov_office_2019", "h13_huaian_city_gov_2024")
READABLE = ("docx", "pdf", "gbk.html", "gbk.txt", "mineru.md", "marker.md")


def _expected(stem: str) -> dict:
    return json.loads((FIXTURES / "expected" / f"{stem}.json").read_text(encoding="utf-8"))


def _values(path: Path) -> set[tuple[str, str, str, float | None, bool]]:
    return {
        (v.table_key.value, v.row_key, v.col_key, v.value, v.is_blank)
        for v in extract_file(path).values
    }


@pytest.mark.parametrize("suffix", READABLE)
@pytest.mark.parametrize("stem", STEMS)
def test_every_cell_of_every_format(stem: str, suffix: str) -> None:
    report = extract_file(FIXTURES / f"{stem}.{suffix}")
    score = score_report(report, _expected(stem))
    assert score.misses == [] and score.cells >= 198
    assert score.metadata_correct


@pytest.mark.parametrize("stem", STEMS)
def test_all_formats_give_the_same_values(stem: str) -> None:
    reference = _values(FIXTURES / f"{stem}.docx")
    for suffix in READABLE[1:]:
        assert _values(FIXTURES / f"{stem}.{suffix}") == reference, suffix


@pytest.mark.parametrize("stem", STEMS)
def test_legacy_doc_is_read(stem: str) -> None:
    """.doc through LibreOffice: every hand-read cell. CI installs LibreOffice (.ci/run), so there
    this test reads the documents; on a machine without it, it fails rather than pass vacuously."""
    require_tool("soffice", "apt-get install libreoffice-writer-nogui")
    report = extract_file(FIXTURES / f"{stem}.doc")
    score = score_report(report, _expected(stem))
    assert score.misses == [] and score.cells >= 198
    assert score.metadata_correct


@pytest.mark.parametrize("stem", STEMS)
def test_scan_read_by_ocr(stem: str) -> None:
    pytest.importorskip(
        "rapidocr_onnxruntime", reason="the ocr extra is not installed (make test installs it)"
    )
    report = extract_file(FIXTURES / f"{stem}.scan.pdf")
    assert score_report(report, _expected(stem)).misses == []
    assert all(v.is_ocr for v in report.values)
    assert all(v.ocr_confidence is not None for v in report.values if not v.is_blank)
    assert report.layout == "ocr"


def test_scan_without_the_ocr_extra_is_needs_ocr_not_an_empty_success(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import builtins

    real_import = builtins.__import__

    def no_rapidocr(name: str, *args: object, **kwargs: object) -> object:
        if name.startswith("rapidocr_onnxruntime"):
            raise ModuleNotFoundError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_rapidocr)
    report = extract_file(FIXTURES / "h13_huaian_city_gov_2024.scan.pdf")
    assert report.status == Status.FAILED
    assert report.error is not None and report.error.startswith("needs_ocr")


def test_pdf_row_broken_across_pages_mid_row() -> None:
    # In the fixture, the label 2.没有现成信息需要另行制|作 is cut by the page break.
    report = extract_file(FIXTURES / "h13_huaian_city_gov_2024.pdf")
    value = next(
        v
        for v in report.values
        if v.row_key == "unavailable_needs_creation" and v.col_key == "total"
    )
    nxt = next(
        v for v in report.values if v.row_key == "unavailable_unclear" and v.col_key == "total"
    )
    assert (value.value, value.page, nxt.value, nxt.page) == (11, 1, 1, 2)


def test_docx_vertical_merges_are_not_cells() -> None:
    report = extract_file(FIXTURES / "h13_huaian_city_gov_2024.docx")
    labels = [
        v.raw_row_label
        for v in report.values
        if v.row_key == "denied_third_party" and v.col_key == "total"
    ]
    assert labels == ["4.保护第三方合法权益"]  # the merged （三）不予公开 cell is not repeated


@pytest.mark.parametrize(
    ("raw", "note"),
    [
        ("总计".encode("gbk"), "encoding: gb18030"),
        (codecs.BOM_UTF16_LE + "总计".encode("utf-16-le"), "encoding: utf-16"),
        (codecs.BOM_UTF8 + "总计".encode(), None),
        ("总计".encode(), None),
    ],
)
def test_encodings(raw: bytes, note: str | None) -> None:
    assert decode_bytes(raw) == ("总计", note)


def test_declared_charset_that_lies_is_noted() -> None:
    assert decode_bytes("总计".encode(), declared="gbk") == (
        "总计",
        "encoding: declared gbk but the bytes are UTF-8",
    )


def test_score_command_prints_full_accuracy(capsys: pytest.CaptureFixture[str]) -> None:
    """`ogi score` with its defaults: the bundled samples and every fixture."""
    assert main(["score"]) == 0
    table = capsys.readouterr().out
    all_row = next(line for line in table.splitlines() if line.startswith("ALL"))
    assert "100.00%" in all_row


def test_doc_without_libreoffice_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("extract.formats.doc.shutil.which", lambda name: None)
    report = extract_file(FIXTURES / "h13_huaian_city_gov_2024.doc")
    assert report.status == Status.FAILED
    assert (
        report.error
        == "unsupported: install libreoffice to read .doc/.wps (apt-get install libreoffice-writer-nogui)"
    )


def test_docx_table_nested_in_a_layout_table(tmp_path: Path) -> None:
    """Some portals' Word files wrap the whole report table in a one-cell layout table."""
    import docx

    source = extract_file(FIXTURES / "h13_huaian_city_gov_2024.docx")
    original = docx.Document(str(FIXTURES / "h13_huaian_city_gov_2024.docx"))
    body = original.element.body
    tables = list(
        body.iterchildren("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tbl")
    )
    requests_table = tables[1]
    wrapper = original.add_table(rows=1, cols=1)
    requests_table.addprevious(wrapper._tbl)
    wrapper.cell(0, 0)._tc.append(requests_table)  # moves the table inside the wrapper's cell
    wrapper.cell(0, 0)._tc.append(
        wrapper.cell(0, 0)._tc.makeelement(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p", {}
        )
    )
    nested = tmp_path / "nested.docx"
    original.save(str(nested))
    assert _values(nested) == {
        (v.table_key.value, v.row_key, v.col_key, v.value, v.is_blank) for v in source.values
    }


def test_pdf_table_pages_and_overprinting() -> None:
    from extract.formats.pdf import _overprinted, _table_pages

    narrative = "政府信息公开行政复议351件，其中结果纠正64件。"  # prose naming the tables' subjects
    continuation = (
        "法提供 2.没有现成信息需要另行制作 11 0 0 0 0 0 11"  # h13 page 5: a row carried over
    )
    header = "第二十条 第（一）项\n信息内容 本年制发件数"
    assert _table_pages([narrative, continuation, header]) == {2, 3}
    assert _overprinted("总总计计") and not _overprinted("总计") and not _overprinted("0000")


def _spanned_other_handling(source: Path) -> bytes:
    """h13's HTML with （六）'s three rows printed as one value cell spanning them (rowspan=3), as
    some portals print it; the value is the three rows' sum."""
    import lxml.html

    markup = re.sub(r"^\s*<\?xml[^>]*\?>", "", source.read_bytes().decode("gbk"))
    root = lxml.html.document_fromstring(markup)
    first = root.xpath("//tr[td[contains(., '逾期不补正')]]")[0]
    second, third = first.getnext(), first.getnext().getnext()
    group_sum = ["181", "5", "0", "0", "1", "0", "187"]  # 67+6+108, 3+0+2, …, 71+6+110
    for td, value in zip(first.xpath("./td")[-7:], group_sum, strict=True):
        td.set("rowspan", "3")
        for child in list(td):
            td.remove(child)
        td.text = value
    for row in (second, third):
        for td in row.xpath("./td")[-7:]:
            row.remove(td)
    return lxml.html.tostring(root, encoding="utf-8")


def test_value_spanning_the_three_rows_of_other_handling_is_the_groups(tmp_path: Path) -> None:
    path = tmp_path / "huaian_spanned.html"
    path.write_bytes(_spanned_other_handling(FIXTURES / "h13_huaian_city_gov_2024.gbk.html"))
    report = extract_file(path)
    values = {(v.row_key, v.col_key): v for v in report.values if v.table_key.value == "requests"}
    assert [
        values[("other_handling", c)].value for c in ("natural_person", "commercial", "total")
    ] == [181, 5, 187]
    for row in ("other_no_correction", "other_unpaid_fee", "other_other"):
        assert (
            values[(row, "total")].value is None
            and values[(row, "total")].method == Method.AMBIGUOUS
        )  # never copied
    assert values[("total_processed", "total")].value == 3050  # the rows after it keep their place
    assert any(
        "spans the rows other_no_correction, other_unpaid_fee, other_other" in w
        for w in report.warnings
    )


def test_run_without_libreoffice_reads_the_rest_and_says_what_waits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(FIXTURES / "h13_huaian_city_gov_2024.doc", folder)
    shutil.copy(FIXTURES / "h13_huaian_city_gov_2024.gbk.html", folder)
    monkeypatch.setenv(
        "PATH", str(Path(sys.executable).parent)
    )  # no soffice on it, in the workers too
    assert main(["extract", str(folder), "--out", str(tmp_path / "w")]) == 0
    said = capsys.readouterr().out.strip().splitlines()
    assert "(failed 1, parsed_with_warnings 1)" in said[0]  # the HTML is read; the .doc waits
    assert (
        said[-1].startswith("note: 1 .doc/.wps files wait on LibreOffice")
        and "apt-get install libreoffice-writer-nogui" in said[-1]
    )


@pytest.mark.parametrize(
    "fixture", ["h13_huaian_city_gov_2024.mineru.md", "h01_shanghai_gov_office_2019.marker.md"]
)
def test_converter_markdown_saved_as_text_is_read_as_markdown(tmp_path: Path, fixture: str) -> None:
    """A converter's output saved as .txt (HTML table blocks, or pipe tables) reads the same."""
    as_text = tmp_path / fixture.replace(".md", ".txt")
    shutil.copy(FIXTURES / fixture, as_text)
    report = extract_file(as_text)
    assert report.layout == "markdown"
    assert _values(as_text) == _values(FIXTURES / fixture)


def test_markdown_blank_dash_is_blank_and_detached_rows_are_placed() -> None:
    """marker-style h01: ``-`` cells stay blank (h01 leaves 总计 of detail rows empty), and the row
    whose label was detached onto a loose line is placed by the template's order."""
    report = extract_file(FIXTURES / "h01_shanghai_gov_office_2019.marker.md")
    values = {(v.row_key, v.col_key): v for v in report.values if v.table_key.value == "requests"}
    granted_total = values[("granted", "total")]
    assert (
        granted_total.is_blank and granted_total.value is None and granted_total.value_text == "-"
    )
    carried = values[("carried_over", "natural_person")]
    assert (carried.value, carried.method, carried.raw_row_label) == (
        18,
        Method.PLACED_BY_ORDER,
        "",
    )
