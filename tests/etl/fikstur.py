"""Fixture writers and database helpers: each ETL test writes the small real file it needs.

The files are what an analyst would get from SIPD or Excel (.xlsx written by xlsxwriter,
.csv in the separators and encodings of the contract, .json as the web service sends it),
so the tests exercise the same readers as a real load.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import xlsxwriter

from etl.muat import HasilMuat, muat
from etl.schema import PEMBUKUAN

AKAR = Path(__file__).resolve().parents[2]
"""The repository root: the working directory of the command line."""

TABEL_FAKTA = ("usulan", "target_indikator", "desk_sesi")


def tulis_csv(path: Path, baris: list[list], pemisah: str = ";", pengodean: str = "utf-8",
              akhir_baris: str = "\r\n") -> Path:
    """One list per line (an empty list is a blank line); None is an empty cell.

    ``pengodean`` 'utf-8-sig' writes a BOM, 'cp1252' what Excel on Windows saves as CSV.
    """
    teks = io.StringIO()
    penulis = csv.writer(teks, delimiter=pemisah, lineterminator=akhir_baris)
    for b in baris:
        penulis.writerow(["" if v is None else v for v in b])
    path.write_bytes(teks.getvalue().encode(pengodean))
    return path


def tulis_xlsx(path: Path, lembar: dict[str, list[list]],
               gabung: dict[str, list[tuple[int, int, int, int, str]]] | None = None) -> Path:
    """A workbook, one list of rows per sheet; row i of a list is Excel row i + 1.

    Numbers are written as number cells, dates as date cells, None leaves a cell empty.
    ``gabung`` holds merged ranges per sheet as (first row, first col, last row, last col, text),
    0-based like xlsxwriter.
    """
    buku = xlsxwriter.Workbook(str(path))
    format_tanggal = buku.add_format({"num_format": "dd/mm/yyyy"})
    for nama, baris in lembar.items():
        ws = buku.add_worksheet(nama)
        for r, b in enumerate(baris):
            for c, v in enumerate(b):
                if v is None:
                    continue
                if isinstance(v, (dt.date, dt.datetime)):
                    ws.write_datetime(r, c, v, format_tanggal)
                elif isinstance(v, str):
                    ws.write_string(r, c, v)
                else:
                    ws.write(r, c, v)
        for r1, c1, r2, c2, teks in (gabung or {}).get(nama, []):
            ws.merge_range(r1, c1, r2, c2, teks)
    buku.close()
    return path


def tulis_json(path: Path, isi: object) -> Path:
    path.write_text(json.dumps(isi, ensure_ascii=False), encoding="utf-8")
    return path


def muat_ke(db: Path, *jalur: Path, kemajuan: Callable[[str, int, int], None] | None = None) -> HasilMuat:
    """Load files or folders into ``db`` the way the command line does."""
    return muat([Path(p) for p in jalur], db=db, kemajuan=kemajuan)


def kueri(db: Path, sql: str, parameter: list | None = None) -> list[tuple]:
    """Rows of a query on a read-only connection that is closed again at once."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, parameter or []).fetchall()
    finally:
        con.close()


def kamus(db: Path, sql: str, parameter: list | None = None) -> list[dict]:
    """Rows of a query as dicts keyed by column name."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        hasil = con.execute(sql, parameter or [])
        nama = [d[0] for d in hasil.description]
        return [dict(zip(nama, r)) for r in hasil.fetchall()]
    finally:
        con.close()


def per_kunci(db: Path, tabel: str, kunci: str = "id_usulan") -> dict[str, dict]:
    """A fact table as {key: row}."""
    return {r[kunci]: r for r in kamus(db, f"SELECT * FROM {tabel}")}


def berkas_dimuat(db: Path) -> dict[str, dict]:
    """etl_files of the latest run, keyed by file name."""
    return {Path(r["file"]).name: r for r in kamus(
        db, "SELECT * FROM etl_files WHERE run_id = (SELECT max(run_id) FROM etl_files)")}


def penolakan(db: Path) -> list[dict]:
    return kamus(db, 'SELECT * FROM etl_rejects ORDER BY file, "row"')


def isi_tabel(db: Path) -> dict[str, list[tuple]]:
    """Every fact table's full contents, sorted: what must not change when nothing should."""
    return {t: sorted(kueri(db, f"SELECT * FROM {t}"), key=repr) for t in TABEL_FAKTA}


def keadaan(db: Path, kecuali: tuple[str, ...] = ()) -> dict:
    """Everything a load or a pull writes: the fact tables and every bookkeeping table but ``kecuali``."""
    return {"fakta": isi_tabel(db), **{t: kueri(db, f"SELECT * FROM {t} ORDER BY ALL")
                                       for t in PEMBUKUAN if t not in kecuali}}


def cli(*argumen: str | Path, timeout: float = 120) -> subprocess.CompletedProcess:
    """``python -m etl ...`` from the repository root, with a wide terminal so no name is folded."""
    return subprocess.run([sys.executable, "-m", "etl", *map(str, argumen)], cwd=AKAR, capture_output=True,
                          text=True, timeout=timeout, env=lingkungan_cli())


def csv_besar(path: Path, jumlah: int) -> Path:
    """A proposals CSV of ``jumlah`` rows: big enough for a load to be caught (and stopped) midway."""
    provinsi = ("11", "12", "31", "32", "33", "35", "51", "73")
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("ID Usulan;Tahun;Kode Provinsi;Kode K/L;PN;MP;Pagu;Status\n")
        f.writelines(f"B-{i};2022;{provinsi[i % 8]};024;PN{i % 7 + 1};MP{i % 45 + 1:02d};{i}.000;Diusulkan\n"
                     for i in range(jumlah))
    return path


def muat_sampai_salinan(db: Path, *berkas: Path) -> tuple[subprocess.Popen, Path]:
    """``python -m etl load`` started in a process of its own, once it works on its copy of ``db``."""
    proses = subprocess.Popen([sys.executable, "-m", "etl", "load", "--db", str(db), *map(str, berkas)], cwd=AKAR,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=lingkungan_cli())
    salinan = db.with_name(f"{db.name}.{proses.pid}.tmp")
    batas = time.monotonic() + 60
    while not salinan.exists() and proses.poll() is None and time.monotonic() < batas:
        time.sleep(0.02)
    if not salinan.exists():
        proses.kill()
        proses.wait()
        raise AssertionError("the load never started working on its copy")
    return proses, salinan


def lingkungan_cli() -> dict[str, str]:
    return {**os.environ, "COLUMNS": "400", "NO_COLOR": "1", "TERM": "dumb"}
