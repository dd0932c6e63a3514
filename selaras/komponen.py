"""Shared pieces of every page: status strip, KPI strip, tile map, tables with downloads, charts,
definitions and the empty state. Pages compose these; none of them reads the database itself
except through selaras.basis_data.
"""

from __future__ import annotations

import contextlib
import html
import io
import os
import textwrap
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from selaras import basis_data as bd
from selaras import filter as fl
from selaras import format as fmt
from selaras import galat
from selaras.kueri import KATALOG_UKURAN
from selaras.teks import BAHASA, bahasa, kolom, nilai, t

# Okabe-Ito: distinguishable with every common colour-vision deficiency, and in greyscale by lightness.
WARNA = {
    "biru": "#0072B2", "jingga": "#E69F00", "hijau": "#009E73", "merah": "#D55E00", "ungu": "#CC79A7",
    "langit": "#56B4E9", "kuning": "#F0E442", "hitam": "#111111", "abu": "#A6A6A6", "abu_muda": "#E4E4E4",
}
WARNA_KEADAAN = {"belum_mulai": WARNA["abu_muda"], "berlangsung": WARNA["jingga"], "terlambat": WARNA["merah"],
                 "selesai": WARNA["langit"], "selesai_ba": WARNA["biru"], "data_bermasalah": WARNA["kuning"]}
"""Colours of a desk session's state (v_sesi_desk.keadaan), in the order of the legend."""
WARNA_KELAS = {"memenuhi": WARNA["biru"], "dalam_rentang": WARNA["langit"], "di_bawah": WARNA["merah"],
               "belum_diisi": WARNA["ungu"], "tak_dinilai": WARNA["abu"]}
"""Colours of a target's class (v_kesenjangan_target.kelas), in the order of the KPI strip and the legend."""
LATAR_KELAS = {"memenuhi": "#A9CFEC", "dalam_rentang": "#E3F1FB", "di_bawah": "#F8CDB4", "belum_diisi": "#F0D2E3",
               "tak_dinilai": "#E4E4E4"}
"""Light tints of the class colours, as table cell backgrounds under black text."""
SKALA = {
    "baik_tinggi": ["#EFF5FB", "#B9D3EA", "#6FA8D6", "#2C74B5", "#08306B"],
    "buruk_tinggi": ["#FFF3E6", "#FDD0A2", "#F59D52", "#D55E00", "#7F2704"],
}
"""Single-hue sequential scales: blue where more is better, orange-to-brown where more is worse."""

HURUF = "Source Sans, Source Sans Pro, Arial, sans-serif"

# Every chart starts from plotly's plain white template. Set once as the default, a new figure takes a cheap
# copy of it; naming it in each figure's layout made plotly validate and deep-copy the whole template for
# every chart of every view (about 35 ms each).
pio.templates.default = "simple_white"


# ------------------------------------------------------------------------------------------------
# House style (the projector has its own: selaras/layar.py)
# ------------------------------------------------------------------------------------------------

GAYA = """<style>
[class*="st-key-pita_kpi"] > div { flex: 1 1 14rem; min-width: 14rem; }
[data-testid="stMetricLabel"] p { white-space: normal; overflow: visible; font-size: 1.05rem; font-weight: 600;
  word-break: normal; overflow-wrap: normal; }
[data-testid="stMetricLabel"] div { overflow: visible; }
[data-testid="stMetricValue"] { font-size: 2.4rem; font-weight: 700; line-height: 1.15; }
[data-testid="stMetricValue"] div, [data-testid="stMetricValue"] p { white-space: normal; overflow: visible; }
[data-testid="stMetricDelta"] { font-size: 1.05rem; }
[data-testid="stMetric"] div { text-overflow: clip; }
[data-testid="stCaptionContainer"] { color: #333333; }
[data-testid="stMainBlockContainer"] { padding-top: 3.5rem; }
[data-testid="stTab"] p { font-size: 1.1rem; font-weight: 600; }
</style>"""
"""Large headline numbers whose labels wrap between words, never inside one: a KPI card is never narrower than
14rem, so on a narrow screen the cards flow onto a second row instead of squeezing; captions dark enough to
read; tab labels as large as body text."""


def gaya() -> None:
    st.html(GAYA)


