"""Bytes → text for text and HTML reports: UTF-8 (BOM or not), UTF-16 with BOM, GB18030/GBK."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes


def decode_bytes(raw: bytes, declared: str | None = None) -> tuple[str, str | None]:
    """Decode ``raw``; return the text and a note when the encoding was not plain UTF-8.

    ``declared`` (an HTML ``meta charset``) is tried after the BOMs and strict UTF-8: a page
    that declares GBK but is valid UTF-8 is read as UTF-8, and the disagreement is noted.
    """
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            return raw.decode(codec), None if codec == "utf-8-sig" else f"encoding: {codec}"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        note: str | None = None
        if declared and declared.lower().replace("_", "-") not in {"utf-8", "utf8"}:
            note = f"encoding: declared {declared} but the bytes are UTF-8"
        return text, note
    for candidate in (declared, "gb18030"):
        if not candidate:
            continue
        try:
            return raw.decode(candidate).lstrip("\ufeff"), f"encoding: {candidate}"
        except (UnicodeDecodeError, LookupError):
            continue
    best = from_bytes(raw).best()
    if best is None:
        return raw.decode(
            "utf-8", errors="replace"
        ), "encoding: unknown, undecodable bytes replaced"
    return str(best), f"encoding: {best.encoding} (detected)"
