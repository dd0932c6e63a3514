"""Ringkasan: the national picture on one screen: headline figures, the tile map, who lags."""

import pandas as pd
import streamlit as st

from selaras import basis_data as bd
from selaras import filter as fl
from selaras import format as fmt
from selaras import komponen as k
from selaras.dokumen import tombol
from selaras.teks import bahasa, t

f = fl.aktif()
p = f.parameter()
b = bahasa()

st.title(t("ringkasan.judul"))
st.caption(t("umum.tahun_rencana", tahun=f.tahun))

progres = bd.ukuran("progres_nasional", p).iloc[0]
selaras = bd.ukuran("keselarasan_nasional", p).iloc[0]
provinsi = bd.ukuran("ringkasan_provinsi", p)
riwayat = bd.ukuran("perubahan_muat", p)

if progres["sesi"] == 0 and not selaras["jumlah_usulan"] and provinsi["indikator"].sum() == 0:
    k.kosong()
    st.stop()

# Change since the previous load is only known per province: shown when no other filter is set.
sebelum = riwayat.iloc[1] if len(riwayat) == 2 and f.aktif_pada() <= {"provinsi"} else None
ket_muat = t("ringkasan.vs_muat", run=int(riwayat.iloc[1]["run_id"])) if sebelum is not None else None


def beda(kolom: str, sekarang: float, persen: bool = False) -> str | None:
    """The change of a headline figure since the previous load, formatted; None when it is not known."""
    if sebelum is None or pd.isna(sebelum[kolom]) or pd.isna(sekarang):
        return None
    selisih = sekarang - sebelum[kolom]
    return fmt.poin_persen(selisih, b) if persen else fmt.selisih(selisih, 0, b)


terbuka = int((provinsi["kesenjangan_terbuka"].fillna(0) > 0).sum())
ada_target = int((provinsi["indikator"] > 0).sum())
hari_ini = progres["selesai"] - progres["selesai_sehari_sebelumnya"]
k.pita_kpi([
    k.Kpi(t("kpi.sesi_selesai_dari", n=fmt.angka(progres["sesi"], 0, b)), fmt.angka(progres["selesai"], 0, b),
          t("kpi.sesi_selesai_bantuan"), fmt.selisih(hari_ini, 0, b) if progres["sesi"] else None,
          t("kpi.pada_hari", tanggal=fmt.tanggal(progres["tanggal_acuan"], b, pendek=True))),
    k.Kpi(t("kpi.berita_acara"), fmt.angka(progres["berita_acara"], 0, b), t("kpi.berita_acara_bantuan"),
          beda("berita_acara", progres["berita_acara"]), ket_muat),
    k.Kpi(t("kpi.porsi_usulan_pn"), fmt.persen(selaras["porsi_usulan_pn"], 1, b), t("kpi.porsi_usulan_pn_bantuan"),
          beda("porsi_usulan_pn", selaras["porsi_usulan_pn"], persen=True), ket_muat),
    k.Kpi(t("kpi.porsi_pagu_pn"), fmt.persen(selaras["porsi_pagu_pn"], 1, b), t("kpi.porsi_pagu_pn_bantuan"),
          beda("porsi_pagu_pn", selaras["porsi_pagu_pn"], persen=True), ket_muat),
    k.Kpi(t("kpi.provinsi_terbuka"), f"{terbuka} / {ada_target}", t("kpi.provinsi_terbuka_bantuan"),
          beda("provinsi_kesenjangan_terbuka", terbuka), ket_muat, warna_perubahan="inverse"),
])
k.catatan_kode_ditandai(selaras)

# ---- The leadership's daily brief, right under the headline figures --------------------------------------
tombol.laporan_harian(f.tahun)

# Column of ringkasan_provinsi -> (colour scale, label of a value, the measure it comes from, whose filters apply).
UKURAN_PETA = {
    "porsi_pagu_pn": ("baik_tinggi", lambda v: fmt.persen(v, 0, b), "keselarasan_provinsi"),
    "porsi_usulan_pn": ("baik_tinggi", lambda v: fmt.persen(v, 0, b), "keselarasan_provinsi"),
    "cakupan_mp": ("baik_tinggi", lambda v: fmt.persen(v, 0, b), "keselarasan_provinsi"),
    "porsi_selesai": ("baik_tinggi", lambda v: fmt.persen(v, 0, b), "progres_provinsi"),
    "kesenjangan_terbuka": ("buruk_tinggi", lambda v: fmt.angka(v, 0, b), "kesenjangan_provinsi"),
}
pilih = st.segmented_control(t("peta.ukuran"), list(UKURAN_PETA), key="ukuran_peta", required=True,
                             default="porsi_pagu_pn", format_func=lambda u: t(f"kolom.{u}", pendek=True))
skala, label, asal = UKURAN_PETA[pilih]
semua_provinsi = bd.ukuran("ringkasan_provinsi", f.dengan(provinsi=()).parameter())
k.peta_petak(semua_provinsi, pilih, label, skala, kunci="peta_ringkasan", judul=t(f"kolom.{pilih}"))
k.catatan_filter(f, asal)

st.subheader(t("ringkasan.tertinggal"))
kiri, kanan = st.columns(2)
desk = bd.ukuran("progres_desk", p).query("terlambat > 0").sort_values(["terlambat", "porsi_selesai"],
                                                                      ascending=[False, True])
prov = bd.ukuran("progres_provinsi", p).query("terlambat > 0").sort_values(["terlambat", "porsi_selesai"],
                                                                          ascending=[False, True])
with kiri:
    st.markdown(f"**{t('ringkasan.desk_tertinggal')}**")
    if desk.empty:
        st.success(t("progres.tidak_ada_terlambat"))
    else:
        desk["desk"] = [f"{d}. {n}" for d, n in zip(desk["desk_no"], desk["nama_desk"])]
        k.tabel(desk.head(10), {"desk": "teks", **k.jenis_kolom("progres_desk", "terlambat", "porsi_selesai")},
                "desk_tertinggal", kunci="desk_tertinggal", judul=t("ringkasan.desk_tertinggal"))
with kanan:
    st.markdown(f"**{t('ringkasan.provinsi_tertinggal')}**")
    if prov.empty:
        st.success(t("progres.tidak_ada_terlambat"))
    else:
        k.tabel(prov.head(10), k.jenis_kolom("progres_provinsi", "nama_provinsi", "terlambat", "porsi_selesai"),
                "provinsi_tertinggal", kunci="provinsi_tertinggal", judul=t("ringkasan.provinsi_tertinggal"))

k.definisi("sesi_selesai", "berita_acara", "keselarasan_pn", "cakupan_mp", "kesenjangan", "terlambat",
           "perubahan")
