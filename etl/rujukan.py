"""Reference lists (data/reference/*.csv) into ``ref_*`` tables, and the lookup keys built from them.

Every code column of an export is resolved through one table, ``ref_kunci``
(rujukan, kunci, kode, tahun_mulai, tahun_selesai): every accepted spelling of
every code ('PN 03', 'PN3', '3' for PN3; 'D.K.I. Jakarta', '31', '31.00' for 31)
reduced by the SQL macro ``kunci`` to letters and digits. Which spellings a
reference list yields, when its codes are valid and what an unknown code says are
declared once per list in ``DAFTAR`` below; the spellings seen in exports live in
the CSV files themselves (column ``varian``). Messages that name valid codes take
them from the lists, per plan year (``ref_sah``), never from text written by hand.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

FOLDER_RUJUKAN = Path(__file__).resolve().parent.parent / "data" / "reference"
NILAI_ALIAS = Path(__file__).resolve().parent / "value_aliases.toml"

TAHUN_PALING_AWAL, TAHUN_PALING_AKHIR = 2015, 2045


def bagi(teks: object) -> list[str]:
    """Split a '|'-separated cell; an empty cell gives no values."""
    if teks is None or (isinstance(teks, float) and pd.isna(teks)) or str(teks).strip() == "":
        return []
    return [v.strip() for v in str(teks).split("|") if v.strip()]


def baca_csv(nama: str | tuple[str, ...], folder: Path = FOLDER_RUJUKAN) -> pd.DataFrame:
    """One reference list, all columns as text (codes such as '011' keep their zeros); a list kept in
    several files (``nama`` a tuple) is their rows one after the other, a column one file lacks empty.

    A load reads each list several times; a file is parsed once per version (path and mtime).
    """
    if isinstance(nama, tuple):
        df = pd.concat([baca_csv(n, folder) for n in nama], ignore_index=True)
        return df.astype(object).where(df.notna(), None)
    jalur = folder / nama
    return _baca_csv(jalur, jalur.stat().st_mtime_ns).copy()


@functools.lru_cache(maxsize=64)
def _baca_csv(jalur: Path, mtime_ns: int) -> pd.DataFrame:
    return pd.read_csv(jalur, dtype=str, keep_default_na=False).replace({"": None})


def _bentuk_nomor(awalan: str, lebar: int) -> Callable[[str], list[str]]:
    """Spellings of a numbered code: 'PN3' -> 'PN3', 'PN03', '3', '03'; desk '12' -> 'desk12', '12'."""
    def bentuk(kode: str) -> list[str]:
        n = int(kode.removeprefix(awalan))
        return [f"{awalan}{n}", f"{awalan}{n:0{lebar}d}", str(n), f"{n:0{lebar}d}"]
    return bentuk


def _bentuk_provinsi(kode: str) -> list[str]:
    """'31', '31.00' and '31.0' (a number cell written as text)."""
    return [kode, f"{kode}.00", f"{kode}.0"]


def _bentuk_kl(kode: str) -> list[str]:
    """'024' and '24'."""
    return [kode, str(int(kode))]


@dataclass(frozen=True)
class Daftar:
    """One reference list: its file, how its codes are spelled, when a code is valid, and what a miss says.

    A code is valid from ``kolom_mulai`` (a plan year) when the list has one, for the years of its plan
    period when ``per_periode``, else always. ``alasan`` is the reason an unknown code gets in etl_rejects:
    '{}' is the value as written, '{tahun}' the row's plan year, '{sah}' the valid codes of that year
    (from this list, never written by hand). A list without ``alasan`` keeps a code it cannot resolve.
    """

    nama: str
    berkas: str | tuple[str, ...]
    """its file, or files when it is kept in several (the macro and the urusan indicators)"""
    kolom_kode: str
    bentuk: Callable[[str], list[str]]
    kolom_nama: tuple[str, ...]
    kolom_mulai: str | None = None
    per_periode: bool = False
    fungsi_kunci: str = "kunci"
    alasan: str | None = None
    mana_saja: bool = False
    """The first non-empty source of a code decides (a code column wins over a name column, a column over a
    title row), except in a list marked ``mana_saja``: SIPD's records hold the one-digit urusan group in
    kode_urusan next to kode_bidang_urusan, so any source that resolves (or the sub kegiatan code) gives it."""

    @property
    def ketat(self) -> bool:
        """Whether an unknown code is a fault (a strict list) or kept as written (a loose one)."""
        return self.alasan is not None


DAFTAR: dict[str, Daftar] = {d.nama: d for d in (
    Daftar("provinsi", "provinsi.csv", "kode_provinsi", _bentuk_provinsi, ("nama_provinsi", "nama_pendek"),
           kolom_mulai="berlaku_mulai", fungsi_kunci="kunci_provinsi",
           alasan="Provinsi '{}' tidak dikenal untuk tahun {tahun}: tulis kode Kemendagri atau nama provinsi; "
                  "yang berlaku: {sah}"),
    Daftar("kl", "kementerian_lembaga.csv", "kode_kl", _bentuk_kl, ("nama_kl", "singkatan"),
           alasan="K/L '{}' tidak dikenal: tulis kode bagian anggaran tiga digit atau nama K/L; yang dikenal: {sah}"),
    Daftar("pn", "prioritas_nasional.csv", "kode_pn", _bentuk_nomor("PN", 2), ("nama_pn", "nama_pendek"),
           per_periode=True, alasan="Prioritas Nasional '{}' tidak dikenal untuk tahun {tahun}: tulis {sah}"),
    Daftar("mp", "major_project.csv", "kode_mp", _bentuk_nomor("MP", 2), ("nama_mp", "nama_pendek"),
           per_periode=True, alasan="Major Project '{}' tidak dikenal untuk tahun {tahun}: tulis {sah}"),
    Daftar("desk", "desk.csv", "desk_no", _bentuk_nomor("desk", 2), ("nama_desk",),
           alasan="Desk '{}' tidak dikenal: nomor desk harus {sah}"),
    Daftar("urusan", "urusan.csv", "kode_urusan", lambda k: [k], ("nama_urusan",), mana_saja=True,
           alasan="Kode urusan '{}' tidak dikenal: tulis kode bidang urusan 'X.YY'; yang dikenal: {sah}"),
    Daftar("indikator", ("indikator_makro.csv", "indikator_urusan.csv"), "kode_indikator", lambda k: [k],
           ("nama_indikator", "nama_en")),
)}
"""Every reference list a code column resolves through (Kolom.rujukan names one)."""


def rentang_periode(folder: Path = FOLDER_RUJUKAN) -> dict[str, tuple[int, int]]:
    """Years each plan period covers (from prioritas_nasional.csv); the first reaches back and the last
    forward to the valid year range, so every plan year belongs to exactly one period."""
    rentang: dict[str, tuple[int, int]] = {}
    for b in baca_csv("prioritas_nasional.csv", folder).to_dict("records"):
        mulai, selesai = rentang.get(b["periode"], (TAHUN_PALING_AKHIR, TAHUN_PALING_AWAL))
        rentang[b["periode"]] = (min(mulai, int(b["tahun_mulai"])), max(selesai, int(b["tahun_selesai"])))
    urut = sorted(rentang, key=lambda p: rentang[p][0])
    rentang[urut[0]] = (TAHUN_PALING_AWAL, rentang[urut[0]][1])
    rentang[urut[-1]] = (rentang[urut[-1]][0], TAHUN_PALING_AKHIR)
    return rentang


def _tahun_berlaku(d: Daftar, baris: dict, periode: dict[str, tuple[int, int]]) -> tuple[int, int]:
    """First and last plan year a code of list ``d`` (one row of its file) is valid for."""
    mulai, selesai = periode[baris["periode"]] if d.per_periode else (TAHUN_PALING_AWAL, TAHUN_PALING_AKHIR)
    return (int(baris[d.kolom_mulai]) if d.kolom_mulai else mulai), selesai


def kode_berlaku(folder: Path = FOLDER_RUJUKAN) -> list[tuple[str, str, str | None, int, int]]:
    """Every code of every list with the plan years it is valid for: (list, code, period, first, last year)."""
    periode = rentang_periode(folder)
    return [(d.nama, str(b[d.kolom_kode]), b["periode"] if d.per_periode else None, *_tahun_berlaku(d, b, periode))
            for d in DAFTAR.values() for b in baca_csv(d.berkas, folder).to_dict("records")]


def baris_kunci(folder: Path = FOLDER_RUJUKAN) -> pd.DataFrame:
    """Every accepted spelling of every code, with the years it is valid for (not yet reduced to keys)."""
    periode = rentang_periode(folder)
    semua = []
    for d in DAFTAR.values():
        for b in baca_csv(d.berkas, folder).to_dict("records"):
            kode = str(b[d.kolom_kode])
            mulai, selesai = _tahun_berlaku(d, b, periode)
            ejaan = [*d.bentuk(kode), *(b[k] for k in d.kolom_nama if b.get(k)), *bagi(b.get("varian"))]
            semua += [(d.nama, e, kode, mulai, selesai) for e in ejaan]
    return pd.DataFrame(semua, columns=["rujukan", "ejaan", "kode", "tahun_mulai", "tahun_selesai"])


def ringkas(kode: list[str]) -> str:
    """Codes as people read them: runs of numbered codes joined ('PN1..PN7', 'MP01..MP45', '1..40')."""
    bagian: list[list[tuple[str, int, str]]] = []
    for k in kode:
        m = re.fullmatch(r"(\D*)(\d+)", k)
        if m is None:
            bagian.append([(k, -1, k)])
            continue
        awalan, angka = m.group(1), int(m.group(2))
        akhir = bagian[-1][-1] if bagian else None
        if akhir and akhir[1] >= 0 and akhir[0] == awalan and akhir[1] + 1 == angka:
            bagian[-1].append((awalan, angka, k))
        else:
            bagian.append([(awalan, angka, k)])
    return ", ".join(b[0][2] if len(b) == 1 else f"{b[0][2]}..{b[-1][2]}" for b in bagian)


BATAS_SEBUT = 4
"""Most runs of codes a message spells out; a longer list is named by its count and file."""


def kode_sah(daftar: str, tahun: int, berlaku: list[tuple[str, str, str | None, int, int]]) -> str:
    """The valid codes of a list in a plan year, as a message names them: 'PN1..PN8 (RPJMN 2025-2029)',
    '1..40', or '38 kode (data/reference/provinsi.csv)' when they do not fit in a few runs.

    ``berlaku`` is what kode_berlaku() gives.
    """
    ada = [(kode, periode) for nama, kode, periode, mulai, selesai in berlaku
           if nama == daftar and mulai <= tahun <= selesai]
    kode = sorted((k for k, _ in ada), key=lambda k: (re.sub(r"\d", "", k), int(re.sub(r"\D", "", k) or -1), k))
    teks = ringkas(kode)
    if teks.count(",") >= BATAS_SEBUT:
        teks = f"{len(kode)} kode (data/reference/{DAFTAR[daftar].berkas})"
    periode = sorted({p for _, p in ada if p})
    return f"{teks} ({', '.join(periode)})" if periode else teks


def kode_sah_per_periode(daftar: str, folder: Path = FOLDER_RUJUKAN) -> str:
    """The valid codes of a list in every plan period, for documentation: 'PN1..PN7 (RPJMN 2020-2024); ...'."""
    berlaku = kode_berlaku(folder)
    awal = sorted(mulai for mulai, _ in rentang_periode(folder).values())
    return "; ".join(dict.fromkeys(kode_sah(daftar, tahun, berlaku) for tahun in awal))


def baris_sah(folder: Path = FOLDER_RUJUKAN) -> pd.DataFrame:
    """For every strict list and plan year: the valid codes as a reject reason names them."""
    berlaku = kode_berlaku(folder)
    return pd.DataFrame(
        [(d.nama, tahun, kode_sah(d.nama, tahun, berlaku)) for d in DAFTAR.values() if d.ketat
         for tahun in range(TAHUN_PALING_AWAL, TAHUN_PALING_AKHIR + 1)],
        columns=["rujukan", "tahun", "sah"])


def baris_nilai(berkas: Path = NILAI_ALIAS) -> pd.DataFrame:
    """Spellings of coded values (statuses, funding sources, yes/no) from value_aliases.toml."""
    with open(berkas, "rb") as f:
        data = tomllib.load(f)
    semua = []
    for tabel, per_kolom in data.items():
        if tabel in ("tata_letak",):
            continue
        for kolom, per_nilai in per_kolom.items():
            for nilai, ejaan in per_nilai.items():
                for e in [nilai, *ejaan]:
                    semua.append((tabel, kolom, e, nilai))
    return pd.DataFrame(semua, columns=["tabel", "kolom", "ejaan", "nilai"])


def tata_letak(berkas: Path = NILAI_ALIAS) -> dict:
    """Footer words and title-row patterns."""
    with open(berkas, "rb") as f:
        return tomllib.load(f)["tata_letak"]


def lokasi_mp(folder: Path = FOLDER_RUJUKAN) -> pd.DataFrame:
    """Where each Major Project is located, with the plan years a location holds for (an empty end: no limit).

    A place whose province was split keeps its old province up to the year before the new one is used
    (Sorong: 92 Papua Barat up to 2023, 96 Papua Barat Daya from 2024), so no year counts it twice.
    """
    lokasi = baca_csv("major_project_lokasi.csv", folder)
    lokasi["tahun_mulai"] = lokasi["tahun_mulai"].fillna(str(TAHUN_PALING_AWAL)).astype(int)
    lokasi["tahun_selesai"] = lokasi["tahun_selesai"].fillna(str(TAHUN_PALING_AKHIR)).astype(int)
    return lokasi


def _tabel_rujukan(folder: Path) -> dict[str, pd.DataFrame]:
    """The ref_* tables as the pages and analysts see them."""
    provinsi = baca_csv("provinsi.csv", folder)
    for k in ("berlaku_mulai", "grid_kolom", "grid_baris"):
        provinsi[k] = provinsi[k].astype(int)
    pn = baca_csv("prioritas_nasional.csv", folder)
    pn[["tahun_mulai", "tahun_selesai"]] = pn[["tahun_mulai", "tahun_selesai"]].astype(int)
    mp = baca_csv("major_project.csv", folder)
    lokasi = lokasi_mp(folder)
    desk = baca_csv("desk.csv", folder)
    desk["desk_no"] = desk["desk_no"].astype(int)
    indikator = baca_csv(DAFTAR["indikator"].berkas, folder)
    indikator["desimal"] = indikator["desimal"].astype(int)
    # An urusan indicator belongs to its urusan; the macro indicators to none.
    indikator.insert(0, "jenis", indikator["kode_urusan"].map(lambda u: "makro" if u is None else "urusan"))

    def pecah(df: pd.DataFrame, kunci: list[str], kolom: str, nama: str) -> pd.DataFrame:
        rows = [(*r[kunci], v) for _, r in df.iterrows() for v in bagi(r[kolom])]
        return pd.DataFrame(rows, columns=[*kunci, nama])

    periode = pd.DataFrame([(p, m, s) for p, (m, s) in rentang_periode(folder).items()],
                           columns=["periode", "tahun_mulai", "tahun_selesai"])

    return {
        "ref_periode": periode,
        "ref_provinsi": provinsi.drop(columns=["varian"]),
        "ref_pn": pn,
        "ref_mp": mp,
        "ref_mp_lokasi": lokasi,
        "ref_kl": baca_csv("kementerian_lembaga.csv", folder).drop(columns=["varian"]),
        "ref_urusan": baca_csv("urusan.csv", folder),
        "ref_indikator": indikator.drop(columns=["varian"]),
        "ref_desk": desk.drop(columns=["kode_kl", "kode_urusan"]),
        "ref_desk_kl": pecah(desk, ["desk_no"], "kode_kl", "kode_kl"),
        "ref_desk_urusan": pecah(desk, ["desk_no"], "kode_urusan", "kode_urusan"),
    }


def muat_rujukan(con: duckdb.DuckDBPyConnection, folder: Path = FOLDER_RUJUKAN) -> None:
    """(Re)write every ref_* table and the lookup keys. Needs the normalisation macros on ``con``.

    Raises ValueError when one spelling would mean two codes at once: a reference list
    that contradicts itself must be fixed before anything is loaded against it.
    """
    for nama, df in _tabel_rujukan(folder).items():
        con.register("_df", df)
        con.execute(f"CREATE OR REPLACE TABLE {nama} AS SELECT * FROM _df")
        con.unregister("_df")
    con.register("_kunci", baris_kunci(folder))
    fungsi = " ".join(f"WHEN '{d.nama}' THEN {d.fungsi_kunci}(ejaan)" for d in DAFTAR.values())
    con.execute(f"""
        CREATE OR REPLACE TABLE ref_kunci AS
        SELECT DISTINCT rujukan, CASE rujukan {fungsi} END AS kunci, kode, tahun_mulai, tahun_selesai
        FROM _kunci""")
    con.unregister("_kunci")
    con.register("_sah", baris_sah(folder))
    con.execute("CREATE OR REPLACE TABLE ref_sah AS SELECT * FROM _sah")
    con.unregister("_sah")
    ganda = con.execute("""
        SELECT a.rujukan, a.kunci, a.kode, b.kode FROM ref_kunci a JOIN ref_kunci b
          ON a.rujukan = b.rujukan AND a.kunci = b.kunci AND a.kode < b.kode
         AND a.tahun_mulai <= b.tahun_selesai AND b.tahun_mulai <= a.tahun_selesai
        LIMIT 5""").fetchall()
    if ganda:
        raise ValueError("Ejaan ganda di data/reference (satu ejaan, dua kode): "
                         + "; ".join(f"{r}: '{k}' = {a} dan {b}" for r, k, a, b in ganda))
    con.register("_nilai", baris_nilai())
    con.execute("""
        CREATE OR REPLACE TABLE ref_nilai AS
        SELECT DISTINCT tabel, kolom, kunci(ejaan) AS kunci, nilai FROM _nilai""")
    con.unregister("_nilai")
