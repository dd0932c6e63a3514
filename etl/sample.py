"""Sample SIPD exports: realistic files of the three export kinds of sipd-exports.md, for several editions.

No real SIPD export is public, so the project ships a sample written by this module: editions of
Rakortekrenbang (the 2021 edition for plan year 2022, and later ones, see data/bahan_sampel/edisi.toml),
each seen mid-meeting. It spreads the data over every layout and quirk the contract promises the loader
takes in its stride, plants a few bad rows and exact duplicates on purpose, and writes a MANIFEST that
says what a correct load gives, per edition. Scaled up (``skala`` > 1) it gives national-size data for
benchmarks.

This module holds only how the data is drawn. What is drawn from is data: provinces, PN, MP, K/L, urusan,
macro indicators and desks come from data/reference (for each edition's plan year); baselines, themes,
the sub kegiatan catalogue, the target rules, the editions and the file layouts from data/bahan_sampel;
the values of coded columns from etl/schema.py and their spellings from etl/value_aliases.toml and
etl/header_aliases.toml. A new edition is a new entry in data/bahan_sampel/edisi.toml.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_range
from xlsxwriter.worksheet import Worksheet

from etl.ejaan_ekspor import Konteks, ambil, kategori, kode, kolom_tampilan, label_kaki, pilih_anggota, ratakan
from etl.kepala import kunci_kepala, peta_alias, pengisi
from etl.normalisasi import hanya_kolom
from etl.rujukan import FOLDER_RUJUKAN, bagi, baca_csv, lokasi_mp, rentang_periode
from etl.schema import DESK_SESI, TARGET_INDIKATOR, USULAN, Tabel, tabel

BAHAN = FOLDER_RUJUKAN.parent / "bahan_sampel"
"""The data the sample is drawn from, besides the reference lists."""
SKALA_POTONGAN = 5
"""Above this scale usulan are written only as CSV chunks: quirky layouts add nothing to a benchmark."""
BARIS_PER_POTONGAN = 500_000


# --- What the sample is drawn from -----------------------------------------------------------------

@dataclass(frozen=True)
class Edisi:
    """One edition of data/bahan_sampel/edisi.toml."""

    tahun_rencana: int
    tahun_edisi: int
    rapat_mulai: dt.date
    rapat_selesai: dt.date
    dicetak: dt.datetime
    tahun_baseline: int
    benih: int
    usulan: dict[str, int | str]
    berkas: list[dict]

    @property
    def isian(self) -> dict[str, object]:
        """What the text fields of a layout may name: {tahun_rencana}, {dicetak:%d/%m/%Y}, ..."""
        return {k: getattr(self, k) for k in ("tahun_rencana", "tahun_edisi", "tahun_baseline", "dicetak",
                                             "rapat_mulai", "rapat_selesai")}


@cache
def _bahan_edisi() -> dict:
    with open(BAHAN / "edisi.toml", "rb") as f:
        return tomllib.load(f)


def daftar_edisi() -> list[Edisi]:
    """The editions the sample writes, in the order of edisi.toml."""
    return [Edisi(**{**e, "berkas": e.get("berkas", [])}) for e in _bahan_edisi()["edisi"]]


def _baca_bahan(nama: str, teks: Sequence[str] = ()) -> pd.DataFrame:
    """A table of data/bahan_sampel; the columns in ``teks`` stay text (codes keep their zeros)."""
    return pd.read_csv(BAHAN / nama, dtype=dict.fromkeys(teks, str), keep_default_na=False, na_values=[""])


@cache
def tata_letak_sampel() -> dict[str, dict]:
    """The layouts of data/bahan_sampel/tata_letak.toml, each header checked against etl/header_aliases.toml."""
    with open(BAHAN / "tata_letak.toml", "rb") as f:
        semua = tomllib.load(f)
    for nama, tata in semua.items():
        if tata["jenis"] and tata.get("kolom") != "kanonik":
            _periksa_kepala(nama, tata)
    return semua


def _periksa_kepala(nama: str, tata: dict) -> None:
    """Every header must be read by the loader as the column it carries (or, marked ``abaikan``, as none):
    a sample that wrote a header the loader does not know would test nothing."""
    peta = peta_alias()[tata["jenis"]]
    for k in tata["kolom"]:
        label = f"{tata['kelompok']} {k['kepala']}" if k.get("kelompok") else k["kepala"]
        dibaca = peta.get(kunci_kepala(re.sub(r"\{[^}]*\}", "", label)))  # '{tahun_baseline}' reads as a year
        harap = None if k.get("abaikan") else k["dari"]
        if dibaca != harap and not (harap and harap in pengisi().get(dibaca or "", ())):
            raise ValueError(f"tata_letak.toml [{nama}]: kepala '{label}' dibaca sebagai {dibaca}, bukan {harap}; "
                             "tambahkan ejaannya ke etl/header_aliases.toml atau betulkan 'dari'")


def kolom_tata(tata: dict, t: Tabel) -> list[dict]:
    """A layout's columns; 'kanonik' means every canonical column in schema order, as it is (a coded
    whole number, such as a desk, as a number)."""
    if tata["kolom"] != "kanonik":
        return tata["kolom"]
    return [{"kepala": k.nama, "dari": k.nama, **({"bentuk": "bulat"} if k.jenis == "kode" and k.tipe_sql == "INTEGER"
                                                  else {})} for k in t.kolom]


@dataclass(frozen=True)
class Rujukan:
    """The reference lists one edition draws from: those in force in its plan year and plan period.
    The attribute names are those of etl.rujukan.DAFTAR, so a form can find a list by the column's rujukan."""

    provinsi: pd.DataFrame
    kl: pd.DataFrame
    urusan: pd.DataFrame
    pn: pd.DataFrame
    mp: pd.DataFrame
    desk: pd.DataFrame
    indikator: pd.DataFrame
    prioritas: pd.DataFrame
    """the national-priority themes of the period (prioritas.csv)"""
    dasar: pd.DataFrame
    """per province: its kabupaten/kota and the baselines of the edition's base year (baseline.csv)"""
    indikator_urusan: pd.DataFrame
    """The urusan indicators every province reports next to the macro ones."""

    @property
    def nama_provinsi(self) -> dict[str, str]:
        return dict(zip(self.provinsi.kode_provinsi, self.provinsi.nama_provinsi))


