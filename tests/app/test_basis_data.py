"""The data-access module: the database's measures are brought up to date, a missing database is explained."""

from __future__ import annotations

from pathlib import Path

import duckdb
from streamlit.testing.v1 import AppTest

from etl.muat import versi_tampilan
from tests.app.conftest import APP, bangun_db


def test_tampilan_lama_diperbarui_sebelum_dibaca(tmp_path: Path, monkeypatch) -> None:
    db = bangun_db(tmp_path / "ekspor", tmp_path / "lama.duckdb")
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE selaras_meta SET nilai = 'lama' WHERE kunci = 'versi_tampilan'")
        con.execute("DROP MACRO TABLE progres_nasional")
    monkeypatch.setenv("SELARAS_DB", str(db))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT nilai FROM selaras_meta").fetchall()[0][0] == versi_tampilan()


def test_basis_data_tidak_ada(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SELARAS_DB", str(tmp_path / "tidak_ada.duckdb"))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert at.error and "tidak_ada.duckdb" in at.error[0].value
    assert not at.exception


def test_awal_pertama_membangun_db_dari_sampel(tmp_path: Path, monkeypatch) -> None:
    from selaras import basis_data
    from tests.app.conftest import DESK_SESI, TARGET, USULAN, tulis_csv

    sampel = tmp_path / "data" / "sample"
    sampel.mkdir(parents=True)
    for nama, isi in (("usulan.csv", USULAN), ("desk_sesi.csv", DESK_SESI), ("target.csv", TARGET)):
        tulis_csv(sampel / nama, isi)
    db = tmp_path / "data" / "selaras.duckdb"
    monkeypatch.delenv("SELARAS_DB", raising=False)
    monkeypatch.setattr(basis_data, "DB_BAWAAN", db)
    monkeypatch.setattr(basis_data, "FOLDER_SAMPEL", sampel)
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    assert not at.exception
    assert db.exists(), "the database is built from the bundled sample on first start"
    assert any("DATA CONTOH" in w.value for w in at.warning), "and the sample banner says so"
    assert at.status and "siap" in at.status[0].label
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT pengguna FROM etl_runs").fetchall() == [("aplikasi (data contoh)",)]


def test_tampilan_tak_dapat_diperbarui_diberitahukan(tmp_path: Path, monkeypatch) -> None:
    from selaras import basis_data

    db = bangun_db(tmp_path / "ekspor", tmp_path / "terkunci.duckdb")
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE selaras_meta SET nilai = 'lama' WHERE kunci = 'versi_tampilan'")

    def gagal(_jalur):
        raise OSError("Read-only file system")

    monkeypatch.setattr(basis_data, "perbarui_tampilan", gagal)
    monkeypatch.setenv("SELARAS_DB", str(db))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception, "the app keeps serving with the measures the database has"
    assert sum("Read-only file system" in w.value for w in at.warning) == 1


def test_salinan_sumber_hanya_menurut_sha256(tmp_path: Path, monkeypatch) -> None:
    """The source copy is found by its digest beside the database; nothing else can name a file."""
    import hashlib

    from selaras import basis_data

    db = bangun_db(tmp_path / "ekspor", tmp_path / "s.duckdb")
    monkeypatch.setenv("SELARAS_DB", str(db))
    sha = hashlib.sha256((tmp_path / "ekspor" / "usulan.csv").read_bytes()).hexdigest()
    salinan = basis_data.salinan_sumber(sha)
    assert salinan == tmp_path / "sumber" / sha[:2] / f"{sha}.csv"
    assert salinan.read_bytes() == (tmp_path / "ekspor" / "usulan.csv").read_bytes()
    for buruk in ("../../etc/passwd", sha[:-1], sha.upper(), None, "0" * 64):
        assert basis_data.salinan_sumber(buruk) is None, buruk
