"""Duplicates, upsert, idempotence, kept source bytes, and atomic loads (also when killed)."""

from __future__ import annotations

import hashlib
import os
import signal
import time
from pathlib import Path

import duckdb
import pytest

from tests.etl.fikstur import (berkas_dimuat, csv_besar, isi_tabel, kamus, keadaan, kueri, muat_ke,
                               muat_sampai_salinan, tulis_csv, tulis_json, tulis_xlsx)

KEPALA = ["ID Usulan", "Tahun", "Kode Provinsi", "Pagu", "Status"]


def test_baris_kembar_dimuat_sekali_dan_dihitung(tmp_path, db):
    baris = [KEPALA, ["D-1", "2022", "32", "100", "Diusulkan"], ["D-2", "2022", "32", "200", "Diusulkan"],
             ["D-1", "2022", "32", "100", "Diusulkan"], ["D-1", "2022", "32", "100", "Diusulkan"]]
    tulis_csv(tmp_path / "kembar.csv", baris)

    muat_ke(db, tmp_path / "kembar.csv")

    assert kueri(db, "SELECT id_usulan, pagu, sumber_baris FROM usulan ORDER BY 1") == [
        ("D-1", 100.0, 2), ("D-2", 200.0, 3)]
    f = berkas_dimuat(db)["kembar.csv"]
    assert (f["rows_read"], f["rows_duplicate"], f["rows_loaded"], f["rows_rejected"]) == (4, 2, 2, 0)


def test_kunci_sama_dalam_satu_berkas_baris_terakhir_menang(tmp_path, db):
    """Not an exact duplicate: the same key with another value. The lower row is the later edit."""
    tulis_csv(tmp_path / "ubah.csv", [KEPALA, ["K-1", "2022", "32", "100", "Diusulkan"],
                                      ["K-1", "2022", "32", "150", "Disetujui"]])

    muat_ke(db, tmp_path / "ubah.csv")

    assert kueri(db, "SELECT id_usulan, pagu, status, sumber_baris FROM usulan") == [
        ("K-1", 150.0, "disetujui", 3)]
    assert berkas_dimuat(db)["ubah.csv"]["rows_duplicate"] == 0


def test_muat_berikutnya_mengganti_baris_berkunci_sama(tmp_path, db):
    tulis_csv(tmp_path / "pertama.csv", [KEPALA, ["A-1", "2022", "32", "100", "Diusulkan"],
                                         ["A-2", "2022", "32", "200", "Diusulkan"],
                                         ["A-1", "2023", "32", "999", "Diusulkan"]])
    tulis_csv(tmp_path / "kedua.csv", [KEPALA, ["A-1", "2022", "32", "150", "Disetujui dengan Catatan"],
                                       ["A-3", "2022", "32", "300", "Diusulkan"]])
    muat_ke(db, tmp_path / "pertama.csv")

    muat_ke(db, tmp_path / "kedua.csv")

    hasil = {(r["id_usulan"], r["tahun"]): r for r in kamus(db, "SELECT * FROM usulan")}
    assert {k: (r["pagu"], r["status"]) for k, r in hasil.items()} == {
        ("A-1", 2022): (150.0, "disetujui_catatan"), ("A-2", 2022): (200.0, "diusulkan"),
        ("A-1", 2023): (999.0, "diusulkan"), ("A-3", 2022): (300.0, "diusulkan")}
    sha_kedua = hashlib.sha256((tmp_path / "kedua.csv").read_bytes()).hexdigest()
    assert hasil[("A-1", 2022)]["sumber_sha256"] == sha_kedua


