"""Locate the header of a table, recognise the export kind from it, and map its columns.

Real exports put title rows above the header ('PROVINSI JAWA BARAT', 'TAHUN 2022'),
split a header over two rows under merged cells ('Target 2022' over 'Nasional',
'Daerah', 'Kesepakatan') and add a 'No' column. The kind is recognised from the
header alone, never from the file name. Header spellings come from header_aliases.toml.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from etl.rujukan import tata_letak
from etl.schema import TABEL_EKSPOR, Tabel

ALIAS_KEPALA = Path(__file__).resolve().parent / "header_aliases.toml"

_SATUAN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_TAHUN = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")


@lru_cache(maxsize=1 << 16)
def kunci_kepala(teks: str) -> str:
    """A header's matching key: no unit in parentheses, no year, only lower-case letters and digits.
    Remembered: locating a header tries every cell of the first rows against every kind, twice."""
    teks = _TAHUN.sub("", _SATUAN.sub("", teks.lower()))
    return re.sub(r"[^a-z0-9]", "", teks)


@cache
def peta_alias() -> dict[str, dict[str, str]]:
    """For each export kind: header key -> canonical (or feeder) column."""
    with open(ALIAS_KEPALA, "rb") as f:
        data = tomllib.load(f)
    peta = {}
    for t in TABEL_EKSPOR:
        per_kind: dict[str, str] = {}
        for bagian in ("umum", t.nama):
            for kolom, ejaan in data.get(bagian, {}).items():
                for e in [kolom, *ejaan]:
                    per_kind.setdefault(kunci_kepala(e), kolom)
        for k in t.kolom:
            per_kind[kunci_kepala(k.nama)] = k.nama
        peta[t.nama] = per_kind
    return peta


@cache
def pengisi() -> dict[str, tuple[str, ...]]:
    """Feeder column -> the canonical columns it fills (nama_provinsi -> kode_provinsi, ...)."""
    with open(ALIAS_KEPALA, "rb") as f:
        return {k: tuple(v.split()) for k, v in tomllib.load(f)["feeder"].items()}


@dataclass
class Kepala:
    """Where a table's header is and what its columns mean."""

    tabel: Tabel
    baris_kepala: int
    """0-based index of the (first) header row; the rows above it are title rows."""
    baris_awal_data: int
    """0-based index of the first row below the header."""
    kolom: dict[int, str]
    """column position -> canonical or feeder column"""
    diabaikan: list[str] = field(default_factory=list)
    """headers that map to no column, as written"""
    judul_tahun: int | None = None
    judul_provinsi: str | None = None

    @property
    def lebar(self) -> int:
        return max(self.kolom) + 1


def _label_dua_baris(atas: list[str | None], bawah: list[str | None]) -> list[list[str]]:
    """Candidate labels of each column of a header split over two rows, best first.

    A merged parent cell ('Target 2022') holds its text only in its first column;
    it is carried right over the empty cells that have a child below them.
    """
    lebar = max(len(atas), len(bawah))
    atas = atas + [None] * (lebar - len(atas))
    bawah = bawah + [None] * (lebar - len(bawah))
    hasil, induk = [], None
    for a, b in zip(atas, bawah):
        if a:
            induk = a
        elif not b:
            induk = None
        bapak = a or (induk if b else None)
        calon = []
        if bapak and b:
            calon.append(f"{bapak} {b}")
        calon += [x for x in (b, bapak) if x]
        hasil.append(calon)
    return hasil


def _petakan(tabel: Tabel, label: list[list[str]]) -> tuple[dict[int, str], list[str]]:
    """Map column positions to columns of one kind; the first column to claim a name keeps it."""
    peta = peta_alias()[tabel.nama]
    kolom: dict[int, str] = {}
    diabaikan = []
    for j, calon in enumerate(label):
        if not calon:
            continue
        nama = next((peta[kunci_kepala(c)] for c in calon if kunci_kepala(c) in peta), None)
        if nama is None or nama in kolom.values():
            diabaikan.append(calon[0])
        else:
            kolom[j] = nama
    return kolom, diabaikan


def _layak(tabel: Tabel, kolom: dict[int, str]) -> bool:
    """A kind is only a candidate when its identifying column is in the header."""
    return any(p in kolom.values() for p in tabel.baris_penanda)


def cari_kepala(baris: list[list[str | None]]) -> Kepala | None:
    """The header among the first rows: the row (or pair of rows) that maps the most columns of one kind."""
    terbaik: tuple[int, Kepala] | None = None
    for i, b in enumerate(baris):
        if sum(1 for v in b if v) < 2:
            continue
        susunan = [([[v] if v else [] for v in b], i + 1)]
        if i + 1 < len(baris):
            susunan.append((_label_dua_baris(b, baris[i + 1]), i + 2))  # a header split over two rows
        for label, awal_data in susunan:
            for t in TABEL_EKSPOR:
                kolom, diabaikan = _petakan(t, label)
                if not _layak(t, kolom) or len(kolom) < 2:
                    continue
                skor = len(kolom)
                if terbaik is None or skor > terbaik[0]:
                    terbaik = (skor, Kepala(t, i, awal_data, kolom, diabaikan))
    if terbaik is None:
        return None
    kepala = terbaik[1]
    kepala.judul_tahun, kepala.judul_provinsi = baca_judul(baris[: kepala.baris_kepala])
    return kepala


def baca_judul(baris: list[list[str | None]]) -> tuple[int | None, str | None]:
    """The year and the province named in title rows ('TAHUN 2022', 'PROVINSI JAWA BARAT')."""
    aturan = tata_letak()
    pola_tahun = re.compile(aturan["judul_tahun"], re.IGNORECASE)
    pola_provinsi = re.compile(aturan["judul_provinsi"], re.IGNORECASE)
    tahun = provinsi = None
    for b in baris:
        for sel in b:
            if not sel:
                continue
            if tahun is None and (m := pola_tahun.search(sel)):
                tahun = int(m.group(1))
            sisa = pola_tahun.sub("", sel).strip(" -:,")
            if provinsi is None and (m := pola_provinsi.search(sisa)):
                provinsi = m.group(1).strip(" -:,") or None
    return tahun, provinsi
