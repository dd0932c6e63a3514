"""Time each page's and each projector slide's server run, cold and warm, on the national-scale sample.

    python benchmarks/halaman.py [--db PATH] [--skala 2000] [--ulang 3]

Without --db it uses benchmarks/out/nasional.duckdb, building it first from the sample generator at
``--skala`` (2000 = every regional government's proposals, millions of rows) when it is not there.

A page's run is the whole script of one rerun as the server executes it (app.py with its sidebar,
then the page), driven in-process by Streamlit's AppTest; a slide's run is app.py in projector mode
(?layar=1) drawing that slide of its playlist: what the hall waits for when the slide changes or a load
lands. Cold: every st.cache_data and
st.cache_resource entry cleared just before the run, so the database is attached again and every
query runs. Warm: the same page run again, as when someone changes nothing or comes back to it.
The median of ``--ulang`` repetitions is reported. A benchmark, not a test: it never runs in CI.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

AKAR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(AKAR))

import duckdb  # noqa: E402
import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from etl.muat import muat, ubah_atomik, versi_tampilan  # noqa: E402
from selaras.format import angka  # noqa: E402
from selaras.kueri import buka, kursor, versi_di_db  # noqa: E402
from selaras.layar import POSISI  # noqa: E402
from selaras.navigasi import HALAMAN as DAFTAR_HALAMAN  # noqa: E402
from selaras.salindia import DAFTAR_PUTAR  # noqa: E402

KELUARAN = AKAR / "benchmarks" / "out"
HALAMAN = tuple(h.nama for h in DAFTAR_HALAMAN)
SALINDIA = (*(("utama", i, kunci) for i, kunci in enumerate(DAFTAR_PUTAR["utama"])), ("provinsi", 0, "provinsi"))
"""The slides timed: the main playlist, and the province round's first slide."""
BATAS_HANGAT, BATAS_DINGIN = 0.5, 2.0
"""The aim on a 2-core machine, in seconds."""


def siapkan_db(db: Path, skala: int) -> Path:
    """The national-scale database: built once from the sample generator, then reused; one that an earlier
    version loaded gets this version's tables and measures first (as its next load would give it), so the
    benchmark measures the app, not an out-of-date file."""
    if db.exists():
        con = buka(db)
        lama = versi_di_db(kursor(con)) != versi_tampilan()
        con.close()
        if lama:
            print(f"Memutakhirkan {db} ke versi ini ...", flush=True)
            ubah_atomik(db, lambda con: None)
        return db
    if db.resolve().parent != KELUARAN.resolve():
        raise SystemExit(f"{db}: berkas ini tidak ada. Sebutkan basis data yang ada, atau hilangkan --db agar "
                         f"tolok ukur membangun sampel skala {skala} di {KELUARAN.relative_to(AKAR)}/.")
    from etl.sample import tulis_sampel

    folder = db.parent / f"sample_skala_{skala}"
    print(f"Menulis sampel skala {skala} ke {folder} ...", flush=True)
    tulis_sampel(folder, skala=skala)
    print(f"Memuat ke {db} ...", flush=True)
    mulai = time.perf_counter()
    muat([folder], db)
    print(f"Dimuat dalam {time.perf_counter() - mulai:.0f} s", flush=True)
    return db


def bersihkan_cache() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


def waktu_run(at: AppTest, halaman: str) -> float:
    """Seconds of one run of the page ``at`` stands on."""
    mulai = time.perf_counter()
    at.run()
    detik = time.perf_counter() - mulai
    if at.exception:
        raise RuntimeError(f"{halaman}: {at.exception[0].message}")
    return detik


def buka_halaman(halaman: str) -> AppTest:
    """The app, moved to a page (the next run draws it)."""
    at = AppTest.from_file(str(AKAR / "app.py"), default_timeout=600).run()
    at.switch_page(f"halaman/{halaman}.py")
    return at


def buka_salindia(daftar: str, posisi: int) -> AppTest:
    """The projector on a playlist, moved to one of its slides (the next run draws it)."""
    at = AppTest.from_file(str(AKAR / "app.py"), default_timeout=600)
    at.query_params["layar"] = "1"
    at.query_params["daftar"] = daftar
    at.run()
    at.session_state[POSISI] = posisi
    return at


def ukur(nama: str, buka: Callable[[], AppTest], ulang: int) -> dict:
    dingin, hangat = [], []
    for _ in range(ulang):
        at = buka()
        bersihkan_cache()
        dingin.append(waktu_run(at, nama))
        hangat.append(waktu_run(at, nama))
    return {"halaman": nama, "dingin_s": statistics.median(dingin), "hangat_s": statistics.median(hangat)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", type=Path, default=KELUARAN / "nasional.duckdb")
    p.add_argument("--skala", type=int, default=2000)
    p.add_argument("--ulang", type=int, default=3)
    args = p.parse_args(argv)
    KELUARAN.mkdir(parents=True, exist_ok=True)
    db = siapkan_db(args.db, args.skala)
    os.environ["SELARAS_DB"] = str(db)
    with duckdb.connect(str(db), read_only=True) as con:
        usulan, sesi, target = con.execute(
            "SELECT (SELECT count(*) FROM usulan), (SELECT count(*) FROM desk_sesi), "
            "(SELECT count(*) FROM target_indikator)").fetchall()[0]
    print(f"Basis data: {db.name}: {angka(usulan)} usulan, {angka(sesi)} sesi desk, {angka(target)} target; "
          f"{os.cpu_count()} CPU")
    hasil = [ukur(h, lambda h=h: buka_halaman(h), args.ulang) for h in HALAMAN]
    hasil += [ukur(f"layar: {kunci}", lambda d=daftar, i=i: buka_salindia(d, i), args.ulang)
              for daftar, i, kunci in SALINDIA]
    print("\n| Halaman | Dingin (s) | Hangat (s) |\n|---|---:|---:|")
    for r in hasil:
        tanda = "" if r["dingin_s"] < BATAS_DINGIN and r["hangat_s"] < BATAS_HANGAT else " (di atas sasaran)"
        print(f"| {r['halaman']} | {angka(r['dingin_s'], 2)} | {angka(r['hangat_s'], 2)}{tanda} |")
    (KELUARAN / "halaman.json").write_text(json.dumps(
        {"usulan": usulan, "desk_sesi": sesi, "target_indikator": target, "cpu": os.cpu_count(), "hasil": hasil},
        indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
