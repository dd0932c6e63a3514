"""Profil Provinsi: everything about one province on one screen, for its desk or plenary slot."""

import plotly.graph_objects as go
import streamlit as st

from selaras import basis_data as bd
from selaras import filter as fl
from selaras import format as fmt
from selaras import komponen as k
from selaras.dokumen import tombol
from selaras.teks import bahasa, nilai, t

f = fl.aktif()
b = bahasa()
opsi = fl.pilihan(f.tahun)["provinsi"]
kode = f.provinsi[0] if f.provinsi else next(iter(opsi))
st.session_state["profil_provinsi"] = kode
st.selectbox(t("filter.provinsi"), list(opsi), key="profil_provinsi", format_func=opsi.get,
             on_change=lambda: fl.pilih_provinsi(st.session_state["profil_provinsi"]))
pf = f.dengan(provinsi=(kode,))
p = pf.parameter()

st.title(opsi[kode])
st.caption(t("umum.tahun_rencana", tahun=f.tahun))
r = bd.ukuran("ringkasan_provinsi", p).iloc[0]
nas = bd.ukuran("progres_nasional", p).iloc[0]
if not r["jumlah_usulan"] and not r["sesi"] and not r["indikator"]:
    k.kosong(t("profil.kosong", provinsi=opsi[kode]))
    st.stop()

k.pita_kpi([
    k.Kpi(t("kpi.jumlah_usulan"), fmt.angka(r["jumlah_usulan"], 0, b), t("kpi.jumlah_usulan_bantuan")),
    k.Kpi(t("kpi.pagu"), fmt.rupiah(r["pagu"], b), t("kpi.pagu_bantuan")),
    k.Kpi(t("kpi.porsi_pagu_pn"), fmt.persen(r["porsi_pagu_pn"], 1, b), t("kpi.porsi_pagu_pn_bantuan")),
    k.Kpi(t("kpi.porsi_pagu_mp"), fmt.persen(r["porsi_pagu_mp"], 1, b), t("kpi.porsi_pagu_mp_bantuan")),
    k.Kpi(t("kpi.cakupan_mp"), f"{fmt.angka(r['mp_terlayani'], 0, b)} / {fmt.angka(r['mp_berlokasi'], 0, b)}",
          t("kpi.cakupan_mp_bantuan")),
])
k.catatan_kode_ditandai(r)
k.pita_kpi([
    k.Kpi(t("kpi.sesi_selesai_dari", n=fmt.angka(nas["sesi"], 0, b)), fmt.angka(nas["selesai"], 0, b),
          t("kpi.sesi_selesai_bantuan"), fmt.selisih(nas["selesai"] - nas["selesai_sehari_sebelumnya"], 0, b)
          if nas["sesi"] else None, t("kpi.pada_hari", tanggal=fmt.tanggal(nas["tanggal_acuan"], b, pendek=True))),
    k.Kpi(t("kpi.berita_acara"), fmt.angka(nas["berita_acara"], 0, b), t("kpi.berita_acara_bantuan")),
    k.Kpi(t("kpi.terlambat"), fmt.angka(nas["terlambat"], 0, b),
          t("kpi.terlambat_bantuan", tanggal=fmt.tanggal(nas["tanggal_acuan"], b))),
    k.Kpi(t("kpi.kesenjangan_terbuka"), f"{fmt.angka(r['kesenjangan_terbuka'], 0, b)} / "
          f"{fmt.angka(r['indikator'], 0, b)}", t("kpi.kesenjangan_terbuka_bantuan")),
    k.Kpi(t("kpi.target_disepakati"), fmt.angka(r["target_disepakati"], 0, b), t("kpi.target_disepakati_bantuan")),
])
k.catatan_filter(f, "ringkasan_provinsi")

