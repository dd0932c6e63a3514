"""The projector's slides and playlists, declared once, as data.

A slide (salindia) carries one message to the plenary hall: a headline sentence, a few large figures and one
chart. Each is declared here by what it shows: for every figure, the measure of etl/sql/tampilan.sql whose
single row holds it, how it is written and its short projector label; the chart (by name; drawn in
selaras/layar.py); and the desk page it stands for (the projector starts there when switched on from that page,
and returns to it when left). The filters that apply to all of a slide follow from its measures, as
etl/sql/ukuran.toml declares them. Its title, headline and note live in
selaras/teks.toml under ``layar.salindia.<kunci>``; the headline and the note are filled with the figures of
the slide by column name.

A playlist (daftar putar) is an ordered list of slides, chosen in the URL (``daftar=provinsi``); a slide
declared ``per_provinsi`` stands once for every province in view (the province round).

Nothing here imports Streamlit: selaras/filter.py checks URL values against these names.
"""

from __future__ import annotations

from dataclasses import dataclass

from selaras.kueri import KATALOG_UKURAN


@dataclass(frozen=True)
class Angka:
    """One large figure: the column ``kolom`` of the one-row measure ``ukuran``.

    ``bentuk`` says how it is written: angka (1.234), persen (73,8%), rupiah (4,0 T, its label saying Rp) or
    selisih (+12).
    ``label`` is its projector label, ``layar.angka.<label>``, which may name ``{dari}``: the column ``dari``
    of the same row, written as a count ('Sesi selesai, dari 1.358').
    """

    ukuran: str
    kolom: str
    bentuk: str
    label: str
    dari: str | None = None


@dataclass(frozen=True)
class Salindia:
    """One slide: see the module's docstring."""

    kunci: str
    halaman: str
    angka: tuple[Angka, ...]
    grafik: str
    per_provinsi: bool = False

    @property
    def berlaku(self) -> frozenset[str]:
        """The filters that apply to every figure of the slide, as etl/sql/ukuran.toml declares its measures."""
        return frozenset.intersection(*(frozenset(KATALOG_UKURAN[a.ukuran]["filter"]) for a in self.angka))

SALINDIA: dict[str, Salindia] = {s.kunci: s for s in (
    Salindia("ringkasan", "ringkasan", (
        Angka("progres_nasional", "selesai", "angka", "sesi_selesai", dari="sesi"),
        Angka("progres_nasional", "berita_acara", "angka", "berita_acara"),
        Angka("keselarasan_nasional", "porsi_usulan_pn", "persen", "usulan_pn"),
        Angka("keselarasan_nasional", "porsi_pagu_pn", "persen", "pagu_pn"),
        Angka("kesenjangan_nasional", "provinsi_terbuka", "angka", "provinsi_terbuka", dari="provinsi_target"),
    ), "peta_selesai"),
    Salindia("hari_ini", "progres-desk", (
        Angka("perubahan_hari_rapat", "sesi_selesai", "angka", "selesai_hari"),
        Angka("perubahan_hari_rapat", "berita_acara", "angka", "berita_acara_hari"),
        Angka("perubahan_hari_rapat", "usulan_disetujui_baru", "selisih", "usulan_baru"),
        Angka("perubahan_hari_rapat", "target_disepakati_baru", "selisih", "target_baru"),
        Angka("perubahan_hari_rapat", "sesi_terlambat", "angka", "terlambat"),
    ), "provinsi_tertinggal"),
    Salindia("progres", "progres-desk", (
        Angka("progres_nasional", "selesai", "angka", "sesi_selesai", dari="sesi"),
        Angka("progres_nasional", "porsi_selesai", "persen", "porsi_selesai"),
        Angka("progres_nasional", "berlangsung", "angka", "berlangsung"),
        Angka("progres_nasional", "berita_acara", "angka", "berita_acara"),
        Angka("progres_nasional", "terlambat", "angka", "terlambat"),
    ), "progres_harian"),
    Salindia("keselarasan", "keselarasan", (
        Angka("keselarasan_nasional", "porsi_usulan_pn", "persen", "usulan_pn"),
        Angka("keselarasan_nasional", "porsi_pagu_pn", "persen", "pagu_pn"),
        Angka("keselarasan_nasional", "porsi_usulan_mp", "persen", "usulan_mp"),
        Angka("keselarasan_nasional", "porsi_pagu_mp", "persen", "pagu_mp"),
        Angka("keselarasan_nasional", "mp_terlayani", "angka", "mp_terlayani", dari="mp_berlokasi"),
    ), "peta_pagu_pn"),
    Salindia("kesenjangan", "kesenjangan-target", (
        Angka("kesenjangan_nasional", "target", "angka", "target"),
        Angka("kesenjangan_nasional", "memenuhi", "angka", "memenuhi"),
        Angka("kesenjangan_nasional", "dalam_rentang", "angka", "dalam_rentang"),
        Angka("kesenjangan_nasional", "di_bawah", "angka", "di_bawah"),
        Angka("kesenjangan_nasional", "kesenjangan_terbuka", "angka", "kesenjangan_terbuka"),
    ), "kelas_indikator"),
    Salindia("provinsi", "profil-provinsi", (
        Angka("ringkasan_provinsi", "jumlah_usulan", "angka", "usulan"),
        Angka("ringkasan_provinsi", "pagu", "rupiah", "pagu"),
        Angka("ringkasan_provinsi", "porsi_pagu_pn", "persen", "pagu_pn"),
        Angka("ringkasan_provinsi", "sesi_selesai", "angka", "sesi_selesai", dari="sesi"),
        Angka("ringkasan_provinsi", "kesenjangan_terbuka", "angka", "kesenjangan_provinsi", dari="indikator"),
    ), "pagu_pn", per_provinsi=True),
)}

DAFTAR_PUTAR: dict[str, tuple[str, ...]] = {
    "utama": ("ringkasan", "progres", "hari_ini", "keselarasan", "kesenjangan"),
    "harian": ("progres", "hari_ini"),
    "provinsi": ("provinsi",),
}
"""The playlists: ``utama`` is the default rotation, ``harian`` the day's close, ``provinsi`` the province round."""
DAFTAR_BAWAAN = "utama"

TEMA = ("biasa", "kontras")
"""The projector's themes: the house style, and high contrast for washed-out projectors (``tema=kontras``)."""
TEMA_BAWAAN = "biasa"
