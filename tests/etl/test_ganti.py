"""Snapshots: a load with ``ganti`` removes what the new export no longer holds, and only inside what it covers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.etl.fikstur import cli, kamus, kueri, muat_ke, tulis_csv, tulis_xlsx
from etl.muat import muat

KEPALA = ["ID Usulan", "Tahun", "Kode Provinsi", "Pagu", "PN"]


def _usulan(path: Path, *baris: tuple) -> Path:
    return tulis_csv(path, [KEPALA, *[list(b) for b in baris]])


def _awal(tmp_path: Path, db: Path) -> None:
    """Jawa Barat (32) 2022: U-1..U-3; Jawa Tengah (33) 2022: T-1; Jawa Barat 2023: U-9; one desk session."""
    _usulan(tmp_path / "awal.csv", ("U-1", "2022", "32", "100", "PN3"), ("U-2", "2022", "32", "200", "PN3"),
            ("U-3", "2022", "32", "300", ""), ("T-1", "2022", "33", "400", "PN1"), ("U-9", "2023", "32", "900", ""))
    tulis_csv(tmp_path / "sesi.csv", [["Tahun", "Desk", "Kode Provinsi", "Status"], ["2022", "4", "32", "Selesai"]])
    muat_ke(db, tmp_path / "awal.csv", tmp_path / "sesi.csv")


def _ids(db: Path) -> set[str]:
    return {r[0] for r in kueri(db, "SELECT id_usulan FROM usulan")}


def test_usulan_yang_ditarik_dihapus_dan_angka_turun_tepat_satu(tmp_path, db):
    _awal(tmp_path, db)
    sebelum = kueri(db, "SELECT jumlah_usulan, usulan_pn FROM keselarasan_nasional(2022, [], [], [], [], [])")
    _usulan(tmp_path / "baru.csv", ("U-1", "2022", "32", "100", "PN3"), ("U-3", "2022", "32", "300", ""))

    hasil = muat([tmp_path / "baru.csv"], db, ganti="cakupan")

    assert hasil.dihapus == {"usulan": 1, "target_indikator": 0, "desk_sesi": 0}
    assert _ids(db) == {"U-1", "U-3", "T-1", "U-9"}, "only U-2 goes; 33 and 2023 are not covered"
    sesudah = kueri(db, "SELECT jumlah_usulan, usulan_pn FROM keselarasan_nasional(2022, [], [], [], [], [])")
    assert (sebelum[0][0] - sesudah[0][0], sebelum[0][1] - sesudah[0][1]) == (1, 1)
    (r,) = kamus(db, "SELECT * FROM etl_removed")
    assert (r["run_id"], r["kind"], r["tahun"], r["kode_provinsi"], r["key"], r["ganti"]) == (
        hasil.run_id, "usulan", 2022, "32", "U-2 · 2022", "cakupan")
    assert json.loads(r["row"])["pagu"] == 200.0, "the row as it was"
    assert kueri(db, "SELECT ganti, rows_removed FROM etl_runs WHERE run_id = ?", [hasil.run_id]) == [("cakupan", 1)]


def test_tanpa_ganti_muat_hanya_upsert(tmp_path, db):
    _awal(tmp_path, db)
    _usulan(tmp_path / "baru.csv", ("U-1", "2022", "32", "150", "PN3"))

    hasil = muat_ke(db, tmp_path / "baru.csv")

    assert hasil.dihapus == {} and _ids(db) == {"U-1", "U-2", "U-3", "T-1", "U-9"}
    assert kueri(db, "SELECT pagu FROM usulan WHERE id_usulan = 'U-1'") == [(150.0,)]
    assert kueri(db, "SELECT count(*) FROM etl_removed") == [(0,)]


def test_muat_ganti_dua_kali_tidak_menghapus_lagi(tmp_path, db):
    _awal(tmp_path, db)
    _usulan(tmp_path / "baru.csv", ("U-1", "2022", "32", "100", "PN3"))
    muat([tmp_path / "baru.csv"], db, ganti="cakupan")
    sebelum = _ids(db)

    hasil = muat([tmp_path / "baru.csv"], db, ganti="cakupan")

    assert sum(hasil.dihapus.values()) == 0 and _ids(db) == sebelum


def test_lembar_berjudul_tanpa_baris_mengosongkan_pasangannya(tmp_path, db):
    """A per-province export whose every proposal was withdrawn still says, in its title, what it covers."""
    _awal(tmp_path, db)
    tulis_xlsx(tmp_path / "kosong.xlsx", {"Usulan": [["REKAPITULASI USULAN"], ["PROVINSI JAWA BARAT"],
                                                     ["TAHUN 2022"], [], ["No", "ID Usulan", "Pagu"]]})

    hasil = muat([tmp_path / "kosong.xlsx"], db, ganti="cakupan")

    assert hasil.berkas[0].status == "loaded" and hasil.dihapus["usulan"] == 3
    assert _ids(db) == {"T-1", "U-9"}


def test_baris_ditolak_dengan_kunci_sah_tidak_menghapus_usulannya(tmp_path, db):
    """The proposal is still in the export, only one of its values is broken: the stored version stays."""
    _awal(tmp_path, db)
    _usulan(tmp_path / "baru.csv", ("U-1", "2022", "32", "seratus", "PN3"), ("U-3", "2022", "32", "300", ""))

    hasil = muat([tmp_path / "baru.csv"], db, ganti="cakupan")

    assert hasil.berkas[0].rows_rejected == 1
    assert _ids(db) == {"U-1", "U-3", "T-1", "U-9"}
    assert kueri(db, "SELECT pagu FROM usulan WHERE id_usulan = 'U-1'") == [(100.0,)]


def test_berkas_gagal_membatalkan_semua_penggantian(tmp_path, db):
    _awal(tmp_path, db)
    _usulan(tmp_path / "baru.csv", ("U-1", "2022", "32", "110", "PN3"))
    (tmp_path / "rusak.xlsx").write_bytes(b"PK\x03\x04 terpotong")

    hasil = muat([tmp_path / "baru.csv", tmp_path / "rusak.xlsx"], db, ganti="cakupan")

    assert hasil.ganti_batal and hasil.dihapus == {}
    assert _ids(db) == {"U-1", "U-2", "U-3", "T-1", "U-9"}, "nothing removed"
    assert kueri(db, "SELECT pagu FROM usulan WHERE id_usulan = 'U-1'") == [(110.0,)], "the good file still upserts"


def test_berkas_berbeda_satu_muat_bersama_menjadi_potret(tmp_path, db):
    """Two files of one load that cover the same pair are one snapshot: the second does not remove the first's rows."""
    _awal(tmp_path, db)
    _usulan(tmp_path / "a.csv", ("U-1", "2022", "32", "100", "PN3"))
    _usulan(tmp_path / "b.csv", ("U-2", "2022", "32", "200", "PN3"))

    hasil = muat([tmp_path / "a.csv", tmp_path / "b.csv"], db, ganti="cakupan")

    assert hasil.dihapus["usulan"] == 1 and _ids(db) == {"U-1", "U-2", "T-1", "U-9"}


