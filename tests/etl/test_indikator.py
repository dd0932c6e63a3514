"""Indicators: a listed indicator's direction is the list's, whatever a file says; a re-spelled name is one indicator."""

from __future__ import annotations

from pathlib import Path

from etl.muat import muat
from tests.etl.fikstur import cli, kamus, kueri, muat_ke, penolakan, tulis_csv

KEPALA = ["Tahun", "Kode Provinsi", "Indikator", "Arah", "Target Nasional", "Target Daerah"]


def _target(db: Path, tahun: int = 2022) -> dict[tuple[str, str], dict]:
    return {(r["kode_provinsi"], r["kunci_indikator"]): r
            for r in kamus(db, "SELECT * FROM kesenjangan_target(?, [], [], [], [], [])", [tahun])}


def test_arah_dari_berkas_tidak_membalik_indikator_rujukan(tmp_path, db):
    """Poverty written 'Naik': Jawa Barat's 6,8-7,0 against the national 7,0-7,5 still meets the target."""
    tulis_csv(tmp_path / "balik.csv", [KEPALA, ["2022", "32", "Tingkat Kemiskinan", "Naik", "7,0 - 7,5", "6,8 - 7,0"],
                                       ["2022", "33", "Tingkat Kemiskinan", "Turun", "10,0 - 10,5", "10,8"]])

    hasil = muat([tmp_path / "balik.csv"], db)

    t = _target(db)
    assert (t[("32", "KEMISKINAN")]["arah"], t[("32", "KEMISKINAN")]["kelas"]) == ("turun", "memenuhi")
    assert not t[("32", "KEMISKINAN")]["kesenjangan_terbuka"]
    assert kueri(db, "SELECT arah, kolom_ditandai FROM target_indikator WHERE kode_provinsi = '32'") == [
        ("turun", ["arah"])]
    (r,) = penolakan(db)
    assert (r["row"], r["column"], r["value"], r["scope"]) == (2, "arah", "naik", "warning")
    assert "KEMISKINAN" in r["reason"] and "turun" in r["reason"]
    assert hasil.peringatan == 1 and hasil.berkas[0].rows_loaded == 2 and hasil.berkas[0].rows_rejected == 0


def test_cli_memperingatkan_arah_yang_berbeda(tmp_path, db):
    tulis_csv(tmp_path / "balik.csv", [KEPALA, ["2022", "32", "TPT", "Positif", "5,5 - 6,3", "6,0"]])

    keluar = cli("load", "--db", db, tmp_path / "balik.csv")

    assert keluar.returncode == 0, keluar.stderr
    assert "Peringatan: 1 nilai di berkas berbeda dari daftar rujukan" in keluar.stdout


def test_indikator_urusan_yang_dieja_ulang_tetap_satu(tmp_path, db):
    """'Prevalensi Stunting' and, in a later export, 'Prevalensi stunting balita': one target, not two."""
    tulis_csv(tmp_path / "1.csv", [["Tahun", "Kode Provinsi", "Jenis", "Kode Urusan", "Indikator", "Target Daerah"],
                                   ["2022", "32", "Urusan", "1.02", "Prevalensi Stunting", "24"]])
    tulis_csv(tmp_path / "2.csv", [["Tahun", "Kode Provinsi", "Jenis", "Kode Urusan", "Indikator", "Target Daerah"],
                                   ["2022", "32", "Urusan", "1.02", "Prevalensi stunting balita", "22"]])
    muat_ke(db, tmp_path / "1.csv")

    muat_ke(db, tmp_path / "2.csv")

    assert kueri(db, "SELECT kunci_indikator, kode_indikator, target_daerah_min, arah FROM target_indikator") == [
        ("STUNTING", "STUNTING", 22.0, "turun")]
    assert len(_target(db)) == 1


def test_nama_indikator_di_luar_daftar_dikunci_menurut_kata(tmp_path, db):
    tulis_csv(tmp_path / "a.csv", [["Tahun", "Kode Provinsi", "Indikator", "Target Daerah"],
                                   ["2022", "32", "Indeks Kualitas Air", "60"]])
    tulis_csv(tmp_path / "b.csv", [["Tahun", "Kode Provinsi", "Indikator", "Target Daerah"],
                                   ["2022", "32", "INDEKS  KUALITAS-AIR", "61"]])

    muat_ke(db, tmp_path / "a.csv", tmp_path / "b.csv")

    assert kueri(db, "SELECT kunci_indikator, target_daerah_min FROM target_indikator") == [
        ("indeks kualitas air", 61.0)]
