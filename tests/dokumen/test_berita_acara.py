"""The Berita Acara drafts, generated from the database and opened again with python-docx: each lists exactly
its province's proposals of its desk, the agreed targets as stored, the draft and sample marks when they apply,
and says so when there is nothing to list."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from docx import Document

from selaras.dokumen import bahan, berita_acara as ba
from selaras.dokumen.templat import FOLDER_TEMPLAT_BAWAAN, GalatTemplat
from selaras.kueri import Basis
from selaras.teks import nilai
from tests.dokumen.conftest import buka_docx, rupiah_ke_angka, tabel_dengan_kepala, teks_isi

KEPALA_USULAN = "Kode usulan (SIPD)"
KEPALA_TARGET = "Target disepakati"


def usulan_db(db: Path, provinsi: str, desk: int) -> list[tuple]:
    """The proposals as the database holds them, read with SQL of the test's own."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT id_usulan, pagu, coalesce(status, 'diusulkan') FROM usulan "
                           "WHERE tahun = 2022 AND kode_provinsi = ? AND desk_no = ?", [provinsi, desk]).fetchall()


def pasangan_db(db: Path) -> list[tuple[str, int]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT kode_provinsi, desk_no FROM usulan WHERE tahun = 2022 AND desk_no IS NOT NULL "
                           "UNION SELECT kode_provinsi, desk_no FROM desk_sesi WHERE tahun = 2022 "
                           "ORDER BY ALL").fetchall()


def test_draf_desk_memuat_tepat_usulan_provinsi_itu(basis: Basis, db_dokumen: Path) -> None:
    pasangan = pasangan_db(db_dokumen)
    assert len(pasangan) == 9
    for provinsi in sorted({p for p, _ in pasangan}):
        b = bahan.ambil(basis, 2022, (provinsi,))
        for desk in b.desk_provinsi(provinsi):
            doc = buka_docx(ba.berita_acara_desk(b, provinsi, desk))
            harapan = usulan_db(db_dokumen, provinsi, desk)
            if not harapan:
                assert "Tidak ada usulan Provinsi" in teks_isi(doc)
                assert KEPALA_USULAN not in teks_isi(doc), "no empty table: the document says there are none"
                continue
            baris = tabel_dengan_kepala(doc, KEPALA_USULAN)
            data, jumlah = baris[:-1], baris[-1]
            assert sorted(r[1] for r in data) == sorted(h[0] for h in harapan), (provinsi, desk)
            assert sum(rupiah_ke_angka(r[6]) for r in data) == sum(h[1] for h in harapan)
            assert rupiah_ke_angka(jumlah[6]) == sum(h[1] for h in harapan), "the total row"
            status = {h[0]: nilai("status", h[2], bhs="id") for h in harapan}
            assert {r[1]: r[7] for r in data} == status
            assert f"{len(harapan)} usulan" in jumlah[2]


def test_tidak_ada_usulan_provinsi_lain(basis: Basis) -> None:
    b = bahan.ambil(basis, 2022, ("32",))
    isi = teks_isi(buka_docx(ba.berita_acara_desk(b, "32", 7)))
    for asing in ("U05", "U06", "U07", "U08", "U01", "U04"):
        assert asing not in isi, f"{asing} is another province's or another desk's proposal"
    assert "Jalan & Jembatan <Tahap 2>" in isi, "escaped for XML, shown as typed"
    assert "Disetujui dengan catatan" in isi


