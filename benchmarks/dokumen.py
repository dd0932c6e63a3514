"""Time the meeting's documents on the bundled 2022 sample: every Berita Acara in one batch, and the brief.

    python benchmarks/dokumen.py [--db PATH] [--keluar DIR]

Without --db it loads data/sample into benchmarks/out/sampel.duckdb first. The batch is the command line's
own function (python -m selaras berita-acara --tahun 2022 DIR), timed in wall-clock and CPU seconds (the CPU
figure is what the machine's other work cannot inflate). A benchmark, not a test: it never runs in CI.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import tempfile
import time
from pathlib import Path

AKAR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(AKAR))

from etl.muat import FOLDER_DATA, muat  # noqa: E402
from selaras.__main__ import main  # noqa: E402
from selaras.dokumen import laporan_harian as lh  # noqa: E402
from selaras.format import angka  # noqa: E402
from selaras.kueri import Basis  # noqa: E402


def ukur(fungsi) -> tuple[float, float, object]:
    dinding, cpu = time.perf_counter(), time.process_time()
    hasil = fungsi()
    return time.perf_counter() - dinding, time.process_time() - cpu, hasil


def main_() -> None:
    a = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    a.add_argument("--db", type=Path)
    a.add_argument("--keluar", type=Path)
    args = a.parse_args()
    db = args.db or AKAR / "benchmarks" / "out" / "sampel.duckdb"
    if not db.exists():
        db.parent.mkdir(parents=True, exist_ok=True)
        muat([FOLDER_DATA / "sample"], db)
    keluar = args.keluar or Path(tempfile.mkdtemp(prefix="berita_acara_"))
    with contextlib.redirect_stdout(io.StringIO()):
        dinding, cpu, kode = ukur(lambda: main(["berita-acara", "--tahun", "2022", "--db", str(db), str(keluar)]))
    n = len(list(keluar.rglob("*.docx")))
    print(f"Berita Acara: {angka(n)} dokumen (kode keluar {kode}) dalam {angka(dinding, 1)} s "
          f"({angka(cpu, 1)} s CPU; {angka(1000 * cpu / n, 0)} ms CPU per dokumen) ke {keluar}")
    with Basis(db) as b:
        for bhs in ("id", "en"):
            dinding, cpu, pdf = ukur(lambda: lh.laporan_harian(b, 2022, bhs))
            print(f"Laporan harian ({bhs}): {angka(len(pdf) / 1024, 0)} KB dalam {angka(dinding, 2)} s "
                  f"({angka(cpu, 2)} s CPU)")


if __name__ == "__main__":
    main_()
