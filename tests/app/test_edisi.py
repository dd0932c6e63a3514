"""Year over year: the comparison measures against figures worked out by hand, the Papua split, the
period switch on the page, and the comparison year in the filter and the URL.

Three plan years, loaded with the real loader from SIPD-like CSV:
- 2022 (RPJMN 2020-2024): Jawa Barat 1 of 2 proposals tagged to a PN (pagu 100 of 400), 1 to an MP;
  Papua 2 of 4 (pagu 400 of 600), 1 to an MP (pagu 200). Sessions: Jabar 1 of 2 finished, Papua 1 of 1.
  Targets, Jabar: LPE short of the national range and open, poverty meets it and is agreed.
- 2024 (same period): Jabar 1 of 1 tagged (PN3). Papua Selatan (93) exists from 2024 but sends nothing.
- 2027 (RPJMN 2025-2029): Jabar 3 of 3 tagged (PN8, PN3, PN1), 1 to MP07 (pagu 100 of 400); Papua 1 of 2
  (pagu 100 of 200); Papua Selatan 1 of 1 (pagu 50). Sessions: Jabar 2 of 2, Papua 0 of 1, Papua Selatan
  1 of 1. Targets, Jabar: LPE within the national range, agreed.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from etl.muat import muat
from selaras.filter import BANDING_OTOMATIS
from tests.app.conftest import APP, metrik, tulis_csv

USULAN = [
    ["ID Usulan", "Tahun", "Kode Provinsi", "Prioritas Nasional", "Major Project", "Pagu", "Status"],
    ["J22-1", 2022, "32", "PN3", "MP28", "100", "Disetujui"],
    ["J22-2", 2022, "32", "", "", "300", "Diusulkan"],
    ["P22-1", 2022, "91", "PN2", "MP34", "200", "Disetujui"],
    ["P22-2", 2022, "91", "PN5", "", "200", "Disetujui"],
    ["P22-3", 2022, "91", "", "", "100", "Diusulkan"],
    ["P22-4", 2022, "91", "", "", "100", "Diusulkan"],
    ["J24-1", 2024, "32", "PN3", "", "100", "Disetujui"],
    ["J27-1", 2027, "32", "PN8", "MP07", "100", "Disetujui"],
    ["J27-2", 2027, "32", "PN3", "", "100", "Disetujui"],
    ["J27-3", 2027, "32", "PN1", "", "200", "Diusulkan"],
    ["P27-1", 2027, "91", "PN4", "", "100", "Disetujui"],
    ["P27-2", 2027, "91", "", "", "100", "Diusulkan"],
    ["S27-1", 2027, "93", "PN6", "", "50", "Disetujui"],
]

SESI = [
    ["Tahun", "Desk", "Kode Provinsi", "Jadwal", "Status", "Tanggal Selesai", "Berita Acara"],
    [2022, 1, "32", "25/02/2021", "Selesai", "25/02/2021", "Sudah"],
    [2022, 2, "32", "26/02/2021", "Belum Dimulai", "", ""],
    [2022, 1, "91", "25/02/2021", "Selesai", "25/02/2021", "Sudah"],
    [2027, 1, "32", "24/02/2026", "Selesai", "24/02/2026", "Sudah"],
    [2027, 2, "32", "25/02/2026", "Selesai", "25/02/2026", "Belum"],
    [2027, 1, "91", "25/02/2026", "Belum Dimulai", "", ""],
    [2027, 1, "93", "24/02/2026", "Selesai", "24/02/2026", "Sudah"],
]

TARGET = [
    ["Tahun", "Kode Provinsi", "Kode Indikator", "Target Nasional", "Target Daerah", "Status"],
    [2022, "32", "LPE", "5,2 - 5,8", "4,5 - 5,0", "Belum Disepakati"],
    [2022, "32", "KEMISKINAN", "7,0 - 7,5", "6,8 - 7,0", "Disepakati"],
    [2027, "32", "LPE", "5,2 - 5,8", "5,5", "Disepakati"],
]


@pytest.fixture(scope="module")
def db_edisi(tmp_path_factory: pytest.TempPathFactory) -> Path:
    akar = tmp_path_factory.mktemp("edisi")
    for nama, isi in (("usulan", USULAN), ("sesi", SESI), ("target", TARGET)):
        tulis_csv(akar / f"{nama}.csv", isi)
    db = akar / "edisi.duckdb"
    hasil = muat([akar], db)
    assert sum(b.rows_rejected for b in hasil.berkas) == 0, hasil.penolakan
    return db


def _banding(db: Path, tahun: int, banding: int) -> dict[tuple, dict]:
    with duckdb.connect(str(db), read_only=True) as con:
        df = con.execute("SELECT * FROM perbandingan_edisi($1, $2, [], [], [])", [tahun, banding]).df()
    return {(r["kode_provinsi"] if r["tingkat"] == "provinsi" else None, r["ukuran"]): r
            for r in df.astype(object).where(df.notna(), None).to_dict("records")}


def test_perbandingan_dua_periode_dengan_angka_hitungan_tangan(db_edisi: Path) -> None:
    p = _banding(db_edisi, 2027, 2022)
    jabar = {u: p["32", u] for u in ("porsi_usulan_pn", "porsi_pagu_pn", "porsi_usulan_mp", "porsi_pagu_mp",
                                     "porsi_selesai", "porsi_target_di_bawah", "porsi_target_disepakati")}
    assert (jabar["porsi_usulan_pn"]["nilai"], jabar["porsi_usulan_pn"]["nilai_banding"]) == (1.0, 0.5)
    assert jabar["porsi_usulan_pn"]["perubahan"] == pytest.approx(0.5) and jabar["porsi_usulan_pn"]["membaik"]
    assert jabar["porsi_pagu_pn"]["perubahan"] == pytest.approx(1.0 - 100 / 400)
    assert jabar["porsi_usulan_mp"]["perubahan"] == pytest.approx(1 / 3 - 1 / 2)
    assert jabar["porsi_usulan_mp"]["membaik"] is False, "a lower MP share is worse"
    assert jabar["porsi_pagu_mp"]["perubahan"] == pytest.approx(100 / 400 - 100 / 400)
    assert jabar["porsi_selesai"]["perubahan"] == pytest.approx(1.0 - 0.5)
    assert jabar["porsi_target_di_bawah"]["perubahan"] == pytest.approx(0.0 - 0.5)
    assert jabar["porsi_target_di_bawah"]["membaik"] is True, "fewer targets short of the national one is better"
    assert jabar["porsi_target_disepakati"]["perubahan"] == pytest.approx(1.0 - 0.5)
    nasional = p[None, "porsi_usulan_pn"]
    assert nasional["nilai"] == pytest.approx((3 + 1 + 1) / (3 + 2 + 1))
    assert nasional["nilai_banding"] == pytest.approx((1 + 2) / (2 + 4))
    assert p[None, "porsi_pagu_pn"]["nilai"] == pytest.approx((400 + 100 + 50) / (400 + 200 + 50))
    assert p[None, "porsi_selesai"]["perubahan"] == pytest.approx(3 / 4 - 2 / 3)
    assert not nasional["sama_periode"], "2022 and 2027 lie in two RPJMN periods"
    assert (nasional["periode"], nasional["periode_banding"]) == ("RPJMN 2025-2029", "RPJMN 2020-2024")


def test_pemekaran_papua(db_edisi: Path) -> None:
    """Papua Selatan is shown from its first edition; Papua's 2022 figure covers a larger territory."""
    p = _banding(db_edisi, 2027, 2022)
    selatan = p["93", "porsi_usulan_pn"]
    assert selatan["baru"] and selatan["nilai"] == 1.0 and selatan["nilai_banding"] is None
    assert selatan["perubahan"] is None and selatan["membaik"] is None
    papua = p["91", "porsi_usulan_pn"]
    assert papua["banding_wilayah_lebih_luas"] and not papua["baru"]
    assert (papua["nilai"], papua["nilai_banding"]) == (0.5, 0.5)
    assert p["91", "porsi_pagu_pn"]["perubahan"] == pytest.approx(100 / 200 - 400 / 600)
    assert not p["32", "porsi_usulan_pn"]["banding_wilayah_lebih_luas"]
    sejak_2024 = _banding(db_edisi, 2027, 2024)
    assert not sejak_2024["91", "porsi_usulan_pn"]["banding_wilayah_lebih_luas"], "2024 is after the split"
    assert not sejak_2024["93", "porsi_usulan_pn"]["baru"], "Papua Selatan exists in 2024"
    assert "93" not in {k for k, _ in _banding(db_edisi, 2022, 2024)}, "no Papua Selatan in 2022"


