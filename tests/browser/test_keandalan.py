"""The app as started by the README, in Chromium: safe by default, and nothing a viewer should not see.

One `streamlit run app.py` with only the port given (so the repository's .streamlit/config.toml decides
the rest), its HTTP(S) proxy pointed at a recording server on 127.0.0.1 (a call to an outside address
would show up there), reading a small database whose exports carry links, images and HTML in their
text. Between tests the database file is replaced the way a load replaces it (os.replace).
"""

from __future__ import annotations

import contextlib
import http.server
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("Debian's Chromium (/usr/bin/chromium) is not installed", allow_module_level=True)

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from etl.muat import muat  # noqa: E402
from selaras.navigasi import HALAMAN  # noqa: E402
from tests.app.conftest import bangun_db  # noqa: E402
from tests.browser.conftest import streamlit_run  # noqa: E402

AKAR = Path(__file__).resolve().parents[2]
ARGUMEN_CHROMIUM = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run"]
SIAP = '[data-testid="stApp"][data-test-script-state="notRunning"]'
LAYAR = Path(__file__).resolve().parent / "screenshots"


def _port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Perekam(http.server.BaseHTTPRequestHandler):
    """Answers every request with an empty 200 and remembers it: as a proxy it sees calls to outside
    addresses, as a web server it sees what a browser fetched from a link or an image in the data."""

    permintaan: list[str] = []

    def _catat(self) -> None:
        Perekam.permintaan.append(f"{self.command} {self.path}")
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST = do_CONNECT = do_HEAD = _catat

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def perekam() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Perekam)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def ekspor_jahat(folder: Path, perekam: str) -> Path:
    """Targets whose indicator name and unit carry Markdown and HTML pointing at the recording server."""
    nama = (f"Indeks [klik di sini]({perekam}/tautan) ![gambar]({perekam}/gambar.png) "
            f"<a href='{perekam}/html'>html</a> <img src='{perekam}/img.png'> **tebal** :red[merah] $x$")
    berkas = folder / "target_jahat.csv"
    berkas.write_text(
        "Tahun;Kode Provinsi;Jenis;Indikator;Satuan;Baseline;Target Nasional;Target Daerah\n"
        f"2022;32;urusan;{nama};<b>poin</b> [s]({perekam}/satuan);1,0;2,0 - 3,0;1,5\n", encoding="utf-8")
    return berkas


@pytest.fixture(scope="module")
def basis(tmp_path_factory: pytest.TempPathFactory, perekam: str) -> dict[str, Path]:
    """The database the server reads, and the versions of it the tests put in its place."""
    akar = tmp_path_factory.mktemp("keandalan")
    baik = bangun_db(akar / "ekspor", akar / "baik.duckdb")
    muat([ekspor_jahat(akar, perekam)], baik)
    rusak = akar / "rusak.duckdb"
    rusak.write_bytes(b"bukan basis data DuckDB " * 400)
    aktif = akar / "selaras.duckdb"
    shutil.copyfile(baik, aktif)
    return {"aktif": aktif, "baik": baik, "rusak": rusak, "log": akar / "streamlit.log"}


def ganti_db(basis: dict[str, Path], versi: str) -> None:
    """Put a version of the database in place the way a load does: a new file, renamed over the old."""
    sementara = basis["aktif"].with_name("ganti.tmp")
    shutil.copyfile(basis[versi], sementara)
    os.replace(sementara, basis["aktif"])


def _alamat_dengar(port: int) -> set[str]:
    """The local addresses a TCP port listens on, from /proc/net/tcp and tcp6 (hex, as the kernel writes them)."""
    alamat = set()
    for nama in ("tcp", "tcp6"):
        for baris in Path(f"/proc/net/{nama}").read_text().splitlines()[1:]:
            kolom = baris.split()
            lokal, keadaan = kolom[1], kolom[3]
            if keadaan == "0A" and int(lokal.rsplit(":", 1)[1], 16) == port:
                alamat.add(lokal.rsplit(":", 1)[0])
    return alamat


