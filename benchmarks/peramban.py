"""Time every page in a real browser, cold and warm, next to Streamlit's floor: a one-chart app, same run.

    python benchmarks/peramban.py [--db PATH] [--skala 2000] [--ulang 3]

Without --db it uses benchmarks/out/nasional.duckdb, built first (as benchmarks/halaman.py builds it: every
edition of the sample at ``--skala``, 2000 = national scale) when it is not there.

Each page of selaras/navigasi.py, and the floor app, is timed ``--ulang`` times in Debian's Chromium driven
by Playwright: a view is from ``goto`` until the run has ended and everything it drew is on screen (the
title, no stale element, every chart drawn). Cold: the first view from a freshly started `streamlit run`
(every cache empty, the database attached again) in a fresh browser context (nothing cached by the
browser). Warm: the next view of the same address in the same context (a new session; the server's caches
and the browser's files kept), as when someone opens the page again. Also counted: the bytes the server
sent over the WebSocket for a warm view. Prints the medians and each page's difference from the floor.
First, in the same run: the first start on a fresh clone of the last commit (``git clone``; the shared
Python environment), from `streamlit run` until the overview is on screen, the sample database built on
the way; and, alternating with it, the floor's own first start (`streamlit run` of the one-chart app until
its chart is drawn).

Both apps run from the repository root, so they share .streamlit/config.toml. A benchmark, not a test: it
never runs in CI. On a shared machine, run it under the measurement lock (see the README).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AKAR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(AKAR))
sys.path.insert(0, str(AKAR / "benchmarks"))

import duckdb  # noqa: E402
from playwright.sync_api import BrowserContext, sync_playwright  # noqa: E402

from halaman import KELUARAN, siapkan_db  # noqa: E402  (benchmarks/halaman.py)
from selaras.format import angka  # noqa: E402
from selaras.navigasi import HALAMAN  # noqa: E402
from tests.browser.conftest import ARGUMEN_CHROMIUM, CHROMIUM, streamlit_run  # noqa: E402

LANTAI = '''import plotly.graph_objects as go
import streamlit as st

st.title("Lantai")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c", "d", "e"], y=[3, 1, 4, 1, 5])))
'''
"""Streamlit's floor: the least a page with a title and one chart costs on this machine."""

