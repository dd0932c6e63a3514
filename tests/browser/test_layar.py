"""The plenary screen in Debian's Chromium at the projector's two sizes, 1920x1080 and 1280x720.

Every slide of the main playlist (in both themes) and of a province round is opened and checked as a hall would
see it: neither the document nor any container can scroll, nothing lies outside the window or is clipped, no
sidebar and no input widget shows, type is at least 24 px (large figures 64 px) at 1080p and proportionally
at 720p, no word is broken across lines, and each slide is saved to tests/browser/screenshots/. Then: the slide
changes on its own after `putar` seconds and on the presenter's keys, pauses on space, a load made while the
page is open appears without a reload and without an empty or half-drawn moment, and the projector is
entered from the sidebar and left with Esc.
"""

from __future__ import annotations

import csv
import re
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from tests.browser.conftest import CHROMIUM, LAYAR, SIAP, Peladen

if not CHROMIUM.exists():
    pytest.skip("Debian's Chromium (/usr/bin/chromium) is not installed", allow_module_level=True)

from playwright.sync_api import Browser, Page, expect  # noqa: E402

from etl.muat import muat  # noqa: E402

UKURAN = [(1920, 1080), (1280, 720)]
BINGKAI = ".st-key-layar_bingkai"

PERIKSA = """(tinggiRancangan) => {
  const skala = Math.min(innerHeight / tinggiRancangan, innerWidth / (tinggiRancangan * 16 / 9));
  const masalah = [];
  // Plotly (on the desk pages) measures text in an SVG it keeps far outside the window: not part of a slide.
  const tampak = (el) => { const r = el.getBoundingClientRect(); const cs = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none' &&
      !el.closest('#js-plotly-tester'); };
  const nama = (el) => (el.getAttribute('data-testid') || el.getAttribute('class') || el.tagName).slice(0, 60);
  const dok = document.scrollingElement;
  if (dok.scrollHeight > innerHeight || dok.scrollWidth > innerWidth) masalah.push('the document scrolls');
  for (const el of document.querySelectorAll('body *')) {
    if (!tampak(el)) continue;
    const cs = getComputedStyle(el);
    const lebih = el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;
    if (lebih && (cs.overflowX !== 'visible' || cs.overflowY !== 'visible') && el.clientHeight > 0)
      masalah.push('scrolls or clips: ' + nama(el));
    const r = el.getBoundingClientRect();
    if (r.bottom > innerHeight + 0.5 || r.right > innerWidth + 0.5 || r.top < -0.5 || r.left < -0.5)
      masalah.push('outside the window: ' + nama(el));
  }
  for (const el of document.querySelectorAll('[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"]'))
    if (tampak(el)) masalah.push('a sidebar shows');
  const masukan = 'input, textarea, select, button, [role=button], [role=combobox], [role=slider], ' +
    '[role=checkbox], [role=switch], [role=listbox], [contenteditable=true], a[href]';
  for (const el of document.querySelectorAll(masukan)) if (tampak(el)) masalah.push('an input shows: ' + nama(el));
  const jalan = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let teks = 0;
  for (let n = jalan.nextNode(); n; n = jalan.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || !el || !tampak(el) || el.closest('style, script')) continue;
    teks += 1;
    const ukuran = parseFloat(getComputedStyle(el).fontSize);
    const nilai = el.closest('.st-key-layar_isi td');
    const perlu = (nilai ? 64 : 24) * skala - 0.5;
    if (ukuran < perlu) masalah.push(`type ${ukuran.toFixed(1)}px < ${perlu.toFixed(1)}px: "${n.textContent.trim().slice(0, 30)}"`);
    const rentang = document.createRange();
    rentang.selectNodeContents(n);
    for (const r of rentang.getClientRects())
      if (r.width > 0 && (r.bottom > innerHeight + 0.5 || r.right > innerWidth + 0.5))
        masalah.push(`text outside the window: "${n.textContent.trim().slice(0, 30)}"`);
    if (el.closest('svg')) continue;
    const re = /\\S+/g;
    for (let m = re.exec(n.textContent); m; m = re.exec(n.textContent)) {
      const kata = document.createRange();
      kata.setStart(n, m.index);
      kata.setEnd(n, m.index + m[0].length);
      const baris = new Set([...kata.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (baris.size > 1) masalah.push(`word broken across lines: "${m[0]}"`);
    }
  }
  for (const sel of document.querySelectorAll('.st-key-layar_isi td, .st-key-layar_isi th')) {
    const kolom = sel.getBoundingClientRect();
    const rentang = document.createRange();
    rentang.selectNodeContents(sel);
    const r = rentang.getBoundingClientRect();
    if (r.left < kolom.left - 0.5 || r.right > kolom.right + 0.5) masalah.push('a figure spills out of its column');
  }
  if (teks < 10) masalah.push('hardly any text drawn');
  return masalah;
}"""
"""Everything that makes a slide unfit for a hall, as a list of findings (empty when the slide fits)."""


