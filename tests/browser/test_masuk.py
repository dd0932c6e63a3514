"""Sign-in for real: an OpenID Connect provider (oidc-provider-mock) on 127.0.0.1, `streamlit run` with
[auth] and [akses] in a secrets file of the test's own, and Debian's Chromium going through st.login.

A stranger sees only the sign-in screen; an analyst signs in and keeps a page open; an operator signs in,
uploads an export, sees its rejects, and signs out; the analyst's open page shows the new figures without
being touched; the same browser then signs in as the analyst, who has no upload, and who meets the no-access
screen at the next click once the server's secrets file no longer lists them. Uploads without the XSRF
token are refused. Every request to an address off this machine is blocked (the provider's pages link a
stylesheet on the internet).
"""

from __future__ import annotations

import contextlib
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM
if not CHROMIUM.exists():
    pytest.skip("Debian's Chromium (/usr/bin/chromium) is not installed", allow_module_level=True)

from playwright.sync_api import Browser, BrowserContext, Page, expect  # noqa: E402
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402

from tests.app.conftest import bangun_db  # noqa: E402
from tests.app.test_unggah import BARU  # noqa: E402
from tests.browser.conftest import LAYAR, _port_bebas, streamlit_run, tunggu_alamat  # noqa: E402
from tests.browser.test_browser import nilai_metrik, tanpa_galat, tunggu  # noqa: E402

OPERATOR = "sekretariat@bangda.example.go.id"
ANALIS = "perencana@bappenas.example.go.id"
DI_LUAR = re.compile(r"^https?://(?!127\.0\.0\.1[:/])")