def pilih_bahasa() -> None:
    """The language switch (Indonesian first), wherever it is drawn: the sidebar or the sign-in screen.
    Its state outlives runs that do not draw it (the projector's)."""
    st.segmented_control(t("umum.bahasa"), BAHASA, key="bahasa", required=True, persist_state="session",
                         format_func=lambda b: {"id": "Indonesia", "en": "English"}[b])


HALAMAN_SERENTAK = 2
"""How many page runs draw at once (all sessions together); the others wait their turn."""


class Antrean:
    """``serentak`` runs at a time, and a run somebody asked for (a click, a filter, opening a page) goes
    before a refresh the live watch started after a load.

    When a load lands, every open page refreshes itself within seconds: in a hall of viewers that is a wave
    of runs, all at once. A viewer who clicks during the wave waits for nobody's refresh, only for the runs
    other people asked for; the refreshes take the turns nobody asked for.
    """

    def __init__(self, serentak: int) -> None:
        self.serentak = serentak
        self._kondisi = threading.Condition()
        self._berjalan = 0
        self._diminta_menunggu = 0

    @contextlib.contextmanager
    def giliran(self, penyegaran: bool = False) -> Iterator[None]:
        with self._kondisi:
            if not penyegaran:
                self._diminta_menunggu += 1
            try:
                self._kondisi.wait_for(lambda: self._berjalan < self.serentak
                                       and (not penyegaran or self._diminta_menunggu == 0))
            finally:
                if not penyegaran:
                    self._diminta_menunggu -= 1
            self._berjalan += 1
        try:
            yield
        finally:
            with self._kondisi:
                self._berjalan -= 1
                self._kondisi.notify_all()


_ANTREAN = Antrean(HALAMAN_SERENTAK)
_PENYEGARAN = "_penyegaran_setelah_muat"
"""Session-state mark: the next run is the live watch's refresh after a load, nobody's click."""


CATAT_RUN = os.environ.get("SELARAS_CATAT_RUN") == "1"
"""SELARAS_CATAT_RUN=1: the server log gets a line for every whole run of a page, with its seconds (its wait in
the queue included), so a load test can tell the server's time from the browsers'. Off by default: with
twenty viewers that is hundreds of lines a minute."""


@contextlib.contextmanager
def waktu_run() -> Iterator[None]:
    """Around a whole run of app.py: its seconds in the server log, when CATAT_RUN (also when the run ends
    in a rerun, a page switch or st.stop)."""
    if not CATAT_RUN:
        yield
        return
    mulai = time.perf_counter()
    try:
        yield
    finally:
        galat.LOG.info("waktu run %.3f s", time.perf_counter() - mulai)


@contextlib.contextmanager
def giliran() -> Iterator[None]:
    """Draw a page in turn with the other sessions' pages (Antrean: the asked-for runs first).

    Drawing a page is mostly Python (tables, charts, messages), and one Python process runs one thread at a
    time: twenty sessions drawing at once each got a twentieth of it, so every page took twenty times as
    long, and the server's own loop (the health check, the messages to the browsers) waited behind them for
    seconds. A run waiting here holds nothing and costs nothing; the pages come out one or two at a time, as
    fast as the machine draws them. The live-refresh watch and the sidebar do not wait.
    """
    with _ANTREAN.giliran(penyegaran=bool(st.session_state.pop(_PENYEGARAN, False))):
        yield


# ------------------------------------------------------------------------------------------------
# Status strip: sample banner, time of the last load, dropped URL values
# ------------------------------------------------------------------------------------------------

def pita_status() -> None:
    """The lines every page opens with."""
    if bd.versi_lain():
        st.warning(t("umum.versi_lain"))
    if bd.skalar("sampel"):
        st.warning(t("umum.banner_sampel"))
    muat = bd.kueri("muat_terakhir")
    if muat.empty:
        st.caption(t("umum.belum_dimuat"))
    else:
        r = muat.iloc[0]
        st.caption(t("umum.muat_terakhir", waktu=fmt.waktu(r["finished_at"], bahasa()), run=int(r["run_id"])))
    if dibuang := fl.url_dibuang():
        st.warning(t("filter.url_dibuang", daftar=", ".join(f"`{d}`" for d in dibuang)))
    pantau_muat()


