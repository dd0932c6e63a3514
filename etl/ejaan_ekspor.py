"""How exports spell values: the forms a sample layout writes a column in, and the vectorised helpers behind them.

A layout (data/bahan_sampel/tata_letak.toml) names, per column, one form of ``BENTUK``: 'PN 03', 'MP 5',
'11.00', 'Rp 1.250.000.000,00', '25 Februari 2021', a province in one of its spellings, a status in the
spelling etl/value_aliases.toml lists first. Every form works on a whole column at once (millions of rows
take seconds) and draws its randomness from the edition's generator, in column order, so the same seed
writes the same bytes.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from babel.dates import get_month_names

from etl.rujukan import DAFTAR, NILAI_ALIAS, bagi, tata_letak
from etl.schema import tabel


def pilih_anggota(rng: np.random.Generator, kelompok: np.ndarray, anggota: list[np.ndarray]) -> np.ndarray:
    """For each row, one member of its group, uniformly; a group with no members gives -1 (none).

    Groups of unequal size are drawn in one vectorised step, so millions of rows take no loop.
    """
    anggota = [a if len(a) else np.array([-1]) for a in anggota]
    ukuran = np.array([len(a) for a in anggota])
    awal = np.concatenate([[0], np.cumsum(ukuran)[:-1]])
    pilihan = awal[kelompok] + (rng.random(len(kelompok)) * ukuran[kelompok]).astype(np.int64)
    return np.concatenate(anggota)[pilihan]


def ratakan(daftar: Sequence[Sequence]) -> tuple[list, list[np.ndarray]]:
    """Lists laid end to end, with the positions each one's members took: groups for pilih_anggota."""
    semua: list = []
    posisi = []
    for d in daftar:
        posisi.append(np.arange(len(semua), len(semua) + len(d)))
        semua += list(d)
    return semua, posisi


def kategori(nilai: Sequence, kode: np.ndarray) -> pd.Categorical:
    """A coded column held as codes into its reference list (-1 = empty): small, and fast to respell."""
    return pd.Categorical.from_codes(kode, categories=list(nilai))


def ambil(nilai: Sequence, kode: np.ndarray) -> np.ndarray:
    """Values picked by position; position -1 gives None."""
    return np.array([*nilai, None], dtype=object)[kode]


def kode(kolom: pd.Series) -> np.ndarray:
    """The codes of a categorical column as int64 (pandas keeps them as int8, too small to compute with)."""
    return kolom.cat.codes.to_numpy().astype(np.int64)


def eja(kolom: pd.Series, ejaan: Callable[[object], object], kosong: object = None) -> np.ndarray:
    """A coded column in an export's own spelling: each category spelled once, then taken by code."""
    return ambil([ejaan(k) for k in kolom.cat.categories] + [kosong], kode(kolom))



# --- Numbers and dates the way Indonesian exports print them -------------------------------------

def ejaan_kelompok(lebar: int, awalan: str = "", ringkas: bool = False) -> pa.Array:
    """The 10**lebar spellings of a group of digits: '7', or with ``awalan`` and zero-padded ('.007',
    ',07'); ``ringkas`` drops trailing zeros (',5' for ',50', '' for ',00')."""
    if not awalan:
        return pa.array([str(i) for i in range(10**lebar)])
    ejaan = [f"{awalan}{i:0{lebar}d}" for i in range(10**lebar)]
    return pa.array([e.rstrip("0").removesuffix(awalan) if ringkas else e for e in ejaan])


