"""What the documents say, read from the database through the measures, for one plan year and a set of
provinces and desks at a time.

A source is anything with ``ukuran(nama, parameter)`` and ``kueri(nama, *parameter)``: the app passes
selaras.basis_data (cached, one province and desk per click), the command line a selaras.kueri.Basis
(one province at a time, all its desks at once). Both read the same macros, so a document says exactly
what the dashboard shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

import pandas as pd


class Sumber(Protocol):
    def ukuran(self, nama: str, parameter: tuple) -> pd.DataFrame: ...

    def kueri(self, nama: str, *parameter: object) -> pd.DataFrame: ...


@dataclass(frozen=True)
class Muat:
    """The load the figures come from."""

    run_id: int
    selesai: dt.datetime


@dataclass(frozen=True)
class Bahan:
    """The rows behind the documents of some provinces and desks of one plan year."""

    tahun: int
    provinsi: dict[str, str]
    """Every province of the plan year: code -> name."""
    desk: dict[int, str]
    """Every desk: number -> name."""
    kl_desk: dict[int, list[str]]
    """The ministries and agencies each desk serves, by full name (data/reference/desk.csv)."""
    urusan_desk: dict[int, list[str]]
    """The urusan each desk serves, as 'kode nama'."""
    urutan_makro: list[str]
    """Macro indicator codes in the order of the reference list (LPE, KEMISKINAN, ...)."""
    hasil: pd.DataFrame
    """hasil_desk: per desk and province, the session and the proposals' outcome."""
    usulan: pd.DataFrame
    """usulan_rinci: the proposals, largest pagu first."""
    target: pd.DataFrame
    """target_desk: the affair-indicator targets of each desk."""
    makro: pd.DataFrame
    """kesenjangan_target, macro indicators only: the plenary's targets."""
    pagu_pn: pd.DataFrame
    """pagu_disetujui_pn: agreed proposals and pagu per PN."""
    sampel: bool
    muat: Muat | None

    def desk_provinsi(self, kode_provinsi: str) -> list[int]:
        """The desks that have a session or proposals with the province, in order."""
        desk = self.hasil.loc[self.hasil["kode_provinsi"] == kode_provinsi, "desk_no"].dropna()
        return sorted(int(d) for d in desk)


def ambil(sumber: Sumber, tahun: int, provinsi: tuple[str, ...] = (), desk: tuple[int, ...] = ()) -> Bahan:
    """Read the rows for ``provinsi`` x ``desk`` (empty: all) of plan year ``tahun``."""
    p = (tahun, tuple(provinsi), (), (), (), tuple(desk))
    semua_desk = (tahun, tuple(provinsi), (), (), (), ())
    prov = sumber.kueri("provinsi", tahun)
    desk_ref = sumber.kueri("desk")
    kl = sumber.kueri("kl_desk")
    urusan = sumber.kueri("urusan_desk")
    makro = sumber.ukuran("kesenjangan_target", semua_desk)
    muat = sumber.kueri("muat_terakhir")
    return Bahan(
        tahun=tahun,
        provinsi=dict(zip(prov["kode_provinsi"], prov["nama_provinsi"])),
        desk={int(d): n for d, n in zip(desk_ref["desk_no"], desk_ref["nama_desk"])},
        kl_desk=_per_desk(kl, kl["nama_kl"]),
        urusan_desk=_per_desk(urusan, urusan["kode_urusan"] + " " + urusan["nama_urusan"]),
        urutan_makro=list(sumber.kueri("indikator")["kode_indikator"]),
        hasil=sumber.ukuran("hasil_desk", p),
        usulan=sumber.ukuran("usulan_rinci", p),
        target=sumber.ukuran("target_desk", p),
        makro=makro[makro["jenis"] == "makro"],
        pagu_pn=sumber.ukuran("pagu_disetujui_pn", semua_desk),
        sampel=bool(not (s := sumber.kueri("sampel")).empty and s.iat[0, 0]),
        muat=None if muat.empty else Muat(int(muat.iat[0, 0]), pd.Timestamp(muat.iat[0, 1]).to_pydatetime()),
    )


def _per_desk(df: pd.DataFrame, label: pd.Series) -> dict[int, list[str]]:
    hasil: dict[int, list[str]] = {}
    for d, teks in zip(df["desk_no"], label):
        hasil.setdefault(int(d), []).append(teks)
    return hasil
