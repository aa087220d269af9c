"""Files that are replaced as a whole: readers see the old version or the new one, never a mix.

A folder is replaced by writing its new content beside it (``<name>.next``), marking it
complete, then renaming: ``<name>`` → ``<name>.old``, ``<name>.next`` → ``<name>``. A process
killed at any moment leaves a state that :func:`recover_folder` puts right on the next run.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import polars as pl

COMPLETE_MARKER = "_complete.json"
# Test hook: with OGI_PAUSE_AT=<step>, the pipeline stops at that step and waits to be killed.
PAUSE_ENV = "OGI_PAUSE_AT"


def write_atomically(frame: pl.DataFrame, target: Path) -> None:
    """Write next to the target and rename over it: readers never see a half-written file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        frame.write_parquet(temporary)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def write_text_atomically(text: str, target: Path) -> Path:
    """``text`` into ``target`` whole or not at all: written beside it, then renamed over it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return target


def staging_folder(target: Path) -> Path:
    """An empty folder beside ``target`` to write its next version into."""
    staging = target.with_name(f"{target.name}.next")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    return staging


def replace_folder(staging: Path, target: Path, manifest: dict[str, object]) -> None:
    """Mark ``staging`` complete (the manifest is its last file), then swap it in for ``target``."""
    (staging / COMPLETE_MARKER).write_text(
        json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8"
    )
    pause_if_asked(f"swap {target.name}", target.parent)
    previous = target.with_name(f"{target.name}.old")
    shutil.rmtree(previous, ignore_errors=True)
    if target.exists():
        target.rename(previous)
    staging.rename(target)
    shutil.rmtree(previous, ignore_errors=True)


def recover_folder(target: Path) -> None:
    """Finish or undo a replacement that a killed process left half done."""
    staging = target.with_name(f"{target.name}.next")
    previous = target.with_name(f"{target.name}.old")
    if not target.exists():
        if (staging / COMPLETE_MARKER).exists():
            staging.rename(target)  # killed between the two renames: the new version was whole
        elif previous.exists():
            previous.rename(target)
    shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(previous, ignore_errors=True)


def pause_if_asked(step: str, folder: Path) -> None:
    """Test hook for kill tests: announce ``step`` in ``folder`` and wait (to be killed there)."""
    if os.environ.get(PAUSE_ENV) != step:
        return
    (folder / ".paused").write_text(step, encoding="utf-8")
    time.sleep(3600)
