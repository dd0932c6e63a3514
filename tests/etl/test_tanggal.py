"""Dates: Excel date cells, '25/02/2021', '2021-02-25', '25 Februari 2021', 'Feb'; impossible dates rejected."""

from __future__ import annotations

import datetime as dt

from tests.etl.fikstur import kamus, muat_ke, penolakan, tulis_csv, tulis_xlsx

KEPALA_DESK = ["Tahun", "Desk", "Kode Provinsi", "Jadwal", "Tanggal Selesai"]


def test_sel_tanggal_excel(tmp_path, db):
    jadwal = {1: dt.date(2021, 2, 25), 2: dt.datetime(2021, 3, 1, 9, 30), 3: dt.date(2021, 12, 31)}
    baris = [KEPALA_DESK] + [[2022, d, 32, tgl, dt.date(2021, 4, d)] for d, tgl in jadwal.items()]
    tulis_xlsx(tmp_path / "jadwal.xlsx", {"Desk": baris})

    muat_ke(db, tmp_path / "jadwal.xlsx")

    hasil = {r["desk_no"]: r for r in kamus(db, "SELECT * FROM desk_sesi")}
    for d, tgl in jadwal.items():
        tanggal = tgl.date() if isinstance(tgl, dt.datetime) else tgl
        assert hasil[d]["tanggal_jadwal"] == tanggal
        assert hasil[d]["tanggal_selesai"] == dt.date(2021, 4, d)


def test_tanggal_sebagai_teks(tmp_path, db):
    ejaan = ["25/02/2021", "2021-02-25", "25 Februari 2021", "25 Feb 2021", "25 februari 2021", "25 Pebruari 2021",
             "25-02-2021"]
    baris = [KEPALA_DESK] + [["2022", str(i + 1), "32", teks, ""] for i, teks in enumerate(ejaan)]
    tulis_csv(tmp_path / "jadwal.csv", baris)

    muat_ke(db, tmp_path / "jadwal.csv")

    hasil = {r["desk_no"]: r["tanggal_jadwal"] for r in kamus(db, "SELECT * FROM desk_sesi")}
    assert hasil == {i + 1: dt.date(2021, 2, 25) for i in range(len(ejaan))}
    assert penolakan(db) == []


def test_nama_bulan_indonesia_lain(tmp_path, db):
    harapan = {"1 Januari 2021": dt.date(2021, 1, 1), "3 Mei 2021": dt.date(2021, 5, 3),
               "17 Agustus 2021": dt.date(2021, 8, 17), "9 Okt 2021": dt.date(2021, 10, 9),
               "30 Nopember 2021": dt.date(2021, 11, 30), "24 Des 2021": dt.date(2021, 12, 24)}
    baris = [KEPALA_DESK] + [["2022", str(i + 1), "32", teks, None] for i, teks in enumerate(harapan)]
    tulis_csv(tmp_path / "bulan.csv", baris)

    muat_ke(db, tmp_path / "bulan.csv")

    hasil = {r["desk_no"]: r["tanggal_jadwal"] for r in kamus(db, "SELECT * FROM desk_sesi")}
    assert hasil == {i + 1: tgl for i, tgl in enumerate(harapan.values())}


def test_tanggal_mustahil_ditolak(tmp_path, db):
    salah = {  # desk -> (column, impossible value)
        1: ("tanggal_selesai", "30/02/2021"),
        2: ("tanggal_jadwal", "31 April 2021"),
        3: ("tanggal_jadwal", "2021-13-01"),
        4: ("tanggal_jadwal", "besok"),
    }
    baris = [KEPALA_DESK]
    for desk, (kolom, nilai) in salah.items():
        baris.append(["2022", str(desk), "32", nilai if kolom == "tanggal_jadwal" else "25/02/2021",
                      nilai if kolom == "tanggal_selesai" else ""])
    baris.append(["2022", "5", "32", "26/02/2021", "27/02/2021"])
    tulis_csv(tmp_path / "mustahil.csv", baris)

    muat_ke(db, tmp_path / "mustahil.csv")

    dimuat = {r["desk_no"]: r["tanggal_jadwal"] for r in kamus(db, "SELECT * FROM desk_sesi")}
    assert dimuat == {5: dt.date(2021, 2, 26)}
    tolak = {r["row"]: r for r in penolakan(db)}
    assert set(tolak) == {i + 1 for i, b in enumerate(baris) if b[1] != "5" and i > 0}
    for i, b in enumerate(baris[1:-1], start=2):
        kolom, nilai = salah[int(b[1])]
        assert (tolak[i]["column"], tolak[i]["value"]) == (kolom, nilai)
        assert "tanggal" in tolak[i]["reason"]
