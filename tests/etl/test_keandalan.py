"""Files that are hostile or odd: each fails alone with a clear reason or loads as far as it can, and the
command line's summary, its exit codes and a stopped load leave nothing half-done."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.etl.fikstur import (AKAR, berkas_dimuat, cli, csv_besar, isi_tabel, kueri, lingkungan_cli, muat_ke,
                               muat_sampai_salinan, penolakan, per_kunci, tulis_csv)

KEPALA = ["ID Usulan", "Tahun", "Provinsi", "Nama Sub Kegiatan", "Pagu"]
BARIS = [["E-1", "2022", "Jawa Barat", "Gedung", "1.500.000"], ["E-2", "2022", "Jawa Barat", "Café", "2.500,5"]]


def _teks(baris: list[list[str]], akhir: str = "\n") -> str:
    return akhir.join(";".join(b) for b in baris) + akhir


def _baris(awalan: str) -> list[list[str]]:
    return [[b[0].replace("E-", awalan), *b[1:]] for b in BARIS]


BERKAS = {  # name -> bytes
    "biner.csv": lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
    "json_dalam.json": lambda: ('{"data": ' + "[" * 50_000 + "]" * 50_000 + "}").encode(),
    "cr_saja.csv": lambda: _teks([KEPALA, *_baris("CR-")], "\r").encode(),
    "judul_cr.csv": lambda: ('"REKAP\rUSULAN";;;;\r\n' + _teks([KEPALA, *_baris("QC-")], "\r\n")).encode(),
    "utf16le.csv": lambda: _teks([KEPALA, *_baris("LE-")], "\r\n").encode("utf-16-le"),
    "utf16be.csv": lambda: _teks([KEPALA, *_baris("BE-")], "\r\n").encode("utf-16-be"),
    "angka_besar.json": lambda: ('[{"id_usulan": "J-1", "tahun": 2022, "provinsi": "Jawa Barat", "pagu": '
                                 + "9" * 5000 + '}, {"id_usulan": "J-2", "tahun": 2022, "provinsi": "Jawa Barat", '
                                 '"pagu": 7}]').encode(),
    "kutip.csv": lambda: _teks([KEPALA, ["K-1", "2022", '"Jawa Barat', "Gedung", "100"],
                                ["K-2", "2022", "Jawa Barat", "Jalan", "200"],
                                ["K-3", "2022", "Jawa Tengah", '"Sekolah; Tahap ""I"""', "300"]]).encode(),
    "sel_besar.csv": lambda: _teks([KEPALA, ["S-1", "2022", "Jawa Barat", "x" * 3_000_000, "1"],
                                    ["S-2", "2022", "Jawa Barat", "Jembatan", "2"]]).encode(),
    "sel_panjang.csv": lambda: _teks([KEPALA, ["P-1", "2022", "Jawa Barat", "y" * 150_000, "1"],
                                      ["P-2", "2022", "Jawa Barat", "Bendungan", "2"]]).encode(),
}


@pytest.fixture(scope="module")
def muatan(tmp_path_factory) -> Path:
    """Every odd file in one load, with a good file among them."""
    folder = tmp_path_factory.mktemp("aneh")
    for nama, isi in BERKAS.items():
        (folder / nama).write_bytes(isi())
    tulis_csv(folder / "baik.csv", [KEPALA, *BARIS])
    db = folder / "t.duckdb"
    muat_ke(db, folder)
    return db


@pytest.mark.parametrize(("nama", "alasan"), [("biner.csv", "bukan teks"), ("json_dalam.json", "bersarang")])
def test_berkas_tak_terbaca_gagal_sendiri_dengan_alasan(muatan, nama, alasan):
    f = berkas_dimuat(muatan)[nama]
    assert (f["status"], f["rows_loaded"]) == ("failed", 0)
    assert alasan in f["error"]
    assert berkas_dimuat(muatan)["baik.csv"]["status"] == "loaded"


