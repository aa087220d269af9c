"""Compare two published sets file by file: are the data files byte-identical?

    python scripts/compare_published.py BEFORE/publish AFTER/publish

Used around a restructuring that must not change what is published. The data files (Parquet,
CSV) are compared byte for byte; the HTML pages are left out, since
dbt docs and the validation page carry the time they were generated. Exits 1 on any difference.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

DATA_SUFFIXES = (".parquet", ".csv")


def data_files(folder: Path) -> dict[str, str]:
    """Relative path → SHA-256 of every published data file under ``folder``."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.suffix in DATA_SUFFIXES
    }


def differences(before: Path, after: Path) -> list[str]:
    old, new = data_files(before), data_files(after)
    lines = [f"only before: {name}" for name in sorted(old.keys() - new.keys())]
    lines += [f"only after: {name}" for name in sorted(new.keys() - old.keys())]
    lines += [
        f"differs: {name}" for name in sorted(old.keys() & new.keys()) if old[name] != new[name]
    ]
    return lines


def main(argv: list[str]) -> int:
    before, after = Path(argv[0]), Path(argv[1])
    found = differences(before, after)
    print("\n".join(found) if found else f"identical: {len(data_files(before))} data files")  # noqa: T201
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
