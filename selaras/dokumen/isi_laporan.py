"""What the leadership's daily brief says (selaras.dokumen.laporan_harian draws it): read from the measures,
without the drawing library, so a page that offers the brief loads it only when the button is clicked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from selaras.dokumen.bahan import Muat, Sumber


@dataclass(frozen=True)
class Isi:
    """Everything the brief says, read once."""

    tahun: int
    bhs: str
    progres: pd.Series
    selaras: pd.Series
    provinsi: pd.DataFrame
    harian: pd.DataFrame
    desk: pd.DataFrame
    per_provinsi: pd.DataFrame
    kesenjangan: pd.DataFrame
    perubahan: pd.DataFrame
    nama_en: dict[str, str]
    """English names of the macro indicators, by code."""
    sampel: bool
    muat: Muat | None


def ambil(sumber: Sumber, tahun: int, bhs: str = "id") -> Isi:
    """The whole plan year, no other filter: the brief is about the meeting, not about a view of it."""
    p = (tahun, (), (), (), (), ())
    muat = sumber.kueri("muat_terakhir")
    s = sumber.kueri("sampel")
    indikator = sumber.kueri("indikator")
    return Isi(
        tahun=tahun, bhs=bhs,
        progres=sumber.ukuran("progres_nasional", p).iloc[0], selaras=sumber.ukuran("keselarasan_nasional", p).iloc[0],
        provinsi=sumber.ukuran("ringkasan_provinsi", p), harian=sumber.ukuran("progres_harian", p),
        desk=sumber.ukuran("progres_desk", p), per_provinsi=sumber.ukuran("progres_provinsi", p),
        kesenjangan=sumber.ukuran("kesenjangan_target", p), perubahan=sumber.ukuran("perubahan_hari", p),
        nama_en=dict(zip(indikator["kode_indikator"], indikator["nama_en"])),
        sampel=bool(not s.empty and s.iat[0, 0]),
        muat=None if muat.empty else Muat(int(muat.iat[0, 0]), pd.Timestamp(muat.iat[0, 1]).to_pydatetime()),
    )


def nama_berkas(tahun: int, bhs: str, dibuat: dt.date | None = None) -> str:
    hari = (dibuat or dt.date.today()).isoformat()
    return f"{'laporan_harian' if bhs == 'id' else 'daily_brief'}_{tahun}_{hari}.pdf"
