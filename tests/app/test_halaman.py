"""Every page: renders with no exception and real figures, a filter changes what it shows,
URL parameters restore the filters, and bad URL values are dropped with a notice."""

from __future__ import annotations

import json
import re

import duckdb
import pytest

from etl.muat import muat
from selaras.navigasi import HALAMAN as DAFTAR_HALAMAN
from tests.app.conftest import (DESK_SESI, TARGET, USULAN, Buka, bangun_db, buka_definisi, galat, kotak_definisi,
                                kunci_definisi, metrik, tulis_csv)

HALAMAN = tuple(h.nama for h in DAFTAR_HALAMAN)
KUNCI_BOCOR = re.compile(r"\b(?:kolom|nilai|definisi|kpi|umum|filter|peta|keselarasan|progres|kesenjangan|profil"
                         r"|dokumen)\.[a-z_]+\.?[a-z_]*")
"""A catalogue key (selaras/teks.toml) shown where its text should be."""

# For each page: a figure it shows and its value with no filter and with province 32 (Jawa Barat).
ANGKA = {
    "ringkasan": ("Usulan selaras PN", "75,0%", "50,0%"),
    "keselarasan": ("Pagu selaras PN", "68,4%", "40,0%"),
    "progres_desk": ("Sesi desk selesai", "4", "2"),
    "kesenjangan_target": ("Target indikator", "5", "2"),
    "profil_provinsi": ("Usulan", "2", "4"),
}
"""Profil Provinsi shows the first province (Aceh, 2 proposals) until one is chosen."""


def judul(at) -> str:
    return at.title[0].value


@pytest.mark.parametrize("halaman", HALAMAN)
def test_halaman_tampil_tanpa_galat(buka: Buka, halaman: str) -> None:
    at = buka(halaman)
    assert not galat(at), galat(at)
    assert at.title, "the page draws a title"
    assert at.get("plotly_chart") or at.dataframe, "the page shows a chart or a table"
    if halaman in ANGKA:
        label, semua, _ = ANGKA[halaman]
        assert metrik(at, label) == semua


@pytest.mark.parametrize("halaman", [h for h in HALAMAN if h in ANGKA])
def test_filter_provinsi_mengubah_angka(buka: Buka, halaman: str) -> None:
    at = buka(halaman)
    label, semua, jabar = ANGKA[halaman]
    assert metrik(at, label) == semua
    at.multiselect(key="f_provinsi").set_value(["32"]).run()
    assert not galat(at)
    assert metrik(at, label) == jabar
    assert at.query_params["provinsi"] == "32", "the URL follows the filter"


def test_bahasa_mengubah_halaman_data(buka: Buka) -> None:
    at = buka("data")
    assert judul(at) == "Data dan Asal-usulnya"
    at.button_group(key="bahasa").set_value("en").run()
    assert judul(at) == "Data and Where It Comes From"
    assert at.query_params["bahasa"] == "en"


@pytest.mark.parametrize("halaman", HALAMAN)
def test_url_memulihkan_filter(buka: Buka, halaman: str) -> None:
    at = buka(halaman, tahun="2022", provinsi="32", kl="033", bahasa="en")
    assert not galat(at)
    assert at.multiselect(key="f_provinsi").value == ["32"]
    assert at.multiselect(key="f_kl").value == ["033"]
    assert at.selectbox(key="f_tahun").value == 2022
    assert not at.warning or all("ignored" not in w.value for w in at.warning)
    if halaman == "profil_provinsi":
        assert judul(at) == "Jawa Barat"
    if halaman == "keselarasan":
        # Jawa Barat, proposals of K/L 033 (PUPR): U02 (PN5) and U03 (none) -> 1 of 2 tagged to a PN
        assert metrik(at, "Proposals aligned to a PN") == "50.0%"
    if halaman == "data":
        assert judul(at) == "Data and Where It Comes From"
    assert at.query_params["provinsi"] == "32" and at.query_params["kl"] == "033"


