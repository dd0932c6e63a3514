"""The data-access module: the app's own measure definitions, one database version per run, a missing database."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP, bangun_db, galat, metrik, tulis_csv


def test_app_memakai_definisinya_sendiri_tanpa_menulis_basis_data(tmp_path: Path, monkeypatch) -> None:
    """A database loaded by an older version (other measure definitions, one missing) in a read-only folder:
    the app reads it with its own definitions and leaves the file exactly as it was."""
    db = bangun_db(tmp_path / "ekspor", tmp_path / "lama.duckdb")
    with duckdb.connect(str(db)) as con:
        con.execute("DROP MACRO TABLE progres_nasional")
        con.execute("CREATE OR REPLACE MACRO keselarasan_nasional(a, b, c, d, e, f) AS TABLE "
                    "SELECT 0 AS jumlah_usulan")
        con.execute("UPDATE selaras_meta SET nilai = 'lama' WHERE kunci = 'versi_tampilan'")
    isi, waktu = hashlib.sha256(db.read_bytes()).hexdigest(), db.stat().st_mtime_ns
    db.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        monkeypatch.setenv("SELARAS_DB", str(db))
        at = AppTest.from_file(str(APP), default_timeout=60).run()
        assert not galat(at), galat(at)
        assert metrik(at, "Usulan selaras PN") == "75,0%" and metrik(at, "Sesi desk selesai") == "4"
        assert sum("versi Selaras yang lain" in w.value for w in at.warning) == 1, "and says to load again"
    finally:
        tmp_path.chmod(0o755)
    assert (hashlib.sha256(db.read_bytes()).hexdigest(), db.stat().st_mtime_ns) == (isi, waktu)


def _satu_run_dua_muat(db: str, susulan: str) -> None:
    """A run during which a load lands: what the run reads before and after it."""
    import streamlit as st

    from etl.muat import muat
    from selaras import basis_data as bd

    def baca() -> tuple[int, int]:
        """The load the page names, and a figure of that load (finished desk sessions)."""
        return (int(bd.skalar("muat_terakhir")),
                int(bd.ukuran("progres_nasional", (2022, (), (), (), (), ()))["selesai"].iloc[0]))

    bd.identitas()
    sebelum = baca()
    muat([susulan], db)
    sesudah = baca()
    st.write(f"sebelum={sebelum} sesudah={sesudah}")
    bd.identitas()
    st.write(f"run_berikut={bd.skalar('muat_terakhir')}")


def test_satu_run_membaca_satu_versi(tmp_path: Path, monkeypatch) -> None:
    db = bangun_db(tmp_path / "ekspor", tmp_path / "run.duckdb")
    susulan = tmp_path / "susulan.csv"
    tulis_csv(susulan, [["Tahun", "Desk", "Kode Provinsi", "Status", "Tanggal Selesai"],
                        [2022, 4, "32", "Selesai", "01/03/2021"]])
    monkeypatch.setenv("SELARAS_DB", str(db))
    at = AppTest.from_function(_satu_run_dua_muat, args=(str(db), str(susulan)), default_timeout=60).run()
    assert not galat(at), galat(at)
    assert at.markdown[0].value == "sebelum=(1, 4) sesudah=(1, 4)", "a page never mixes two loads"
    assert at.markdown[1].value == "run_berikut=2", "the next run reads the new load"


def test_basis_data_tidak_ada(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SELARAS_DB", str(tmp_path / "tidak_ada.duckdb"))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert at.error and "tidak_ada.duckdb" in at.error[0].value
    assert not galat(at)


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
    assert not galat(at)
    assert db.exists(), "the database is built from the bundled sample on first start"
    assert any("DATA CONTOH" in w.value for w in at.warning), "and the sample banner says so"
    assert at.status and "siap" in at.status[0].label
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT pengguna FROM etl_runs").fetchall() == [("aplikasi (data contoh)",)]


def test_awal_pertama_menyalin_db_sampel_yang_dikirim(tmp_path: Path, monkeypatch) -> None:
    """A fresh clone's first start puts the shipped build of the sample in place (no load, no status box),
    with the kept copies of the sample's files that the drill-down offers for download."""
    from selaras import basis_data

    db = tmp_path / "data" / "selaras.duckdb"
    monkeypatch.delenv("SELARAS_DB", raising=False)
    monkeypatch.setattr(basis_data, "DB_BAWAAN", db)
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    assert not galat(at)
    assert not at.status, "nothing was loaded"
    assert any("DATA CONTOH" in w.value for w in at.warning)
    assert db.read_bytes() == basis_data.sampel_db.DB_SAMPEL.read_bytes()
    monkeypatch.setenv("SELARAS_DB", str(db))
    with duckdb.connect(str(db), read_only=True) as con:
        sha = [s for (s,) in con.execute("SELECT sha256 FROM etl_files WHERE sha256 <> ''").fetchall()]
    assert sha and all(basis_data.salinan_sumber(s) is not None for s in sha)


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
