"""The plenary screen: slides made for a projector, rotating on their own and staying live.

What each slide shows and the playlists are declared in selaras/salindia.py; this module draws them.
Every slide fills the window exactly (16:9 at 1920x1080 or 1280x720; narrower windows scale down): all
sizes are in units of the window (``--u``, 1 % of its height on a 16:9 screen), and the charts, whose type
ECharts sets in pixels, are sized from the window size the browser reports.

A slide is drawn in one go: its figures and chart are all read before the first element is sent, every
element keeps its place from one run to the next, and the previous slide stays on screen until the new one
replaces it (no stale fading), so the hall never sees an empty or half-drawn slide. Between runs a fragment
ticks every few seconds: it moves to the next slide after ``putar`` seconds, and redraws the slide when a
load has replaced the database since the slide was read (within seconds, no reload; a load that lands while
a slide is being read is caught by the next tick the same way).

A small component (no iframe, nothing from the internet) listens to the keys a presenter's clicker sends,
keeps the clock in the frame and reports the window size. It receives no data to render as HTML: the clock is
written as text, everything else is drawn by Streamlit.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from streamlit.navigation.page import StreamlitPage

from selaras import basis_data as bd
from selaras import filter as fl
from selaras import format as fmt
from selaras import komponen as k
from selaras.salindia import DAFTAR_PUTAR, SALINDIA, Salindia
from selaras.teks import ada, bahasa, nilai, t

# Session state of the projector (the URL-backed choices live in selaras/filter.py).
POSISI, SEJAK, JEDA, IDENTITAS, UKURAN, KELUAR, JUMLAH = (
    "_layar_posisi", "_layar_sejak", "_layar_jeda", "_layar_identitas", "_layar_ukuran", "_layar_keluar",
    "_layar_jumlah")
KENDALI = "layar_kendali"

UKURAN_RANCANGAN = (1920, 1080)
"""The window the slides are designed at; other 16:9 windows scale them, narrower ones shrink them."""


# ------------------------------------------------------------------------------------------------
# Themes
# ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Tema:
    """The colours of a theme; both keep the Okabe-Ito palette for the data."""

    latar: str
    teks: str
    redup: str
    garis: str
    kisi: str
    utama: str
    kosong: str
    skala_baik: tuple[str, ...]
    tebal: int


TEMA = {
    "biasa": Tema(latar="#FFFFFF", teks="#111111", redup="#333333", garis="#111111", kisi="#D0D0D0",
                  utama=k.WARNA["biru"], kosong=k.WARNA["abu_muda"], skala_baik=tuple(k.SKALA["baik_tinggi"]),
                  tebal=600),
    # Light text on black: a projector scatters light from large bright areas into dark ones, so bright
    # text on a dark ground keeps more contrast on a washed-out screen than dark text on a bright one.
    # The darker Okabe-Ito blue gives way to its sky blue, greys are lifted, and type is heavier.
    "kontras": Tema(latar="#000000", teks="#FFFFFF", redup="#FFFFFF", garis="#FFFFFF", kisi="#777777",
                    utama=k.WARNA["langit"], kosong="#4D4D4D",
                    skala_baik=("#123B5C", "#1A64A0", "#3A8FD0", k.WARNA["langit"], "#CDEBFB"), tebal=800),
}

GAYA = """<style>
:root {{ --u: min(1vh, 0.5625vw); --latar: {latar}; --teks: {teks}; --redup: {redup}; --tebal: {tebal}; }}
html, body {{ font-size: calc(2.5 * var(--u)) !important; }}
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"], [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stSkipToContent"], [data-testid="stElementToolbar"] {{ display: none !important; }}
[data-testid="stApp"], [data-testid="stMain"], [data-testid="stAppViewContainer"] {{
  background: var(--latar) !important; color: var(--teks); }}
[data-testid="stMainBlockContainer"] {{
  padding: calc(1.4 * var(--u)) calc(2.2 * var(--u)) !important; max-width: none !important;
  height: 100vh; box-sizing: border-box; }}
[data-testid="stMainBlockContainer"] > div {{ height: 100%; }}
[data-testid="stMainBlockContainer"] > div > [data-testid="stVerticalBlock"] {{
  height: 100%; gap: calc(1.6 * var(--u)); }}
