"""The SQL that both the dashboard and the command line run, by name, with no Streamlit in sight.

The measures themselves are table macros in etl/sql/tampilan.sql, declared in etl/sql/ukuran.toml beside it
(``KATALOG_UKURAN``: parameters, the filters that apply, the display kinds of their columns); this module
names them (``UKURAN``) and holds the named queries the two share (``KUERI``). The dashboard serves them cached through
selaras.basis_data (which adds the queries only the app runs); the command line (python -m selaras)
reads them through ``Basis``, a plain read-only connection. Parameters travel only as parameters;
identifiers come only from the declarations below.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pandas as pd

from etl.muat import TAMPILAN_SQL, perbarui_tampilan, versi_tampilan

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

def versi_di_db(cur: duckdb.DuckDBPyConnection) -> str | None:
    """The fingerprint of the measure definitions the database in use carries (None when it carries none)."""
    ada = cur.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
                      "AND table_name = 'selaras_meta'").fetchall()[0][0]
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
    """A plain read-only connection to a Selaras database, for the command line.

    Opening it brings the measure definitions up to date first, as the dashboard does, so a database
    loaded before etl/sql/tampilan.sql last changed still answers every measure.
    """

    def __init__(self, jalur: Path) -> None:
        if not jalur.exists():
            raise FileNotFoundError(jalur)
        with duckdb.connect(str(jalur), read_only=True) as con:
            lama = versi_di_db(con) != versi_tampilan()
        if lama:
            perbarui_tampilan(jalur)
        self.jalur = jalur
        self._con = duckdb.connect(str(jalur), read_only=True)
        self._con.execute("SET enable_progress_bar = false")

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Basis:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def ukuran(self, nama: str, parameter: Sequence[object], batas: int | None = None) -> pd.DataFrame:
        """One measure under its filter parameters (see ``UKURAN``)."""
        return self._con.cursor().execute(sql_ukuran(nama, len(parameter), batas), parameter_sql(parameter)).df()

    def kueri(self, nama: str, *parameter: object) -> pd.DataFrame:
        """One named query of ``KUERI``."""
        return self._con.cursor().execute(KUERI[nama], parameter_sql(parameter)).df()

    def skalar(self, nama: str, *parameter: object) -> object:
        """The single value of a named query (None when it returns nothing)."""
        df = self.kueri(nama, *parameter)
        return None if df.empty else df.iat[0, 0]