def test_jenis_tahun_mengganti_seluruh_tahun_jenis_itu(tmp_path, db):
    _awal(tmp_path, db)
    _usulan(tmp_path / "layanan.csv", ("T-1", "2022", "33", "400", "PN1"))

    hasil = muat([tmp_path / "layanan.csv"], db, ganti="jenis_tahun")

    assert hasil.dihapus["usulan"] == 3, "every 2022 proposal the fetch no longer holds, in any province"
    assert _ids(db) == {"T-1", "U-9"}, "2023 is another year"
    assert kueri(db, "SELECT count(*) FROM desk_sesi") == [(1,)], "another kind"


def test_target_dan_sesi_juga_diganti_menurut_kuncinya(tmp_path, db):
    tulis_csv(tmp_path / "t1.csv", [["Tahun", "Kode Provinsi", "Indikator", "Target Daerah"],
                                    ["2022", "32", "Pertumbuhan Ekonomi", "5"], ["2022", "32", "IPM", "73"]])
    tulis_csv(tmp_path / "s1.csv", [["Tahun", "Desk", "Kode Provinsi"], ["2022", "1", "32"], ["2022", "2", "32"],
                                    ["2022", "1", "33"]])
    muat_ke(db, tmp_path / "t1.csv", tmp_path / "s1.csv")
    tulis_csv(tmp_path / "t2.csv", [["Tahun", "Kode Provinsi", "Indikator", "Target Daerah"],
                                    ["2022", "32", "Laju Pertumbuhan Ekonomi", "5,5"]])
    tulis_csv(tmp_path / "s2.csv", [["Tahun", "Desk", "Kode Provinsi"], ["2022", "Desk 2", "32"], ["2022", "1", "33"]])

    hasil = muat([tmp_path / "t2.csv", tmp_path / "s2.csv"], db, ganti="cakupan")

    assert hasil.dihapus == {"usulan": 0, "target_indikator": 1, "desk_sesi": 1}
    assert kueri(db, "SELECT kode_indikator, target_daerah_min FROM target_indikator") == [("LPE", 5.5)]
    assert sorted(kueri(db, "SELECT desk_no, kode_provinsi FROM desk_sesi")) == [(1, "33"), (2, "32")]
    assert sorted(kueri(db, 'SELECT kind, "key" FROM etl_removed')) == [
        ("desk_sesi", "2022 · 1 · 32"), ("target_indikator", "2022 · 32 · makro · IPM")]