[data-stale="true"] {{ opacity: 1 !important; transition: none !important; }}
[data-testid="stMarkdownContainer"] {{ margin-bottom: 0 !important; }}
[data-testid="stMarkdownContainer"] p {{
  font-size: 1rem; line-height: 1.2; margin: 0; color: var(--teks); overflow-wrap: normal; word-break: normal;
  hyphens: manual; }}
.st-key-layar_bingkai {{ border-bottom: calc(0.3 * var(--u)) solid var(--teks); padding-bottom: calc(0.8 * var(--u));
  gap: calc(2.4 * var(--u)); flex-wrap: nowrap; }}
.st-key-layar_bingkai p {{ white-space: nowrap; }}
.st-key-layar_kiri {{ gap: calc(0.8 * var(--u)) calc(2 * var(--u)); flex-wrap: wrap; }}
[data-testid="stLayoutWrapper"]:has(> .st-key-layar_kiri) {{ order: 1; flex: 1 1 0; min-width: 0; }}
[data-testid="stLayoutWrapper"]:has(> .st-key-layar_kanan) {{ order: 2; flex: 0 0 auto; }}
.st-key-layar_judul p {{ font-weight: 800; text-transform: uppercase; letter-spacing: 0.04em; }}
[class*="st-key-layar_lencana"] p {{ background: {lencana}; color: #000000; font-weight: 800;
  padding: 0 calc(0.8 * var(--u)); border-radius: calc(0.4 * var(--u)); }}
.st-key-layar_kanan {{ gap: calc(2.4 * var(--u)); flex-wrap: nowrap; }}
.st-key-layar_kendali, .st-key-layar_kendali * {{ font-weight: 800; font-variant-numeric: tabular-nums;
  color: var(--teks); line-height: 1.2; height: auto !important; }}
.st-key-layar_isi p {{ font-size: calc(4.3 * var(--u)); font-weight: 700; line-height: 1.15; }}
.st-key-layar_isi table {{ width: 100%; table-layout: fixed; border-collapse: collapse; border: none;
  margin: calc(2.4 * var(--u)) 0 0 0; }}
.st-key-layar_isi tr, .st-key-layar_isi thead, .st-key-layar_isi tbody {{ background: transparent !important;
  border: none !important; }}
.st-key-layar_isi th, .st-key-layar_isi td {{ border: none !important; background: transparent !important;
  padding: 0 calc(2 * var(--u)) 0 0 !important; text-align: left !important; color: var(--teks); }}
.st-key-layar_isi th {{ font-size: 1rem !important; font-weight: var(--tebal); color: var(--redup);
  vertical-align: bottom; line-height: 1.15; white-space: normal; overflow-wrap: normal; hyphens: manual; }}
.st-key-layar_isi td {{ font-size: calc(7.2 * var(--u)) !important; font-weight: 800; line-height: 1.1;
  white-space: nowrap; }}
.st-key-layar_catatan p {{ color: var(--redup); }}
[data-testid="stLayoutWrapper"]:has(> .st-key-layar_grafik) {{ flex: 1 1 0; min-height: 0; }}
.st-key-layar_grafik {{ height: 100%; }}
.st-key-layar_grafik > [data-testid="stElementContainer"] p {{ font-size: calc(4 * var(--u)); color: var(--redup); }}
[data-testid="stLayoutWrapper"]:has(> .st-key-layar_catatan) {{ order: -1; margin-bottom: calc(0.8 * var(--u)); }}
</style>"""
"""The projector's style: one unit (--u) for every size, so a slide scales with the window as a whole."""


def _tema() -> Tema:
    return TEMA[fl.pilihan_layar("tema")]


def _gaya() -> None:
    tm = _tema()
    st.html(GAYA.format(latar=tm.latar, teks=tm.teks, redup=tm.redup, tebal=tm.tebal, lencana=k.WARNA["jingga"]))


# ------------------------------------------------------------------------------------------------
# The playlist and where the projector stands in it
# ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Tayang:
    """One place in the playlist: a slide, and for a per-province slide its province."""

    salindia: Salindia
    provinsi: str | None = None


def urutan(f: fl.Filter) -> list[Tayang]:
    """The slides of this session's playlist in order; the province round goes through the provinces in the
    province filter, or else every province of the plan year, by code."""
    hasil: list[Tayang] = []
    for kunci in DAFTAR_PUTAR[fl.pilihan_layar("daftar")]:
        s = SALINDIA[kunci]
        if s.per_provinsi:
            semua = tuple(bd.kueri("provinsi", f.tahun)["kode_provinsi"])
            hasil += [Tayang(s, p) for p in (f.provinsi or semua)]
        else:
            hasil.append(Tayang(s))
    return hasil


