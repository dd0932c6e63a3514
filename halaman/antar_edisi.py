"""Antar Edisi: one plan year against another, nationally and per province: did alignment, desk progress
and target agreement rise or fall since the previous edition?"""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from selaras import basis_data as bd
from selaras import filter as fl
from selaras import format as fmt
from selaras import komponen as k
from selaras.teks import bahasa, kolom, t

f = fl.aktif()
b = bahasa()
banding = fl.tahun_banding(f)

# The headline figures compared, in two strips of three: alignment; desk progress and targets.
KPI = (("porsi_usulan_pn", "porsi_pagu_pn", "porsi_usulan_mp"),
       ("porsi_selesai", "porsi_target_memenuhi", "porsi_target_disepakati"))

st.title(t("edisi.judul"))
k.catatan_filter(f, "perbandingan_edisi")
tren = bd.ukuran("edisi", (f.provinsi, f.kl, f.desk))
tren = tren[tren["tingkat"] == "nasional"]
if tren["nilai"].isna().all():
    k.kosong()
    st.stop()
if banding is None:
    st.info(t("edisi.satu_edisi", tahun=f.tahun))
else:
    data = bd.ukuran("perbandingan_edisi", f.parameter_edisi(banding))
    nasional = data[data["tingkat"] == "nasional"].set_index("ukuran")
    pertama = data.iloc[0]
    st.caption(t("edisi.dibanding", tahun=f.tahun, periode=pertama["periode"], banding=banding,
                 periode_banding=pertama["periode_banding"] or fmt.KOSONG))
    if not pertama["sama_periode"]:
        st.info(t("edisi.beda_periode"))
    for pita in KPI:
        k.pita_kpi([
            k.Kpi(kolom(u), fmt.persen(nasional.at[u, "nilai"], 1, b), t("definisi.antar_edisi.isi"),
                  fmt.poin_persen(nasional.at[u, "perubahan"], b) if pd.notna(nasional.at[u, "perubahan"]) else None,
                  warna_perubahan="inverse" if nasional.at[u, "lebih_baik"] == "turun" else "normal")
            for u in pita])

