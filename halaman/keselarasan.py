"""Keselarasan: how much of each province's plan serves the national priorities and the Major Projects."""

import plotly.graph_objects as go
import streamlit as st

from selaras import basis_data as bd
from selaras import filter as fl
from selaras import format as fmt
from selaras import komponen as k
from selaras.teks import bahasa, nilai, t

f = fl.aktif()
p = f.parameter()
b = bahasa()

st.title(t("keselarasan.judul"))
st.caption(t("umum.tahun_rencana", tahun=f.tahun))

nas = bd.ukuran("keselarasan_nasional", p).iloc[0]
if not nas["jumlah_usulan"]:
    k.kosong()
    st.stop()

k.pita_kpi([
    k.Kpi(t("kpi.porsi_usulan_pn"), fmt.persen(nas["porsi_usulan_pn"], 1, b), t("kpi.porsi_usulan_pn_bantuan")),
    k.Kpi(t("kpi.porsi_pagu_pn"), fmt.persen(nas["porsi_pagu_pn"], 1, b), t("kpi.porsi_pagu_pn_bantuan")),
    k.Kpi(t("kpi.porsi_usulan_mp"), fmt.persen(nas["porsi_usulan_mp"], 1, b), t("kpi.porsi_usulan_mp_bantuan")),
    k.Kpi(t("kpi.porsi_pagu_mp"), fmt.persen(nas["porsi_pagu_mp"], 1, b), t("kpi.porsi_pagu_mp_bantuan")),
    k.Kpi(t("kpi.cakupan_mp"), f"{fmt.angka(nas['mp_terlayani'], 0, b)} / {fmt.angka(nas['mp_berlokasi'], 0, b)}",
          t("kpi.cakupan_mp_bantuan")),
])
k.catatan_kode_ditandai(nas)

# The drill-down selection: set by clicking a cell of either matrix, or by the boxes below them.
RINCI = {"provinsi": "rinci_provinsi", "pn": "rinci_pn", "mp": "rinci_mp"}
TAMPIL, HALAMAN_RINCI = "rinci_tampil", "rinci_halaman"


def minta_rincian() -> None:
    """Someone asked for the proposals: only then are they fetched, from their first page."""
    st.session_state[TAMPIL] = True
    st.session_state[HALAMAN_RINCI] = 1


def klik(kunci_grafik: str, dimensi: str) -> None:
    titik = st.session_state[kunci_grafik].selection.points
    if titik and titik[0].get("customdata"):
        kode_provinsi, kode = titik[0]["customdata"][:2]
        st.session_state[RINCI["provinsi"]] = kode_provinsi
        st.session_state[RINCI[dimensi]] = kode
        st.session_state[RINCI["mp" if dimensi == "pn" else "pn"]] = None
        minta_rincian()


def bagian_pn() -> None:
    """Province x PN: each province's share of its plan on each national priority; a cell opens its proposals."""
    basis = st.segmented_control(t("keselarasan.basis"), ["porsi_pagu", "porsi_usulan"], key="keselarasan_basis",
                                 required=True, default="porsi_pagu", format_func=lambda v: t(f"kolom.{v}"),
                                 persist_state="session")
    pn = bd.ukuran("keselarasan_pn", p)
    urutan_pn = sorted(pn["kode_pn"].unique(), key=lambda c: (c == "-", c))
    provinsi = pn.drop_duplicates("kode_provinsi")[["kode_provinsi", "nama_pendek"]]
    nilai_pn = pn.pivot(index="kode_provinsi", columns="kode_pn", values=basis).reindex(
        index=provinsi["kode_provinsi"], columns=urutan_pn).fillna(0.0)
    nama_pn = dict(zip(pn["kode_pn"], pn["nama_pn"]))
    label_pn = [t("keselarasan.tanpa_pn", pendek=True) if c == "-"
                else f"<b>{c}</b><br>{k.bungkus(nama_pn[c])}" for c in urutan_pn]
    kode_sel = [[[kp, c] for c in urutan_pn] for kp in provinsi["kode_provinsi"]]
    teks_sel = [[f"{n} · {c} {nama_pn.get(c, '')}: {fmt.persen(v, 1, b)}" for c, v in zip(urutan_pn, baris)]
                for n, baris in zip(provinsi["nama_pendek"], nilai_pn.to_numpy())]
    fig = go.Figure(go.Heatmap(
        z=nilai_pn.to_numpy(), x=label_pn, y=provinsi["nama_pendek"],
        text=[[fmt.persen(v, 0, b) for v in baris] for baris in nilai_pn.to_numpy()], texttemplate="%{text}",
        textfont={"size": 14}, colorscale=[[i / 4, c] for i, c in enumerate(k.SKALA["baik_tinggi"])], zmin=0,
        xgap=2, ygap=2, colorbar={"title": {"text": t(f"kolom.{basis}", pendek=True)}, "tickformat": ".0%"}))
    k.lapisan_klik(fig, label_pn, list(provinsi["nama_pendek"]), kode_sel, teks_sel)
    k.tata_letak(fig, tinggi=max(360, 26 * len(provinsi) + 90))
    fig.update_yaxes(autorange="reversed", showline=False, ticks="")
    fig.update_xaxes(side="top", showline=False, ticks="", tickangle=0)
    k.grafik(fig, kunci="matriks_pn", on_select=lambda: klik("matriks_pn", "pn"))
    st.caption(t("keselarasan.klik_sel"))
    k.definisi("keselarasan_pn", "filter_keselarasan")


