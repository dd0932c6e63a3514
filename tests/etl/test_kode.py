"""Codes and coded values: provinces, K/L, PN, MP, desks, statuses, berita acara, kab/kota, urusan, indicators."""

from __future__ import annotations

import csv

from tests.etl.fikstur import AKAR, kamus, kueri, muat_ke, penolakan, per_kunci, tulis_csv, tulis_json, tulis_xlsx


def _rujukan(nama: str) -> list[dict]:
    with open(AKAR / "data" / "reference" / nama, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_nama_provinsi_dalam_berbagai_ejaan(tmp_path, db):
    ejaan = {  # as written in an export -> Kemendagri code
        "DKI Jakarta": "31", "D.K.I. Jakarta": "31", "Daerah Khusus Ibukota Jakarta": "31",
        "Prov. Jawa Barat": "32", "PROVINSI JAWA BARAT": "32", "Provinsi Jawa Barat": "32", "jawa barat": "32",
        "DI Yogyakarta": "34", "D.I. Yogyakarta": "34", "Kep. Bangka Belitung": "19",
        "Nanggroe Aceh Darussalam": "11", "Sumatra Utara": "12", "Sumatera Utara": "12",
    }
    baris = [["ID Usulan", "Tahun", "Provinsi"]] + [[f"U-{i}", "2022", nama] for i, nama in enumerate(ejaan)]
    tulis_csv(tmp_path / "provinsi.csv", baris)

    muat_ke(db, tmp_path / "provinsi.csv")

    usulan = per_kunci(db, "usulan")
    assert {nama: usulan[f"U-{i}"]["kode_provinsi"] for i, nama in enumerate(ejaan)} == ejaan
    assert penolakan(db) == []


def test_setiap_nama_resmi_provinsi_dikenali(tmp_path, db):
    provinsi = _rujukan("provinsi.csv")
    tahun = max(int(p["berlaku_mulai"]) for p in provinsi)  # the first plan year in which all 38 exist
    baris = [["ID Usulan", "Tahun", "Nama Provinsi"]] + [
        [f"P-{p['kode_provinsi']}", str(tahun), p["nama_provinsi"]] for p in provinsi]
    tulis_csv(tmp_path / "semua.csv", baris)

    muat_ke(db, tmp_path / "semua.csv")

    assert {k: r["kode_provinsi"] for k, r in per_kunci(db, "usulan").items()} == {
        f"P-{p['kode_provinsi']}": p["kode_provinsi"] for p in provinsi}


def test_provinsi_baru_ditolak_sebelum_tahun_berlakunya(tmp_path, db):
    tulis_csv(tmp_path / "dini.csv", [["ID Usulan", "Tahun", "Kode Provinsi"], ["D-1", "2022", "93"],
                                      ["D-2", "2024", "93"]])
    muat_ke(db, tmp_path / "dini.csv")
    assert list(per_kunci(db, "usulan")) == ["D-2"]
    assert [(r["row"], r["column"]) for r in penolakan(db)] == [(2, "kode_provinsi")]


def test_kode_provinsi_sebagai_angka_teks_dan_titik_nol(tmp_path, db):
    """11 as a number cell, '11' and '11.00' as text, and 11 as a JSON number."""
    tulis_xlsx(tmp_path / "kode.xlsx", {"Usulan": [["ID Usulan", "Tahun", "Kode Provinsi"],
                                                   ["X-1", 2022, 11], ["X-2", 2022, "11"], ["X-3", 2022, "11.00"],
                                                   ["X-4", 2022, 11.0]]})
    tulis_json(tmp_path / "kode.json", [{"id_usulan": "J-1", "tahun": 2022, "kode_provinsi": 11},
                                        {"id_usulan": "J-2", "tahun": 2022, "kode_provinsi": "11.00"}])

    muat_ke(db, tmp_path / "kode.xlsx", tmp_path / "kode.json")

    assert {k: r["kode_provinsi"] for k, r in per_kunci(db, "usulan").items()} == {
        k: "11" for k in ("X-1", "X-2", "X-3", "X-4", "J-1", "J-2")}


def test_provinsi_dari_baris_judul_dan_kolom_menang(tmp_path, db):
    judul = [["REKAPITULASI USULAN"], ["PROVINSI JAWA BARAT"], ["TAHUN 2022"], []]
    tulis_xlsx(tmp_path / "judul.xlsx", {"Usulan": judul + [["ID Usulan", "Pagu"], ["T-1", 5]]})
    tulis_xlsx(tmp_path / "kolom.xlsx", {"Usulan": judul + [["ID Usulan", "Provinsi", "Tahun", "Pagu"],
                                                           ["K-1", "Bali", 2023, 5], ["K-2", None, None, 6]]})

    muat_ke(db, tmp_path / "judul.xlsx", tmp_path / "kolom.xlsx")

    usulan = per_kunci(db, "usulan")
    assert (usulan["T-1"]["kode_provinsi"], usulan["T-1"]["tahun"]) == ("32", 2022)
    assert (usulan["K-1"]["kode_provinsi"], usulan["K-1"]["tahun"]) == ("51", 2023)  # the column wins
    assert (usulan["K-2"]["kode_provinsi"], usulan["K-2"]["tahun"]) == ("32", 2022)  # empty cell: the title


def test_baris_judul_provinsi_csv_dengan_titik_dua(tmp_path, db):
    tulis_csv(tmp_path / "judul.csv", [["Provinsi: DI Yogyakarta"], ["Tahun Anggaran 2022"], [],
                                       ["No", "ID Usulan", "Pagu"], ["1", "Y-1", "7"]])

    muat_ke(db, tmp_path / "judul.csv")

    r = per_kunci(db, "usulan")["Y-1"]
    assert (r["kode_provinsi"], r["tahun"], r["sumber_baris"]) == ("34", 2022, 5)


def test_kode_dan_nama_kl(tmp_path, db):
    harapan = {"24": "024", "024": "024", "Kementerian Kesehatan": "024", "Kemenkes": "024",
               "Kementerian PUPR": "033", "33": "033", "Bappenas": "055"}
    baris = [["ID Usulan", "Tahun", "Kode Provinsi", "Kementerian/Lembaga"]] + [
        [f"L-{i}", "2022", "32", kl] for i, kl in enumerate(harapan)]
    tulis_csv(tmp_path / "kl.csv", baris)

    muat_ke(db, tmp_path / "kl.csv")

    usulan = per_kunci(db, "usulan")
    assert {kl: usulan[f"L-{i}"]["kode_kl"] for i, kl in enumerate(harapan)} == harapan


def test_kl_dari_kolom_nama_kl(tmp_path, db):
    tulis_csv(tmp_path / "nama_kl.csv", [["ID Usulan", "Tahun", "Kode Provinsi", "Nama K/L"],
                                         ["N-1", "2022", "32", "Kementerian Perhubungan"]])

    muat_ke(db, tmp_path / "nama_kl.csv")

    assert per_kunci(db, "usulan")["N-1"]["kode_kl"] == "022"


def test_bentuk_kode_pn(tmp_path, db):
    ejaan = ["PN 03", "PN3", "3", "03", "pn03", "PN-3"]
    baris = [["ID Usulan", "Tahun", "Kode Provinsi", "PN"]] + [[f"N-{i}", "2022", "32", e] for i, e in enumerate(ejaan)]
    baris.append(["N-kosong", "2022", "32", ""])
    tulis_csv(tmp_path / "pn.csv", baris)

    muat_ke(db, tmp_path / "pn.csv")

    usulan = per_kunci(db, "usulan")
    assert {e: usulan[f"N-{i}"]["kode_pn"] for i, e in enumerate(ejaan)} == {e: "PN3" for e in ejaan}
    assert usulan["N-kosong"]["kode_pn"] is None


def test_bentuk_kode_mp_dan_kosong(tmp_path, db):
    harapan = {"MP 5": "MP05", "MP05": "MP05", "5": "MP05", "mp5": "MP05", "MP 41": "MP41", "": None, "-": None}
    baris = [["ID Usulan", "Tahun", "Kode Provinsi", "Major Project"]] + [
        [f"M-{i}", "2022", "32", e] for i, e in enumerate(harapan)]
    tulis_csv(tmp_path / "mp.csv", baris)

    muat_ke(db, tmp_path / "mp.csv")

    usulan = per_kunci(db, "usulan")
    assert {e: usulan[f"M-{i}"]["kode_mp"] for i, e in enumerate(harapan)} == harapan
    assert penolakan(db) == []


def test_nomor_desk(tmp_path, db):
    harapan = {"Desk 12": 12, "12": 12, "desk 1": 1, "Desk 40": 40, "DESK-07": 7}
    baris = [["ID Usulan", "Tahun", "Kode Provinsi", "Desk"]] + [
        [f"D-{i}", "2022", "32", e] for i, e in enumerate(harapan)]
    tulis_csv(tmp_path / "desk.csv", baris)
    tulis_xlsx(tmp_path / "desk.xlsx", {"Desk": [["Tahun", "No Desk", "Provinsi"], [2022, 12, "Aceh"],
                                                 [2022, "Desk 40", "Aceh"]]})

    muat_ke(db, tmp_path / "desk.csv", tmp_path / "desk.xlsx")

    usulan = per_kunci(db, "usulan")
    assert {e: usulan[f"D-{i}"]["desk_no"] for i, e in enumerate(harapan)} == harapan
    assert sorted(kueri(db, "SELECT desk_no FROM desk_sesi")) == [(12,), (40,)]


def test_status_usulan_dan_sumber_dana(tmp_path, db):
    status = {"Disetujui dengan Catatan": "disetujui_catatan", "DISETUJUI": "disetujui",
              "Tidak Disetujui": "tidak_disetujui", "Diusulkan": "diusulkan", "disetujui_catatan": "disetujui_catatan"}
    dana = ["APBN", "APBD Provinsi", "APBD Kab/Kota", "DAK", "Lainnya"]
    kode_dana = ["apbn", "apbd_prov", "apbd_kabkota", "dak", "lainnya"]
    baris = [["ID Usulan", "Tahun", "Kode Provinsi", "Status", "Sumber Dana"]] + [
        [f"S-{i}", "2022", "32", s, dana[i]] for i, s in enumerate(status)]
    tulis_csv(tmp_path / "status.csv", baris)

    muat_ke(db, tmp_path / "status.csv")

    usulan = per_kunci(db, "usulan")
    assert {s: usulan[f"S-{i}"]["status"] for i, s in enumerate(status)} == status
    assert [usulan[f"S-{i}"]["sumber_dana"] for i in range(len(dana))] == kode_dana


def test_status_desk_dan_berita_acara(tmp_path, db):
    kasus = [  # (status as written, berita acara as written) -> (status, berita_acara)
        (("Belum Dimulai", "Belum"), ("belum_mulai", False)),
        (("Sedang Berlangsung", ""), ("berlangsung", None)),
        (("Selesai", "Sudah"), ("selesai", True)),
        (("selesai", "Ya"), ("selesai", True)),
        (("SELESAI", "Ditandatangani"), ("selesai", True)),
        (("Selesai", "Tidak"), ("selesai", False)),
    ]
    baris = [["Tahun", "Desk", "Kode Provinsi", "Status", "Berita Acara"]] + [
        ["2022", str(i + 1), "32", status, ba] for i, ((status, ba), _) in enumerate(kasus)]
    tulis_csv(tmp_path / "sesi.csv", baris)

    muat_ke(db, tmp_path / "sesi.csv")

    hasil = {r["desk_no"]: (r["status"], r["berita_acara"]) for r in kamus(db, "SELECT * FROM desk_sesi")}
    assert hasil == {i + 1: harapan for i, (_, harapan) in enumerate(kasus)}


def test_status_kesepakatan_target(tmp_path, db):
    status = {"Disepakati": "disepakati", "Belum Disepakati": "belum_disepakati",
              "Tidak Disepakati": "tidak_disepakati"}
    baris = [["Tahun", "Kode Provinsi", "Indikator", "Status Kesepakatan"]] + [
        ["2022", "32", f"Indikator {i}", s] for i, s in enumerate(status)]
    tulis_csv(tmp_path / "sepakat.csv", baris)

    muat_ke(db, tmp_path / "sepakat.csv")

    hasil = {r["indikator"]: r["status"] for r in kamus(db, "SELECT * FROM target_indikator")}
    assert hasil == {f"Indikator {i}": v for i, v in enumerate(status.values())}


def test_kode_kabkota(tmp_path, db):
    harapan = {"32.01": "3201", "3201": "3201", "32.73": "3273", "": None}
    baris = [["ID Usulan", "Tahun", "Kode Provinsi", "Kode Kab/Kota"]] + [
        [f"K-{i}", "2022", "32", e] for i, e in enumerate(harapan)]
    tulis_csv(tmp_path / "kab.csv", baris)
    angka = {"X-1": 32.01, "X-2": 3201, "X-3": "32.01"}  # number cells as Excel keeps them, and text
    tulis_xlsx(tmp_path / "kab.xlsx", {"Usulan": [["ID Usulan", "Tahun", "Kode Provinsi", "Kode Kab/Kota"]] + [
        [k, 2022, 32, v] for k, v in angka.items()]})

    muat_ke(db, tmp_path / "kab.csv", tmp_path / "kab.xlsx")

    usulan = per_kunci(db, "usulan")
    assert {e: usulan[f"K-{i}"]["kode_kabkota"] for i, e in enumerate(harapan)} == harapan
    assert {k: usulan[k]["kode_kabkota"] for k in angka} == {k: "3201" for k in angka}


def test_kode_urusan_diturunkan_dari_sub_kegiatan(tmp_path, db):
    tulis_csv(tmp_path / "urusan.csv", [
        ["ID Usulan", "Tahun", "Kode Provinsi", "Kode Sub Kegiatan", "Kode Urusan"],
        ["R-1", "2022", "32", "1.02.02.2.02.0001", ""],
        ["R-2", "2022", "32", "2.15.03.2.01.0002", "-"],
        ["R-3", "2022", "32", "1.02.02.2.02.0001", "1.02"],
        ["R-4", "2022", "32", "", ""]])
    tulis_csv(tmp_path / "tanpa_kolom.csv", [["ID Usulan", "Tahun", "Kode Provinsi", "kode_sub_giat"],
                                             ["R-5", "2022", "32", "3.27.02.2.01.0003"]])

    muat_ke(db, tmp_path / "urusan.csv", tmp_path / "tanpa_kolom.csv")

    assert {k: r["kode_urusan"] for k, r in per_kunci(db, "usulan").items()} == {
        "R-1": "1.02", "R-2": "2.15", "R-3": "1.02", "R-4": None, "R-5": "3.27"}


def test_indikator_makro_dari_nama_jenis_dan_arah(tmp_path, db):
    """No Jenis, Kode Indikator or Arah column: the name resolves to the code, jenis and arah follow."""
    ref = {r["kode_indikator"]: r for r in _rujukan("indikator_makro.csv")}
    nama = {"Pertumbuhan Ekonomi": "LPE", "Laju Pertumbuhan Ekonomi": "LPE", "Tingkat Kemiskinan": "KEMISKINAN",
            "IPM": "IPM", "Rasio Gini": "GINI"}
    tulis_csv(tmp_path / "makro_a.csv", [["Tahun", "Kode Provinsi", "Indikator", "Target Nasional"],
                                         ["2022", "32", "Pertumbuhan Ekonomi", "5,2 - 5,8"],
                                         ["2022", "32", "Tingkat Kemiskinan", "7,0"],
                                         ["2022", "32", "IPM", "73"],
                                         ["2022", "32", "Rasio Gini", "0,378"],
                                         ["2022", "32", "Persentase Jalan Mantap", "80"]])
    tulis_csv(tmp_path / "makro_b.csv", [["Tahun", "Kode Provinsi", "Indikator", "Target Nasional"],
                                         ["2022", "33", "Laju Pertumbuhan Ekonomi", "5,0"]])

    muat_ke(db, tmp_path / "makro_a.csv", tmp_path / "makro_b.csv")

    hasil = {(r["kode_provinsi"], r["indikator"]): r for r in kamus(db, "SELECT * FROM target_indikator")}
    for (prov, teks), r in hasil.items():
        if teks in nama:
            kode = nama[teks]
            assert (r["kode_indikator"], r["jenis"]) == (kode, "makro"), teks
            assert r["arah"] == ref[kode]["arah"], teks
    jalan = hasil[("32", "Persentase Jalan Mantap")]
    assert jalan["kode_indikator"] is None and jalan["jenis"] != "makro"
    assert hasil[("33", "Laju Pertumbuhan Ekonomi")]["kode_indikator"] == "LPE"


def test_jenis_dan_arah_dari_berkas_untuk_indikator_di_luar_daftar(tmp_path, db):
    """The file's kind and direction count for an indicator no reference list holds; a listed one takes the list's."""
    tulis_csv(tmp_path / "urusan.csv", [
        ["Tahun", "Kode Provinsi", "Jenis Indikator", "Kode Urusan", "Indikator", "Polaritas", "Target Daerah"],
        ["2022", "32", "Urusan", "1.03", "Persentase Jalan Mantap", "Positif", "80"],
        ["2022", "32", "Indikator Urusan", "1.02", "Angka Kematian Ibu", "Negatif", "120"],
        ["2022", "32", "Makro", "", "Tingkat Pengangguran Terbuka", "", "5"]])

    muat_ke(db, tmp_path / "urusan.csv")

    hasil = {r["indikator"]: r for r in kamus(db, "SELECT * FROM target_indikator")}
    assert (hasil["Persentase Jalan Mantap"]["jenis"], hasil["Persentase Jalan Mantap"]["arah"]) == ("urusan", "naik")
    assert hasil["Persentase Jalan Mantap"]["kode_urusan"] == "1.03"
    assert (hasil["Angka Kematian Ibu"]["jenis"], hasil["Angka Kematian Ibu"]["arah"]) == ("urusan", "turun")
    tpt = hasil["Tingkat Pengangguran Terbuka"]
    ref = {r["kode_indikator"]: r for r in _rujukan("indikator_makro.csv")}
    assert (tpt["jenis"], tpt["kode_indikator"], tpt["arah"]) == ("makro", "TPT", ref["TPT"]["arah"])


def test_kode_urusan_tak_dikenal_dikosongkan_dan_ditandai(tmp_path, db):
    """An urusan code no list knows empties the field; SIPD's one-digit urusan group beside its bidang is fine."""
    tulis_csv(tmp_path / "urusan.csv", [
        ["ID Usulan", "Tahun", "Kode Provinsi", "Kode Sub Kegiatan", "Kode Urusan"],
        ["R-1", "2022", "32", "", "9.99"],
        ["R-2", "2022", "32", "1.02.02.2.02.0001", "9.99"]])
    tulis_json(tmp_path / "sipd.json", [{"id_usulan": "R-3", "tahun": 2022, "kode_provinsi": "32",
                                         "kode_urusan": "1", "kode_bidang_urusan": "1.02"}])

    muat_ke(db, tmp_path / "urusan.csv", tmp_path / "sipd.json")

    usulan = per_kunci(db, "usulan")
    assert (usulan["R-1"]["kode_urusan"], usulan["R-1"]["kolom_ditandai"]) == (None, ["kode_urusan"])
    assert (usulan["R-2"]["kode_urusan"], usulan["R-2"]["kolom_ditandai"]) == ("1.02", []), "the sub kegiatan says"
    assert (usulan["R-3"]["kode_urusan"], usulan["R-3"]["kolom_ditandai"]) == ("1.02", [])
    assert [(r["row"], r["column"], r["scope"]) for r in penolakan(db)] == [(2, "kode_urusan", "field")]
