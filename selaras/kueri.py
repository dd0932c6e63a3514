"""The SQL that both the dashboard and the command line run, by name, with no Streamlit in sight.

The measures themselves are table macros in etl/sql/tampilan.sql, declared in etl/sql/ukuran.toml beside it
(``KATALOG_UKURAN``: parameters, the filters that apply, the display kinds of their columns); this module
names them (``UKURAN``) and holds the named queries the two share (``KUERI``). The dashboard serves them cached through
selaras.basis_data (which adds the queries only the app runs); the command line (python -m selaras)
reads them through ``Basis``. Both open the database with ``buka``: readers never write it, and read it
with the measure definitions they were built with. Parameters travel only as parameters; identifiers
come only from the declarations below.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from etl.muat import TAMPILAN_SQL

with open(TAMPILAN_SQL.with_name("ukuran.toml"), "rb") as _f:
    KATALOG_UKURAN: dict[str, dict] = tomllib.load(_f)
"""The measures of etl/sql/tampilan.sql as etl/sql/ukuran.toml declares them."""

UKURAN = {nama: len(u["parameter"]) for nama, u in KATALOG_UKURAN.items()}
"""The measure macros and how many parameters each takes: most take (tahun, provinsi, kl, pn, mp, desk);
edisi (provinsi, kl, desk) and perbandingan_edisi (tahun, banding, provinsi, kl, desk) compare plan years."""

KUERI = {
    "tahun": """
        SELECT tahun FROM usulan UNION SELECT tahun FROM desk_sesi UNION SELECT tahun FROM target_indikator
        ORDER BY tahun DESC""",
    "provinsi": "SELECT * FROM provinsi_tahun($1) ORDER BY kode_provinsi",
    "desk": "SELECT desk_no, nama_desk FROM ref_desk ORDER BY desk_no",
    "indikator": "SELECT kode_indikator, nama_indikator, nama_en, satuan, arah, desimal FROM ref_indikator",
    "kl_desk": """
        SELECT dk.desk_no, k.kode_kl, k.nama_kl, k.singkatan
        FROM ref_desk_kl dk JOIN ref_kl k USING (kode_kl) ORDER BY dk.desk_no, k.kode_kl""",
    "urusan_desk": """
        SELECT du.desk_no, u.kode_urusan, u.nama_urusan
        FROM ref_desk_urusan du JOIN ref_urusan u USING (kode_urusan) ORDER BY du.desk_no, u.kode_urusan""",
    "muat_terakhir": """
        SELECT run_id, finished_at, status FROM etl_runs WHERE finished_at IS NOT NULL
        ORDER BY run_id DESC LIMIT 1""",
    "sampel": """
        SELECT count(*) > 0 FROM etl_files
        WHERE status = 'loaded' AND regexp_matches(replace(file, '\\', '/'), '(^|/)(sample|sampel)[^/]*/')""",
}
"""The named queries both the app and the command line run."""

ALIAS = "selaras"
JALUR_CARI = f"memory.main,{ALIAS}.main"
"""Names resolve first to the reader's own measure macros (in memory), then to the attached file's tables."""


@cache
def definisi_ukuran() -> tuple[str, ...]:
    """The macros and views of etl/sql/tampilan.sql: the definitions, without the load's own work there
    (the history table it fills once per load)."""
    pernyataan = duckdb.connect().extract_statements(TAMPILAN_SQL.read_text(encoding="utf-8"))
    return tuple(p.query for p in pernyataan if re.match(r"\s*CREATE\s+OR\s+REPLACE\s+(MACRO|VIEW)\b", p.query, re.I))


def buka(jalur: Path, batas_memori: str | None = None) -> duckdb.DuckDBPyConnection:
    """A Selaras database opened for reading: an in-memory connection that ATTACHes the file READ_ONLY and
    holds the measure macros of etl/sql/tampilan.sql itself, ahead of the copies a load stored in the file.

    So a reader never writes the database (a dashboard or a report that rewrote it would compete with the
    secretariat's loads for the file), and reads it with the definitions it was built with, also when
    the file was loaded by an older version. Query it through ``kursor``.
    """
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    if batas_memori:
        con.execute("SET memory_limit = $1", [batas_memori])
    berkas = str(jalur).replace("'", "''")  # (ATTACH takes no parameter; the path is the operator's, not data)
    con.execute(f"ATTACH '{berkas}' AS {ALIAS} (READ_ONLY)")
    con.execute("SET search_path = $1", [JALUR_CARI])
    for definisi in definisi_ukuran():
        con.execute(definisi)
    return con


def kursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor of a connection from ``buka``, for one query (a cursor does not inherit the search path)."""
    cur = con.cursor()
    cur.execute("SET search_path = $1", [JALUR_CARI])
    return cur


def versi_di_db(cur: duckdb.DuckDBPyConnection) -> str | None:
    """The fingerprint of the measure definitions and tables the database was loaded with (None: none)."""
    ada = cur.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = $1 AND table_name = 'selaras_meta'",
                      [ALIAS]).fetchall()[0][0]
    if not ada:
        return None
    hasil = cur.execute("SELECT nilai FROM selaras_meta WHERE kunci = 'versi_tampilan'").fetchall()
    return hasil[0][0] if hasil else None


def sql_ukuran(nama: str, jumlah_parameter: int, batas: int | None = None, lewati: int = 0) -> str:
    """The SQL of one measure of ``UKURAN`` with its parameters; any other name, or another count, is refused.
    ``batas`` rows at most, after the first ``lewati`` (one page of a long list)."""
    if UKURAN.get(nama) != jumlah_parameter:
        raise KeyError(f"Ukuran tidak dikenal atau parameternya salah: {nama} ({jumlah_parameter} parameter)")
    tanda = ", ".join(f"${i}" for i in range(1, jumlah_parameter + 1))
    return (f"SELECT * FROM {nama}({tanda})" + (f" LIMIT {int(batas)}" if batas else "")
            + (f" OFFSET {int(lewati)}" if lewati else ""))


def parameter_sql(parameter: Sequence[object]) -> list[object]:
    """Filter tuples as the lists DuckDB binds to a VARCHAR[]/INTEGER[] parameter."""
    return [list(p) if isinstance(p, tuple) else p for p in parameter]


class Basis:
    """A Selaras database opened for reading (``buka``), for the command line."""

    def __init__(self, jalur: Path) -> None:
        if not jalur.exists():
            raise FileNotFoundError(jalur)
        self.jalur = jalur
        self._con = buka(jalur)

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Basis:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def ukuran(self, nama: str, parameter: Sequence[object], batas: int | None = None) -> pd.DataFrame:
        """One measure under its filter parameters (see ``UKURAN``)."""
        return kursor(self._con).execute(sql_ukuran(nama, len(parameter), batas), parameter_sql(parameter)).df()

    def kueri(self, nama: str, *parameter: object) -> pd.DataFrame:
        """One named query of ``KUERI``."""
        return kursor(self._con).execute(KUERI[nama], parameter_sql(parameter)).df()

    def skalar(self, nama: str, *parameter: object) -> object:
        """The single value of a named query (None when it returns nothing)."""
        df = self.kueri(nama, *parameter)
        return None if df.empty else df.iat[0, 0]
