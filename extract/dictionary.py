"""The dbt seed ``template_dictionary.csv``, generated from :mod:`extract.template`."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, fields
from pathlib import Path

from extract.template import TemplateItem, template_items

SEED_PATH = Path(__file__).resolve().parent.parent / "seeds" / "template_dictionary.csv"


def render_seed() -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[f.name for f in fields(TemplateItem)], lineterminator="\n")
    writer.writeheader()
    for item in template_items():
        row = asdict(item)
        row["is_optional"] = str(item.is_optional).lower()
        writer.writerow({k: str(v) for k, v in row.items()})
    return buffer.getvalue()


def write_seed(path: Path = SEED_PATH) -> Path:
    path.write_text(render_seed(), encoding="utf-8")
    return path
