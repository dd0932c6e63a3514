"""Upload, for operators: SIPD exports from the browser through the same load as ``python -m etl load``.

The files are written into a new folder under the data folder (``data/unggahan/<time>-<random>/``), under a
name reduced to safe characters, so no name an upload carries can place a file anywhere else. They are then
loaded by ``etl.muat.muat`` itself: the same rules, rejects and atomic copy-and-replace as the command line,
with the operator's e-mail recorded as who made the load. The app never opens the database for writing;
other sessions keep reading the previous file until the new one is in place, and then see it (see
komponen.pita_status).
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import unicodedata
from dataclasses import asdict
from pathlib import Path

import pandas as pd
import streamlit as st

from etl.baca import EKSTENSI
from etl.muat import muat
from selaras import akses as ak
from selaras import basis_data as bd
from selaras import format as fmt
from selaras import komponen as k
from selaras.teks import bahasa, polos, t

FOLDER = "unggahan"
"""Where uploads are kept, beside the database (the database's folder is the data folder)."""

JENIS = sorted({e.lstrip(".") for e in EKSTENSI})
"""The file types the loader reads."""

_HASIL = "unggah_hasil"


def batas_mb() -> int:
    """Largest file accepted, in MB: Streamlit's server.maxUploadSize (.streamlit/config.toml), one setting
    for the browser, the server and this page's own check."""
    return int(st.get_option("server.maxUploadSize"))


def nama_aman(nama: str) -> str:
    """A file name that stays in its folder: the last part of any path it carries, reduced to letters,
    digits, '-' and '_' (no dot, so nothing hidden and no '..'), at most 120 characters, then its extension
    when it is one the loader reads (lower case)."""
    dasar = re.split(r"[\\/]", unicodedata.normalize("NFKC", nama))[-1]
    akhiran = Path(dasar).suffix.lower()
    akhiran = akhiran if akhiran in EKSTENSI else ""
    batang = re.sub(r"[^A-Za-z0-9_-]+", "_", dasar[: len(dasar) - len(akhiran)])
    return (batang.strip("_-")[:120 - len(akhiran)] or "berkas") + akhiran


def periksa(nama: str, ukuran: int) -> str | None:
    """Why a file cannot be taken (in the reader's language), or None when it can."""
    if Path(nama_aman(nama)).suffix not in EKSTENSI:
        return t("unggah.jenis_salah", berkas=polos(nama), jenis=", ".join(JENIS))
    if ukuran > batas_mb() * 1024 * 1024:
        return t("unggah.terlalu_besar", berkas=polos(nama), ukuran=fmt.angka(ukuran / 1024 / 1024, 1, bahasa()),
                 batas=batas_mb())
    return None


def simpan(berkas: list[tuple[str, bytes]], folder_data: Path) -> list[Path]:
    """Write the files into a new folder of their own under ``folder_data``/unggahan; returns their paths."""
    induk = folder_data / FOLDER
    induk.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=dt.datetime.now().strftime("%Y%m%d-%H%M%S-"), dir=induk)).resolve()
    jalur: list[Path] = []
    for nama, isi in berkas:
        tujuan = aman = folder / nama_aman(nama)
        ke = 2
        while tujuan.exists():
            tujuan = aman.with_name(f"{aman.stem}-{ke}{aman.suffix}")
            ke += 1
        if tujuan.resolve().parent != folder:
            raise ValueError(f"Nama berkas keluar dari folder unggahan: {nama!r}")
        tujuan.write_bytes(isi)
        jalur.append(tujuan)
    return jalur


def bagian() -> None:
    """The upload section of the Data page: drawn, and run, only for someone who may upload (checked here
    again, not only by the page, because this is the one place in the app that changes data)."""
    akses = ak.sekarang()
    if not akses.boleh("unggah"):
        return
    st.subheader(t("unggah.judul"))
    with st.form("unggah", clear_on_submit=True, border=True):
        unggahan = st.file_uploader(t("unggah.label", jenis=", ".join(JENIS)), type=JENIS,
                                    accept_multiple_files=True, key="unggah_berkas", help=t("unggah.bantuan"))
        st.caption(t("unggah.batas", batas=batas_mb()))
        ganti = st.checkbox(t("unggah.ganti"), key="unggah_ganti", help=t("definisi.ganti.isi"))
        kirim = st.form_submit_button(t("unggah.muat"), type="primary")
    if kirim:
        if unggahan:
            _muat(unggahan, akses.email or "", ganti)
        else:
            st.warning(t("unggah.kosong", batas=batas_mb()))
    if hasil := st.session_state.get(_HASIL):
        _ringkasan(hasil)


def _muat(unggahan: list, pengguna: str, ganti: bool) -> None:
    """Check, keep and load the uploaded files (``ganti``: as ``python -m etl load --ganti``); the result is
    kept for the run that follows, which shows it."""
    ditolak, diterima = [], []
    for f in unggahan:
        if pesan := periksa(f.name, f.size):
            ditolak.append(pesan)
        else:
            diterima.append(f)
    if not diterima:
        for pesan in ditolak:
            st.error(pesan)
        return
    jalur = simpan([(f.name, f.getvalue()) for f in diterima], bd.jalur_db().parent)
    bar = st.progress(0.0, text=t("unggah.memuat_mulai"))

    def kemajuan(berkas: str, selesai: int, total: int) -> None:
        bar.progress(selesai / max(total, 1), text=t("unggah.memuat", berkas=polos(berkas)) if berkas else None)

    hasil = muat(jalur, bd.jalur_db(), kemajuan, ganti="cakupan" if ganti else None, pengguna=pengguna)
    st.session_state[_HASIL] = {
        "run_id": hasil.run_id, "ditolak_sebelum_muat": ditolak, "ganti": ganti,
        "ganti_batal": hasil.ganti_batal, "dihapus": sum(hasil.dihapus.values()),
        "berkas": [{**asdict(b), "ignored_columns": ", ".join(b.ignored_columns)} for b in hasil.berkas]}
    st.rerun()


def _ringkasan(hasil: dict) -> None:
    """What the last upload of this session did: per file, then its rejected rows with their reasons."""
    b = bahasa()
    berkas = pd.DataFrame(hasil["berkas"])
    run = int(hasil["run_id"])
    gagal, ditolak = int((berkas["status"] == "failed").sum()), int(berkas["rows_rejected"].sum())
    ringkas = t("unggah.selesai", run=run, dimuat=fmt.angka(berkas["rows_loaded"].sum(), 0, b),
                ditolak=fmt.angka(ditolak, 0, b), gagal=gagal)
    (st.warning if gagal or ditolak else st.success)(ringkas)
    if hasil["ganti"]:
        st.info(t("unggah.ganti_batal") if hasil["ganti_batal"]
                else t("unggah.dihapus", n=fmt.angka(hasil["dihapus"], 0, b)))
    for pesan in hasil["ditolak_sebelum_muat"]:
        st.error(pesan)
    k.tabel(berkas, k.KOLOM_BERKAS, f"unggahan_muat_{run}", kunci="unggah_hasil_berkas",
            judul=t("unggah.judul_berkas", run=run))
    if ditolak:
        k.penolakan_muat(run, ditolak, kunci="unggah_hasil_penolakan")
