"""Reference lists (data/reference/*.csv) into ``ref_*`` tables, and the lookup keys built from them.

Every code column of an export is resolved through one table, ``ref_kunci``
(rujukan, kunci, kode, tahun_mulai, tahun_selesai): every accepted spelling of
every code ('PN 03', 'PN3', '3' for PN3; 'D.K.I. Jakarta', '31', '31.00' for 31)
reduced by the SQL macro ``kunci`` to letters and digits. Which spellings a
reference list yields is declared in ``BENTUK`` below; the spellings seen in
exports live in the CSV files themselves (column ``varian``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable
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
    several files (``nama`` a tuple) is their rows one after the other, a column one file lacks empty."""
    if isinstance(nama, tuple):
        df = pd.concat([baca_csv(n, folder) for n in nama], ignore_index=True)
        return df.astype(object).where(df.notna(), None)
    return pd.read_csv(folder / nama, dtype=str, keep_default_na=False).replace({"": None})


def _bentuk_angka(awalan: str, lebar: int) -> Callable[[str], list[str]]:
    """Spellings of a numbered code: 'PN3' -> 'PN3', 'PN03', '3', '03'."""
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


BENTUK: dict[str, dict] = {
    "provinsi": {"berkas": "provinsi.csv", "kode": "kode_provinsi", "bentuk": _bentuk_provinsi,
                 "nama": ("nama_provinsi", "nama_pendek"), "mulai": "berlaku_mulai"},
    "kl": {"berkas": "kementerian_lembaga.csv", "kode": "kode_kl", "bentuk": _bentuk_kl,
           "nama": ("nama_kl", "singkatan")},
    "pn": {"berkas": "prioritas_nasional.csv", "kode": "kode_pn", "bentuk": _bentuk_angka("PN", 2),
           "nama": ("nama_pn", "nama_pendek"), "mulai": "tahun_mulai", "selesai": "tahun_selesai"},
    "mp": {"berkas": "major_project.csv", "kode": "kode_mp", "bentuk": _bentuk_angka("MP", 2),
           "nama": ("nama_mp", "nama_pendek"), "periode": True},
    "desk": {"berkas": "desk.csv", "kode": "desk_no", "bentuk": _bentuk_angka("desk", 2),
             "nama": ("nama_desk",)},
    "urusan": {"berkas": "urusan.csv", "kode": "kode_urusan", "bentuk": lambda k: [k],
               "nama": ("nama_urusan",)},
    "indikator": {"berkas": ("indikator_makro.csv", "indikator_urusan.csv"), "kode": "kode_indikator",
                  "bentuk": lambda k: [k], "nama": ("nama_indikator", "nama_en")},
}
"""For each reference list: its file (or files), its code column, the spellings of a code, the name columns."""


def _rentang_periode(pn: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """Years each plan period covers; the first reaches back and the last forward to the valid year range."""
    periode = pn.groupby("periode").agg(mulai=("tahun_mulai", "min"), selesai=("tahun_selesai", "max"))
    periode = periode.astype(int).sort_values("mulai")
    periode.iloc[0, 0] = TAHUN_PALING_AWAL
    periode.iloc[-1, 1] = TAHUN_PALING_AKHIR
    return {p: (int(r.mulai), int(r.selesai)) for p, r in periode.iterrows()}


def _ejaan(daftar: str, baris: pd.Series, aturan: dict) -> Iterable[str]:
    kode = str(baris[aturan["kode"]])
    if daftar == "desk":
        kode = f"desk{int(kode)}"
    yield from aturan["bentuk"](kode)
    for kolom in aturan["nama"]:
        if baris.get(kolom):
            yield baris[kolom]
    yield from bagi(baris.get("varian"))


def baris_kunci(folder: Path = FOLDER_RUJUKAN) -> pd.DataFrame:
    """Every accepted spelling of every code, with the years it is valid for (not yet reduced to keys)."""
    periode = _rentang_periode(baca_csv("prioritas_nasional.csv", folder))
    semua = []
    for daftar, aturan in BENTUK.items():
        df = baca_csv(aturan["berkas"], folder)
        for _, b in df.iterrows():
            mulai, selesai = TAHUN_PALING_AWAL, TAHUN_PALING_AKHIR
            if "periode" in df.columns and b.get("periode") in periode:
                mulai, selesai = periode[b["periode"]]
            if aturan.get("mulai") and daftar == "provinsi":
                mulai = int(b[aturan["mulai"]])
            kode = str(int(b[aturan["kode"]])) if daftar == "desk" else b[aturan["kode"]]
            for ejaan in _ejaan(daftar, b, aturan):
                semua.append((daftar, ejaan, kode, mulai, selesai))
    return pd.DataFrame(semua, columns=["rujukan", "ejaan", "kode", "tahun_mulai", "tahun_selesai"])


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


def _tabel_rujukan(folder: Path) -> dict[str, pd.DataFrame]:
    """The ref_* tables as the pages and analysts see them."""
    provinsi = baca_csv("provinsi.csv", folder)
    for k in ("berlaku_mulai", "grid_kolom", "grid_baris"):
        provinsi[k] = provinsi[k].astype(int)
    pn = baca_csv("prioritas_nasional.csv", folder)
    pn[["tahun_mulai", "tahun_selesai"]] = pn[["tahun_mulai", "tahun_selesai"]].astype(int)
    mp = baca_csv("major_project.csv", folder)
    desk = baca_csv("desk.csv", folder)
    desk["desk_no"] = desk["desk_no"].astype(int)
    indikator = baca_csv(BENTUK["indikator"]["berkas"], folder)
    indikator["desimal"] = indikator["desimal"].astype(int)
    # An urusan indicator belongs to its urusan; the macro indicators to none.
    indikator.insert(0, "jenis", indikator["kode_urusan"].map(lambda u: "makro" if u is None else "urusan"))

    def pecah(df: pd.DataFrame, kunci: list[str], kolom: str, nama: str) -> pd.DataFrame:
        rows = [(*r[kunci], v) for _, r in df.iterrows() for v in bagi(r[kolom])]
        return pd.DataFrame(rows, columns=[*kunci, nama])

    return {
        "ref_provinsi": provinsi.drop(columns=["varian"]),
        "ref_pn": pn,
        "ref_mp": mp.drop(columns=["provinsi"]),
        "ref_mp_lokasi": pecah(mp, ["periode", "kode_mp"], "provinsi", "kode_provinsi"),
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
    con.execute("""
        CREATE OR REPLACE TABLE ref_kunci AS
        SELECT DISTINCT rujukan,
               CASE WHEN rujukan = 'provinsi' THEN kunci_provinsi(ejaan) ELSE kunci(ejaan) END AS kunci,
               kode, tahun_mulai, tahun_selesai
        FROM _kunci""")
    con.unregister("_kunci")
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
