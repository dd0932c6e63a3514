"""Data: where the figures come from: loads, files, rejected rows and why, freshness, the data dictionary."""

import pandas as pd
import streamlit as st

from etl.schema import TABEL_EKSPOR, kamus_data
from selaras import akses
from selaras import basis_data as bd
from selaras import format as fmt
from selaras import komponen as k
from selaras import unggah
from selaras.teks import bahasa, nilai, t

b = bahasa()
st.title(t("data.judul"))

# ---- Sign-in and upload ------------------------------------------------------------------------------
akses.catatan_terbuka()
unggah.bagian()

# ---- Freshness ---------------------------------------------------------------------------------------
st.subheader(t("data.kesegaran"))
muat = bd.kueri("muat_terakhir")
isi = bd.kueri("isi_tabel")
k.pita_kpi([
    k.Kpi(t("data.muat_terakhir"),
          fmt.waktu(muat["finished_at"].iloc[0], b, pendek=True) if not muat.empty else fmt.KOSONG,
          t("data.muat_terakhir_bantuan")),
    *(k.Kpi(t(f"data.tabel_{r.tabel}"), fmt.angka(r.baris, 0, b), t("data.baris_bantuan", tabel=r.tabel))
      for r in isi.itertuples()),
])
k.tabel(isi, {"tabel": "teks", "baris": "angka", "tahun": "angka", "tahun_terakhir": "teks"},
        "isi_basis_data", kunci="isi", judul=t("data.kesegaran"))

# ---- Pulls from the SIPD web service (python -m etl fetch) ------------------------------------------
st.subheader(t("data.tarik"))
tarik = bd.kueri("tarik_sipd", [tb.nama for tb in TABEL_EKSPOR])
if tarik.empty:
    st.caption(t("data.tarik_belum"))
else:
    gagal = tarik[tarik["status"] == "failed"]
    if not gagal.empty:
        st.warning(t("data.tarik_gagal", daftar=", ".join(
            f"{nilai('kind', r.kind)} {r.tahun_rencana}" for r in gagal.itertuples())))
    for kolom_waktu in ("ditarik_terakhir", "lengkap_terakhir", "gagal_terakhir"):
        tarik[kolom_waktu] = tarik[kolom_waktu].map(lambda v: fmt.waktu(v, b))
    k.tabel(tarik, {"kind": "nilai", "tahun_rencana": "teks", "status": "nilai", "rekaman": "angka",
                    "ditarik_terakhir": "teks", "alasan_gagal": "teks", "gagal_terakhir": "teks",
                    "lengkap_terakhir": "teks", "run_id": "teks"},
            "tarikan_sipd", kunci="tarik", judul=t("data.tarik"))
    k.definisi("tarik")

# ---- Load history and files --------------------------------------------------------------------------
st.subheader(t("data.riwayat"))
riwayat = bd.kueri("riwayat_muat")
if riwayat.empty:
    k.kosong(t("umum.belum_dimuat"), kunci="riwayat")
    st.stop()
riwayat["waktu_mulai"] = riwayat["started_at"].map(lambda v: fmt.waktu(v, b))
riwayat["waktu_selesai"] = riwayat["finished_at"].map(lambda v: fmt.waktu(v, b))
k.tabel(riwayat, {"run_id": "teks", "waktu_mulai": "teks", "waktu_selesai": "teks", "status": "nilai",
                  "ganti": "nilai", "files": "angka", "rows_loaded": "angka", "rows_rejected": "angka",
                  "rows_flagged": "angka", "rows_removed": "angka", "pengguna": "teks"},
        "riwayat_muat", kunci="riwayat", judul=t("data.riwayat"))

st.subheader(t("data.berkas"))
berkas = bd.kueri("berkas_muat")
k.tabel(berkas, {"run_id": "teks", **k.KOLOM_BERKAS}, "berkas_muat", kunci="berkas", judul=t("data.berkas"),
        tinggi=320)

# ---- Values the reference lists overrule -------------------------------------------------------------
jumlah_peringatan = int(bd.skalar("jumlah_peringatan") or 0)
if jumlah_peringatan:
    st.subheader(t("data.peringatan"))
    st.warning(t("data.peringatan_isi", n=fmt.angka(jumlah_peringatan, 0, b)))
    peringatan = bd.kueri("peringatan", bd.BATAS_RINCI)
    k.tabel(peringatan, {"run_id": "teks", "file": "teks", "sheet": "teks", "row": "teks", "column": "teks",
                         "value": "teks", "reason": "teks"},
            "peringatan", kunci="peringatan", judul=t("data.peringatan"), tinggi=240 if len(peringatan) > 6 else None)

# ---- Rejected rows -----------------------------------------------------------------------------------
st.subheader(t("data.penolakan"))
jumlah = bd.kueri("jumlah_penolakan")
if jumlah.empty:
    st.success(t("data.tanpa_penolakan"))
elif not akses.sekarang().boleh("penolakan"):
    st.caption(t("data.penolakan_operator"))
else:
    per_run = dict(zip(jumlah["run_id"], jumlah["baris"]))
    run = st.selectbox(t("data.pilih_muat"), list(per_run), key="run_penolakan",
                       format_func=lambda r: t("data.muat_ke", run=r, n=fmt.angka(per_run[r], 0, b)))
    k.penolakan_muat(int(run), int(per_run[run]), kunci="penolakan")
k.definisi("penolakan")

# ---- Rows a snapshot removed -------------------------------------------------------------------------
st.subheader(t("data.dihapus"))
jumlah_dihapus = int(bd.skalar("jumlah_dihapus") or 0)
if jumlah_dihapus == 0:
    st.info(t("data.tanpa_dihapus"))
else:
    dihapus = bd.kueri("dihapus", bd.BATAS_RINCI)
    k.tabel(dihapus, {"run_id": "teks", "kind": "teks", "tahun_rencana": "teks", "nama_provinsi": "teks",
                      "key": "teks", "file": "teks", "sumber_baris": "teks", "baris_semula": "teks"},
            "dihapus", kunci="dihapus", judul=t("data.dihapus"), tinggi=320 if len(dihapus) > 8 else None,
            catatan=t("data.dihapus_ditampilkan", n=fmt.angka(len(dihapus), 0, b), total=fmt.angka(jumlah_dihapus, 0, b)))
k.definisi("ganti")

# ---- Data dictionary ---------------------------------------------------------------------------------
with st.expander(t("data.kamus")):
    kamus = pd.DataFrame(kamus_data())
    kamus["deskripsi"] = kamus["deskripsi_en"] if b == "en" else kamus["deskripsi_id"]
    k.tabel(kamus, {"tabel": "teks", "kolom": "teks", "tipe": "teks", "satuan": "teks", "nilai": "teks",
                    "kunci": "ya_tidak", "wajib": "ya_tidak", "deskripsi": "teks"},
            "kamus_data", kunci="kamus", judul=t("data.kamus"), tinggi=420)