def test_target_disepakati_sama_dengan_basis_data(basis: Basis, db_dokumen: Path) -> None:
    b = bahan.ambil(basis, 2022, ("32",))
    target = tabel_dengan_kepala(buka_docx(ba.berita_acara_desk(b, "32", 4)), KEPALA_TARGET)
    assert target == [["1", "Prevalensi Stunting", "%", "24,5", "18,0 – 19,0", "20,0", "19,25", "Disepakati",
                       "Dengan dukungan DAK"]], \
        "desk 4 serves urusan 1.02 (data/reference/desk.csv); one decimal as the reference list says, two where stored"
    air = tabel_dengan_kepala(buka_docx(ba.berita_acara_desk(b, "32", 7)), KEPALA_TARGET)
    assert [r[1] for r in air] == ["Akses Air Minum Layak"] and air[0][6] == "–" and air[0][7] == "Belum disepakati"

    b33 = bahan.ambil(basis, 2022, ("33",))
    makro = {r[1]: r for r in tabel_dengan_kepala(buka_docx(ba.rekapitulasi_provinsi(b33, "33")), KEPALA_TARGET)}
    with duckdb.connect(str(db_dokumen), read_only=True) as con:
        db = con.execute("SELECT kode_indikator, target_kesepakatan_min, target_daerah_min, target_daerah_max "
                         "FROM target_indikator WHERE kode_provinsi = '33' AND jenis = 'makro'").fetchall()
    assert len(makro) == len(db) == 2, "the recapitulation lists the macro targets, not the desks' ones"
    kemiskinan = makro["Tingkat Kemiskinan"]
    assert (kemiskinan[5], kemiskinan[6], kemiskinan[7]) == ("10,80", "10,40", "Disepakati")
    assert makro["Laju Pertumbuhan Ekonomi"][5] == "5,50 – 6,00"


def test_rekapitulasi_hasil_desk_dan_pagu_per_pn(basis: Basis, db_dokumen: Path) -> None:
    b = bahan.ambil(basis, 2022, ("32",))
    doc = buka_docx(ba.rekapitulasi_provinsi(b, "32"))
    desk = tabel_dengan_kepala(doc, "Nama desk")
    assert [r[0] for r in desk[:-1]] == ["1", "4", "7", "–"]
    d7 = desk[2]
    assert d7[3:] == ["Selesai", "Ditandatangani", "3", "1", "1", "0", "1", "550.000.000"]
    assert desk[1][3] == "Belum mulai" and "(dijadwalkan)" in desk[1][2]
    assert desk[3][1].startswith("Usulan tanpa nomor desk yang sah") and desk[3][5:7] == ["1", "1"], \
        "a proposal whose desk code was emptied still counts, on a row of its own"
    assert desk[-1][5] == "6" and rupiah_ke_angka(desk[-1][10]) == 700_000_000
    pn = {r[0]: r for r in tabel_dengan_kepala(doc, "Prioritas Nasional")}
    assert rupiah_ke_angka(pn["PN5"][3]) == 600_000_000 and pn["PN5"][4] == "85,7%"
    assert rupiah_ke_angka(pn["PN3"][3]) == 100_000_000 and pn["PN1"][2] == "0"
    with duckdb.connect(str(db_dokumen), read_only=True) as con:
        disetujui = con.execute("SELECT sum(pagu) FROM usulan WHERE kode_provinsi = '32' "
                                "AND status IN ('disetujui', 'disetujui_catatan')").fetchall()[0][0]
    jumlah = tabel_dengan_kepala(doc, "Prioritas Nasional")[-1]
    assert jumlah[1] == "Jumlah" and rupiah_ke_angka(jumlah[3]) == disetujui == rupiah_ke_angka(desk[-1][10])


def test_draf_selama_sesi_belum_selesai(basis: Basis) -> None:
    b = bahan.ambil(basis, 2022, ("32",))
    berlangsung = buka_docx(ba.berita_acara_desk(b, "32", 4))
    selesai = buka_docx(ba.berita_acara_desk(b, "32", 7))
    kepala = berlangsung.sections[0].header
    assert "RANCANGAN" in [p.text for p in kepala.paragraphs][1]
    assert 'string="RANCANGAN"' in kepala._element.xml, "the diagonal watermark"
    assert "RANCANGAN: sesi desk ini belum selesai (status: Belum mulai)" in teks_isi(berlangsung)
    assert "RANCANGAN" not in teks_isi(selesai) and "textpath" not in selesai.sections[0].header._element.xml
    assert "Senin, tanggal 1 Maret 2021," in teks_isi(selesai), "the day it finished, in Indonesian"
    rekap = buka_docx(ba.rekapitulasi_provinsi(b, "32"))
    assert "RANCANGAN: 1 dari 3 sesi desk provinsi ini belum selesai." in teks_isi(rekap)


