"""Progres Desk: how far the 40 desks are, province by province and day by day."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from selaras import basis_data as bd
from selaras import filter as fl
from selaras import format as fmt
from selaras import komponen as k
from selaras.dokumen import tombol
from selaras.teks import bahasa, nilai, t

f = fl.aktif()
p = f.parameter()
b = bahasa()

st.title(t("progres.judul"))
st.caption(t("umum.tahun_rencana", tahun=f.tahun))
k.catatan_filter(f, "sesi_desk")

nas = bd.ukuran("progres_nasional", p).iloc[0]
if nas["sesi"] == 0:
    k.kosong()
    st.stop()

acuan = fmt.tanggal(nas["tanggal_acuan"], b)
k.pita_kpi([
    k.Kpi(t("kpi.sesi_selesai_dari", n=fmt.angka(nas["sesi"], 0, b)), fmt.angka(nas["selesai"], 0, b),
          t("kpi.sesi_selesai_bantuan"), fmt.selisih(nas["selesai"] - nas["selesai_sehari_sebelumnya"], 0, b),
          t("kpi.pada_hari", tanggal=fmt.tanggal(nas["tanggal_acuan"], b, pendek=True))),
    k.Kpi(t("kpi.porsi_selesai"), fmt.persen(nas["porsi_selesai"], 1, b), t("kpi.porsi_selesai_bantuan")),
    k.Kpi(t("kpi.berlangsung"), fmt.angka(nas["berlangsung"], 0, b), t("kpi.berlangsung_bantuan")),
    k.Kpi(t("kpi.berita_acara"), fmt.angka(nas["berita_acara"], 0, b), t("kpi.berita_acara_bantuan")),
    k.Kpi(t("kpi.terlambat"), fmt.angka(nas["terlambat"], 0, b), t("kpi.terlambat_bantuan", tanggal=acuan)),
])
st.caption(t("progres.acuan", tanggal=acuan))

sesi = bd.ukuran("sesi_desk", p)


def bagian_hari_ini() -> None:
    """What changed on the day (the projector's 'Perubahan Hari Ini' slide reads the same measure), and the growth
    of finished sessions against the plan."""
    hari = bd.ukuran("perubahan_hari_rapat", p).iloc[0]
    st.subheader(t("progres.hari", tanggal=acuan))
    selesai_hari, sejak_pagi = t("kpi.selesai_hari_bantuan"), t("kpi.sejak_pagi_bantuan")
    k.pita_kpi([
        k.Kpi(t("layar.angka.selesai_hari"), fmt.angka(hari["sesi_selesai"], 0, b), selesai_hari),
        k.Kpi(t("layar.angka.berita_acara_hari"), fmt.angka(hari["berita_acara"], 0, b), selesai_hari),
        k.Kpi(t("layar.angka.usulan_baru"), fmt.selisih(hari["usulan_disetujui_baru"], 0, b), sejak_pagi),
        k.Kpi(t("layar.angka.target_baru"), fmt.selisih(hari["target_disepakati_baru"], 0, b), sejak_pagi),
    ])
    if pd.isna(hari["run_pembanding"]):
        st.caption(t("layar.salindia.hari_ini.catatan_kosong"))
    else:
        st.caption(t("layar.salindia.hari_ini.catatan", run_pembanding=int(hari["run_pembanding"]),
                     waktu_pembanding=fmt.waktu(hari["waktu_pembanding"], b, pendek=True)))
    k.definisi("perubahan_hari_rapat")

    st.subheader(t("progres.harian"))
    harian = bd.ukuran("progres_harian", p)
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=harian["tanggal"], y=harian["rencana_kumulatif"], name=t("progres.rencana"),
                             mode="lines+markers", line={"color": k.WARNA["hitam"], "dash": "dash", "width": 3},
                             marker={"symbol": "circle-open", "size": 9}))
    fig.add_trace(go.Scatter(x=harian["tanggal"], y=harian["selesai_kumulatif"], name=t("progres.realisasi"),
                             mode="lines+markers", line={"color": k.WARNA["biru"], "width": 4},
                             marker={"symbol": "circle", "size": 10}))
    k.tata_letak(fig, tinggi=380)
    fig.update_xaxes(tickvals=harian["tanggal"], ticktext=[fmt.tanggal(d, b, pendek=True) for d in harian["tanggal"]],
                     tickangle=0, showgrid=False)
    fig.update_yaxes(title=t("progres.sesi_kumulatif"), gridcolor="#DDDDDD", showgrid=True, rangemode="tozero",
                     tickformat=",d")
    fig.update_layout(hovermode="x unified", legend={"y": 1.08, "yanchor": "bottom"})
    k.grafik(fig, kunci="harian")



def bagian_grid() -> None:
    """Every session on a desk x province grid, and the sessions whose data has a problem."""
    provinsi = sesi.drop_duplicates("kode_provinsi").sort_values("kode_provinsi")
    desk = sesi.drop_duplicates("desk_no").sort_values("desk_no")
    k.matriks_kategori(
        sesi, "desk_no", "kode_provinsi", "keadaan", k.WARNA_KEADAAN,
        {d: f"{d:02d} {n}" for d, n in zip(desk["desk_no"], desk["nama_desk"])},
        dict(zip(provinsi["kode_provinsi"], provinsi["nama_pendek"])),
        [f"Desk {d} · {n}: {nilai('keadaan', x)} · "
         + (t("progres.hover_bermasalah", alasan=a or t("progres.status_kosong")) if x == "data_bermasalah"
            else f"{t('kolom.tanggal_jadwal')} {fmt.tanggal(j, b)}")
         for d, n, x, j, a in zip(sesi["desk_no"], sesi["nama_pendek"], sesi["keadaan"], sesi["tanggal_jadwal"],
                                  sesi["ditolak_alasan"])],
        lambda x: nilai("keadaan", x), kunci="grid_desk", tinggi_baris=22)
    masalah = sesi[sesi["keadaan"] == "data_bermasalah"]
    if not masalah.empty:
        st.warning(t("progres.bermasalah", n=fmt.angka(len(masalah), 0, b)))
        k.tabel(masalah.assign(ditolak_alasan=masalah["ditolak_alasan"].fillna(t("progres.status_kosong"))),
                k.jenis_kolom("sesi_desk", "desk_no", "nama_pendek", "ditolak_file", "ditolak_lembar", "ditolak_baris",
                              "ditolak_alasan"),
                "sesi_bermasalah", kunci="sesi_bermasalah", judul=t("progres.judul_bermasalah"))
        for run in sorted({int(r) for r in masalah["ditolak_run"].dropna()}, reverse=True):
            if st.button(t("progres.buka_penolakan", run=run), key=f"buka_penolakan_{run}"):
                st.session_state["run_penolakan"] = run
                st.switch_page("halaman/data.py")
    k.definisi("status_sesi", "terlambat", "data_bermasalah")



def bagian_per_desk() -> None:
    """Sessions per desk by state."""
    per_desk = bd.ukuran("progres_desk", p)
    fig = go.Figure()
    for kolom_, warna in (("selesai", k.WARNA["biru"]), ("berlangsung", k.WARNA["jingga"]),
                          ("belum_mulai", k.WARNA["abu_muda"]), ("data_bermasalah", k.WARNA["kuning"])):
        fig.add_trace(go.Bar(y=[f"{d:02d} {n}" for d, n in zip(per_desk["desk_no"], per_desk["nama_desk"])],
                             x=per_desk[kolom_], name=nilai("status", kolom_), orientation="h",
                             marker={"color": warna, "line": {"width": 0.5, "color": "#666666"}}))
    k.tata_letak(fig, tinggi=max(360, 22 * len(per_desk) + 100), barmode="stack")
    fig.update_yaxes(autorange="reversed", tickfont={"size": 13})
    fig.update_xaxes(title=t("progres.jumlah_sesi"))
    fig.update_layout(legend={"y": 1.0, "yanchor": "bottom"})
    k.grafik(fig, kunci="per_desk")
    k.tabel(per_desk, k.jenis_kolom("progres_desk", "desk_no", "nama_desk", "sesi", "belum_mulai", "berlangsung",
                                     "selesai", "data_bermasalah", "berita_acara", "terlambat", "porsi_selesai",
                                     "porsi_ba"),
            "progres_desk", kunci="progres_desk", judul=t("progres.per_desk"))



def bagian_tertinggal() -> None:
    """The provinces and sessions behind schedule."""
    per_provinsi = bd.ukuran("progres_provinsi", p).sort_values(["terlambat", "porsi_selesai"], ascending=[False, True])
    kiri, kanan = st.columns([2, 3])
    with kiri:
        st.markdown(f"**{t('progres.provinsi_tertinggal')}**")
        k.tabel(per_provinsi, k.jenis_kolom("progres_provinsi", "nama_provinsi", "sesi", "terlambat", "porsi_selesai"),
                "progres_provinsi", kunci="progres_provinsi", judul=t("progres.provinsi_tertinggal"), tinggi=420)
    with kanan:
        st.markdown(f"**{t('progres.sesi_terlambat')}**")
        terlambat = sesi[sesi["terlambat"]].sort_values(["tanggal_jadwal", "desk_no"])
        if terlambat.empty:
            st.success(t("progres.tidak_ada_terlambat"))
        else:
            k.tabel(terlambat, k.jenis_kolom("sesi_desk", "desk_no", "nama_desk", "nama_pendek", "tanggal_jadwal",
                                             "status"),
                    "sesi_terlambat", kunci="sesi_terlambat", judul=t("progres.sesi_terlambat"), tinggi=420)
    k.definisi("sesi_selesai", "berita_acara", "terlambat")


# The page's parts, one tab each: only the tab on screen is drawn (a browser's cost of a view grows with what it
# draws); the day's figures first, as the hall asks for them.
k.tab("progres_bagian", {t("progres.tab_hari"): bagian_hari_ini, t("progres.grid"): bagian_grid,
                         t("progres.per_desk"): bagian_per_desk, t("progres.tertinggal"): bagian_tertinggal,
                         t("dokumen.judul_bagian"): lambda: tombol.berita_acara_desk(f)})
