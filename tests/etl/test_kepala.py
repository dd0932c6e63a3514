"""Header location and column mapping: title rows, two-row merged headers, aliases, kind from the header."""

from __future__ import annotations

import datetime as dt

from etl.__main__ import main
from tests.etl.fikstur import (berkas_dimuat, kamus, kueri, muat_ke, penolakan, per_kunci, tulis_csv,
                               tulis_json, tulis_xlsx)


def test_kepala_di_bawah_judul_baris_kosong_kolom_no_dan_footer(tmp_path, db):
    """A per-province xlsx: title rows, a blank row, a 'No' column, a blank data row and footer rows."""
    baris = [
        ["REKAPITULASI USULAN TEKNIS RAKORTEKRENBANG"],
        ["PROVINSI JAWA BARAT"],
        ["TAHUN 2022"],
        [],
        ["No", "ID Usulan", "Kode K/L", "Pagu (Rp)", "Status"],
        [1, "U-001", "024", 1500000, "Disetujui"],
        [],
        [2, "U-002", "033", 2500000, "Diusulkan"],
        [None, None, None, 4000000, None],  # 'Jumlah' merged over No..Kode K/L below
        ["Dicetak pada 25/02/2021 10:00"],
    ]
    tulis_xlsx(tmp_path / "rekap.xlsx", {"Usulan": baris}, gabung={"Usulan": [(8, 0, 8, 2, "Jumlah")]})

    muat_ke(db, tmp_path / "rekap.xlsx")

    usulan = per_kunci(db, "usulan")
    assert set(usulan) == {"U-001", "U-002"}
    for id_usulan, r in usulan.items():
        sumber = next(i for i, b in enumerate(baris) if len(b) > 1 and b[1] == id_usulan)
        assert r["sumber_baris"] == sumber + 1  # the Excel row number
        assert (r["tahun"], r["kode_provinsi"]) == (2022, "32")  # from the title rows
    assert usulan["U-002"]["pagu"] == 2500000
    assert penolakan(db) == []
    f = berkas_dimuat(db)["rekap.xlsx"]
    assert (f["kind"], f["rows_read"], f["rows_loaded"], f["rows_rejected"]) == ("usulan", 2, 2, 0)


def test_footer_di_kolom_pertama_tanpa_kolom_no(tmp_path, db):
    """Without a 'No' column the footer words stand in the first (key) column: still not data."""
    baris = [
        ["ID Usulan", "Tahun", "Kode Provinsi", "Pagu"],
        ["U-1", "2022", "32", "1.000"],
        ["U-2", "2022", "32", "2.000"],
        ["Jumlah", None, None, "3.000"],
        ["Total", None, None, "3.000"],
        ["Dicetak pada 25/02/2021 10:00 oleh operator"],
    ]
    tulis_csv(tmp_path / "u.csv", baris)

    muat_ke(db, tmp_path / "u.csv")

    assert set(per_kunci(db, "usulan")) == {"U-1", "U-2"}
    assert penolakan(db) == []


def test_kepala_dua_baris_di_bawah_sel_gabungan(tmp_path, db):
    """'Target 2022' merged over 'Nasional', 'Daerah', 'Kesepakatan'; data start below the second header row."""
    baris = [
        ["TARGET INDIKATOR MAKRO PROVINSI"],
        ["TAHUN 2022"],
        [],  # header row 3, written by the merges below
        [None, None, None, None, None, "Nasional", "Daerah", "Kesepakatan"],
        [1, "32", "Laju Pertumbuhan Ekonomi", "%", 3.5, "5,2 - 5,8", 5.5, None],
        [2, "32", "Tingkat Kemiskinan", "%", 7.9, "6,5 - 7,0", "6,8", "6,8"],
    ]
    tegak = ["No", "Kode Provinsi", "Indikator", "Satuan", "Baseline 2020"]
    gabung = [(2, j, 3, j, teks) for j, teks in enumerate(tegak)] + [(2, 5, 2, 7, "Target 2022")]
    tulis_xlsx(tmp_path / "target.xlsx", {"Target": baris}, gabung={"Target": gabung})

    muat_ke(db, tmp_path / "target.xlsx")

    t = {r["indikator"]: r for r in kamus(db, "SELECT * FROM target_indikator")}
    assert set(t) == {"Laju Pertumbuhan Ekonomi", "Tingkat Kemiskinan"}
    lpe = t["Laju Pertumbuhan Ekonomi"]
    assert (lpe["tahun"], lpe["kode_provinsi"], lpe["baseline"]) == (2022, "32", 3.5)
    assert (lpe["target_nasional_min"], lpe["target_nasional_max"]) == (5.2, 5.8)
    assert (lpe["target_daerah_min"], lpe["target_daerah_max"]) == (5.5, 5.5)
    assert lpe["target_kesepakatan_min"] is None and lpe["target_kesepakatan_max"] is None
    miskin = t["Tingkat Kemiskinan"]
    assert (miskin["target_kesepakatan_min"], miskin["target_kesepakatan_max"]) == (6.8, 6.8)
    for r in (lpe, miskin):  # the Excel row numbers, below the two header rows
        assert r["sumber_baris"] == next(i + 1 for i, b in enumerate(baris) if r["indikator"] in b)


