"""A load: files into the database, atomically, with every row accounted for.

read -> locate header -> map columns -> normalise -> validate -> write, per table
of every file. A load works on a copy of the database and puts it in place with
``os.replace`` only when everything is written: killed midway, it leaves the old
file as it was, and the dashboard keeps reading the old file while a load runs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import os
import shutil
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import duckdb

from etl import ganti as potret
from etl.baca import EKSTENSI, Badan, BerkasTidakTerbaca, Lembar, baca
from etl.kepala import Kepala, cari_kepala
from etl.normalisasi import BATAS_SEL, Pembangun, dipakai, lupakan_kamus, pasang_makro
from etl.rujukan import muat_rujukan
from etl.rujukan import TAHUN_PALING_AKHIR, TAHUN_PALING_AWAL
from etl.schema import (DDL_PEMBUKUAN, KOLOM_ASAL, KOLOM_TANDA, KOLOM_TURUNAN, TABEL_DITOLAK, TABEL_EKSPOR, Tabel,
                        ddl_tabel)
from etl.unduh import adalah_url, unduh

FOLDER_DATA = Path(__file__).resolve().parent.parent / "data"
DB_BAWAAN = FOLDER_DATA / "selaras.duckdb"
TAMPILAN_SQL = Path(__file__).resolve().parent / "sql" / "tampilan.sql"
BATAS_MEMORI = os.environ.get("SELARAS_BATAS_MEMORI", "1200MB")
"""DuckDB's working memory during a load; beyond it, it spills to disk (keeps a national load under 2 GB)."""

TAHAP = ("siapkan", "simpan_sumber", "baca", "normalisasi", "upsert", "ganti_berkas")
"""Stages of a load whose seconds are measured (``HasilMuat.waktu``), so a benchmark can say where the time
goes: preparing the schema and reference lists, keeping the source bytes, reading, normalising and
validating, upserting, and putting the new database in place (measures, checkpoint, fsync, replace)."""


