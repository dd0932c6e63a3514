"""The bundled sample's database, built once and shipped (data/sampel.duckdb), so a first start copies it.

Loading the sample's files takes seconds (each small file pays the load's fixed cost per table); copying the
built result takes milliseconds. The copy is only used while it is what a load of the sample would give now:
the database carries a fingerprint (``sidik``) of what that load reads as data (the sample's files, the
reference lists, the spellings of headers and values, the SQL of the normalisers and measures, the tables'
declarations). When the shipped file is missing or its fingerprint differs, the first start loads the sample
as before. tests/etl/test_sampel_db.py proves the shipped file equals a fresh build, table by table and row
by row; ``python -m etl sample-db`` builds it again.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb

from etl.kepala import ALIAS_KEPALA
from etl.muat import (FOLDER_DATA, TAMPILAN_SQL, BerkasBernama, HasilMuat, _salinan_atomik, catat_meta, daftar_berkas,
                      muat, simpan_sumber, versi_tampilan)
from etl.rujukan import FOLDER_RUJUKAN

AKAR = FOLDER_DATA.parent
FOLDER_SAMPEL = FOLDER_DATA / "sample"
DB_SAMPEL = FOLDER_DATA / "sampel.duckdb"
PENGGUNA_SAMPEL = "aplikasi (data contoh)"
"""Who the load of the bundled sample is recorded as: the app itself, not a person."""
KUNCI_SIDIK = "sidik_sampel"
"""The key in selaras_meta of the fingerprint of the sample a database was built from."""
PERINTAH = "python -m etl sample-db"
"""The command that builds data/sampel.duckdb again."""


def berkas_sampel(folder: Path = FOLDER_SAMPEL) -> list[BerkasBernama]:
    """The sample's export files, each named as the bookkeeping records it: relative to the repository
    ('data/sample/2022/usulan/x.csv') wherever the app runs from, so the database holds no path of one machine."""
    berkas = []
    for jalur in daftar_berkas([folder]):
        jalur = Path(jalur)
        try:
            nama = jalur.resolve().relative_to(AKAR).as_posix()
        except ValueError:
            nama = jalur.as_posix()
        berkas.append(BerkasBernama(jalur, nama))
    return berkas


def _sha256(jalur: Path) -> str:
    return hashlib.sha256(jalur.read_bytes()).hexdigest()


def _bahan() -> list[Path]:
    """What a load reads as data besides the export files: the reference lists, the header and value
    spellings, the SQL of the normalisers and measures."""
    folder = ALIAS_KEPALA.parent
    return sorted([*FOLDER_RUJUKAN.glob("*.csv"), *folder.glob("*.toml"), *TAMPILAN_SQL.parent.iterdir()])


def sidik(berkas: list[BerkasBernama], sha256: list[str] | None = None) -> str:
    """The fingerprint of a build of ``berkas``: their names and bytes (``sha256``, one digest per file, when the
    caller has them already), the load's data (``_bahan``) and the tables' and measures' version. Two builds
    with the same fingerprint give the same database."""
    h = hashlib.sha256(versi_tampilan().encode())
    for b, sha in zip(berkas, sha256 or [_sha256(b.jalur) for b in berkas], strict=True):
        h.update(f"\0{b.nama}\0{sha}".encode())
    for jalur in _bahan():
        h.update(f"\0{jalur.relative_to(AKAR).as_posix()}\0{_sha256(jalur)}".encode())
    return h.hexdigest()


def bangun(db: Path, folder: Path = FOLDER_SAMPEL) -> HasilMuat:
    """Load the sample in ``folder`` into ``db`` (a new database) and record its fingerprint in it."""
    berkas = berkas_sampel(folder)
    nilai = sidik(berkas)

    def catat(con: duckdb.DuckDBPyConnection, _run_id: int, _hasil: list) -> None:
        catat_meta(con, KUNCI_SIDIK, nilai)

    return muat(berkas, db, catat=catat, pengguna=PENGGUNA_SAMPEL)


def sidik_di(db: Path) -> str | None:
    """The fingerprint of the sample ``db`` was built from (None: not a build of the sample, or unreadable)."""
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            hasil = con.execute("SELECT nilai FROM selaras_meta WHERE kunci = ?", [KUNCI_SIDIK]).fetchall()
    except duckdb.Error:
        return None
    return hasil[0][0] if hasil else None


def pasang(db: Path, folder: Path = FOLDER_SAMPEL, jadi: Path = DB_SAMPEL) -> bool:
    """Put the shipped build ``jadi`` in place as ``db``, with the kept copies of the sample's files beside it
    (the drill-down offers them for download), when it is a build of the sample as it is now. Returns
    whether it did; when not, nothing is written and the caller loads the sample itself."""
    if not jadi.exists() or not folder.exists():
        return False
    berkas = berkas_sampel(folder)
    sha256 = [_sha256(b.jalur) for b in berkas]  # read once: for the fingerprint and for the kept copies
    if sidik_di(jadi) != sidik(berkas, sha256):
        return False
    for b, sha in zip(berkas, sha256):
        simpan_sumber(b.jalur, sha, b.jalur.name, db)
    with _salinan_atomik(db) as salinan:
        shutil.copyfile(jadi, salinan)
    return True