@pytest.mark.parametrize("halaman", HALAMAN)
def test_url_buruk_dibuang_dengan_pemberitahuan(buka: Buka, halaman: str, db_kecil) -> None:
    suntik = "32'); DROP TABLE usulan; --"
    at = buka(halaman, tahun="abc", provinsi=f"99,32,{suntik}", pn="PN9", desk="x1", bahasa="fr")
    assert not galat(at)
    pemberitahuan = " ".join(w.value for w in at.warning)
    for dibuang in ("tahun=abc", "provinsi=99", "pn=PN9", "desk=x1", "bahasa=fr", "DROP TABLE usulan"):
        assert dibuang in pemberitahuan, dibuang
    assert at.multiselect(key="f_provinsi").value == ["32"], "the valid value stays"
    assert at.multiselect(key="f_pn").value == []
    assert at.query_params["provinsi"] == "32" and "pn" not in at.query_params
    with duckdb.connect(str(db_kecil), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM usulan").fetchall()[0][0] == 8


def test_filter_bertahan_saat_pindah_halaman(buka: Buka) -> None:
    at = buka()
    at.multiselect(key="f_provinsi").set_value(["33"]).run()
    at.multiselect(key="f_pn").set_value(["PN5"]).run()
    for halaman in ("keselarasan", "progres_desk", "profil_provinsi"):
        at.switch_page(f"halaman/{halaman}.py").run()
        assert not galat(at)
        assert at.multiselect(key="f_provinsi").value == ["33"]
        assert at.multiselect(key="f_pn").value == ["PN5"]
        assert at.query_params["provinsi"] == "33"
    assert judul(at) == "Jawa Tengah"


def test_filter_tanpa_hasil_menampilkan_keadaan_kosong(buka: Buka) -> None:
    at = buka("keselarasan", provinsi="32", desk="8")
    assert not galat(at)
    assert any("Tidak ada data" in i.value for i in at.info)
    assert not at.metric


def test_peta_dan_tertinggal_di_ringkasan(buka: Buka) -> None:
    at = buka()
    peta = at.get("plotly_chart")[0].proto.spec
    assert "Jabar" in peta and "Papua" in peta, "one tile per province of the year"
    assert metrik(at, "Provinsi dengan kesenjangan") == "1 / 3"
    assert metrik(at, "Sesi desk selesai") == "4"
    delta = [m for m in at.metric if m.label.startswith("Sesi desk selesai")][0].proto.delta
    assert delta == "+1", "one session finished on the reference day (1 March)"
    tertinggal = at.dataframe[1].value
    assert tertinggal.iloc[0, 0] == "Jawa Barat", "the province with a late session comes first"


def test_rincian_usulan_dari_sel(buka: Buka) -> None:
    at = buka("keselarasan")
    assert not any("id_usulan" in d.value.columns for d in at.dataframe), "no proposal is sent before anyone asks"
    assert any("usulan di balik pilihan ini" in c.value for c in at.caption), "the count is shown instead"
    at.selectbox(key="rinci_provinsi").set_value("32").run()
    at.selectbox(key="rinci_pn").set_value("-").run()
    rinci = at.dataframe[-1].value
    assert sorted(rinci["id_usulan"]) == ["U03", "U04"], "the proposals of Jawa Barat with no PN"


def test_data_menampilkan_penolakan(buka: Buka) -> None:
    at = buka("data")
    tabel = [d.value for d in at.dataframe]
    ditolak = next(df for df in tabel if "reason" in df.columns)
    assert ditolak["value"].tolist() == ["99"]
    assert "Provinsi '99' tidak dikenal" in ditolak["reason"].iloc[0]


def test_url_beberapa_provinsi(buka: Buka) -> None:
    at = buka("progres_desk", provinsi="32,33")
    assert at.multiselect(key="f_provinsi").value == ["32", "33"]
    assert metrik(at, "Sesi desk selesai") == "2"
    assert at.query_params["provinsi"] == ["32", "33"], "written back as a repeated parameter"


@pytest.mark.parametrize("halaman", HALAMAN)
def test_bahasa_inggris_tanpa_kunci_katalog_yang_bocor(buka: Buka, halaman: str) -> None:
    # The definitions boxes open from the first run (a run after a change of language cannot be driven here:
    # AppTest formats a select box's value outside the session, in Indonesian).
    terbuka = dict.fromkeys(kunci_definisi(buka(halaman, provinsi="32")), True)
    at = buka(halaman, bahasa="en", provinsi="32", keadaan=terbuka)
    assert terbuka and all(e.markdown for e in at.expander if e.key in terbuka), "the definitions are read too"
    teks = repr(at.main) + repr(at.sidebar)
    bocor = KUNCI_BOCOR.findall(teks)
    assert not bocor, bocor
    assert not galat(at)


def test_perubahan_sejak_muat_sebelumnya(tmp_path, monkeypatch) -> None:
    from streamlit.testing.v1 import AppTest

    from etl.muat import muat
    from tests.app.conftest import APP, bangun_db, tulis_csv

    db = bangun_db(tmp_path / "ekspor", tmp_path / "dua_muat.duckdb")
    tulis_csv(tmp_path / "susulan.csv", [
        ["Tahun", "Desk", "Nama Desk", "Kode Provinsi", "Jadwal", "Status", "Tanggal Selesai", "Berita Acara"],
        [2022, 4, "Kesehatan", "32", "26/02/2021", "Selesai", "01/03/2021", "Sudah"],
    ])
    muat([tmp_path / "susulan.csv"], db)
    monkeypatch.setenv("SELARAS_DB", str(db))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    ba = next(m for m in at.metric if m.label.startswith("Berita Acara"))
    assert (ba.value, ba.proto.delta, ba.proto.delta_description) == ("4", "+1", "sejak muat #1")
    at.multiselect(key="f_kl").set_value(["024"]).run()
    ba = next(m for m in at.metric if m.label.startswith("Berita Acara"))
    assert not ba.proto.delta, "no change shown where the history cannot tell it (a K/L filter)"


def test_data_menampilkan_usulan_yang_dihapus(tmp_path, buka_db) -> None:
    """A proposal withdrawn from Jawa Barat's export: gone from the figures, listed on the Data page."""
    db = bangun_db(tmp_path / "ekspor", tmp_path / "ganti.duckdb")
    tulis_csv(tmp_path / "jabar.csv", [USULAN[0], *[b for b in USULAN[1:] if b[2] == "32" and b[0] != "U03"]])
    muat([tmp_path / "jabar.csv"], db, ganti="cakupan")
    at = buka_db(db, "data")
    assert not galat(at)
    dihapus = next(d.value for d in at.dataframe if "baris_semula" in d.value.columns)
    assert dihapus["key"].tolist() == ["U03 · 2022"] and dihapus["nama_provinsi"].tolist() == ["Jawa Barat"]
    riwayat = next(d.value for d in at.dataframe if "rows_removed" in d.value.columns)
    assert riwayat["rows_removed"].tolist()[:2] == ["1", "0"]


def test_keselarasan_menyebut_usulan_berkode_salah(tmp_path, buka_db) -> None:
    tulis_csv(tmp_path / "pn.csv", [["ID Usulan", "Tahun", "Kode Provinsi", "PN", "Pagu"],
                                    ["A", 2022, "32", "PN3", "100"], ["B", 2022, "32", "PN 12", "100"]])
    muat([tmp_path / "pn.csv"], tmp_path / "pn.duckdb")
    at = buka_db(tmp_path / "pn.duckdb", "keselarasan")
    assert not galat(at)
    assert metrik(at, "Usulan selaras PN") == "50,0%"
    assert any("1 usulan yang dihitung memuat kode" in c.value and "PN: 1" in c.value for c in at.caption)


def test_data_memperingatkan_arah_yang_berbeda(tmp_path, buka_db) -> None:
    tulis_csv(tmp_path / "t.csv", [["Tahun", "Kode Provinsi", "Indikator", "Arah", "Target Nasional", "Target Daerah"],
                                   [2022, "32", "Tingkat Kemiskinan", "Naik", "7,0 - 7,5", "6,8"]])
    muat([tmp_path / "t.csv"], tmp_path / "t.duckdb")
    at = buka_db(tmp_path / "t.duckdb", "data")
    assert not galat(at)
    assert any("arah atau jenis indikator yang berbeda" in w.value for w in at.warning)
    peringatan = next(d.value for d in at.dataframe if "reason" in d.value.columns and "scope" not in d.value.columns)
    assert peringatan["column"].tolist() == ["arah"] and peringatan["value"].tolist() == ["naik"]


def test_progres_menampilkan_sesi_bermasalah_dan_menuju_penolakannya(tmp_path, buka_db) -> None:
    tulis_csv(tmp_path / "sesi.csv", [*DESK_SESI, [2022, 7, "Sumber Daya Air", "33", "30/02/2021", "Selesai", "", "", 0]])
    muat([tmp_path / "sesi.csv"], tmp_path / "s.duckdb")
    at = buka_db(tmp_path / "s.duckdb", "progres_desk", keadaan={"progres_bagian": "Desk × provinsi"})
    assert not at.exception
    assert metrik(at, "Sesi desk selesai, dari 8") == "4", "7 loaded sessions and the rejected one"
    assert any("1 sesi terjadwal datanya bermasalah" in w.value for w in at.warning)
    masalah = next(d.value for d in at.dataframe if "ditolak_alasan" in d.value.columns)
    assert masalah[["desk_no", "ditolak_baris"]].values.tolist() == [["7", "9"]]
    at.button(key="buka_penolakan_1").click().run()
    assert not at.exception
    assert at.title[0].value == "Data dan Asal-usulnya" and at.selectbox(key="run_penolakan").value == 1


@pytest.mark.parametrize("halaman", ["ringkasan", "progres_desk", "kesenjangan_target"])
def test_grafik_bergaya_rumah(buka: Buka, halaman: str) -> None:
    """Every chart keeps the house look: plotly's plain white template (white ground, no grid) and the house
    type, whether the template is named in the figure or set once as plotly's default."""
    at = buka(halaman)
    grafik = [json.loads(g.proto.spec) for g in at.get("plotly_chart")]
    assert grafik, "the page shows a chart"
    for g in grafik:
        tata = g["layout"]["template"]["layout"]
        assert tata["plot_bgcolor"] == "white" and tata["xaxis"]["showgrid"] is False
        assert g["layout"]["font"]["size"] == 16


@pytest.mark.parametrize("halaman", HALAMAN)
def test_definisi_dikirim_hanya_saat_dibuka(buka: Buka, halaman: str) -> None:
    """Each page's definitions are one click away, and a closed box sends only its label to the browser."""
    at = buka(halaman)
    kotak = kotak_definisi(at)
    assert kotak, "every page has its definitions"
    assert all(not e.markdown for e in kotak), "a closed box holds no text"
    kotak = kotak_definisi(buka_definisi(at))
    assert all(e.proto.expanded for e in kotak)
    assert all(len(e.markdown) == 1 and e.markdown[0].value.startswith("**") for e in kotak), \
        "an open box holds every definition of its measures, each under its name in bold"
    assert not galat(at)


def test_progres_desk_menggambar_hanya_bagian_yang_dibuka(buka: Buka) -> None:
    """Progres Desk draws only the tab on screen: the day's figures first; another tab's table when it is opened."""
    at = buka("progres_desk")
    assert at.tabs[0].label == "Hari ini dan tren" and len(at.tabs) == 5
    assert not any("nama_desk" in d.value.columns and "porsi_ba" in d.value.columns for d in at.dataframe), \
        "the per-desk table is not drawn while its tab is closed"
    assert [s.value for s in at.subheader][0].startswith("Perubahan pada")
    at.session_state["progres_bagian"] = "Progres per desk"
    at.run()
    assert not galat(at)
    per_desk = next(d.value for d in at.dataframe if "porsi_ba" in d.value.columns)
    assert per_desk["desk_no"].tolist() == ["1", "4", "7"], "one row per desk of the data"
    assert not any(s.value.startswith("Perubahan pada") for s in at.subheader), "the day's tab is not drawn now"


def test_keselarasan_menggambar_satu_matriks_sekali_lihat(buka: Buka) -> None:
    """Keselarasan draws the province x PN matrix first; the Major Project matrix only on its tab, and the
    drill-down below both stays."""
    at = buka("keselarasan")
    assert [tab.label for tab in at.tabs] == ["Provinsi × Prioritas Nasional", "Cakupan Major Project per provinsi"]
    grafik = [g.proto.id for g in at.get("plotly_chart")]
    assert len(grafik) == 1 and "matriks_pn" in grafik[0]
    at.session_state["keselarasan_bagian"] = "Cakupan Major Project per provinsi"
    at.run()
    assert not galat(at)
    grafik = [g.proto.id for g in at.get("plotly_chart")]
    assert len(grafik) == 1 and "matriks_mp" in grafik[0]
    assert "Rincian usulan" in [s.value for s in at.subheader]


def test_kesenjangan_menamai_indikator_seperti_ukurannya(tmp_path, buka_db) -> None:
    """An indicator two provinces spell differently has one name on the page: the one its measure gives it."""
    target = [TARGET[0],
              [2022, "33", "IKD01", "Indeks Kepuasan Layanan (skor)", "70", "80 - 90", "75", "", "Belum Disepakati"],
              [2022, "32", "IKD01", "Indeks Kepuasan Layanan", "71", "80 - 90", "76", "", "Belum Disepakati"]]
    db = bangun_db(tmp_path / "ekspor", tmp_path / "ejaan.duckdb", {"target.csv": target})
    at = buka_db(db, "kesenjangan_target")
    assert not galat(at)
    pilihan = at.selectbox(key="indikator")
    assert pilihan.options == ["Indeks Kepuasan Layanan"]
    assert at.subheader[0].value.startswith("Indeks Kepuasan Layanan (")


def test_kesenjangan_menggambar_tabel_semua_target_hanya_di_tabnya(buka: Buka) -> None:
    """Kesenjangan Target draws one indicator's chart first; the table of every target (with its downloads
    and definitions) only on its own tab."""
    at = buka("kesenjangan_target")
    assert [tab.label for tab in at.tabs] == ["Per indikator", "Semua target"]
    assert len(at.get("plotly_chart")) == 1 and not at.dataframe, "the chart, not the table"
    at.session_state["kesenjangan_bagian"] = "Semua target"
    at.run()
    assert not galat(at)
    assert not at.get("plotly_chart")
    semua = next(d.value for d in at.dataframe if "kelas" in d.value.columns)
    assert len(semua) == 5, "every target of the year"
    assert {b.proto.label for b in at.get("download_button")} >= {"Unduh CSV", "Unduh XLSX"}
    assert kotak_definisi(at)


TAB = {"progres_desk": "progres_bagian", "keselarasan": "keselarasan_bagian",
       "kesenjangan_target": "kesenjangan_bagian"}
"""The pages drawn in tabs, and the key of their tabs."""


@pytest.mark.parametrize("bahasa", ["id", "en"])
@pytest.mark.parametrize("halaman", list(TAB))
def test_setiap_tab_tergambar_dalam_kedua_bahasa(buka: Buka, halaman: str, bahasa: str) -> None:
    """Every tab of every tabbed page draws without error, with its definitions, in both languages, and no
    catalogue key shows through."""
    label = [tab.label for tab in buka(halaman, bahasa=bahasa, provinsi="32").tabs]
    assert len(label) >= 2
    for nama in label:
        at = buka(halaman, bahasa=bahasa, provinsi="32", keadaan={TAB[halaman]: nama})
        assert not galat(at), (nama, galat(at))
        assert [tab.label for tab in at.tabs] == label
        teks = repr(at.main)
        assert not KUNCI_BOCOR.findall(teks), nama
        assert len(at.main.children) > 0


def test_tab_yang_terbuka_bertahan_saat_bahasa_berganti(buka: Buka) -> None:
    """A viewer on Progres Desk's grid who switches to English stays on the grid (the labels change with the
    language; the tab open is remembered by its place), and a choice made in a tab survives a visit to another."""
    at = buka("progres_desk", keadaan={"progres_bagian": "Desk × provinsi"})
    assert any("grid_desk" in g.proto.id for g in at.get("plotly_chart"))
    at.segmented_control(key="bahasa").set_value("en").run()
    assert not galat(at)
    assert at.session_state["progres_bagian"] == "Desk × province"
    assert any("grid_desk" in g.proto.id for g in at.get("plotly_chart")), "the grid's tab is still the one drawn"

    at = buka("keselarasan")
    at.segmented_control(key="keselarasan_basis").set_value("porsi_usulan").run()
    at.session_state["keselarasan_bagian"] = "Cakupan Major Project per provinsi"
    at.run()
    at.session_state["keselarasan_bagian"] = "Provinsi × Prioritas Nasional"
    at.run()
    assert not galat(at)
    assert at.segmented_control(key="keselarasan_basis").value == "porsi_usulan"
