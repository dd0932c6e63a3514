"""python -m selaras berita-acara: one file per document, exit codes like the ETL's."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from docx import Document

from selaras.__main__ import main
from selaras.dokumen.templat import FOLDER_TEMPLAT_BAWAAN
from tests.dokumen.conftest import buka_docx, tabel_dengan_kepala, teks_isi

AKAR = Path(__file__).resolve().parents[2]


def test_satu_berkas_per_dokumen(db_dokumen: Path, tmp_path: Path) -> None:
    keluar = tmp_path / "ba"
    hasil = subprocess.run([sys.executable, "-m", "selaras", "berita-acara", "--tahun", "2022", "--provinsi", "32",
                            "51", "--db", str(db_dokumen), str(keluar)], cwd=AKAR, capture_output=True, text=True,
                           timeout=300)
    assert hasil.returncode == 0, hasil.stderr
    assert "5 dokumen ditulis" in hasil.stdout
    assert sorted(p.relative_to(keluar).as_posix() for p in keluar.rglob("*.docx")) == [
        "32_jawa_barat/berita_acara_2022_32_jawa_barat_desk_01_pendidikan_dasar_dan_menengah.docx",
        "32_jawa_barat/berita_acara_2022_32_jawa_barat_desk_04_kesehatan_masyarakat_dan_gizi.docx",
        "32_jawa_barat/berita_acara_2022_32_jawa_barat_desk_07_sumber_daya_air.docx",
        "32_jawa_barat/rekapitulasi_2022_32_jawa_barat.docx",
        "51_bali/rekapitulasi_2022_51_bali.docx",
    ], "Bali has no desk with data: its recapitulation says so, and no desk draft is made"
    desk7 = buka_docx(keluar / "32_jawa_barat/berita_acara_2022_32_jawa_barat_desk_07_sumber_daya_air.docx")
    assert sorted(r[1] for r in tabel_dengan_kepala(desk7, "Kode usulan (SIPD)")[:-1]) == ["U02", "U03", "U10"]
    assert "Tidak ada data sesi desk, usulan, maupun target" in teks_isi(
        buka_docx(keluar / "51_bali/rekapitulasi_2022_51_bali.docx"))


def test_desk_tertentu_tanpa_rekapitulasi(db_dokumen: Path, tmp_path: Path) -> None:
    kode = main(["berita-acara", "--tahun", "2022", "--db", str(db_dokumen), "--provinsi", "32", "33", "--desk", "7",
                 str(tmp_path)])
    assert kode == 0
    nama = sorted(p.name for p in tmp_path.rglob("*.docx"))
    assert nama == ["berita_acara_2022_32_jawa_barat_desk_07_sumber_daya_air.docx",
                    "berita_acara_2022_33_jawa_tengah_desk_07_sumber_daya_air.docx"]
    jateng = buka_docx(next(tmp_path.rglob("*_33_*.docx")))
    assert "Tidak ada data sesi, usulan, maupun target indikator Desk 7" in teks_isi(jateng)


def test_salah_pakai_keluar_dua(db_dokumen: Path, tmp_path: Path, capsys) -> None:
    dasar = ["berita-acara", "--db", str(db_dokumen)]
    assert main([*dasar, "--tahun", "2030", str(tmp_path)]) == 2
    assert "Tahun rencana 2030 tidak ada di basis data; yang ada: 2022" in capsys.readouterr().err
    assert main([*dasar, "--tahun", "2022", "--provinsi", "99", str(tmp_path)]) == 2
    assert "Kode provinsi tidak dikenal untuk tahun 2022: 99" in capsys.readouterr().err
    assert main([*dasar, "--tahun", "2022", "--desk", "41", str(tmp_path)]) == 2
    assert main(["berita-acara", "--tahun", "2022", "--db", str(tmp_path / "tidak_ada.duckdb"), str(tmp_path)]) == 2
    assert main(["berita-acara", str(tmp_path)]) == 2, "--tahun is required"
    assert not list(tmp_path.rglob("*.docx"))


def test_templat_rusak_keluar_satu_dengan_nama_isian(db_dokumen: Path, tmp_path: Path, capsys) -> None:
    templat = tmp_path / "templat"
    shutil.copytree(FOLDER_TEMPLAT_BAWAAN, templat)
    doc = Document(templat / "rekapitulasi_provinsi.docx")
    doc.add_paragraph("{{ kepala_bappeda }}")
    doc.save(templat / "rekapitulasi_provinsi.docx")
    kode = main(["berita-acara", "--tahun", "2022", "--provinsi", "32", "--db", str(db_dokumen), "--templat",
                 str(templat), str(tmp_path / "keluar")])
    assert kode == 1
    assert "'kepala_bappeda'" in capsys.readouterr().err
    assert not list((tmp_path / "keluar").rglob("*.docx")), "the run stops at the first document"