def _awal(daftar: list[Tayang], halaman: str, f: fl.Filter) -> int:
    """Where the projector starts: at the slide that stands for the page it was switched on from."""
    for i, x in enumerate(daftar):
        if x.salindia.halaman == halaman and (x.provinsi is None or x.provinsi in f.provinsi[:1]):
            return i
    return 0


def _geser(langkah: int) -> None:
    s = st.session_state
    s[POSISI] = (s.get(POSISI, 0) + langkah) % max(1, s.get(JUMLAH, 1))
    s[SEJAK] = time.monotonic()


def _tombol() -> None:
    """A key from the presenter: next, previous, pause/resume, or leave the projector."""
    s = st.session_state
    aksi = s[KENDALI].tombol
    if aksi in ("maju", "mundur"):
        _geser(1 if aksi == "maju" else -1)
    elif aksi == "jeda":
        s[JEDA] = not s.get(JEDA, False)
        s[SEJAK] = time.monotonic()
    elif aksi == "keluar":
        s[KELUAR] = True


def _ukuran() -> None:
    lebar, tinggi = st.session_state[KENDALI].ukuran or UKURAN_RANCANGAN
    st.session_state[UKURAN] = (int(lebar), int(tinggi))


def skala() -> float:
    """How large the window is against the design size (1.0 at 1920x1080, 0.667 at 1280x720)."""
    lebar, tinggi = st.session_state.get(UKURAN, UKURAN_RANCANGAN)
    return max(0.3, min(lebar / UKURAN_RANCANGAN[0], tinggi / UKURAN_RANCANGAN[1]))


def _keluar(daftar_halaman: list[StreamlitPage], sekarang: Tayang) -> None:
    """Leave the projector for the desk page that the slide on screen stands for."""
    for kunci in (POSISI, SEJAK, JEDA, IDENTITAS, KELUAR, JUMLAH):
        st.session_state.pop(kunci, None)
    fl.keluar_layar()
    if sekarang.provinsi and fl.aktif().provinsi != (sekarang.provinsi,):
        fl.pilih_provinsi(sekarang.provinsi)
    st.switch_page(next(h for h in daftar_halaman if h.url_path == sekarang.salindia.halaman))


# ------------------------------------------------------------------------------------------------
# The projector's run
# ------------------------------------------------------------------------------------------------

def tampilkan(halaman: StreamlitPage, daftar_halaman: list[StreamlitPage]) -> None:
    """Draw the projector: the frame, the slide on turn, and the watch that moves and refreshes it."""
    s = st.session_state
    f = fl.tanpa_widget()
    daftar = urutan(f)
    if POSISI not in s:
        s[POSISI], s[SEJAK] = _awal(daftar, halaman.url_path, f), time.monotonic()
    s[JUMLAH] = len(daftar)
    posisi = s[POSISI] % len(daftar)
    sekarang = daftar[posisi]
    if s.get(KELUAR):
        _keluar(daftar_halaman, sekarang)
    s[IDENTITAS] = bd.identitas_berkas()
    isi = baca(sekarang, f)
    _gaya()
    _bingkai(sekarang, posisi, len(daftar), f)
    _gambar(sekarang, isi)
    _jaga()