def test_alias_abaikan_huruf_besar_tanda_baca_satuan_dan_tahun(tmp_path, db):
    """Every header below is a spelling of a canonical column, not the canonical name itself."""
    kepala = ["id usulan", "TAHUN RENCANA", "Kode Prov.", "KODE KAB/KOTA", "Kementerian/Lembaga",
              "kode_sub_giat", "nama_sub_giat", "Prioritas Nasional", "Major Project", "Indikator Keluaran",
              "Satuan", "Target 2022", "Pagu Usulan (Rp)", "Sumber Pendanaan", "No. Desk", "Status Pembahasan",
              "Tanggapan K/L"]
    nilai = ["U-9", "2022", "32", "3201", "024", "1.02.02.2.02.0001", "Pelayanan Kesehatan", "PN3", "MP05",
             "Puskesmas dibangun", "unit", "3", "2.000.000", "APBN", "4", "Disetujui", "Lanjut"]
    tulis_csv(tmp_path / "alias.csv", [kepala, nilai])

    muat_ke(db, tmp_path / "alias.csv")

    r = per_kunci(db, "usulan")["U-9"]
    harapan = {
        "tahun": 2022, "kode_provinsi": "32", "kode_kabkota": "3201", "kode_kl": "024",
        "kode_sub_kegiatan": "1.02.02.2.02.0001", "nama_sub_kegiatan": "Pelayanan Kesehatan", "kode_pn": "PN3",
        "kode_mp": "MP05", "indikator": "Puskesmas dibangun", "satuan": "unit", "target": 3.0,
        "pagu": 2000000.0, "sumber_dana": "apbn", "desk_no": 4, "status": "disetujui", "tanggapan": "Lanjut"}
    assert {k: r[k] for k in harapan} == harapan
    assert berkas_dimuat(db)["alias.csv"]["ignored_columns"] == ""


def test_nama_kanonik_selalu_cocok_dengan_dirinya(tmp_path, db):
    kolom = ["id_usulan", "tahun", "kode_provinsi", "kode_kl", "kode_pn", "kode_mp", "pagu", "desk_no", "status",
             "sumber_dana", "kode_urusan", "program_prioritas", "kegiatan_prioritas", "proyek_prioritas"]
    nilai = ["U-K", "2022", "35", "033", "PN5", "MP30", "10", "8", "diusulkan", "dak", "1.03", "PP 1", "KP 2",
             "ProP 3"]
    tulis_csv(tmp_path / "kanonik.csv", [kolom, nilai], pemisah=",")

    muat_ke(db, tmp_path / "kanonik.csv")

    r = per_kunci(db, "usulan")["U-K"]
    harapan = dict(zip(kolom, nilai)) | {"tahun": 2022, "pagu": 10.0, "desk_no": 8}
    assert {k: r[k] for k in kolom} == harapan


def test_jenis_dikenali_dari_kepala_bukan_nama_berkas(tmp_path, db):
    """A file called usulan.csv that holds desk sessions, and desk.xlsx that holds targets."""
    tulis_csv(tmp_path / "usulan.csv", [["Tahun", "No Desk", "Nama Desk", "Provinsi", "Status"],
                                        ["2022", "7", "Sumber Daya Air", "Bali", "Selesai"]])
    tulis_xlsx(tmp_path / "desk.xlsx", {"Sheet1": [["Tahun", "Kode Provinsi", "Indikator", "Target Nasional"],
                                                   [2022, 51, "Tingkat Pengangguran Terbuka", "4,5"]]})

    muat_ke(db, tmp_path / "usulan.csv", tmp_path / "desk.xlsx")

    f = berkas_dimuat(db)
    assert f["usulan.csv"]["kind"] == "desk_sesi"
    assert f["desk.xlsx"]["kind"] == "target_indikator"
    assert kueri(db, "SELECT count(*) FROM usulan") == [(0,)]
    assert kueri(db, "SELECT desk_no, kode_provinsi, status FROM desk_sesi") == [(7, "51", "selesai")]
    assert kueri(db, "SELECT kode_provinsi, target_nasional_min FROM target_indikator") == [("51", 4.5)]


def test_beberapa_lembar_termasuk_tanpa_kepala(tmp_path, db):
    """Every sheet with a recognised header loads; a notes sheet without one is skipped, not a failure."""
    tulis_xlsx(tmp_path / "buku.xlsx", {
        "Petunjuk": [["Berkas ini diunduh dari SIPD"], ["Jangan ubah susunan kolom"]],
        "Usulan": [["ID Usulan", "Tahun", "Provinsi", "Pagu"], ["U-1", 2022, "Aceh", 10]],
        "Kosong": [],
        "Desk": [["Tahun", "Desk", "Provinsi", "Jadwal"], [2022, 3, "Aceh", dt.date(2021, 3, 1)]],
    })

    muat_ke(db, tmp_path / "buku.xlsx")

    f = berkas_dimuat(db)["buku.xlsx"]
    assert f["status"] == "loaded"
    assert set(f["kind"].split(", ")) == {"usulan", "desk_sesi"}
    assert set(f["sheets"].split(", ")) == {"Usulan", "Desk"}
    assert kueri(db, "SELECT id_usulan, kode_provinsi FROM usulan") == [("U-1", "11")]
    assert kueri(db, "SELECT desk_no, tanggal_jadwal FROM desk_sesi") == [(3, dt.date(2021, 3, 1))]