def test_satu_periode(db_edisi: Path) -> None:
    p = _banding(db_edisi, 2024, 2022)
    assert p["32", "porsi_usulan_pn"]["sama_periode"]
    assert p["32", "porsi_usulan_pn"]["perubahan"] == pytest.approx(1.0 - 0.5)


@pytest.fixture
def buka_edisi(db_edisi: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SELARAS_DB", str(db_edisi))

    def _buka(**url: str) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=60)
        for k, v in url.items():
            at.query_params[k] = v
        at.run()
        at.switch_page("halaman/antar_edisi.py")
        return at.run()
    return _buka


def test_halaman_membandingkan_edisi_sebelumnya(buka_edisi) -> None:
    at = buka_edisi()
    assert not at.exception, at.exception
    assert at.selectbox(key="f_tahun").value == 2027
    assert at.selectbox(key="f_banding").value == BANDING_OTOMATIS
    assert "Edisi sebelumnya (2024)" in at.selectbox(key="f_banding").options
    assert any("dibanding 2024" in c.value for c in at.caption), "the edition before 2027 in the data"
    usulan = next(m for m in at.metric if m.label.startswith("Porsi usulan selaras PN"))
    assert (usulan.value, usulan.proto.delta) == ("83,3%", "-16,7 poin"), "5/6 in 2027 against 1/1 in 2024"
    assert "banding" not in at.query_params, "the default comparison is not written into the URL"
    at.selectbox(key="f_banding").set_value(2022).run()
    assert at.query_params["banding"] == "2022", "a chosen comparison year is"
    assert any("dibanding 2022" in c.value for c in at.caption)