def _baca_rujukan(e: Edisi) -> Rujukan:
    """data/reference narrowed to the edition: provinces in force in its plan year, PN, MP and themes of its period."""
    periode = next(p for p, (mulai, selesai) in rentang_periode().items() if mulai <= e.tahun_rencana <= selesai)
    provinsi = baca_csv("provinsi.csv")
    pn = baca_csv("prioritas_nasional.csv")
    mp = baca_csv("major_project.csv")
    lokasi = lokasi_mp()
    lokasi = lokasi[(lokasi.periode == periode) & (lokasi.tahun_mulai <= e.tahun_rencana)
                    & (lokasi.tahun_selesai >= e.tahun_rencana)]
    mp["provinsi"] = mp.kode_mp.map(lokasi.groupby("kode_mp").kode_provinsi.agg("|".join))
    desk = baca_csv("desk.csv")
    desk["desk_no"] = desk.desk_no.astype(int)
    prioritas = _baca_bahan("prioritas.csv").replace({np.nan: None})
    dasar = _baca_bahan("baseline.csv", teks=["kode_provinsi"])
    return Rujukan(
        provinsi=provinsi[provinsi.berlaku_mulai.astype(int) <= e.tahun_rencana].reset_index(drop=True),
        kl=baca_csv("kementerian_lembaga.csv"),
        urusan=baca_csv("urusan.csv"),
        pn=pn[pn.periode == periode].reset_index(drop=True),
        mp=mp[mp.periode == periode].reset_index(drop=True),
        desk=desk.sort_values("desk_no").reset_index(drop=True),
        indikator=baca_csv("indikator_makro.csv"),
        prioritas=prioritas[prioritas.periode == periode].reset_index(drop=True),
        dasar=dasar[dasar.tahun == e.tahun_baseline].drop(columns=["tahun", "sumber"]).set_index("kode_provinsi"),
        indikator_urusan=baca_csv("indikator_urusan.csv"),
    )


def _posisi(sel: Sequence[str | None], kode_: Sequence[str]) -> list[np.ndarray]:
    """For each '|'-separated cell, the positions of its codes in a reference list (unknown codes skipped)."""
    letak = {k: i for i, k in enumerate(kode_)}
    return [np.array([letak[k] for k in bagi(s) if k in letak], dtype=np.int64) for s in sel]


@cache
def _katalog() -> pd.DataFrame:
    """The sub kegiatan catalogue (sub_kegiatan.csv) with its codes: urusan.program.2.kegiatan.sub ('1.02.02.2.01.0001').

    Programs are numbered from 02 within an urusan (01 is the supporting programme every
    agency has), kegiatan within a programme, sub kegiatan within a kegiatan.
    """
    baris = []
    for urusan, daftar in _baca_bahan("sub_kegiatan.csv", teks=["kode_urusan"]).groupby("kode_urusan", sort=False):
        program_no: dict[str, int] = {}
        kegiatan_no: dict[tuple[str, str], int] = {}
        sub_no: dict[tuple[str, str], int] = {}
        for program, kegiatan, sub, indikator, satuan, tema in daftar[
                ["program", "kegiatan", "sub_kegiatan", "indikator", "satuan", "tema"]].itertuples(index=False):
            p = program_no.setdefault(program, 2 + len(program_no))
            g = kegiatan_no.setdefault((program, kegiatan), 1 + sum(k[0] == program for k in kegiatan_no))
            s = sub_no[program, kegiatan] = sub_no.get((program, kegiatan), 0) + 1
            kode_program = f"{urusan}.{p:02d}"
            kode_giat = f"{kode_program}.2.{g:02d}"
            baris.append({"kode_urusan": urusan, "kode_program": kode_program, "nama_program": program,
                          "kode_giat": kode_giat, "nama_giat": kegiatan,
                          "kode_sub_kegiatan": f"{kode_giat}.{s:04d}", "nama_sub_kegiatan": sub,
                          "indikator": indikator, "satuan": satuan, "tema": tema})
    return pd.DataFrame(baris)


def _peluang(bobot: Sequence[float]) -> np.ndarray:
    """Weights made into probabilities."""
    bobot = np.asarray(bobot, dtype=float)
    return bobot / bobot.sum()


def _bulatkan(nilai: np.ndarray, desimal: np.ndarray) -> np.ndarray:
    """Round each value to its own number of decimals."""
    skala = 10.0 ** np.asarray(desimal)
    return np.round(nilai * skala) / skala


# --- The data: sessions, proposals, targets ------------------------------------------------------

def _desk_sesi(rng: np.random.Generator, r: Rujukan, e: Edisi) -> pd.DataFrame:
    """One session per province and desk, scheduled on the meeting's weekdays, seen at the edition's snapshot.

    More sessions fall in the first week. Past sessions have finished, except in provinces
    that lag (each has its own share still open); on the snapshot day some have finished and
    some are under way; later ones have not started. Most finished sessions have a signed
    Berita Acara, fewer of those that finished today.
    """
    n_prov, n_desk = len(r.provinsi), len(r.desk)
    n = n_prov * n_desk
    hari = pd.bdate_range(e.rapat_mulai, e.rapat_selesai)
    jadwal = pd.Series(hari[rng.choice(len(hari), n, p=_peluang(np.linspace(1.6, 0.4, len(hari))))])
    hari_ini = pd.Timestamp(e.dicetak.date())
    tertunda = np.repeat(rng.beta(1, 9, n_prov), n_desk)
    tertib_ba = np.repeat(rng.uniform(0.75, 0.98, n_prov), n_desk)
    lalu, kini = (jadwal < hari_ini).to_numpy(), (jadwal == hari_ini).to_numpy()
    u = rng.random(n)
    selesai = (lalu & (u >= tertunda)) | (kini & (u < 0.45))
    besok = pd.Series(np.busday_offset(jadwal.to_numpy().astype("datetime64[D]"), 1)).astype(jadwal.dtype)
    molor = selesai & (rng.random(n) < 0.15) & (besok <= hari_ini).to_numpy()
    tanggal_selesai = jadwal.where(~molor, besok).where(selesai)
    ba = selesai & (rng.random(n) < np.where(tanggal_selesai == hari_ini, 0.5, tertib_ba))
    status = DESK_SESI.kolom_bernama("status").nilai  # belum_mulai, berlangsung, selesai
    return pd.DataFrame({
        "tahun": e.tahun_rencana,
        "desk_no": np.tile(r.desk.desk_no.to_numpy(), n_prov),
        "nama_desk": np.tile(r.desk.nama_desk.to_numpy(), n_prov),
        "kode_provinsi": np.repeat(r.provinsi.kode_provinsi.to_numpy(), n_desk),
        "tanggal_jadwal": jadwal,
        "status": np.select([selesai, lalu | kini], [status[2], status[1]], status[0]),
        "tanggal_selesai": tanggal_selesai,
        "berita_acara": np.where(selesai, ba, None),
    })