@contextlib.contextmanager
def tanpa_urutan(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Run the block with DuckDB free to write rows in any order (``preserve_insertion_order`` off): an
    insert into a stored table is then written by every thread at once, not one batch after another. Only for
    statements whose result order nothing reads: a stored table's rows carry their source row
    (``sumber_baris``), and every read that needs an order says it."""
    con.execute("SET preserve_insertion_order = false")
    try:
        yield
    finally:
        with contextlib.suppress(duckdb.Error):  # (an aborted transaction refuses it: see _pulihkan_sesi)
            con.execute("SET preserve_insertion_order = true")


def _pulihkan_sesi(con: duckdb.DuckDBPyConnection) -> None:
    """After a file's ROLLBACK, the connection as the next file needs it: what a transaction does not undo is
    undone here (the insertion order kept, the kamus made again: etl.normalisasi.lupakan_kamus). A CSV's row
    numbers come from the order its rows are written in."""
    con.execute("SET preserve_insertion_order = true")
    lupakan_kamus(con)


@contextlib.contextmanager
def _ukur(waktu: dict[str, float], tahap: str) -> Iterator[None]:
    """Add the seconds the block takes to ``waktu[tahap]``."""
    mulai = time.perf_counter()
    try:
        yield
    finally:
        waktu[tahap] = waktu.get(tahap, 0.0) + time.perf_counter() - mulai


@dataclass
class HasilBerkas:
    """What happened to one file: one row of etl_files and of the summary table."""

    file: str
    sha256: str = ""
    kind: str = ""
    status: str = "loaded"
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    rows_duplicate: int = 0
    rows_superseded: int = 0
    rows_flagged: int = 0
    """Rows loaded with a field left empty because its code is not on the reference list."""
    error: str | None = None
    sheets: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    waktu: dict[str, float] = field(default_factory=dict)
    """Seconds per stage of TAHAP spent on this file (not stored: for benchmarks)."""


class BerkasBernama(NamedTuple):
    """A local file recorded under another name: the address its records were pulled from (etl/tarik.py)."""

    jalur: Path
    nama: str


Sumber = Path | str | BerkasBernama
"""What a load takes: a file or folder, a web address, or a file with the name it is recorded under."""

Pencatat = Callable[[duckdb.DuckDBPyConnection, int, list["HasilBerkas"]], None]
"""``catat(con, run_id, files)``: more bookkeeping written in the same atomic load as the files."""

PENGGUNA_TERMINAL = "terminal"
"""Who a load from the command line is recorded as (a load from the app records the signed-in e-mail)."""


@dataclass
class HasilMuat:
    """What a load did: the run, its files, the first rejects, and what it removed as no longer exported."""

    run_id: int
    berkas: list[HasilBerkas]
    penolakan: list[tuple]
    ganti: str | None = None
    dihapus: dict[str, int] = field(default_factory=dict)
    """Rows removed per kind because the files no longer hold them (see etl/ganti.py)."""
    peringatan: int = 0
    """Values of the files that differ from the reference list, which was used instead (scope 'warning')."""
    pengguna: str = PENGGUNA_TERMINAL
    """Who made the load."""
    waktu_muat: dict[str, float] = field(default_factory=dict)
    """Seconds of the stages of TAHAP that belong to the load as a whole (preparing, replacing)."""

    @property
    def waktu(self) -> dict[str, float]:
        """Seconds per stage of TAHAP, the whole load's and every file's together."""
        return {t: self.waktu_muat.get(t, 0.0) + sum(b.waktu.get(t, 0.0) for b in self.berkas) for t in TAHAP}

    @property
    def ada_gagal(self) -> bool:
        return any(b.status == "failed" for b in self.berkas)

    @property
    def ganti_batal(self) -> bool:
        """A replacing load in which a file failed replaces nothing: that file might have held the rows."""
        return self.ganti is not None and self.ada_gagal


def nama_tampil(jalur: Sumber) -> str:
    """How a file is named in the bookkeeping: relative to the working directory when inside it, so the
    records (and the dashboard) say 'data/sample/usulan/x.csv', not a path of one machine."""
    if isinstance(jalur, BerkasBernama):
        return jalur.nama
    if adalah_url(jalur):
        return str(jalur)
    mutlak = Path(jalur).resolve()
    try:
        return mutlak.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return Path(jalur).as_posix()


class TidakAdaEkspor(ValueError):
    """Nothing to load: the paths given hold no file of a known format. The database is left as it was."""


def daftar_berkas(jalur: Iterable[Sumber]) -> list[Sumber]:
    """Files to load: named files and web addresses as given, folders recursively in name order (known formats)."""
    hasil: list[Sumber] = []
    for p in jalur:
        if isinstance(p, BerkasBernama) or adalah_url(p):
            hasil.append(p if isinstance(p, BerkasBernama) else str(p))
            continue
        p = Path(p)
        if p.is_dir():
            hasil += sorted((f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in EKSTENSI),
                            key=lambda f: f.as_posix())
        else:
            hasil.append(p)
    return hasil


def siapkan_skema(con: duckdb.DuckDBPyConnection) -> None:
    """Tables of the contract, macros, reference lists. Safe to run on an existing database."""
    pasang_makro(con)
    for t in TABEL_EKSPOR:
        con.execute(ddl_tabel(t))
    con.execute(DDL_PEMBUKUAN)
    muat_rujukan(con)


def versi_tampilan() -> str:
    """A fingerprint of the measure definitions and of the tables they read, stored in the database that
    carries them: an older database is brought up to date (new columns and tables) before it is read."""
    tabel = "".join(ddl_tabel(t) for t in TABEL_EKSPOR) + DDL_PEMBUKUAN
    sql = TAMPILAN_SQL.read_bytes() if TAMPILAN_SQL.exists() else b""
    return hashlib.sha256(sql + tabel.encode()).hexdigest()[:16]


def pasang_tampilan(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the measure views and table macros that pages and analysts read, and record their version."""
    if TAMPILAN_SQL.exists():
        con.execute(TAMPILAN_SQL.read_text(encoding="utf-8"))
    catat_meta(con, "versi_tampilan", versi_tampilan())


def catat_meta(con: duckdb.DuckDBPyConnection, kunci: str, nilai: str) -> None:
    """Record a fact about the database itself in selaras_meta (the measures' version; the fingerprint of the
    sample it was built from, etl/sampel_db.py), replacing that key's earlier value."""
    con.execute("CREATE TABLE IF NOT EXISTS selaras_meta (kunci VARCHAR, nilai VARCHAR)")
    con.execute("DELETE FROM selaras_meta WHERE kunci = ?", [kunci])
    con.execute("INSERT INTO selaras_meta VALUES (?, ?)", [kunci, nilai])


def ubah_atomik(db: Path, ubah: Callable[[duckdb.DuckDBPyConnection], None]) -> None:
    """Apply ``ubah`` to ``db`` outside a load (created when missing), with the schema and measures
    up to date, atomically: the change is all there or not at all, and readers never see it half done."""
    with _salinan_atomik(Path(db)) as salinan:
        con = duckdb.connect(str(salinan))
        try:
            siapkan_skema(con)
            ubah(con)
            pasang_tampilan(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()


@contextlib.contextmanager
def _salinan_atomik(db: Path, waktu: dict[str, float] | None = None) -> Iterator[Path]:
    """A copy of ``db`` to write into; it replaces ``db`` only when the block completes.

    Killed midway, the old file stays as it was, and readers keep reading it meanwhile.
    One writer at a time per database; copies left by a killed writer are cleared first.
    The seconds spent copying and replacing are added to ``waktu['ganti_berkas']``.
    """
    waktu = {} if waktu is None else waktu
    db.parent.mkdir(parents=True, exist_ok=True)
    with _kunci_muat(db):
        with _ukur(waktu, "ganti_berkas"):
            for sisa in db.parent.glob(db.name + ".*.tmp"):
                sisa.unlink()
            salinan = db.with_name(f"{db.name}.{os.getpid()}.tmp")
        try:  # (the copy is made inside: stopped while copying, the half-made copy goes too)
            with _ukur(waktu, "ganti_berkas"):
                if db.exists():
                    shutil.copyfile(db, salinan)
            yield salinan
            with _ukur(waktu, "ganti_berkas"):
                with open(salinan, "rb") as f:
                    os.fsync(f.fileno())
                os.replace(salinan, db)
        finally:
            salinan.unlink(missing_ok=True)


@contextlib.contextmanager
def _kunci_muat(db: Path) -> Iterator[None]:
    """One load at a time per database: a second waits instead of overwriting the first's result."""
    with open(db.with_name(db.name + ".lock"), "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def simpan_sumber(isi: bytes | Path, sha: str, nama: str, db: Path) -> None:
    """Keep a source file's bytes (given, or the file at a path), content-addressed, so any load can be replayed."""
    tujuan = db.parent / "sumber" / sha[:2] / (sha + Path(nama).suffix.lower())
    if not tujuan.exists():
        tujuan.parent.mkdir(parents=True, exist_ok=True)
        sementara = tujuan.with_name(tujuan.name + f".{os.getpid()}.{threading.get_ident()}.tmp")
        if isinstance(isi, Path):
            shutil.copyfile(isi, sementara)
        else:
            sementara.write_bytes(isi)
        os.replace(sementara, tujuan)


@dataclass(frozen=True)
class Sidik:
    """What one read of a file's bytes tells: its sha256, and how many lines a text editor shows."""

    sha256: str
    baris: int


def sidik_dan_simpan(path: Path, db: Path) -> tuple[Sidik, float]:
    """Fingerprint a file and keep its bytes (simpan_sumber), reading it once in blocks; returns the
    fingerprint and the seconds it took. Meant for a thread beside the load: hashing, reading and copying
    leave the other threads free to run."""
    mulai = time.perf_counter()
    sha, baris, akhir = hashlib.sha256(), 0, b"\n"
    with open(path, "rb") as f:
        while blok := f.read(1 << 22):
            sha.update(blok)
            baris += blok.count(b"\n")
            akhir = blok[-1:]
    sidik = Sidik(sha.hexdigest(), baris + (akhir != b"\n"))
    simpan_sumber(path, sidik.sha256, path.name, db)
    return sidik, time.perf_counter() - mulai


def muat(jalur: Iterable[Sumber], db: Path = DB_BAWAAN,
         kemajuan: Callable[[str, int, int], None] | None = None, *, ganti: str | None = None,
         catat: Pencatat | None = None, pengguna: str = PENGGUNA_TERMINAL) -> HasilMuat:
    """Load files, folders and web addresses into ``db``; returns what happened to each file.

    ``kemajuan(file, done, total)`` is called before each file, for a progress bar. ``ganti`` says what
    the files replace besides rows of the same key: None (nothing), 'cakupan' (the plan year and
    province pairs they cover) or 'jenis_tahun' (every plan year of each kind they hold); see etl/ganti.py.
    ``catat`` writes the caller's own bookkeeping of this run into the same atomic load (see ``Pencatat``).
    ``pengguna`` is recorded in etl_runs as who made the load.
    """
    jalur = list(jalur)
    potret.periksa(ganti)
    berkas = daftar_berkas(jalur)
    if not berkas:
        raise TidakAdaEkspor(f"Tidak ada berkas ekspor ({', '.join(sorted(set(EKSTENSI)))}) di "
                             f"{', '.join(map(str, jalur))}: tidak ada yang dimuat, basis data tidak berubah")
    db = Path(db)
    waktu: dict[str, float] = {}
    with _salinan_atomik(db, waktu) as salinan:
        muatan = _muat_ke(salinan, berkas, db, kemajuan, ganti, catat, pengguna, waktu)
    muatan.waktu_muat = waktu
    return muatan


def _muat_ke(salinan: Path, berkas: list[Sumber], db: Path, kemajuan: Callable[[str, int, int], None] | None,
             ganti: str | None, catat: Pencatat | None, pengguna: str, waktu: dict[str, float]) -> HasilMuat:
    con = duckdb.connect(str(salinan))
    try:
        with _ukur(waktu, "siapkan"):
            con.execute("SET enable_progress_bar = false")
            con.execute(f"SET memory_limit = '{BATAS_MEMORI}'")
            siapkan_skema(con)
            run_id = con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM etl_runs").fetchall()[0][0]
            mulai = dt.datetime.now()
            if ganti:
                potret.mulai(con)
        hasil = []
        for i, path in enumerate(berkas):
            if kemajuan:
                kemajuan(nama_tampil(path), i, len(berkas))
            hasil.append(_muat_berkas(con, run_id, path, db))
        if kemajuan:
            kemajuan("", len(berkas), len(berkas))
        muatan = HasilMuat(run_id, hasil, [], ganti, pengguna=pengguna)
        with _ukur(waktu, "upsert"):
            if ganti and not muatan.ganti_batal:
                muatan.dihapus = potret.terapkan(con, run_id, ganti)
        with _ukur(waktu, "ganti_berkas"):
            _catat_muat(con, muatan, mulai)
            if catat:
                catat(con, run_id, hasil)
            pasang_tampilan(con)
            muatan.peringatan = con.execute(
                "SELECT count(*) FROM etl_rejects WHERE run_id = ? AND scope = 'warning'", [run_id]).fetchall()[0][0]
            muatan.penolakan = con.execute("""
                SELECT file, sheet, "row", "column", "value", reason FROM etl_rejects
                WHERE run_id = ? ORDER BY file, sheet, "row" LIMIT 20""", [run_id]).fetchall()
            con.execute("CHECKPOINT")
        return muatan
    finally:
        con.close()


def _catat_muat(con: duckdb.DuckDBPyConnection, muatan: HasilMuat, mulai: dt.datetime) -> None:
    """The run and its files into etl_runs and etl_files."""
    for h in muatan.berkas:
        con.execute("""
            INSERT INTO etl_files (run_id, file, sha256, kind, status, rows_read, rows_loaded, rows_rejected, error,
                                   rows_duplicate, rows_superseded, sheets, ignored_columns, rows_flagged)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", [
                muatan.run_id, h.file, h.sha256, h.kind, h.status, h.rows_read, h.rows_loaded, h.rows_rejected,
                h.error, h.rows_duplicate, h.rows_superseded, ", ".join(h.sheets), ", ".join(h.ignored_columns),
                h.rows_flagged])
    con.execute("""
        INSERT INTO etl_runs (run_id, started_at, finished_at, status, files, rows_loaded, rows_rejected, ganti,
                              rows_removed, rows_flagged, pengguna)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", [
        muatan.run_id, mulai, dt.datetime.now(), _status_muat(muatan.berkas), len(muatan.berkas),
        sum(h.rows_loaded for h in muatan.berkas), sum(h.rows_rejected for h in muatan.berkas), muatan.ganti,
        sum(muatan.dihapus.values()), sum(h.rows_flagged for h in muatan.berkas), muatan.pengguna])


def _status_muat(hasil: list[HasilBerkas]) -> str:
    """'loaded' when every file loaded, 'partial' when some failed, 'failed' when none loaded."""
    gagal = sum(h.status == "failed" for h in hasil)
    return "loaded" if gagal == 0 else ("partial" if gagal < len(hasil) else "failed")


def _muat_berkas(con: duckdb.DuckDBPyConnection, run_id: int, sumber: Sumber, db: Path) -> HasilBerkas:
    """One file or web address; a download lands in a temporary folder first."""
    if isinstance(sumber, BerkasBernama):
        return _muat_berkas_lokal(con, run_id, sumber.jalur, db, sumber.nama)
    if not adalah_url(sumber):
        return _muat_berkas_lokal(con, run_id, Path(sumber), db, Path(sumber).as_posix())
    with tempfile.TemporaryDirectory(prefix="selaras-unduh-") as folder:
        try:
            path = unduh(str(sumber), Path(folder))
        except BerkasTidakTerbaca as e:
            return HasilBerkas(file=str(sumber), status="failed", error=str(e))
        return _muat_berkas_lokal(con, run_id, path, db, str(sumber))


def _muat_berkas_lokal(con: duckdb.DuckDBPyConnection, run_id: int, path: Path, db: Path,
                       nama: str) -> HasilBerkas:
    """One file, in its own transaction: a file that fails leaves no rows behind. The load reads a copy of the
    file taken first: what is checked, loaded and kept as the source is one and the same, whatever another
    program does to the file meanwhile (an exporter writing it again; a file cut short under a memory map would
    kill the process). Its bytes are fingerprinted and kept in a thread while it is read."""
    h = HasilBerkas(file=nama_tampil(nama))
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # reading a named pipe or a device would never end
            h.status, h.error = "failed", ("Bukan berkas biasa (pipa bernama, perangkat atau folder khusus): "
                                           "simpan isinya sebagai berkas .xlsx, .csv atau .json lalu muat berkas itu")
            return h
    except OSError as e:
        h.status, h.error = "failed", f"Berkas tidak dapat dibaca: {e.strerror or e}"
        return h
    with tempfile.TemporaryDirectory(prefix="selaras-berkas-") as folder:
        salinan = Path(folder) / path.name  # (the same name: its extension says how it is read)
        try:
            shutil.copyfile(path, salinan)
        except OSError as e:
            h.status, h.error = "failed", f"Berkas tidak dapat dibaca: {e.strerror or e}"
            return h
        return _muat_salinan(con, run_id, h, salinan, db)


def _muat_salinan(con: duckdb.DuckDBPyConnection, run_id: int, h: HasilBerkas, path: Path, db: Path) -> HasilBerkas:
    """``_muat_berkas_lokal`` on the load's own copy of the file, at ``path``."""
    with ThreadPoolExecutor(max_workers=1) as latar:
        sidik = latar.submit(sidik_dan_simpan, path, db)
        con.execute("BEGIN TRANSACTION")
        try:
            with _ukur(h.waktu, "baca"):
                lembar = baca(path)
                dikenal = [(lb, k) for lb in lembar if (k := cari_kepala(lb.kepala_baris)) is not None]
            if not dikenal:
                raise BerkasTidakTerbaca("Tidak ada baris kepala kolom yang dikenal sebagai usulan, target_indikator "
                                         "atau desk_sesi; periksa judul kolom (lihat etl/header_aliases.toml)")
            for lb, kepala in dikenal:
                _muat_lembar(con, run_id, h, lb, kepala, sidik)
            h.kind = ", ".join(dict.fromkeys(k.tabel.nama for _, k in dikenal))
            with _ukur(h.waktu, "upsert"):
                con.execute("COMMIT")
        except Exception as e:  # nothing passes the file boundary: whatever a file does, it fails alone
            con.execute("ROLLBACK")
            _pulihkan_sesi(con)
            h.status = "failed"
            h.error = (f"Berkas tidak dapat dibaca: {e.strerror or e}" if isinstance(e, OSError) else
                       str(e) if isinstance(e, BerkasTidakTerbaca) else
                       f"Berkas tidak dapat dimuat ({e.__class__.__name__}): {str(e)[:300]}")
            h.rows_read = h.rows_loaded = h.rows_rejected = h.rows_duplicate = h.rows_superseded = h.rows_flagged = 0
        with _ukur(h.waktu, "simpan_sumber"):
            if sidik.exception() is None:
                h.sha256, h.waktu["simpan_sumber_latar"] = sidik.result()[0].sha256, sidik.result()[1]
    return h


def _muat_lembar(con: duckdb.DuckDBPyConnection, run_id: int, h: HasilBerkas, lembar: Lembar,
                 kepala: Kepala, sidik: Future[tuple[Sidik, float]]) -> None:
    """One table: the body -> typed rows with the rules each breaks -> unique rows -> rejects and upsert.
    ``sidik``: the file's fingerprint, being taken in a thread."""
    tabel = kepala.tabel
    if lembar.nama:
        h.sheets.append(lembar.nama)
    h.ignored_columns += [c for c in kepala.diabaikan if c not in h.ignored_columns]
    judul = {"judul_tahun": kepala.judul_tahun, "judul_provinsi": _kode_provinsi_judul(con, kepala.judul_provinsi)}
    with lembar.badan(con, kepala.baris_awal_data, kepala.lebar) as badan:
        pembangun = Pembangun(tabel, kepala, sel_panjang=badan.sel_bisa_lebih_dari(BATAS_SEL))
        with _ukur(h.waktu, "baca"):
            pembangun.siapkan(con, badan.sql, badan.parameter, kepala.judul_tahun)
        with _ukur(h.waktu, "normalisasi"):
            awal = _normalkan(con, pembangun, badan, judul, lambda: _tunggu(h, sidik).baris)
            dibaca, unik, kunci_unik = _hapus_duplikat(con, kepala, badan, awal)
    if lembar.ditolak:  # lines the reader could not split into cells
        con.executemany('INSERT INTO etl_rejects (run_id, file, "row", "value", reason, sheet, scope) '
                        "VALUES (?, ?, ?, ?, ?, ?, 'row')",
                        [[run_id, h.file, baris, teks, alasan, lembar.nama] for baris, teks, alasan in lembar.ditolak])
        h.rows_read += len(lembar.ditolak)
        h.rows_rejected += len(lembar.ditolak)
    with _ukur(h.waktu, "normalisasi"):
        _catat_penolakan(con, run_id, h, lembar)
    with _ukur(h.waktu, "upsert"):
        ditolak, ditandai, sah = con.execute(
            "SELECT count(*) FILTER (WHERE _tolak), count(*) FILTER (WHERE NOT _tolak AND len(_pelanggaran) > 0), "
            "count(*) FILTER (WHERE NOT _tolak) FROM _tipe_isi").fetchall()[0]
        dimuat = _tulis(con, tabel, _tunggu(h, sidik).sha256, lembar.nama, sah if kunci_unik else None)
        _catat_kunci_ditolak(con, tabel, run_id, h.file, lembar.nama)
        potret.catat_lembar(con, tabel, kepala.judul_tahun, judul["judul_provinsi"])
        con.execute("DROP VIEW _tipe")
        con.execute("DROP TABLE _tipe_isi")
    h.rows_read += dibaca
    h.rows_duplicate += dibaca - unik
    h.rows_rejected += ditolak
    h.rows_flagged += ditandai
    h.rows_loaded += dimuat
    h.rows_superseded += unik - ditolak - dimuat


def _tunggu(h: HasilBerkas, sidik: Future[tuple[Sidik, float]]) -> Sidik:
    """The file's fingerprint, waiting for its thread if need be (the wait counts as keeping the sources)."""
    with _ukur(h.waktu, "simpan_sumber"):
        return sidik.result()[0]


def _normalkan(con: duckdb.DuckDBPyConnection, pembangun: Pembangun, badan: Badan, judul: dict,
               baris_berkas: Callable[[], int]) -> int:
    """The body -> _tipe_isi, one typed row per data record with the rules it breaks, in the file's order;
    and the view _tipe over it with each row's number (``_baris``) as a person sees it. Returns the rowid
    of the body's first record. ``baris_berkas()``: how many lines the file has."""
    sql = pembangun.sql(badan.sql, bernomor=badan.nomor is None)
    lulus = (f"CREATE OR REPLACE TEMP TABLE _tipe_isi AS {sql}", dipakai({**badan.parameter, **judul}, sql))
    con.execute(*lulus)
    if pembangun.perlu_pindai(con, "_tipe_isi"):  # a cell no earlier file of the load had: scan, then again
        pembangun.pindai(con, badan.sql, badan.parameter)
        pembangun.siapkan(con, badan.sql, badan.parameter, judul["judul_tahun"])
        con.execute(*lulus)
    # Rows a transaction writes are numbered from a base of their own: a record's position is its rowid less
    # the first record's.
    rekaman, awal = con.execute("SELECT count(*), coalesce(min(rowid), 0) FROM _tipe_isi").fetchall()[0]
    if badan.nomor is None:
        tampilan = "SELECT * FROM _tipe_isi"
    else:
        tampilan = (f"SELECT {badan.nomor(con, rekaman, baris_berkas())} AS _baris, * EXCLUDE (_urut) "
                    f"FROM (SELECT rowid - {int(awal)} + 1 AS _urut, * FROM _tipe_isi)")
    con.execute(f"CREATE OR REPLACE TEMP VIEW _tipe AS {tampilan}")
    con.execute("DELETE FROM _tipe_isi WHERE NOT _data")
    return int(awal)


def _catat_penolakan(con: duckdb.DuckDBPyConnection, run_id: int, h: HasilBerkas, lembar: Lembar) -> None:
    """A rejected row is one reject naming every rule it breaks; a loaded row, one per field not taken as written."""
    con.execute("""
        INSERT INTO etl_rejects (run_id, file, "row", "column", "value", reason, sheet, scope)
        SELECT $run, $file, _baris, _pelanggaran[1].kolom, _pelanggaran[1].nilai,
               _pelanggaran[1].alasan || CASE WHEN len(_pelanggaran) > 1 THEN
                 '; juga: ' || array_to_string(list_transform(_pelanggaran[2:], lambda x: x.kolom || ': ' || x.alasan), '; ')
                 ELSE '' END,
               $sheet, 'row'
        FROM _tipe WHERE _tolak
        UNION ALL
        SELECT $run, $file, _baris, x.kolom, x.nilai, x.alasan, $sheet, x.tindakan
        FROM (SELECT _baris, unnest(_pelanggaran) AS x FROM _tipe WHERE NOT _tolak AND len(_pelanggaran) > 0)""",
                {"run": run_id, "file": h.file, "sheet": lembar.nama})


def _catat_kunci_ditolak(con: duckdb.DuckDBPyConnection, tabel: Tabel, run_id: int, file: str,
                         lembar: str | None) -> None:
    """Keep the latest reject of every readable key of _tipe that did not load (TABEL_DITOLAK); forget a key
    that loaded. A key is readable when its year is valid and none of its parts is empty."""
    if tabel.nama not in TABEL_DITOLAK:
        return
    kunci = ", ".join(tabel.kunci)
    terbaca = (f"tahun BETWEEN {TAHUN_PALING_AWAL} AND {TAHUN_PALING_AKHIR} AND "
               + " AND ".join(f"{k} IS NOT NULL" for k in tabel.kunci))
    sama = " AND ".join(f"d.{k} = s.{k}" for k in tabel.kunci)
    con.execute(f"DELETE FROM {tabel.nama}_ditolak d USING (SELECT DISTINCT {kunci} FROM _tipe WHERE {terbaca}) s "
                f"WHERE {sama}")
    con.execute(f"""
        INSERT INTO {tabel.nama}_ditolak ({kunci}, run_id, file, sheet, "row", "column", reason)
        SELECT {kunci}, $run, $file, $sheet, _baris, _pelanggaran[1].kolom, _pelanggaran[1].alasan
        FROM _tipe s WHERE _tolak AND {terbaca}
          AND NOT EXISTS (SELECT 1 FROM _tipe d WHERE NOT d._tolak AND {sama})
        QUALIFY row_number() OVER (PARTITION BY {kunci} ORDER BY _baris DESC) = 1""",
                {"run": run_id, "file": file, "sheet": lembar})


def _hapus_duplikat(con: duckdb.DuckDBPyConnection, kepala: Kepala, badan: Badan,
                    awal: int) -> tuple[int, int, bool]:
    """Drop exact duplicate rows of _tipe_isi (the same row twice in one file); returns (rows, unique rows,
    whether every key is unique).

    Two rows that are the same have the same key, and keys are almost always unique: only when one is not
    is the body read again, and the rows compared cell by cell as the file has them (a record's position in
    the body is its rowid less the first record's, ``awal``, in both tables).
    """
    kunci = ", ".join(kepala.tabel.kunci)
    dibaca, beda = con.execute(f"SELECT count(*), count(DISTINCT ({kunci})) FROM _tipe_isi").fetchall()[0]
    if beda == dibaca:
        return dibaca, dibaca, True
    kolom = ", ".join(f"c{j}" for j in sorted(kepala.kolom))
    con.execute(f"CREATE OR REPLACE TEMP TABLE _mentah AS SELECT {kolom} FROM ({badan.sql})",
                dipakai(badan.parameter, badan.sql))
    con.execute(f"""
        DELETE FROM _tipe_isi WHERE rowid - {awal} IN (
            SELECT posisi FROM (SELECT rowid - min(rowid) OVER () AS posisi, {kolom} FROM _mentah)
            WHERE posisi IN (SELECT rowid - {awal} FROM _tipe_isi)
            QUALIFY row_number() OVER (PARTITION BY {kolom} ORDER BY posisi) > 1)""")
    con.execute("DROP TABLE _mentah")
    return dibaca, con.execute("SELECT count(*) FROM _tipe_isi").fetchall()[0][0], False


def _kode_provinsi_judul(con: duckdb.DuckDBPyConnection, teks: str | None) -> str | None:
    """The province code a title row names, or None when it names none we know."""
    if not teks:
        return None
    hasil = con.execute("SELECT kode FROM ref_kunci WHERE rujukan = 'provinsi' AND kunci = kunci_provinsi(?)",
                        [teks]).fetchall()
    return hasil[0][0] if len(hasil) == 1 else None


def _rentang_tersimpan(con: duckdb.DuckDBPyConnection, tabel: Tabel, sah: str) -> list | None:
    """Where stored rows that share a key with the rows of ``sah`` can lie: each key column's least and greatest
    value in ``sah``, as [min, max, min, max, ...]; None when no stored row lies in that box, so none can be
    replaced. Files of a national export each hold their own provinces' keys, so this is mostly None, read from
    the table's min/max statistics, and the join that replaces stored rows is skipped; when it is not, the box
    bounds the join's scan of the stored table to the row groups whose statistics overlap it."""
    kolom = tabel.kunci
    batas = con.execute(f"SELECT {', '.join(f'min({k}), max({k})' for k in kolom)} FROM ({sah})").fetchall()[0]
    if any(v is None for v in batas):  # no valid row, or a key part empty in all: nothing can match
        return None
    rentang = " AND ".join(f"{k} BETWEEN ? AND ?" for k in kolom)
    ada = con.execute(f"SELECT EXISTS (SELECT 1 FROM {tabel.nama} WHERE {rentang})", list(batas)).fetchall()[0][0]
    return list(batas) if ada else None


def _tulis(con: duckdb.DuckDBPyConnection, tabel: Tabel, sha: str, nama_lembar: str | None,
          sah_unik: int | None) -> int:
    """Upsert the valid rows of _tipe: the last row of a key in the file wins, and replaces the stored row.
    ``sah_unik``: how many valid rows there are when every key of the file is known to be unique."""
    kunci = ", ".join(tabel.kunci)
    kolom = [k.nama for k in tabel.kolom] + [n for n, *_ in (*KOLOM_TURUNAN.get(tabel.nama, ()), *KOLOM_TANDA)]
    daftar = ", ".join(f'"{k}"' for k in kolom)
    sah = "SELECT * FROM _tipe WHERE NOT _tolak"
    beda = sah_unik
    if beda is None:
        baris, beda = con.execute(f"SELECT count(*), count(DISTINCT ({kunci})) FROM ({sah})").fetchall()[0]
        if beda < baris:
            sah += f" QUALIFY row_number() OVER (PARTITION BY {kunci} ORDER BY _baris DESC) = 1"
    if (rentang := _rentang_tersimpan(con, tabel, sah)) is not None:
        sama = " AND ".join(f"{tabel.nama}.{k} = s.{k}" for k in tabel.kunci)
        dalam = " AND ".join(f"{tabel.nama}.{k} BETWEEN ? AND ?" for k in tabel.kunci)
        con.execute(f"DELETE FROM {tabel.nama} USING (SELECT {kunci} FROM ({sah})) s WHERE {dalam} AND {sama}",
                    rentang)
    asal = {"sumber_sha256": "$sha", "sumber_baris": "_baris", "sumber_lembar": "$lembar"}
    semua = daftar + ", " + ", ".join(n for n, *_ in KOLOM_ASAL)
    with tanpa_urutan(con):
        con.execute(f"INSERT INTO {tabel.nama} ({semua}) SELECT {daftar}, "
                    f"{', '.join(asal[n] for n, *_ in KOLOM_ASAL)} FROM ({sah})", {"sha": sha, "lembar": nama_lembar})
    return beda
