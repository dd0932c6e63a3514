"""Numbers, Rupiah, shares and dates the way the reader writes them: 1.234,5; Rp 1,2 T; 25 Februari 2021.

Dates use babel's Indonesian and English month names (CLDR, no network).

Every function takes the language ('id' or 'en'); Indonesian is the default. Empty values
(None, NaN) become an em dash so a table never shows 'nan'.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import pandas as pd
from babel.dates import format_date, format_datetime

KOSONG = "–"

SKALA_RUPIAH = {
    "id": ((1e12, "T"), (1e9, "M"), (1e6, "jt"), (1e3, "rb")),
    "en": ((1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k")),
}
"""Rupiah scale words: triliun, miliar, juta, ribu (and their English short forms)."""


def _kosong(x: object) -> bool:
    """None, NaN, NA and NaT."""
    return x is None or (not isinstance(x, str) and bool(pd.isna(x)))


def angka(x: float | int | None, desimal: int = 0, bahasa: str = "id", paling_banyak: int = 0) -> str:
    """1234.5 -> '1.234,5' (id) or '1,234.5' (en).

    ``desimal`` decimals always; up to ``paling_banyak`` when the value has them (0,376 next to 5,2).
    Plain string formatting with the separators swapped: the same result as babel's, fast enough
    for a table of thousands of cells.
    """
    if _kosong(x):
        return KOSONG
    teks = f"{x:,.{max(desimal, paling_banyak)}f}"
    if paling_banyak > desimal:
        bulat, _, pecahan = teks.partition(".")
        pecahan = pecahan[:desimal] + pecahan[desimal:].rstrip("0")
        teks = bulat + ("." + pecahan if pecahan else "")
    if teks.startswith("-") and not teks.strip("-0.,"):
        teks = teks[1:]  # -0,0 reads as a loss where there is none
    return teks.translate(_PEMISAH_ID) if bahasa == "id" else teks


_PEMISAH_ID = str.maketrans({",": ".", ".": ","})


def rentang(bawah: float | None, atas: float | None, desimal: int = 2, bahasa: str = "id") -> str:
    """A target range '5,20 – 5,80' with the indicator's decimals, and more only where the stored value has them
    (nothing agreed is rounded away); a single value when both ends are the same; a dash when empty."""
    ujung = [angka(x, desimal, bahasa, paling_banyak=6) for x in (bawah, atas) if not _kosong(x)]
    return " – ".join(dict.fromkeys(ujung)) or KOSONG


def persen(x: float | None, desimal: int = 1, bahasa: str = "id") -> str:
    """A share 0..1 as a percentage: 0.7012 -> '70,1%'."""
    if _kosong(x):
        return KOSONG
    return angka(100 * x, desimal, bahasa) + "%"


def poin_persen(x: float | None, bahasa: str = "id") -> str:
    """A change of a share, in percentage points with its sign: 0.012 -> '+1,2 poin'."""
    if _kosong(x):
        return KOSONG
    tanda = "+" if x > 0 else ""
    return f"{tanda}{angka(100 * x, 1, bahasa)} {'poin' if bahasa == 'id' else 'pts'}"


def rupiah(x: float | None, bahasa: str = "id", awalan: bool = True) -> str:
    """Rupiah in short form: 1.2e12 -> 'Rp 1,2 T'; below a thousand in full.

    Without ``awalan`` the 'Rp' is left to the label ('1,2 T' under 'Pagu (Rp)'), where width is short."""
    if _kosong(x):
        return KOSONG
    rp = "Rp " if awalan else ""
    for batas, nama in SKALA_RUPIAH[bahasa]:
        if abs(x) >= batas:
            return f"{rp}{angka(x / batas, 1, bahasa)} {nama}"
    return f"{rp}{angka(x, 0, bahasa)}"


def tanggal(d: dt.date | None, bahasa: str = "id", pendek: bool = False) -> str:
    """25 Februari 2021 (or '25 Feb' when short)."""
    if _kosong(d):
        return KOSONG
    return _tanggal_babel(d, "d MMM" if pendek else "d MMMM y", bahasa)


def hari(d: dt.date | None, bahasa: str = "id") -> str:
    """The weekday: Kamis (Thursday)."""
    if _kosong(d):
        return KOSONG
    return _tanggal_babel(d, "EEEE", bahasa)


@lru_cache(maxsize=4096)
def _tanggal_babel(d: dt.date, pola: str, bahasa: str) -> str:
    """A date in a locale's words, made once per date: a meeting has a few dozen dates, and a page labels
    hundreds of cells with them (Babel takes tens of microseconds for each)."""
    return format_date(d, format=pola, locale=bahasa)


def waktu(t: dt.datetime | None, bahasa: str = "id", pendek: bool = False) -> str:
    """23 November 2026, 17.39 (Indonesian time uses a dot); '23 Nov 2026, 17.39' when short."""
    if _kosong(t):
        return KOSONG
    jam = "HH.mm" if bahasa == "id" else "HH:mm"
    return format_datetime(t, format=f"{'d MMM y' if pendek else 'd MMMM y'}, {jam}", locale=bahasa)


def selisih(x: float | None, desimal: int = 0, bahasa: str = "id") -> str:
    """A change with its sign: 44 -> '+44', -1234 -> '-1.234'."""
    if _kosong(x):
        return KOSONG
    return ("+" if x > 0 else "") + angka(x, desimal, bahasa)
