"""What the browser tests share: a real `streamlit run` on the bundled sample, and Debian's Chromium.

Each test module gets its own server and database (module scope), so a module that loads data into its
database while a page is open disturbs no other.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from etl.muat import muat
from etl.sample import tulis_sampel

CHROMIUM = Path("/usr/bin/chromium")
AKAR = Path(__file__).resolve().parents[2]
LAYAR = Path(__file__).resolve().parent / "screenshots"
ARGUMEN_CHROMIUM = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run"]
SIAP = '[data-testid="stApp"][data-test-script-state="notRunning"]'


@dataclass(frozen=True)
class Peladen:
    """A running dashboard: its address, and the database it reads (a test may load more into it)."""

    alamat: str
    db: Path


def _port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tunggu_alamat(alamat: str, log: Path, isi: bytes | None = None) -> None:
    """Wait (up to 30 s) until ``alamat`` answers, with ``isi`` when given; fail with the server's log."""
    for _ in range(150):
        try:
            jawaban = urllib.request.urlopen(alamat, timeout=1).read()
            if isi is None or jawaban == isi:
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"{alamat} did not answer: " + log.read_text())


@contextlib.contextmanager
def streamlit_run(folder: Path, db: Path | None, *argumen: str, port: int | None = None, skrip: str = "app.py",
                  akar: Path = AKAR) -> Iterator[str]:
    """`streamlit run app.py` (or another ``skrip``) from the repository root ``akar`` (this one by default) on
    ``port`` (a free one by default) of 127.0.0.1, reading ``db`` (None: the app's own default, as on a first
    start); yields its address. ``argumen`` are further command-line options (e.g. --secrets.files)."""
    port = port or _port_bebas()
    log_path = folder / f"streamlit-{port}.log"
    with open(log_path, "w") as log:
        proses = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", skrip, "--server.headless", "true",
             "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
             *argumen],
            cwd=akar, env={k: v for k, v in os.environ.items() if k != "SELARAS_DB"} | (
                {"SELARAS_DB": str(db)} if db else {}), stdout=log, stderr=subprocess.STDOUT)
        alamat = f"http://127.0.0.1:{port}"
        try:
            tunggu_alamat(f"{alamat}/_stcore/health", log_path, b"ok")
            yield alamat
        finally:
            proses.terminate()
            proses.wait(timeout=20)


@pytest.fixture(scope="module")
def peladen(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Peladen]:
    """`streamlit run app.py` on a free port of 127.0.0.1, reading the sample loaded into a temporary database."""
    akar = tmp_path_factory.mktemp("peramban")
    tulis_sampel(akar / "sample")
    db = akar / "selaras.duckdb"
    muat([akar / "sample"], db)
    with streamlit_run(akar, db) as alamat:
        yield Peladen(alamat, db)


@pytest.fixture(scope="module")
def server(peladen: Peladen) -> str:
    return peladen.alamat


@pytest.fixture(scope="module")
def peramban() -> Iterator[object]:
    """Debian's Chromium, driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGUMEN_CHROMIUM)
        yield b
        b.close()