DETIK_PANTAU = 10
"""How often an open page looks whether a load has replaced the database. Each look is a run of the watch,
and on every run the browser draws the page's elements again: an untouched page cost its viewer's machine
2,1 CPU seconds a minute at every 5 s, 1,05–1,4 at every 10 s (a one-chart app: 0,1–0,6;
benchmarks/biaya_peramban.py). Ten seconds keeps a new load on every open page well within the minute
the hall allows, and spreads the wave of pages refreshing with it over ten seconds."""


def pantau_muat(setiap: float = DETIK_PANTAU, saat_tik: Callable[[], None] | None = None) -> None:
    """The one watch of every open screen (a page, the projector): run it again as soon as a load (from the
    app or a terminal) has replaced the database this run read, so everyone watching sees the new figures
    within seconds, without touching anything.

    It compares the file with the version the run read from its start (basis_data.identitas_dibaca), not
    with the file as it is when the watch is drawn: a load landing during the run is caught at the next tick.
    ``saat_tik`` is what else the screen's watch does every ``setiap`` seconds (the projector turns its slide).
    """
    dibaca = bd.identitas_dibaca()

    @galat.fragmen(run_every=setiap)
    def _pantau() -> None:
        if bd.identitas_berkas() != dibaca:
            st.session_state[_PENYEGARAN] = True
            st.rerun(scope="app")
        if saat_tik is not None:
            saat_tik()

    _pantau()


def catatan_filter(f: fl.Filter, *ukuran: str) -> None:
    """Say which of the filters that are set do not apply to the measures on this part of the page
    (etl/sql/ukuran.toml declares which apply to each)."""
    berlaku = {d for u in ukuran for d in KATALOG_UKURAN[u]["filter"]}
    tidak = [t(f"filter.{d}") for d in fl.DIMENSI if d in f.aktif_pada() - berlaku]
    if tidak:
        st.caption(t("filter.tidak_berlaku", daftar=", ".join(tidak)))


def kosong(pesan: str | None = None, kunci: str = "kosong") -> None:
    """The empty state: nothing matches; say so plainly and offer the way out."""
    st.info(pesan or t("umum.kosong"))
    if fl.aktif().aktif_pada():
        st.button(t("filter.hapus"), on_click=fl.hapus_semua, key=f"hapus_{kunci}")


def tab(kunci: str, bagian: dict[str, Callable[[], None]]) -> None:
    """A page's parts on tabs ({label: what draws the part}), of which only the open one is drawn: a closed
    tab's part runs not at all, and the browser draws nothing of it.

    The open tab is remembered by its place as well as its label: the labels are words of the session's
    language, and Streamlit would reset tabs whose stored label is not among the new ones to the first.
    """
    label, ke = list(bagian), f"{kunci}_ke"
    terbuka = st.session_state.get(kunci)
    if terbuka in label:
        st.session_state[ke] = label.index(terbuka)
    else:
        st.session_state[kunci] = label[min(st.session_state.get(ke, 0), len(label) - 1)]
    for wadah, gambar in zip(st.tabs(label, key=kunci, on_change="rerun"), bagian.values()):
        if wadah.open:
            with wadah:
                gambar()


def kunci_definisi(*kunci: str) -> str:
    """The widget key of the definitions box of these measures (one box per set on a page)."""
    return "definisi_" + "_".join(kunci)


def definisi(*kunci: str) -> None:
    """The definitions of the measures shown just above, from the catalogue, one click away.

    Drawn only when opened: a closed box sends nothing to the browser but its label (every page has one to three,
    and the browser's cost of a view grows with its elements). Opening it reruns only the box itself.
    """
    @galat.fragmen
    def kotak() -> None:
        with st.expander(t("umum.definisi"), key=kunci_definisi(*kunci), on_change="rerun") as isi:
            if isi.open:
                st.markdown("\n\n".join(f"**{t(f'definisi.{k}.judul')}**  \n{t(f'definisi.{k}.isi')}" for k in kunci))

    kotak()


# ------------------------------------------------------------------------------------------------
# KPI strip
# ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Kpi:
    """One headline figure; ``perubahan`` is already formatted, ``keterangan`` says against what."""

    label: str
    nilai: str
    bantuan: str
    perubahan: str | None = None
    keterangan: str | None = None
    warna_perubahan: str = "normal"


