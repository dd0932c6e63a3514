"""Selaras: the Rakortekrenbang dashboard. This entrypoint only declares the pages and the frame around them.

    streamlit run app.py        (reads $SELARAS_DB, else data/selaras.duckdb, built from the sample on first start)
"""

import streamlit as st

from selaras import akses
from selaras import basis_data as bd
from selaras import filter as fl
from selaras import galat
from selaras import komponen as k
from selaras import layar
from selaras.navigasi import HALAMAN
from selaras.teks import t

st.set_page_config(page_title="Selaras", layout="wide", initial_sidebar_state="expanded")

# An error anywhere below reaches the viewer as a message with an error id; the details go to the server log.
with k.waktu_run(), galat.tangkap():
    akses.gerbang()
    if bd.identitas() is None:
        st.error(t("umum.tanpa_db", jalur=bd.jalur_db().name))
        st.stop()

    fl.mulai()
    k.gaya()
    daftar = [st.Page(h.berkas, title=t(f"halaman.{h.nama}"), url_path=h.url, default=h.bawaan) for h in HALAMAN]
    if fl.mode_layar():
        # The projector shows its own slides, starting from the one that stands for the page in the address.
        layar.tampilkan(st.navigation(daftar, position="hidden"), daftar)
        st.stop()
    halaman = st.navigation(daftar, position="sidebar")
    with st.sidebar:
        k.pilih_bahasa()
        st.subheader(t("filter.judul"))
        f = fl.pasang()
        st.divider()
        st.toggle(t("layar.aktif"), key="layar", help=t("layar.bantuan"), persist_state="session")
    k.pita_status()
    with k.giliran():
        halaman.run()
