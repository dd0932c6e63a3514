"""Files as a whole: CSV dialects and encodings, files that cannot be read, folders, and the command line."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import duckdb
import pytest

import etl.muat as muat_mod
from etl.__main__ import main
from tests.etl.fikstur import (berkas_dimuat, cli, kamus, kueri, muat_ke, per_kunci, tulis_csv, tulis_json,
                               tulis_xlsx)

KEPALA = ["ID Usulan", "Tahun", "Provinsi", "Nama Sub Kegiatan", "Pagu"]
BARIS = [["E-1", "2022", "Jawa Barat", "Rehabilitasi Gedung – Tahap II", "1.500.000"],
         ["E-2", "2022", "Jawa Barat", "Pelatihan Barista Café", "2.500,5"]]


PEMISAH = {"titik_koma": ";", "koma": ",", "tab": "\t"}
PENGODEAN = ("utf-8", "utf-8-sig", "cp1252")
DIALEK = [(p, k) for p in PEMISAH for k in PENGODEAN]


@pytest.fixture(scope="module")
def muatan_dialek(tmp_path_factory) -> Path:
    """One CSV per separator and encoding, loaded together (a load costs most of a second)."""
    folder = tmp_path_factory.mktemp("dialek")
    for pemisah, pengodean in DIALEK:
        baris = [KEPALA] + [[f"{pemisah}/{pengodean}/{b[0]}", *b[1:]] for b in BARIS]
        tulis_csv(folder / f"{pemisah}_{pengodean}.csv", baris, pemisah=PEMISAH[pemisah], pengodean=pengodean)
    muat_ke(folder / "t.duckdb", folder)
    return folder / "t.duckdb"


@pytest.mark.parametrize(("pemisah", "pengodean"), DIALEK)
def test_csv_pemisah_dan_pengodean(muatan_dialek, pemisah, pengodean):
    db = muatan_dialek
    usulan = per_kunci(db, "usulan")
    awalan = f"{pemisah}/{pengodean}/"
    assert {k: (r["kode_provinsi"], r["nama_sub_kegiatan"]) for k, r in usulan.items() if k.startswith(awalan)} == {
        awalan + b[0]: ("32", b[3]) for b in BARIS}
    assert (usulan[awalan + "E-1"]["pagu"], usulan[awalan + "E-2"]["pagu"]) == (1500000.0, 2500.5)
    f = berkas_dimuat(db)[f"{pemisah}_{pengodean}.csv"]
    assert (f["rows_loaded"], f["ignored_columns"]) == (2, "")  # every header recognised


def _xlsx_berkata_sandi(tmp_path):
    """A workbook saved with a password: Excel (and msoffcrypto) wrap it in an encrypted OLE2 file."""
    biasa = tulis_xlsx(tmp_path / "biasa.xlsx", {"Usulan": [KEPALA, *BARIS]})
    try:
        from msoffcrypto.format.ooxml import OOXMLFile
    except ImportError:  # without the tool: the OLE2 compound-file signature Excel writes for encrypted books
        return (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)) * 8
    keluaran = io.BytesIO()
    with open(biasa, "rb") as f:
        OOXMLFile(f).encrypt("rahasia", keluaran)
    return keluaran.getvalue()


def _xlsx_rusak(tmp_path):
    utuh = tulis_xlsx(tmp_path / "utuh.xlsx", {"Usulan": [KEPALA, *BARIS]}).read_bytes()
    return utuh[: len(utuh) // 2]


def _zip_tanpa_lembar(tmp_path):
    isi = io.BytesIO()
    with zipfile.ZipFile(isi, "w") as z:
        z.writestr("catatan.txt", "bukan buku kerja")
    return isi.getvalue()


BERKAS_GAGAL = {  # name -> bytes of a file that cannot be loaded as a whole
    "rusak.xlsx": _xlsx_rusak,
    "zip_lain.xlsx": _zip_tanpa_lembar,
    "kosong.csv": lambda _: b"",
    "kosong.xlsx": lambda _: b"",
    "kosong.json": lambda _: b"",
    "spasi.csv": lambda _: b"  \r\n\r\n",
    "berkata_sandi.xlsx": _xlsx_berkata_sandi,
    "tanpa_kepala.csv": lambda _: "Nama;Alamat;Telepon\nBudi;Jl. Merdeka 1;0812\n".encode(),
    "tanpa_kepala.xlsx": lambda p: tulis_xlsx(p / "tk.xlsx", {"Data": [["Nama", "Alamat"], ["Budi", "Bogor"]]})
    .read_bytes(),
    "json_tidak_sah.json": lambda _: b'{"data": [{"id_usulan": "J-1", "tahun": 2022',
    "json_bukan_daftar.json": lambda _: b'{"status": "ok", "data": "tidak ada"}',
    "json_tanpa_kepala.json": lambda _: b'[{"nama": "Budi", "umur": 40}]',
    "ekstensi_lain.pdf": lambda _: b"%PDF-1.4\n",
}


@pytest.fixture(scope="module")
def muatan_gagal(tmp_path_factory) -> tuple[Path, object]:
    """Every unreadable file in one load, with a good file in the middle of them."""
    folder = tmp_path_factory.mktemp("gagal")
    nama = list(BERKAS_GAGAL)
    for n in nama:
        (folder / n).write_bytes(BERKAS_GAGAL[n](folder))
    baik = tulis_csv(folder / "baik.csv", [KEPALA, *BARIS])
    tengah = len(nama) // 2
    urutan = [folder / n for n in nama[:tengah]] + [baik] + [folder / n for n in nama[tengah:]]
    db = folder / "t.duckdb"
    return db, muat_ke(db, *urutan)


@pytest.mark.parametrize("nama", list(BERKAS_GAGAL))
def test_berkas_yang_tak_terbaca_gagal_dengan_alasan(muatan_gagal, nama):
    db, _ = muatan_gagal
    f = berkas_dimuat(db)[nama]
    assert f["status"] == "failed"
    assert f["error"] and len(f["error"]) > 10
    assert (f["rows_loaded"], f["rows_rejected"]) == (0, 0)


def test_berkas_gagal_tidak_menghentikan_berkas_lain(muatan_gagal):
    db, hasil = muatan_gagal
    assert berkas_dimuat(db)["baik.csv"]["status"] == "loaded"
    assert set(per_kunci(db, "usulan")) == {"E-1", "E-2"}
    assert hasil.ada_gagal
    assert kueri(db, "SELECT status, files, rows_loaded FROM etl_runs") == [("partial", len(BERKAS_GAGAL) + 1, 2)]


def test_muat_yang_semua_berkasnya_gagal_berstatus_failed(tmp_path, db):
    (tmp_path / "kosong.csv").write_bytes(b"")
    (tmp_path / "asing.csv").write_text("Waktu;Agenda\n09.00;Pembukaan\n", encoding="utf-8")
    muat_ke(db, tmp_path / "kosong.csv", tmp_path / "asing.csv")
    assert kueri(db, "SELECT status, files, rows_loaded FROM etl_runs") == [("failed", 2, 0)]


def test_xlsx_berkata_sandi_alasannya_menyebut_kata_sandi(tmp_path, db):
    (tmp_path / "rahasia.xlsx").write_bytes(_xlsx_berkata_sandi(tmp_path))

    muat_ke(db, tmp_path / "rahasia.xlsx")

    assert "kata sandi" in berkas_dimuat(db)["rahasia.xlsx"]["error"]


def test_berkas_yang_gagal_di_tengah_tidak_meninggalkan_baris(tmp_path, db, monkeypatch):
    """A workbook whose second sheet fails after the first has been written leaves none of its rows behind."""
    tulis_xlsx(tmp_path / "dua_lembar.xlsx", {
        "Satu": [["ID Usulan", "Tahun", "Kode Provinsi"], ["S-1", 2022, 32]],
        "Dua": [["ID Usulan", "Tahun", "Kode Provinsi"], ["S-2", 2022, 32]]})
    tulis_csv(tmp_path / "lain.csv", [KEPALA, *BARIS])
    asli = muat_mod._muat_lembar

    def gagal_di_lembar_dua(con, run_id, h, lembar, kepala, *lain):
        if lembar.nama == "Dua":
            raise duckdb.IOException("disk penuh")
        asli(con, run_id, h, lembar, kepala, *lain)
    monkeypatch.setattr(muat_mod, "_muat_lembar", gagal_di_lembar_dua)

    muat_ke(db, tmp_path / "dua_lembar.xlsx", tmp_path / "lain.csv")

    f = berkas_dimuat(db)
    assert f["dua_lembar.xlsx"]["status"] == "failed" and "disk penuh" in f["dua_lembar.xlsx"]["error"]
    assert f["dua_lembar.xlsx"]["rows_loaded"] == 0
    assert set(per_kunci(db, "usulan")) == {"E-1", "E-2"}


def test_folder_dimuat_rekursif_menurut_urutan_nama(tmp_path, db):
    """The same proposal in three files: the last in name order wins, so the order is visible in the result."""
    folder = tmp_path / "ekspor"
    (folder / "b").mkdir(parents=True)
    tulis_csv(folder / "c.csv", [["ID Usulan", "Tahun", "Kode Provinsi", "Pagu"], ["F-1", "2022", "32", "3"]])
    tulis_csv(folder / "a.csv", [["ID Usulan", "Tahun", "Kode Provinsi", "Pagu"], ["F-1", "2022", "32", "1"]])
    tulis_json(folder / "b" / "z.json", [{"id_usulan": "F-1", "tahun": 2022, "kode_provinsi": "32", "pagu": 2},
                                        {"id_usulan": "F-2", "tahun": 2022, "kode_provinsi": "32", "pagu": 9}])
    (folder / "b" / "README.md").write_text("bukan ekspor")

    hasil = muat_ke(db, folder)

    urutan = [f.file for f in hasil.berkas]
    assert urutan == [(folder / n).as_posix() for n in ("a.csv", "b/z.json", "c.csv")]
    assert {k: r["pagu"] for k, r in per_kunci(db, "usulan").items()} == {"F-1": 3.0, "F-2": 9.0}
    assert sorted(r[0] for r in kueri(db, "SELECT file FROM etl_files")) == sorted(urutan)


def test_cli_keluar_0_bila_semua_dimuat_walau_ada_baris_ditolak(tmp_path, db):
    tulis_csv(tmp_path / "u.csv", [KEPALA, *BARIS, ["E-3", "2022", "Narnia", "x", "1"]])

    hasil = cli("load", "--db", db, tmp_path / "u.csv")

    assert hasil.returncode == 0, hasil.stdout + hasil.stderr
    assert kueri(db, "SELECT count(*) FROM usulan") == [(2,)]
    assert kueri(db, "SELECT count(*) FROM etl_rejects") == [(1,)]
    assert "Narnia" in hasil.stdout  # the first rejects are shown in the summary


def test_cli_keluar_1_bila_ada_berkas_gagal(tmp_path, db):
    tulis_csv(tmp_path / "baik.csv", [KEPALA, *BARIS])
    (tmp_path / "rusak.xlsx").write_bytes(b"PK\x03\x04 bukan zip")

    hasil = cli("load", "--db", db, tmp_path / "baik.csv", tmp_path / "rusak.xlsx")

    assert hasil.returncode == 1, hasil.stdout + hasil.stderr
    assert kueri(db, "SELECT count(*) FROM usulan") == [(2,)]
    assert "rusak.xlsx" in hasil.stdout


def test_cli_keluar_2_tanpa_path(db):
    hasil = cli("load", "--db", db)

    assert hasil.returncode == 2, hasil.stdout + hasil.stderr
    assert "PATH" in hasil.stderr
    assert not db.exists()


@pytest.mark.parametrize("argumen", [["muat", "--db", "DB", "x.csv"], ["load", "--db", "DB", "HILANG.csv"],
                                     ["load", "--db", "DB", "ADA.csv", "HILANG.csv"]])
def test_cli_keluar_2_bila_salah_pakai(tmp_path, db, argumen, capsys):
    """An unknown command or a path that does not exist: exit 2, a message, and the database is not touched."""
    tulis_csv(tmp_path / "ADA.csv", [KEPALA, *BARIS])
    argumen = [str(db) if a == "DB" else str(tmp_path / a) if a.endswith(".csv") and a != "x.csv" else a
               for a in argumen]

    assert main(argumen) == 2
    keluaran = capsys.readouterr()
    assert keluaran.err.strip()
    if "HILANG.csv" in " ".join(argumen):
        assert "HILANG.csv" in keluaran.err
    assert not db.exists()


def test_pembukuan_etl_runs_dan_etl_files(tmp_path, db):
    tulis_csv(tmp_path / "a.csv", [KEPALA, *BARIS, ["E-3", "2022", "Narnia", "", "1"]])
    (tmp_path / "b.json").write_text("[]")
    muat_ke(db, tmp_path / "a.csv")

    muat_ke(db, tmp_path / "a.csv", tmp_path / "b.json")

    runs = kamus(db, "SELECT * FROM etl_runs ORDER BY run_id")
    assert [(r["run_id"], r["status"], r["files"], r["rows_loaded"], r["rows_rejected"]) for r in runs] == [
        (1, "loaded", 1, 2, 1), (2, "partial", 2, 2, 1)]
    assert all(r["started_at"] <= r["finished_at"] for r in runs)
    files = {(r["run_id"], Path(r["file"]).name): r for r in kamus(db, "SELECT * FROM etl_files")}
    a = files[(2, "a.csv")]
    assert (a["kind"], a["status"], a["rows_read"], a["rows_loaded"], a["rows_rejected"], a["error"]) == (
        "usulan", "loaded", 3, 2, 1, None)
    assert files[(2, "b.json")]["status"] == "failed"
    assert kueri(db, 'SELECT run_id, "row", "column" FROM etl_rejects ORDER BY 1') == [
        (1, 4, "kode_provinsi"), (2, 4, "kode_provinsi")]


def test_setiap_muat_mencatat_siapa_yang_memuat(tmp_path, db):
    """The command line is 'terminal'; a load from the app names the signed-in person."""
    tulis_csv(tmp_path / "a.csv", [KEPALA, *BARIS])

    assert cli("load", "--db", db, tmp_path / "a.csv").returncode == 0
    muat_mod.muat([tmp_path / "a.csv"], db, pengguna="sekretariat@bangda.example.go.id")
    muat_ke(db, tmp_path / "a.csv")

    assert kueri(db, "SELECT run_id, pengguna FROM etl_runs ORDER BY run_id") == [
        (1, "terminal"), (2, "sekretariat@bangda.example.go.id"), (3, "terminal")]


def test_basis_data_dari_sebelum_kolom_pengguna_tetap_dimuat(tmp_path, db):
    """A database written before etl_runs had `pengguna` gains the column; its old runs say nobody."""
    with duckdb.connect(str(db)) as con:
        con.execute("""CREATE TABLE etl_runs (run_id INTEGER, started_at TIMESTAMP, finished_at TIMESTAMP,
                       status VARCHAR, files INTEGER, rows_loaded BIGINT, rows_rejected BIGINT)""")
        con.execute("INSERT INTO etl_runs VALUES (1, now(), now(), 'loaded', 1, 2, 0)")
    tulis_csv(tmp_path / "a.csv", [KEPALA, *BARIS])

    muat_mod.muat([tmp_path / "a.csv"], db, pengguna="operator@example.go.id")

    assert kueri(db, "SELECT run_id, status, pengguna FROM etl_runs ORDER BY run_id") == [
        (1, "loaded", None), (2, "loaded", "operator@example.go.id")]


def test_tanpa_db_basis_data_bawaan_di_bawah_data():
    from etl.__main__ import parser
    from etl.muat import DB_BAWAAN
    from tests.etl.fikstur import AKAR

    assert parser().parse_args(["load", "ekspor.csv"]).db == str(DB_BAWAAN)
    assert DB_BAWAAN.parent == AKAR / "data"


def test_berkas_di_bawah_folder_kerja_dicatat_dengan_jalur_relatif(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ekspor").mkdir()
    jalur = tulis_csv(tmp_path / "ekspor" / "a.csv", [KEPALA, *BARIS])
    db = tmp_path / "t.duckdb"
    muat_ke(db, jalur.resolve())
    assert kueri(db, "SELECT file FROM etl_files") == [("ekspor/a.csv",)]
