"""Plan periods: a row's codes are checked against the lists of its own plan year, and every reason that
names the valid codes takes them from those lists (RPJMN 2020-2024 for 2022, RPJMN 2025-2029 for 2027)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from etl.rujukan import FOLDER_RUJUKAN, baris_sah, kode_berlaku, kode_sah, ringkas
from tests.etl.fikstur import muat_ke, penolakan, per_kunci, tulis_csv

KEPALA = ["ID Usulan", "Tahun", "Kode Provinsi", "PN", "Major Project"]


def _kode(berkas: str, kolom: str, periode: str) -> list[str]:
    """The codes a reference file lists for a plan period, read the way a person reads the CSV."""
    with open(FOLDER_RUJUKAN / berkas, encoding="utf-8", newline="") as f:
        return [r[kolom] for r in csv.DictReader(f) if r["periode"] == periode]


PN_LAMA, PN_BARU = _kode("prioritas_nasional.csv", "kode_pn", "RPJMN 2020-2024"), \
    _kode("prioritas_nasional.csv", "kode_pn", "RPJMN 2025-2029")
MP_LAMA, MP_BARU = _kode("major_project.csv", "kode_mp", "RPJMN 2020-2024"), \
    _kode("major_project.csv", "kode_mp", "RPJMN 2025-2029")


@pytest.fixture(scope="module")
def dua_periode(tmp_path_factory) -> tuple[Path, dict[str, dict], dict[str, dict]]:
    """One file with rows of plan year 2022 and of 2027, each code valid in one period and not in the other."""
    folder = tmp_path_factory.mktemp("periode")
    tulis_csv(folder / "usulan.csv", [
        KEPALA,
        ["A-22", "2022", "32", PN_LAMA[-1], MP_LAMA[-1]],          # the last codes of 2020-2024: valid
        ["B-22", "2022", "32", PN_BARU[-1], ""],                   # PN8 does not exist before 2025
        ["C-22", "2022", "32", "", MP_LAMA[-1][:2] + str(len(MP_LAMA) + 1)],  # one past the last MP
        ["D-22", "2022", "64", "", "Pembangunan Ibu Kota Nusantara"],
        ["A-27", "2027", "32", PN_BARU[-1], MP_BARU[-1]],          # the last codes of 2025-2029: valid
        ["B-27", "2027", "32", "PN 9", ""],
        ["C-27", "2027", "32", "", MP_LAMA[-1]],                   # a 2020-2024 MP code, unknown in 2027
        ["D-27", "2027", "64", "", "Pembangunan Ibu Kota Nusantara"],
        ["E-27", "2027", "93", "", ""],                            # Papua Selatan exists in 2027
        ["E-22", "2022", "93", "", ""],                            # but not yet in 2022
    ])
    db = folder / "t.duckdb"
    muat_ke(db, folder / "usulan.csv")
    return db, per_kunci(db, "usulan"), {r["row"]: r for r in penolakan(db)}


def test_kode_sah_dimuat_menurut_periode_tahunnya(dua_periode):
    _, usulan, _ = dua_periode
    assert (usulan["A-22"]["kode_pn"], usulan["A-22"]["kode_mp"]) == (PN_LAMA[-1], MP_LAMA[-1])
    assert (usulan["A-27"]["kode_pn"], usulan["A-27"]["kode_mp"]) == (PN_BARU[-1], MP_BARU[-1])
    assert usulan["E-27"]["kode_provinsi"] == "93"


def test_nama_proyek_yang_sama_menjadi_kode_periodenya(dua_periode):
    """'Pembangunan Ibu Kota Nusantara' is a project of both periods, under a different code in each."""
    _, usulan, _ = dua_periode
    with open(FOLDER_RUJUKAN / "major_project.csv", encoding="utf-8", newline="") as f:
        ikn = {r["periode"]: r["kode_mp"] for r in csv.DictReader(f) if r["nama_mp"] == "Pembangunan Ibu Kota Nusantara"}
    assert usulan["D-22"]["kode_mp"] == ikn["RPJMN 2020-2024"]
    assert usulan["D-27"]["kode_mp"] == ikn["RPJMN 2025-2029"]
    assert ikn["RPJMN 2020-2024"] != ikn["RPJMN 2025-2029"]


@pytest.mark.parametrize("baris, id_usulan, kolom, nilai, sah", [
    (3, "B-22", "kode_pn", PN_BARU[-1], f"{PN_LAMA[0]}..{PN_LAMA[-1]} (RPJMN 2020-2024)"),
    (4, "C-22", "kode_mp", f"MP{len(MP_LAMA) + 1}", f"{MP_LAMA[0]}..{MP_LAMA[-1]} (RPJMN 2020-2024)"),
    (7, "B-27", "kode_pn", "PN 9", f"{PN_BARU[0]}..{PN_BARU[-1]} (RPJMN 2025-2029)"),
    (8, "C-27", "kode_mp", MP_LAMA[-1], f"{MP_BARU[0]}..{MP_BARU[-1]} (RPJMN 2025-2029)"),
])
def test_kode_di_luar_periode_ditolak_dengan_kode_sah_tahun_itu(dua_periode, baris, id_usulan, kolom, nilai, sah):
    """The reason quotes the value, the row's plan year and the valid codes of that year's period."""
    _, usulan, tolak = dua_periode
    r = tolak[baris]
    assert (r["column"], r["value"]) == (kolom, nilai)
    tahun = "20" + id_usulan[-2:]
    assert nilai in r["reason"] and f"tahun {tahun}" in r["reason"] and sah in r["reason"], r["reason"]
    assert usulan.get(id_usulan, {}).get(kolom) is None, "an unknown code is never kept as if it were valid"


def test_provinsi_baru_ditolak_dengan_jumlah_provinsi_tahun_itu(dua_periode):
    _, _, tolak = dua_periode
    with open(FOLDER_RUJUKAN / "provinsi.csv", encoding="utf-8", newline="") as f:
        ada_2022 = sum(int(r["berlaku_mulai"]) <= 2022 for r in csv.DictReader(f))
    r = tolak[11]
    assert (r["column"], r["value"]) == ("kode_provinsi", "93")
    assert f"{ada_2022} kode" in r["reason"] and "tahun 2022" in r["reason"], r["reason"]
    assert len(tolak) == 5


def test_pesan_kode_sah_mengikuti_data_rujukan(tmp_path):
    """A ninth PN added to the 2025-2029 list is named by every reason of that period, with no code change."""
    folder = tmp_path / "reference"
    shutil.copytree(FOLDER_RUJUKAN, folder)
    with open(folder / "prioritas_nasional.csv", "a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(
            ["RPJMN 2025-2029", "2025", "2029", "PN9", "Prioritas baru", "Baru", "New priority", ""])
    sah = baris_sah(folder).set_index(["rujukan", "tahun"])["sah"]
    assert sah["pn", 2027] == "PN1..PN9 (RPJMN 2025-2029)"
    assert sah["pn", 2022] == f"PN1..{PN_LAMA[-1]} (RPJMN 2020-2024)"
    assert sah["desk", 2027] == "1..40"


def test_ringkas_menyambung_kode_berurutan_saja():
    assert ringkas(["PN1", "PN2", "PN3"]) == "PN1..PN3"
    assert ringkas(["MP01", "MP02", "MP04"]) == "MP01..MP02, MP04"
    assert ringkas(["11", "12", "21"]) == "11..12, 21"
    assert kode_sah("desk", 2022, kode_berlaku()) == "1..40"
