"""Benchmark: rows per second of ``python -m etl load`` against DuckDB's own ``read_csv``, in one run.

    .venv/bin/python benchmarks/etl_muat.py [--scale 2000] [--folder /tmp/selaras-nasional]

Writes a national-size sample (all 548 regional governments' proposals) unless the
folder already holds one, loads its usulan CSV files with the ETL (a subprocess,
so its peak memory is measured alone), then reads the same files with DuckDB's
read_csv into a table, and prints both rates and their ratio. Not a test: figures
go into the README by hand, with the machine they were measured on.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

AKAR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(AKAR))


def siapkan_sampel(folder: Path, skala: int) -> list[Path]:
    """The national-size sample's usulan CSV files (written once, reused by later runs): the first edition
    only, so the figure stays comparable from one run of the benchmark to the next."""
    from etl.sample import daftar_edisi, tulis_sampel

    manifest = folder / "MANIFEST"
    if not manifest.exists() or json.loads(manifest.read_text())["skala"] != skala:
        mulai = time.perf_counter()
        tulis_sampel(folder, skala=skala, tahun=(daftar_edisi()[0].tahun_rencana,))
        print(f"sampel skala {skala} ditulis dalam {time.perf_counter() - mulai:.1f} s")
    berkas = json.loads(manifest.read_text())["files"]
    return sorted(folder / nama for nama, isi in berkas.items() if isi["kind"] == "usulan")


def ukur_etl(berkas: list[Path], db: Path) -> tuple[float, int, float]:
    """Seconds, rows loaded and peak resident memory (MB) of the ETL command line."""
    mulai = time.perf_counter()
    subprocess.run([sys.executable, "-m", "etl", "load", "--db", str(db), *map(str, berkas)],
                   cwd=AKAR, check=False, stdout=subprocess.DEVNULL)
    detik = time.perf_counter() - mulai
    puncak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    with duckdb.connect(str(db), read_only=True) as con:
        baris = con.execute("SELECT count(*) FROM usulan").fetchall()[0][0]
    return detik, baris, puncak_mb


def ukur_duckdb(berkas: list[Path], db: Path) -> tuple[float, int]:
    """Seconds and rows of DuckDB's read_csv of the same files into a table in a database file."""
    mulai = time.perf_counter()
    with duckdb.connect(str(db)) as con:
        con.execute("SET enable_progress_bar = false")
        con.execute("CREATE TABLE usulan_mentah AS SELECT * FROM read_csv(?, delim = ';', header = true)",
                    [[str(b) for b in berkas]])
        baris = con.execute("SELECT count(*) FROM usulan_mentah").fetchall()[0][0]
    return time.perf_counter() - mulai, baris


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--scale", type=int, default=2000)
    p.add_argument("--folder", default=str(Path(tempfile.gettempdir()) / "selaras-nasional"))
    args = p.parse_args()
    folder = Path(args.folder)
    berkas = siapkan_sampel(folder, args.scale)
    with tempfile.TemporaryDirectory() as kerja:
        etl_detik, etl_baris, puncak = ukur_etl(berkas, Path(kerja) / "etl.duckdb")
        raw_detik, raw_baris = ukur_duckdb(berkas, Path(kerja) / "raw.duckdb")
    print(f"berkas: {len(berkas)} CSV, {raw_baris:,} baris")
    print(f"python -m etl load : {etl_baris:,} baris dalam {etl_detik:.2f} s = {etl_baris / etl_detik:,.0f} baris/s; "
          f"memori puncak {puncak:,.0f} MB")
    print(f"duckdb read_csv    : {raw_baris:,} baris dalam {raw_detik:.2f} s = {raw_baris / raw_detik:,.0f} baris/s")
    print(f"rasio (etl / duckdb, waktu per baris): {(etl_detik / etl_baris) / (raw_detik / raw_baris):.2f}x")


if __name__ == "__main__":
    main()
