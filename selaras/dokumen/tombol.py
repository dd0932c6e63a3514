"""The download buttons the pages show. A document is made when its button is clicked (Streamlit runs the
callable then), from the same measures the page shows; the template is checked when the page draws, so a
broken template is explained on screen instead of failing on the click.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable

import streamlit as st

from selaras import basis_data as bd
from selaras import filter as fl
from selaras.dokumen import bahan, isi_laporan
from selaras.dokumen import berita_acara as ba
from selaras.dokumen.templat import GalatTemplat, Templat
from selaras.teks import bahasa, t

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


_NAMA_ISIAN: dict[str, tuple[str, ...]] = {}
"""The names of the fields each kind of document offers, learnt from the first one the server makes. They are
the same whatever the data; the values are not made until a button is clicked (making every field of a desk's
draft, its proposals one by one, on each draw of the page took a good part of a second at national scale)."""


def _templat_siap(templat: Templat, isian: Callable[[], dict]) -> bool:
    """Whether ``templat`` can make its document: the check the page shows before offering the button."""
    if templat.berkas not in _NAMA_ISIAN:
        _NAMA_ISIAN[templat.berkas] = tuple(isian())
    try:
        templat.periksa(_NAMA_ISIAN[templat.berkas])
    except GalatTemplat as e:
        st.error(t("dokumen.templat_rusak", galat=str(e)))
        return False
    return True


def _semua_desk(b: bahan.Bahan, kode: str) -> bytes:
    """Every desk draft of one province, zipped."""
    keluar = io.BytesIO()
    with zipfile.ZipFile(keluar, "w", zipfile.ZIP_DEFLATED) as z:
        for d in b.desk_provinsi(kode):
            z.writestr(ba.nama_berkas_desk(b, kode, d), ba.berita_acara_desk(b, kode, d))
    return keluar.getvalue()


def berita_acara_provinsi(tahun: int, kode: str) -> None:
    """Profil Provinsi: the province's recapitulation, one desk's draft, or all its desks' drafts."""
    b = bahan.ambil(bd, tahun, (kode,))
    if not _templat_siap(ba.TEMPLAT_REKAP, lambda: ba.isian_rekap(b, kode, dt.datetime.now())):
        return
    desk = b.desk_provinsi(kode)
    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.download_button(t("dokumen.unduh_rekap"), lambda: ba.rekapitulasi_provinsi(b, kode),
                           file_name=ba.nama_berkas_rekap(b, kode), mime=DOCX, on_click="ignore",
                           key="unduh_rekap", help=t("dokumen.unduh_rekap_bantuan"))
        if desk:
            pilih = st.selectbox(t("dokumen.desk"), desk, key="dokumen_desk_profil",
                                 format_func=lambda d: f"{d}. {b.desk.get(d, '')}")
            if _templat_siap(ba.TEMPLAT_DESK, lambda: ba.isian_desk(b, kode, pilih, dt.datetime.now())):
                st.download_button(t("dokumen.unduh_desk"), lambda: ba.berita_acara_desk(b, kode, pilih),
                                   file_name=ba.nama_berkas_desk(b, kode, pilih), mime=DOCX, on_click="ignore",
                                   key="unduh_desk_profil", help=t("dokumen.unduh_desk_bantuan"))
                st.download_button(t("dokumen.unduh_semua", n=len(desk)), lambda: _semua_desk(b, kode),
                                   file_name=ba.nama_berkas_semua_desk(b, kode), mime="application/zip",
                                   on_click="ignore",
                                   key="unduh_semua_desk")
    st.caption(t("dokumen.catatan_unduh"))


def berita_acara_desk(f: fl.Filter) -> None:
    """Progres Desk: the draft of a chosen desk with a chosen province (the filtered ones first). The choice is
    kept while the viewer looks at another tab of the page (this one is then not drawn)."""
    opsi = fl.pilihan(f.tahun)
    provinsi, desk = opsi["provinsi"], opsi["desk"]
    provinsi_awal = f.provinsi[0] if f.provinsi else next(iter(provinsi))
    desk_awal = f.desk[0] if f.desk else next(iter(desk))
    kiri, kanan = st.columns([2, 3])
    with kiri:
        kode = st.selectbox(t("filter.provinsi"), list(provinsi), index=list(provinsi).index(provinsi_awal),
                            format_func=provinsi.get, key="dokumen_provinsi", persist_state="session")
    with kanan:
        no = st.selectbox(t("dokumen.desk"), list(desk), index=list(desk).index(desk_awal), format_func=desk.get,
                          key="dokumen_desk", persist_state="session")
    b = bahan.ambil(bd, f.tahun, (kode,), (no,))
    if _templat_siap(ba.TEMPLAT_DESK, lambda: ba.isian_desk(b, kode, no, dt.datetime.now())):
        st.download_button(t("dokumen.unduh_desk"), lambda: ba.berita_acara_desk(b, kode, no),
                           file_name=ba.nama_berkas_desk(b, kode, no), mime=DOCX, on_click="ignore",
                           key="unduh_desk", help=t("dokumen.unduh_desk_bantuan"))
    st.caption(t("dokumen.catatan_unduh"))


def _pdf_laporan(isi: isi_laporan.Isi) -> bytes:
    """The brief as PDF; its drawing library is loaded on the first click, not with the first page."""
    from selaras.dokumen import laporan_harian
    return laporan_harian.buat_pdf(isi)


def laporan_harian(tahun: int) -> None:
    """Ringkasan: today's brief for the leadership, in the app's language."""
    bhs = bahasa()
    isi = isi_laporan.ambil(bd, tahun, bhs)
    st.download_button(t("laporan.unduh"), lambda: _pdf_laporan(isi),
                       file_name=isi_laporan.nama_berkas(tahun, bhs), mime="application/pdf", on_click="ignore",
                       key="unduh_laporan_harian", help=t("laporan.unduh_bantuan"), type="primary")
