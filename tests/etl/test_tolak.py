"""Rows that break a rule go to etl_rejects (file, row as a person sees it, column, value, reason); the rest load.

A bad key or value rejects the row; an unknown classification code only empties its field (the row loads, flagged)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.etl.fikstur import berkas_dimuat, kamus, kueri, muat_ke, penolakan, tulis_csv, tulis_json, tulis_xlsx

KATA_INDONESIA = ("tidak", "bukan", "kosong", "wajib", "luar", "kurang", "harus", "tulis", "isi")

USULAN = (["ID Usulan", "Tahun", "Kode Provinsi", "Kode K/L", "PN", "MP", "Pagu", "Target", "Desk"],
          ["U-{}", "2022", "32", "024", "PN3", "MP05", "1.000", "5", "12"])
DESK = (["Tahun", "Desk", "Kode Provinsi", "Jadwal", "Jumlah Usulan Dibahas"],
        ["2022", "{}", "32", "25/02/2021", "10"])
TARGET = (["Tahun", "Kode Provinsi", "Indikator", "Target Nasional", "Baseline"],
          ["2022", "32", "Indikator {}", "5,2", "4,8"])

ATURAN = {  # rule -> (kind, header, bad value, column named in etl_rejects)
    "id_usulan_kosong": (USULAN, "ID Usulan", "", "id_usulan"),
    "tahun_kosong": (USULAN, "Tahun", "", "tahun"),
    "provinsi_kosong": (USULAN, "Kode Provinsi", "-", "kode_provinsi"),
    "desk_sesi_tanpa_desk": (DESK, "Desk", "", "desk_no"),
    "provinsi_tak_dikenal_nama": (USULAN, "Kode Provinsi", "Narnia", "kode_provinsi"),
    "provinsi_tak_dikenal_kode": (USULAN, "Kode Provinsi", "99", "kode_provinsi"),
    "kl_tak_dikenal_kode": (USULAN, "Kode K/L", "999", "kode_kl"),
    "kl_tak_dikenal_nama": (USULAN, "Kode K/L", "Kementerian Sihir", "kode_kl"),
    "pn_tak_dikenal": (USULAN, "PN", "PN9", "kode_pn"),
    "pn8_belum_ada_pada_2022": (USULAN, "PN", "PN 8", "kode_pn"),
    "mp_tak_dikenal": (USULAN, "MP", "MP46", "kode_mp"),
    "pagu_bukan_angka": (USULAN, "Pagu", "seratus juta", "pagu"),
    "target_bukan_angka": (USULAN, "Target", "lima", "target"),
    "target_nasional_bukan_angka": (TARGET, "Target Nasional", "naik sedikit", "target_nasional_min"),
    "baseline_bukan_angka": (TARGET, "Baseline", "4,8 persen", "baseline"),
    "jumlah_usulan_bukan_bilangan": (DESK, "Jumlah Usulan Dibahas", "banyak", "jumlah_usulan_dibahas"),
    "pagu_negatif": (USULAN, "Pagu", "-5.000", "pagu"),
    "desk_nol": (USULAN, "Desk", "0", "desk_no"),
    "desk_41": (USULAN, "Desk", "Desk 41", "desk_no"),
    "desk_sesi_desk_41": (DESK, "Desk", "41", "desk_no"),
    "tanggal_mustahil": (DESK, "Jadwal", "29/02/2021", "tanggal_jadwal"),
    "tahun_2014": (USULAN, "Tahun", "2014", "tahun"),
    "tahun_2046": (USULAN, "Tahun", "2046", "tahun"),
    "tahun_bukan_angka": (DESK, "Tahun", "dua ribu dua puluh dua", "tahun"),
}

HANYA_KOLOM = {"kl_tak_dikenal_kode", "kl_tak_dikenal_nama", "pn_tak_dikenal", "pn8_belum_ada_pada_2022",
               "mp_tak_dikenal", "desk_nol", "desk_41"}
"""Rules whose breach empties only the field: classification codes of a proposal (not a session's desk, its key)."""


@pytest.fixture(scope="module")
def muatan(tmp_path_factory) -> tuple[Path, dict[str, tuple[str, int]]]:
    """One file per kind: a valid row, then one row per rule, each breaking only that rule, then a valid row.

    Loaded once for all rule tests (a load costs most of a second); returns the database and,
    per rule, the file and the row its bad row stands on.
    """
    folder = tmp_path_factory.mktemp("aturan")
    letak = {}
    for nama, (kepala, contoh) in {"usulan": USULAN, "desk": DESK, "target": TARGET}.items():
        baris = [kepala, [v.format(1) for v in contoh]]
        for aturan, ((k, _), header, salah, _) in ATURAN.items():
            if k is kepala:
                baris.append([v.format(len(baris)) for v in contoh])
                baris[-1][kepala.index(header)] = salah
                letak[aturan] = (f"{nama}.csv", len(baris))
        baris.append([v.format(len(baris)) for v in contoh])
        tulis_csv(folder / f"{nama}.csv", baris)
    db = folder / "t.duckdb"
    muat_ke(db, *(folder / f"{nama}.csv" for nama in ("usulan", "desk", "target")))
    return db, letak


@pytest.mark.parametrize("aturan", list(ATURAN))
def test_baris_yang_melanggar_aturan_ditolak(muatan, aturan):
    db, letak = muatan
    _, _, salah, kolom = ATURAN[aturan]
    nama, baris_ke = letak[aturan]

    (r,) = [r for r in penolakan(db) if Path(r["file"]).name == nama and r["row"] == baris_ke]
    assert r["file"] == (db.parent / nama).as_posix()
    assert r["column"] == kolom
    assert r["scope"] == ("field" if aturan in HANYA_KOLOM else "row")
    assert r["reason"] and any(k in r["reason"].lower() for k in KATA_INDONESIA), r["reason"]
    if salah.strip("-"):
        assert r["value"] == salah
        assert salah in r["reason"]  # the reason quotes the value
    else:
        assert r["value"] in (None, "", salah)


def test_baris_lain_tetap_dimuat(muatan):
    """Only the bad rows are held back: the valid first and last rows of every file load."""
    db, letak = muatan
    f = berkas_dimuat(db)
    for nama, tabel in (("usulan.csv", "usulan"), ("desk.csv", "desk_sesi"), ("target.csv", "target_indikator")):
        buruk = [a for a, (berkas, _) in letak.items() if berkas == nama]
        ditandai = sum(a in HANYA_KOLOM for a in buruk)
        assert (f[nama]["status"], f[nama]["kind"]) == ("loaded", tabel)
        assert (f[nama]["rows_read"], f[nama]["rows_loaded"], f[nama]["rows_rejected"], f[nama]["rows_flagged"]) == (
            len(buruk) + 2, 2 + ditandai, len(buruk) - ditandai, ditandai)
        assert kueri(db, f"SELECT count(*) FROM {tabel}") == [(2 + ditandai,)]
    assert len(penolakan(db)) == len(ATURAN)


@pytest.mark.parametrize("aturan", sorted(HANYA_KOLOM))
def test_kode_klasifikasi_salah_mengosongkan_kolomnya_saja(muatan, aturan):
    """The proposal is kept, with that field empty and named in kolom_ditandai; its other values load."""
    db, letak = muatan
    _, _, _, kolom = ATURAN[aturan]
    (r,) = kamus(db, "SELECT * FROM usulan WHERE sumber_baris = ?", [letak[aturan][1]])
    assert r[kolom] is None and r["kolom_ditandai"] == [kolom]
    assert (r["tahun"], r["kode_provinsi"], r["pagu"]) == (2022, "32", 1000.0)
    (tolak,) = [t for t in penolakan(db) if Path(t["file"]).name == "usulan.csv" and t["row"] == letak[aturan][1]]
    assert "tetap dimuat" in tolak["reason"]


def test_pn8_sah_pada_periode_rpjmn_2025_2029(tmp_path, db):
    """The same code that is rejected for 2022 is valid for 2026: codes are checked against the plan year."""
    tulis_csv(tmp_path / "pn8.csv", [["ID Usulan", "Tahun", "Kode Provinsi", "PN"], ["P-1", "2026", "93", "PN 8"]])

    muat_ke(db, tmp_path / "pn8.csv")

    assert kueri(db, "SELECT kode_pn, kode_provinsi FROM usulan") == [("PN8", "93")]
    assert penolakan(db) == []


def test_satu_baris_dengan_dua_pelanggaran_satu_penolakan(tmp_path, db):
    tulis_csv(tmp_path / "dua.csv", [USULAN[0], ["U-1", "2022", "Narnia", "024", "PN3", "MP05", "-10", "5", "12"]])

    muat_ke(db, tmp_path / "dua.csv")

    (r,) = penolakan(db)
    assert r["column"] in ("kode_provinsi", "pagu")
    lain = "pagu" if r["column"] == "kode_provinsi" else "kode_provinsi"
    assert lain in r["reason"]
    assert kueri(db, "SELECT count(*) FROM usulan") == [(0,)]


def test_nomor_baris_xlsx_menghitung_judul_kepala_dan_baris_kosong(tmp_path, db):
    baris = [
        ["REKAPITULASI USULAN"],
        ["PROVINSI JAWA BARAT"],
        ["TAHUN 2022"],
        [],
        ["No", "ID Usulan", "Pagu"],
        [1, "A-1", 100],
        [],
        [],
        [2, "A-2", "seratus"],
        [3, "A-3", -1],
        [4, "A-4", 300],
    ]
    tulis_xlsx(tmp_path / "baris.xlsx", {"Usulan": baris})

    muat_ke(db, tmp_path / "baris.xlsx")

    ditolak = {r["value"]: r["row"] for r in penolakan(db)}
    assert ditolak == {"seratus": baris.index([2, "A-2", "seratus"]) + 1, "-1": baris.index([3, "A-3", -1]) + 1}
    assert {r["sheet"] for r in penolakan(db)} == {"Usulan"}
    dimuat = {r["id_usulan"]: r["sumber_baris"] for r in kamus(db, "SELECT * FROM usulan")}
    assert dimuat == {b[1]: baris.index(b) + 1 for b in baris if len(b) > 1 and b[1] in ("A-1", "A-4")}


def test_nomor_baris_di_bawah_kepala_dua_baris(tmp_path, db):
    baris = [
        ["TARGET INDIKATOR"],
        [],  # header row 2, written by the merges
        [None, None, None, "Nasional", "Daerah"],
        ["2022", "32", "IPM", "72", "73"],
        ["2022", "32", "TPT", "lima", "5"],
    ]
    gabung = [(1, j, 2, j, teks) for j, teks in enumerate(["Tahun", "Kode Provinsi", "Indikator"])]
    gabung.append((1, 3, 1, 4, "Target 2022"))
    tulis_xlsx(tmp_path / "dua_baris.xlsx", {"Target": baris}, gabung={"Target": gabung})

    muat_ke(db, tmp_path / "dua_baris.xlsx")

    (r,) = penolakan(db)
    assert (r["row"], r["column"], r["value"]) == (5, "target_nasional_min", "lima")


@pytest.mark.parametrize("akhir_baris", ["\r\n", "\n"])
def test_nomor_baris_csv_menghitung_baris_kosong_dan_judul(tmp_path, db, akhir_baris):
    baris = [
        ["Rekapitulasi usulan Rakortekrenbang"],
        [],
        ["ID Usulan", "Tahun", "Kode Provinsi", "Pagu"],
        ["C-1", "2022", "32", "1"],
        [],
        [],
        ["C-2", "2022", "32", "satu"],
        ["C-3", "2022", "32", "3"],
        [],
        ["C-4", "2022", "Atlantis", "4"],
    ]
    tulis_csv(tmp_path / "baris.csv", baris, akhir_baris=akhir_baris)

    muat_ke(db, tmp_path / "baris.csv")

    ditolak = {r["value"]: r["row"] for r in penolakan(db)}
    assert ditolak == {"satu": baris.index(["C-2", "2022", "32", "satu"]) + 1,
                       "Atlantis": baris.index(["C-4", "2022", "Atlantis", "4"]) + 1}
    dimuat = {r["id_usulan"]: r["sumber_baris"] for r in kamus(db, "SELECT * FROM usulan")}
    assert dimuat == {b[0]: baris.index(b) + 1 for b in baris if b and b[0] in ("C-1", "C-3")}


def test_nomor_baris_csv_windows_1252(tmp_path, db):
    """The re-encoded copy of a Windows-1252 file keeps the line numbers of the original."""
    baris = [["ID Usulan", "Tahun", "Kode Provinsi", "Nama Sub Kegiatan", "Pagu"],
             [],
             ["W-1", "2022", "32", "Rehabilitasi – Tahap I", "1"],
             [],
             ["W-2", "2022", "32", "Café Literasi", "dua"]]
    tulis_csv(tmp_path / "win.csv", baris, pengodean="cp1252")

    muat_ke(db, tmp_path / "win.csv")

    (r,) = penolakan(db)
    assert (r["row"], r["value"]) == (5, "dua")
    assert kueri(db, "SELECT nama_sub_kegiatan, sumber_baris FROM usulan") == [("Rehabilitasi – Tahap I", 3)]


def test_nomor_baris_json_adalah_baris_awal_rekaman(tmp_path, db):
    """JSON rows are reported at the line where the record starts, as a text editor shows it."""
    rekaman = [{"id_usulan": f"J-{i}", "tahun": 2022, "kode_provinsi": "32", "pagu": 1} for i in range(1, 5)]
    rekaman[2]["pagu"] = "banyak"
    teks = json.dumps({"status": "ok", "data": rekaman}, indent=2)
    (tmp_path / "rekaman.json").write_text(teks, encoding="utf-8")
    awal = [i + 1 for i, b in enumerate(teks.splitlines()) if b == "    {"]  # where each record opens

    muat_ke(db, tmp_path / "rekaman.json")

    (r,) = penolakan(db)
    assert (r["row"], r["value"]) == (awal[2], "banyak")
    assert teks.splitlines()[r["row"] - 1].strip() == "{" and '"J-3"' in teks.splitlines()[r["row"]]
    assert kueri(db, "SELECT id_usulan, sumber_baris FROM usulan ORDER BY 1") == [
        ("J-1", awal[0]), ("J-2", awal[1]), ("J-4", awal[3])]


def test_json_satu_rekaman_per_baris(tmp_path, db):
    (tmp_path / "baris.json").write_text(
        '[\n{"id_usulan": "A", "tahun": 2022, "kode_provinsi": "32"},\n\n'
        '{"id_usulan": "B", "tahun": 2022, "kode_provinsi": "Narnia"}\n]\n', encoding="utf-8")

    muat_ke(db, tmp_path / "baris.json")

    assert [(r["row"], r["value"]) for r in penolakan(db)] == [(4, "Narnia")]
    assert kueri(db, "SELECT sumber_baris, sumber_lembar FROM usulan") == [(2, None)]


def test_lembar_dicatat_untuk_setiap_baris_dan_penolakan(tmp_path, db):
    """Two sheets of one workbook give the same row number to two proposals: the sheet tells them apart."""
    kepala = ["ID Usulan", "Tahun", "Kode Provinsi", "Pagu"]
    tulis_xlsx(tmp_path / "dua.xlsx", {"Jabar": [kepala, ["A-1", 2022, "32", 1], ["A-2", 2022, "32", "x"]],
                                       "Jateng": [kepala, ["B-1", 2022, "33", 2], ["B-2", 2022, "33", "y"]]})

    muat_ke(db, tmp_path / "dua.xlsx")

    assert sorted(kueri(db, "SELECT id_usulan, sumber_lembar, sumber_baris FROM usulan")) == [
        ("A-1", "Jabar", 2), ("B-1", "Jateng", 2)]
    assert sorted((r["sheet"], r["row"], r["value"]) for r in penolakan(db)) == [("Jabar", 3, "x"), ("Jateng", 3, "y")]


def test_batas_tahun_2015_dan_2045_sah(tmp_path, db):
    tulis_csv(tmp_path / "batas.csv", [["ID Usulan", "Tahun", "Kode Provinsi"], ["B-1", "2015", "32"],
                                       ["B-2", "2045", "32"]])

    muat_ke(db, tmp_path / "batas.csv")

    assert sorted(kueri(db, "SELECT id_usulan, tahun FROM usulan")) == [("B-1", 2015), ("B-2", 2045)]
    assert penolakan(db) == []


def test_nomor_baris_csv_besar_yang_dibaca_paralel(tmp_path, db):
    """A CSV of some megabytes is read by several threads at once; every row keeps the number of its line,
    also a rejected one near the end and the rows after it."""
    nama = "Pembangunan Jaringan Irigasi Permukaan dan Rehabilitasi Bendung di Daerah Irigasi Kewenangan Provinsi"
    baris = ["ID Usulan;Tahun;Kode Provinsi;Nama Sub Kegiatan;PN;Pagu"]
    baris += [f"P-{i:06d};2022;32;{nama} {i};PN{i % 7 + 1};Rp {i}.000,00" for i in range(64_000)]
    baris[60_000] = baris[60_000].replace(";32;", ";Narnia;")
    (tmp_path / "besar.csv").write_text("\n".join(baris) + "\n", encoding="utf-8")
    assert (tmp_path / "besar.csv").stat().st_size > 8_000_000, "big enough for DuckDB to split among threads"

    muat_ke(db, tmp_path / "besar.csv")

    assert kueri(db, "SELECT count(*) FROM usulan") == [(63_999,)]
    salah = kueri(db, "SELECT id_usulan, sumber_baris FROM usulan "
                      "WHERE sumber_baris <> CAST(substr(id_usulan, 3) AS INTEGER) + 2 OR nama_sub_kegiatan <> ? || ' ' "
                      "|| CAST(substr(id_usulan, 3) AS INTEGER) OR pagu <> CAST(substr(id_usulan, 3) AS INTEGER) * 1000",
                  [nama])
    assert salah == []
    assert [(r["row"], r["value"]) for r in penolakan(db)] == [(60_001, "Narnia")]
