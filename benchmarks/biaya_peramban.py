"""What one viewer's browser costs the machine it runs on, in CPU seconds: opening the dashboard, a page switch,
a minute of a page left open; next to Streamlit's floor (a one-chart app). From these, the least CPU twenty
viewers' browsers need, at the pace of benchmarks/beban_penonton.py, when they run on the server's own machine.

    python benchmarks/biaya_peramban.py [--db PATH] [--ulang 3] [--diam 60]

Starts `streamlit run app.py` on the national database (benchmarks/out/nasional.duckdb, built when missing, as
benchmarks/halaman.py builds it) and the floor app of benchmarks/peramban.py, and drives Debian's Chromium at
1280x720 (the load test's window). CPU seconds are those of every process of the browser this script started
(its browser, renderer, GPU and utility processes: user and system time from /proc), so they include the
drawing the page's own timers do not see. Measured: the opening (a new browser context until the first page is
drawn to the end), ``--ulang`` rounds of switches through every page of selaras/navigasi.py by its sidebar link,
and ``--diam`` seconds of an open page with nobody touching it (the page's live-refresh watch runs every
few seconds). A benchmark, not a test: it never runs in CI. On a shared machine, run it under the
measurement lock (see the README).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

AKAR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(AKAR))
sys.path.insert(0, str(AKAR / "benchmarks"))

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from beban_penonton import proses_peramban  # noqa: E402  (benchmarks/beban_penonton.py)
from halaman import KELUARAN, siapkan_db  # noqa: E402  (benchmarks/halaman.py)
from peramban import LANTAI, SELESAI  # noqa: E402  (benchmarks/peramban.py)
from selaras.format import angka  # noqa: E402
from selaras.navigasi import HALAMAN  # noqa: E402
from tests.browser.conftest import ARGUMEN_CHROMIUM, CHROMIUM, streamlit_run  # noqa: E402

DETAK = os.sysconf("SC_CLK_TCK")
SESI = 20
"""Viewers of the load test's goal."""
LANGKAH = {"bawaan (jeda klik 1–4 s)": 2.5, "membaca (jeda klik 10–30 s)": 20.0}
"""The load test's paces: the mean pause between two clicks of one viewer, in seconds."""


def cpu_peramban() -> float:
    """CPU seconds used so far by the browser's processes (not the Playwright driver: it is Node). A process
    that ends between two readings takes its seconds with it: Chromium keeps its processes for the life of a
    tab, and the figures are medians over many switches."""
    total = 0.0
    for proses in proses_peramban():
        try:
            kolom = (proses / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(kolom[11]) + int(kolom[12])) / DETAK
    return total


def _tunggu(tab: Page) -> None:
    tab.wait_for_function(SELESAI, polling=100, timeout=180_000)


def ukur(peramban, alamat: str, ulang: int, diam: float, pindah: bool) -> dict:
    """Opening, switches (when ``pindah``) and an idle spell of one viewer, in CPU seconds of the browser."""
    konteks = peramban.new_context(viewport={"width": 1280, "height": 720})
    tab = konteks.new_page()
    c0, t0 = cpu_peramban(), time.perf_counter()
    tab.goto(alamat)
    _tunggu(tab)
    hasil = {"buka_cpu": cpu_peramban() - c0, "buka_s": time.perf_counter() - t0}
    if pindah:
        per_pindah, waktu = [], []
        for _ in range(ulang):
            for h in [*HALAMAN[1:], HALAMAN[0]]:
                judul = tab.locator('[data-testid="stMain"] h1').first.inner_text()
                c0, t0 = cpu_peramban(), time.perf_counter()
                tab.locator('[data-testid="stSidebarNavLink"]').nth(HALAMAN.index(h)).click()
                jalur = "" if h.bawaan else "/" + h.url
                tab.wait_for_url(lambda u, jalur=jalur: urlsplit(u).path.rstrip("/") == jalur
                                 or bool(jalur) and urlsplit(u).path.rstrip("/").endswith(jalur))
                # the new page's own title: until its run has begun, the page before may still look done
                tab.wait_for_function("(lama) => { const h = document.querySelector('[data-testid=\"stMain\"] h1');"
                                      " return h && h.innerText && h.innerText !== lama; }", arg=judul,
                                      polling=100, timeout=180_000)
                _tunggu(tab)
                per_pindah.append(cpu_peramban() - c0)
                waktu.append(time.perf_counter() - t0)
        hasil |= {"pindah_cpu": statistics.median(per_pindah), "pindah_cpu_rata": statistics.mean(per_pindah),
                  "pindah_s": statistics.median(waktu)}
    time.sleep(3)
    c0 = cpu_peramban()
    time.sleep(diam)
    hasil["diam_cpu_per_menit"] = (cpu_peramban() - c0) * 60 / diam
    konteks.close()
    return hasil


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", type=Path, default=KELUARAN / "nasional.duckdb")
    p.add_argument("--skala", type=int, default=2000)
    p.add_argument("--ulang", type=int, default=3, help="rounds of switches through every page")
    p.add_argument("--diam", type=float, default=60, help="seconds of an open page left alone")
    args = p.parse_args()
    KELUARAN.mkdir(parents=True, exist_ok=True)
    db = siapkan_db(args.db, args.skala)
    with tempfile.TemporaryDirectory(prefix="selaras-biaya-") as sementara, sync_playwright() as pw:
        kerja = Path(sementara)
        lantai = kerja / "lantai.py"
        lantai.write_text(LANTAI)
        peramban = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGUMEN_CHROMIUM)
        with streamlit_run(kerja, db, skrip=str(lantai)) as alamat:
            dasar = ukur(peramban, alamat, args.ulang, args.diam, pindah=False)
        with streamlit_run(kerja, db) as alamat:
            app = ukur(peramban, alamat, args.ulang, args.diam, pindah=True)
        peramban.close()
    print(f"\n{db.name}; {os.cpu_count()} CPU; beban rata-rata 1 menit {angka(os.getloadavg()[0], 1)}\n")
    print("| per penonton, CPU peramban (detik CPU) | lantai (satu grafik) | dasbor |\n|---|---:|---:|")
    print(f"| membuka (sampai halaman pertama tergambar) | {angka(dasar['buka_cpu'], 2)} | "
          f"{angka(app['buka_cpu'], 2)} |")
    print(f"| pindah halaman: median (rata-rata) | – | {angka(app['pindah_cpu'], 2)} "
          f"({angka(app['pindah_cpu_rata'], 2)}) |")
    print(f"| satu menit halaman terbuka tanpa disentuh | {angka(dasar['diam_cpu_per_menit'], 2)} | "
          f"{angka(app['diam_cpu_per_menit'], 2)} |")
    t = app["pindah_s"]
    print(f"\nPaling sedikit yang dibutuhkan {SESI} peramban pada mesin server (inti CPU), bila setiap pindah "
          f"halaman secepat tanpa beban ({angka(t, 2)} s):")
    for nama, jeda in LANGKAH.items():
        inti = SESI * (app["pindah_cpu_rata"] / (jeda + t) + app["diam_cpu_per_menit"] / 60)
        print(f"- langkah {nama}: {angka(inti, 2)} inti dari {os.cpu_count()}, sebelum server itu sendiri")


if __name__ == "__main__":
    main()
