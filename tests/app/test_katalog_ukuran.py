"""etl/sql/ukuran.toml against the measures themselves: parameters, the filters that apply, the columns declared."""

from __future__ import annotations

import duckdb
import pytest

from etl.muat import muat
from selaras.filter import DIMENSI
from selaras.kueri import KATALOG_UKURAN
from tests.app.conftest import bangun_db, tulis_csv

NILAI = {"tahun": 2022, "banding": 2022, "provinsi": ["11"], "kl": ["024"], "pn": ["PN5"], "mp": ["MP28"],
         "desk": [1]}
"""A value for each parameter that changes every measure it applies to on the tiny database."""


def _jalankan(con: duckdb.DuckDBPyConnection, nama: str, **isi: object) -> list[tuple]:
    parameter = KATALOG_UKURAN[nama]["parameter"]
    nilai = [isi.get(p, NILAI["tahun"] if p in ("tahun", "banding") else []) for p in parameter]
    tanda = ", ".join(f"${i}" for i in range(1, len(nilai) + 1))
    return sorted(con.execute(f"SELECT * FROM {nama}({tanda})", nilai).fetchall(), key=repr)


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory):
    """The tiny database, with two urusan targets besides (the desks agree those: target_desk has rows)."""
    akar = tmp_path_factory.mktemp("katalog")
    db = bangun_db(akar / "ekspor", akar / "k.duckdb")
    tulis_csv(akar / "urusan.csv", [["Tahun", "Kode Provinsi", "Jenis", "Kode Urusan", "Indikator", "Target Daerah"],
                                    [2022, "32", "Urusan", "1.02", "Prevalensi Stunting", "20"],
                                    [2022, "11", "Urusan", "1.01", "APM SMA/SMK", "70"]])
    muat([akar / "urusan.csv"], db)
    with duckdb.connect(str(db), read_only=True) as c:
        yield c


@pytest.mark.parametrize("nama", list(KATALOG_UKURAN))
def test_parameter_sesuai_makro(con, nama: str) -> None:
    parameter = con.execute("""
        SELECT parameters FROM duckdb_functions() WHERE function_name = ? AND function_type = 'table_macro'""",
                            [nama]).fetchall()
    assert parameter == [([f"p_{p}" for p in KATALOG_UKURAN[nama]["parameter"]],)]
    assert set(KATALOG_UKURAN[nama]["filter"]) <= set(KATALOG_UKURAN[nama]["parameter"]) & set(DIMENSI)


@pytest.mark.parametrize("nama", list(KATALOG_UKURAN))
def test_filter_yang_berlaku_dan_yang_tidak(con, nama: str) -> None:
    """A filter the catalogue lists changes what the measure returns; one it takes but does not list changes nothing."""
    semua = _jalankan(con, nama)
    for d in set(KATALOG_UKURAN[nama]["parameter"]) & set(DIMENSI):
        tersaring = _jalankan(con, nama, **{d: NILAI[d]})
        if d in KATALOG_UKURAN[nama]["filter"]:
            assert tersaring != semua, f"{nama}: filter {d} is declared but changes nothing"
        else:
            assert tersaring == semua, f"{nama}: filter {d} changes the measure but is not declared"


@pytest.mark.parametrize("nama", [n for n, u in KATALOG_UKURAN.items() if "kolom" in u])
def test_kolom_yang_dideklarasikan_ada(con, nama: str) -> None:
    parameter = KATALOG_UKURAN[nama]["parameter"]
    tanda = ", ".join(f"${i}" for i in range(1, len(parameter) + 1))
    hasil = con.execute(f"SELECT * FROM {nama}({tanda}) LIMIT 0",
                        [NILAI["tahun"] if p in ("tahun", "banding") else [] for p in parameter])
    keluaran = {d[0] for d in hasil.description}
    assert set(KATALOG_UKURAN[nama]["kolom"]) <= keluaran
    assert set(KATALOG_UKURAN[nama]["kolom"].values()) <= {"teks", "angka", "desimal", "persen", "poin", "rupiah",
                                                          "tanggal", "ya_tidak", "nilai"}