def _jaga() -> None:
    """Every few seconds: next slide when its time is up (unless paused); redraw when a load has landed."""
    putar = fl.detik_putar()

    @st.fragment(run_every=max(1, min(10, putar // 5)))
    def jaga() -> None:
        s = st.session_state
        if bd.identitas_berkas() != s.get(IDENTITAS):
            st.rerun()
        if not s.get(JEDA) and time.monotonic() - s.get(SEJAK, 0) >= putar:
            _geser(1)
            st.rerun()

    jaga()


# ------------------------------------------------------------------------------------------------
# Reading a slide: every figure and the chart, before anything is drawn
# ------------------------------------------------------------------------------------------------

@dataclass
class Isi:
    """What a slide shows, read and formatted: values by column name, the figures, the chart."""

    nilai: dict[str, object]
    angka: list[tuple[str, str]]
    grafik: Opsi | None


def baca(x: Tayang, f: fl.Filter) -> Isi:
    """Read a slide's figures (each measure once) and build its chart."""
    pf = f.dengan(provinsi=(x.provinsi,)) if x.provinsi else f
    baris: dict[str, pd.Series] = {}
    for a in x.salindia.angka:
        if a.ukuran not in baris:
            df = bd.ukuran(a.ukuran, pf.parameter())
            baris[a.ukuran] = df.iloc[0] if not df.empty else pd.Series(dtype=object)
    nilai_: dict[str, object] = {}
    for r in baris.values():
        nilai_.update({kol: (None if _kosong(v) else v) for kol, v in r.items()})
    angka = [(t(f"layar.angka.{a.label}", dari=_tulis(nilai_.get(a.dari), "angka")) if a.dari
              else t(f"layar.angka.{a.label}"), _tulis(nilai_.get(a.kolom), a.bentuk)) for a in x.salindia.angka]
    return Isi(nilai_, angka, GRAFIK[x.salindia.grafik](pf))


def _kosong(v: object) -> bool:
    return v is None or (not isinstance(v, str) and bool(pd.isna(v)))


def _tulis(v: object, bentuk: str) -> str:
    """A value as the hall reads it."""
    b = bahasa()
    if _kosong(v):
        return fmt.KOSONG
    return {"persen": lambda: fmt.persen(v, 1, b), "rupiah": lambda: fmt.rupiah(v, b, awalan=False),
            "selisih": lambda: fmt.selisih(v, 0, b)}.get(bentuk, lambda: fmt.angka(v, 0, b))()


def _polos(teks: str) -> str:
    """Text from the data shown as it is: every ASCII punctuation mark escaped, so Markdown renders none."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", teks)


def _hari(v: object) -> str:
    """The day a slide is about: 'Hari ini, 4 Maret 2021' when it is today, else with its weekday."""
    b = bahasa()
    hari = pd.Timestamp(v).date()
    if hari == dt.date.today():
        return t("layar.hari_ini", tanggal=fmt.tanggal(hari, b))
    return f"{fmt.hari(hari, b)}, {fmt.tanggal(hari, b)}"


def kalimat(kunci: str, isi: Isi, salindia: Salindia) -> str | None:
    """A headline or note of the catalogue filled with the slide's values; its ``_kosong`` variant when one
    of the values it names is missing. None when the catalogue has no such text.

    A value is written as its figure is on the slide; ``{hari}`` is the day the slide is about, a name
    starting with ``waktu`` a time of day, text is shown as it is (never as Markdown)."""
    if not ada(kunci):
        return None
    nama = set(re.findall(r"{(\w+)}", t(kunci)))
    if any(_kosong(isi.nilai.get(n)) for n in nama) and ada(f"{kunci}_kosong"):
        return kalimat(f"{kunci}_kosong", isi, salindia)
    bentuk = {a.kolom: a.bentuk for a in salindia.angka}
    isian = {}
    for n in nama:
        v = isi.nilai.get(n)
        if _kosong(v):
            isian[n] = fmt.KOSONG
        elif n == "hari":
            isian[n] = _hari(v)
        elif n.startswith("waktu"):
            isian[n] = fmt.waktu(v, bahasa(), pendek=True)
        elif isinstance(v, str):
            isian[n] = v
        else:
            isian[n] = _tulis(v, bentuk.get(n, "angka"))
    return _polos(t(kunci, **isian))


# ------------------------------------------------------------------------------------------------
# Drawing
# ------------------------------------------------------------------------------------------------

def _bingkai(x: Tayang, posisi: int, jumlah: int, f: fl.Filter) -> None:
    """The thin frame: slide title, plan year, badges (sample data, paused, filters), then the time of the
    data, slide n of m and the clock.

    Elements are sent in an order that never shifts from one run to the next (the badges, whose number
    varies, go last and are placed by CSS), so a redraw replaces each element in place."""
    with st.container(horizontal=True, key="layar_bingkai", vertical_alignment="center"):
        with st.container(horizontal=True, key="layar_kanan", width="content", vertical_alignment="center"):
            muat = bd.kueri("muat_terakhir")
            waktu = (t("layar.data", waktu=fmt.waktu(muat["finished_at"].iloc[0], bahasa(), pendek=True))
                     if not muat.empty else t("layar.belum_dimuat"))
            st.markdown(_polos(waktu), width="content")
            st.markdown(f"{posisi + 1} / {jumlah}", width="content")
            _kendali()
        with st.container(horizontal=True, key="layar_kiri", vertical_alignment="center"):
            with st.container(key="layar_judul", width="content"):
                st.markdown(_polos(t(f"layar.salindia.{x.salindia.kunci}.judul")))
            st.markdown(_polos(t("layar.tahun", tahun=f.tahun)), width="content")
            for i, teks in enumerate(_lencana(x, f)):
                with st.container(key=f"layar_lencana_{i}", width="content"):
                    st.markdown(_polos(teks))


def _lencana(x: Tayang, f: fl.Filter) -> list[str]:
    """The frame's badges: sample data, paused, the filters in force (and which of them do not apply to
    every figure here), URL values that were ignored."""
    hasil = []
    if bd.skalar("sampel"):
        hasil.append(t("layar.sampel"))
    if st.session_state.get(JEDA):
        hasil.append(t("layar.jeda"))
    aktif = [d for d in fl.DIMENSI if getattr(f, d) and not (d == "provinsi" and x.provinsi)]
    if aktif:
        opsi = fl.pilihan(f.tahun)
        hasil.append(t("layar.filter", daftar=", ".join(
            str(opsi[d].get(v, v)) for d in aktif for v in getattr(f, d))))
        if tidak := [t(f"filter.{d}") for d in aktif if d not in x.salindia.berlaku]:
            hasil.append(t("layar.tidak_berlaku", daftar=", ".join(tidak)))
    if dibuang := fl.url_dibuang():
        hasil.append(t("layar.diabaikan", daftar=", ".join(dibuang)))
    return hasil


def _gambar(x: Tayang, isi: Isi) -> None:
    """The slide: headline and figures, chart (or what stands in for a chart with no data), and a note above
    the chart where the slide has one (sent last, so that its coming and going shifts no other element).

    The headline and the figures are one element (a paragraph and a one-row table), so they change together:
    the hall never reads a headline that disagrees with the figure under it."""
    kunci = f"layar.salindia.{x.salindia.kunci}"
    label = " | ".join(_polos(a) for a, _ in isi.angka)
    nilai_ = " | ".join(_polos(v) for _, v in isi.angka)
    with st.container(key="layar_isi"):
        st.markdown(f"{kalimat(f'{kunci}.kalimat', isi, x.salindia)}\n\n| {label} |\n"
                    f"|{':--|' * len(isi.angka)}\n| {nilai_} |")
    with st.container(key="layar_grafik"):
        if isi.grafik is None:
            st.markdown(_polos(t(f"{kunci}.grafik_kosong") if ada(f"{kunci}.grafik_kosong")
                               else t("layar.grafik_kosong")))
        else:
            st.echarts_chart(isi.grafik, key="layar_grafik_echarts", theme=None, renderer="svg", width="stretch",
                             height="stretch")
        if catatan := kalimat(f"{kunci}.catatan", isi, x.salindia):
            with st.container(key="layar_catatan"):
                st.markdown(catatan)


KENDALI_JS = """
export default function (komponen) {
  const { data, setTriggerValue, setStateValue, parentElement } = komponen;
  if (window.__selarasLayar) { window.__selarasLayar(); }
  const jam = parentElement.querySelector('[data-jam]');
  const dua = (n) => String(n).padStart(2, '0');
  const tulisJam = () => {
    const d = new Date();
    jam.textContent = dua(d.getHours()) + data.pemisah + dua(d.getMinutes());
  };
  const tombol = { ArrowRight: 'maju', PageDown: 'maju', ArrowLeft: 'mundur', PageUp: 'mundur',
                   ' ': 'jeda', Escape: 'keluar' };
  const tekan = (e) => {
    const aksi = tombol[e.key];
    if (!aksi || e.altKey || e.ctrlKey || e.metaKey || e.repeat) { return; }
    e.preventDefault();
    setTriggerValue('tombol', aksi);
  };
  let tunda = null;
  const ukur = () => {
    clearTimeout(tunda);
    tunda = setTimeout(() => setStateValue('ukuran', [window.innerWidth, window.innerHeight]), 150);
  };
  tulisJam();
  const detak = setInterval(tulisJam, 1000);
  document.addEventListener('keydown', tekan);
  window.addEventListener('resize', ukur);
  setStateValue('ukuran', [window.innerWidth, window.innerHeight]);
  const bersih = () => {
    clearInterval(detak);
    clearTimeout(tunda);
    document.removeEventListener('keydown', tekan);
    window.removeEventListener('resize', ukur);
  };
  window.__selarasLayar = bersih;
  return bersih;
}
"""
"""The presenter's keys (right/left, PageDown/PageUp, space, Esc), the clock, the window size.

It runs once per mount (and again only when ``data`` changes), replacing its own earlier listeners."""

_kendali_komponen = st.components.v2.component(
    "selaras_layar_kendali", html='<span data-jam aria-label="jam"></span>', js=KENDALI_JS, isolate_styles=False)


def _kendali() -> None:
    _kendali_komponen(key=KENDALI, data={"pemisah": "." if bahasa() == "id" else ":"}, width="content",
                      on_tombol_change=_tombol, on_ukuran_change=_ukuran)


# ------------------------------------------------------------------------------------------------
# Charts: each reads its measure and returns an ECharts option (None when there is nothing to show).
# ECharts, not Plotly, on the projector: a keyed ECharts chart is updated in place when its data changes,
# where a Plotly chart is mounted afresh (its identity includes its figure) and is blank for a moment.
# ------------------------------------------------------------------------------------------------

Opsi = dict[str, object]


def _huruf(px: float = 26) -> int:
    """A type size on the slide's scale: 26 px at 1080p, never under the 24 px a hall needs (scaled)."""
    return round(px * skala())


def _teks(ukuran: float = 26, **lain: object) -> Opsi:
    """A text style of the theme at ``ukuran`` px (at 1080p)."""
    tm = _tema()
    return {"fontFamily": k.HURUF, "fontSize": _huruf(ukuran), "color": tm.teks, "fontWeight": tm.tebal, **lain}


def _tata(judul: str, **lain: object) -> Opsi:
    """The projector's chart: the theme's ground, the title top left, no animation, no tooltip, no clutter."""
    tm = _tema()
    return {"animation": False, "backgroundColor": tm.latar, "textStyle": _teks(),
            "title": {"text": judul, "left": 0, "top": 0, "padding": 0, "textStyle": _teks(28, fontWeight=700)},
            "tooltip": {"show": False}, **lain}


def _grid(kiri: bool = True, legenda: bool = False) -> Opsi:
    """The plot area: under the title (and the legend), with room for the axis labels."""
    return {"left": 0, "right": _huruf(60), "bottom": 0, "top": _huruf(100 if legenda else 60), "containLabel": kiri}


def _legenda(nama: list[str]) -> Opsi:
    return {"data": nama, "right": 0, "top": _huruf(40), "itemWidth": _huruf(36), "itemHeight": _huruf(20),
            "itemGap": _huruf(30), "textStyle": _teks(), "selectedMode": False}


def _sumbu_kategori(label: list[str], **lain: object) -> Opsi:
    tm = _tema()
    return {"type": "category", "data": label, "axisTick": {"show": False},
            "axisLine": {"show": False}, "axisLabel": _teks(color=tm.teks), **lain}


def _judul(salindia: str) -> str:
    return t(f"layar.salindia.{salindia}.grafik")


def _warna_teks(latar: str) -> str:
    """Black or white text, whichever reads better on ``latar`` (by relative luminance)."""
    r, g, b = (int(latar.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4))
    cahaya = 0.2126 * r ** 2.2 + 0.7152 * g ** 2.2 + 0.0722 * b ** 2.2
    return "#000000" if cahaya > 0.22 else "#FFFFFF"


def _campur(skala_: tuple[str, ...], p: float) -> str:
    """The colour at ``p`` (0..1) along a scale of hex colours, mixed linearly between its steps."""
    p = min(1.0, max(0.0, p)) * (len(skala_) - 1)
    i = min(int(p), len(skala_) - 2)
    a, b = ([int(c.lstrip("#")[j:j + 2], 16) for j in (0, 2, 4)] for c in skala_[i:i + 2])
    return "#" + "".join(f"{round(x + (y - x) * (p - i)):02X}" for x, y in zip(a, b))


def peta(f: fl.Filter, kolom: str, label: Callable[[float], str], judul: str) -> Opsi | None:
    """The tile map for the hall: one equal tile per province, laid out like the archipelago.

    Unlike the desk page's map (markers sized in pixels, clickable), tiles are the cells of a 15 x 6 grid,
    so they fill whatever height the slide leaves; the provinces in the filter get a frame.
    """
    df = bd.ukuran("ringkasan_provinsi", f.dengan(provinsi=()).parameter())
    if df.empty or df[kolom].isna().all():
        return None
    tm = _tema()
    lo, hi = df[kolom].min(), df[kolom].max()
    pilih = set(f.provinsi)
    data = []
    for r in df.itertuples():
        v = getattr(r, kolom)
        warna = tm.kosong if pd.isna(v) else _campur(tm.skala_baik, (v - lo) / ((hi - lo) or 1))
        data.append({
            "value": [int(r.grid_kolom), int(r.grid_baris), None if pd.isna(v) else float(v)],
            "itemStyle": {"color": warna, "borderColor": tm.teks if r.kode_provinsi in pilih else tm.latar,
                          "borderWidth": _huruf(7) if r.kode_provinsi in pilih else _huruf(5)},
            "label": {"formatter": f"{{n|{r.nama_pendek}}}\n{fmt.KOSONG if pd.isna(v) else label(v)}",
                      "color": _warna_teks(warna)}})
    return _tata(
        judul, grid={"left": 0, "right": 0, "top": _huruf(50), "bottom": 0},
        xAxis={"type": "category", "data": list(range(15)), "show": False},
        yAxis={"type": "category", "data": list(range(6)), "show": False, "inverse": True},
        series=[{"type": "heatmap", "data": data, "label": {"show": True, **_teks(24), "lineHeight": _huruf(29),
                                                             "rich": {"n": {"fontWeight": 800}}}}])


def grafik_progres_harian(f: fl.Filter) -> Opsi | None:
    """Finished sessions day by day against the plan (cumulative), the figures that matter written on the lines:
    finished and planned by the latest day in the data, and the plan's total. (ECharts writes axis numbers
    the English way, so the value axis carries gridlines only.)"""
    harian = bd.ukuran("progres_harian", f.parameter())
    if harian.empty:
        return None
    tm, b = _tema(), bahasa()
    lebar = _huruf(5 if tm.tebal > 600 else 4)
    nama = [t("progres.rencana"), t("progres.realisasi")]
    akhir = harian["selesai_kumulatif"].last_valid_index()

    def titik(kolom: str, tulis: set) -> list:
        return [None if pd.isna(v) else {"value": int(v), "label": {
            "show": i in tulis, "formatter": fmt.angka(v, 0, b)}} for i, v in zip(harian.index, harian[kolom])]

    label = {"position": "top", "distance": _huruf(14), **_teks(fontWeight=800)}
    return _tata(
        _judul("progres"), legend=_legenda(nama), grid={**_grid(legenda=True), "left": _huruf(50)},
        xAxis=_sumbu_kategori([fmt.tanggal(d, b, pendek=True) for d in harian["tanggal"]], boundaryGap=False,
                              axisLine={"show": True, "lineStyle": {"color": tm.garis}}),
        yAxis={"type": "value", "axisLabel": {"show": False}, "splitLine": {"lineStyle": {"color": tm.kisi}},
               "splitNumber": 4},
        series=[{"name": nama[0], "type": "line", "data": titik("rencana_kumulatif", {akhir, harian.index[-1]}),
                 "symbol": "emptyCircle", "symbolSize": _huruf(14), "label": label,
                 "lineStyle": {"color": tm.teks, "type": "dashed", "width": lebar}, "itemStyle": {"color": tm.teks}},
                {"name": nama[1], "type": "line", "data": titik("selesai_kumulatif", {akhir}), "symbol": "circle",
                 "symbolSize": _huruf(16), "label": {**label, "position": "bottom", "color": tm.utama},
                 "lineStyle": {"color": tm.utama, "width": lebar + 2}, "itemStyle": {"color": tm.utama}}])


def _batang(judul: str, label: list[str], nilai: list[float], teks: list[str], warna: list[str],
            batas: float | None = None) -> Opsi:
    """Horizontal bars, the first on top, each with its value written after it."""
    return _tata(
        judul, grid=_grid(),
        xAxis={"type": "value", "show": False, "max": batas},
        yAxis=_sumbu_kategori(label, inverse=True),
        series=[{"type": "bar", "barCategoryGap": "25%",
                 "data": [{"value": v, "itemStyle": {"color": w}, "label": {"formatter": x}}
                          for v, x, w in zip(nilai, teks, warna)],
                 "label": {"show": True, "position": "right", **_teks()}}])


def grafik_provinsi_tertinggal(f: fl.Filter) -> Opsi | None:
    """The provinces with the most late sessions, named (the eight that lag most)."""
    df = bd.ukuran("tertinggal", f.parameter())
    df = df[df["tingkat"] == "provinsi"].head(8)
    if df.empty:
        return None
    b = bahasa()
    return _batang(_judul("hari_ini"), list(df["nama_provinsi"]), [int(v) for v in df["terlambat"]],
                   [fmt.angka(v, 0, b) for v in df["terlambat"]], [k.WARNA["merah"]] * len(df))


def grafik_pagu_pn(f: fl.Filter) -> Opsi | None:
    """One province's proposed budget by National Priority (share of its pagu)."""
    pn = bd.ukuran("keselarasan_pn", f.parameter())
    if pn.empty:
        return None
    tm, b = _tema(), bahasa()
    pn = pn.sort_values("kode_pn", key=lambda s: s.map(lambda c: (c == "-", c)))
    label = [t("keselarasan.tanpa_pn", pendek=True) if c == "-" else f"{c} {n}"
             for c, n in zip(pn["kode_pn"], pn["nama_pn"])]
    return _batang(_judul("provinsi"), label, [float(v) for v in pn["porsi_pagu"]],
                   [fmt.persen(v, 0, b) for v in pn["porsi_pagu"]],
                   [k.WARNA["abu"] if c == "-" else tm.utama for c in pn["kode_pn"]],
                   batas=min(1.0, float(pn["porsi_pagu"].max()) * 1.15))


def grafik_kelas_indikator(f: fl.Filter) -> Opsi | None:
    """For each macro indicator: how many provinces' targets meet, are within or fall short of the national
    range (the most short first)."""
    df = bd.ukuran("kesenjangan_indikator", f.parameter())
    df = df[df["jenis"] == "makro"]
    if df.empty:
        return None
    tm, b = _tema(), bahasa()
    urut = list(dict.fromkeys(df["kunci_indikator"]))
    nama = dict(zip(df["kunci_indikator"], df["nama_indikator"]))
    if b == "en":
        rujukan = bd.kueri("indikator")
        nama |= {x: n for x, n in zip(rujukan["kode_indikator"], rujukan["nama_en"]) if x in nama}
    warna = {**k.WARNA_KELAS, "memenuhi": tm.utama}
    seri = []
    for kelas, w in warna.items():
        jumlah = df[df["kelas"] == kelas].set_index("kunci_indikator")["provinsi"].reindex(urut).fillna(0)
        seri.append({"name": nilai("kelas", kelas, pendek=True), "type": "bar", "stack": "kelas",
                     "barCategoryGap": "25%", "itemStyle": {"color": w, "borderColor": tm.latar, "borderWidth": 2},
                     "data": [{"value": int(v), "label": {"formatter": fmt.angka(v, 0, b) if v else ""}}
                              for v in jumlah],
                     "label": {"show": True, "position": "inside", **_teks(color=_warna_teks(w))}})
    return _tata(
        _judul("kesenjangan"), legend=_legenda([x["name"] for x in seri]), grid=_grid(legenda=True),
        xAxis={"type": "value", "show": False}, yAxis=_sumbu_kategori([nama[x] for x in urut], inverse=True),
        series=seri)


GRAFIK: dict[str, Callable[[fl.Filter], Opsi | None]] = {
    "peta_selesai": lambda f: peta(f, "porsi_selesai", lambda v: fmt.persen(v, 0, bahasa()), _judul("ringkasan")),
    "peta_pagu_pn": lambda f: peta(f, "porsi_pagu_pn", lambda v: fmt.persen(v, 0, bahasa()), _judul("keselarasan")),
    "progres_harian": grafik_progres_harian,
    "provinsi_tertinggal": grafik_provinsi_tertinggal,
    "kelas_indikator": grafik_kelas_indikator,
    "pagu_pn": grafik_pagu_pn,
}
"""The charts the slides name (salindia.Salindia.grafik)."""
