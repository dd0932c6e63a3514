"""The measures of etl/sql/tampilan.sql on the tiny database, checked against figures worked out by hand."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from etl.muat import pasang_tampilan, siapkan_skema
from tests.app.conftest import TARGET, bangun_db, tulis_csv

TARGET_KEPALA = TARGET[0]

SEMUA = (2022, [], [], [], [], [])


def ukuran(con: duckdb.DuckDBPyConnection, nama: str, *parameter) -> list[dict]:
    df = con.execute(f"SELECT * FROM {nama}($1, $2, $3, $4, $5, $6)", list(parameter or SEMUA)).df()
    return df.to_dict("records")


@pytest.fixture(scope="module")
def con(db_kecil: Path):
    with duckdb.connect(str(db_kecil), read_only=True) as c:
        yield c


def per_provinsi(baris: list[dict]) -> dict[str, dict]:
    return {b["kode_provinsi"]: b for b in baris}


def test_keselarasan_per_provinsi(con) -> None:
    k = per_provinsi(ukuran(con, "keselarasan_provinsi"))
    assert (k["32"]["jumlah_usulan"], k["32"]["usulan_pn"]) == (4, 2)
    assert k["32"]["porsi_pagu_pn"] == pytest.approx(0.4)
    assert k["33"]["porsi_usulan_pn"] == 1.0
    assert (k["11"]["mp_berlokasi"], k["11"]["mp_terlayani"]) == (1, 1), "MP32 has an agreed proposal"
    assert (k["32"]["mp_berlokasi"], k["32"]["mp_terlayani"]) == (3, 1), "MP28 served, MP31 and MP36 not"
    assert (k["33"]["mp_berlokasi"], k["33"]["mp_terlayani"]) == (4, 0), "MP31's only proposal is not agreed"
    assert k["51"]["jumlah_usulan"] == 0 and pd.isna(k["51"]["porsi_usulan_pn"]), "no proposals: no share"


def test_filter_pn_memilih_pembilang_bukan_penyebut(con) -> None:
    k = per_provinsi(ukuran(con, "keselarasan_provinsi", 2022, ["32"], [], ["PN5"], [], []))
    assert k["32"]["usulan_dasar_pn"] == 4 and k["32"]["usulan_pn"] == 1, "PN5 share of all Jabar proposals"


def test_matriks_pn_lengkap_seratus_persen(con) -> None:
    sel = [b for b in ukuran(con, "keselarasan_pn") if b["kode_provinsi"] == "32"]
    assert {b["kode_pn"] for b in sel} == {"PN3", "PN5", "-"}
    assert sum(b["porsi_usulan"] for b in sel) == pytest.approx(1.0)


def test_rincian_tanpa_pn(con) -> None:
    rinci = ukuran(con, "usulan_rinci", 2022, ["32"], [], ["-"], [], [])
    assert [b["id_usulan"] for b in rinci] == ["U04", "U03"], "largest pagu first"


def test_rincian_per_halaman(con) -> None:
    """A page of the drill-down is the rows of the whole list from its first row, in the same order."""
    from selaras.kueri import sql_ukuran

    semua = [b["id_usulan"] for b in ukuran(con, "usulan_rinci")]
    halaman = [con.execute(sql_ukuran("usulan_rinci", 6, 2, lewati), list(SEMUA)).df()["id_usulan"].tolist()
               for lewati in range(0, len(semua), 2)]
    assert len(semua) > 2 and sum(halaman, []) == semua


def test_progres_desk(con) -> None:
    n = ukuran(con, "progres_nasional")[0]
    angka = (n["sesi"], n["selesai"], n["selesai_sehari_sebelumnya"], n["berita_acara"], n["terlambat"])
    assert angka == (7, 4, 3, 3, 1)
    assert str(n["tanggal_acuan"])[:10] == "2021-03-01"
    desk = {b["desk_no"]: b for b in ukuran(con, "progres_desk")}
    assert (desk[4]["sesi"], desk[4]["selesai"], desk[4]["terlambat"]) == (3, 1, 1)
    kl = ukuran(con, "progres_desk", 2022, [], ["024"], [], [], [])
    assert [b["desk_no"] for b in kl] == [4], "the K/L filter keeps the desks that serve it"


def test_progres_harian(con) -> None:
    hari = {str(b["tanggal"])[:10]: b for b in ukuran(con, "progres_harian")}
    assert list(hari)[0] == "2021-02-25" and list(hari)[-1] == "2021-03-02"
    assert hari["2021-02-26"]["rencana_kumulatif"] == 4 and hari["2021-02-26"]["selesai_kumulatif"] == 3
    assert hari["2021-03-01"]["selesai_kumulatif"] == 4
    assert pd.isna(hari["2021-03-02"]["selesai_kumulatif"]), "no finished count after the reference day"


def test_kesenjangan_memperhatikan_arah(con) -> None:
    t = {(b["kode_provinsi"], b["kode_indikator"]): b for b in ukuran(con, "kesenjangan_target")}
    assert t[("32", "LPE")]["kelas"] == "di_bawah" and t[("32", "LPE")]["kesenjangan_terbuka"]
    assert t[("32", "KEMISKINAN")]["kelas"] == "memenuhi", "lower is better: 7,0 is the better end"
    assert t[("33", "LPE")]["kelas"] == "dalam_rentang"
    assert t[("33", "KEMISKINAN")]["kelas"] == "di_bawah", "10,8 is above the national 10,0 - 10,5"
    assert t[("33", "KEMISKINAN")]["disepakati"] and not t[("33", "KEMISKINAN")]["kesenjangan_terbuka"]
    assert t[("11", "TPT")]["kelas"] == "dalam_rentang"
    assert t[("32", "KEMISKINAN")]["kemajuan_baseline"] == pytest.approx(8.43 - 7.0), "positive is better"
    assert t[("32", "LPE")]["selisih_nasional"] == pytest.approx(4.5 - 5.2)
    urutan = [(b["kode_provinsi"], b["kode_indikator"]) for b in ukuran(con, "kesenjangan_target")]
    assert urutan[0] == ("32", "LPE"), "open gaps first"
    assert urutan[-1] == ("33", "KEMISKINAN"), "agreed targets last"


def test_tampilan_idempoten_dan_jalan_di_db_kosong(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "kosong.duckdb")) as c:
        siapkan_skema(c)
        pasang_tampilan(c)
        pasang_tampilan(c)
        for nama in ("keselarasan_provinsi", "progres_nasional", "progres_harian", "kesenjangan_target",
                     "ringkasan_provinsi", "perubahan_muat", "cakupan_mp", "target_desk", "hasil_desk",
                     "pagu_disetujui_pn"):
            ukuran(c, nama)
        assert ukuran(c, "progres_nasional")[0]["sesi"] == 0
        for view in ("v_keselarasan_provinsi", "v_progres_desk", "v_kesenjangan_target", "v_cakupan_mp"):
            assert c.execute(f"SELECT count(*) FROM {view}").fetchall()[0][0] == 0


def test_riwayat_per_muat_untuk_perubahan(tmp_path: Path) -> None:
    db = bangun_db(tmp_path / "ekspor", tmp_path / "r.duckdb")
    tulis_csv(tmp_path / "susulan.csv", [
        ["Tahun", "Desk", "Nama Desk", "Kode Provinsi", "Jadwal", "Status", "Tanggal Selesai", "Berita Acara"],
        [2022, 4, "Kesehatan", "32", "26/02/2021", "Selesai", "01/03/2021", "Sudah"],
    ])
    from etl.muat import muat

    muat([tmp_path / "susulan.csv"], db)
    with duckdb.connect(str(db), read_only=True) as c:
        dua = ukuran(c, "perubahan_muat")
        assert [b["run_id"] for b in dua] == [2, 1]
        assert dua[0]["berita_acara"] - dua[1]["berita_acara"] == 1
        jabar = ukuran(c, "perubahan_muat", 2022, ["32"], [], [], [], [])
        assert jabar[0]["sesi_selesai"] - jabar[1]["sesi_selesai"] == 1


def test_progres_tertinggal_dan_kesenjangan_ringkas(con) -> None:
    tertinggal = ukuran(con, "tertinggal")
    assert [(b["tingkat"], b["terlambat"]) for b in tertinggal] == [("desk", 1), ("provinsi", 1)]
    assert (tertinggal[0]["desk_no"], tertinggal[1]["kode_provinsi"]) == (4, "32"), "Jabar's late desk 4 session"
    n = ukuran(con, "kesenjangan_nasional")[0]
    assert (n["target"], n["memenuhi"], n["dalam_rentang"], n["di_bawah"], n["disepakati"]) == (5, 1, 2, 2, 1)
    assert (n["kesenjangan_terbuka"], n["provinsi_terbuka"], n["provinsi_target"]) == (1, 1, 3)
    per = {(b["kunci_indikator"], b["kelas"]): b for b in ukuran(con, "kesenjangan_indikator")}
    assert per[("LPE", "di_bawah")]["provinsi"] == 1 and per[("LPE", "dalam_rentang")]["provinsi"] == 1
    assert per[("LPE", "di_bawah")]["kesenjangan_terbuka"] == 1
    assert per[("KEMISKINAN", "di_bawah")]["disepakati"] == 1
    urutan = list(dict.fromkeys(b["kunci_indikator"] for b in ukuran(con, "kesenjangan_indikator")))
    assert urutan[-1] == "TPT", "indicators with provinces short of the national range come first"
    assert ukuran(con, "keselarasan_nasional")[0]["usulan_disetujui"] == 5, "U01, U02, U06, U07, U08"


def test_perubahan_hari_ini_tanpa_muat_sebelumnya(con) -> None:
    h = ukuran(con, "perubahan_hari_rapat")[0]
    assert str(h["hari"])[:10] == "2021-03-01", "the latest meeting day in the data"
    assert (h["sesi_selesai"], h["berita_acara"], h["sesi_terlambat"]) == (1, 1, 1), "Jabar desk 7"
    assert pd.isna(h["run_pembanding"]), "no load finished before that day"
    assert pd.isna(h["usulan_disetujui_baru"]) and pd.isna(h["target_disepakati_baru"])


def test_perubahan_hari_ini_dibanding_muat_kemarin(tmp_path: Path) -> None:
    import datetime as dt

    from tests.app.conftest import bangun_db_dua_hari

    db = bangun_db_dua_hari(tmp_path / "ekspor", tmp_path / "dua_hari.duckdb")
    with duckdb.connect(str(db), read_only=True) as c:
        h = ukuran(c, "perubahan_hari_rapat")[0]
        assert str(h["hari"])[:10] == dt.date.today().isoformat()
        assert (h["sesi_selesai"], h["berita_acara"], h["sesi_terlambat"]) == (2, 1, 1)
        assert h["run_pembanding"] == 1
        assert (h["usulan_disetujui_baru"], h["target_disepakati_baru"]) == (2, 1)
        jabar = ukuran(c, "perubahan_hari_rapat", 2022, ["32"], [], [], [], [])[0]
        assert (jabar["sesi_selesai"], jabar["berita_acara"]) == (1, 0)
        assert (jabar["usulan_disetujui_baru"], jabar["target_disepakati_baru"]) == (1, 1)
        kl = ukuran(c, "perubahan_hari_rapat", 2022, [], ["033"], [], [], [])[0]
        assert pd.isna(kl["usulan_disetujui_baru"]), "the history cannot tell a change under a K/L filter"


def test_hasil_desk_per_provinsi(con) -> None:
    hasil = {(b["kode_provinsi"], b["desk_no"]): b for b in ukuran(con, "hasil_desk")}
    d7 = hasil[("32", 7)]
    assert (d7["jumlah_usulan"], d7["disetujui"], d7["belum_diputuskan"]) == (2, 1, 1)
    assert (d7["pagu"], d7["pagu_disetujui"]) == (400e6, 300e6)
    assert d7["status_sesi"] == "selesai" and d7["berita_acara"]
    d1 = hasil[("32", 1)]
    assert (d1["tidak_disetujui"], d1["pagu_disetujui"], d1["berita_acara"]) == (1, 0, False)
    assert hasil[("33", 4)]["disetujui_catatan"] == 1
    aceh8 = hasil[("11", 8)]
    assert pd.isna(aceh8["status_sesi"]) and aceh8["disetujui_catatan"] == 1, \
        "a proposal whose desk has no session row for the province still counts"
    assert hasil[("33", 1)]["jumlah_usulan"] == 0 and hasil[("33", 1)]["status_sesi"] == "berlangsung"
    assert len(hasil) == 9, "the seven sessions and the two desks with proposals but no session (11/8, 33/8)"


def test_pagu_disetujui_per_pn(con) -> None:
    jabar = {b["kode_pn"]: b for b in ukuran(con, "pagu_disetujui_pn", 2022, ["32"], [], [], [], [])}
    assert list(jabar) == [f"PN{i}" for i in range(1, 8)], "every PN of the period, no '-' (no agreed without PN)"
    assert (jabar["PN3"]["pagu_disetujui"], jabar["PN5"]["pagu_disetujui"]) == (100e6, 300e6)
    assert jabar["PN5"]["porsi_pagu"] == pytest.approx(0.75) and jabar["PN1"]["porsi_pagu"] == 0
    satu = ukuran(con, "pagu_disetujui_pn", 2022, ["32"], [], ["PN3"], [], [])
    assert len(satu) == 1 and satu[0]["porsi_pagu"] == pytest.approx(0.25), "share of all agreed pagu"


def test_target_desk_menurut_urusan_desk(tmp_path: Path) -> None:
    db = bangun_db(tmp_path / "ekspor", tmp_path / "t.duckdb")
    tulis_csv(tmp_path / "urusan.csv", [
        ["Tahun", "Kode Provinsi", "Jenis", "Kode Urusan", "Indikator", "Target Nasional", "Target Daerah",
         "Target Kesepakatan", "Status"],
        [2022, "32", "urusan", "1.02", "Prevalensi Stunting", "18 - 19", "20", "19", "Disepakati"],
        [2022, "32", "urusan", "1.03", "Akses Air Minum Layak", "90", "88", "", "Belum Disepakati"],
    ])
    from etl.muat import muat

    muat([tmp_path / "urusan.csv"], db)
    with duckdb.connect(str(db), read_only=True) as c:
        semua = ukuran(c, "target_desk", 2022, ["32"], [], [], [], [])
        assert {(b["desk_no"], b["nama_indikator"]) for b in semua} == {
            (4, "Prevalensi Stunting"), (5, "Prevalensi Stunting"), (6, "Prevalensi Stunting"),
            (7, "Akses Air Minum Layak"), (8, "Akses Air Minum Layak"), (9, "Akses Air Minum Layak"),
            (10, "Akses Air Minum Layak")}, "each desk serving the urusan (data/reference/desk.csv), no macro"
        d4 = ukuran(c, "target_desk", 2022, ["32"], [], [], [], [4])
        assert [(b["target_kesepakatan_min"], b["disepakati"]) for b in d4] == [(19.0, True)]
        assert ukuran(c, "target_desk", 2022, ["33"], [], [], [], [4]) == []


def test_kode_pn_salah_tetap_di_penyebut_porsi(tmp_path: Path) -> None:
    """Four proposals of Jawa Barat, one with PN '9' (no such PN): 3 of 4 aligned, not 3 of 3."""
    from etl.muat import muat

    tulis_csv(tmp_path / "pn.csv", [["ID Usulan", "Tahun", "Kode Provinsi", "PN", "MP", "Pagu"],
                                    ["A", 2022, "32", "PN3", "", "100"], ["B", 2022, "32", "PN5", "MP28", "100"],
                                    ["C", 2022, "32", "PN1", "", "100"], ["D", 2022, "32", "9", "MP99", "100"]])
    db = tmp_path / "pn.duckdb"
    muat([tmp_path / "pn.csv"], db)
    with duckdb.connect(str(db), read_only=True) as c:
        n = ukuran(c, "keselarasan_nasional")[0]
        assert (n["jumlah_usulan"], n["usulan_pn"]) == (4, 3)
        assert n["porsi_usulan_pn"] == pytest.approx(0.75) and n["porsi_pagu_pn"] == pytest.approx(0.75)
        assert n["porsi_usulan_mp"] == pytest.approx(0.25), "MP99 is no MP: 1 of 4 aligned to an MP"
        assert (n["usulan_ditandai"], n["usulan_pn_ditandai"], n["usulan_mp_ditandai"]) == (1, 1, 1)
        assert c.execute("SELECT kolom_ditandai FROM usulan WHERE id_usulan = 'D'").fetchall() == [
            (["kode_pn", "kode_mp"],)]


def test_sesi_yang_barisnya_ditolak_tetap_dihitung(tmp_path: Path) -> None:
    """Three sessions scheduled, one row with an impossible date: 3 sessions, 1 'data bermasalah', not 2 sessions."""
    from etl.muat import muat

    kepala = ["Tahun", "Desk", "Kode Provinsi", "Jadwal", "Status", "Tanggal Selesai"]
    tulis_csv(tmp_path / "sesi.csv", [kepala, [2022, 1, "32", "25/02/2021", "Selesai", "25/02/2021"],
                                      [2022, 2, "32", "30/02/2021", "Selesai", "26/02/2021"],
                                      [2022, 1, "33", "26/02/2021", "Belum Dimulai", ""],
                                      [2022, 41, "33", "26/02/2021", "Belum Dimulai", ""]])
    db = tmp_path / "sesi.duckdb"
    muat([tmp_path / "sesi.csv"], db)
    with duckdb.connect(str(db), read_only=True) as c:
        n = ukuran(c, "progres_nasional")[0]
        assert n["sesi"] == 3, "the session whose row was rejected is still scheduled"
        assert (n["selesai"], n["belum_mulai"], n["data_bermasalah"]) == (1, 1, 1)
        assert n["belum_mulai"] + n["berlangsung"] + n["selesai"] + n["data_bermasalah"] == n["sesi"]
        assert n["porsi_selesai"] == pytest.approx(1 / 3)
        (r,) = [s for s in ukuran(c, "sesi_desk") if s["keadaan"] == "data_bermasalah"]
        assert (r["desk_no"], r["kode_provinsi"], r["ditolak_baris"], r["ditolak_run"]) == (2, "32", 3, 1)
        assert r["ditolak_file"].endswith("sesi.csv") and "30/02/2021" in r["ditolak_alasan"]
        assert {s["desk_no"] for s in ukuran(c, "progres_desk")} == {1, 2}, "desk 41 cannot be placed"

    tulis_csv(tmp_path / "perbaikan.csv", [kepala, [2022, 2, "32", "26/02/2021", "Selesai", "26/02/2021"]])
    muat([tmp_path / "perbaikan.csv"], db)
    with duckdb.connect(str(db), read_only=True) as c:
        n = ukuran(c, "progres_nasional")[0]
        assert (n["sesi"], n["selesai"], n["data_bermasalah"]) == (3, 2, 0), "the fixed row replaces the problem"


def test_target_daerah_kosong_adalah_kelas_terbuka_dan_kelas_berjumlah_total(tmp_path: Path) -> None:
    """No regional target yet is the largest gap of all: its own class, counted open; the classes add up."""
    from etl.muat import muat

    tulis_csv(tmp_path / "t.csv", [
        ["Tahun", "Kode Provinsi", "Indikator", "Target Nasional", "Target Daerah", "Target Kesepakatan"],
        [2022, "32", "LPE", "5,2 - 5,8", "", ""],
        [2022, "32", "IPM", "73", "74", ""],
        [2022, "32", "TPT", "5,5 - 6,3", "", "6,0"],
        [2022, "32", "Indeks Kualitas Air", "", "60", ""]])
    db = tmp_path / "t.duckdb"
    muat([tmp_path / "t.csv"], db)
    with duckdb.connect(str(db), read_only=True) as c:
        t = {b["kunci_indikator"]: b for b in ukuran(c, "kesenjangan_target")}
        assert (t["LPE"]["kelas"], t["LPE"]["kesenjangan_terbuka"]) == ("belum_diisi", True)
        assert (t["TPT"]["kelas"], t["TPT"]["kesenjangan_terbuka"]) == ("belum_diisi", False), "agreed: closed"
        assert t["indeks kualitas air"]["kelas"] == "tak_dinilai", "no national target, no direction"
        (p,) = ukuran(c, "kesenjangan_provinsi")
        kelas = ("memenuhi", "dalam_rentang", "di_bawah", "belum_diisi", "tak_dinilai")
        assert sum(p[k] for k in kelas) == p["indikator"] == 4
        assert (p["memenuhi"], p["belum_diisi"], p["tak_dinilai"], p["kesenjangan_terbuka"]) == (1, 2, 1, 1)
        assert ukuran(c, "kesenjangan_target")[0]["kunci_indikator"] == "LPE", "open gaps first"


def test_lokasi_mp_mengikuti_pemekaran_papua(tmp_path: Path) -> None:
    """MP13 places Sorong in 92 Papua Barat up to 2023 and in 96 Papua Barat Daya from 2024: never in both."""
    from etl.muat import muat

    tulis_csv(tmp_path / "u.csv", [["ID Usulan", "Tahun", "Kode Provinsi", "MP", "Status"],
                                   ["A", 2022, "92", "MP13", "Disetujui"], ["B", 2024, "96", "MP13", "Disetujui"],
                                   ["C", 2024, "92", "MP13", "Disetujui"]])
    db = tmp_path / "u.duckdb"
    muat([tmp_path / "u.csv"], db)
    with duckdb.connect(str(db), read_only=True) as c:
        def lokasi(tahun: int) -> set[str]:
            return {b["kode_provinsi"] for b in ukuran(c, "cakupan_mp", tahun, [], [], [], ["MP13"], [])
                    if b["berlokasi"]}
        assert lokasi(2022) == {"36", "65", "82", "92"}
        assert lokasi(2024) == {"36", "65", "82", "96"}, "Sorong counted once"
        n = ukuran(c, "keselarasan_nasional", 2024, [], [], [], ["MP13"], [])[0]
        assert (n["mp_berlokasi"], n["mp_terlayani"]) == (4, 1), "C in 92 is a proposal outside the MP's locations"


def test_nama_indikator_per_kelas_tetap_dari_muat_ke_muat(tmp_path: Path) -> None:
    """Two provinces spell one indicator that no reference list names differently: the per-indicator measure
    names it by one rule (the
    spelling first in alphabetical order), not by whichever row the engine meets first, which can change
    from one load to the next."""
    target = [TARGET_KEPALA,
              [2022, "33", "IKD01", "Indeks Kepuasan Layanan (skor)", "70", "80 - 90", "75", "", "Belum Disepakati"],
              [2022, "32", "IKD01", "Indeks Kepuasan Layanan", "71", "80 - 90", "76", "", "Belum Disepakati"]]
    db = bangun_db(tmp_path / "ekspor", tmp_path / "ejaan.duckdb", {"target.csv": target})
    with duckdb.connect(str(db), read_only=True) as c:
        ikd = [b for b in ukuran(c, "kesenjangan_indikator") if b["kode_indikator"] == "IKD01"]
    assert [b["provinsi"] for b in ikd] == [2], "one class, both provinces"
    assert ikd[0]["nama_indikator"] == "Indeks Kepuasan Layanan"

    # In two classes (one regional target not filled in), each spelled its own way: still one name.
    target[1][6] = ""
    db = bangun_db(tmp_path / "ekspor2", tmp_path / "ejaan2.duckdb", {"target.csv": target})
    with duckdb.connect(str(db), read_only=True) as c:
        ikd = [b for b in ukuran(c, "kesenjangan_indikator") if b["kode_indikator"] == "IKD01"]
    assert len(ikd) == 2, "two classes"
    assert {b["nama_indikator"] for b in ikd} == {"Indeks Kepuasan Layanan"}, "one name for the indicator"
