"""What Streamlit's own parts cost a warm view in the browser, next to the floor: the parts every page of the
dashboard draws (the sidebar's filters, a strip of headline figures, a table with its downloads).

    python benchmarks/unsur.py [--ulang 9]

One `streamlit run` of a small app (below) that draws the floor of benchmarks/peramban.py (a title and one
chart) and, chosen by the address, one part more, built with the same widgets, labels and options as the
dashboard's. Each variant is viewed ``--ulang`` times in Debian's Chromium, in shuffled order, each view a new
tab of one warm browser context, and timed as peramban.py times a page (until the run has ended and nothing is
left a placeholder or undrawn). Prints each variant's median and its difference from the floor. No database:
what it measures is Streamlit's and the browser's cost, which a page of the dashboard cannot go below.
A benchmark, not a test: it never runs in CI. On a shared machine, run it under the measurement lock.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
from pathlib import Path

AKAR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(AKAR))
sys.path.insert(0, str(AKAR / "benchmarks"))

from playwright.sync_api import sync_playwright  # noqa: E402

from peramban import lihat  # noqa: E402  (benchmarks/peramban.py)
from selaras.format import angka  # noqa: E402
from tests.browser.conftest import ARGUMEN_CHROMIUM, CHROMIUM, streamlit_run  # noqa: E402

APLIKASI = '''import pandas as pd
import plotly.graph_objects as go
import streamlit as st

unsur = st.query_params.get("unsur", "lantai")
st.title("Lantai")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c", "d", "e"], y=[3, 1, 4, 1, 5])))
if unsur in ("panel_samping", "semua"):
    with st.sidebar:
        st.segmented_control("Bahasa", ["Indonesia", "English"], key="bahasa", default="Indonesia")
        st.subheader("Filter")
        st.selectbox("Tahun rencana", [2027, 2026, 2024], key="tahun", help="Tahun rencana yang dibahas.")
        st.selectbox("Dibandingkan dengan", ["Edisi sebelumnya (2024)", 2026], key="banding", help="Edisi lain.")
        for nama in ("Provinsi", "Kementerian/Lembaga", "Prioritas Nasional", "Major Project", "Desk"):
            st.multiselect(nama, [f"{nama} {i}" for i in range(38)], key=nama, placeholder="Semua")
        st.divider()
        st.toggle("Mode layar (proyektor)", key="layar", help="Salindia untuk layar sidang pleno.")
if unsur in ("pita_kpi", "semua"):
    with st.container(horizontal=True):
        for i in range(5):
            st.metric(f"Ukuran utama {i}", "1.234", "+12", help="Definisi ukuran ini.", border=True,
                      delta_description="sejak muat #2")
if unsur in ("tabel", "semua"):
    st.dataframe(pd.DataFrame({"Provinsi": [f"Provinsi {i}" for i in range(10)],
                               "Terlambat": [str(i) for i in range(10)]}), hide_index=True)
    with st.container(horizontal=True, vertical_alignment="center"):
        st.download_button("Unduh CSV", b"a;b", file_name="a.csv", on_click="ignore")
        st.download_button("Unduh XLSX", b"a;b", file_name="a.xlsx", on_click="ignore")
        st.caption("10 baris")
'''
"""The floor, and the floor with one more of the parts every page of the dashboard draws."""

UNSUR = {
    "lantai": "lantai: judul dan satu grafik",
    "panel_samping": "+ panel samping Selaras (bahasa, 2 pilihan tahun, 5 filter, mode layar)",
    "pita_kpi": "+ pita lima angka utama (dengan perubahan dan bantuan)",
    "tabel": "+ satu tabel sepuluh baris dengan dua tombol unduh",
    "semua": "+ ketiganya",
}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--ulang", type=int, default=9)
    args = p.parse_args()
    waktu: dict[str, list[float]] = {u: [] for u in UNSUR}
    with tempfile.TemporaryDirectory(prefix="selaras-unsur-") as sementara, sync_playwright() as pw:
        kerja = Path(sementara)
        (kerja / "unsur.py").write_text(APLIKASI)
        with streamlit_run(kerja, None, skrip=str(kerja / "unsur.py")) as alamat:
            peramban = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGUMEN_CHROMIUM)
            konteks = peramban.new_context(viewport={"width": 1920, "height": 1080})
            for u in UNSUR:  # every part's code in the browser's cache first: warm views only
                lihat(konteks, f"{alamat}/?unsur={u}")
            for _ in range(args.ulang):
                urutan = list(UNSUR)
                random.shuffle(urutan)
                for u in urutan:
                    waktu[u].append(lihat(konteks, f"{alamat}/?unsur={u}")[0])
            peramban.close()
    lantai = statistics.median(waktu["lantai"])
    print(f"\nmedian dari {args.ulang} tampilan hangat, 1920x1080\n")
    print("| tampilan | hangat (s) | rentang (s) | − lantai (s) |")
    print("|---|---:|---:|---:|")
    for u, judul in UNSUR.items():
        m = statistics.median(waktu[u])
        print(f"| {judul} | {angka(m, 2)} | {angka(min(waktu[u]), 2)}–{angka(max(waktu[u]), 2)} | "
              f"{angka(m - lantai, 2)} |")


if __name__ == "__main__":
    main()
