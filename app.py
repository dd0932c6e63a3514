"""Selaras: the Rakortekrenbang dashboard. This entrypoint only declares the pages and the frame around them.

    streamlit run app.py        (reads $SELARAS_DB, else data/selaras.duckdb, built from the sample on first start)
"""

import streamlit as st

from selaras import akses
from selaras import basis_data as bd
from selaras import filter as fl
from selaras import komponen as k
from selaras.navigasi import HALAMAN
from selaras.teks import t

st.set_page_config(page_title="Selaras", layout="wide", initial_sidebar_state="expanded")
akses.gerbang()

if bd.identitas() is None:
    st.error(t("umum.tanpa_db", jalur=bd.jalur_db().name))
    st.stop()

fl.mulai()
layar = fl.mode_layar()
if layar:
    st.set_page_config(initial_sidebar_state="collapsed")
k.gaya(layar)
daftar = [st.Page(h.berkas, title=t(f"halaman.{h.nama}"), url_path=h.url, default=h.bawaan) for h in HALAMAN]
halaman = st.navigation(daftar, position="hidden" if layar else "sidebar")
with st.sidebar:
    k.pilih_bahasa()
    st.subheader(t("filter.judul"))
    f = fl.pasang()
    st.divider()
    st.toggle(t("layar.aktif"), key="layar", help=t("layar.bantuan"))
k.pita_status()
if layar:
    putar = {h.url for h in HALAMAN if h.putar} | ({"profil-provinsi"} if len(f.provinsi) == 1 else set())
    putaran = [h for h in daftar if h.url_path in putar]
    k.putar_halaman(halaman, putaran)
halaman.run()