def _pemda(r: Rujukan, skala: int) -> tuple[pd.DataFrame, list[str]]:
    """Who proposes: the provinces, and from scale 2 on also their kabupaten/kota (514 in the 2021 edition).

    Kabupaten/kota codes are synthesized under each province as many as it has: kabupaten
    01.., and a fifth of them kota 71.. as in Kemendagri's numbering.
    Returns one row per government (province index, kab/kota index or -1 for the province
    itself, its code) and the kab/kota codes.
    """
    provinsi = pd.DataFrame({"prov": np.arange(len(r.provinsi)), "kab": -1,
                             "kode": r.provinsi.kode_provinsi})
    if skala == 1:
        return provinsi, []
    jumlah = r.dasar.jumlah_kabkota.reindex(r.provinsi.kode_provinsi).astype(int)
    kabkota = []
    for p, (kode_, banyak) in enumerate(jumlah.items()):
        kota = banyak // 5
        kabkota += [(p, f"{kode_}{i:02d}") for i in range(1, banyak - kota + 1)]
        kabkota += [(p, f"{kode_}{70 + i}") for i in range(1, kota + 1)]
    kab = pd.DataFrame(kabkota, columns=["prov", "kode"])
    kab["kab"] = np.arange(len(kab))
    return pd.concat([provinsi, kab], ignore_index=True), kab.kode.tolist()


def _jumlah_usulan(rng: np.random.Generator, pemda: pd.DataFrame, skala: int) -> np.ndarray:
    """25-45 proposals per province as in the small sample; from scale 2 on every government adds about 2 x skala."""
    jumlah = np.where(pemda.kab.to_numpy() < 0, rng.integers(25, 46, len(pemda)), 0)
    if skala > 1:
        jumlah += rng.integers(round(1.5 * skala), round(2.5 * skala) + 1, len(pemda))
    return jumlah


def _major_project(rng: np.random.Generator, r: Rujukan, tema: np.ndarray, prov: np.ndarray) -> np.ndarray:
    """For each proposal, an MP its theme serves (of the theme's PN, or of no stated PN), mostly one located
    in its province.

    MPs located only in other provinces are never chosen; one located in the proposal's own
    province is preferred (70 %) over one without a location. Positions into r.mp; -1 for none.
    """
    n_prov = len(r.provinsi)
    lokasi = _posisi(r.mp.provinsi, r.provinsi.kode_provinsi)
    setempat, boleh = [], []
    for pn, daftar_mp in zip(r.prioritas.kode_pn, r.prioritas.mp):
        mp = [m for m in _posisi([daftar_mp], r.mp.kode_mp)[0] if r.mp.kode_pn[m] in (pn, None)]
        for p in range(n_prov):
            setempat.append(np.array([m for m in mp if p in lokasi[m]], dtype=np.int64))
            boleh.append(np.array([m for m in mp if p in lokasi[m] or not bagi(r.mp.provinsi[m])], dtype=np.int64))
    kelompok = np.maximum(tema, 0) * n_prov + prov
    lokal = pilih_anggota(rng, kelompok, setempat)
    pilihan = np.where((lokal >= 0) & (rng.random(len(tema)) < 0.7), lokal, pilih_anggota(rng, kelompok, boleh))
    return np.where(tema >= 0, pilihan, -1)


def _tanggapan(e: Edisi) -> list[tuple[str, ...]]:
    """Per proposal status (in schema order): what a K/L answers (tanggapan.csv, with the edition's years)."""
    teks = _baca_bahan("tanggapan.csv")
    return [tuple(t.format(tahun=e.tahun_rencana, tahun_lalu=e.tahun_rencana - 1)
                  for t in teks.tanggapan[teks.status == s]) for s in USULAN.kolom_bernama("status").nilai]


def _usulan(rng: np.random.Generator, r: Rujukan, katalog: pd.DataFrame, sesi: pd.DataFrame,
            skala: int, e: Edisi) -> pd.DataFrame:
    """Every government's proposals in canonical columns, drawn column by column (millions take seconds).

    Each proposal goes to a desk, takes a K/L and an urusan that desk serves and a sub kegiatan
    of that urusan. How many serve a national-priority theme (and so a PN) differs by province on
    purpose (from ~55 % to ~92 %); two thirds of those name an MP of the theme where one fits. A
    proposal is decided only when its province's session at its desk has finished.
    """
    pemda, kode_kabkota = _pemda(r, skala)
    jumlah = _jumlah_usulan(rng, pemda, skala)
    n = int(jumlah.sum())
    n_prov, n_desk = len(r.provinsi), len(r.desk)
    i_pemda = np.repeat(np.arange(len(pemda)), jumlah)
    urut = np.arange(n) - np.repeat(np.cumsum(jumlah) - jumlah, jumlah) + 1
    prov = pemda.prov.to_numpy()[i_pemda]
    kab = pemda.kab.to_numpy()[i_pemda]

    desk = rng.choice(n_desk, n, p=_peluang(rng.uniform(0.5, 2.0, n_desk)))
    kl = pilih_anggota(rng, desk, _posisi(r.desk.kode_kl, r.kl.kode_kl))
    urusan = pilih_anggota(rng, desk, _posisi(r.desk.kode_urusan, r.urusan.kode_urusan))
    sub = pilih_anggota(rng, urusan, [np.flatnonzero(katalog.kode_urusan.to_numpy() == k)
                                      for k in r.urusan.kode_urusan])
    selaras = rng.uniform(0.55, 0.92, n_prov)[prov]
    tema = np.where(rng.random(n) < selaras, pilih_anggota(rng, sub, _posisi(katalog.tema, r.prioritas.tema)), -1)
    pn_tema = np.array([r.pn.kode_pn.tolist().index(p) for p in r.prioritas.kode_pn] + [-1])

    nilai_status = USULAN.kolom_bernama("status").nilai  # diusulkan first: the undecided
    selesai = (sesi.status.to_numpy() == "selesai").reshape(n_prov, n_desk)[prov, desk]
    status = np.where(selesai, 1 + rng.choice(3, n, p=[0.62, 0.25, 0.13]), 0)
    tanggapan, tanggapan_status = ratakan(_tanggapan(e))

    satuan_ref = _baca_bahan("satuan.csv").set_index("satuan")
    satuan = katalog.satuan.to_numpy()[sub]
    maks = satuan_ref.target_maks.reindex(katalog.satuan).to_numpy()[sub]
    target = rng.uniform(1, maks)
    pecahan = satuan_ref.desimal.reindex(satuan).to_numpy() > 0
    target = np.where(pecahan, np.round(target, 1), np.round(target))
    pagu = np.round(np.clip(np.exp(rng.normal(np.log(2e9), 1.1, n)), 1e8, 5e10), -3).astype(np.int64)
    # apbn, apbd_prov, apbd_kabkota, dak, lainnya: a province funds no kab/kota budget, a kab/kota no province's
    sumber = np.where(kab < 0, rng.choice(5, n, p=[0.5, 0.2, 0.0, 0.22, 0.08]),
                      rng.choice(5, n, p=[0.45, 0.0, 0.25, 0.22, 0.08]))
    mp = np.where(rng.random(n) < 0.66, _major_project(rng, r, tema, prov), -1)
    nomor = pa.array([f"{i:05d}" for i in range(int(urut.max(initial=0)) + 1)])

    kolom = {
        "id_usulan": pd.arrays.ArrowExtensionArray(pc.binary_join_element_wise(
            pa.array("USL-" + pemda.kode + "-", pa.string()).take(i_pemda), nomor.take(urut), "")),
        "tahun": np.full(n, e.tahun_rencana),
        "kode_provinsi": kategori(r.provinsi.kode_provinsi, prov),
        "kode_kabkota": kategori(kode_kabkota, kab),
        "kode_kl": kategori(r.kl.kode_kl, kl),
        "kode_sub_kegiatan": kategori(katalog.kode_sub_kegiatan, sub),
        "kode_urusan": kategori(r.urusan.kode_urusan, urusan),
        "nama_sub_kegiatan": katalog.nama_sub_kegiatan.to_numpy()[sub],
        "kode_pn": kategori(r.pn.kode_pn, pn_tema[tema]),
        "program_prioritas": ambil(r.prioritas.program_prioritas, tema),
        "kegiatan_prioritas": ambil(r.prioritas.kegiatan_prioritas, tema),
        "proyek_prioritas": ambil(r.prioritas.proyek_prioritas, tema),
        "kode_mp": kategori(r.mp.kode_mp, mp),
        "indikator": katalog.indikator.to_numpy()[sub],
        "satuan": satuan,
        "target": target,
        "pagu": pagu,
        "sumber_dana": kategori(USULAN.kolom_bernama("sumber_dana").nilai, sumber),
        "desk_no": kategori(r.desk.desk_no, desk),
        "status": kategori(nilai_status, status),
        "tanggapan": ambil(tanggapan, pilih_anggota(rng, status, tanggapan_status)),
    }
    return pd.DataFrame({k: kolom[k] for k in USULAN.nama_kolom})


