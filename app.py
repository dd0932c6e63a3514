"""Selaras: the Rakortekrenbang dashboard. This entrypoint only declares the pages and the frame around them.

    streamlit run app.py        (reads $SELARAS_DB, else data/selaras.duckdb, built from the sample on first start)
"""

import streamlit as st

from selaras import akses
from selaras import basis_data as bd
from selaras import filter as fl
from selaras import komponen as k
from selaras.teks import t

# (file, url path, default) of every page, in menu order; titles come from the catalogue.
HALAMAN = (
    ("halaman/ringkasan.py", "ringkasan", True),
    ("halaman/keselarasan.py", "keselarasan", False),
    ("halaman/progres_desk.py", "progres-desk", False),
    ("halaman/kesenjangan_target.py", "kesenjangan-target", False),
    ("halaman/profil_provinsi.py", "profil-provinsi", False),
    ("halaman/data.py", "data", False),
)

# The pages the projector rotates through (Profil Provinsi too when one province is chosen).
PUTARAN = ("ringkasan", "progres-desk", "keselarasan", "kesenjangan-target")

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
daftar = [st.Page(berkas, title=t(f"halaman.{url.replace('-', '_')}"), url_path=url, default=bawaan)
          for berkas, url, bawaan in HALAMAN]
halaman = st.navigation(daftar, position="hidden" if layar else "sidebar")
with st.sidebar:
    k.pilih_bahasa()
    st.subheader(t("filter.judul"))
    f = fl.pasang()
    st.divider()
    st.toggle(t("layar.aktif"), key="layar", help=t("layar.bantuan"))
k.pita_status()
if layar:
    putaran = [h for h in daftar if h.url_path in PUTARAN or (h.url_path == "profil-provinsi" and len(f.provinsi) == 1)]
    k.putar_halaman(halaman, putaran)
halaman.run()