@pytest.fixture(scope="module", params=UKURAN, ids=lambda u: f"{u[0]}x{u[1]}")
def layar(request: pytest.FixtureRequest, peramban: Browser) -> Iterator[Page]:
    """A page of the projector's size."""
    lebar, tinggi = request.param
    konteks = peramban.new_context(viewport={"width": lebar, "height": tinggi})
    yield konteks.new_page()
    konteks.close()


def nomor(page: Page) -> str:
    """'n / m' from the frame, read from the page as it is now."""
    return re.search(r"\d+ / \d+", page.inner_text(".st-key-layar_kanan")).group(0)


def siap(page: Page) -> None:
    """Wait until a slide is drawn: the frame, the figures, a chart (or what stands for it), the run over."""
    page.wait_for_selector(BINGKAI, timeout=60_000)
    page.wait_for_selector(".st-key-layar_isi td", timeout=60_000)
    page.wait_for_selector('.st-key-layar_grafik svg text, .st-key-layar_grafik p', timeout=60_000)
    page.wait_for_selector(SIAP, timeout=60_000)
    page.wait_for_timeout(700)


def tunggu_nomor(page: Page, harapan: str, batas_ms: int = 60_000) -> None:
    """Wait until the frame says 'harapan' (e.g. '2 / 5') and the run has ended."""
    page.wait_for_function(
        "(h) => { const k = document.querySelector('.st-key-layar_kanan'); return k && k.innerText.includes(h); }",
        arg=harapan, timeout=batas_ms)
    siap(page)


def buka(page: Page, alamat: str) -> None:
    page.goto(alamat)
    siap(page)


@pytest.mark.parametrize(("nama", "kueri", "jumlah"), [
    ("utama", "", 5),
    ("kontras", "&tema=kontras", 5),
    ("inggris", "&bahasa=en", 5),
    ("provinsi", "&daftar=provinsi&provinsi=19,53,92", 3),
])
def test_setiap_salindia_pas_dan_terbaca(layar: Page, server: str, nama: str, kueri: str, jumlah: int) -> None:
    lebar, tinggi = layar.viewport_size["width"], layar.viewport_size["height"]
    buka(layar, f"{server}/?layar=1&putar=600{kueri}")
    tunggu_nomor(layar, f"1 / {jumlah}")
    LAYAR.mkdir(exist_ok=True)
    for i in range(1, jumlah + 1):
        tunggu_nomor(layar, f"{i} / {jumlah}")
        judul = layar.inner_text(".st-key-layar_judul").strip().lower().replace(" ", "_")
        layar.screenshot(path=str(LAYAR / f"layar_{lebar}x{tinggi}_{nama}_{i}_{judul}.png"))
        masalah = layar.evaluate(PERIKSA, 1080)
        assert not masalah, f"{nama} slide {i} at {lebar}x{tinggi}: {sorted(set(masalah))[:12]}"
        assert layar.locator(".st-key-layar_isi td").count() <= 5, "at most five large figures"
        assert layar.locator('[data-testid="stException"]').count() == 0
        layar.keyboard.press("ArrowRight")
    tunggu_nomor(layar, f"1 / {jumlah}")


def test_berganti_sendiri_setelah_putar_detik(layar: Page, server: str) -> None:
    putar = 5
    buka(layar, f"{server}/?layar=1&putar={putar}")
    tunggu_nomor(layar, "2 / 5")
    mulai = time.monotonic()
    tunggu_nomor(layar, "3 / 5")
    assert time.monotonic() - mulai >= putar - 2, "a slide stays about putar seconds, not less"


def test_tombol_presenter_dan_jeda(layar: Page, server: str) -> None:
    buka(layar, f"{server}/?layar=1&putar=5")
    layar.keyboard.press(" ")
    expect(layar.locator(BINGKAI).get_by_text("JEDA")).to_be_visible(timeout=30_000)
    sekarang = int(nomor(layar).split(" / ")[0])
    langkah = [("ArrowRight", 1), ("PageDown", 1), ("ArrowLeft", -1), ("PageUp", -1), ("PageUp", -1)]
    for tombol, arah in langkah:
        layar.keyboard.press(tombol)
        sekarang = (sekarang - 1 + arah) % 5 + 1
        tunggu_nomor(layar, f"{sekarang} / 5")
    layar.wait_for_timeout(8_000)
    assert nomor(layar) == f"{sekarang} / 5", "paused: no change after more than putar seconds"
    layar.keyboard.press(" ")
    expect(layar.locator(BINGKAI).get_by_text("JEDA")).to_have_count(0, timeout=30_000)
    tunggu_nomor(layar, f"{sekarang % 5 + 1} / 5")


