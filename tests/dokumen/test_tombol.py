"""The download buttons on Ringkasan, Profil Provinsi and Progres Desk (AppTest on the tiny database)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from docx import Document

from selaras.dokumen.templat import FOLDER_TEMPLAT_BAWAAN
from tests.app.conftest import Buka, buka, db_kecil  # noqa: F401 - fixtures

AKAR = Path(__file__).resolve().parents[2]
BA = {"progres_bagian": "Berita Acara"}
"""Progres Desk opened on its Berita Acara tab (only the tab on screen is drawn)."""


def tombol_unduh(at) -> list[str]:
    return [e.proto.label for e in at.get("download_button")]


def test_ringkasan_menawarkan_laporan_harian(buka: Buka) -> None:  # noqa: F811
    at = buka("ringkasan")
    assert not at.exception
    assert "Unduh laporan harian (PDF)" in tombol_unduh(at)
    at.button_group(key="bahasa").set_value("en").run()
    assert "Download the daily brief (PDF)" in tombol_unduh(at)


def test_profil_provinsi_rekapitulasi_dan_desk(buka: Buka) -> None:  # noqa: F811
    at = buka("profil_provinsi", provinsi="32")
    assert not at.exception
    assert {"Unduh rekapitulasi provinsi (.docx)", "Unduh rancangan Berita Acara desk (.docx)",
            "Unduh semua rancangan desk (3, .zip)"} <= set(tombol_unduh(at))
    assert at.selectbox(key="dokumen_desk_profil").options == ["1. Pendidikan Dasar dan Menengah",
                                                                "4. Kesehatan Masyarakat dan Gizi",
                                                                "7. Sumber Daya Air"]


def test_progres_desk_memilih_desk_dan_provinsi_dari_filter(buka: Buka) -> None:  # noqa: F811
    at = buka("progres_desk", provinsi="32", desk="7", keadaan=BA)
    assert not at.exception
    assert at.selectbox(key="dokumen_provinsi").value == "32"
    assert at.selectbox(key="dokumen_desk").value == 7
    assert "Unduh rancangan Berita Acara desk (.docx)" in tombol_unduh(at)


def test_templat_rusak_dijelaskan_di_layar(buka: Buka, tmp_path: Path, monkeypatch) -> None:  # noqa: F811
    folder = tmp_path / "templat"
    shutil.copytree(FOLDER_TEMPLAT_BAWAAN, folder)
    doc = Document(folder / "rekapitulasi_provinsi.docx")
    doc.add_paragraph("{{ nama_gubernur }}")
    doc.save(folder / "rekapitulasi_provinsi.docx")
    monkeypatch.setenv("SELARAS_TEMPLAT", str(folder))
    at = buka("profil_provinsi", provinsi="32")
    assert not at.exception
    assert any("'nama_gubernur'" in e.value for e in at.error), "the field is named on screen"
    assert "Unduh rekapitulasi provinsi (.docx)" not in tombol_unduh(at)


def test_isian_dibuat_saat_diklik_bukan_saat_halaman_digambar(buka: Buka, monkeypatch) -> None:  # noqa: F811
    """Drawing a page checks the template by the names of its fields; the fields themselves (every proposal
    of the desk) are made only when the button is clicked. A template edited later is checked again."""
    from selaras.dokumen import berita_acara as ba
    from selaras.dokumen import tombol

    dibuat = []
    asli = ba.isian_desk
    monkeypatch.setattr(ba, "isian_desk", lambda *a, **k: dibuat.append(a[2]) or asli(*a, **k))
    monkeypatch.setattr(tombol, "_NAMA_ISIAN", {})
    buka("progres_desk", provinsi="32", desk="7", keadaan=BA)
    pertama = len(dibuat)
    for desk in ("1", "4", "7"):
        at = buka("progres_desk", provinsi="32", desk=desk, keadaan=BA)
        assert "Unduh rancangan Berita Acara desk (.docx)" in tombol_unduh(at)
    assert pertama <= 1 and len(dibuat) == pertama, "no desk's fields were made to draw the page again"


def test_templat_yang_diubah_diperiksa_lagi(buka: Buka, tmp_path: Path, monkeypatch) -> None:  # noqa: F811
    folder = tmp_path / "templat"
    shutil.copytree(FOLDER_TEMPLAT_BAWAAN, folder)
    monkeypatch.setenv("SELARAS_TEMPLAT", str(folder))
    assert "Unduh rekapitulasi provinsi (.docx)" in tombol_unduh(buka("profil_provinsi", provinsi="32"))
    doc = Document(folder / "rekapitulasi_provinsi.docx")
    doc.add_paragraph("{{ nama_gubernur }}")
    doc.save(folder / "rekapitulasi_provinsi.docx")
    at = buka("profil_provinsi", provinsi="32")
    assert any("'nama_gubernur'" in e.value for e in at.error), "the edited template is checked again"


def test_pustaka_dokumen_dimuat_saat_diklik_bukan_bersama_halaman(db_dokumen: Path) -> None:
    """A page that offers the documents does not load reportlab or python-docx (a fifth of a second of the first
    start); the click that makes the brief does, and gets a PDF. In a fresh interpreter: this one has them."""
    kode = """
import sys
from pathlib import Path
from selaras.dokumen import tombol, isi_laporan
from selaras.kueri import Basis
dimuat = sorted(m for m in ('reportlab', 'docxtpl', 'docx') if m in sys.modules)
assert not dimuat, f"loaded with the page: {dimuat}"
with Basis(Path(sys.argv[1])) as b:
    pdf = tombol._pdf_laporan(isi_laporan.ambil(b, 2022, 'id'))
assert pdf.startswith(b'%PDF') and 'reportlab' in sys.modules
"""
    hasil = subprocess.run([sys.executable, "-c", kode, str(db_dokumen)], cwd=AKAR, capture_output=True, text=True)
    assert hasil.returncode == 0, hasil.stderr


def test_pustaka_yang_tidak_terpasang_bukan_templat_rusak(monkeypatch) -> None:
    """docxtpl is imported when a template is first read: its absence is an installation fault, raised as such,
    not reported on screen as a broken template."""
    import pytest

    from selaras.dokumen import templat
    monkeypatch.setitem(sys.modules, "docxtpl", None)
    jalur = FOLDER_TEMPLAT_BAWAAN / "rekapitulasi_provinsi.docx"
    with pytest.raises(ImportError):
        templat.periksa(jalur, jalur.stat().st_mtime_ns, (), ("isian_tanpa_pustaka",))


def test_pilihan_berita_acara_bertahan_setelah_melihat_tab_lain(buka: Buka) -> None:  # noqa: F811
    """The desk chosen for a Berita Acara stays chosen after a look at another tab of Progres Desk."""
    at = buka("progres_desk", provinsi="32", keadaan=BA)
    at.selectbox(key="dokumen_desk").set_value(4).run()
    assert at.selectbox(key="dokumen_desk").value == 4
    at.session_state["progres_bagian"] = "Progres per desk"
    at.run()
    assert "dokumen_desk" not in [s.key for s in at.selectbox], "the tab is closed: its boxes are not drawn"
    at.session_state["progres_bagian"] = "Berita Acara"
    at.run()
    assert not at.exception
    assert at.selectbox(key="dokumen_desk").value == 4