def pita_kpi(daftar: list[Kpi]) -> None:
    """Headline figures side by side; a change of zero is shown flat, without an arrow or colour."""
    pita = st.container(horizontal=True, key=f"pita_kpi_{zlib.crc32(''.join(k.label for k in daftar).encode())}")
    for k in daftar:
        nol = k.perubahan is not None and not any(c in "123456789" for c in k.perubahan)
        with pita:
            st.metric(k.label, k.nilai, k.perubahan, delta_color="off" if nol else k.warna_perubahan,
                      delta_arrow="off" if nol else "auto", help=k.bantuan, border=True,
                      delta_description=k.keterangan if k.perubahan else None)


def catatan_kode_ditandai(baris: pd.Series) -> None:
    """Under alignment shares: how many of the proposals counted carry a code that was not on the reference
    list (loaded with it empty, so not aligned through it). Says nothing when there are none."""
    if baris["usulan_ditandai"]:
        b = bahasa()
        st.caption(t("keselarasan.ditandai", n=fmt.angka(baris["usulan_ditandai"], 0, b),
                     pn=fmt.angka(baris["usulan_pn_ditandai"], 0, b), mp=fmt.angka(baris["usulan_mp_ditandai"], 0, b)))


# ------------------------------------------------------------------------------------------------
# Charts
# ------------------------------------------------------------------------------------------------

def tata_letak(fig: go.Figure, tinggi: int = 420, **lain: object) -> go.Figure:
    """The house style: large type, white ground, Indonesian separators, no clutter."""
    huruf = 16
    fig.update_layout(
        height=tinggi,
        font={"family": HURUF, "size": huruf, "color": WARNA["hitam"]},
        separators=",." if bahasa() == "id" else ".,", margin={"l": 10, "r": 10, "t": 40, "b": 10},
        hoverlabel={"font_size": huruf}, legend={"orientation": "h", "y": -0.12, "font_size": huruf}, **lain)
    return fig


def catatan_grafik(fig: go.Figure, teks: str, lebar: int = 110) -> None:
    """A note printed on the chart itself, under the plot (it travels with a screenshot);
    plotly does not wrap text, so it is wrapped at ``lebar`` characters."""
    baris = bungkus(teks, lebar)
    fig.add_annotation(text=baris, xref="paper", yref="paper", x=0, y=0, yshift=-56, showarrow=False,
                       xanchor="left", yanchor="top", align="left", font={"size": 14})
    fig.update_layout(margin={"b": 80 + 22 * (baris.count("<br>") + 1)})


def grafik(fig: go.Figure, kunci: str | None = None, on_select: str | Callable = "ignore") -> object:
    """A chart in the house style, without the plotly toolbar; ``on_select`` makes a click select a point."""
    return st.plotly_chart(fig, theme=None, key=kunci, on_select=on_select,
                           selection_mode="points" if on_select != "ignore" else ("points", "box", "lasso"),
                           config={"displayModeBar": False, "responsive": True})