def bagian_mp() -> None:
    """Province x MP: which Major Projects located in a province its agreed proposals serve."""
    mp = bd.ukuran("cakupan_mp", p)
    if mp.empty:
        k.kosong(t("keselarasan.kosong_mp"), kunci="mp")
    else:
        mp["kategori"] = [("terlayani" if l and y else "belum_terlayani") if l else "di_luar_lokasi"
                          for l, y in zip(mp["berlokasi"], mp["terlayani"])]
        prov_mp = mp.drop_duplicates("kode_provinsi").sort_values("kode_provinsi")
        k.matriks_kategori(
            mp, "kode_provinsi", "kode_mp", "kategori",
            {"di_luar_lokasi": k.WARNA["abu"], "belum_terlayani": k.WARNA["merah"], "terlayani": k.WARNA["biru"]},
            dict(zip(prov_mp["kode_provinsi"], prov_mp["nama_pendek"])),
            {c: c for c in sorted(mp["kode_mp"].unique())},
            [f"{c} {nm} · {np}: {nilai('kategori_mp', x)} · " + t("keselarasan.usulan_disetujui", n=n, m=m)
             for c, nm, np, x, n, m in zip(mp["kode_mp"], mp["nama_mp"], mp["nama_pendek"], mp["kategori"],
                                           mp["usulan_disetujui"], mp["jumlah_usulan"])],
            lambda x: nilai("kategori_mp", x), kunci="matriks_mp", on_select=lambda: klik("matriks_mp", "mp"),
            tinggi_baris=26, miring=-90)
        st.caption(t("keselarasan.klik_sel"))
    k.definisi("cakupan_mp")


# The two matrices, one tab each: only the tab on screen is drawn (each is a large chart).
k.tab("keselarasan_bagian", {t("keselarasan.matriks_pn"): bagian_pn, t("keselarasan.matriks_mp"): bagian_mp})

# ---- Drill-down ---------------------------------------------------------------------------------
st.subheader(t("keselarasan.rincian"))
opsi = fl.pilihan(f.tahun)


def label_rinci(dimensi: str, kode: str | None) -> str:
    if kode is None:
        return t("filter.semua")
    return t(f"keselarasan.tanpa_{dimensi}") if kode == "-" else opsi[dimensi][kode]


pilihan_rinci = {"provinsi": [None, *(f.provinsi or opsi["provinsi"])],
                 "pn": [None, *(f.pn or opsi["pn"]), "-"],
                 "mp": [None, *(f.mp or opsi["mp"]), "-"]}
terpilih = {}
for kolom_, (dimensi, daftar) in zip(st.columns(3), pilihan_rinci.items()):
    if st.session_state.get(RINCI[dimensi]) not in daftar:
        st.session_state[RINCI[dimensi]] = None
    terpilih[dimensi] = kolom_.selectbox(t(f"filter.{dimensi}"), daftar, key=RINCI[dimensi],
                                         format_func=lambda v, d=dimensi: label_rinci(d, v), on_change=minta_rincian)
rinci = f.dengan(**{d: (v,) for d, v in terpilih.items() if v is not None})
jumlah = int(bd.skalar("jumlah_usulan_rinci", *rinci.parameter()) or 0)
if jumlah == 0:
    k.kosong(kunci="rinci")
elif not st.toggle(t("keselarasan.tampilkan", n=fmt.angka(jumlah, 0, b)), key=TAMPIL):
    st.caption(t("keselarasan.rincian_petunjuk", n=fmt.angka(jumlah, 0, b)))
else:
    lewati, batas = k.halaman_tabel(jumlah, HALAMAN_RINCI)
    usulan = bd.ukuran("usulan_rinci", rinci.parameter(), batas=batas, lewati=lewati)
    dipilih = k.tabel(usulan, k.jenis_kolom("usulan_rinci", "id_usulan", "nama_provinsi", "nama_kl",
                                            "nama_sub_kegiatan", "kode_pn", "kode_mp", "pagu", "status",
                                            "kolom_ditandai", "sumber_berkas", "sumber_lembar", "sumber_baris"),
                      "usulan_rinci", kunci="rinci", judul=t("keselarasan.rincian"), tinggi=420, pilih=True,
                      catatan=t("umum.baris_dari", awal=fmt.angka(lewati + 1, 0, b),
                                akhir=fmt.angka(lewati + len(usulan), 0, b), total=fmt.angka(jumlah, 0, b)))
    if dipilih is None:
        st.caption(t("sumber.petunjuk"))
    else:
        k.sumber_baris(dipilih)
