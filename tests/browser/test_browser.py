"""The app in a real browser: Debian's Chromium, driven by Playwright, against `streamlit run` on 127.0.0.1.

Opens every page on the bundled sample (written and loaded into a temporary database), finds no
exception box, filters by clicking a province on the tile map, checks that the filter follows to another
page and lives in the URL, drops a bad URL value with a notice, downloads a table, and saves a
screenshot of every page to tests/browser/screenshots/.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from tests.browser.conftest import CHROMIUM, LAYAR, SIAP

if not CHROMIUM.exists():
    pytest.skip("Debian's Chromium (/usr/bin/chromium) is not installed", allow_module_level=True)

from playwright.sync_api import Browser, Page, expect  # noqa: E402

from selaras.navigasi import HALAMAN as DAFTAR_HALAMAN  # noqa: E402

HALAMAN = tuple("" if h.bawaan else h.url for h in DAFTAR_HALAMAN)


@pytest.fixture(scope="module")
def halaman(peramban: Browser) -> Iterator[Page]:
    konteks = peramban.new_context(viewport={"width": 1600, "height": 1000}, accept_downloads=True)
    yield konteks.new_page()
    konteks.close()


def tunggu(page: Page, isi: str = '[data-testid="stMetric"], [data-testid="stAlert"]') -> None:
    """Wait for content only the new run draws, then for the run to end."""
    page.wait_for_selector(isi, timeout=60_000)
    page.wait_for_selector(SIAP, timeout=60_000)
    page.wait_for_timeout(800)


def potret(page: Page, nama: str) -> None:
    """A screenshot of the whole page: the viewport grows to the height of the main area first."""
    LAYAR.mkdir(exist_ok=True)
    tinggi = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1600, "height": max(1000, tinggi)})
    page.wait_for_timeout(1200)
    page.screenshot(path=str(LAYAR / f"{nama}.png"), full_page=True)
    page.set_viewport_size({"width": 1600, "height": 1000})


def tanpa_galat(page: Page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, page.locator(
        '[data-testid="stException"]').first.inner_text()


KARTU_UTUH = """() => {
  const masalah = [];
  for (const kartu of document.querySelectorAll('[data-testid="stMetric"]')) {
    const batas = kartu.getBoundingClientRect();
    const jalan = document.createTreeWalker(kartu, NodeFilter.SHOW_TEXT);
    for (let n = jalan.nextNode(); n; n = jalan.nextNode()) {
      const re = /\\S+/g;
      for (let m = re.exec(n.textContent); m; m = re.exec(n.textContent)) {
        const kata = document.createRange();
        kata.setStart(n, m.index);
        kata.setEnd(n, m.index + m[0].length);
        const kotak = [...kata.getClientRects()].filter(r => r.width > 0);
        if (new Set(kotak.map(r => Math.round(r.top))).size > 1) masalah.push(`broken inside a word: "${m[0]}"`);
        if (kotak.some(r => r.right > batas.right + 0.5)) masalah.push(`cut at the card's edge: "${m[0]}"`);
      }
    }
  }
  return masalah;
}"""
"""What spoils a headline card: a word broken across lines, or text running past the card's edge."""


def nilai_metrik(page: Page, label: str) -> str:
    kartu = page.locator('[data-testid="stMetric"]', has_text=label).first
    return kartu.locator('[data-testid="stMetricValue"]').inner_text()


@pytest.mark.parametrize("url", HALAMAN)
def test_setiap_halaman_tampil_tanpa_galat(halaman: Page, server: str, url: str) -> None:
    halaman.goto(f"{server}/{url}")
    tunggu(halaman)
    tanpa_galat(halaman)
    expect(halaman.get_by_text("DATA CONTOH").first).to_be_visible()
    expect(halaman.get_by_text("Data dimuat terakhir").first).to_be_visible()
    if url != "data":
        halaman.wait_for_selector(".js-plotly-plot", timeout=30_000)
    for lebar, tinggi in ((1600, 1000), (1280, 720)):
        halaman.set_viewport_size({"width": lebar, "height": tinggi})
        halaman.wait_for_timeout(600)
        assert halaman.evaluate(KARTU_UTUH) == [], f"{url or 'ringkasan'} at {lebar}x{tinggi}"
    potret(halaman, url or "ringkasan")


