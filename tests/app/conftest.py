"""A tiny database with figures known by heart, and an AppTest opened on it.

Three provinces of the 2021 edition (11 Aceh, 32 Jawa Barat, 33 Jawa Tengah), eight proposals,
seven desk sessions and five targets: small enough that every expected figure below can be
checked by hand, and written as SIPD-like CSV so the real loader builds the database.

Known figures (plan year 2022):
- proposals tagged to a PN: 6 of 8 (75,0 %); Jawa Barat 2 of 4 (50,0 %), pagu 400 of 1.000 juta (40,0 %)
- MP coverage: Aceh 1 of 1 (MP32 served), Jawa Barat 1 of 3 (MP28), Jawa Tengah 0 of 4
- sessions: 7, finished 4 (one of them on 1 March, the reference day), Berita Acara 3, late 1 (Jabar, desk 4)
- targets: 5; open gap only Jawa Barat LPE; Jawa Tengah KEMISKINAN is short but agreed
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from etl.muat import muat

APP = Path(__file__).resolve().parents[2] / "app.py"

USULAN = [
    ["Kode Usulan", "Tahun", "Kode Provinsi", "Kode K/L", "Kode Sub Kegiatan", "Nama Sub Kegiatan",
     "Prioritas Nasional", "Major Project", "Pagu", "Desk", "Status"],
    ["U01", 2022, "32", "024", "1.02.02.2.02.0001", "Pelayanan Kesehatan", "PN3", "", "100.000.000", 4, "Disetujui"],
    ["U02", 2022, "32", "033", "1.03.02.2.01.0001", "Tanggul Pantai", "PN5", "MP28", "300.000.000", 7, "Disetujui"],
    ["U03", 2022, "32", "033", "1.03.02.2.01.0002", "=SUM(A1:A2)", "", "", "100.000.000", 7,
     "Diusulkan"],
    ["U04", 2022, "32", "023", "1.01.02.2.01.0001", "Rehabilitasi Sekolah", "", "", "500.000.000", 1,
     "Tidak Disetujui"],
    ["U05", 2022, "33", "033", "1.03.02.2.01.0001", "Jalur Kereta", "PN5", "MP31", "400.000.000", 8, "Diusulkan"],
    ["U06", 2022, "33", "024", "1.02.02.2.02.0001", "Puskesmas", "PN3", "", "100.000.000", 4,
     "Disetujui dengan Catatan"],
    ["U07", 2022, "11", "033", "1.03.02.2.01.0001", "Jalan Tol", "PN5", "MP32", "200.000.000", 8,
     "Disetujui dengan Catatan"],
    ["U08", 2022, "11", "023", "1.01.02.2.01.0001", "Beasiswa", "PN3", "", "200.000.000", 1, "Disetujui"],
    ["U09", 2022, "99", "023", "1.01.02.2.01.0001", "Provinsi tak dikenal", "PN3", "", "1.000", 1, "Disetujui"],
]

DESK_SESI = [
    ["Tahun", "Desk", "Nama Desk", "Kode Provinsi", "Jadwal", "Status", "Tanggal Selesai", "Berita Acara",
     "Jumlah Usulan Dibahas"],
    [2022, 1, "Pendidikan", "11", "25/02/2021", "Selesai", "25/02/2021", "Sudah", 2],
    [2022, 1, "Pendidikan", "32", "26/02/2021", "Selesai", "26/02/2021", "Belum", 1],
    [2022, 1, "Pendidikan", "33", "01/03/2021", "Berlangsung", "", "", 0],
    [2022, 4, "Kesehatan", "11", "25/02/2021", "Selesai", "26/02/2021", "Sudah", 0],
    [2022, 4, "Kesehatan", "32", "26/02/2021", "Belum Dimulai", "", "", 0],
    [2022, 4, "Kesehatan", "33", "02/03/2021", "Belum Dimulai", "", "", 0],
    [2022, 7, "Sumber Daya Air", "32", "01/03/2021", "Selesai", "01/03/2021", "Sudah", 2],
]

TARGET = [
    ["Tahun", "Kode Provinsi", "Kode Indikator", "Indikator", "Baseline", "Target Nasional", "Target Daerah",
     "Target Kesepakatan", "Status"],
    [2022, "32", "LPE", "Laju Pertumbuhan Ekonomi", "-2,44", "5,2 - 5,8", "4,5 - 5,0", "", "Belum Disepakati"],
    [2022, "32", "KEMISKINAN", "Tingkat Kemiskinan", "8,43", "7,0 - 7,5", "6,8 - 7,0", "", "Belum Disepakati"],
    [2022, "33", "LPE", "Laju Pertumbuhan Ekonomi", "-2,65", "5,2 - 5,8", "5,5 - 6,0", "", "Belum Disepakati"],
    [2022, "33", "KEMISKINAN", "Tingkat Kemiskinan", "11,84", "10,0 - 10,5", "10,8", "10,4", "Disepakati"],
    [2022, "11", "TPT", "Tingkat Pengangguran Terbuka", "6,59", "5,5 - 6,3", "6,0", "", "Belum Disepakati"],
]


def tulis_csv(path: Path, baris: list[list]) -> None:
    path.write_text("\n".join(";".join(str(v) for v in b) for b in baris) + "\n", encoding="utf-8")


def bangun_db(folder: Path, db: Path, tambahan: dict[str, list[list]] | None = None) -> Path:
    """Write the three exports into ``folder``, and ``tambahan`` (file name -> rows) beside them, and load them
    into ``db`` with the real loader."""
    folder.mkdir(parents=True, exist_ok=True)
    for nama, baris in {"usulan.csv": USULAN, "desk_sesi.csv": DESK_SESI, "target.csv": TARGET,
                        **(tambahan or {})}.items():
        tulis_csv(folder / nama, baris)
    muat([folder], db)
    return db


@pytest.fixture(scope="session")
def db_kecil(tmp_path_factory: pytest.TempPathFactory) -> Path:
    akar = tmp_path_factory.mktemp("kecil")
    return bangun_db(akar / "ekspor", akar / "kecil.duckdb")


Buka = Callable[..., AppTest]


def _pembuka(db: Path, monkeypatch: pytest.MonkeyPatch) -> Buka:
    monkeypatch.setenv("SELARAS_DB", str(db))

    def _buka(halaman: str | None = None, *, rahasia: dict | None = None, pengguna: dict | None = None,
              keadaan: dict | None = None, **url: str) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=60)
        for k, v in (keadaan or {}).items():
            at.session_state[k] = v
        for k, v in url.items():
            at.query_params[k] = v
        for k, v in (rahasia or {}).items():
            at.secrets[k] = v
        if pengguna is not None:
            at.user = pengguna
        at.run()
        if halaman:
            at.switch_page(f"halaman/{halaman}.py")
            at.run()
        return at
    return _buka


@pytest.fixture
def buka(db_kecil: Path, monkeypatch: pytest.MonkeyPatch) -> Buka:
    """Open the app on the tiny database: ``buka("keselarasan", provinsi="32")`` runs it with those URL
    parameters, then switches to that page (the URL is read on the session's first run, as in a browser).

    ``rahasia`` are the secrets the app reads (st.secrets), ``pengguna`` who st.user says is there,
    ``keadaan`` session state set before the first run."""
    return _pembuka(db_kecil, monkeypatch)


@pytest.fixture
def buka_db(monkeypatch: pytest.MonkeyPatch) -> Callable[..., AppTest]:
    """Open the app the same way on a database the test built itself: ``buka_db(db, "data")``."""
    return lambda db, halaman=None, **url: _pembuka(db, monkeypatch)(halaman, **url)


POLA_GALAT = re.compile(r"(?:Kode galat|Error id): [0-9a-f]{8}")
"""The error id of the message selaras.galat shows in place of a traceback."""


def galat(at: AppTest) -> list[str]:
    """What went wrong in a run: Streamlit's own exception boxes, and the app's error messages
    (an error the app catches is shown as a message with an error id, not as an exception box)."""
    return [e.value for e in at.exception] + [e.value for e in at.error if POLA_GALAT.search(e.value)]


def kotak_definisi(at: AppTest) -> list:
    """The page's definitions boxes (selaras.komponen.definisi)."""
    return [e for e in at.expander if e.key and e.key.startswith("definisi_")]


def kunci_definisi(at: AppTest) -> list[str]:
    """The keys of the page's definitions boxes."""
    return [e.key for e in kotak_definisi(at)]


def buka_definisi(at: AppTest) -> AppTest:
    """Open every definitions box of the page (each is drawn only when open) and run again."""
    for kunci in kunci_definisi(at):
        at.session_state[kunci] = True
    return at.run()


def metrik(at: AppTest, awal_label: str) -> str:
    """The value of the first metric whose label starts with ``awal_label``."""
    for m in at.metric:
        if m.label.startswith(awal_label):
            return m.value
    raise AssertionError(f"no metric '{awal_label}' among {[m.label for m in at.metric]}")


def bangun_db_dua_hari(folder: Path, db: Path) -> Path:
    """A meeting day in progress: a load made yesterday, then one today that agrees more.

    Dates are relative to today. The first load's time is moved back one day after it ran (in etl_runs and in
    its history snapshot), as if it had been made yesterday evening. Known figures for today:
    - sessions finished today: 2 (Aceh desk 1 with its Berita Acara, Jawa Barat desk 1 without); one more
      finished yesterday (Aceh desk 4) does not count; one session is late (Jawa Barat desk 4)
    - proposals agreed: 1 after yesterday's load, 3 now (+2; Jawa Barat +1, Aceh +1)
    - targets agreed: 0 after yesterday's load, 1 now (+1, Jawa Barat LPE)
    """
    import datetime as dt

    import duckdb

    hari_ini, kemarin = dt.date.today(), dt.date.today() - dt.timedelta(days=1)
    tgl = {"hari_ini": hari_ini.strftime("%d/%m/%Y"), "kemarin": kemarin.strftime("%d/%m/%Y")}
    folder.mkdir(parents=True, exist_ok=True)
    kepala_usulan = ["Kode Usulan", "Tahun", "Kode Provinsi", "Kode K/L", "Prioritas Nasional", "Pagu", "Desk",
                     "Status"]
    tulis_csv(folder / "usulan_kemarin.csv", [
        kepala_usulan,
        ["U01", 2022, "32", "024", "PN3", "100.000.000", 4, "Disetujui"],
        ["U02", 2022, "32", "033", "PN5", "300.000.000", 7, "Diusulkan"],
        ["U03", 2022, "11", "033", "PN5", "200.000.000", 8, "Diusulkan"],
        ["U04", 2022, "11", "023", "", "200.000.000", 1, "Tidak Disetujui"],
    ])
    tulis_csv(folder / "desk_sesi.csv", [
        ["Tahun", "Desk", "Nama Desk", "Kode Provinsi", "Jadwal", "Status", "Tanggal Selesai", "Berita Acara"],
        [2022, 1, "Pendidikan", "11", tgl["kemarin"], "Selesai", tgl["hari_ini"], "Sudah"],
        [2022, 1, "Pendidikan", "32", tgl["hari_ini"], "Selesai", tgl["hari_ini"], "Belum"],
        [2022, 4, "Kesehatan", "32", tgl["kemarin"], "Belum Dimulai", "", ""],
        [2022, 4, "Kesehatan", "11", tgl["kemarin"], "Selesai", tgl["kemarin"], "Sudah"],
    ])
    kepala_target = ["Tahun", "Kode Provinsi", "Kode Indikator", "Baseline", "Target Nasional", "Target Daerah",
                     "Target Kesepakatan", "Status"]
    tulis_csv(folder / "target_kemarin.csv", [
        kepala_target,
        [2022, "32", "LPE", "-2,44", "5,2 - 5,8", "4,5 - 5,0", "", "Belum Disepakati"],
        [2022, "11", "TPT", "6,59", "5,5 - 6,3", "6,0", "", "Belum Disepakati"],
    ])
    muat([folder / "usulan_kemarin.csv", folder / "desk_sesi.csv", folder / "target_kemarin.csv"], db)
    with duckdb.connect(str(db)) as con:
        for tabel in ("etl_runs", "riwayat_ringkasan"):
            con.execute(f"UPDATE {tabel} SET finished_at = finished_at - INTERVAL 1 DAY WHERE run_id = 1")
    tulis_csv(folder / "usulan_hari_ini.csv", [
        kepala_usulan,
        ["U02", 2022, "32", "033", "PN5", "300.000.000", 7, "Disetujui"],
        ["U03", 2022, "11", "033", "PN5", "200.000.000", 8, "Disetujui dengan Catatan"],
    ])
    tulis_csv(folder / "target_hari_ini.csv", [
        kepala_target,
        [2022, "32", "LPE", "-2,44", "5,2 - 5,8", "4,5 - 5,0", "5,2", "Disepakati"],
    ])
    muat([folder / "usulan_hari_ini.csv", folder / "target_hari_ini.csv"], db)
    return db