def test_peringatan_data_contoh(db_sampel: Path, basis: Basis) -> None:
    with Basis(db_sampel) as contoh:
        doc = buka_docx(ba.berita_acara_desk(bahan.ambil(contoh, 2022, ("32",)), "32", 7))
    assert "DATA CONTOH: dokumen ini dibuat dari data contoh" in teks_isi(doc)
    assert "DATA CONTOH" in doc.sections[0].header.paragraphs[1].text
    asli = buka_docx(ba.berita_acara_desk(bahan.ambil(basis, 2022, ("32",)), "32", 7))
    assert "DATA CONTOH" not in teks_isi(asli)


def test_provinsi_tanpa_data_mengatakannya(basis: Basis) -> None:
    b = bahan.ambil(basis, 2022, ("51",))
    assert b.desk_provinsi("51") == []
    rekap = buka_docx(ba.rekapitulasi_provinsi(b, "51"))
    isi = teks_isi(rekap)
    assert "Tidak ada data sesi desk, usulan, maupun target indikator Provinsi Bali pada tahun rencana 2022" in isi
    assert "Tidak ada target indikator makro Provinsi Bali di data." in isi
    assert "Tidak ada sesi desk maupun usulan Provinsi Bali di data." in isi
    assert all("Nama desk" not in c.text for t in rekap.tables for c in t.rows[0].cells), "no empty table"
    desk = teks_isi(buka_docx(ba.berita_acara_desk(b, "51", 1)))
    assert "Tidak ada data sesi, usulan, maupun target indikator Desk 1 Pendidikan Dasar dan Menengah" in desk
    assert "Pada hari ............, tanggal ........................," in desk, "blanks to fill in, no dash"


def salin_templat(tujuan: Path) -> Path:
    tujuan.mkdir()
    for berkas in FOLDER_TEMPLAT_BAWAAN.glob("*.docx"):
        shutil.copy(berkas, tujuan / berkas.name)
    return tujuan


def test_templat_dengan_isian_asing_ditolak_menyebut_isiannya(tmp_path: Path, basis: Basis) -> None:
    folder = salin_templat(tmp_path / "templat")
    doc = Document(folder / "berita_acara_desk.docx")
    doc.add_paragraph("Gubernur: {{ nama_gubernur }}")
    doc.save(folder / "berita_acara_desk.docx")
    b = bahan.ambil(basis, 2022, ("32",))
    with pytest.raises(GalatTemplat, match=r"berita_acara_desk\.docx memakai isian yang tidak dikenal: 'nama_gubernur'"):
        ba.berita_acara_desk(b, "32", 7, folder)


def test_templat_tanpa_isian_wajib_ditolak_menyebut_isiannya(tmp_path: Path, basis: Basis) -> None:
    folder = salin_templat(tmp_path / "templat")
    doc = Document()
    for isian in ("provinsi", "desk_no", "nama_desk", "tanggal", "jumlah.usulan", "draf", "peringatan_sampel",
                  "kosong", "catatan", "target"):
        doc.add_paragraph("{{ " + isian + " }}")
    doc.save(folder / "berita_acara_desk.docx")
    with pytest.raises(GalatTemplat, match=r"tidak memuat isian wajib 'usulan' \(tabel usulan yang dibahas\)"):
        ba.berita_acara_desk(bahan.ambil(basis, 2022, ("32",)), "32", 7, folder)


def test_atribut_salah_di_templat_ditolak(tmp_path: Path, basis: Basis) -> None:
    folder = salin_templat(tmp_path / "templat")
    doc = Document(folder / "rekapitulasi_provinsi.docx")
    doc.add_paragraph("{{ jumlah.pagu_total }}")
    doc.save(folder / "rekapitulasi_provinsi.docx")
    with pytest.raises(GalatTemplat, match="pagu_total"):
        ba.rekapitulasi_provinsi(bahan.ambil(basis, 2022, ("32",)), "32", folder)