def _jumlah_dibahas(rng: np.random.Generator, sesi: pd.DataFrame, usulan: pd.DataFrame, n_desk: int) -> np.ndarray:
    """Proposals discussed per session: all of a finished one's, part of one under way, none before it starts."""
    hitung = np.bincount(kode(usulan.kode_provinsi) * n_desk + kode(usulan.desk_no), minlength=len(sesi))
    return np.select([sesi.status == "selesai", sesi.status == "berlangsung"],
                     [hitung, rng.binomial(hitung, 0.5)], 0)


def _daftar_indikator(r: Rujukan) -> pd.DataFrame:
    """The indicators every province reports: the eight macro ones and the urusan ones (indikator_urusan.csv),
    with their target rules (aturan_target.csv).

    Each carries the desk where it is agreed: the macro desk for macro indicators, the first
    desk serving the urusan for the others.
    """
    desk_kl = _posisi(r.desk.kode_kl, r.kl.kode_kl)
    desk_urusan = _posisi(r.desk.kode_urusan, r.urusan.kode_urusan)
    kl_makro = r.kl.kode_kl.tolist().index(_bahan_edisi()["kl_makro"])
    makro = r.indikator.assign(
        jenis="makro", kode_urusan=None, indikator=r.indikator.nama_indikator, kunci=r.indikator.kode_indikator,
        desimal=r.indikator.desimal.astype(int),
        desk=next(d for d, kl in enumerate(desk_kl) if kl_makro in kl))
    urusan = r.indikator_urusan.rename(columns={"nama_indikator": "indikator"})[
        ["kode_urusan", "indikator", "satuan", "arah"]].assign(
        jenis="urusan", kode_indikator=None, varian=None, kunci=lambda d: d.indikator,
        desimal=r.indikator_urusan.desimal.astype(int))
    urusan["desk"] = [next(d for d, u in enumerate(desk_urusan) if r.urusan.kode_urusan.tolist().index(k) in u)
                      for k in urusan.kode_urusan]
    kolom = ["jenis", "kode_indikator", "kode_urusan", "indikator", "varian", "satuan", "arah", "desimal", "desk",
             "kunci"]
    return pd.concat([makro[kolom], urusan[kolom]], ignore_index=True).merge(
        _baca_bahan("aturan_target.csv"), on="kunci", how="left")


