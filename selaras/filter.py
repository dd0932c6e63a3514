"""The filters: one place for their state, their widgets and their round trip through the URL.

A list filter is a repeated parameter (?provinsi=32&provinsi=33); commas are read too (?provinsi=32,33).
URL -> session state happens once per session (a bookmark or a shared link opens a new session);
every value is checked against the reference lists of the database, and a value that is not on them
is dropped with a visible notice. Only values taken from those lists reach SQL, and only as parameters.
Session state -> URL happens on every run, so the address bar always holds the view on screen.
Besides the filters (tahun, provinsi, kl, pn, mp, desk) the URL may hold banding=2024 (the plan year the
year-over-year page compares with; by default the edition before tahun), bahasa=en and, for the projector,
layar=1, putar=30 (seconds per slide), daftar=provinsi (the playlist) and tema=kontras (the theme): one rule
each in ``ATURAN_URL`` (banding with the years). A number in the URL is read only when it is written in ASCII
digits of a sensible length ('²' is a digit to str.isdigit() but not to int(), and int() refuses more than
4.300 digits).

The widgets live in the entrypoint (app.py), which runs on every page. Their values are kept apart from the
widgets and given back to them at the start of every run (``_pegang``): Streamlit drops a widget's value on
a page switch when the browser does not report that widget, which it does not when the click comes before
the widget has finished drawing; a widget drawn again without its value, and without a default, shows
nothing and sends an empty choice back (the language became None, and every page failed on it).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from selaras import basis_data as bd
from selaras.salindia import DAFTAR_BAWAAN, DAFTAR_PUTAR, TEMA, TEMA_BAWAAN
from selaras.teks import BAHASA, bahasa, t

DIMENSI = ("provinsi", "kl", "pn", "mp", "desk")
"""The list filters, in the order of the widgets and of the measure macros' parameters."""

PUTAR_BAWAAN, PUTAR_MIN, PUTAR_MAX = 45, 5, 600
"""Projector mode: seconds on each slide, by default and at the least and most a URL may ask for."""

PILIHAN_LAYAR = {"daftar": (DAFTAR_PUTAR, DAFTAR_BAWAAN), "tema": (TEMA, TEMA_BAWAAN)}
"""The projector's named choices in the URL: their allowed values and their default."""

TAHUN_BAWAAN = 2022
"""The plan year of the bundled sample (the 2021 edition), used only when the database has no data."""


@dataclass(frozen=True)
class Filter:
    """The filters of one run: what every measure is asked for."""

    tahun: int
    provinsi: tuple[str, ...] = ()
    kl: tuple[str, ...] = ()
    pn: tuple[str, ...] = ()
    mp: tuple[str, ...] = ()
    desk: tuple[int, ...] = ()
    banding: int | None = None
    """The plan year to compare with; None: the edition before ``tahun`` (see tahun_banding)."""

    def parameter(self) -> tuple:
        """The parameters of every measure macro: (tahun, provinsi, kl, pn, mp, desk)."""
        return (self.tahun, *(getattr(self, d) for d in DIMENSI))

    def parameter_edisi(self, banding: int) -> tuple:
        """The parameters of the year-over-year measures: (tahun, banding, provinsi, kl, desk). PN and MP
        codes differ between plan periods, so those filters do not travel across editions."""
        return (self.tahun, banding, self.provinsi, self.kl, self.desk)

    def dengan(self, **ubah: object) -> Filter:
        """This filter with some values replaced (a drill-down narrows it)."""
        return dataclasses.replace(self, **ubah)

    def aktif_pada(self) -> set[str]:
        """The list filters that are set."""
        return {d for d in DIMENSI if getattr(self, d)}


def daftar_tahun() -> list[int]:
    """Plan years in the data, latest first."""
    df = bd.kueri("tahun")
    return [int(x) for x in df["tahun"]] if not df.empty else [TAHUN_BAWAAN]


def pilihan(tahun: int) -> dict[str, dict]:
    """For each list filter: code -> label, from the reference lists valid in ``tahun``."""
    en = bahasa() == "en"
    prov = bd.kueri("provinsi", tahun)
    pn = bd.kueri("pn", tahun)
    mp = bd.kueri("mp", tahun)
    kl = bd.kueri("kl")
    desk = bd.kueri("desk")
    return {
        "provinsi": dict(zip(prov["kode_provinsi"], prov["nama_provinsi"])),
        "kl": {k: f"{s} ({k})" for k, s in zip(kl["kode_kl"], kl["singkatan"])},
        "pn": {k: f"{k} {n}" for k, n in zip(pn["kode_pn"], pn["nama_en"] if en else pn["nama_pendek"])},
        "mp": {k: f"{k} {n}" for k, n in zip(mp["kode_mp"], mp["nama_pendek"])},
        "desk": {int(k): f"{k}. {n}" for k, n in zip(desk["desk_no"], desk["nama_desk"])},
    }


def _kunci(dimensi: str) -> str:
    return f"f_{dimensi}"


def bilangan(teks: str, digit: int) -> int | None:
    """A whole number written in ASCII digits, at most ``digit`` of them; None for anything else."""
    teks = teks.strip()
    return int(teks) if re.fullmatch(f"[0-9]{{1,{digit}}}", teks) else None