def peta_petak(df: pd.DataFrame, ukuran: str, label_nilai: Callable[[float], str], skala: str,
               kunci: str, judul: str) -> None:
    """The tile-grid map: one equal tile per province, laid out like the archipelago.

    Works with no network. Clicking a tile filters every page to that province; clicking it again clears.
    ``df`` holds every province of the year (the filtered ones get a black frame), with kode_provinsi,
    nama_pendek, nama_provinsi, grid_kolom, grid_baris and the column ``ukuran``.
    """
    warna = SKALA[skala]
    kosong_ = df[ukuran].isna()
    ada, tanpa = df[~kosong_], df[kosong_]
    fig = go.Figure()
    petak = {"symbol": "square", "size": 62, "line": {"width": 2, "color": "#FFFFFF"}}
    # A click selects a point; the tiles keep their look (the black frame marks the filtered province).
    tetap = {"selected": {"marker": {"opacity": 1}}, "unselected": {"marker": {"opacity": 1}}}
    if not tanpa.empty:
        fig.add_trace(go.Scatter(
            x=tanpa["grid_kolom"], y=tanpa["grid_baris"], mode="markers+text",
            text=[f"<b>{n}</b><br>{fmt.KOSONG}" for n in tanpa["nama_pendek"]], textposition="middle center",
            textfont={"size": 12, "color": "#555555"}, customdata=tanpa[["kode_provinsi"]].to_numpy(),
            hovertext=[f"{n}: {t('peta.tanpa_data')}" for n in tanpa["nama_provinsi"]], hoverinfo="text",
            marker={**petak, "color": WARNA["abu_muda"]}, showlegend=False, **tetap))
    if not ada.empty:
        lo, hi = ada[ukuran].min(), ada[ukuran].max()
        gelap = (ada[ukuran] - lo) / ((hi - lo) or 1) >= 0.55
        fig.add_trace(go.Scatter(
            x=ada["grid_kolom"], y=ada["grid_baris"], mode="markers+text", textposition="middle center",
            text=[f"<b>{n}</b><br>{label_nilai(v)}" for n, v in zip(ada["nama_pendek"], ada[ukuran])],
            textfont={"size": 12, "color": ["#FFFFFF" if g else "#111111" for g in gelap]},
            customdata=ada[["kode_provinsi"]].to_numpy(),
            hovertext=[f"{p}: {label_nilai(v)}" for p, v in zip(ada["nama_provinsi"], ada[ukuran])],
            hoverinfo="text",
            marker={**petak, "color": ada[ukuran], "cmin": lo, "cmax": hi, "showscale": True,
                    "colorbar": {"thickness": 14, "len": 0.6, "x": 1.0, "outlinewidth": 0,
                                 "tickvals": [lo, hi], "ticktext": [label_nilai(lo), label_nilai(hi)]},
                    "colorscale": [[i / (len(warna) - 1), c] for i, c in enumerate(warna)]},
            showlegend=False, **tetap))
    pilihan = set(fl.aktif().provinsi)
    if pilihan:
        terpilih = df[df["kode_provinsi"].isin(pilihan)]
        fig.add_trace(go.Scatter(
            x=terpilih["grid_kolom"], y=terpilih["grid_baris"], mode="markers", hoverinfo="skip",
            marker={"symbol": "square-open", "size": 66, "color": WARNA["hitam"], "line": {"width": 4}},
            showlegend=False))
    tata_letak(fig, tinggi=520, title={"text": judul, "font_size": 20})
    fig.update_xaxes(visible=False, range=[-0.6, 14.6], fixedrange=True)
    fig.update_yaxes(visible=False, range=[5.6, -0.6], fixedrange=True)
    fig.update_layout(dragmode=False, clickmode="event+select", width=1040)

    def klik() -> None:
        titik = st.session_state[kunci].selection.points
        if titik and titik[0].get("customdata"):
            fl.pilih_provinsi(titik[0]["customdata"][0])

    st.plotly_chart(fig, theme=None, key=kunci, on_select=klik, selection_mode="points",
                    config={"displayModeBar": False}, width="content")
    st.caption(t("peta.petunjuk"))


def lapisan_klik(fig: go.Figure, x: list[str], y: list[str], kode: list[list], hover: list[list[str]]) -> None:
    """An invisible point on every cell of a heatmap, carrying the cell's codes and hover text.

    Plotly heatmaps send no click to Streamlit; scatter points do. With no hover cut-off, a click anywhere
    in a cell reaches the point at its centre (the cells of a grid are the Voronoi cells of their centres).
    """
    sel = [(xl, yl, kode[i][j], hover[i][j]) for i, yl in enumerate(y) for j, xl in enumerate(x)]
    tak_tampak = {"marker": {"opacity": 0}}
    fig.add_trace(go.Scatter(
        x=[s[0] for s in sel], y=[s[1] for s in sel], customdata=[s[2] for s in sel],
        hovertext=[s[3] for s in sel], hoverinfo="text", mode="markers", marker={"size": 18, "opacity": 0},
        selected=tak_tampak, unselected=tak_tampak, showlegend=False))
    fig.update_traces(hoverinfo="skip", selector={"type": "heatmap"})
    fig.update_layout(hoverdistance=-1, clickmode="event+select", dragmode=False)


def harfiah_grafik(teks: object) -> str:
    """Text from data as it is written, in a chart label: Plotly reads <a>, <b>, <br> and entities in text."""
    return html.escape(str(teks), quote=False)


def bungkus(teks: str, lebar: int = 12) -> str:
    """A chart label from data wrapped onto short lines (plotly breaks lines only at <br>)."""
    return "<br>".join(harfiah_grafik(baris) for baris in textwrap.wrap(teks, lebar, break_long_words=False))