def _sesi_belum_selesai(db: Path) -> tuple:
    """A session not started yet in the latest plan year (the one the projector shows): year, desk, province,
    scheduled date."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("""SELECT tahun, desk_no, kode_provinsi, strftime(tanggal_jadwal, '%d/%m/%Y')
                              FROM desk_sesi WHERE status = 'belum_mulai' AND tanggal_jadwal IS NOT NULL
                              ORDER BY tahun DESC, desk_no, kode_provinsi LIMIT 1""").fetchall()[0]


def test_muat_baru_tampil_tanpa_muat_ulang(peramban: Browser, peladen: Peladen, tmp_path: Path) -> None:
    page = peramban.new_page(viewport={"width": 1280, "height": 720})
    buka(page, f"{peladen.alamat}/progres-desk?layar=1&putar=600")
    tunggu_nomor(page, "2 / 5")
    pertama = ".st-key-layar_isi td"
    awal = int(page.locator(pertama).first.inner_text().replace(".", ""))
    # At every frame the browser paints: how many figures, headlines, charts and frames show (Streamlit may keep
    # a replaced element in the page for a moment, collapsed to no height: only what has a size counts), and
    # whether the headline ('912 dari 1.358 sesi ...') and the first figure tell the same count.
    page.evaluate("""() => { window.__tetap = true; window.__catat = [];
      const tampak = (sel) => [...document.querySelectorAll(sel)].filter(e => {
        const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; }).length;
      const sama = () => {
        const k = document.querySelector('.st-key-layar_isi p');
        const a = document.querySelector('.st-key-layar_isi td');
        return !!k && !!a && k.innerText.split(' ')[0] === a.innerText; };
      const catat = () => { window.__catat.push([tampak('.st-key-layar_isi td'), tampak('.st-key-layar_isi p'),
        tampak('.st-key-layar_grafik svg'), tampak('.st-key-layar_bingkai'), sama()]);
        requestAnimationFrame(catat); };
      requestAnimationFrame(catat); }""")
    tahun, desk, provinsi, jadwal = _sesi_belum_selesai(peladen.db)
    ekspor = tmp_path / "sesi_susulan.csv"
    with open(ekspor, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, delimiter=";").writerows([
            ["Tahun", "Desk", "Kode Provinsi", "Jadwal", "Status", "Tanggal Selesai", "Berita Acara"],
            [tahun, desk, provinsi, jadwal, "Selesai", jadwal, "Sudah"]])
    muat([ekspor], peladen.db)
    page.wait_for_function(
        "([sel, harapan]) => document.querySelector(sel).innerText.replace('.', '') === String(harapan)",
        arg=[pertama, awal + 1], timeout=60_000)
    page.wait_for_timeout(500)
    assert page.evaluate("window.__tetap") is True, "no reload"
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1
    catat = page.evaluate("window.__catat")
    assert len(catat) > 20
    buruk = [c for c in catat if c != [5, 1, 1, 1, True]]
    assert not buruk, f"never an empty or half-drawn slide while it changed: {buruk[:5]} of {len(catat)}"
    assert nomor(page) == "2 / 5", "the same slide, with the new load"
    page.close()


def test_masuk_dari_panel_samping_dan_keluar_dengan_esc(peramban: Browser, server: str) -> None:
    page = peramban.new_page(viewport={"width": 1600, "height": 1000})
    page.goto(f"{server}/progres-desk")
    page.wait_for_selector('[data-testid="stMetric"]', timeout=60_000)
    page.wait_for_selector(SIAP, timeout=60_000)
    page.locator('[data-testid="stSidebar"]').get_by_text("Mode layar (proyektor)").click()
    tunggu_nomor(page, "2 / 5")
    expect(page.locator(".st-key-layar_judul")).to_have_text(re.compile("Progres Desk", re.I))
    assert not page.evaluate(PERIKSA, 1080), "the projector fills this window too"
    assert "layar=1" in page.evaluate("location.search")
    page.keyboard.press("Escape")
    expect(page.locator('[data-testid="stSidebar"]')).to_be_visible(timeout=60_000)
    page.wait_for_selector('[data-testid="stMetric"]', timeout=60_000)
    assert page.evaluate("location.pathname").endswith("/progres-desk")
    assert "layar" not in page.evaluate("location.search")
    page.close()
