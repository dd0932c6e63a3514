"""The filters: one place for their state, their widgets and their round trip through the URL.

A list filter is a repeated parameter (?provinsi=32&provinsi=33); commas are read too (?provinsi=32,33).
URL -> session state happens once per session (a bookmark or a shared link opens a new session);
every value is checked against the reference lists of the database, and a value that is not on them
is dropped with a visible notice. Only values taken from those lists reach SQL, and only as parameters.
Session state -> URL happens on every run, so the address bar always holds the view on screen.
Besides the filters (tahun, provinsi, kl, pn, mp, desk) the URL may hold banding=2024 (the plan year the
year-over-year page compares with; by default the edition before tahun), bahasa=en and, for the projector,
layar=1, putar=30 (seconds per slide), daftar=provinsi (the playlist) and tema=kontras (the theme); they are
checked the same way.

The widgets live in the entrypoint (app.py), which runs on every page: their state survives a page switch.
"""

from __future__ import annotations

import dataclasses
import re
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


def _normal(dimensi: str, teks: str) -> object:
    """A URL value in the form the reference list uses ('pn3' -> 'PN3', '12' -> 12 for desks)."""
    teks = teks.strip()
    if dimensi == "desk":
        return int(teks) if teks.isdigit() and len(teks) <= 3 else None
    return teks.upper() if dimensi in ("pn", "mp") else teks


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
    bhs = qp.get("bahasa")
    if bhs is not None:
        if bhs in BAHASA:
            st.session_state["bahasa"] = bhs
        else:
            dibuang.append(f"bahasa={_aman(bhs)}")
    layar = qp.get("layar")
    if layar is not None:
        if layar == "1":
            st.session_state["layar"] = True
        else:
            dibuang.append(f"layar={_aman(layar)}")
    putar = qp.get("putar")
    if putar is not None:
        if putar.isdigit() and PUTAR_MIN <= int(putar) <= PUTAR_MAX:
            st.session_state["putar"] = int(putar)
        else:
            dibuang.append(f"putar={_aman(putar)}")
    for nama, (sah, _) in PILIHAN_LAYAR.items():
        if (mentah := qp.get(nama)) is not None:
            if mentah in sah:
                st.session_state[nama] = mentah
            else:
                dibuang.append(f"{nama}={_aman(mentah)}")
    tahun = tahun_ada[0]
    if (mentah := qp.get("tahun")) is not None:
        if mentah.strip().isdigit() and int(mentah) in tahun_ada:
            tahun = int(mentah)
        else:
            dibuang.append(f"tahun={_aman(mentah)}")
    st.session_state[_kunci("tahun")] = tahun
    banding = None
    if (mentah := qp.get("banding")) is not None:
        if mentah.strip().isdigit() and int(mentah) in tahun_ada and int(mentah) != tahun:
            banding = int(mentah)
        else:
            dibuang.append(f"banding={_aman(mentah)}")
    st.session_state[_kunci("banding")] = banding or BANDING_OTOMATIS
    opsi = pilihan(tahun)
    for d in DIMENSI:
        nilai = [v for mentah in qp.get_all(d) for v in mentah.split(",") if v.strip()]
        sah = []
        for v in nilai:
            kode = _normal(d, v)
            if kode in opsi[d] and kode not in sah:
                sah.append(kode)
            else:
                dibuang.append(f"{d}={_aman(v)}")
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
    if bahasa() != "id":
        baru["bahasa"] = [bahasa()]
    if mode_layar():
        baru["layar"] = ["1"]
        if detik_putar() != PUTAR_BAWAAN:
            baru["putar"] = [str(detik_putar())]
        for nama, (_, bawaan) in PILIHAN_LAYAR.items():
            if (nilai := pilihan_layar(nama)) != bawaan:
                baru[nama] = [nilai]
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


def mulai() -> None:
    """At the start of every run: the first run of a session takes its filters and language from the URL."""
    if not st.session_state.get("_url_dibaca"):
        _baca_url(daftar_tahun())
        st.session_state["_url_dibaca"] = True
    st.session_state.setdefault("bahasa", "id")


def _tahun_dalam_data() -> list[int]:
    """The plan years in the data; the chosen one becomes the latest when a new load no longer holds it."""
    tahun_ada = daftar_tahun()
    if st.session_state.get(_kunci("tahun")) not in tahun_ada:
        st.session_state[_kunci("tahun")] = tahun_ada[0]
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
        st.session_state[kunci] = [v for v in st.session_state.get(kunci, []) if v in opsi[d]]
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
    if st.session_state.get(_kunci("banding")) not in lain:
        st.session_state[_kunci("banding")] = BANDING_OTOMATIS
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
    return st.session_state.get("putar", PUTAR_BAWAAN)


def pilihan_layar(nama: str) -> str:
    """The projector's playlist (nama='daftar') or theme (nama='tema') of this session."""
    return st.session_state.get(nama, PILIHAN_LAYAR[nama][1])


def keluar_layar() -> None:
    st.session_state["layar"] = False


def url_dibuang() -> list[str]:
    """URL values dropped when this session started (until a filter is changed by hand)."""
    return st.session_state.get("_url_dibuang", [])
