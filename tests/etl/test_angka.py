"""Numbers as SIPD and Excel write them: Indonesian notation, Rupiah, percentages, ranges, empty markers."""

from __future__ import annotations

import pytest

from tests.etl.fikstur import kamus, kueri, muat_ke, penolakan, per_kunci, tulis_csv, tulis_json, tulis_xlsx

KEPALA_USULAN = ["ID Usulan", "Tahun", "Kode Provinsi", "Target", "Pagu"]


def test_angka_indonesia_di_csv(tmp_path, db):
    harapan = {  # cell as written -> value
        "1.234.567,89": 1234567.89,
        "Rp 1.250.000.000,00": 1250000000.0,
        "Rp1.250.000": 1250000.0,
        "5,2": 5.2,
        "5,2%": 5.2,
        "0,378": 0.378,
        "12": 12.0,
        "2.500": 2500.0,
    }
    baris = [KEPALA_USULAN] + [[f"U-{i}", "2022", "32", teks, teks] for i, teks in enumerate(harapan)]
    tulis_csv(tmp_path / "angka.csv", baris)

    muat_ke(db, tmp_path / "angka.csv")

    usulan = per_kunci(db, "usulan")
    for i, (teks, nilai) in enumerate(harapan.items()):
        assert usulan[f"U-{i}"]["pagu"] == pytest.approx(nilai), teks
        assert usulan[f"U-{i}"]["target"] == pytest.approx(nilai), teks
    assert penolakan(db) == []


def test_penanda_kosong_menjadi_null_bukan_ditolak(tmp_path, db):
    penanda = ["-", "", "n/a", "N/A", "tidak ada", "Tidak Ada", " - "]
    baris = [KEPALA_USULAN + ["Major Project", "Satuan"]]
    baris += [[f"U-{i}", "2022", "32", k, k, k, k] for i, k in enumerate(penanda)]
    baris.append(["U-isi", "2022", "32", "1", "1", "MP01", "unit"])
    tulis_csv(tmp_path / "kosong.csv", baris)

    muat_ke(db, tmp_path / "kosong.csv")

    usulan = per_kunci(db, "usulan")
    for i, k in enumerate(penanda):
        r = usulan[f"U-{i}"]
        assert (r["target"], r["pagu"], r["kode_mp"], r["satuan"]) == (None, None, None, None), k
    assert (usulan["U-isi"]["pagu"], usulan["U-isi"]["kode_mp"]) == (1.0, "MP01")
    assert penolakan(db) == []


def test_sel_angka_xlsx_sudah_angka(tmp_path, db):
    nilai = {"U-1": 1250000000.5, "U-2": 5.2, "U-3": 0.378, "U-4": 1234567.89, "U-5": 7, "U-6": 1e-7}
    baris = [KEPALA_USULAN] + [[k, 2022, 32, v, v] for k, v in nilai.items()]
    tulis_xlsx(tmp_path / "angka.xlsx", {"Usulan": baris})

    muat_ke(db, tmp_path / "angka.xlsx")

    usulan = per_kunci(db, "usulan")
    for k, v in nilai.items():
        assert usulan[k]["pagu"] == pytest.approx(v, rel=1e-12)
        assert usulan[k]["target"] == pytest.approx(v, rel=1e-12)


def test_angka_json_sebagai_bilangan(tmp_path, db):
    rekaman = [{"id_usulan": "J-1", "tahun_anggaran": 2022, "kode_provinsi": 32, "pagu": 1250000000, "target": 5.2},
               {"id_usulan": "J-2", "tahun_anggaran": 2022, "kode_provinsi": 32, "pagu": 0.5, "target": "5,2"}]
    tulis_json(tmp_path / "angka.json", {"data": rekaman})

    muat_ke(db, tmp_path / "angka.json")

    usulan = per_kunci(db, "usulan")
    for r in rekaman:
        assert usulan[r["id_usulan"]]["pagu"] == r["pagu"]
        assert usulan[r["id_usulan"]]["target"] == 5.2


def test_rentang_target_ke_min_dan_max(tmp_path, db):
    harapan = {  # Target Nasional as written -> (min, max)
        "5,2 - 5,8": (5.2, 5.8),
        "5,2–5,8": (5.2, 5.8),
        "5,2 – 5,8": (5.2, 5.8),
        "5,2% - 5,8%": (5.2, 5.8),
        "5,5": (5.5, 5.5),
        "-": (None, None),
        "": (None, None),
    }
    kepala = ["Tahun", "Kode Provinsi", "Indikator", "Target Nasional", "Target Daerah", "Kesepakatan"]
    baris = [kepala] + [["2022", "32", f"Indikator {i}", teks, teks, teks] for i, teks in enumerate(harapan)]
    tulis_csv(tmp_path / "rentang.csv", baris, pengodean="utf-8")

    muat_ke(db, tmp_path / "rentang.csv")

    t = {r["indikator"]: r for r in kamus(db, "SELECT * FROM target_indikator")}
    for i, (teks, (lo, hi)) in enumerate(harapan.items()):
        r = t[f"Indikator {i}"]
        for dasar in ("target_nasional", "target_daerah", "target_kesepakatan"):
            assert (r[f"{dasar}_min"], r[f"{dasar}_max"]) == (lo, hi), (teks, dasar)
    assert penolakan(db) == []


def test_rentang_dari_kolom_min_dan_max_terpisah(tmp_path, db):
    tulis_csv(tmp_path / "minmax.csv", [
        ["Tahun", "Kode Provinsi", "Indikator", "Target Nasional Min", "Target Nasional Max", "Target Daerah"],
        ["2022", "32", "IPM", "72,1", "72,9", "72,5 - 73,0"]])

    muat_ke(db, tmp_path / "minmax.csv")

    (r,) = kamus(db, "SELECT * FROM target_indikator")
    assert (r["target_nasional_min"], r["target_nasional_max"]) == (72.1, 72.9)
    assert (r["target_daerah_min"], r["target_daerah_max"]) == (72.5, 73.0)


def test_bilangan_bulat_terlalu_besar_menolak_barisnya_saja(tmp_path, db):
    """A whole number too large for its column (INTEGER) rejects its own row with its value and reason; the
    file's other rows load (it failed the whole file with DuckDB's conversion error)."""
    tulis_csv(tmp_path / "sesi.csv", [["Tahun", "Desk", "Provinsi", "Jumlah Usulan Dibahas"],
                                      ["2022", "1", "Jawa Barat", "5"], ["2022", "2", "32", "99999999999"]])

    hasil = muat_ke(db, tmp_path / "sesi.csv")

    assert hasil.berkas[0].status == "loaded", hasil.berkas[0].error
    assert kueri(db, "SELECT desk_no, kode_provinsi, jumlah_usulan_dibahas FROM desk_sesi") == [(1, "32", 5)]
    ditolak = penolakan(db)
    assert [(r["row"], r["column"], r["value"]) for r in ditolak] == [(3, "jumlah_usulan_dibahas", "99999999999")]
    assert "terlalu besar" in ditolak[0]["reason"]