def test_berkas_berkunci_terpisah_dan_bersilang_dalam_satu_muat(tmp_path, db):
    """Files of one load: keys in ranges of their own (the replace is skipped), and keys between another
    file's keys, one of them the same key (replaced)."""
    tulis_csv(tmp_path / "a.csv", [KEPALA, ["B-10", "2022", "32", "1", "Diusulkan"],
                                   ["B-30", "2022", "32", "3", "Diusulkan"]])
    tulis_csv(tmp_path / "b.csv", [KEPALA, ["C-10", "2022", "33", "4", "Diusulkan"]])
    tulis_csv(tmp_path / "c.csv", [KEPALA, ["B-20", "2022", "32", "2", "Diusulkan"],
                                   ["B-30", "2022", "32", "33", "Disetujui"]])

    muat_ke(db, tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv")

    assert kueri(db, "SELECT id_usulan, pagu FROM usulan ORDER BY 1") == [
        ("B-10", 1.0), ("B-20", 2.0), ("B-30", 33.0), ("C-10", 4.0)]


def test_upsert_target_indikator_dan_desk_sesi(tmp_path, db):
    """Keys (tahun, provinsi, jenis, indicator) and (tahun, desk, provinsi); a macro indicator keys on its code,
    an indicator no list holds on its name in lower-case words (a respelling in case or spacing is the same one)."""
    tulis_csv(tmp_path / "1_target.csv", [["Tahun", "Kode Provinsi", "Indikator", "Target Daerah"],
                                          ["2022", "32", "Pertumbuhan Ekonomi", "5,0"],
                                          ["2022", "32", "Persentase Jalan Mantap", "80"]])
    tulis_csv(tmp_path / "1_desk.csv", [["Tahun", "Desk", "Provinsi", "Status"],
                                        ["2022", "4", "Jawa Barat", "Belum Dimulai"],
                                        ["2022", "5", "Jawa Barat", "Belum Dimulai"]])
    tulis_csv(tmp_path / "2_target.csv", [["Tahun", "Kode Provinsi", "Indikator", "Target Daerah"],
                                          ["2022", "32", "Laju Pertumbuhan Ekonomi", "5,5"],
                                          ["2022", "32", "persentase  jalan MANTAP", "85"]])
    tulis_csv(tmp_path / "2_desk.csv", [["Tahun", "Desk", "Kode Provinsi", "Status"],
                                        ["2022", "Desk 4", "32", "Selesai"]])
    muat_ke(db, tmp_path / "1_target.csv", tmp_path / "1_desk.csv")

    muat_ke(db, tmp_path / "2_target.csv", tmp_path / "2_desk.csv")

    assert sorted(kueri(db, "SELECT kunci_indikator, indikator, target_daerah_min FROM target_indikator")) == [
        ("LPE", "Laju Pertumbuhan Ekonomi", 5.5), ("persentase jalan mantap", "persentase  jalan MANTAP", 85.0)]
    assert sorted(kueri(db, "SELECT desk_no, status FROM desk_sesi")) == [(4, "selesai"), (5, "belum_mulai")]


def _tiga_berkas(tmp_path: Path) -> list[Path]:
    return [
        tulis_xlsx(tmp_path / "usulan.xlsx", {"Usulan": [["PROVINSI BALI"], ["TAHUN 2022"], [],
                                                         ["No", "ID Usulan", "Pagu", "PN"],
                                                         [1, "X-1", 1000, "PN 1"], [2, "X-2", 2000, "03"],
                                                         [3, "X-3", "abc", "PN1"]]}),
        tulis_csv(tmp_path / "target.csv", [["Tahun", "Kode Provinsi", "Indikator", "Target Nasional"],
                                            ["2022", "51", "IPM", "75,1 - 75,5"], ["2022", "51", "TPT", "4"]]),
        tulis_json(tmp_path / "desk.json", {"data": [{"tahun": 2022, "desk_no": 1, "kode_provinsi": "51",
                                                      "tanggal_jadwal": "25/02/2021", "berita_acara": "Sudah"}]}),
    ]


def test_muat_ulang_berkas_yang_sama_tidak_mengubah_apa_pun(tmp_path, db):
    berkas = _tiga_berkas(tmp_path)
    muat_ke(db, *berkas)
    sebelum = isi_tabel(db)
    jumlah_sumber = len(list((tmp_path / "sumber").rglob("*")))

    muat_ke(db, *berkas)

    assert isi_tabel(db) == sebelum
    assert {t: len(v) for t, v in sebelum.items()} == {"usulan": 2, "target_indikator": 2, "desk_sesi": 1}
    assert len(list((tmp_path / "sumber").rglob("*"))) == jumlah_sumber
    per_run = kueri(db, "SELECT run_id, sum(rows_loaded), sum(rows_rejected) FROM etl_files GROUP BY 1 ORDER BY 1")
    assert [r[1:] for r in per_run] == [(5, 1), (5, 1)]


def test_bita_sumber_disimpan_menurut_sha256(tmp_path, db):
    berkas = _tiga_berkas(tmp_path)
    rusak = tmp_path / "rusak.xlsx"
    rusak.write_bytes(b"PK\x03\x04 terpotong")

    muat_ke(db, *berkas, rusak)

    tercatat = {Path(r[0]).name: r[1] for r in kueri(db, "SELECT file, sha256 FROM etl_files")}
    assert set(tercatat) == {p.name for p in [*berkas, rusak]}
    for p in [*berkas, rusak]:
        isi = p.read_bytes()
        sha = hashlib.sha256(isi).hexdigest()
        assert tercatat[p.name] == sha
        salinan = db.parent / "sumber" / sha[:2] / f"{sha}{p.suffix}"
        assert salinan.read_bytes() == isi
    assert kueri(db, "SELECT DISTINCT sumber_sha256 FROM usulan") == [(tercatat["usulan.xlsx"],)]


def _sambung_baca_saja(db: Path) -> duckdb.DuckDBPyConnection:
    """How the dashboard reads: an in-memory connection that attaches the file read-only."""
    con = duckdb.connect(":memory:")
    con.execute(f"ATTACH '{db}' AS d (READ_ONLY)")
    return con


def test_pembaca_tetap_melihat_keadaan_lama_selama_muat(tmp_path, db):
    tulis_csv(tmp_path / "lama.csv", [KEPALA, ["L-1", "2022", "32", "1", "Diusulkan"]])
    tulis_csv(tmp_path / "baru.csv", [KEPALA, ["L-1", "2022", "32", "2", "Disetujui"],
                                      ["N-1", "2022", "32", "3", "Diusulkan"]])
    muat_ke(db, tmp_path / "lama.csv")
    lama = [("L-1", 1.0)]
    pembaca = _sambung_baca_saja(db)
    terlihat_selama_muat = []

    def kemajuan(berkas: str, selesai: int, total: int) -> None:
        """Called by the load before each file and once more when every row is written (not yet put in place)."""
        terlihat_selama_muat.append(pembaca.execute("SELECT id_usulan, pagu FROM d.usulan ORDER BY 1").fetchall())
        baru = _sambung_baca_saja(db)
        terlihat_selama_muat.append(baru.execute("SELECT id_usulan, pagu FROM d.usulan ORDER BY 1").fetchall())
        baru.close()

    hasil = muat_ke(db, tmp_path / "baru.csv", kemajuan=kemajuan)

    assert hasil.berkas[0].rows_loaded == 2
    assert terlihat_selama_muat and all(t == lama for t in terlihat_selama_muat)
    assert pembaca.execute("SELECT id_usulan, pagu FROM d.usulan ORDER BY 1").fetchall() == lama
    pembaca.close()
    baru = _sambung_baca_saja(db)
    assert baru.execute("SELECT id_usulan, pagu FROM d.usulan ORDER BY 1").fetchall() == [("L-1", 2.0), ("N-1", 3.0)]
    baru.close()


def test_muat_yang_terhenti_karena_galat_tidak_mengubah_basis_data(tmp_path, db):
    tulis_csv(tmp_path / "lama.csv", [KEPALA, ["L-1", "2022", "32", "1", "Diusulkan"]])
    tulis_csv(tmp_path / "a.csv", [KEPALA, ["L-1", "2022", "32", "5", "Disetujui"]])
    tulis_csv(tmp_path / "b.csv", [KEPALA, ["N-1", "2022", "32", "6", "Disetujui"]])
    muat_ke(db, tmp_path / "lama.csv")
    sebelum = keadaan(db)

    def putus_sebelum_berkas_kedua(berkas: str, selesai: int, total: int) -> None:
        if selesai == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        muat_ke(db, tmp_path / "a.csv", tmp_path / "b.csv", kemajuan=putus_sebelum_berkas_kedua)

    assert keadaan(db) == sebelum
    assert list(tmp_path.glob("t.duckdb.*.tmp")) == []


def test_muat_yang_dibunuh_sigkill_meninggalkan_basis_data_utuh(tmp_path, db):
    tulis_csv(tmp_path / "lama.csv", [KEPALA, ["L-1", "2022", "32", "1", "Diusulkan"],
                                      ["L-2", "2022", "33", "2", "Disetujui"]])
    muat_ke(db, tmp_path / "lama.csv")
    sebelum = keadaan(db)
    kecil = tulis_csv(tmp_path / "kecil.csv", [KEPALA, ["L-1", "2022", "32", "100", "Disetujui"]])
    besar = csv_besar(tmp_path / "besar.csv", 300_000)

    # The small file is loaded (and would be committed) before the big one: killed in the big one,
    # the load must not leave the small file's change behind either.
    proses, salinan = muat_sampai_salinan(db, kecil, besar)
    try:
        time.sleep(1.0)  # past the small file, into reading and normalising the big one
        assert proses.poll() is None, "the load finished before it could be killed: make the file bigger"
        os.kill(proses.pid, signal.SIGKILL)
    finally:
        proses.kill()
        proses.wait()
    assert proses.returncode == -signal.SIGKILL

    assert keadaan(db) == sebelum
    muat_ke(db, tmp_path / "lama.csv")  # the next load is not blocked and clears the killed load's copy
    assert not salinan.exists()
    assert isi_tabel(db) == sebelum["fakta"]
