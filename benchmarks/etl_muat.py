"""Benchmark: ``python -m etl load`` against DuckDB's own ``read_csv`` of the same files, side by side.

    .venv/bin/python benchmarks/etl_muat.py [--scale 2000] [--ulang 3] [--folder DIR]

Writes the national-size sample's first edition (``--scale 2000``: 2,2 million proposals of all 548
regional governments in `;` CSV files; ``--scale 4540``: about 5 million) unless the folder already
holds it, reads the files once so both sides find them in the page cache, then runs each side
``--ulang`` times, alternating which goes first. Every run is a fresh process writing a fresh database
in a fresh folder, after ``sync`` has flushed what the run before it wrote (the load's copy of its
sources must not be flushed while the other side is timed). Seconds are measured inside the process,
around the work (the load: ``muat()``, everything from preparing the schema to the atomic replace;
DuckDB: connect, ``CREATE TABLE AS SELECT * FROM read_csv(...)``, close); peak memory is the process's
maximum resident set; its CPU seconds (all threads) count its work whatever else runs on the machine. Prints the
median and the spread (min-max) of each side, the ratio per run, the ratio of CPU seconds, the median
seconds of every stage of the load, and the load average before and after.

Not a test: figures go into the README by hand, with the machine they were measured on.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(AKAR))

LABEL_TAHAP = {
    "siapkan": "siapkan (skema, daftar rujukan)",
    "simpan_sumber": "simpan sumber (sha256, salinan)",
    "baca": "baca",
    "normalisasi": "normalisasi dan validasi",
    "upsert": "upsert",
    "ganti_berkas": "ganti berkas (ukuran, checkpoint, fsync, replace)",
}


def siapkan_sampel(folder: Path, skala: int) -> list[Path]:
    """The national-size sample's usulan CSV files (written once, reused by later runs): the first edition
    only, so the figure stays comparable from one run of the benchmark to the next."""
    manifest = folder / "MANIFEST"
    if not manifest.exists() or json.loads(manifest.read_text())["skala"] != skala:
        # Written by a process of its own: a process started later inherits, in its peak memory (ru_maxrss),
        # the size of the process that started it, and writing the sample takes gigabytes.
        mulai = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; "
                        "from etl.sample import daftar_edisi, tulis_sampel; "
                        "tulis_sampel(Path(sys.argv[1]), skala=int(sys.argv[2]), "
                        "tahun=(daftar_edisi()[0].tahun_rencana,))", str(folder), str(skala)],
                       cwd=AKAR, check=True)
        print(f"sampel skala {skala} ditulis dalam {time.perf_counter() - mulai:.1f} s")
    berkas = json.loads(manifest.read_text())["files"]
    return sorted(folder / nama for nama, isi in berkas.items() if isi["kind"] == "usulan")


# --- What a child process runs: one side, once ----------------------------------------------------

def anak_etl(db: Path, berkas: list[Path]) -> dict:
    from etl.muat import muat

    mulai = time.perf_counter()
    hasil = muat(berkas, db)
    detik = time.perf_counter() - mulai
    if hasil.ada_gagal:
        raise SystemExit(f"ada berkas yang gagal: {[b.error for b in hasil.berkas if b.error]}")
    return {"detik": detik, "baris": sum(b.rows_loaded for b in hasil.berkas), "tahap": hasil.waktu}


def anak_duckdb(db: Path, berkas: list[Path]) -> dict:
    import duckdb

    mulai = time.perf_counter()
    con = duckdb.connect(str(db))
    con.execute("SET enable_progress_bar = false")
    con.execute("CREATE TABLE usulan_mentah AS SELECT * FROM read_csv(?, delim = ';', header = true)",
                [[str(b) for b in berkas]])
    baris = con.execute("SELECT count(*) FROM usulan_mentah").fetchall()[0][0]
    con.close()
    return {"detik": time.perf_counter() - mulai, "baris": baris}


ANAK = {"etl": anak_etl, "duckdb": anak_duckdb}


# --- The parent: runs, medians, spread ----------------------------------------------------------------

def jalankan(sisi: str, berkas: list[Path]) -> dict:
    """One run of one side in a fresh process and folder, after flushing the disk; adds its peak memory."""
    with tempfile.TemporaryDirectory(prefix=f"selaras-bangku-{sisi}-") as kerja:
        os.sync()
        proses = subprocess.Popen([sys.executable, __file__, "--anak", sisi, str(Path(kerja) / "b.duckdb"),
                                   *map(str, berkas)], cwd=AKAR, stdout=subprocess.PIPE, text=True)
        keluaran = proses.stdout.read()
        _, status, pemakaian = os.wait4(proses.pid, 0)
        proses.returncode = os.waitstatus_to_exitcode(status)
        if proses.returncode != 0:
            raise SystemExit(f"{sisi} gagal (kode {proses.returncode})")
        hasil = json.loads(keluaran.strip().splitlines()[-1])
        hasil["puncak_mb"] = pemakaian.ru_maxrss / 1024
        hasil["cpu_s"] = pemakaian.ru_utime + pemakaian.ru_stime
        return hasil


def ringkas(nilai: list[float]) -> str:
    return f"{statistics.median(nilai):6.2f} s (rentang {min(nilai):.2f}-{max(nilai):.2f})"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scale", type=int, default=2000)
    p.add_argument("--ulang", type=int, default=3)
    p.add_argument("--folder", help="where the sample is written (default: a folder per scale under the temp dir)")
    p.add_argument("--anak", nargs="+", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.anak:
        sisi, db, *berkas = args.anak
        print(json.dumps(ANAK[sisi](Path(db), [Path(b) for b in berkas])))
        return
    folder = Path(args.folder or Path(tempfile.gettempdir()) / f"selaras-nasional-{args.scale}")
    berkas = siapkan_sampel(folder, args.scale)
    for b in berkas:  # into the page cache, for both sides alike
        with open(b, "rb") as f, open(os.devnull, "wb") as nol:
            shutil.copyfileobj(f, nol, 1 << 24)
    beban_awal = os.getloadavg()
    runs: dict[str, list[dict]] = {"etl": [], "duckdb": []}
    for i in range(args.ulang):
        for sisi in (("etl", "duckdb") if i % 2 == 0 else ("duckdb", "etl")):
            r = jalankan(sisi, berkas)
            runs[sisi].append(r)
            print(f"  run {i + 1} {sisi:6s}: {r['detik']:6.2f} s, CPU {r['cpu_s']:6.2f} s, {r['baris']:,} baris, "
                  f"puncak {r['puncak_mb']:,.0f} MB", flush=True)
    beban_akhir = os.getloadavg()
    etl, raw = runs["etl"], runs["duckdb"]
    baris = etl[0]["baris"]
    ukuran = sum(b.stat().st_size for b in berkas) / 1e6
    print(f"\nberkas: {len(berkas)} CSV, {ukuran:,.0f} MB, {raw[0]['baris']:,} baris; {os.cpu_count()} CPU; "
          f"beban rata-rata (1/5/15 menit) sebelum {beban_awal[0]:.1f}/{beban_awal[1]:.1f}/{beban_awal[2]:.1f}, "
          f"sesudah {beban_akhir[0]:.1f}/{beban_akhir[1]:.1f}/{beban_akhir[2]:.1f}")
    print(f"python -m etl load : {ringkas([r['detik'] for r in etl])}, {baris / statistics.median(r['detik'] for r in etl):,.0f} baris/s, "
          f"memori puncak {max(r['puncak_mb'] for r in etl):,.0f} MB")
    print(f"duckdb read_csv    : {ringkas([r['detik'] for r in raw])}, "
          f"{raw[0]['baris'] / statistics.median(r['detik'] for r in raw):,.0f} baris/s, "
          f"memori puncak {max(r['puncak_mb'] for r in raw):,.0f} MB")
    rasio = [(e["detik"] / e["baris"]) / (d["detik"] / d["baris"]) for e, d in zip(etl, raw)]
    print(f"rasio (waktu per baris, etl / duckdb): median {statistics.median(rasio):.2f}x "
          f"(per run: {', '.join(f'{r:.2f}x' for r in rasio)}); rasio median ke median "
          f"{statistics.median(e['detik'] for e in etl) / statistics.median(d['detik'] for d in raw) * raw[0]['baris'] / baris:.2f}x")
    cpu = [e["cpu_s"] / d["cpu_s"] for e, d in zip(etl, raw)]
    print(f"detik CPU (proses, semua utas; tak bergantung pada beban lain di mesin): etl median "
          f"{statistics.median(r['cpu_s'] for r in etl):.1f} s, duckdb {statistics.median(r['cpu_s'] for r in raw):.1f} s, "
          f"rasio median {statistics.median(cpu):.2f}x")
    print("\nwaktu per tahap (median dari run etl):")
    for tahap, label in LABEL_TAHAP.items():
        print(f"  {label:52s} {statistics.median(r['tahap'][tahap] for r in etl):6.2f} s")
    lain = [r["detik"] - sum(r["tahap"].values()) for r in etl]
    print(f"  {'lain (pembukuan, di luar tahap di atas)':52s} {statistics.median(lain):6.2f} s")


if __name__ == "__main__":
    main()