@contextlib.contextmanager
def penyedia_oidc(folder: Path) -> Iterator[str]:
    """oidc-provider-mock on a free port of 127.0.0.1: any subject typed in its form signs in, as that e-mail."""
    port = _port_bebas()
    log_path = folder / "oidc.log"
    with open(log_path, "w") as log:
        proses = subprocess.Popen([sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1",
                                   "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
        alamat = f"http://127.0.0.1:{port}"
        try:
            tunggu_alamat(f"{alamat}/.well-known/openid-configuration", log_path)
            yield alamat
        finally:
            proses.terminate()
            proses.wait(timeout=20)


def tulis_rahasia(folder: Path, port: int, penyedia: str) -> Path:
    """A secrets file for the dashboard on ``port`` signing in through ``penyedia``: the operator, analysts of
    two domains. Written in the test's own folder, never in the repository."""
    rahasia = folder / "secrets.toml"
    rahasia.write_text(f'''
[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "uji-{folder.name}-kuki-panjang-yang-hanya-untuk-uji"
client_id = "selaras"
client_secret = "hanya-untuk-uji"
server_metadata_url = "{penyedia}/.well-known/openid-configuration"

[akses]
operator = ["{OPERATOR}"]
analis = ["*@bappenas.example.go.id", "*@bangda.example.go.id"]
kontak = "Sekretariat Rakortekrenbang"
''', encoding="utf-8")
    return rahasia


@pytest.fixture(scope="module")
def penyedia(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with penyedia_oidc(tmp_path_factory.mktemp("oidc")) as alamat:
        yield alamat


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, penyedia: str) -> Iterator[tuple[str, Path]]:
    """The dashboard with sign-in, and its secrets file."""
    akar = tmp_path_factory.mktemp("masuk")
    db = bangun_db(akar / "ekspor", akar / "data" / "selaras.duckdb")
    port = _port_bebas()
    rahasia = tulis_rahasia(akar, port, penyedia)
    with streamlit_run(akar, db, "--secrets.files", str(rahasia), port=port) as alamat:
        yield alamat, rahasia


def konteks(peramban: Browser) -> BrowserContext:
    """A browser profile of its own (its own cookies: one person), that reaches nothing off this machine."""
    k = peramban.new_context(viewport={"width": 1280, "height": 720})
    k.route(DI_LUAR, lambda rute: rute.abort())
    return k


def masuk(page: Page, server: str, email: str) -> None:
    """Through the sign-in screen and the provider's form, back to the dashboard's first page."""
    page.goto(server)
    page.get_by_role("button", name="Masuk dengan SSO").click()
    page.wait_for_selector("input[placeholder=sub]", timeout=30_000)
    page.fill("input[placeholder=sub]", email)
    page.get_by_role("button", name="Authorize").click()
    tunggu(page, '[data-testid="stMetric"]')
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text(email)


def buka_data(page: Page) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Data").click()
    tunggu(page, "text=Kesegaran data")


def test_alur_masuk_unggah_keluar(peramban: Browser, server: tuple[str, Path], tmp_path: Path) -> None:
    server, rahasia = server
    # A stranger: the sign-in screen and nothing else, whichever page the address names.
    orang_asing = konteks(peramban).new_page()
    orang_asing.goto(f"{server}/keselarasan?provinsi=32")
    tunggu(orang_asing, "text=Masuk dengan SSO")
    layar = orang_asing.locator('[data-testid="stApp"]').inner_text()
    assert "Jawa Barat" not in layar and "Keselarasan dengan" not in layar
    assert orang_asing.locator('[data-testid="stMetric"], .js-plotly-plot, [data-testid="stDataFrame"]').count() == 0
    LAYAR.mkdir(exist_ok=True)
    orang_asing.screenshot(path=str(LAYAR / "masuk.png"))

    # An analyst signs in elsewhere and leaves the overview open.
    analis = konteks(peramban).new_page()
    masuk(analis, server, ANALIS)
    assert nilai_metrik(analis, "Usulan selaras PN") == "75,0%"

    # The operator signs in, uploads an export with one bad row, and sees the summary and the reject.
    operator_ = konteks(peramban)
    page = operator_.new_page()
    masuk(page, server, OPERATOR)
    buka_data(page)
    ekspor = tmp_path / "usulan_baru.csv"
    ekspor.write_bytes(BARU)
    page.set_input_files('[data-testid="stFileUploaderDropzoneInput"]', str(ekspor))
    expect(page.locator('[data-testid="stFileUploader"]')).to_contain_text("usulan_baru.csv", timeout=30_000)
    page.get_by_role("button", name="Muat ke basis data").click()
    tunggu(page, "text=Muat #2 selesai")
    tanpa_galat(page)
    expect(page.get_by_text("Muat #2 selesai: 2 baris dimuat, 1 baris ditolak, 0 berkas gagal")).to_be_visible()
    penolakan = page.locator('[data-testid="stDataFrame"]').nth(1)
    expect(penolakan).to_contain_text("kode_provinsi", timeout=30_000)
    expect(penolakan).to_contain_text("77")
    with page.expect_download(timeout=30_000) as unduhan:
        page.locator(".st-key-csv_unggah_hasil_penolakan").get_by_role("button", name="Unduh CSV").click()
    csv = Path(unduhan.value.path()).read_text(encoding="utf-8-sig")
    assert "77" in csv and "Provinsi '77' tidak dikenal" in csv, csv
    page.screenshot(path=str(LAYAR / "unggah.png"), full_page=True)

    # Without the XSRF token that the page sends, the server refuses an upload; with it, it gets past XSRF.
    token = next(c["value"] for c in operator_.cookies() if c["name"] == "_streamlit_xsrf")
    berkas = {"file": {"name": "x.csv", "mimeType": "text/csv", "buffer": BARU}}
    tanpa = page.request.put(f"{server}/_stcore/upload_file/sesi/berkas", multipart=berkas)
    dengan = page.request.put(f"{server}/_stcore/upload_file/sesi/berkas", multipart=berkas,
                              headers={"X-Xsrftoken": token})
    assert (tanpa.status, dengan.status) == (403, 400), "403: XSRF; 400: no such session (XSRF passed)"

    # The analyst's untouched page shows the new figures within seconds.
    analis.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stMetric\"]')]"
        ".some(m => m.innerText.includes('Usulan selaras PN') && m.innerText.includes('80,0%'))", timeout=60_000)

    # The operator signs out (through the provider's end-session page) and is back at the sign-in screen.
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Keluar").click()
    page.get_by_role("button", name="End session").click(timeout=30_000)
    tunggu(page, "text=Masuk dengan SSO")
    assert page.locator('[data-testid="stMetric"]').count() == 0
    page.goto(f"{server}/data")
    tunggu(page, "text=Masuk dengan SSO")
    assert page.locator('[data-testid="stFileUploader"]').count() == 0, "signed out: the cookie is gone"

    # The same browser signs in as the analyst: every figure, no upload, no rejected values.
    masuk(page, server, ANALIS)
    buka_data(page)
    tanpa_galat(page)
    expect(page.get_by_text("hanya dapat dilihat operator")).to_be_visible()
    assert page.locator('[data-testid="stFileUploader"]').count() == 0
    assert page.get_by_text("Unggah ekspor SIPD").count() == 0

    # Taken off the lists on the server: once the server has read its secrets file again (it polls it), the
    # analyst's next click meets the no-access screen.
    rahasia.write_text(rahasia.read_text(encoding="utf-8").replace('"*@bappenas.example.go.id", ', ""),
                       encoding="utf-8")
    for klik in range(30):
        page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=("Ringkasan", "Data")[klik % 2]).click()
        try:
            page.wait_for_selector("text=belum mendapat akses", timeout=2_000)
            break
        except PlaywrightTimeout:
            continue
    tunggu(page, "text=belum mendapat akses")
    assert page.locator('[data-testid="stMetric"]').count() == 0