@pytest.fixture(scope="module")
def server(basis: dict[str, Path], perekam: str) -> Iterator[str]:
    """`streamlit run app.py` with nothing but the port on its command line."""
    port = _port_bebas()
    proksi = {k: perekam for k in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY")}
    lingkungan = {k: v for k, v in os.environ.items() if k.lower() not in ("no_proxy", "all_proxy")}
    log = open(basis["log"], "w")
    proses = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)],
        cwd=AKAR, env={**lingkungan, **proksi, "SELARAS_DB": str(basis["aktif"])}, stdout=log,
        stderr=subprocess.STDOUT)
    alamat = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if urllib.request.urlopen(f"{alamat}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("streamlit did not answer on /_stcore/health: " + basis["log"].read_text())
        yield alamat
    finally:
        proses.terminate()
        proses.wait(timeout=20)
        log.close()


@pytest.fixture(scope="module")
def peramban(server: str) -> Iterator[object]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGUMEN_CHROMIUM)
        yield b
        b.close()


@pytest.fixture(scope="module")
def halaman(peramban) -> Page:
    return peramban.new_context(viewport={"width": 1600, "height": 1000}).new_page()


def menu(page: Page, url: str):
    """The sidebar's link to a page."""
    return page.locator('[data-testid="stSidebarNavLink"]').nth([h.url for h in HALAMAN].index(url))


def tunggu(page: Page, isi: str) -> None:
    """Wait for content only the new run draws, then for the run to end."""
    page.wait_for_selector(isi, timeout=60_000)
    page.wait_for_selector(SIAP, timeout=60_000)
    page.wait_for_timeout(800)


def test_bawaan_hanya_mendengar_di_mesin_ini(server: str) -> None:
    port = int(server.rsplit(":", 1)[1])
    assert _alamat_dengar(port) == {"0100007F"}, "only 127.0.0.1, not every interface"


def test_bawaan_tidak_menghubungi_alamat_luar(server: str, halaman: Page) -> None:
    halaman.goto(server)
    tunggu(halaman, '[data-testid="stMetric"]')
    keluar = [p for p in Perekam.permintaan if p.startswith(("CONNECT", "GET http"))]
    assert not keluar, f"the server called outside addresses: {keluar}"


def test_galat_tampil_dengan_kode_tanpa_traceback(server: str, halaman: Page, basis: dict[str, Path]) -> None:
    ganti_db(basis, "rusak")
    try:
        halaman.goto(f"{server}/keselarasan")
        tunggu(halaman, '[data-testid="stAlertContentError"]')
        teks = halaman.locator('[data-testid="stMain"]').inner_text()
        assert halaman.locator('[data-testid="stException"]').count() == 0
        for bocor in ("Traceback", "File \"", str(AKAR), str(basis["aktif"].parent), "duckdb", "Error:"):
            assert bocor not in teks, f"{bocor!r} shown to the viewer"
        kode = re.search(r"Kode galat: ([0-9a-f]{8})", teks)
        assert kode, teks
        log = basis["log"].read_text()
        assert re.search(rf"Galat {kode.group(1)}\b[\s\S]*Traceback", log), "the log holds the id and the details"
    finally:
        ganti_db(basis, "baik")
    halaman.goto(f"{server}/keselarasan")
    tunggu(halaman, '[data-testid="stMetric"]')
    assert halaman.locator('[data-testid="stAlertContentError"]').count() == 0, "the next load is read again"


SKRIP_DEFINISI_RUSAK = """
import streamlit as st

from selaras import galat
from selaras import komponen as k

asli = k.t


def t_rusak(kunci, *a, **kw):
    if kunci.startswith("definisi.") and kunci.endswith(".isi"):
        raise RuntimeError("definisi rusak")
    return asli(kunci, *a, **kw)


k.t = t_rusak
with galat.tangkap():
    st.title("Uji fragmen")
    k.definisi("antar_edisi")
"""
"""A definitions box whose text fails once it is opened: opening it reruns only the box (a fragment), outside
the script's galat.tangkap."""


