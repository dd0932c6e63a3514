"""Kesenjangan Target: each province's regional target against the national range and the baseline."""

import plotly.graph_objects as go
import streamlit as st

from selaras import basis_data as bd
from selaras import filter as fl
from selaras import format as fmt
from selaras import komponen as k
from selaras.teks import bahasa, nilai, polos, t

f = fl.aktif()
p = f.parameter()
b = bahasa()

st.title(t("kesenjangan.judul"))
st.caption(t("umum.tahun_rencana", tahun=f.tahun))
k.catatan_filter(f, "kesenjangan_target")

target = bd.ukuran("kesenjangan_target", p)
if target.empty:
    k.kosong()
    st.stop()

terbuka = target[target["kesenjangan_terbuka"]]
per_kelas = target["kelas"].value_counts()
k.pita_kpi([
    k.Kpi(t("kpi.target"), fmt.angka(len(target), 0, b), t("kpi.target_bantuan")),
    k.Kpi(t("kpi.kesenjangan_terbuka"), fmt.angka(len(terbuka), 0, b), t("kpi.kesenjangan_terbuka_bantuan")),
])
# Every class on a strip of its own, so that they visibly add up to the targets; 'tak_dinilai' only when there is one.
k.pita_kpi([k.Kpi(nilai("kelas", x, pendek=True), fmt.angka(per_kelas.get(x, 0), 0, b), t("definisi.kelas.isi"))
            for x in k.WARNA_KELAS if x != "tak_dinilai" or per_kelas.get(x, 0)])


def bagian_indikator() -> None:
    """One indicator: every province against the national range."""
    urutan_makro = list(bd.kueri("indikator")["kode_indikator"])
    indikator = target.drop_duplicates("kunci_indikator")
    indikator = indikator.assign(urutan=indikator["kunci_indikator"].map(
        lambda kunci: urutan_makro.index(kunci) if kunci in urutan_makro else len(urutan_makro))
    ).sort_values(["urutan", "kunci_indikator"])
    # One name per indicator, by the rule of the measures (etl/sql/tampilan.sql, kesenjangan_indikator): a name the
    # provinces spell differently is shown in the spelling first in alphabetical order.
    ejaan = target.groupby("kunci_indikator")["nama_indikator"].min()
    nama = {kunci: ejaan[kunci] for kunci in indikator["kunci_indikator"]}
    if st.session_state.get("indikator") not in nama:
        st.session_state["indikator"] = indikator["kunci_indikator"].iloc[0]
    pilih = st.selectbox(t("kesenjangan.indikator"), list(nama), key="indikator", format_func=nama.get,
                         persist_state="session")
    satu = target[target["kunci_indikator"] == pilih].iloc[::-1]
    info = satu.iloc[0]
    st.subheader(f"{polos(nama[pilih])} ({polos(info['satuan'] or '')}) · "
                 f"{t('kesenjangan.arah_naik') if info['arah'] == 'naik' else t('kesenjangan.arah_turun')}")
    label_y = [f"<b>{k.harfiah_grafik(n)}</b>" if o else k.harfiah_grafik(n)
               for n, o in zip(satu["nama_pendek"], satu["kesenjangan_terbuka"])]
    fig = go.Figure()
    fig.add_trace(go.Bar(
        y=label_y, base=satu["target_nasional_min"],
        x=(satu["target_nasional_max"] - satu["target_nasional_min"]).clip(lower=0).where(lambda s: s > 0, None),
        orientation="h", width=0.7, name=t("kesenjangan.rentang_nasional"),
        marker={"color": "#D0D0D0", "line": {"width": 0}}, hoverinfo="skip"))
    fig.add_trace(go.Scatter(
        y=label_y, x=satu["baseline"], mode="markers", name=t("kolom.baseline"),
        marker={"symbol": "circle-open", "size": 13, "color": k.WARNA["hitam"], "line": {"width": 2}},
        hovertemplate="%{y}: %{x}<extra>" + t("kolom.baseline") + "</extra>"))
    for kelas, warna in k.WARNA_KELAS.items():
        ada = (satu["kelas"] == kelas) & satu["target_daerah_acuan"].notna()
        bagian = satu[ada]
        if bagian.empty:
            continue
        y_bagian = [label_y[i] for i in range(len(satu)) if ada.iloc[i]]
        fig.add_trace(go.Scatter(
            y=y_bagian, x=bagian["target_daerah_acuan"], mode="markers", name=nilai("kelas", kelas),
            marker={"symbol": "diamond", "size": 16, "color": warna, "line": {"width": 1, "color": "#111111"}},
            error_x={"type": "data", "symmetric": False, "color": warna, "thickness": 3, "width": 0,
                     "array": (bagian["target_daerah_max"] - bagian["target_daerah_acuan"]).tolist(),
                     "arrayminus": (bagian["target_daerah_acuan"] - bagian["target_daerah_min"]).tolist()},
            hovertemplate="%{y}: %{x}<extra>" + t("kolom.target_daerah") + "</extra>"))
    sepakat = satu[satu["disepakati"] & satu["target_kesepakatan_min"].notna()]
    if not sepakat.empty:
        fig.add_trace(go.Scatter(
            y=[label_y[i] for i in range(len(satu)) if satu["disepakati"].iloc[i]
               and satu["target_kesepakatan_min"].notna().iloc[i]],
            x=sepakat["target_kesepakatan_min"], mode="markers", name=t("kolom.target_kesepakatan"),
            marker={"symbol": "line-ns", "size": 22, "line": {"width": 4, "color": k.WARNA["hijau"]}},
            hovertemplate="%{y}: %{x}<extra>" + t("kolom.target_kesepakatan") + "</extra>"))
    k.tata_letak(fig, tinggi=max(360, 28 * len(satu) + 120), barmode="overlay")
    fig.update_xaxes(title=k.harfiah_grafik(info["satuan"] or ""), showgrid=True, gridcolor="#E5E5E5")
    fig.update_yaxes(tickfont={"size": 14}, categoryorder="array", categoryarray=label_y)
    fig.update_layout(legend={"y": 1.0, "yanchor": "bottom"})
    k.grafik(fig, kunci="rentang")
    st.caption(t("kesenjangan.cara_baca"))
    k.definisi("kesenjangan", "kelas", "jarak_baseline")


def bagian_semua() -> None:
    """Every target, open gaps first."""
    st.subheader(t("kesenjangan.semua"))
    k.tabel(target, k.jenis_kolom("kesenjangan_target", "nama_provinsi", "nama_indikator", "arah", "baseline",
                                  "target_nasional_min", "target_nasional_max", "target_daerah_min",
                                  "target_daerah_max", "kelas", "selisih_nasional", "kemajuan_baseline", "disepakati",
                                  "status"),
            "kesenjangan_target", kunci="kesenjangan", judul=t("kesenjangan.semua"), tinggi=480,
            latar={"kelas": k.LATAR_KELAS})
    k.definisi("kesenjangan", "kelas", "jarak_baseline")


# One indicator at a time, or every target: two tabs, only the one on screen drawn.
k.tab("kesenjangan_bagian", {t("kesenjangan.tab_indikator"): bagian_indikator,
                             t("kesenjangan.tab_semua"): bagian_semua})
