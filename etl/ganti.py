"""Snapshots: what a load replaces besides the rows whose key it writes again.

SIPD exports are snapshots: a proposal withdrawn since the last export is simply no longer in it.
A load that only upserts keeps such a row counted for ever. So a load may say what its files are a
complete picture of, and every stored row inside that picture that the files no longer hold is removed:

- ``None`` (the default): nothing is removed; rows are upserted by key.
- ``"cakupan"`` (``python -m etl load --ganti``): the files of the load together replace, per export
  kind, every (plan year, province) pair they cover. A sheet covers the pairs its rows carry (every
  row with a valid year and a known province, whether it loaded or was rejected for another fault),
  and the pair its title rows name ('PROVINSI JAWA BARAT', 'TAHUN 2022'), even when it has no data
  rows left. A national export, whose rows carry every province of the year, so replaces the whole
  year; a file that holds eight provinces never touches the other twenty-six. Where a kind comes in
  parts (``BAGIAN``: macro and urusan targets, the desks of a schedule), a sheet covers only the parts
  its rows carry: the macro recap does not remove urusan targets, the schedule of desks 1-20 does not
  remove the sessions of desks 21-40. A title-only sheet covers every part of its pair.
- ``"jenis_tahun"`` (used by a fetch from the SIPD web service, complete by construction): every plan
  year a kind's rows (or title rows) carry is replaced entirely for that kind.

A stored row is kept when its key appears in the files, also on a row rejected for another fault (the
proposal still exists; its reject says what to fix). Nothing is removed when any file of the load
failed: a file that could not be read might have held the rows that would otherwise go. Removed rows
are kept in ``etl_removed`` with the run that removed them and the row as it was.
"""

from __future__ import annotations

import duckdb

from etl.rujukan import TAHUN_PALING_AKHIR, TAHUN_PALING_AWAL
from etl.schema import TABEL_DITOLAK, TABEL_EKSPOR, Tabel

GANTI = ("cakupan", "jenis_tahun")
"""What a load may replace (see the module docstring)."""

BAGIAN = {"target_indikator": "jenis", "desk_sesi": "desk_no"}
"""The column that splits a kind into the parts exports come in (see the module docstring)."""


def _di_dalam(ganti: str, t: Tabel) -> str:
    """When a stored row f lies inside what the load covers (c: a row of _cakupan of its kind)."""
    if ganti == "jenis_tahun":
        return "c.tahun = f.tahun"
    bagian = f"(c.bagian IS NULL OR c.bagian = CAST(f.{BAGIAN[t.nama]} AS VARCHAR))" if t.nama in BAGIAN else "TRUE"
    return f"c.tahun = f.tahun AND c.kode_provinsi = f.kode_provinsi AND {bagian}"


def periksa(ganti: str | None) -> None:
    """A wrong mode is a programming error: say which ones there are."""
    if ganti is not None and ganti not in GANTI:
        raise ValueError(f"ganti harus None, {' atau '.join(repr(g) for g in GANTI)}, bukan {ganti!r}")


def mulai(con: duckdb.DuckDBPyConnection) -> None:
    """Before the first file: empty lists of what the load covers and of the keys it has seen."""
    con.execute("CREATE OR REPLACE TEMP TABLE _cakupan (tabel VARCHAR, tahun INTEGER, kode_provinsi VARCHAR, "
                "bagian VARCHAR)")
    for t in TABEL_EKSPOR:
        kolom = ", ".join(t.kunci)
        con.execute(f"CREATE OR REPLACE TEMP TABLE _terlihat_{t.nama} AS SELECT {kolom} FROM {t.nama} LIMIT 0")


def _aktif(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name = '_cakupan'")
                .fetchall()[0][0])


def catat_lembar(con: duckdb.DuckDBPyConnection, t: Tabel, judul_tahun: int | None,
                 judul_provinsi: str | None) -> None:
    """After a sheet's rows are typed (_tipe): note the pairs and the keys it covers. Does nothing when
    the load replaces nothing. Runs inside the file's transaction, so a file that fails notes nothing."""
    if not _aktif(con):
        return
    sah = f"tahun BETWEEN {TAHUN_PALING_AWAL} AND {TAHUN_PALING_AKHIR}"
    bagian = (f"SELECT DISTINCT CAST({BAGIAN[t.nama]} AS VARCHAR) AS bagian FROM _tipe WHERE {BAGIAN[t.nama]} IS NOT NULL"
              if t.nama in BAGIAN else "SELECT CAST(NULL AS VARCHAR) AS bagian")
    con.execute(f"""
        INSERT INTO _cakupan
        SELECT $tabel, p.tahun, p.kode_provinsi, b.bagian
        FROM (SELECT DISTINCT tahun, kode_provinsi FROM _tipe WHERE {sah} AND kode_provinsi IS NOT NULL) p, ({bagian}) b
        UNION SELECT $tabel, $tahun, $provinsi, NULL
        WHERE $tahun BETWEEN {TAHUN_PALING_AWAL} AND {TAHUN_PALING_AKHIR}""",
                {"tabel": t.nama, "tahun": judul_tahun, "provinsi": judul_provinsi})
    kolom = ", ".join(t.kunci)
    con.execute(f"INSERT INTO _terlihat_{t.nama} SELECT DISTINCT {kolom} FROM _tipe WHERE {sah}")


def terapkan(con: duckdb.DuckDBPyConnection, run_id: int, ganti: str) -> dict[str, int]:
    """After every file has loaded: remove, per kind, the stored rows inside what the load covers whose
    key no file of the load holds, keeping each in etl_removed. Returns the rows removed per kind."""
    dihapus = {}
    for t in TABEL_EKSPOR:
        sama = " AND ".join(f"s.{k} IS NOT DISTINCT FROM f.{k}" for k in t.kunci)
        kunci = ", ".join(f"CAST(f.{k} AS VARCHAR)" for k in t.kunci)
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE _hapus AS
            SELECT f.rowid AS _rid, f.tahun, f.kode_provinsi, concat_ws(' · ', {kunci}) AS kunci,
                   f.sumber_sha256, f.sumber_baris, to_json(f) AS baris
            FROM {t.nama} f
            WHERE EXISTS (SELECT 1 FROM _cakupan c WHERE c.tabel = $tabel AND {_di_dalam(ganti, t)})
              AND NOT EXISTS (SELECT 1 FROM _terlihat_{t.nama} s WHERE {sama})""", {"tabel": t.nama})
        con.execute("""
            INSERT INTO etl_removed (run_id, kind, tahun, kode_provinsi, "key", sumber_sha256, sumber_baris, ganti, "row")
            SELECT $run, $tabel, tahun, kode_provinsi, kunci, sumber_sha256, sumber_baris, $ganti, baris
            FROM _hapus ORDER BY tahun, kode_provinsi, kunci""", {"run": run_id, "tabel": t.nama, "ganti": ganti})
        con.execute(f"DELETE FROM {t.nama} WHERE rowid IN (SELECT _rid FROM _hapus)")
        if t.nama in TABEL_DITOLAK:  # a rejected key the export no longer holds is no session any more
            con.execute(f"""
                DELETE FROM {t.nama}_ditolak f
                WHERE EXISTS (SELECT 1 FROM _cakupan c WHERE c.tabel = $tabel AND {_di_dalam(ganti, t)})
                  AND NOT EXISTS (SELECT 1 FROM _terlihat_{t.nama} s WHERE {sama})""", {"tabel": t.nama})
        dihapus[t.nama] = con.execute("SELECT count(*) FROM _hapus").fetchall()[0][0]
        con.execute("DROP TABLE _hapus")
    return dihapus
