"""The shipped sample database (data/sampel.duckdb): a fresh build's equal, used only while it is one."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from etl import sampel_db
from etl.sampel_db import DB_SAMPEL, FOLDER_SAMPEL, PERINTAH

WAKTU_RUN = {"started_at", "finished_at"}
"""The only columns two builds of the same sample may differ in: when each ran."""


@pytest.fixture(scope="module")
def bangun_baru(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("sampel_baru") / "selaras.duckdb"
    sampel_db.bangun(db)
    return db


def _tabel(con: duckdb.DuckDBPyConnection, katalog: str) -> dict[str, list[tuple[str, str]]]:
    baris = con.execute("""
        SELECT c.table_name, list(c.column_name || ' ' || c.data_type ORDER BY c.column_index)
        FROM duckdb_columns() c JOIN duckdb_tables() t USING (database_name, schema_name, table_name)
        WHERE c.database_name = ? GROUP BY c.table_name""", [katalog]).fetchall()
    return dict(baris)


def _definisi(con: duckdb.DuckDBPyConnection, katalog: str) -> set[tuple]:
    """The views and macros stored in one database, by name and parameters. (Their text comes from
    etl/sql/tampilan.sql, part of the fingerprint; DuckDB does not store it in a stable order.)"""
    return set(con.execute(
        "SELECT view_name, NULL FROM duckdb_views() WHERE database_name = $1 AND NOT internal "
        "UNION ALL SELECT function_name, array_to_string(parameters, ', ') FROM duckdb_functions() WHERE database_name = $1 AND NOT internal",
        [katalog]).fetchall())


def _beda(dikirim: Path, baru: Path) -> list[str]:
    """Where ``dikirim`` differs from ``baru``: tables, their columns, their rows (run times aside), the names of the
    views and macros. (Views are not compared row by row: they compute from the tables.)"""
    con = duckdb.connect()
    con.execute(f"ATTACH '{dikirim}' AS dikirim (READ_ONLY)")
    con.execute(f"ATTACH '{baru}' AS baru (READ_ONLY)")
    tabel_dikirim, tabel_baru = _tabel(con, "dikirim"), _tabel(con, "baru")
    beda = [f"tables only in the shipped file: {sorted(set(tabel_dikirim) - set(tabel_baru))}, "
            f"only in a fresh build: {sorted(set(tabel_baru) - set(tabel_dikirim))}"] if tabel_dikirim.keys() != tabel_baru.keys() else []
    for nama in sorted(tabel_dikirim.keys() & tabel_baru.keys()):
        if tabel_dikirim[nama] != tabel_baru[nama]:
            beda.append(f"{nama}: columns {tabel_dikirim[nama]} != {tabel_baru[nama]}")
            continue
        kolom = ", ".join(f'"{k.split(" ")[0]}"' for k in tabel_baru[nama] if k.split(" ")[0] not in WAKTU_RUN)
        for a, b in (("dikirim", "baru"), ("baru", "dikirim")):
            lebih = con.execute(f'SELECT {kolom} FROM {a}.main."{nama}" EXCEPT ALL '
                                f'SELECT {kolom} FROM {b}.main."{nama}" LIMIT 3').fetchall()
            if lebih:
                beda.append(f"{nama}: rows only in the {'shipped file' if a == 'dikirim' else 'fresh build'}, "
                            f"e.g. {lebih}")
    if _definisi(con, "dikirim") != _definisi(con, "baru"):
        beda.append("the stored views and macros differ")
    return beda


def test_db_sampel_yang_dikirim_sama_dengan_bangun_baru(bangun_baru: Path) -> None:
    """Table by table and row by row, the shipped file is what loading data/sample gives now."""
    assert DB_SAMPEL.exists(), f"data/sampel.duckdb is missing: run `{PERINTAH}` and commit it"
    beda = _beda(DB_SAMPEL, bangun_baru)
    assert not beda, (f"data/sampel.duckdb is not what loading data/sample gives now: run `{PERINTAH}` and "
                      "commit it.\n" + "\n".join(beda))
    assert sampel_db.sidik_di(DB_SAMPEL) == sampel_db.sidik(sampel_db.berkas_sampel()), (
        f"its fingerprint is not the sample's: run `{PERINTAH}`")


def test_db_sampel_tanpa_jalur_mesin_ini() -> None:
    """Nothing in the shipped file names a place on the machine that built it; files are named from the
    repository root."""
    isi = DB_SAMPEL.read_bytes()
    for jalur in {str(sampel_db.AKAR), str(Path.home()), "/tmp/"}:
        assert jalur.encode() not in isi, jalur
    with duckdb.connect(str(DB_SAMPEL), read_only=True) as con:
        berkas = [f for (f,) in con.execute("SELECT file FROM etl_files").fetchall()]
    assert berkas and all(f.startswith("data/sample/") for f in berkas), berkas


def test_pasang_menyalin_db_dan_sumbernya(tmp_path: Path, bangun_baru: Path) -> None:
    """A first start gets the shipped file and the kept copy of every sample file (the drill-down's download)."""
    db = tmp_path / "data" / "selaras.duckdb"
    assert sampel_db.pasang(db)
    assert not _beda(db, bangun_baru)
    with duckdb.connect(str(db), read_only=True) as con:
        sha = con.execute("SELECT file, sha256 FROM etl_files WHERE sha256 <> ''").fetchall()
    assert len(sha) == len(sampel_db.berkas_sampel())
    for file, s in sha:
        salinan = db.parent / "sumber" / s[:2] / (s + Path(file).suffix)
        assert salinan.read_bytes() == (sampel_db.AKAR / file).read_bytes(), file


def test_pasang_hanya_bila_sidiknya_sama(tmp_path: Path, monkeypatch) -> None:
    """A shipped file is used only while its fingerprint is the sample's: a changed file, other measures or
    tables, or no file at all, and nothing is written (the caller loads the sample)."""
    from tests.app.conftest import DESK_SESI, TARGET, USULAN, tulis_csv

    sampel = tmp_path / "sample"
    sampel.mkdir()
    for nama, isi in (("usulan.csv", USULAN), ("desk_sesi.csv", DESK_SESI), ("target.csv", TARGET)):
        tulis_csv(sampel / nama, isi)
    jadi = tmp_path / "jadi.duckdb"
    sampel_db.bangun(jadi, sampel)
    db = tmp_path / "data" / "selaras.duckdb"
    assert sampel_db.pasang(db, sampel, jadi) and db.read_bytes() == jadi.read_bytes()
    db.unlink()
    with monkeypatch.context() as m:
        m.setattr(sampel_db, "versi_tampilan", lambda: "lain")
        assert not sampel_db.pasang(db, sampel, jadi), "built with other measures or tables"
    assert not sampel_db.pasang(db, sampel, tmp_path / "tidak_ada.duckdb")
    (sampel / "desk_sesi.csv").write_bytes((sampel / "desk_sesi.csv").read_bytes() + b"\n")
    assert not sampel_db.pasang(db, sampel, jadi), "built from another sample"
    assert not db.exists()