@pytest.mark.parametrize(("nama", "awalan", "baris"), [
    ("cr_saja.csv", "CR-", [2, 3]),  # old Mac line ends
    ("judul_cr.csv", "QC-", [4, 5]),  # a line break inside a quoted title cell counts as a line, as in an editor
    ("utf16le.csv", "LE-", [2, 3]),  # UTF-16 without a byte-order mark
    ("utf16be.csv", "BE-", [2, 3]),
])
def test_csv_yang_aneh_tetap_dimuat(muatan, nama, awalan, baris):
    usulan = per_kunci(muatan, "usulan")
    assert {k: (r["kode_provinsi"], r["nama_sub_kegiatan"], r["pagu"], r["sumber_baris"])
            for k, r in usulan.items() if k.startswith(awalan)} == {
        f"{awalan}1": ("32", "Gedung", 1500000.0, baris[0]), f"{awalan}2": ("32", "Café", 2500.5, baris[1])}
    f = berkas_dimuat(muatan)[nama]
    assert (f["status"], f["rows_loaded"], f["rows_rejected"]) == ("loaded", 2, 0)


def test_bilangan_json_sangat_panjang_menolak_barisnya_saja(muatan):
    ditolak = [r for r in penolakan(muatan) if r["file"].endswith("angka_besar.json")]
    assert [(r["row"], r["column"]) for r in ditolak] == [(1, "pagu")]
    assert "bukan angka" in ditolak[0]["reason"] and len(ditolak[0]["value"]) < 300
    assert per_kunci(muatan, "usulan")["J-2"]["pagu"] == 7.0


def test_kutip_tak_tertutup_ditolak_tanpa_menelan_baris_berikutnya(muatan):
    ditolak = [r for r in penolakan(muatan) if r["file"].endswith("kutip.csv")]
    assert [(r["row"], r["value"]) for r in ditolak] == [(2, 'K-1;2022;"Jawa Barat;Gedung;100')]
    assert "Tanda kutip" in ditolak[0]["reason"]
    usulan = per_kunci(muatan, "usulan")
    assert (usulan["K-2"]["nama_sub_kegiatan"], usulan["K-2"]["sumber_baris"]) == ("Jalan", 3)
    assert (usulan["K-3"]["nama_sub_kegiatan"], usulan["K-3"]["sumber_baris"]) == ('Sekolah; Tahap "I"', 4)
    f = berkas_dimuat(muatan)["kutip.csv"]
    assert (f["rows_read"], f["rows_loaded"], f["rows_rejected"]) == (3, 2, 1)


def test_sel_raksasa_menolak_barisnya_saja(muatan):
    """A line longer than DuckDB's default limit (2 MB) used to fail the whole file with DuckDB's message."""
    ditolak = [r for r in penolakan(muatan) if r["file"].endswith("sel_besar.csv")]
    assert [(r["row"], r["column"]) for r in ditolak] == [(2, "nama_sub_kegiatan")]
    assert "terlalu panjang" in ditolak[0]["reason"] and len(ditolak[0]["value"]) < 300
    assert per_kunci(muatan, "usulan")["S-2"]["nama_sub_kegiatan"] == "Jembatan"


def test_sel_terlalu_panjang_di_baris_biasa_ditolak(muatan):
    """A cell over the cell limit on a line DuckDB reads with its own limit (150.000 characters) is a row reject
    too: the reader's quick look at line lengths keeps the check for such a file."""
    ditolak = [r for r in penolakan(muatan) if r["file"].endswith("sel_panjang.csv")]
    assert [(r["row"], r["column"]) for r in ditolak] == [(2, "nama_sub_kegiatan")]
    assert per_kunci(muatan, "usulan")["P-2"]["nama_sub_kegiatan"] == "Bendungan"