def test_json_dengan_nama_kolom_sipd(tmp_path, db):
    """SIPD's own keys (tahun_anggaran, kode_sub_giat, ...) are aliases; keys with no column are ignored.

    SIPD's kode_urusan is the affair ('1'); its kode_bidang_urusan ('1.03') is our kode_urusan.
    """
    rekaman = [{"id_usulan": "S-1", "tahun_anggaran": 2022, "kode_provinsi": "33", "kode_urusan": "1",
                "kode_bidang_urusan": "1.03", "kode_sub_giat": "1.03.03.2.01.0005",
                "nama_sub_giat": "Pembangunan Jalan", "kode_skpd": "1.03.0.00", "nama_skpd": "Dinas PU",
                "pagu": 125000000.5},
               {"id_usulan": "S-2", "tahun_anggaran": 2022, "kode_provinsi": "33", "kode_urusan": "1",
                "kode_bidang_urusan": "1.02", "pagu": 0}]
    tulis_json(tmp_path / "sipd.json", {"status": "ok", "data": rekaman})

    muat_ke(db, tmp_path / "sipd.json")

    r = per_kunci(db, "usulan")["S-1"]
    assert (r["tahun"], r["kode_provinsi"], r["kode_urusan"]) == (2022, "33", "1.03")
    assert (r["kode_sub_kegiatan"], r["nama_sub_kegiatan"]) == ("1.03.03.2.01.0005", "Pembangunan Jalan")
    assert r["pagu"] == 125000000.5
    assert per_kunci(db, "usulan")["S-2"]["kode_urusan"] == "1.02"
    assert set(berkas_dimuat(db)["sipd.json"]["ignored_columns"].split(", ")) == {"kode_skpd", "nama_skpd"}


def test_json_daftar_rekaman(tmp_path, db):
    tulis_json(tmp_path / "daftar.json", [{"Tahun": 2022, "Desk": "Desk 2", "Provinsi": "Riau", "BA": "Ya"},
                                          {"Tahun": 2022, "Desk": "Desk 3", "Provinsi": "Riau", "BA": "Belum"}])

    muat_ke(db, tmp_path / "daftar.json")

    assert sorted(kueri(db, "SELECT desk_no, kode_provinsi, berita_acara FROM desk_sesi")) == [
        (2, "14", True), (3, "14", False)]


def test_kolom_tak_dikenal_disebut_di_etl_files_dan_ringkasan_cli(tmp_path, db, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")  # a wide summary table, so no name is folded over two lines
    kepala = ["ID Usulan", "Tahun", "Provinsi", "Nama OPD Pengusul", "Lokasi Kegiatan"]
    tulis_csv(tmp_path / "opd.csv", [kepala, ["U-1", "2022", "Banten", "Bappeda", "Serang"]])

    kode = main(["load", "--db", str(db), str(tmp_path / "opd.csv")])

    assert kode == 0
    abaikan = berkas_dimuat(db)["opd.csv"]["ignored_columns"]
    assert set(abaikan.split(", ")) == {"Nama OPD Pengusul", "Lokasi Kegiatan"}
    ringkasan = capsys.readouterr().out
    for nama in ("Nama OPD Pengusul", "Lokasi Kegiatan"):
        assert nama in ringkasan
    assert kueri(db, "SELECT id_usulan, kode_provinsi FROM usulan") == [("U-1", "36")]


def test_nama_indikator_yang_diawali_kata_footer_tetap_data(tmp_path, db):
    """'Jumlah ...' and 'Total ...' start real indicator names; only a bare 'Jumlah' row is a footer."""
    tulis_csv(tmp_path / "urusan.csv", [
        ["Tahun", "Kode Provinsi", "Jenis", "Indikator", "Realisasi 2020", "Target RKP", "Target RKPD", "Keterangan"],
        ["2022", "32", "Urusan", "Jumlah Penduduk Miskin", "4.000", "3.900", "3.950", "Keterangan: ribu jiwa"],
        ["2022", "32", "Urusan", "Total Fertility Rate", "2,1", "2,0", "2,0", ""],
        ["Jumlah", "", "", "", "", "", "", ""]])

    muat_ke(db, tmp_path / "urusan.csv")

    hasil = {r["indikator"]: r for r in kamus(db, "SELECT * FROM target_indikator")}
    assert set(hasil) == {"Jumlah Penduduk Miskin", "Total Fertility Rate"}
    miskin = hasil["Jumlah Penduduk Miskin"]
    assert (miskin["baseline"], miskin["target_nasional_min"], miskin["target_daerah_max"]) == (4000, 3900, 3950)
    assert miskin["catatan"] == "Keterangan: ribu jiwa"
    assert penolakan(db) == []