def matriks_kategori(sel: pd.DataFrame, baris: str, kolom_: str, kategori: str, warna: dict[str, str],
                     label_baris: dict, label_kolom: dict, hover: list[str],
                     nama_kategori: Callable[[str], str], kunci: str,
                     on_select: str | Callable = "ignore", tinggi_baris: int = 24, miring: int = -60) -> None:
    """A rows x columns matrix of cells coloured by category (one row of ``sel`` per filled cell).

    Rows and columns appear in the order of ``label_baris``/``label_kolom`` (code -> label); ``hover`` has
    one text per row of ``sel``. Each cell carries [row code, column code], so a click can drill down to it.
    """
    nomor = {k: i for i, k in enumerate(warna)}
    data = sel.assign(_z=sel[kategori].map(nomor), _h=hover)
    z = data.pivot(index=baris, columns=kolom_, values="_z").reindex(index=list(label_baris), columns=list(label_kolom))
    h = data.pivot(index=baris, columns=kolom_, values="_h").reindex(index=list(label_baris), columns=list(label_kolom))
    n = len(warna)
    x, y = list(label_kolom.values()), list(label_baris.values())
    fig = go.Figure(go.Heatmap(
        z=z.to_numpy(dtype=float), x=x, y=y, zmin=-0.5, zmax=n - 0.5, xgap=1, ygap=1, showscale=False,
        colorscale=[[s, c] for i, c in enumerate(warna.values()) for s in (i / n, (i + 1) / n)],
        hovertext=h.fillna("").to_numpy(), hoverinfo="text"))
    if on_select != "ignore":
        lapisan_klik(fig, x, y, [[[b, k] for k in label_kolom] for b in label_baris], h.fillna("").to_numpy())
    for k, c in warna.items():
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=nama_kategori(k),
                                 marker={"symbol": "square", "size": 16, "color": c,
                                         "line": {"width": 1, "color": "#888888"}}))
    tata_letak(fig, tinggi=max(360, tinggi_baris * len(label_baris) + 160))
    huruf = {"size": 13}
    fig.update_yaxes(autorange="reversed", showline=False, ticks="", tickfont=huruf)
    fig.update_xaxes(side="top", showline=False, ticks="", tickangle=miring, tickfont=huruf)
    fig.update_layout(legend={"orientation": "h", "y": -0.01, "yanchor": "top"})
    grafik(fig, kunci=kunci, on_select=on_select)


# ------------------------------------------------------------------------------------------------
# Tables and downloads
# ------------------------------------------------------------------------------------------------

FORMULA = ("=", "+", "-", "@", "\t", "\r")


def jenis_kolom(ukuran: str, *kolom_: str) -> dict[str, str]:
    """The display kinds of some output columns of a measure, in the order given, as etl/sql/ukuran.toml
    declares them (a column it does not declare is a KeyError: declare it there)."""
    jenis = KATALOG_UKURAN[ukuran].get("kolom", {})
    return {k: jenis[k] for k in kolom_}


