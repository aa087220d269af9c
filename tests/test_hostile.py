"""Broken and hostile input in one batch with real reports: no crash, every file accounted for
with a reason, the real reports' values unchanged, nothing read from outside the input tree.
The cases are generated here, not committed as blobs."""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import polars as pl
import pytest

from extract.extraction import extract_file
from ogi.cli import main
from ogi.pipeline import Warehouse, locked
from tests.conftest import SAMPLES, sample_path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REAL = ("h13_huaian_city_gov_2024", "001_133ea6e3b8938548")


def _docx_with(document_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    """A DOCX built from the fixture's parts with word/document.xml replaced."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(FIXTURES / "h13_huaian_city_gov_2024.docx") as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(
                item.filename,
                document_xml
                if item.filename == "word/document.xml"
                else source.read(item.filename),
            )
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return buffer.getvalue()


def make_cases(folder: Path) -> dict[str, str]:
    """file name → the kind of trouble it is."""
    pdf = (FIXTURES / "h13_huaian_city_gov_2024.pdf").read_bytes()
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>'
    )
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(
            f'<!ENTITY {c} "{"&" + p + ";" * 1}{("&" + p + ";") * 9}">'.encode()
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        )
        + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>'
    )
    w = b"<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'>"
    cases = {
        "truncated.pdf": (pdf[: len(pdf) // 3], "truncated PDF"),
        "bad_xref.pdf": (pdf.replace(b"xref", b"xrof"), "corrupted xref"),
        "photo.pdf": (b"\xff\xd8\xff\xe0\x00\x10JFIF" + os.urandom(2000), "a JPEG renamed .pdf"),
        "empty.txt": (b"", "empty file"),
        "nul bytes.txt": (b"\x00" * 1000 + "本年新收".encode() + b"\x00" * 1000, "NUL bytes, a space in the name"),
        "中文 名称.html": (
            "<html><body>" + "<div>" * 5000 + "深" + "</div>" * 5000 + "</body></html>",
            "deeply nested tags",
        ),
        "long_line.txt": ("字" * 3_500_000, "a 10 MB single line"),
        "invalid.html": (b"<html><body>\xff\xfe\xfa\x80 \xc3\x28</body></html>", "invalid encoding"),
        "xxe.docx": (_docx_with(xxe), "external entity in the XML"),
        "laughs.docx": (_docx_with(laughs), "billion laughs"),
        "traversal.docx": (_docx_with(w + b"</w:document>", {"../../evil.txt": b"x"}), "path traversal"),
        "zipbomb.docx": (_docx_with(w + b"<w:body>" + b" " * 300_000_000 + b"</w:body></w:document>"), "zip bomb"),
        "macro.docm": (b"PK\x03\x04macro", "a macro-enabled file"),
        "notes.xyz": (b"hello", "unsupported format"),
    }  # fmt: skip
    for name, (content, _) in cases.items():
        data = content.encode() if isinstance(content, str) else content
        (folder / name).write_bytes(data)
    with (folder / "huge.html").open("wb") as sparse:  # 300 MB without using the disk
        sparse.truncate(300 * 2**20)
    pdf_header = b"%PDF-1.4\n"
    hand_made = {
        "encrypted.pdf": pdf_header
        + b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj"
        b" trailer<</Root 1 0 R/Encrypt<</Filter/Standard/V 2/R 3/O(x)/U(y)/P -4>>>>\n%%EOF",
        "circular.pdf": pdf_header
        + b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[2 0 R]/Count 1>>endobj"
        b" trailer<</Root 1 0 R>>\n%%EOF",
        "page_count.pdf": pdf_header
        + b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 100000000>>endobj"
        b" 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj trailer<</Root 1 0 R>>\n%%EOF",
        "nested_forms.pdf": pdf_header
        + b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj"
        b" 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</XObject<</F 4 0 "
        b"R>>>>/Contents 5 0 R>>endobj"
        b" 4 0 obj<</Type/XObject/Subtype/Form/BBox[0 0 10 10]/Resources<</XObject<</F 4 0 "
        b"R>>>>/Length 7>>stream\n/F Do\nendstream endobj"
        b" 5 0 obj<</Length 7>>stream\n/F Do\nendstream endobj trailer<</Root 1 0 R>>\n%%EOF",
    }
    bomb = zlib.compress(b"0 0 m " * 40_000_000, 9)  # 240 MB of drawing operators in ~250 kB
    hand_made["bomb.pdf"] = (
        pdf_header
        + b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj"
        b" 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>endobj"
        b" 4 0 obj<</Length "
        + str(len(bomb)).encode()
        + b"/Filter/FlateDecode>>stream\n"
        + bomb
        + b"\nendstream endobj trailer<</Root 1 0 R>>\n%%EOF"
    )
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w") as archive:
        for i in range(20_000):
            archive.writestr(f"word/media/{i}.bin", b"")
    hand_made["many_entries.docx"] = many.getvalue()
    hand_made["line\nbreak.txt"] = b"\t\xe6\x9c\xac"
    for name, data in hand_made.items():
        (folder / name).write_bytes(data)
    cases |= {
        "huge.html": ("", "300 MB"),
        **{name: (data, name) for name, data in hand_made.items()},
    }
    outside = folder.parent / "outside.txt"
    outside.write_text("secret", encoding="utf-8")
    (folder / "link_out.txt").symlink_to(outside)
    for stem in REAL:
        shutil.copy(sample_path(stem), folder)
    shutil.copy(sample_path(REAL[1]), folder / "same bytes again.txt")
    return {name: why for name, (_, why) in cases.items()} | {
        "link_out.txt": "symlink out of the tree",
        "same bytes again.txt": "duplicate",
    }


def test_hostile_batch(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    cases = make_cases(folder)
    out = tmp_path / "w"
    assert (
        main(
            [
                "extract",
                str(folder),
                "--out",
                str(out),
                "--jobs",
                "2",
                "--timeout",
                "60",
                "--memory-mb",
                "2048",
            ]
        )
        == 0
    )
    reports = pl.read_parquet(out / "raw" / "reports.parquet")
    states = {r["source_file"]: r for r in reports.iter_rows(named=True)}
    assert set(states) == set(cases) | {
        sample_path(s).name for s in REAL
    }  # every file accounted for
    for name in cases:
        assert states[name]["status"] == "failed", name
        assert states[name]["error"], name  # with a reason
    assert states["link_out.txt"]["error"] == "not read: a link to a file outside the input folder"
    assert states["same bytes again.txt"]["error"] == f"duplicate of {sample_path(REAL[1]).name}"
    assert states["empty.txt"]["error"] == "empty file"
    assert states["notes.xyz"]["error"] == "unsupported format: .xyz"
    assert states["huge.html"]["error"] == "too large: 300 MB (limit 200 MB)"
    cells = pl.read_parquet(out / "raw" / "cells.parquet")
    assert "secret" not in " ".join(cells["value_text"].drop_nulls())
    sections = pl.read_parquet(out / "raw" / "sections.parquet")
    hostname = (
        Path("/etc/hostname").read_text(encoding="utf-8").strip()
        if Path("/etc/hostname").exists()
        else ""
    )
    if hostname:  # the external entity was not resolved
        assert hostname not in " ".join(sections["body"])
    for stem in REAL:  # the real reports' values unchanged by the company they keep
        got = cells.join(
            reports.filter(pl.col("source_file") == sample_path(stem).name).select("report_id"),
            on="report_id",
        )
        landed = set(
            zip(
                got["table_key"],
                got["row_key"],
                got["col_key"],
                got["value"],
                got["is_blank"],
                strict=True,
            )
        )
        direct = {
            (v.table_key.value, v.row_key, v.col_key, v.value, v.is_blank)
            for v in extract_file(sample_path(stem)).values
        }
        assert landed == direct


def test_second_writer_fails_fast_naming_the_holder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "w"
    with locked(Warehouse(out)):
        assert main(["extract", str(sample_path(REAL[1])), "--out", str(out)]) == 1
    said = capsys.readouterr().err
    assert f"is in use by ogi pid {os.getpid()}" in said


def _wait_until(condition, seconds: float) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def _children(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (read from /proc)."""
    found = set()
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            lines = status.read_text().splitlines()
        except OSError:
            continue
        if f"PPid:\t{pid}" in lines:
            found.add(int(status.parent.name))
    return found


def _alive(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    try:
        return "State:\tZ" not in status.read_text()
    except OSError:
        return False


def _wait_for_pause(
    out: Path, step: str, running: subprocess.Popen[bytes], seconds: float = 300
) -> None:
    """The run announces the step it stopped at (OGI_PAUSE_AT) and waits there to be killed."""
    marker = out / ".paused"
    deadline = time.monotonic() + seconds
    while not (marker.exists() and marker.read_text(encoding="utf-8") == step):
        assert running.poll() is None, f"the run ended before reaching {step}"
        assert time.monotonic() < deadline, f"never reached {step}"
        time.sleep(0.05)


# Every place a kill can do harm: during extraction, with the new raw layer, database or
# published set complete but not yet swapped in.
KILL_POINTS = {"extract": 7, "swap raw": 6, "swap database": 6, "swap publish": 6}


@pytest.mark.parametrize("step", KILL_POINTS)
def test_killed_run_leaves_published_files_and_the_next_run_completes(
    tmp_path: Path, step: str
) -> None:
    folder, out = tmp_path / "in", tmp_path / "w"
    shutil.copytree(SAMPLES / "seeds", folder)
    command = [sys.executable, "-m", "ogi.cli", "run", str(folder), "--out", str(out)]
    subprocess.run(command, check=True, capture_output=True)
    before = {p.name: p.read_bytes() for p in (out / "publish").glob("*.parquet")}
    shutil.copy(sample_path("h12_shuyang_county_ndrc_2023"), folder)
    if step == "extract":
        shutil.copy(FIXTURES / "h13_huaian_city_gov_2024.scan.pdf", folder)
    paused = {**os.environ, "OGI_PAUSE_AT": step}
    running = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=paused
    )
    try:
        _wait_for_pause(out, step, running)
        workers = _children(running.pid)
    finally:
        running.send_signal(signal.SIGKILL)
        running.wait()
    if step == "extract":  # the workers die with the run: none is left reading the scan
        assert workers
        assert _wait_until(lambda: not any(map(_alive, workers)), 30), (
            "extraction workers outlived the killed run"
        )
    assert {p.name: p.read_bytes() for p in (out / "publish").glob("*.parquet")} == before  # intact
    assert pl.read_parquet(out / "publish" / "dim_reports.parquet").height == 5  # and readable
    finished = subprocess.run(command, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    assert "up to date" not in finished.stdout
    assert pl.read_parquet(out / "publish" / "dim_reports.parquet").height == KILL_POINTS[step]
