"""The daily brief: a PDF of one or two A4 pages, read back with pypdf and checked against the database."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import duckdb
from pypdf import PdfReader

from etl.muat import muat
from selaras.dokumen import laporan_harian as lh
from selaras.kueri import Basis
from selaras.teks import katalog
from tests.app.conftest import tulis_csv


def baca(pdf: bytes) -> tuple[PdfReader, str]:
    r = PdfReader(io.BytesIO(pdf))
    return r, "\n".join(h.extract_text() for h in r.pages)


def satu_baris(teks: str) -> str:
    return " ".join(teks.split())


def test_laporan_harian_sesuai_basis_data(basis: Basis, db_dokumen: Path) -> None:
    pdf, teks = baca(lh.laporan_harian(basis, 2022, "id"))
    assert 1 <= len(pdf.pages) <= 2
    kotak = pdf.pages[0].mediabox
    assert (round(float(kotak.width)), round(float(kotak.height))) == (595, 842), "A4"
    with duckdb.connect(str(db_dokumen), read_only=True) as con:
        selesai, sesi = con.execute("SELECT count(*) FILTER (WHERE status = 'selesai'), count(*) FROM desk_sesi "
                                    "WHERE tahun = 2022").fetchall()[0]
        ba = con.execute("SELECT count(*) FROM desk_sesi WHERE berita_acara").fetchall()[0][0]
    datar = satu_baris(teks)
    assert "Laporan Harian Rakortekrenbang" in datar
    assert f"{selesai} sesi desk selesai, dari {sesi}" in datar
    assert f"{ba} Berita Acara ditandatangani" in datar
    assert "+1 pada 1 Mar" in datar, "one session finished on the reference day, 1 March"
    assert "Jawa Barat 1" in datar, "the late session (desk 4, Jawa Barat) puts the province among the lagging"
    assert "Jabar Laju Pertumbuhan Ekonomi" in datar, "the only open gap"
    assert "Halaman 1 dari" in datar
    assert "DATA CONTOH" not in datar


def test_laporan_dalam_bahasa_inggris(basis: Basis) -> None:
    _, teks = baca(lh.laporan_harian(basis, 2022, "en"))
    datar = satu_baris(teks)
    assert "Rakortekrenbang Daily Brief" in datar and "desk sessions finished, of 7" in datar
    assert "Page 1 of" in datar and "Halaman" not in datar
    assert "Jabar Economic growth rate" in datar, "macro indicators by their English names"


def test_semua_huruf_tercetak() -> None:
    """Every text the brief and the documents can print has a glyph in the brief's font (no boxes)."""
    teks = "".join(v for k, e in katalog().items() for v in e.values()
                   if k.split(".")[0] in ("laporan", "dokumen", "nilai"))
    assert lh.huruf_memuat(teks + "0123456789.,–%·×") == set()


def test_huruf_di_pdf_tercakup(basis: Basis) -> None:
    for bhs in ("id", "en"):
        _, teks = baca(lh.laporan_harian(basis, 2022, bhs))
        assert lh.huruf_memuat(teks) == set()


def test_peringatan_sampel(db_sampel: Path) -> None:
    with Basis(db_sampel) as contoh:
        _, teks = baca(lh.laporan_harian(contoh, 2022, "id"))
    assert "DATA CONTOH: dokumen ini dibuat dari data contoh" in satu_baris(teks)


def test_perubahan_sejak_hari_sebelumnya(db_dokumen: Path, tmp_path: Path) -> None:
    db = tmp_path / "dua_hari.duckdb"
    shutil.copy(db_dokumen, db)
    tulis_csv(tmp_path / "susulan.csv", [
        ["Tahun", "Desk", "Nama Desk", "Kode Provinsi", "Jadwal", "Status", "Tanggal Selesai", "Berita Acara"],
        [2022, 1, "Pendidikan", "32", "26/02/2021", "Selesai", "26/02/2021", "Sudah"],
    ])
    muat([tmp_path / "susulan.csv"], db)
    with duckdb.connect(str(db)) as con:
        run_lama = con.execute("SELECT min(run_id) FROM riwayat_ringkasan").fetchall()[0][0]
        con.execute("UPDATE riwayat_ringkasan SET finished_at = finished_at - INTERVAL 1 DAY WHERE run_id = ?",
                    [run_lama])
    with Basis(db) as b:
        _, teks = baca(lh.laporan_harian(b, 2022, "id"))
    datar = satu_baris(teks)
    assert f"(muat #{run_lama}): Berita Acara +1" in datar, "the Berita Acara signed since yesterday's last load"
    with Basis(db_dokumen) as b:
        _, tanpa = baca(lh.laporan_harian(b, 2022, "id"))
    assert "Belum ada muat data dari hari sebelumnya" in satu_baris(tanpa)


def test_tahun_tanpa_data(basis: Basis) -> None:
    _, teks = baca(lh.laporan_harian(basis, 2030, "id"))
    assert "Belum ada data sesi, usulan, maupun target untuk tahun rencana 2030" in satu_baris(teks)