def test_galat_dalam_fragmen_tampil_dengan_kode(peramban, tmp_path: Path) -> None:
    skrip = tmp_path / "definisi_rusak.py"
    skrip.write_text(SKRIP_DEFINISI_RUSAK)
    with streamlit_run(tmp_path, None, skrip=str(skrip)) as alamat, \
            contextlib.closing(peramban.new_context(viewport={"width": 1280, "height": 720})) as konteks:
        page = konteks.new_page()
        page.goto(alamat)
        tunggu(page, "h1")
        page.locator('[data-testid="stExpander"] summary').click()
        tunggu(page, '[data-testid="stAlertContentError"]')
        teks = page.locator('[data-testid="stMain"]').inner_text()
        assert page.locator('[data-testid="stException"]').count() == 0, "Streamlit's own error box"
        assert "Uji fragmen" in teks, "the rest of the page stays"
        kode = re.search(r"Kode galat: ([0-9a-f]{8})", teks)
        assert kode, teks
        log = next(tmp_path.glob("streamlit-*.log")).read_text()
        assert re.search(rf"Galat {kode.group(1)}\b[\s\S]*definisi rusak", log), "the log holds the id and the error"


def test_bahasa_bertahan_bila_menu_diklik_sebelum_sidebar_selesai(server: str, peramban) -> None:
    """A viewer clicks the menu before the language switch has drawn (its code arrives late, as on a slow
    hall network): Streamlit drops the state of the widgets the browser did not report. The language must
    stay, and no page may fail on it."""
    page = peramban.new_context(viewport={"width": 1600, "height": 1000}).new_page()
    ditahan = []
    page.route("**/ButtonGroup*.js", lambda rute: ditahan.append(rute))  # its code, held back
    page.goto(server)
    tunggu(page, '[data-testid="stMetric"]')
    assert ditahan, "the language switch's code was requested and held"
    menu(page, "data").click()
    page.wait_for_function("() => location.pathname.endsWith('/data')", timeout=60_000)
    tunggu(page, "h1")
    for rute in ditahan:
        rute.continue_()
    page.unroute("**/ButtonGroup*.js")
    terpilih = '[data-testid="stSidebar"] [data-testid="stButtonGroup"] button[aria-checked="true"]'
    page.wait_for_selector(terpilih, timeout=30_000)
    assert page.locator(terpilih).inner_text() == "Indonesia"
    menu(page, "keselarasan").click()
    page.wait_for_function("() => location.pathname.endsWith('/keselarasan')", timeout=60_000)
    tunggu(page, "text=Rincian usulan")
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
    assert "bahasa" not in page.evaluate("() => location.search")
    assert page.locator(terpilih).inner_text() == "Indonesia"
    page.context.close()


def test_teks_dari_ekspor_tampil_apa_adanya(server: str, halaman: Page, perekam: str) -> None:
    """An indicator name and unit from an export holding a Markdown link and image, HTML and formatting:
    shown as written, with no link, no image, and nothing fetched."""
    LAYAR.mkdir(exist_ok=True)
    halaman.goto(f"{server}/kesenjangan-target?provinsi=32")
    tunggu(halaman, '[data-testid="stMetric"]')
    halaman.locator('[data-testid="stSelectbox"]', has_text="Indikator").click()
    halaman.get_by_role("option", name=re.compile("Indeks")).click()
    tunggu(halaman, 'h3:has-text("Indeks")')
    halaman.wait_for_timeout(1500)
    halaman.screenshot(path=str(LAYAR / "teks_dari_ekspor.png"), full_page=True)
    judul = halaman.locator("h3", has_text="Indeks").inner_text().replace("\u2060", "")  # (the word joiners)
    assert f"[klik di sini]({perekam}/tautan)" in judul and "**tebal**" in judul and ":red[merah]" in judul
    tautan = halaman.evaluate("""(alamat) => [...document.querySelectorAll('a, img, image')].map(
        e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('xlink:href') || '')
        .filter(h => h.includes(alamat))""", perekam)
    assert not tautan, f"links or images from the data: {tautan}"
    diambil = [p for p in Perekam.permintaan if not p.startswith(("CONNECT", "GET http"))]
    assert not diambil, f"the browser fetched from addresses in the data: {diambil}"
    assert halaman.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').count() == 0
