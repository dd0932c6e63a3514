"""How long a load takes to reach the plenary screen: from the moment a load has replaced the database to
the moment the projector, left open on a slide, shows its figure changed (no reload, nobody touching it).

    python benchmarks/layar_langsung.py [--db PATH] [--putar 45] [--ulang 5]

Starts `streamlit run app.py` on a copy of the database (default: data/selaras.duckdb, built from the sample
when missing) on a free port of 127.0.0.1, opens Debian's Chromium at 1280x720 on the Progres Desk slide,
and ``--ulang`` times, at a random moment, loads one export that finishes one more session, measuring until
the slide's first figure shows the new count. The screen checks for a new load every putar/5 seconds (1 to 10), so the
wait is at most that plus one redraw. A benchmark, not a test: it never runs in CI.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

AKAR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(AKAR))

import duckdb  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from etl.muat import DB_BAWAAN, muat  # noqa: E402
from selaras.format import angka  # noqa: E402

FOLDER_SAMPEL = AKAR / "data" / "sample"
ANGKA_PERTAMA = ".st-key-layar_isi td"


def _port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _sesi_belum_mulai(db: Path, n: int) -> list[tuple]:
    """Sessions of the latest plan year not started yet: (year, desk, province, scheduled date)."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("""SELECT tahun, desk_no, kode_provinsi, strftime(tanggal_jadwal, '%d/%m/%Y')
                              FROM desk_sesi WHERE status = 'belum_mulai' AND tanggal_jadwal IS NOT NULL
                                AND tahun = (SELECT max(tahun) FROM desk_sesi)
                              ORDER BY desk_no, kode_provinsi LIMIT $1""", [n]).fetchall()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", type=Path, default=DB_BAWAAN)
    p.add_argument("--putar", type=int, default=45)
    p.add_argument("--ulang", type=int, default=5)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="selaras-layar-") as folder:
        db = Path(folder) / "selaras.duckdb"
        if args.db.exists():
            shutil.copyfile(args.db, db)
        else:
            muat([FOLDER_SAMPEL], db)
        port = _port_bebas()
        proses = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false"],
            cwd=AKAR, env={**os.environ, "SELARAS_DB": str(db)}, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        try:
            alamat = f"http://127.0.0.1:{port}"
            for _ in range(300):
                try:
                    urllib.request.urlopen(f"{alamat}/_stcore/health", timeout=1)
                    break
                except OSError:
                    time.sleep(0.2)
            hasil = []
            with sync_playwright() as pw:
                peramban = pw.chromium.launch(executable_path="/usr/bin/chromium",
                                              args=["--no-sandbox", "--disable-gpu"])
                page = peramban.new_page(viewport={"width": 1280, "height": 720})
                page.goto(f"{alamat}/progres-desk?layar=1&putar={args.putar}")
                page.wait_for_selector(ANGKA_PERTAMA, timeout=120_000)
                page.keyboard.press(" ")  # paused on Progres Desk: only a load can change what it shows
                page.wait_for_timeout(2000)
                for tahun, desk, provinsi, jadwal in _sesi_belum_mulai(db, args.ulang):
                    page.wait_for_timeout(random.uniform(0, 10_000))  # any moment between two checks
                    awal = int(page.inner_text(ANGKA_PERTAMA).replace(".", ""))
                    ekspor = Path(folder) / f"sesi_{desk}_{provinsi}.csv"
                    with open(ekspor, "w", newline="", encoding="utf-8") as f:
                        csv.writer(f, delimiter=";").writerows([
                            ["Tahun", "Desk", "Kode Provinsi", "Jadwal", "Status", "Tanggal Selesai"],
                            [tahun, desk, provinsi, jadwal, "Selesai", jadwal]])
                    muat([ekspor], db)
                    mulai = time.monotonic()
                    page.wait_for_function(
                        "([sel, n]) => document.querySelector(sel).innerText.replace(/\\./g, '') === String(n)",
                        arg=[ANGKA_PERTAMA, awal + 1], timeout=120_000, polling=50)
                    hasil.append(time.monotonic() - mulai)
                    print(f"muat -> layar: {angka(hasil[-1], 1)} s", flush=True)
                peramban.close()
        finally:
            proses.terminate()
            proses.wait(timeout=20)
    print(f"putar={args.putar} (periksa setiap {max(1, min(10, args.putar // 5))} s): median "
          f"{angka(statistics.median(hasil), 1)} s, paling lama {angka(max(hasil), 1)} s dari {len(hasil)} muat")
    return 0


if __name__ == "__main__":
    sys.exit(main())