def _target_indikator(rng: np.random.Generator, r: Rujukan, sesi: pd.DataFrame, e: Edisi) -> pd.DataFrame:
    """Per province and indicator: baseline, national target (RKP), regional target (RKPD), agreement.

    The regional target falls short of, within or beyond the national range in shares that
    differ by province, taking the indicator's direction into account; it is a single value or
    a range. Where the session at the indicator's desk has finished, the target is agreed (the
    regional one, or the national range where the region fell short), a few are not agreed.
    """
    indikator = _daftar_indikator(r)
    n_prov, n_ind = len(r.provinsi), len(indikator)
    t = indikator.iloc[np.tile(np.arange(n_ind), n_prov)].reset_index(drop=True)
    prov = np.repeat(np.arange(n_prov), n_ind)
    t.insert(0, "kode_provinsi", r.provinsi.kode_provinsi.to_numpy()[prov])
    n = len(t)
    desimal = t.desimal.to_numpy()

    bps = r.dasar.drop(columns="jumlah_kabkota").stack()
    baseline = bps.reindex(pd.MultiIndex.from_arrays([t.kode_provinsi, t.kunci])).to_numpy()
    baseline = np.where(np.isnan(baseline), rng.uniform(t.baseline_min.fillna(0), t.baseline_max.fillna(0)), baseline)
    baseline = _bulatkan(baseline, desimal)
    geser = np.round(rng.normal(0, 1, n) * t.sebaran.to_numpy(), 1)
    nasional_min = _bulatkan(baseline * t.kali_bawah + t.tambah_bawah + geser, desimal)
    nasional_max = _bulatkan(baseline * t.kali_atas + t.tambah_atas + geser, desimal)

    arah = np.where(t.arah == "naik", 1.0, -1.0)
    lebar = np.maximum(nasional_max - nasional_min, 5 * 10.0 ** -desimal)
    baik = np.where(arah > 0, nasional_max, nasional_min)
    buruk = np.where(arah > 0, nasional_min, nasional_max)
    kurang_p = rng.uniform(0.05, 0.45, n_prov)[prov]
    lebih_p = rng.uniform(0.15, 0.40, n_prov)[prov]
    u = rng.random(n)
    kurang, lebih = u < kurang_p, (u >= kurang_p) & (u < kurang_p + lebih_p)
    nilai = np.select([kurang, lebih], [buruk - arah * rng.uniform(0.7, 1.5, n) * lebar,
                                        baik + arah * rng.uniform(0.1, 1.0, n) * lebar],
                      rng.uniform(nasional_min, nasional_max))
    ujung = nilai + arah * 0.5 * lebar * (rng.random(n) < 0.4)
    daerah_min = _bulatkan(np.minimum(nilai, ujung), desimal)
    daerah_max = _bulatkan(np.maximum(nilai, ujung), desimal)

    dibahas = (sesi.status.to_numpy() == "selesai").reshape(n_prov, len(r.desk))[prov, t.desk.to_numpy()]
    tolak = dibahas & (rng.random(n) < 0.04)
    sepakat = dibahas & ~tolak
    ikut_nasional = sepakat & kurang
    catatan = _bahan_edisi()["catatan_target"]
    disepakati, belum, tidak = TARGET_INDIKATOR.kolom_bernama("status").nilai
    t = t.assign(
        tahun=e.tahun_rencana, baseline=baseline,
        target_nasional_min=nasional_min, target_nasional_max=nasional_max,
        target_daerah_min=daerah_min, target_daerah_max=daerah_max,
        target_kesepakatan_min=np.where(ikut_nasional, nasional_min, np.where(sepakat, daerah_min, np.nan)),
        target_kesepakatan_max=np.where(ikut_nasional, nasional_max, np.where(sepakat, daerah_max, np.nan)),
        status=np.select([sepakat, tolak], [disepakati, tidak], belum),
        catatan=np.select([tolak, ikut_nasional], [catatan["tidak_disepakati"], catatan["ikut_nasional"]], None),
    )
    return t[[*TARGET_INDIKATOR.nama_kolom, "varian", "desimal"]]


# --- Views: the same data as each layout shows it ------------------------------------------------

def tampilan(tata: dict, df: pd.DataFrame, ktx: Konteks, isian: dict) -> pd.DataFrame:
    """The rows ``df`` (canonical columns) as a layout shows them: its headers, its forms, in its order.
    A view of proposals also carries _pagu, so the manifest can add up what a correct load gives."""
    kolom = {k["kepala"].format(**isian): kolom_tampilan(df, k, ktx) for k in kolom_tata(tata, tabel(tata["jenis"]))}
    if tata["jenis"] == USULAN.nama:
        kolom["_pagu"] = df.pagu
    return pd.DataFrame(kolom)


# --- Planting bad rows, writing files, keeping the manifest --------------------------------------

@dataclass(frozen=True)
class _Rusak:
    """One planted bad cell: the header it stands under, the canonical column it feeds, the bad value
    (or a function of the good one)."""

    kepala: str
    kolom: str
    nilai: object


def _tanam(tampilan_: pd.DataFrame, rng: np.random.Generator, rusak: Sequence[_Rusak] = (),
           duplikat: int = 0) -> pd.DataFrame:
    """Break one cell in each of ``len(rusak)`` rows and repeat ``duplikat`` other rows exactly,
    each copy somewhere below its original; marks them for the manifest (_rusak holds the _Rusak, _ganda)."""
    t = tampilan_.reset_index(drop=True).astype(object)
    t["_rusak"], t["_ganda"] = None, False
    pilih = rng.choice(len(t), len(rusak) + duplikat, replace=False)
    for i, r in zip(pilih, rusak):
        t.at[i, r.kepala] = r.nilai(t.at[i, r.kepala]) if callable(r.nilai) else r.nilai
        t.at[i, "_rusak"] = r
    asli = pilih[len(rusak):]
    urutan = np.concatenate([np.arange(len(t)), rng.uniform(asli + 0.5, len(t))])
    salinan = t.loc[asli].assign(_ganda=True)
    return pd.concat([t, salinan], ignore_index=True).iloc[np.argsort(urutan, kind="stable")].reset_index(drop=True)


def _rusak(berkas: dict, tata: dict, r: Rujukan, isian: dict, nomor: int | None = None) -> list[_Rusak]:
    """The bad cells an edition plants in one file of a layout (for a layout of one file per province,
    its ``nomor``-th file): the canonical column comes from the layout, the bad value from the edition."""
    ubah = {"negatif": lambda v: -v, "kosong": None, "desk_berikut": int(r.desk.desk_no.max()) + 1}
    dari = {k["kepala"].format(**isian): k["dari"] for k in kolom_tata(tata, tabel(tata["jenis"]))}
    return [_Rusak(x["kepala"], dari[x["kepala"]], ubah[x["ubah"]] if "ubah" in x else x["nilai"])
            for x in berkas.get("rusak", []) if x.get("berkas") == nomor]


def _kolom_data(tampilan_: pd.DataFrame) -> list[str]:
    """The columns that go into the file: all but the markers (_rusak, _ganda, _pagu)."""
    return [k for k in tampilan_.columns if not k.startswith("_")]


def _data(tampilan_: pd.DataFrame) -> pd.DataFrame:
    """What goes into a workbook or JSON: the view without its markers, empty cells as None."""
    t = tampilan_[_kolom_data(tampilan_)]
    return t.astype(object).where(t.notna(), None)


def _tulis_csv(jalur: Path, tampilan_: pd.DataFrame, tata: dict) -> int:
    """Write a CSV export in the layout's separator, encoding, quoting and line ends; returns the line of
    its first data row.

    ``kutip`` is the quoting of pyarrow's CSV writer: 'none' (plain; a value holding the separator
    stops the run rather than break the file), 'needed' (text quoted, numbers not) or 'all_valid'.
    """
    kutip, encoding = tata.get("kutip", "none"), tata.get("encoding", "utf-8")
    isi = io.BytesIO()
    pacsv.write_csv(pa.Table.from_pandas(tampilan_[_kolom_data(tampilan_)], preserve_index=False), isi,
                    pacsv.WriteOptions(delimiter=tata.get("pemisah", ","), quoting_style=kutip, quoting_header=kutip,
                                       eol=tata.get("akhir_baris", "\n")))
    jalur.parent.mkdir(parents=True, exist_ok=True)
    jalur.write_bytes(isi.getvalue() if encoding == "utf-8" else isi.getvalue().decode("utf-8").encode(encoding))
    return 2