# ---- National trend: one small panel per measure, every edition in the data --------------------------------
st.subheader(t("edisi.tren"))
ukuran = list(dict.fromkeys(tren.sort_values("urutan")["ukuran"]))
tahun_ada = sorted(tren["tahun"].unique())
kolom_panel = 3
fig = make_subplots(rows=-(-len(ukuran) // kolom_panel), cols=kolom_panel,
                    subplot_titles=[t(f"kolom.{u}", pendek=True) for u in ukuran], vertical_spacing=0.16, horizontal_spacing=0.06)
for i, u in enumerate(ukuran):
    baris = tren[tren["ukuran"] == u].sort_values("tahun")
    dipilih = baris["tahun"].isin([f.tahun, banding])
    fig.add_trace(go.Scatter(
        x=baris["tahun"], y=baris["nilai"], mode="lines+markers+text", showlegend=False,
        text=[fmt.persen(v, 0, b) if d else "" for v, d in zip(baris["nilai"], dipilih)],
        textposition="top center", line={"color": k.WARNA["abu"], "width": 2},
        marker={"size": [14 if d else 8 for d in dipilih],
                "color": [k.WARNA["biru"] if d else k.WARNA["abu"] for d in dipilih]},
        hovertext=[f"{y} · {kolom(u)}: {fmt.persen(v, 1, b)}" for y, v in zip(baris["tahun"], baris["nilai"])],
        hoverinfo="text"), row=i // kolom_panel + 1, col=i % kolom_panel + 1)
# Where the plan period changes: a dashed line between the last year of one period and the first of the next.
periode = tren.drop_duplicates("tahun").sort_values("tahun")
for (y0, p0), (y1, p1) in zip(periode[["tahun", "periode"]].to_numpy(), periode[["tahun", "periode"]].to_numpy()[1:]):
    if p0 != p1:
        for i in range(len(ukuran)):
            fig.add_vline(x=(y0 + y1) / 2, line_dash="dash", line_color=k.WARNA["hitam"], line_width=1,
                          row=i // kolom_panel + 1, col=i % kolom_panel + 1)
k.tata_letak(fig, tinggi=190 * (-(-len(ukuran) // kolom_panel)) + 80)
fig.update_xaxes(tickvals=tahun_ada, ticktext=[str(y) for y in tahun_ada],
                 range=[min(tahun_ada) - 0.6, max(tahun_ada) + 0.6])
fig.update_yaxes(tickformat=".0%", range=[0, 1.3], tickvals=[0, 0.5, 1], showgrid=True, gridcolor="#E5E5E5")
fig.update_annotations(font_size=15)
if tren["periode"].nunique() > 1:
    k.catatan_grafik(fig, t("edisi.beda_periode"))
k.grafik(fig, kunci="edisi_tren")
st.caption(t("edisi.tren_keterangan"))

# ---- Per province: the chosen measure in both years, largest rise first -------------------------------------
if banding is None:
    k.definisi("antar_edisi")
    st.stop()
provinsi = data[data["tingkat"] == "provinsi"]
beda_periode = not bool(pertama["sama_periode"])
st.subheader(t("edisi.per_provinsi", tahun=f.tahun, banding=banding))
pilih = st.segmented_control(t("edisi.pilih_ukuran"), ukuran, key="edisi_ukuran", required=True,
                             default="porsi_usulan_pn", format_func=lambda u: t(f"kolom.{u}", pendek=True))
sel = provinsi[(provinsi["ukuran"] == pilih) & (provinsi["nilai"].notna() | provinsi["nilai_banding"].notna())].copy()
sel["label"] = [n + (" *" if luas else "") + (f" ({t('edisi.baru', banding=banding)})" if baru else "")
                for n, luas, baru in zip(sel["nama_pendek"], sel["banding_wilayah_lebih_luas"], sel["baru"])]
sel = sel.sort_values(["perubahan", "nilai"], ascending=False, na_position="last")
warna = {True: k.WARNA["biru"], False: k.WARNA["merah"], None: k.WARNA["abu"]}
arah = [None if pd.isna(m) else bool(m) for m in sel["membaik"]]
fig = go.Figure()
for nama, kunci_arah in ((t("edisi.membaik"), True), (t("edisi.memburuk"), False), (t("edisi.tetap"), None)):
    bagian = sel[[a is kunci_arah for a in arah]]
    bagian = bagian[bagian["nilai_banding"].notna() & bagian["nilai"].notna()]
    xs, ys = [], []
    for _, r in bagian.iterrows():
        xs += [r["nilai_banding"], r["nilai"], None]
        ys += [r["label"], r["label"], None]
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name=nama, line={"color": warna[kunci_arah], "width": 5},
                             hoverinfo="skip"))
fig.add_trace(go.Scatter(
    x=sel["nilai_banding"], y=sel["label"], mode="markers", name=str(banding),
    marker={"symbol": "circle-open", "size": 13, "color": k.WARNA["hitam"], "line": {"width": 2}},
    hovertext=[f"{n} {banding}: {fmt.persen(v, 1, b)}" for n, v in zip(sel["nama_provinsi"], sel["nilai_banding"])],
    hoverinfo="text"))
fig.add_trace(go.Scatter(
    x=sel["nilai"], y=sel["label"], mode="markers", name=str(f.tahun),
    marker={"size": 14, "color": [warna[a] for a in arah]},
    hovertext=[f"{n} {f.tahun}: {fmt.persen(v, 1, b)} ({fmt.poin_persen(p, b) if pd.notna(p) else fmt.KOSONG})"
               for n, v, p in zip(sel["nama_provinsi"], sel["nilai"], sel["perubahan"])], hoverinfo="text"))
# The change, written right of whichever end lies further right, so a fall never writes over its own line.
fig.add_trace(go.Scatter(
    x=sel[["nilai", "nilai_banding"]].max(axis=1), y=sel["label"], mode="text", showlegend=False, hoverinfo="skip",
    text=["  " + fmt.poin_persen(p, b) if pd.notna(p) else "" for p in sel["perubahan"]], textposition="middle right",
    textfont={"size": 14, "color": [warna[a] for a in arah]}))
k.tata_letak(fig, tinggi=26 * len(sel) + 140)
fig.update_yaxes(autorange="reversed", tickfont={"size": 14}, showgrid=True,
                 gridcolor="#F0F0F0")
fig.update_xaxes(tickformat=".0%", range=[0, 1.12], showgrid=True, gridcolor="#E5E5E5", side="top")
fig.update_layout(legend={"orientation": "h", "y": -0.02, "yanchor": "top"})
if beda_periode:
    k.catatan_grafik(fig, t("edisi.beda_periode"))
st.markdown(f"**{kolom(pilih)}**")
k.grafik(fig, kunci="edisi_provinsi")
if sel["banding_wilayah_lebih_luas"].any():
    st.caption(t("edisi.wilayah_luas", banding=banding,
                 baru=", ".join(provinsi.loc[provinsi["baru"], "nama_provinsi"].drop_duplicates()) or fmt.KOSONG))

tabel = sel.assign(keterangan=[
    t("edisi.baru", banding=banding) if baru else (t("edisi.wilayah_luas_pendek", tahun=banding) if luas else "")
    for baru, luas in zip(sel["baru"], sel["banding_wilayah_lebih_luas"])])
tabel = tabel.rename(columns={"nilai_banding": str(banding), "nilai": str(f.tahun)})
k.tabel(tabel, {"nama_provinsi": "teks", str(banding): "persen", str(f.tahun): "persen", "perubahan": "poin",
                "keterangan": "teks"},
        f"antar_edisi_{pilih}_{f.tahun}_{banding}", kunci="edisi_tabel",
        judul=f"{kolom(pilih)} · {f.tahun} / {banding}")
k.definisi("antar_edisi")