def ribuan(utuh: np.ndarray) -> pa.Array:
    """Whole numbers with '.' between thousands ('1.250.000'), for millions of values at once.

    Every group of three digits is looked up among the spellings of a group (the leading one
    bare, the others as '.007'), and the groups are joined: no Python loop over rows.
    """
    utuh = np.asarray(utuh, dtype=np.int64)
    banyak = max(1, (len(str(int(utuh.max(initial=0)))) + 2) // 3)
    ejaan = pa.concat_arrays([ejaan_kelompok(3), ejaan_kelompok(3, "."), pa.array([""])])
    depan = sum((utuh >= 1000**i).astype(np.int64) for i in range(1, banyak))
    bagian = []
    for i in range(banyak - 1, -1, -1):
        kelompok = utuh // 1000**i % 1000
        bagian.append(ejaan.take(np.where(i > depan, 2000, np.where(i == depan, kelompok, 1000 + kelompok))))
    return pc.binary_join_element_wise(*bagian, "")


def angka_id(nilai: np.ndarray, desimal: int = 0, ringkas: bool = False) -> pd.Series:
    """Numbers as Indonesian exports print them: '1.250.000.000,00', '-0,37'; ``ringkas`` drops
    trailing zeros ('5,2' rather than '5,200'). Empty (NaN) stays empty."""
    nilai = np.asarray(nilai, dtype=float)
    kosong = np.isnan(nilai)
    skala = 10**desimal
    bulat = np.rint(np.abs(np.where(kosong, 0, nilai)) * skala).astype(np.int64)
    bagian = [pa.array(["", "-"]).take((nilai < 0).astype(np.int64)), ribuan(bulat // skala)]
    if desimal:
        bagian.append(ejaan_kelompok(desimal, ",", ringkas).take(bulat % skala))
    teks = pc.if_else(kosong, pa.scalar(None, pa.string()), pc.binary_join_element_wise(*bagian, ""))
    return pd.Series(pd.arrays.ArrowExtensionArray(teks))


def rentang(bawah: np.ndarray, atas: np.ndarray, pemisah: np.ndarray | str, akhiran: str = "") -> np.ndarray:
    """A target as text: '5,2 - 5,8' when its ends differ, '5,2' + akhiran when they agree, None when empty."""
    a, b = angka_id(bawah, 3, ringkas=True), angka_id(atas, 3, ringkas=True)
    teks = np.where(bawah == atas, a + akhiran, a + pemisah + b)
    return np.where(np.isnan(bawah), None, teks)


def tanggal_teks(tanggal: pd.Series, gaya: np.ndarray) -> np.ndarray:
    """Dates as the SIPD web service writes them: 0 '2021-02-25', 1 '25 Februari 2021', 2 '1 Mar 2021'."""
    hari = tanggal.dt.strftime("%d").str.lstrip("0")
    tahun = tanggal.dt.strftime(" %Y")
    bentuk = [
        tanggal.dt.strftime("%Y-%m-%d"),
        hari + " " + tanggal.dt.month.map(dict(get_month_names("wide", locale="id"))) + tahun,
        hari + " " + tanggal.dt.month.map(dict(get_month_names("abbreviated", locale="id"))) + tahun,
    ]
    teks = np.select([gaya == i for i in range(len(bentuk))], [b.to_numpy(dtype=object) for b in bentuk])
    return np.where(tanggal.isna(), None, teks)


# --- Spellings declared in the alias files ---------------------------------------------------------

@cache
def _alias_nilai() -> dict:
    with open(NILAI_ALIAS, "rb") as f:
        return tomllib.load(f)


def ejaan_nilai(jenis: str, kolom: str) -> dict[object, list[str]]:
    """The spellings etl/value_aliases.toml declares for each value of a coded column, first the usual one.

    A boolean column's values are True and False.
    """
    per_nilai = _alias_nilai()[jenis][kolom]
    ubah = {"true": True, "false": False} if tabel(jenis).kolom_bernama(kolom).jenis == "boolean" else {}
    return {ubah.get(nilai, nilai): ejaan for nilai, ejaan in per_nilai.items()}


def ejaan_sah(jenis: str, kolom: str, nilai: object, ejaan: str) -> str:
    """``ejaan`` itself, after checking it is a declared spelling of ``nilai``: a sample never writes what
    the loader is not declared to read (planted bad cells aside)."""
    if ejaan not in ejaan_nilai(jenis, kolom)[nilai]:
        raise ValueError(f"'{ejaan}' bukan ejaan {jenis}.{kolom} = {nilai} di etl/value_aliases.toml")
    return ejaan


def label_kaki() -> str:
    """The footer label a workbook's total row carries ('Jumlah'): the first one value_aliases.toml lists."""
    return tata_letak()["footer_label"][0]


# --- The forms of a column ---------------------------------------------------------------------------

@dataclass
class Konteks:
    """What a form may draw on while one view of one edition is built: the random generator, the edition's
    reference lists and catalogue, and draws shared by several columns of the view (a range's dash)."""

    rng: np.random.Generator
    rujukan: object
    """the edition's reference lists (etl.sample.Rujukan)"""
    katalog: pd.DataFrame
    jenis: str
    """the export kind of the view"""
    undian: dict[str, np.ndarray] = field(default_factory=dict)

    def undi(self, nama: str, buat: Callable[[], np.ndarray]) -> np.ndarray:
        """A draw made once per view and shared by the columns that need it, in the order they ask."""
        if nama not in self.undian:
            self.undian[nama] = buat()
        return self.undian[nama]


Bentuk = Callable[[pd.DataFrame, str, Konteks, dict], object]
"""A form: (the canonical rows, the column 'dari', the context, the layout's column entry) -> the column."""


def _nomor(format_: str) -> Bentuk:
    """A numbered code ('PN3', 'MP05') respelled: {huruf} the letters, {angka} the number."""
    def bentuk(df: pd.DataFrame, dari: str, ktx: Konteks, kol: dict) -> np.ndarray:
        def eja_satu(k: str) -> str:
            huruf, angka = re.fullmatch(r"(\D*)(\d+)", k).groups()
            return format_.format(huruf=huruf, angka=int(angka))
        return eja(df[dari], eja_satu, kol.get("kosong"))
    return bentuk


def _ejaan(df: pd.DataFrame, dari: str, ktx: Konteks, kol: dict) -> object:
    """A coded value in its usual spelling (the first value_aliases.toml lists)."""
    biasa = {nilai: ejaan[0] for nilai, ejaan in ejaan_nilai(ktx.jenis, dari).items()}
    if isinstance(df[dari].dtype, pd.CategoricalDtype):
        return eja(df[dari], biasa.get, kol.get("kosong"))
    return df[dari].map(biasa)


def _nama_rujukan(ktx: Konteks, dari: str) -> dict[str, str]:
    """Code -> official name, from the reference list the column resolves through (its first name column)."""
    daftar = DAFTAR[tabel(ktx.jenis).kolom_bernama(dari).rujukan]
    df = getattr(ktx.rujukan, daftar.nama)
    return dict(zip(df[daftar.kolom_kode].astype(str), df[daftar.kolom_nama[0]]))


def _kode_titik_nol(df: pd.DataFrame, dari: str, ktx: Konteks, kol: dict) -> np.ndarray:
    """A province code as a number cell saved as text, '11.00', in a share ``peluang`` of the rows."""
    return np.where(ktx.rng.random(len(df)) < kol["peluang"], eja(df[dari], lambda k: f"{k}.00"),
                    df[dari].astype(object))


def _nama_atau_angka(df: pd.DataFrame, dari: str, ktx: Konteks, kol: dict) -> np.ndarray:
    """A code by its official name in a share ``peluang`` of the rows, else as a bare number ('24' for 024)."""
    nama = _nama_rujukan(ktx, dari)
    return np.where(ktx.rng.random(len(df)) < kol["peluang"], eja(df[dari], nama.get),
                    eja(df[dari], lambda k: str(int(k))))


def _nama_ragam(df: pd.DataFrame, dari: str, ktx: Konteks, kol: dict) -> np.ndarray:
    """A province by name, in one of the spellings exports use: official, a variant of provinsi.csv,
    'Prov. ...', 'PROVINSI ...'."""
    p = ktx.rujukan.provinsi
    semua, ejaan = ratakan([[nama, *bagi(varian), f"Prov. {nama}", f"PROVINSI {nama.upper()}"]
                            for nama, varian in zip(p.nama_provinsi, p.varian)])
    return ambil(semua, pilih_anggota(ktx.rng, kode(df[dari]), ejaan))


def _indikator_ragam(df: pd.DataFrame, dari: str, ktx: Konteks, kol: dict) -> np.ndarray:
    """An indicator by one of its names (indikator_makro.csv's variants)."""
    semua, ejaan = ratakan([[i, *bagi(v)] for i, v in zip(df[dari], df.varian)])
    return ambil(semua, pilih_anggota(ktx.rng, np.arange(len(df)), ejaan))


def _rentang_sel(df: pd.DataFrame, dari: str, ktx: Konteks, kol: dict) -> np.ndarray:
    """A target in a workbook: a number cell when its ends agree, else text '5,2 - 5,8' or '5,2–5,8'."""
    pemisah = ktx.undi("pemisah", lambda: np.where(ktx.rng.random(len(df)) < 0.5, " - ", "–"))
    bawah, atas = df[f"{dari}_min"].to_numpy(), df[f"{dari}_max"].to_numpy()
    return np.where(bawah == atas, bawah.astype(object), rentang(bawah, atas, pemisah))


def _berita_acara(df: pd.DataFrame, dari: str, ktx: Konteks, kol: dict) -> np.ndarray:
    """Signed: one of the layout's ``ya`` spellings (drawn when there are two); finished unsigned: the usual
    'no'; not finished: an empty marker."""
    ya = [ejaan_sah(ktx.jenis, dari, True, e) for e in kol["ya"]]
    sudah = ya[0] if len(ya) == 1 else np.where(ktx.rng.random(len(df)) < 0.5, ya[0], ya[1])
    belum = ejaan_nilai(ktx.jenis, dari)[False][0]
    return np.select([df[dari].eq(True), df.status == "selesai"], [sudah, belum], "-")


def _tanggal_ragam(df: pd.DataFrame, dari: str, ktx: Konteks, kol: dict) -> np.ndarray:
    """Dates as the web service writes them: mostly ISO, some '25 Februari 2021' or '1 Mar 2021' (one draw per
    row, shared by the view's date columns)."""
    gaya = ktx.undi("gaya_tanggal", lambda: ktx.rng.choice(3, len(df), p=[0.75, 0.15, 0.10]))
    return tanggal_teks(df[dari], gaya)


def _katalog(df: pd.DataFrame, dari: str, ktx: Konteks, kol: dict) -> np.ndarray:
    """A field of the sub kegiatan's programme or kegiatan (SIPD's kode_program, nama_giat, ...)."""
    return eja(df[dari], ktx.katalog.set_index("kode_sub_kegiatan")[kol["kolom_katalog"]].get)


def _nama_urusan(ktx: Konteks) -> dict[str, str]:
    return dict(zip(ktx.rujukan.urusan.kode_urusan, ktx.rujukan.urusan.nama_urusan))


BENTUK: dict[str, Bentuk] = {
    "nomor_spasi_nol": _nomor("{huruf} {angka:02d}"),
    "nomor_spasi": _nomor("{huruf} {angka}"),
    "nomor_nol": _nomor("{huruf}{angka:02d}"),
    "nomor_angka": _nomor("{angka}"),
    "ejaan": _ejaan,
    "bulat": lambda df, dari, ktx, kol: eja(df[dari], int),
    "kode_titik_nol": _kode_titik_nol,
    "kabkota_titik": lambda df, dari, ktx, kol: eja(df[dari], lambda k: f"{k[:2]}.{k[2:]}"),
    "nama_atau_angka": _nama_atau_angka,
    "angka_id": lambda df, dari, ktx, kol: angka_id(df[dari], kol["desimal"], ringkas=True),
    "rupiah_id": lambda df, dari, ktx, kol: "Rp " + angka_id(df[dari], 2),
    "desk_kata": lambda df, dari, ktx, kol: eja(df[dari], lambda d: f"Desk {d}"),
    "nama_ragam": _nama_ragam,
    "nama_provinsi": lambda df, dari, ktx, kol: df[dari].map(
        dict(zip(ktx.rujukan.provinsi.kode_provinsi, ktx.rujukan.provinsi.nama_provinsi))),
    "urusan_digit": lambda df, dari, ktx, kol: eja(df[dari], lambda k: k.split(".")[0]),
    "nama_urusan": lambda df, dari, ktx, kol: eja(df[dari], _nama_urusan(ktx).get),
    "katalog": _katalog,
    "skpd_kode": lambda df, dari, ktx, kol: eja(df[dari], lambda k: f"{k}.0.00.0.00.01.0000"),
    "skpd_nama": lambda df, dari, ktx, kol: eja(df[dari], lambda k: f"Dinas {_nama_urusan(ktx)[k]}"),
    "indikator_ragam": _indikator_ragam,
    "rentang_sel": _rentang_sel,
    "persen_teks": lambda df, dari, ktx, kol: rentang(df[dari].to_numpy(), df[dari].to_numpy(), "", "%"),
    "rentang_persen": lambda df, dari, ktx, kol: rentang(df[f"{dari}_min"].to_numpy(), df[f"{dari}_max"].to_numpy(),
                                                          " - ", "%"),
    "tanggal_dmy": lambda df, dari, ktx, kol: df[dari].dt.strftime("%d/%m/%Y"),
    "tanggal_ragam": _tanggal_ragam,
    "berita_acara": _berita_acara,
}
"""Every form a layout may name, by name."""


def kolom_tampilan(df: pd.DataFrame, kol: dict, ktx: Konteks) -> object:
    """One column of a view: the canonical column ``kol['dari']`` written in form ``kol['bentuk']`` (as it is
    when the entry names none)."""
    bentuk = kol.get("bentuk")
    return BENTUK[bentuk](df, kol["dari"], ktx, kol) if bentuk else df[kol["dari"]]