def test_ekspor_sebagian_tidak_menghapus_bagian_lain(tmp_path, db):
    """The macro recap does not remove urusan targets; the schedule of some desks not the sessions of others."""
    tulis_csv(tmp_path / "t1.csv", [["Tahun", "Kode Provinsi", "Jenis", "Indikator", "Target Daerah"],
                                    ["2022", "32", "Makro", "IPM", "73"], ["2022", "32", "Makro", "TPT", "6"],
                                    ["2022", "32", "Urusan", "Prevalensi Stunting", "20"]])
    tulis_csv(tmp_path / "s1.csv", [["Tahun", "Desk", "Kode Provinsi"], ["2022", "1", "32"], ["2022", "2", "32"],
                                    ["2022", "21", "32"], ["2022", "22", "32"]])
    muat_ke(db, tmp_path / "t1.csv", tmp_path / "s1.csv")
    tulis_csv(tmp_path / "makro.csv", [["Tahun", "Kode Provinsi", "Indikator", "Target Daerah"],
                                       ["2022", "32", "IPM", "74"]])
    tulis_csv(tmp_path / "desk_1_20.csv", [["Tahun", "Desk", "Kode Provinsi"], ["2022", "1", "32"], ["2022", "2", "33"]])

    hasil = muat([tmp_path / "makro.csv", tmp_path / "desk_1_20.csv"], db, ganti="cakupan")

    assert sorted(kueri(db, "SELECT kunci_indikator FROM target_indikator")) == [("IPM",), ("STUNTING",)]
    assert sorted(kueri(db, "SELECT desk_no, kode_provinsi FROM desk_sesi")) == [
        (1, "32"), (2, "33"), (21, "32"), (22, "32")], "desk 2 of Jawa Barat went; desks 21 and 22 are not in the file"
    assert (hasil.dihapus["target_indikator"], hasil.dihapus["desk_sesi"]) == (1, 1)


def test_mode_ganti_yang_salah_ditolak(tmp_path, db):
    with pytest.raises(ValueError, match="cakupan"):
        muat([], db, ganti="semua")


def test_cli_ganti_mencetak_jumlah_yang_dihapus(tmp_path, db):
    _awal(tmp_path, db)
    _usulan(tmp_path / "baru.csv", ("U-1", "2022", "32", "100", "PN3"), ("U-3", "2022", "32", "300", ""))

    hasil = cli("load", "--db", db, "--ganti", tmp_path / "baru.csv")

    assert hasil.returncode == 0, hasil.stderr
    assert "1 usulan dihapus karena tidak ada lagi di ekspor" in hasil.stdout
    assert _ids(db) == {"U-1", "U-3", "T-1", "U-9"}
    assert cli("load", "--db", db, "--ganti", "--ganti-tahun", tmp_path / "baru.csv").returncode == 2