def test_halaman_dua_tahun_dari_url_dan_catatan_periode(buka_edisi) -> None:
    at = buka_edisi(tahun="2027", banding="2022")
    assert not at.exception, at.exception
    assert at.selectbox(key="f_banding").value == 2022
    assert at.query_params["banding"] == "2022", "the comparison year stays in the URL"
    assert metrik(at, "Porsi usulan selaras PN") == "83,3%"
    delta = next(m for m in at.metric if m.label.startswith("Porsi usulan selaras PN")).proto.delta
    assert delta == "+33,3 poin", "5/6 against 3/6"
    assert any("Dua periode RPJMN" in i.value for i in at.info), "the page says what crosses periods"
    grafik = [g.proto.spec for g in at.get("plotly_chart")]
    assert any("PN mana pun" in g for g in grafik), "and so does the chart"
    tabel = at.dataframe[-1].value
    baris = dict(zip(tabel["nama_provinsi"], tabel["keterangan"]))
    assert "belum ada pada 2022" in baris["Papua Selatan"]
    assert "wilayah lebih luas pada 2022" in baris["Papua"]
    assert any("wilayah yang lebih luas" in c.value for c in at.caption)


def test_tahun_banding_buruk_dibuang(buka_edisi) -> None:
    at = buka_edisi(tahun="2027", banding="2027")
    assert not at.exception
    assert at.selectbox(key="f_banding").value == BANDING_OTOMATIS
    assert "banding=2027" in " ".join(w.value for w in at.warning)
    assert "banding" not in at.query_params