@pytest.mark.parametrize("isi", [[], ["catatan.pdf", "README.md"]])
def test_folder_tanpa_ekspor_bukan_muat_yang_berhasil(tmp_path, db, isi):
    folder = tmp_path / "kosong"
    folder.mkdir()
    for nama in isi:
        (folder / nama).write_text("bukan ekspor")

    hasil = cli("load", "--db", db, folder)

    assert hasil.returncode == 2, hasil.stdout + hasil.stderr
    assert "Tidak ada berkas ekspor" in hasil.stderr and str(folder) in hasil.stderr
    assert not db.exists(), "no run recorded, no database written"


def test_pipa_bernama_gagal_sendiri_tanpa_menunggu(tmp_path, db):
    pipa = tmp_path / "pipa.csv"
    os.mkfifo(pipa)
    tulis_csv(tmp_path / "baik.csv", [KEPALA, *BARIS])

    hasil = cli("load", "--db", db, pipa, tmp_path / "baik.csv", timeout=60)

    assert hasil.returncode == 1, hasil.stdout + hasil.stderr
    f = berkas_dimuat(db)
    assert f["pipa.csv"]["status"] == "failed" and "Bukan berkas biasa" in f["pipa.csv"]["error"]
    assert f["baik.csv"]["status"] == "loaded"


def test_ringkasan_mencetak_teks_berkas_apa_adanya(tmp_path, db):
    """Names, headers and values that look like terminal markup ('[/x]', '[klik]') are printed as written."""
    berkas = tulis_csv(tmp_path / "[klik]usulan.csv", [[*KEPALA, "[/b]Lampiran"], BARIS[0] + ["-"],
                                                       ["E-3", "2022", "[/x]", "Jalan", "1"]])

    hasil = cli("load", "--db", db, berkas)

    assert hasil.returncode == 0, hasil.stdout + hasil.stderr
    for teks in ("[klik]usulan.csv", "[/b]Lampiran", "[/x]"):
        assert teks in hasil.stdout, teks
    assert kueri(db, "SELECT count(*) FROM usulan") == [(1,)]


@pytest.mark.parametrize("sinyal", [signal.SIGTERM, signal.SIGHUP])
def test_muat_yang_dihentikan_membuang_salinan_kerjanya(tmp_path, db, sinyal):
    muat_ke(db, tulis_csv(tmp_path / "lama.csv", [KEPALA, *BARIS]))
    sebelum = isi_tabel(db)
    proses, salinan = muat_sampai_salinan(db, csv_besar(tmp_path / "besar.csv", 300_000))
    try:
        os.kill(proses.pid, sinyal)
        proses.wait(timeout=60)
    finally:
        proses.kill()
        proses.wait()
    assert proses.returncode == 128 + sinyal, "stopped by the signal, not finished"
    assert not salinan.exists(), "the stopped load removed its working copy itself"
    assert isi_tabel(db) == sebelum


def test_json_yang_tidak_bersarang_dalam_tetap_dimuat(tmp_path, db):
    """The depth guard does not touch an ordinary web-service answer with a nested value."""
    (tmp_path / "a.json").write_text(json.dumps({"data": [{"id_usulan": "N-1", "tahun": 2022, "kode_provinsi": "32",
                                                            "lampiran": {"berkas": ["a.pdf"]}}]}))
    muat_ke(db, tmp_path / "a.json")
    assert set(per_kunci(db, "usulan")) == {"N-1"}


def test_dua_muat_serentak_berjalan_bergantian(tmp_path, db):
    """Two loads started at once on one database: the second waits for the first, and neither's rows are lost
    (without the lock the later os.replace would put back a copy made before the first load's rows)."""
    a = csv_besar(tmp_path / "a.csv", 60_000)
    b = tulis_csv(tmp_path / "b.csv", [KEPALA, *BARIS])
    proses = [subprocess.Popen([sys.executable, "-m", "etl", "load", "--db", str(db), str(f)], cwd=AKAR,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=lingkungan_cli())
              for f in (a, b)]
    assert [p.wait(timeout=300) for p in proses] == [0, 0]
    assert kueri(db, "SELECT count(*) FROM usulan") == [(60_002,)]
    assert kueri(db, "SELECT run_id, files FROM etl_runs ORDER BY run_id") == [(1, 1), (2, 1)]