def _tulis_json(jalur: Path, tampilan_: pd.DataFrame, tata: dict) -> np.ndarray:
    """Write a JSON export, a plain list of records or (``bungkus``) the web service's {"status", "data"}
    envelope; returns the line each record starts on (a JSON row is reported there), counted from the text
    written: the line after the list's '[', then each record's own lines."""
    rekaman = _data(tampilan_).to_dict("records")
    isi = {"status": "ok", "data": rekaman} if tata.get("bungkus") else rekaman
    teks = json.dumps(isi, ensure_ascii=False, indent=1)
    jalur.parent.mkdir(parents=True, exist_ok=True)
    jalur.write_text(teks, encoding="utf-8")
    panjang = [json.dumps(r, ensure_ascii=False, indent=1).count("\n") + 1 for r in rekaman]
    return teks.count("\n", 0, teks.index("[")) + 2 + np.concatenate([[0], np.cumsum(panjang)[:-1]])


def _buku_kerja(jalur: Path, dicetak: dt.datetime) -> xlsxwriter.Workbook:
    """A workbook whose bytes depend only on its content: fixed creation date, fixed author."""
    jalur.parent.mkdir(parents=True, exist_ok=True)
    buku = xlsxwriter.Workbook(jalur, {"constant_memory": False})
    buku.set_properties({"author": "SIPD", "company": "Kementerian Dalam Negeri", "created": dicetak})
    return buku


def _tulis_judul(lembar: Worksheet, judul: Sequence[str], tebal: Format) -> int:
    """Title rows, a blank row under them; returns the 0-based row where the header starts."""
    for i, teks in enumerate(judul):
        lembar.write_string(i, 0, teks, tebal)
    return len(judul) + 1


def _tulis_xlsx_usulan(jalur: Path, lembar: Sequence[tuple[str, str, pd.DataFrame]], petunjuk: bool,
                       tata: dict, isian: dict) -> int:
    """A Bappeda's recap workbook: one sheet per province (name and year only in the title rows), a
    'No' column, and footers 'Jumlah' and 'Dicetak pada ...'; optionally a text-only 'Petunjuk' sheet.
    Returns the Excel row of the first data row (the same on every sheet)."""
    kepala_pagu = next(k["kepala"] for k in tata["kolom"] if k["dari"] == "pagu")
    with _buku_kerja(jalur, isian["dicetak"]) as buku:
        tebal = buku.add_format({"bold": True})
        kepala = buku.add_format({"bold": True, "border": 1, "text_wrap": True, "align": "center",
                                  "valign": "vcenter", "bg_color": "#D9E1F2"})
        rupiah = buku.add_format({"num_format": "#,##0"})
        if petunjuk:
            ws = buku.add_worksheet("Petunjuk")
            for i, teks in enumerate(tata["petunjuk"]):
                ws.write_string(i, 0, teks.format(**isian))
        for nama_lembar, provinsi, tampilan_ in lembar:
            ws = buku.add_worksheet(nama_lembar)
            baris_kepala = _tulis_judul(ws, [j.format(provinsi=provinsi.upper(), **isian) for j in tata["judul"]],
                                        tebal)
            data = _data(tampilan_)
            data.insert(0, "No", range(1, len(data) + 1))
            ws.write_row(baris_kepala, 0, data.columns, kepala)
            for i, baris in enumerate(data.itertuples(index=False), start=baris_kepala + 1):
                ws.write_row(i, 0, baris)
            kolom_pagu = data.columns.get_loc(kepala_pagu)
            ws.set_column(kolom_pagu, kolom_pagu, 18, rupiah)
            akhir = baris_kepala + len(data)
            ws.write_string(akhir + 1, 0, label_kaki(), tebal)
            rentang_ = xl_range(baris_kepala + 1, kolom_pagu, akhir, kolom_pagu)
            ws.write_formula(akhir + 1, kolom_pagu, f"=SUM({rentang_})", rupiah,
                             sum(v for v in data.iloc[:, kolom_pagu] if isinstance(v, (int, float))))
            ws.write_string(akhir + 3, 0, tata["kaki"].format(**isian))
    return baris_kepala + 2


def _tulis_xlsx_target(jalur: Path, tampilan_: pd.DataFrame, tata: dict, isian: dict) -> int:
    """The macro target recap: title rows, then a header over two rows, one label ('Target 2022') merged
    over the layout's grouped columns ('Nasional', 'Daerah', 'Kesepakatan'), the other headers merged down
    both rows."""
    kelompok = [k["kepala"] for k in tata["kolom"] if k.get("kelompok")]
    with _buku_kerja(jalur, isian["dicetak"]) as buku:
        tebal = buku.add_format({"bold": True})
        kepala = buku.add_format({"bold": True, "border": 1, "text_wrap": True, "align": "center",
                                  "valign": "vcenter", "bg_color": "#E2EFDA"})
        ws = buku.add_worksheet(tata["lembar"])
        atas = _tulis_judul(ws, [j.format(**isian) for j in tata["judul"]], tebal)
        data = _data(tampilan_)
        data.insert(0, "No", range(1, len(data) + 1))
        for j, nama in enumerate(data.columns):
            if nama in kelompok:
                ws.write_string(atas + 1, j, nama, kepala)
            else:
                ws.merge_range(atas, j, atas + 1, j, nama, kepala)
        pertama = data.columns.get_loc(kelompok[0])
        ws.merge_range(atas, pertama, atas, pertama + len(kelompok) - 1, tata["kelompok"].format(**isian), kepala)
        for i, baris in enumerate(data.itertuples(index=False), start=atas + 2):
            ws.write_row(i, 0, baris)
        ws.write_string(atas + 3 + len(data), 0, tata["kaki"].format(**isian))
    return atas + 3