def _normal(dimensi: str, teks: str) -> object:
    """A URL value in the form the reference list uses ('pn3' -> 'PN3', '12' -> 12 for desks)."""
    teks = teks.strip()
    if dimensi == "desk":
        return bilangan(teks, 3)
    return teks.upper() if dimensi in ("pn", "mp") else teks


@dataclass(frozen=True)
class Aturan:
    """A URL parameter besides the filters, kept in session state under its own name."""

    bawaan: object
    """Its value when the URL does not give one; a value equal to it is left out of the URL."""
    baca: Callable[[str], object | None]
    """The URL's text -> the value, or None when the text is not a valid value."""
    layar: bool = False
    """A setting of the projector: written to the URL only in projector mode."""


def _detik(teks: str) -> int | None:
    detik = bilangan(teks, 3)
    return detik if detik is not None and PUTAR_MIN <= detik <= PUTAR_MAX else None


ATURAN_URL = {
    "bahasa": Aturan("id", lambda v: v if v in BAHASA else None),
    "layar": Aturan(False, lambda v: True if v == "1" else None),
    "putar": Aturan(PUTAR_BAWAAN, _detik, layar=True),
    **{nama: Aturan(bawaan, lambda v, sah=sah: v if v in sah else None, layar=True)
       for nama, (sah, bawaan) in PILIHAN_LAYAR.items()},
}
"""bahasa=en (English), layar=1 (projector mode), putar=30 (its seconds per slide, 5 to 600), daftar and tema
(the projector's playlist and theme, from PILIHAN_LAYAR)."""


def _aman(teks: str) -> str:
    """A rejected URL value, shortened and stripped, fit to show in a notice."""
    return re.sub(r"[^\w.,\- ]", "", teks)[:24] or "?"


def tahun_banding(f: Filter, tahun_ada: list[int] | None = None) -> int | None:
    """The plan year ``f.tahun`` is compared with: the one chosen, else the latest edition before it
    (None when there is none)."""
    if f.banding is not None:
        return f.banding
    lebih_awal = [y for y in (tahun_ada or daftar_tahun()) if y < f.tahun]
    return max(lebih_awal) if lebih_awal else None


def _baca_url(tahun_ada: list[int]) -> None:
    """Once per session: URL -> session state, dropping what the reference lists do not hold."""
    qp = st.query_params
    dibuang: list[str] = []
    for nama, aturan in ATURAN_URL.items():
        if (mentah := qp.get(nama)) is not None:
            if (nilai := aturan.baca(mentah)) is not None:
                st.session_state[nama] = nilai
            else:
                dibuang.append(f"{nama}={_aman(mentah)}")
    tahun = tahun_ada[0]
    if (mentah := qp.get("tahun")) is not None:
        if bilangan(mentah, 4) in tahun_ada:
            tahun = bilangan(mentah, 4)
        else:
            dibuang.append(f"tahun={_aman(mentah)}")
    st.session_state[_kunci("tahun")] = tahun
    banding = None
    if (mentah := qp.get("banding")) is not None:
        if bilangan(mentah, 4) in tahun_ada and bilangan(mentah, 4) != tahun:
            banding = bilangan(mentah, 4)
        else:
            dibuang.append(f"banding={_aman(mentah)}")
    st.session_state[_kunci("banding")] = banding or BANDING_OTOMATIS
    opsi = pilihan(tahun)
    for d in DIMENSI:
        sah = []
        for v in (v for mentah in qp.get_all(d) for v in mentah.split(",") if v.strip()):
            kode = _normal(d, v)
            if kode not in opsi[d]:
                dibuang.append(f"{d}={_aman(v)}")
            elif kode not in sah:  # the same valid value twice is not an error
                sah.append(kode)
        st.session_state[_kunci(d)] = sah
    st.session_state["_url_dibuang"] = dibuang


def _tulis_url(f: Filter) -> None:
    """Session state -> URL: the address bar always holds the view on screen."""
    baru: dict[str, list[str]] = {"tahun": [str(f.tahun)]}
    if f.banding is not None:
        baru["banding"] = [str(f.banding)]
    for d in DIMENSI:
        if nilai := getattr(f, d):
            baru[d] = [str(v) for v in nilai]
    for nama, aturan in ATURAN_URL.items():
        if aturan.layar and not mode_layar():  # the projector's settings mean nothing elsewhere
            continue
        if (nilai := st.session_state.get(nama, aturan.bawaan)) != aturan.bawaan:
            baru[nama] = ["1" if nilai is True else str(nilai)]
    if {k: st.query_params.get_all(k) for k in st.query_params} != baru:
        st.query_params.from_dict(baru)


def _berubah() -> None:
    """A filter changed by hand: the notice about the URL has done its work."""
    st.session_state["_url_dibuang"] = []


def hapus_semua() -> None:
    """Clear every list filter (the year stays)."""
    for d in DIMENSI:
        st.session_state[_kunci(d)] = []
    _berubah()