SELESAI = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const utama = document.querySelector('[data-testid="stMain"]');
  if (utama && utama.querySelector('[data-testid="stException"]')) return true;
  if (!app || !utama || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (!utama.querySelector('h1') || app.querySelector('[data-stale="true"], [data-testid="stSkeleton"]')) return false;
  return [...utama.querySelectorAll('[data-testid="stPlotlyChart"]')].every(g => g.querySelector('.main-svg'));
}"""
"""A view is done: the run has ended, its title is drawn, nothing left stale, no element still a placeholder
(Streamlit draws a grey skeleton while it fetches an element's code, e.g. the first multiselect or metric of a
new tab), every chart drawn (or it failed: an exception box ends the benchmark)."""

SASARAN_HANGAT = 0.3
"""The aim: every page's warm view within this many seconds of the floor's."""


def lihat(konteks: BrowserContext, alamat: str) -> tuple[float, int]:
    """One view of ``alamat`` in a new tab: (seconds until done, bytes received over the WebSocket)."""
    tab = konteks.new_page()
    diterima = [0]
    tab.on("websocket", lambda ws: ws.on("framereceived", lambda isi: diterima.__setitem__(0, diterima[0] + len(isi))))
    mulai = time.perf_counter()
    tab.goto(alamat)
    tab.wait_for_function(SELESAI, polling=20, timeout=180_000)
    detik = time.perf_counter() - mulai
    if tab.locator('[data-testid="stException"]').count():
        raise SystemExit(f"{alamat}: {tab.locator('[data-testid=stException]').first.inner_text()}")
    tab.close()
    return detik, diterima[0]


def ukur(peramban, kerja: Path, db: Path, skrip: str, jalur: str, ulang: int) -> dict:
    """``ulang`` cold and warm views of one page, each cold one from a server started for it."""
    dingin, hangat, kb = [], [], []
    for _ in range(ulang):
        with streamlit_run(kerja, db, skrip=skrip) as alamat:
            konteks = peramban.new_context(viewport={"width": 1920, "height": 1080})
            dingin.append(lihat(konteks, f"{alamat}/{jalur}")[0])
            detik, bait = lihat(konteks, f"{alamat}/{jalur}")
            hangat.append(detik)
            kb.append(bait / 1024)
            konteks.close()
    return {"dingin_s": statistics.median(dingin), "hangat_s": statistics.median(hangat),
            "rentang_hangat_s": [min(hangat), max(hangat)], "kb_hangat": statistics.median(kb)}


def sampai_tampil(peramban, kerja: Path, **jalankan: object) -> float:
    """Seconds from `streamlit run` (``jalankan``: streamlit_run's options) until its first page is on screen
    in a fresh browser context."""
    mulai = time.perf_counter()
    with streamlit_run(kerja, None, **jalankan) as alamat:
        konteks = peramban.new_context(viewport={"width": 1920, "height": 1080})
        lihat(konteks, alamat)
        detik = time.perf_counter() - mulai
        konteks.close()
    return detik


def mulai_pertama(peramban, kerja: Path) -> dict:
    """The first start on a fresh clone of this repository's last commit (no database yet): seconds from
    `streamlit run` until the overview is on screen, of which the sample database's build (the app's own
    timing, read from the load it records; 0 when the shipped build, data/sampel.duckdb, was copied)."""
    kerja.mkdir()
    klon = kerja / "klon"
    subprocess.run(["git", "clone", "--quiet", str(AKAR), str(klon)], check=True)
    sejak = dt.datetime.now()
    detik = sampai_tampil(peramban, kerja, akar=klon)
    with duckdb.connect(str(klon / "data" / "selaras.duckdb"), read_only=True) as con:
        bangun = con.execute("SELECT epoch(finished_at - started_at) FROM etl_runs WHERE started_at >= ? "
                             "ORDER BY run_id LIMIT 1", [sejak]).fetchall()
    return {"detik": detik, "bangun_db_s": bangun[0][0] if bangun else 0.0}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", type=Path, default=KELUARAN / "nasional.duckdb")
    p.add_argument("--skala", type=int, default=2000)
    p.add_argument("--ulang", type=int, default=3)
    args = p.parse_args()
    KELUARAN.mkdir(parents=True, exist_ok=True)
    db = siapkan_db(args.db, args.skala)
    beban_awal = os.getloadavg()
    hasil: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="selaras-peramban-") as sementara, sync_playwright() as pw:
        kerja = Path(sementara)
        lantai = kerja / "lantai.py"
        lantai.write_text(LANTAI)
        peramban = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGUMEN_CHROMIUM)
        pertama, pertama_lantai = [], []
        for i in range(args.ulang):  # alternating, so both see the machine in the same state
            pertama.append(mulai_pertama(peramban, kerja / f"pertama{i}"))
            # the floor's own first start: what any Streamlit app costs before it does anything of its own
            pertama_lantai.append(sampai_tampil(peramban, kerja, skrip=str(lantai)))
        hasil["lantai (satu grafik)"] = ukur(peramban, kerja, db, str(lantai), "", args.ulang)
        for h in HALAMAN:
            hasil[h.nama] = ukur(peramban, kerja, db, "app.py", "" if h.bawaan else h.url, args.ulang)
            print(f"  {h.nama}: {hasil[h.nama]['hangat_s']:.2f} s", flush=True)
        peramban.close()
    beban_akhir = os.getloadavg()
    dasar = hasil["lantai (satu grafik)"]
    print(f"\n{db.name}; {os.cpu_count()} CPU; median dari {args.ulang}; beban rata-rata (1/5/15 menit) sebelum "
          f"{'/'.join(f'{b:.1f}' for b in beban_awal)}, sesudah {'/'.join(f'{b:.1f}' for b in beban_akhir)}")
    print("\n| halaman | dingin (s) | hangat (s) | dikirim hangat (KB) | dingin − lantai (s) | hangat − lantai (s) |")
    print("|---|---:|---:|---:|---:|---:|")
    for nama, r in hasil.items():
        beda = r["hangat_s"] - dasar["hangat_s"]
        tanda = " (di atas sasaran)" if beda > SASARAN_HANGAT else ""
        print(f"| {nama} | {angka(r['dingin_s'], 2)} | {angka(r['hangat_s'], 2)} | {angka(r['kb_hangat'], 0)} | "
              f"{angka(r['dingin_s'] - dasar['dingin_s'], 2)} | {angka(beda, 2)}{tanda} |")
    print(f"\nmulai pertama dari klon baru (sampai Ringkasan tampil): "
          f"{angka(statistics.median(r['detik'] for r in pertama), 2)} s, di antaranya membangun basis data contoh "
          f"{angka(statistics.median(r['bangun_db_s'] for r in pertama), 2)} s "
          f"(per run: {', '.join(angka(r['detik'], 2) for r in pertama)}); lantai (aplikasi satu grafik) "
          f"{angka(statistics.median(pertama_lantai), 2)} s "
          f"(per run: {', '.join(angka(d, 2) for d in pertama_lantai)})")
    (KELUARAN / "peramban.json").write_text(json.dumps(
        {"cpu": os.cpu_count(), "hasil": hasil, "mulai_pertama": pertama,
         "mulai_pertama_lantai": pertama_lantai}, indent=2) + "\n")


if __name__ == "__main__":
    main()
