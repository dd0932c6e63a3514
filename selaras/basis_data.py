"""The one way the app reads the database: named, parameterised SQL, cached, returning small frames.

The database file is read through selaras.kueri.buka (an in-memory DuckDB connection that ATTACHes it
READ_ONLY and holds the measure macros itself), one connection per file version (path, inode, mtime).
A load replaces the file (os.replace); the next run sees a new version and reads the new file, while runs
still under way finish on the version they started with: a run looks at the file once, at its start
(``identitas``), and every query of that run reads that version, so a page never mixes two loads. Every
query gets its own cursor (one connection is not safe across Streamlit's session threads). A connection is
never closed while a run may still use it: the cache only lets go of it, and DuckDB closes it when the last
cursor is gone. The app never writes the database.

Query results are cached with the file version in the key, so a new load is never served stale.
Filter values travel only as parameters; identifiers come only from ``selaras.kueri.UKURAN`` and ``KUERI`` below.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from etl import sampel_db
from etl.muat import DB_BAWAAN, versi_tampilan
from etl.sampel_db import FOLDER_SAMPEL
from selaras import kueri
from selaras.kueri import buka, kursor, parameter_sql, sql_ukuran, versi_di_db
from selaras.teks import t

BATAS_MEMORI = os.environ.get("SELARAS_BATAS_MEMORI_APP", "1GB")
"""DuckDB's working memory for one version of the database (DuckDB's own default is 80 % of the machine)."""

BATAS_RINCI = 5000
"""Most rows a list of loading problems brings back; the page says when there are more."""
BARIS_PER_HALAMAN = 100
"""Rows of a drill-down fetched and sent at a time: one page of the table, the next only when asked."""

KUERI = {
    **kueri.KUERI,
    "pn": "SELECT * FROM pn_tahun($1) ORDER BY kode_pn",
    "mp": "SELECT * FROM mp_tahun($1) ORDER BY kode_mp",
    "kl": "SELECT kode_kl, nama_kl, singkatan FROM ref_kl ORDER BY kode_kl",
    "riwayat_muat": """
        SELECT run_id, started_at, finished_at, status, ganti, files, rows_loaded, rows_rejected, rows_flagged,
               rows_removed, pengguna
        FROM etl_runs ORDER BY run_id DESC""",
    "berkas_muat": """
        SELECT run_id, file, kind, status, rows_read, rows_loaded, rows_rejected, rows_flagged, rows_duplicate, error,
               ignored_columns, sha256
        FROM etl_files ORDER BY run_id DESC, file""",
    "penolakan": """
        SELECT run_id, file, sheet, "row", "column", "value", scope, reason FROM etl_rejects
        WHERE run_id = $1 ORDER BY file, sheet, "row" LIMIT $2""",
    "jumlah_penolakan": "SELECT run_id, count(*) AS baris FROM etl_rejects GROUP BY run_id ORDER BY run_id DESC",
    "dihapus": """
        SELECT r.run_id, r.kind, r.tahun AS tahun_rencana, p.nama_provinsi, r."key", f.file, r.sumber_baris,
               r."row" AS baris_semula
        FROM etl_removed r
        LEFT JOIN ref_provinsi p USING (kode_provinsi)
        LEFT JOIN (SELECT sha256, arg_max(file, run_id) AS file FROM etl_files GROUP BY sha256) f
          ON f.sha256 = r.sumber_sha256
        ORDER BY r.run_id DESC, r.kind, r.tahun, r.kode_provinsi, r."key" LIMIT $1""",
    "jumlah_dihapus": "SELECT count(*) FROM etl_removed",
    "peringatan": """
        SELECT run_id, file, sheet, "row", "column", "value", reason FROM etl_rejects WHERE scope = 'warning'
        ORDER BY run_id DESC, file, sheet, "row" LIMIT $1""",
    "jumlah_peringatan": "SELECT count(*) FROM etl_rejects WHERE scope = 'warning'",
    "isi_tabel": """
        SELECT 'usulan' AS tabel, count(*) AS baris, count(DISTINCT tahun) AS tahun, max(tahun) AS tahun_terakhir
        FROM usulan
        UNION ALL SELECT 'target_indikator', count(*), count(DISTINCT tahun), max(tahun) FROM target_indikator
        UNION ALL SELECT 'desk_sesi', count(*), count(DISTINCT tahun), max(tahun) FROM desk_sesi""",
    "jumlah_usulan_rinci": "SELECT count(*) FROM usulan_pilih($1, $2, $3, $4, $5, $6)",
    "tarik_sipd": """
        SELECT kind, tahun AS tahun_rencana, max(finished_at) AS ditarik_terakhir, arg_max(status, pull_id) AS status,
               arg_max(records, pull_id) FILTER (status <> 'failed') AS rekaman,
               max(finished_at) FILTER (status <> 'failed') AS lengkap_terakhir, max(run_id) AS run_id,
               max(finished_at) FILTER (status = 'failed') AS gagal_terakhir,
               arg_max(error, pull_id) FILTER (status = 'failed') AS alasan_gagal
        FROM etl_pulls WHERE list_contains($1, kind)
        GROUP BY kind, tahun ORDER BY tahun DESC, list_position($1, kind)""",
}
"""Every query the app runs, by name: those it shares with the command line (selaras.kueri) and its own."""


def jalur_db() -> Path:
    """The database the app reads: $SELARAS_DB, else data/selaras.duckdb."""
    return Path(os.environ.get("SELARAS_DB") or DB_BAWAAN)


@dataclass(frozen=True)
class Identitas:
    """Which file, in which version: the key of the connection and of every cached result."""

    jalur: str
    inode: int
    mtime_ns: int


def _identitas(jalur: Path) -> Identitas:
    s = jalur.stat()
    return Identitas(str(jalur), s.st_ino, s.st_mtime_ns)


_MEMBANGUN = threading.Lock()
"""Sessions that open at once on a first start wait for one build instead of each loading the sample."""


def _bangun_dari_sampel(jalur: Path) -> None:
    """First start: the shipped build of the bundled sample put in place (etl/sampel_db.py), or, when it is
    missing or no longer what the sample gives, the sample loaded, saying so on screen."""
    with _MEMBANGUN:
        if jalur.exists() or sampel_db.pasang(jalur, FOLDER_SAMPEL):
            return
        with st.status(t("umum.membangun_db"), expanded=True) as status:
            if not FOLDER_SAMPEL.exists():
                from etl.sample import tulis_sampel

                st.write(t("umum.menulis_sampel"))
                tulis_sampel(FOLDER_SAMPEL)
            st.write(t("umum.memuat_sampel"))
            sampel_db.bangun(jalur, FOLDER_SAMPEL)
            status.update(label=t("umum.db_siap"), state="complete", expanded=False)


@st.cache_resource(max_entries=4, show_spinner=False)
def _koneksi(identitas: Identitas) -> duckdb.DuckDBPyConnection:
    """One version of the database. Not closed on eviction: a run that started on this version may still be
    querying it (DuckDB refuses to close a busy connection anyway); DuckDB closes it when no cursor is left."""
    return buka(Path(identitas.jalur), BATAS_MEMORI)


def _kursor(identitas: Identitas) -> duckdb.DuckDBPyConnection:
    return kursor(_koneksi(identitas))


_RUN = "_identitas_run"
"""Session-state key of the database version the current run reads."""


def identitas() -> Identitas | None:
    """The database as the file is now, made ready (built on first start); the rest of this run reads it.

    app.py calls it first thing in every run. None when $SELARAS_DB names a file that does not exist.
    """
    jalur = jalur_db()
    if not jalur.exists():
        if jalur != DB_BAWAAN:
            return None
        _bangun_dari_sampel(jalur)
    ident = _identitas(jalur)
    st.session_state[_RUN] = ident
    return ident


def identitas_dibaca() -> Identitas | None:
    """The version this run reads: the one identitas() chose at the start of the run."""
    return st.session_state.get(_RUN) or identitas()


@st.cache_data(max_entries=8, show_spinner=False)
def _versi(ident: Identitas) -> str | None:
    return versi_di_db(_kursor(ident))


def versi_lain() -> bool:
    """Whether the database was loaded by another version of Selaras (its tables may lack what this one reads).

    The app does not bring it up to date itself (it never writes the file); the next load does.
    """
    ident = identitas_dibaca()
    return ident is not None and _versi(ident) != versi_tampilan()


def identitas_berkas() -> Identitas | None:
    """The database file's identity right now, without opening or preparing it: cheap enough to poll.

    The watch of every open screen (komponen.pantau_muat) compares it with the version its run read.
    """
    jalur = jalur_db()
    return _identitas(jalur) if jalur.exists() else None


@st.cache_data(max_entries=512, show_spinner=False)
def _baca(ident: Identitas, sql: str, parameter: tuple) -> pd.DataFrame:
    return _kursor(ident).execute(sql, parameter_sql(parameter)).df()


def kueri(nama: str, *parameter: object) -> pd.DataFrame:
    """One named query of ``KUERI`` with its parameters."""
    ident = identitas_dibaca()
    if ident is None:
        return pd.DataFrame()
    return _baca(ident, KUERI[nama], tuple(parameter))


def ukuran(nama: str, parameter: Sequence[object], batas: int | None = None, lewati: int = 0) -> pd.DataFrame:
    """One measure of etl/sql/tampilan.sql under its filter parameters (see selaras.kueri.UKURAN); with
    ``batas``, that many rows after the first ``lewati``."""
    sql = sql_ukuran(nama, len(parameter), batas, lewati)
    ident = identitas_dibaca()
    if ident is None:
        return pd.DataFrame()
    return _baca(ident, sql, tuple(parameter))


def salinan_sumber(sha256: object) -> Path | None:
    """The kept copy of a source file (sumber/<sha[:2]>/<sha256><ext> beside the database), or None.

    Only a 64-digit hex digest names a file: nothing from a row can point anywhere else on the disk.
    """
    if not isinstance(sha256, str) or not re.fullmatch(r"[0-9a-f]{64}", sha256):
        return None
    salinan = [p for p in (jalur_db().parent / "sumber" / sha256[:2]).glob(f"{sha256}*") if not p.name.endswith(".tmp")]
    return salinan[0] if salinan else None


def skalar(nama: str, *parameter: object) -> object:
    """The single value of a named query (None when it returns nothing)."""
    df = kueri(nama, *parameter)
    return None if df.empty else df.iat[0, 0]