class _Manifes:
    """What was written and what a correct load must give, per edition, computed from the views as written."""

    def __init__(self, folder: Path, seed: int | None, skala: int):
        self.folder = folder
        self.isi = {"seed": seed, "skala": skala, "files": {}, "edisi": {}}

    def edisi(self, tahun: int, benih: int) -> dict:
        return self.isi["edisi"].setdefault(str(tahun), {
            "seed": benih, "ditanam": [], "duplikat": [], "gagal": [],
            "expected": {USULAN.nama: 0, TARGET_INDIKATOR.nama: 0, DESK_SESI.nama: 0, "pagu_total": 0}})

    def catat(self, jalur: Path, kind: str, tampilan_: pd.DataFrame, baris_pertama: int | np.ndarray,
              tahun: int) -> None:
        """Count a written view (or one sheet of a workbook): its rows, planted cells, duplicates, loadable rows.

        ``baris_pertama`` is the row of the first data row (the others follow it), or each row's own row.
        A planted unknown classification code only empties its field (scope 'field'): that row still loads."""
        baris = baris_pertama + np.arange(len(tampilan_)) if np.isscalar(baris_pertama) else baris_pertama
        nama = jalur.relative_to(self.folder).as_posix()
        edisi = self.isi["edisi"][str(tahun)]
        berkas = self.isi["files"].setdefault(nama, {"kind": kind, "rows_data": 0, "tahun": tahun})
        berkas["rows_data"] += len(tampilan_)
        rusak = tampilan_["_rusak"].notna().to_numpy() if "_rusak" in tampilan_ else np.zeros(len(tampilan_), bool)
        ganda = tampilan_["_ganda"].to_numpy(dtype=bool) if "_ganda" in tampilan_ else np.zeros(len(tampilan_), bool)
        ditolak = np.zeros(len(tampilan_), bool)
        for i in np.flatnonzero(rusak):
            r = tampilan_.at[i, "_rusak"]
            nilai = tampilan_.at[i, r.kepala]
            kolom = hanya_kolom(tabel(kind).kolom_bernama(r.kolom))
            ditolak[i] = not kolom
            edisi["ditanam"].append({"file": nama, "row": int(baris[i]), "column": r.kolom,
                                     "value": "" if nilai is None else str(nilai),
                                     "scope": "field" if kolom else "row"})
        edisi["duplikat"] += [{"file": nama, "row": int(baris[i])} for i in np.flatnonzero(ganda)]
        dimuat = ~(ditolak | ganda)
        edisi["expected"][kind] += int(dimuat.sum())
        if "_pagu" in tampilan_:
            edisi["expected"]["pagu_total"] += int(tampilan_["_pagu"].to_numpy(dtype=np.int64)[dimuat].sum())

    def gagal(self, jalur: Path, baris: int, tahun: int) -> None:
        nama = jalur.relative_to(self.folder).as_posix()
        self.isi["files"][nama] = {"kind": None, "rows_data": baris, "tahun": tahun}
        self.isi["edisi"][str(tahun)]["gagal"].append(nama)

    def simpan(self) -> dict:
        (self.folder / "MANIFEST").write_text(json.dumps(self.isi, ensure_ascii=False, indent=2) + "\n",
                                              encoding="utf-8")
        return self.isi


# --- The files -----------------------------------------------------------------------------------

def _nama_berkas(teks: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in teks.lower()).strip("_")


def _bagi_provinsi(rng: np.random.Generator, r: Rujukan, e: Edisi) -> dict[str, list[str]]:
    """Which usulan layout carries which province (edisi.toml 'usulan'): the first layout takes the
    provinces with the most name spellings, the others are shuffled over the rest; 'sisa' takes what is left."""
    ragam = r.provinsi.varian.map(lambda v: len(bagi(v)))
    urut = r.provinsi.kode_provinsi[ragam.sort_values(ascending=False, kind="stable").index].to_numpy()
    banyak = [n for n in e.usulan.values() if n != "sisa"]
    pertama = banyak[0] if banyak else 0
    sisa = np.concatenate([urut[:pertama], rng.permutation(urut[pertama:])])
    bagian = np.split(sisa, np.cumsum(banyak))
    urutan = [t for t, n in e.usulan.items() if n != "sisa"] + [t for t, n in e.usulan.items() if n == "sisa"]
    return {tata: sorted(k) for tata, k in zip(urutan, bagian)}


