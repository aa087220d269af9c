"""Legacy binary Word/WPS (.doc, .wps): converted to DOCX by LibreOffice when it is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from extract.document import Document
from extract.formats.docx import read_docx

CONVERSION_TIMEOUT_SECONDS = 120


NEEDS_LIBREOFFICE = (
    "unsupported: install libreoffice to read .doc/.wps (apt-get install libreoffice-writer-nogui)"
)


class UnsupportedFormatError(ValueError):
    """The format needs a tool that is not installed."""


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_doc(path: Path) -> Document:
    binary = _soffice()
    if binary is None:
        raise UnsupportedFormatError(NEEDS_LIBREOFFICE)
    with tempfile.TemporaryDirectory(prefix="ogi-doc-") as workdir:
        command = [
            binary,
            "--headless",
            f"-env:UserInstallation=file://{workdir}/profile",
            "--convert-to",
            "docx",
            "--outdir",
            workdir,
            str(path),
        ]
        try:
            subprocess.run(
                command, check=True, capture_output=True, timeout=CONVERSION_TIMEOUT_SECONDS
            )
        except subprocess.TimeoutExpired as exc:
            raise UnsupportedFormatError(
                f"timed out: LibreOffice took over {CONVERSION_TIMEOUT_SECONDS}s to convert"
            ) from exc
        except subprocess.CalledProcessError as exc:
            raise UnsupportedFormatError(
                f"LibreOffice could not convert the file: {exc.stderr.decode(errors='replace')[:200]}"
            ) from exc
        converted = Path(workdir) / f"{path.stem}.docx"
        if not converted.exists():
            raise UnsupportedFormatError("LibreOffice produced no DOCX")
        document = read_docx(converted)
    document.warnings.append("converted from legacy .doc by LibreOffice")
    return document