def pilih_provinsi(kode: str | None) -> None:
    """Filter to one province (from a map tile or the profile page); the same province again clears it."""
    sekarang = st.session_state.get(_kunci("provinsi"), [])
    st.session_state[_kunci("provinsi")] = [] if kode is None or sekarang == [kode] else [kode]
    _berubah()


def _pegang(kunci: str, sah: Callable[[object], bool], bawaan: object) -> None:
    """Before the widget ``kunci`` is drawn: give it its last valid value (see the module's docstring).

    The last valid value is kept under a name no widget owns; a value set through session state before
    the widget is drawn is also sent to the browser, so the two never drift apart for longer than a run.
    """
    tetap = f"_tetap_{kunci}"
    if not (kunci in st.session_state and sah(nilai := st.session_state[kunci])):
        nilai = st.session_state.get(tetap, bawaan)
        if not sah(nilai):  # valid once, not under today's choices (another year)
            nilai = bawaan
    st.session_state[tetap] = st.session_state[kunci] = nilai


def mulai() -> None:
    """At the start of every run: the first run of a session takes its filters and language from the URL;
    every run gives the language and projector switches their last valid values."""
    if not st.session_state.get("_url_dibaca"):
        _baca_url(daftar_tahun())
        st.session_state["_url_dibaca"] = True
    _pegang("bahasa", lambda b: b in BAHASA, ATURAN_URL["bahasa"].bawaan)
    _pegang("layar", lambda v: isinstance(v, bool), ATURAN_URL["layar"].bawaan)


def _tahun_dalam_data() -> list[int]:
    """The plan years in the data; the chosen one becomes the latest when a new load no longer holds it."""
    tahun_ada = daftar_tahun()
    _pegang(_kunci("tahun"), lambda v: v in tahun_ada, tahun_ada[0])
    return tahun_ada


def pasang() -> Filter:
    """Draw the filter widgets (in the sidebar) and return the filters of this run."""
    tahun_ada = _tahun_dalam_data()
    tahun = st.selectbox(t("filter.tahun"), tahun_ada, key=_kunci("tahun"), on_change=_berubah,
                         help=t("filter.tahun_bantuan"), persist_state="session")
    _pasang_banding(tahun, tahun_ada)
    opsi = pilihan(tahun)
    for d in DIMENSI:
        kunci = _kunci(d)
        _pegang(kunci, lambda v: isinstance(v, list), [])
        st.session_state[kunci] = [v for v in st.session_state[kunci] if v in opsi[d]]
        st.multiselect(t(f"filter.{d}"), list(opsi[d]), format_func=opsi[d].get, key=kunci,
                       on_change=_berubah, placeholder=t("filter.semua"), persist_state="session")
    f = aktif()
    if f.aktif_pada():
        st.button(t("filter.hapus"), on_click=hapus_semua, width="stretch")
    _tulis_url(f)
    return f


def tanpa_widget() -> Filter:
    """The filters of a run that draws no widgets (the projector), the URL kept in step as by ``pasang``."""
    _tahun_dalam_data()
    f = aktif()
    _tulis_url(f)
    return f


BANDING_OTOMATIS = 0
"""The comparison year's widget value for 'the edition before' (a selectbox shows None as no choice at all)."""


def _pasang_banding(tahun: int, tahun_ada: list[int]) -> None:
    """The second year of the year filter: the edition to compare with (shown when there are two or more)."""
    lain = [y for y in tahun_ada if y != tahun]
    _pegang(_kunci("banding"), lambda v: v == BANDING_OTOMATIS or v in lain, BANDING_OTOMATIS)
    if lain:
        sebelumnya = tahun_banding(Filter(tahun), tahun_ada)
        otomatis = t("filter.banding_otomatis", tahun=sebelumnya) if sebelumnya else t("filter.banding_tidak_ada")
        st.selectbox(t("filter.banding"), [BANDING_OTOMATIS, *lain], key=_kunci("banding"), on_change=_berubah,
                     help=t("filter.banding_bantuan"), format_func=lambda y: str(y) if y else otomatis,
                     persist_state="session")


def aktif() -> Filter:
    """The filters as they stand in session state."""
    s = st.session_state
    return Filter(int(s.get(_kunci("tahun"), TAHUN_BAWAAN)),
                  *(tuple(s.get(_kunci(d), [])) for d in DIMENSI), banding=s.get(_kunci("banding")) or None)


def mode_layar() -> bool:
    """Projector mode (?layar=1): slides for the plenary screen instead of the pages (selaras/layar.py)."""
    return bool(st.session_state.get("layar"))


def detik_putar() -> int:
    """Seconds the projector stays on a slide (?putar=30; 5 to 600)."""
    return st.session_state.get("putar", ATURAN_URL["putar"].bawaan)


def pilihan_layar(nama: str) -> str:
    """The projector's playlist (nama='daftar') or theme (nama='tema') of this session."""
    return st.session_state.get(nama, PILIHAN_LAYAR[nama][1])


def keluar_layar() -> None:
    st.session_state["layar"] = False


def url_dibuang() -> list[str]:
    """URL values dropped when this session started (until a filter is changed by hand)."""
    return st.session_state.get("_url_dibuang", [])