@dataclass
class _Penulis:
    """Everything one edition's files are written from."""

    folder: Path
    e: Edisi
    r: Rujukan
    katalog: pd.DataFrame
    rng: np.random.Generator
    manifes: _Manifes

    @property
    def isian(self) -> dict:
        return self.e.isian

    def ktx(self, tata: dict) -> Konteks:
        return Konteks(self.rng, self.r, self.katalog, tata["jenis"])

    def jalur(self, tata: dict, **isian: object) -> Path:
        return self.folder / tata["folder"] / tata["nama"].format(**self.isian, **isian)

    def tulis(self, jalur: Path, tata: dict, t: pd.DataFrame) -> None:
        """One view into one file in the layout's format, counted in the manifest."""
        tulis = {"csv": _tulis_csv, "json": _tulis_json}[tata["format"]]
        self.manifes.catat(jalur, tata["jenis"], t, tulis(jalur, t, tata), self.e.tahun_rencana)

    def usulan(self, berkas: dict, tata: dict, u: pd.DataFrame, provinsi: list[str]) -> None:
        """The usulan of the provinces a layout carries: one file, or (xlsx) one workbook per province with
        the last ones together in one workbook."""
        dari = u[u.kode_provinsi.isin(provinsi)].reset_index(drop=True)
        if tata["format"] != "xlsx_usulan":
            rusak = _rusak(berkas, tata, self.r, self.isian)
            t = _tanam(tampilan(tata, dari, self.ktx(tata), self.isian), self.rng, rusak, berkas.get("duplikat", 0))
            self.tulis(self.jalur(tata), tata, t)
            return
        nama = self.r.nama_provinsi
        tunggal, ganda = provinsi[:-tata["gabung"]], provinsi[-tata["gabung"]:]
        for i, k in enumerate(tunggal):
            jalur = self.jalur(tata, kode=k, nama=_nama_berkas(nama[k]))
            t = _tanam(tampilan(tata, dari[dari.kode_provinsi == k].reset_index(drop=True), self.ktx(tata),
                                self.isian), self.rng, _rusak(berkas, tata, self.r, self.isian, i))
            self.manifes.catat(jalur, tata["jenis"], t,
                               _tulis_xlsx_usulan(jalur, [(tata["lembar"], nama[k], t)], False, tata, self.isian),
                               self.e.tahun_rencana)
        jalur = self.folder / tata["folder"] / tata["nama_gabung"].format(kode="_".join(ganda))
        pendek = dict(zip(self.r.provinsi.kode_provinsi, self.r.provinsi.nama_pendek))
        lembar = [(pendek[k], nama[k], _tanam(tampilan(tata, dari[dari.kode_provinsi == k].reset_index(drop=True),
                                                      self.ktx(tata), self.isian), self.rng)) for k in ganda]
        baris = _tulis_xlsx_usulan(jalur, lembar, True, tata, self.isian)
        for *_, t in lembar:
            self.manifes.catat(jalur, tata["jenis"], t, baris, self.e.tahun_rencana)

    def usulan_potongan(self, tata: dict, u: pd.DataFrame) -> None:
        """National-size usulan in chunks of BARIS_PER_POTONGAN rows, in one layout, nothing planted."""
        for nomor, awal in enumerate(range(0, len(u), BARIS_PER_POTONGAN), start=1):
            t = tampilan(tata, u.iloc[awal:awal + BARIS_PER_POTONGAN].reset_index(drop=True), self.ktx(tata),
                         self.isian)
            self.tulis(self.folder / tata["folder"] / tata["nama_potongan"].format(nomor=nomor), tata, t)

    def target(self, berkas: dict, tata: dict, target: pd.DataFrame) -> None:
        """The targets of the layout's indicator kind: 'makro', 'urusan' or 'semua'."""
        t = target[(target.jenis == tata["indikator"]) | (tata["indikator"] == "semua")].reset_index(drop=True)
        v = _tanam(tampilan(tata, t, self.ktx(tata), self.isian), self.rng, _rusak(berkas, tata, self.r, self.isian),
                   berkas.get("duplikat", 0))
        jalur = self.jalur(tata)
        if tata["format"] == "xlsx_target":
            self.manifes.catat(jalur, tata["jenis"], v, _tulis_xlsx_target(jalur, v, tata, self.isian),
                               self.e.tahun_rencana)
        else:
            self.tulis(jalur, tata, v)

    def desk_sesi(self, berkas: dict, tata: dict, sesi: pd.DataFrame) -> None:
        """The sessions of all desks, or of the first or second half ('awal', 'akhir')."""
        s = sesi.sort_values(["desk_no", "kode_provinsi"]).reset_index(drop=True)
        tengah = self.r.desk.desk_no.iloc[len(self.r.desk) // 2 - 1]
        pilih = {"awal": s.desk_no <= tengah, "akhir": s.desk_no > tengah}.get(berkas.get("desk"), s.desk_no > 0)
        s = s[pilih].reset_index(drop=True)
        t = _tanam(tampilan(tata, s, self.ktx(tata), self.isian), self.rng, _rusak(berkas, tata, self.r, self.isian),
                   berkas.get("duplikat", 0))
        self.tulis(self.jalur(tata, desk_awal=s.desk_no.min(), desk_akhir=s.desk_no.max()), tata, t)

    def asing(self, tata: dict) -> None:
        """A file with no export kind in it (meeting notes): the loader must refuse it, alone."""
        isi = pd.DataFrame([[sel.format(**self.isian) for sel in b] for b in tata["baris"]], columns=tata["kepala"])
        jalur = self.jalur(tata)
        _tulis_csv(jalur, isi, tata)
        self.manifes.gagal(jalur, len(isi), self.e.tahun_rencana)


def _tulis_edisi(folder: Path, e: Edisi, skala: int, benih: int, manifes: _Manifes) -> None:
    """One edition: its data drawn in canonical columns, then written file by file as edisi.toml lists them."""
    rng = np.random.default_rng(benih)
    r = _baca_rujukan(e)
    katalog = _katalog()
    sesi = _desk_sesi(rng, r, e)
    usulan = _usulan(rng, r, katalog, sesi, skala, e)
    sesi["jumlah_usulan_dibahas"] = _jumlah_dibahas(rng, sesi, usulan, len(r.desk))
    target = _target_indikator(rng, r, sesi, e)

    manifes.edisi(e.tahun_rencana, benih)
    penulis = _Penulis(folder / str(e.tahun_rencana), e, r, katalog, rng, manifes)
    potongan = skala > SKALA_POTONGAN
    bagian = {} if potongan else _bagi_provinsi(rng, r, e)
    usulan_ditulis = False
    for berkas in e.berkas:
        tata = {**tata_letak_sampel()[berkas["tata_letak"]], **berkas.get("ganti", {})}
        if tata["jenis"] == USULAN.nama and potongan:
            if not usulan_ditulis:
                penulis.usulan_potongan(tata_letak_sampel()["usulan_sipd_csv"], usulan)
            usulan_ditulis = True
        elif tata["jenis"] == USULAN.nama:
            penulis.usulan(berkas, tata, usulan, bagian[berkas["tata_letak"]])
        elif tata["jenis"] == TARGET_INDIKATOR.nama:
            penulis.target(berkas, tata, target)
        elif tata["jenis"] == DESK_SESI.nama:
            penulis.desk_sesi(berkas, tata, sesi)
        else:
            penulis.asing(tata)


def _hapus_sampel_lama(folder: Path) -> None:
    """Remove the files an earlier run listed in folder/MANIFEST, so that a folder never mixes two
    samples (another scale or seed); nothing else in the folder is touched."""
    lama = folder / "MANIFEST"
    if lama.exists():
        for nama in json.loads(lama.read_text(encoding="utf-8"))["files"]:
            (folder / nama).unlink(missing_ok=True)


def tulis_sampel(folder: Path, skala: int = 1, seed: int | None = None, tahun: Sequence[int] = ()) -> dict:
    """Write realistic SIPD exports of all three kinds under ``folder``, one subfolder per edition (its plan
    year). Returns the manifest.

    ``skala`` 1 is the small sample under data/sample: every edition of data/bahan_sampel/edisi.toml (or those
    of the plan years in ``tahun``), its provinces with 25-45 usulan each, spread over the layouts its entry
    lists, with its bad rows and duplicates planted, and one file no loader can recognise. ``skala`` N > 1
    adds the kabupaten/kota and about 2N usulan per government (2000 gives ~2 million per edition); above
    SKALA_POTONGAN the usulan are written as plain CSV chunks. Targets and desk sessions stay at national
    size. Each edition draws from its own seed (``benih``; ``seed`` + its position when given): the same
    seed writes the same bytes. Files of an earlier run listed in ``folder/MANIFEST`` are removed first.

    The manifest, also written to ``folder/MANIFEST`` (no extension, so the loader never reads it),
    lists each file's kind, edition and data rows, and per edition the planted cells and duplicates with the
    row a person sees, the file that must fail, and what a correct load gives.
    """
    if skala < 1:
        raise ValueError(f"skala harus 1 atau lebih, bukan {skala}")
    edisi = [e for e in daftar_edisi() if not tahun or e.tahun_rencana in tahun]
    if tahun and len(edisi) != len(set(tahun)):
        ada = ", ".join(str(e.tahun_rencana) for e in daftar_edisi())
        raise ValueError(f"Tahun rencana {sorted(set(tahun))} tidak semuanya ada di data/bahan_sampel/edisi.toml: {ada}")
    folder = Path(folder)
    _hapus_sampel_lama(folder)
    manifes = _Manifes(folder, seed, skala)
    for i, e in enumerate(edisi):
        _tulis_edisi(folder, e, skala, e.benih if seed is None else seed + i, manifes)
    return manifes.simpan()