def test_definisi_terbuka_dengan_satu_klik(halaman: Page, server: str) -> None:
    """The definitions box is drawn only when opened; one click brings its text."""
    halaman.goto(server)
    tunggu(halaman)
    utama = halaman.locator('[data-testid="stMain"]')
    expect(utama.get_by_text("Satu sesi adalah pertemuan satu desk")).to_have_count(0)
    kotak = utama.locator('[data-testid="stExpander"]', has_text="Definisi ukuran")
    kotak.get_by_text("Definisi ukuran").click()
    expect(kotak.get_by_text("Satu sesi adalah pertemuan satu desk")).to_be_visible(timeout=30_000)
    expect(kotak.get_by_text("Sesi desk selesai", exact=True)).to_be_visible()
    tanpa_galat(halaman)


def test_klik_peta_memfilter_dan_ikut_ke_halaman_lain(halaman: Page, server: str) -> None:
    halaman.goto(server)
    tunggu(halaman)
    semua = nilai_metrik(halaman, "Usulan selaras PN")
    petak = halaman.locator(".js-plotly-plot .textpoint", has_text="Jabar").first
    petak.scroll_into_view_if_needed()
    kotak = petak.bounding_box()
    halaman.mouse.click(kotak["x"] + kotak["width"] / 2, kotak["y"] + kotak["height"] / 2)
    halaman.wait_for_function("() => location.search.includes('provinsi=32')", timeout=30_000)
    tunggu(halaman)
    tanpa_galat(halaman)
    assert nilai_metrik(halaman, "Usulan selaras PN") != semua, "the headline follows the province filter"
    potret(halaman, "ringkasan_jabar")

    halaman.get_by_role("link", name="Keselarasan").click()
    tunggu(halaman, "text=Provinsi × Prioritas Nasional")
    tanpa_galat(halaman)
    alamat = halaman.evaluate("() => location.href")
    assert "/keselarasan" in alamat and "provinsi=32" in alamat, "the filter lives in the URL of the new page"
    expect(halaman.locator('[data-testid="stSidebar"]').get_by_text("Jawa Barat").first).to_be_visible()


def test_url_memulihkan_filter_dan_membuang_nilai_buruk(halaman: Page, server: str) -> None:
    halaman.goto(f"{server}/profil-provinsi?provinsi=33,99&pn=PN42")
    tunggu(halaman)
    tanpa_galat(halaman)
    expect(halaman.locator("h1", has_text="Jawa Tengah")).to_be_visible()
    pemberitahuan = halaman.locator('[data-testid="stAlert"]', has_text="provinsi=99")
    expect(pemberitahuan).to_be_visible()
    expect(pemberitahuan).to_contain_text("pn=PN42")
    alamat = halaman.evaluate("() => location.search")
    assert "provinsi=33" in alamat and "99" not in alamat and "PN42" not in alamat


def test_unduh_xlsx_terbuka_di_lembar_kerja(halaman: Page, server: str) -> None:
    halaman.goto(f"{server}/progres-desk")
    tunggu(halaman)
    halaman.get_by_role("tab", name="Progres per desk").click()
    halaman.locator(".st-key-xlsx_progres_desk").wait_for(timeout=30_000)
    with halaman.expect_download(timeout=30_000) as unduh:
        halaman.locator(".st-key-xlsx_progres_desk").get_by_role("button", name="Unduh XLSX").click()
    isi = Path(unduh.value.path()).read_bytes()
    tabel = pd.read_excel(io.BytesIO(isi), engine="calamine", header=1)
    assert len(tabel) == 40 and "Nama desk" in tabel.columns, "one row per desk, headers as on screen"


def test_klik_sel_matriks_membuka_rincian_usulan(halaman: Page, server: str) -> None:
    halaman.goto(f"{server}/keselarasan")
    tunggu(halaman, "text=Rincian usulan")

    semua = halaman.locator('[data-testid="stCaptionContainer"]', has_text="usulan di balik pilihan ini").first
    expect(semua).to_be_visible()
    assert halaman.locator(".st-key-tabel_rinci").count() == 0, "no proposal is fetched before anyone asks"
    jumlah_semua = semua.inner_text().split(" usulan")[0]
    matriks = halaman.locator(".js-plotly-plot").first
    matriks.scroll_into_view_if_needed()
    kotak = matriks.bounding_box()
    halaman.mouse.click(kotak["x"] + kotak["width"] * 0.35, kotak["y"] + 200)
    keterangan = halaman.locator('[data-testid="stCaptionContainer"]', has_text="Menampilkan baris").first
    expect(keterangan).to_be_visible(timeout=30_000)
    tanpa_galat(halaman)
    assert not keterangan.inner_text().split(" dari ")[1].startswith(jumlah_semua + " "), \
        "the drill-down shows only the proposals behind the clicked cell"