kiri, kanan = st.columns(2)
with kiri:
    st.subheader(t("profil.pagu_per_pn"))
    pn = bd.ukuran("keselarasan_pn", p).sort_values("kode_pn", key=lambda s: s.map(lambda c: (c == "-", c)))
    if pn.empty:
        k.kosong(kunci="pn")
    else:
        label = [t("keselarasan.tanpa_pn", pendek=True) if c == "-" else f"{c} {n}"
                 for c, n in zip(pn["kode_pn"], pn["nama_pn"])]
        fig = go.Figure(go.Bar(
            y=label, x=pn["porsi_pagu"], orientation="h", text=[fmt.persen(v, 0, b) for v in pn["porsi_pagu"]],
            textposition="outside", textfont={"size": 16},
            marker={"color": [k.WARNA["abu"] if c == "-" else k.WARNA["biru"] for c in pn["kode_pn"]]},
            hovertext=[f"{fmt.rupiah(v, b)} · {fmt.angka(n, 0, b)} {t('kolom.jumlah_usulan').lower()}"
                       for v, n in zip(pn["pagu"], pn["jumlah_usulan"])], hoverinfo="text"))
        k.tata_letak(fig, tinggi=400)
        fig.update_yaxes(autorange="reversed", tickfont={"size": 15})
        fig.update_xaxes(tickformat=".0%", range=[0, min(1, pn["porsi_pagu"].max() * 1.25)], showgrid=True,
                         gridcolor="#E5E5E5")
        k.grafik(fig, kunci="profil_pn")
with kanan:
    st.subheader(t("profil.desk"))
    sesi = bd.ukuran("sesi_desk", p)
    if sesi.empty:
        k.kosong(kunci="desk")
    else:
        sesi = sesi.sort_values("desk_no").reset_index(drop=True)
        lebar = 8
        fig = go.Figure()
        for x, warna in k.WARNA_KEADAAN.items():
            bagian = sesi[sesi["keadaan"] == x]
            fig.add_trace(go.Scatter(
                x=bagian.index % lebar, y=bagian.index // lebar, mode="markers+text", name=nilai("keadaan", x),
                text=bagian["desk_no"].astype(str), textfont={"size": 15,
                                                              "color": "#FFFFFF" if x in ("terlambat", "selesai_ba")
                                                              else "#111111"},
                marker={"symbol": "square", "size": 44, "color": warna, "line": {"width": 1, "color": "#888"}},
                hovertext=[f"Desk {d} {n}: {nilai('keadaan', x)}" for d, n in zip(bagian["desk_no"],
                                                                                 bagian["nama_desk"])],
                hoverinfo="text"))
        k.tata_letak(fig, tinggi=400)
        fig.update_xaxes(visible=False, range=[-0.6, lebar - 0.4])
        fig.update_yaxes(visible=False, autorange="reversed")
        fig.update_layout(legend={"y": -0.05, "yanchor": "top"})
        k.grafik(fig, kunci="profil_desk")
k.definisi("keselarasan_pn", "status_sesi")

st.subheader(t("profil.target"))
target = bd.ukuran("kesenjangan_target", p)
if target.empty:
    k.kosong(kunci="target")
else:
    k.tabel(target, k.jenis_kolom("kesenjangan_target", "nama_indikator", "baseline", "target_nasional_min",
                                  "target_nasional_max", "target_daerah_min", "target_daerah_max", "kelas", "disepakati"),
            f"target_{kode}", kunci="profil_target", judul=f"{t('profil.target')} · {opsi[kode]}",
            latar={"kelas": k.LATAR_KELAS})
k.definisi("kesenjangan", "kelas")

st.subheader(t("profil.mp"))
mp = bd.ukuran("cakupan_mp", p)
lokasi = mp[mp["berlokasi"]]
if lokasi.empty:
    k.kosong(t("profil.tanpa_mp"), kunci="mp")
else:
    k.tabel(lokasi, k.jenis_kolom("cakupan_mp", "kode_mp", "nama_mp", "kode_pn", "jumlah_usulan", "usulan_disetujui",
                                  "pagu", "terlayani"),
            f"mp_{kode}", kunci="profil_mp", judul=f"{t('profil.mp')} · {opsi[kode]}")
k.definisi("cakupan_mp")

# ---- Berita Acara: the province's recapitulation and its desks' drafts ------------------------------------
st.subheader(t("dokumen.judul_bagian"))
tombol.berita_acara_provinsi(f.tahun, kode)
