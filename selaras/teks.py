"""Text shown to people, from one catalogue (selaras/teks.toml): Indonesian first, English switchable.

An entry is ``kunci = { id = "...", en = "..." }``, optionally with ``id_pendek``/``en_pendek``: the short
label for a tile, a chart axis or the projector. Placeholders are filled with ``str.format``.

In the app the language is the session's; documents made outside it (python -m selaras) pass ``bhs``.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

KATALOG = Path(__file__).resolve().parent / "teks.toml"
BAHASA = ("id", "en")


@cache
def katalog() -> dict[str, dict[str, str]]:
    """The catalogue, flattened: 'ringkasan.judul' -> {'id': ..., 'en': ...}."""
    with open(KATALOG, "rb") as f:
        data = tomllib.load(f)
    rata: dict[str, dict[str, str]] = {}

    def jalan(awalan: str, isi: dict) -> None:
        for k, v in isi.items():
            if isinstance(v, dict) and "id" in v:
                rata[f"{awalan}{k}"] = v
            elif isinstance(v, dict):
                jalan(f"{awalan}{k}.", v)
    jalan("", data)
    return rata


def bahasa() -> str:
    """The language of this session: 'id' (default) or 'en'."""
    import streamlit as st  # only the app has a session; the command line names its language

    return st.session_state.get("bahasa", "id")


def t(kunci: str, pendek: bool = False, *, bhs: str | None = None, **isian: object) -> str:
    """The text for ``kunci`` in ``bhs`` (else the session's language); a missing key shows itself, so it gets
    noticed."""
    entri = katalog().get(kunci)
    if entri is None:
        return kunci
    b = bhs or bahasa()
    teks = (entri.get(f"{b}_pendek") if pendek else None) or entri.get(b) or entri["id"]
    return teks.format(**isian) if isian else teks


def ada(kunci: str) -> bool:
    return kunci in katalog()


def kolom(nama: str, bhs: str | None = None) -> str:
    """The label of a column: 'kolom.<nama>' in the catalogue, else the column name itself."""
    return t(f"kolom.{nama}", bhs=bhs) if ada(f"kolom.{nama}") else nama


def nilai(kolom_: str, v: object, pendek: bool = False, bhs: str | None = None) -> str:
    """The label of a coded value (a status, a class): 'nilai.<kolom>.<v>', else the value itself."""
    kunci = f"nilai.{kolom_}.{v}"
    return t(kunci, pendek=pendek, bhs=bhs) if ada(kunci) else ("" if v is None else str(v))


def polos(teks: str) -> str:
    """Text from outside (an e-mail address, a file name) as plain text inside Markdown: every character
    that Markdown or HTML would act on is escaped, so it shows as it is and never renders as markup."""
    return re.sub(r"([\\`*_{}\[\]()<>#+\-.!|~:$&])", r"\\\1", teks)