@pytest.mark.parametrize(("awal", "panjang", "harapan"), [
    (0, 100, False), (0, 2_097_153, True), (777_777, 2_097_153, True), (1_500_001, 3_000_000, True)])
def test_baris_panjang_dikenali_tanpa_membaca_baris_demi_baris(awal: int, panjang: int, harapan: bool) -> None:
    """A CSV is read with DuckDB's own line limit unless a line may be longer (then with the long limit, so an
    oversized cell is a row reject): every line longer than the limit is found, wherever it starts, and a file
    of ordinary lines keeps the fast limit."""
    from etl.baca import BARIS_MAKS, ada_baris_panjang

    biasa = b"a;b;c\n" * (awal // 6)
    data = biasa + b"x" * panjang + b"\n" + b"a;b;c\n" * 1000
    assert ada_baris_panjang(data) is harapan
    assert ada_baris_panjang(b"a;b;c\n" * (3 * BARIS_MAKS // 6)) is False


SKRIP_DIPOTONG = """
import contextlib, sys
from pathlib import Path
import etl.baca as baca
from tests.etl.fikstur import kueri, muat_ke
berkas, db = Path(sys.argv[1]), Path(sys.argv[2])
asli = baca._isi_berkas

@contextlib.contextmanager
def lalu_dipotong(path):
    with asli(path) as isi:  # the body is being read: now its exporter starts writing the file again
        with open(berkas, "r+b") as f:
            f.truncate(100)
        yield isi

baca._isi_berkas = lalu_dipotong
muat_ke(db, berkas)
print(kueri(db, "SELECT status, rows_loaded FROM etl_files"))
"""


def test_csv_yang_ditulis_ulang_saat_dimuat_tidak_mematikan_proses(tmp_path):
    """The file is cut short by another program while its body is read: the load reads the copy it took when it
    began, to the end, and lives (a map of the file itself died with SIGBUS, taking the app's server with it)."""
    berkas = csv_besar(tmp_path / "usulan.csv", 20_000)
    hasil = subprocess.run([sys.executable, "-c", SKRIP_DIPOTONG, str(berkas), str(tmp_path / "t.duckdb")],
                           cwd=AKAR, capture_output=True, text=True, timeout=120)
    assert hasil.returncode == 0, (hasil.returncode, hasil.stderr[-2000:])
    assert "[('loaded', 20000)]" in hasil.stdout


@pytest.mark.parametrize("isi, ditulis_ulang", [
    (b"ID Usulan;Tahun\r\nA-1;2022\r\nA-2;2022\r\n", False),  # Windows line ends: DuckDB reads them as they are
    (b"ID Usulan;Tahun\rA-1;2022\rA-2;2022\r", True),  # old-Mac line ends: rewritten for DuckDB
])
def test_csv_ditulis_ulang_hanya_bila_perlu(tmp_path, isi, ditulis_ulang):
    """Only a file with a CR on its own is rewritten (and held in memory) before DuckDB reads it."""
    import duckdb

    from etl.baca import baca
    from etl.normalisasi import dipakai
    p = tmp_path / "usulan.csv"
    p.write_bytes(isi)
    (lembar,) = baca(p)
    with duckdb.connect() as con, lembar.badan(con, 1, 2) as b:
        assert (Path(b.parameter["berkas"]).name == "utf8.csv") is ditulis_ulang
        assert con.execute(f"SELECT c0 FROM ({b.sql})", dipakai(b.parameter, b.sql)).fetchall() == [("A-1",), ("A-2",)]