def test_rincian_usulan_menunjukkan_sumber_dan_mengunduh_berkasnya(halaman: Page, server: str) -> None:
    """Click a proposal of the drill-down: its file, sheet and row are shown, and the file downloads byte for byte."""
    halaman.goto(f"{server}/keselarasan?tahun=2022&provinsi=72")
    tunggu(halaman)
    halaman.locator(".st-key-rinci_tampil label").click()
    tabel = halaman.locator(".st-key-tabel_rinci")
    expect(tabel).to_be_visible(timeout=30_000)
    tabel.scroll_into_view_if_needed()
    halaman.wait_for_timeout(800)
    kotak = tabel.bounding_box()
    halaman.mouse.click(kotak["x"] + 16, kotak["y"] + 35 + 17)  # the row marker of the first row
    sumber = halaman.get_by_text("Sumber: ", exact=False).first
    expect(sumber).to_be_visible(timeout=60_000)
    teks = sumber.inner_text()
    assert "rekap_usulan_72_sulawesi_tengah.xlsx, lembar Rekap Usulan, baris " in teks, teks
    with halaman.expect_download(timeout=30_000) as unduh:
        halaman.get_by_role("button", name="Unduh berkas sumber").click()
    asli = Path(teks.removeprefix("Sumber: ").split(", lembar")[0])
    assert unduh.value.suggested_filename == asli.name
    assert Path(unduh.value.path()).read_bytes() == asli.read_bytes()
    potret(halaman, "rincian_sumber")


def test_unduh_laporan_harian_dan_berita_acara(halaman: Page, server: str) -> None:
    from docx import Document
    from pypdf import PdfReader

    halaman.goto(f"{server}/?tahun=2022")
    tunggu(halaman)
    with halaman.expect_download(timeout=60_000) as unduh:
        halaman.get_by_role("button", name="Unduh laporan harian (PDF)").click()
    pdf = PdfReader(unduh.value.path())
    teks = " ".join(" ".join(h.extract_text() for h in pdf.pages).split())
    assert 1 <= len(pdf.pages) <= 2 and "Laporan Harian Rakortekrenbang" in teks and "DATA CONTOH" in teks
    assert "Tahun rencana 2022" in teks

    halaman.goto(f"{server}/profil-provinsi?tahun=2022&provinsi=32")
    tunggu(halaman)
    tombol = halaman.get_by_role("button", name="Unduh rekapitulasi provinsi (.docx)")
    tombol.scroll_into_view_if_needed()
    potret(halaman, "profil_provinsi_berita_acara")
    with halaman.expect_download(timeout=60_000) as unduh:
        tombol.click()
    assert unduh.value.suggested_filename == "rekapitulasi_2022_32_jawa_barat.docx"
    doc = Document(unduh.value.path())
    isi = "\n".join(p.text for p in doc.paragraphs)
    assert "PROVINSI JAWA BARAT" in isi and "DATA CONTOH" in isi
    tanpa_galat(halaman)

    # Progres Desk: the desk's draft is on the page's Berita Acara tab, drawn when the tab is opened.
    halaman.goto(f"{server}/progres-desk?tahun=2022&provinsi=32&desk=7")
    tunggu(halaman)
    tombol = halaman.get_by_role("button", name="Unduh rancangan Berita Acara desk (.docx)")
    expect(tombol).to_have_count(0)
    halaman.get_by_role("tab", name="Berita Acara").click()
    expect(tombol).to_be_visible(timeout=30_000)
    with halaman.expect_download(timeout=60_000) as unduh:
        tombol.click()
    doc = Document(unduh.value.path())
    isi = "\n".join(p.text for p in doc.paragraphs)
    assert "JAWA BARAT" in isi.upper() and "DATA CONTOH" in isi
    tanpa_galat(halaman)
