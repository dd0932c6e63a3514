"""Benchmark: ``python -m etl fetch`` of many pages from a SIPD-like service on 127.0.0.1, then a pull with nothing new.

    .venv/bin/python benchmarks/tarik.py [--usulan 200000] [--per-halaman 1000]

Serves that many proposals (SIPD's own JSON keys) from the test service (tests/layanan_sipd.py), runs
the command line twice into a fresh database, and prints, per run, the seconds, the pages and the
records per second, then the larger peak resident memory of the two commands. Not a test: figures go
into the README by hand, with the machine they were measured on.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(AKAR))

from tests import layanan_sipd as sipd  # noqa: E402
from tests.layanan_sipd import TOKEN, LayananSipd  # noqa: E402


def tarik_sekali(url: str, db: Path, per_halaman: int) -> tuple[float, str]:
    """Seconds of one ``fetch`` command and its last line."""
    mulai = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "etl", "fetch", "--url", url, "--tahun", "2022", "--db", str(db),
                        "--kinds", "usulan", "--per-halaman", str(per_halaman)], cwd=AKAR, capture_output=True,
                       text=True, env={**os.environ, "SIPD_TOKEN": TOKEN, "COLUMNS": "200"}, check=True)
    return time.perf_counter() - mulai, r.stdout.strip().splitlines()[-1]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--usulan", type=int, default=200_000)
    p.add_argument("--per-halaman", type=int, default=1000)
    args = p.parse_args()
    halaman = -(-args.usulan // args.per_halaman)
    with LayananSipd() as layanan, tempfile.TemporaryDirectory(prefix="selaras-tarik-") as folder:
        layanan.isi("usulan", 2022, sipd.usulan(args.usulan))
        db = Path(folder) / "t.duckdb"
        for judul in ("pertama (semua baru)", "kedua (tidak ada yang baru)"):
            detik, akhir = tarik_sekali(layanan.url, db, args.per_halaman)
            print(f"{judul}: {args.usulan:,} rekaman, {halaman} halaman, {detik:.1f} s, "
                  f"{args.usulan / detik:,.0f} rekaman/s")
            print(f"  {akhir}")
        puncak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"memori puncak perintah fetch (terbesar dari keduanya): {puncak:,.0f} MB")


if __name__ == "__main__":
    main()