def netralkan(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula (= + - @) get a leading apostrophe."""
    hasil = df.copy()
    for k in hasil.columns:
        if hasil[k].dtype == object or pd.api.types.is_string_dtype(hasil[k]):
            hasil[k] = hasil[k].map(lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA) else v)
    return hasil


def _label_nilai(seri: pd.Series, kolom_: str, pendek: bool = False) -> pd.Series:
    """Coded values as words (short ones on screen), one catalogue lookup per distinct value."""
    label = seri.map({v: nilai(kolom_, v, pendek) for v in seri.dropna().unique()}).astype(object)
    return label.where(label.notna(), "")


def _isi_unduhan(df: pd.DataFrame, jenis: dict[str, str]) -> Callable[[], pd.DataFrame]:
    """What a download holds: the numbers as numbers, coded values as words, headers as on screen.

    The words are taken now, in the session's language; the table is built only when someone downloads
    (outside the page's run, and not on every run of a busy server).
    """
    judul = {k: kolom(k) for k in jenis}
    label = {k: {v: nilai(k, v) for v in df[k].dropna().unique()} for k, j in jenis.items() if j == "nilai"}

    def isi() -> pd.DataFrame:
        keluar = pd.DataFrame(index=df.index)
        for k in jenis:
            keluar[judul[k]] = df[k].map(label[k]).fillna("") if k in label else df[k]
        return netralkan(keluar.reset_index(drop=True))
    return isi


def csv_bytes(df: pd.DataFrame, bhs: str) -> bytes:
    """CSV that opens in a spreadsheet in the reader's locale: ';' and decimal comma in Indonesian."""
    if bhs == "id":
        return df.to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")
    return df.to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(df: pd.DataFrame, jenis: dict[str, str], judul: str) -> bytes:
    """XLSX with typed cells, a bold header, widths that fit, and no text cell ever run as a formula."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter",
                        engine_kwargs={"options": {"strings_to_formulas": False, "strings_to_urls": False}}) as w:
        df.to_excel(w, index=False, sheet_name="Data", startrow=1)
        buku, lembar = w.book, w.sheets["Data"]
        lembar.write_string(0, 0, judul, buku.add_format({"bold": True, "font_size": 13}))
        kepala = buku.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True})
        bentuk = {"persen": buku.add_format({"num_format": "0.0%"}),
                  "poin": buku.add_format({"num_format": "+0.0%;-0.0%;0.0%"}),
                  "rupiah": buku.add_format({"num_format": "#,##0"}),
                  "angka": buku.add_format({"num_format": "#,##0"}),
                  "desimal": buku.add_format({"num_format": "#,##0.0##"}),
                  "tanggal": buku.add_format({"num_format": "dd/mm/yyyy"})}
        for i, (nama, j) in enumerate(zip(df.columns, jenis.values())):
            lembar.write_string(1, i, str(nama), kepala)
            lebar = min(60, max(10, len(str(nama)) + 2, *(len(str(v)) + 2 for v in df[nama].head(200))))
            lembar.set_column(i, i, lebar, bentuk.get(j))
        lembar.freeze_panes(2, 0)
    return buf.getvalue()


def _tampil(df: pd.DataFrame, jenis: dict[str, str], bhs: str) -> pd.DataFrame:
    """What the screen shows: every number in the reader's format."""
    ubah: dict[str, Callable[[object], str]] = {
        "angka": lambda v: fmt.angka(v, 0, bhs), "desimal": lambda v: fmt.angka(v, 0, bhs, paling_banyak=3),
        "persen": lambda v: fmt.persen(v, 1, bhs), "poin": lambda v: fmt.poin_persen(v, bhs),
        "rupiah": lambda v: fmt.rupiah(v, bhs),
        "tanggal": lambda v: fmt.tanggal(v, bhs), "ya_tidak": {True: t("umum.ya"), False: t("umum.tidak")}.get,
    }
    keluar = pd.DataFrame(index=df.index)
    for k, j in jenis.items():
        if j == "nilai":
            keluar[k] = _label_nilai(df[k], k, pendek=True)
        elif j in ubah:
            keluar[k] = df[k].map(ubah[j])
        else:
            keluar[k] = df[k].astype("string").fillna(fmt.KOSONG)
    return keluar


def tabel(df: pd.DataFrame, jenis: dict[str, str], nama_berkas: str, kunci: str, judul: str = "",
          tinggi: int | None = None, catatan: str | None = None, latar: dict[str, dict] | None = None,
          pilih: bool = False) -> pd.Series | None:
    """A table as people read it, with CSV and XLSX downloads of exactly what it shows.

    ``jenis`` maps each column to show, in order, to its kind: teks, angka, desimal, persen, poin (a change
    of a share, in percentage points), rupiah, tanggal, ya_tidak, or nilai (a coded value shown by its label).
    ``latar`` colours cells by their coded value: {column: {value: background}}. With ``pilih`` a click selects
    a row, which is returned (all of ``df``'s columns, also those not shown); otherwise, or with nothing
    selected, None.
    """
    bhs = bahasa()
    tampil = _tampil(df, jenis, bhs)
    kanan = {"angka", "desimal", "persen", "poin", "rupiah"}
    konfigurasi = {k: st.column_config.TextColumn(kolom(k), alignment="right" if j in kanan else "left")
                   for k, j in jenis.items()}
    data: pd.DataFrame | object = tampil
    if latar:
        data = tampil.style.apply(
            lambda seri: [f"background-color: {latar[seri.name][v]}" if v in latar[seri.name] else ""
                          for v in df[seri.name]], subset=list(latar))
    pilihan = {"on_select": "rerun", "selection_mode": "single-row"} if pilih else {}
    kejadian = st.dataframe(data, hide_index=True, column_config=konfigurasi, column_order=list(jenis),
                            height=tinggi or "auto", key=f"tabel_{kunci}", **pilihan)
    isi = _isi_unduhan(df, jenis)
    judul_berkas = judul or nama_berkas
    with st.container(horizontal=True, vertical_alignment="center"):
        st.download_button(t("umum.unduh_csv"), lambda: csv_bytes(isi(), bhs), file_name=f"{nama_berkas}.csv",
                           mime="text/csv", key=f"csv_{kunci}", on_click="ignore", help=t("umum.unduh_csv_bantuan"))
        st.download_button(t("umum.unduh_xlsx"), lambda: xlsx_bytes(isi(), jenis, judul_berkas),
                           file_name=f"{nama_berkas}.xlsx", key=f"xlsx_{kunci}", on_click="ignore",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        st.caption(catatan or t("umum.jumlah_baris", n=fmt.angka(len(df), 0, bhs)))
    baris = kejadian.selection.rows if pilih else []
    return df.iloc[baris[0]] if baris else None


def halaman_tabel(jumlah: int, kunci: str, per_halaman: int = bd.BARIS_PER_HALAMAN) -> tuple[int, int]:
    """Which rows of a long list to fetch: (skip, take), one page of ``per_halaman``, with a page box when
    there is more than one. A long list is never sent whole: the browser gets only the page it shows."""
    halaman = max(1, -(-jumlah // per_halaman))
    if not 1 <= st.session_state.get(kunci, 1) <= halaman:
        st.session_state[kunci] = 1
    ke = 1
    if halaman > 1:
        ke = st.number_input(t("umum.halaman_tabel", n=fmt.angka(per_halaman, 0, bahasa())), min_value=1,
                             max_value=halaman, step=1, key=kunci, width=220)
    return (ke - 1) * per_halaman, per_halaman


def sumber_baris(baris: pd.Series) -> None:
    """Where a row comes from (file, sheet, row as a person finds it), and the source file to download.

    The file name is data: it is shown as plain text, never as Markdown, and stays out of the button's label.
    """
    berkas, lembar = (v if isinstance(v, str) and v else None for v in (baris["sumber_berkas"], baris["sumber_lembar"]))
    nomor = str(int(baris["sumber_baris"])) if pd.notna(baris["sumber_baris"]) else "?"
    st.text(t("sumber.lembar" if lembar else "sumber.tanpa_lembar", file=berkas or "?", lembar=lembar, baris=nomor))
    salinan = bd.salinan_sumber(baris["sumber_sha256"])
    if salinan is None:
        st.caption(t("sumber.tanpa_salinan"))
        return
    nama = Path(berkas or "").name
    st.download_button(t("sumber.unduh"), salinan.read_bytes, key="unduh_sumber", on_click="ignore",
                       file_name=nama if nama.lower().endswith(salinan.suffix) else salinan.name,
                       mime="application/octet-stream", help=t("sumber.unduh_bantuan"))


# ------------------------------------------------------------------------------------------------
# Load bookkeeping: the files of a load and its rejected rows (Data page, upload)
# ------------------------------------------------------------------------------------------------

KOLOM_BERKAS = {"file": "teks", "kind": "teks", "status": "nilai", "rows_read": "angka", "rows_loaded": "angka",
                "rows_rejected": "angka", "rows_flagged": "angka", "rows_duplicate": "angka", "error": "teks",
                "ignored_columns": "teks"}
"""The columns of etl_files people read, and how each is shown."""


def penolakan_muat(run: int, total: int, kunci: str) -> None:
    """The rejected rows of one load with their reasons, and their downloads."""
    tolak = bd.kueri("penolakan", run, bd.BATAS_RINCI)
    tabel(tolak, {"file": "teks", "sheet": "teks", "row": "teks", "column": "teks", "value": "teks", "scope": "nilai",
                  "reason": "teks"},
          f"penolakan_muat_{run}", kunci=kunci, judul=t("data.penolakan"), tinggi=360,
          catatan=t("data.penolakan_ditampilkan", n=fmt.angka(len(tolak), 0, bahasa()),
                    total=fmt.angka(total, 0, bahasa())))
