"""The projector (?layar=1): its slides and playlists, the frame, the URL values, the way in from the sidebar,
on the tiny database whose figures are known by heart (see conftest.py).

Keys, rotation, live updates and the fit on screen need a browser: tests/browser/test_layar.py.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from selaras.format import tanggal
from selaras.layar import POSISI
from selaras.salindia import DAFTAR_PUTAR
from tests.app.conftest import APP, Buka, bangun_db_dua_hari, buka_definisi

INPUT = ("button", "checkbox", "color_picker", "date_input", "multiselect", "number_input", "radio",
         "select_slider", "selectbox", "slider", "text_area", "text_input", "time_input", "toggle",
         "button_group", "chat_input", "download_button")
"""Every kind of input widget AppTest knows: none of them belongs on the projector."""


def polos(teks: str) -> str:
    """Markdown as read on screen (the projector escapes every punctuation mark of its text; a figure's
    label keeps 'dari' and its count together with a no-break space)."""
    return teks.replace("\\", "").replace("\u00a0", " ")


def tulisan(at: AppTest) -> list[str]:
    return [polos(m.value) for m in at.markdown]


def _isi(at: AppTest) -> list[str]:
    """The slide's headline and figures: one Markdown element, a paragraph and a one-row table."""
    isi = [x for x in tulisan(at) if "\n| " in x]
    assert len(isi) == 1, tulisan(at)
    return isi[0].splitlines()


def kalimat(at: AppTest) -> str:
    return _isi(at)[0]


def angka(at: AppTest) -> dict[str, str]:
    """The large figures: label -> value."""
    label, _, nilai = (b.strip().strip("|").split("|") for b in _isi(at)[-3:])
    return {x.strip(): y.strip() for x, y in zip(label, nilai)}


def ke(at: AppTest, posisi: int) -> AppTest:
    """Show the slide at ``posisi`` of the playlist (what the keys and the rotation do)."""
    at.session_state[POSISI] = posisi
    return at.run()


def test_layar_dari_url_tanpa_panel_dan_tanpa_widget(buka: Buka) -> None:
    at = buka(layar="1", putar="20")
    assert not at.exception
    assert not at.sidebar.children, "nothing in the sidebar"
    for jenis in INPUT:
        assert not at.get(jenis), f"no {jenis} on the projector"
    teks = tulisan(at)
    assert "Ringkasan" in teks and "Tahun rencana 2022" in teks and "1 / 5" in teks
    assert kalimat(at).startswith("4 dari 7 sesi desk selesai dan 3 Berita Acara")
    assert angka(at) == {"Sesi desk selesai, dari 7": "4", "Berita Acara ditandatangani": "3",
                         "Usulan selaras PN": "75,0%", "Pagu selaras PN": "68,4%",
                         "Provinsi dengan kesenjangan, dari 3": "1"}
    assert len(at.get("echarts_chart")) == 1
    assert at.query_params["layar"] == "1" and at.query_params["putar"] == "20"
    assert not any("DATA CONTOH" in x for x in teks), "the tiny database is not the sample"


# Each slide of the main playlist: its title in the frame and its figures on the tiny database.
UTAMA = {
    "Ringkasan": {"Sesi desk selesai, dari 7": "4", "Pagu selaras PN": "68,4%"},
    "Progres Desk": {"Sesi desk selesai, dari 7": "4", "Porsi sesi selesai": "57,1%", "Sedang berlangsung": "1",
                     "Berita Acara ditandatangani": "3", "Sesi terlambat": "1"},
    "Perubahan Hari Ini": {"Sesi desk selesai": "1", "Dengan Berita Acara ditandatangani": "1",
                           "Usulan disetujui sejak awal hari": "–", "Target disepakati sejak awal hari": "–",
                           "Sesi terlambat": "1"},
    "Keselarasan": {"Usulan selaras MP": "37,5%", "Pagu selaras MP": "47,4%", "Lokasi MP terlayani, dari 52": "2"},
    "Kesenjangan Target": {"Target indikator": "5", "Memenuhi target nasional": "1", "Dalam rentang nasional": "2",
                           "Di bawah target nasional": "2", "Kesenjangan terbuka": "1"},
}


def test_daftar_utama_setiap_salindia(buka: Buka) -> None:
    at = buka(layar="1")
    assert len(UTAMA) == len(DAFTAR_PUTAR["utama"])
    for i, (judul, harapan) in enumerate(UTAMA.items()):
        ke(at, i)
        assert not at.exception, judul
        teks = tulisan(at)
        assert judul in teks and f"{i + 1} / 5" in teks
        assert len(angka(at)) == 5, "at most five large figures"
        assert angka(at).items() >= harapan.items(), (judul, angka(at))
        assert len(at.get("echarts_chart")) == 1, "one chart"
    assert kalimat(ke(at, 2)) == \
        "Senin, 1 Maret 2021: 1 sesi desk selesai, 1 di antaranya dengan Berita Acara ditandatangani.", \
        "the day is the latest meeting day in the data, named as it is not today"
    assert any("belum ada muat data sebelum hari itu" in x for x in tulisan(at))
    ke(at, 5)
    assert "1 / 5" in tulisan(at), "after the last slide comes the first"


def test_putaran_provinsi(buka: Buka) -> None:
    at = buka(layar="1", daftar="provinsi")
    teks = tulisan(at)
    assert "Profil Provinsi" in teks and "1 / 34" in teks, "every province of the 2021 edition"
    assert kalimat(at).startswith("Aceh: ")
    at = buka(layar="1", daftar="provinsi", provinsi="32,33")
    assert "1 / 2" in tulisan(at), "the province filter chooses the provinces of the round"
    assert kalimat(at) == \
        "Jawa Barat: 40,0% pagu usulan selaras PN, 2 dari 3 sesi desk selesai, 1 kesenjangan target terbuka."
    assert angka(at) == {"Usulan": "4", "Pagu usulan (Rp)": "1,0 M", "Pagu selaras PN": "40,0%",
                         "Sesi desk selesai, dari 3": "2", "Kesenjangan terbuka, dari 2 target": "1"}
    assert not any(x.startswith("Filter:") for x in tulisan(at)), "the round's own province is no filter badge"
    assert kalimat(ke(at, 1)).startswith("Jawa Tengah: ")
    assert at.query_params["daftar"] == "provinsi" and at.query_params["provinsi"] == ["32", "33"]


def test_daftar_harian(buka: Buka) -> None:
    at = buka(layar="1", daftar="harian")
    assert "1 / 2" in tulisan(at) and "Progres Desk" in tulisan(at)
    assert "Perubahan Hari Ini" in tulisan(ke(at, 1))


def test_filter_dan_nilai_url_buruk_di_bingkai(buka: Buka) -> None:
    at = buka(layar="1", daftar="semua", tema="neon", putar="3", kl="033")
    assert not at.exception
    teks = tulisan(at)
    assert "Diabaikan: putar=3, daftar=semua, tema=neon" in teks
    assert "Filter: Kementerian PUPR (033)" in teks
    assert "Kementerian/Lembaga: tidak untuk semua angka" in teks, "the gaps on Ringkasan ignore the K/L filter"
    assert "1 / 5" in teks, "the default playlist"
    assert "daftar" not in at.query_params and "tema" not in at.query_params and "putar" not in at.query_params
    assert not buka(layar="1", putar="601").query_params.get("putar")
    assert buka(layar="1", putar="5").query_params["putar"] == "5", "5 seconds is the least (tests use it)"


def test_tema_kontras(buka: Buka) -> None:
    biasa, kontras = buka(layar="1"), buka(layar="1", tema="kontras")
    assert kontras.query_params["tema"] == "kontras"
    latar = [json.loads(at.get("echarts_chart")[0].proto.spec)["backgroundColor"] for at in (biasa, kontras)]
    assert latar == ["#FFFFFF", "#000000"]
    gaya = [" ".join(h.proto.body for h in at.get("html")) for at in (biasa, kontras)]
    assert "--latar: #FFFFFF" in gaya[0] and "--latar: #000000" in gaya[1] and "--teks: #FFFFFF" in gaya[1]


def test_masuk_dari_panel_samping_dan_bertahan(buka: Buka) -> None:
    at = buka("progres_desk", provinsi="32")
    at.toggle(key="layar").set_value(True).run()
    assert not at.exception
    teks = tulisan(at)
    assert "Progres Desk" in teks and "2 / 5" in teks, "starts at the slide that stands for the page"
    assert "Filter: Jawa Barat" in teks
    assert angka(at)["Sesi desk selesai, dari 3"] == "2"
    at.run()
    assert "2 / 5" in tulisan(at) and "Filter: Jawa Barat" in tulisan(at), \
        "projector mode and the filters outlive runs that draw no widget"
    assert at.query_params["layar"] == "1" and at.query_params["provinsi"] == "32"


def test_perubahan_hari_ini_dibanding_muat_kemarin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = bangun_db_dua_hari(tmp_path / "ekspor", tmp_path / "dua_hari.duckdb")
    monkeypatch.setenv("SELARAS_DB", str(db))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["layar"] = "1"
    at.query_params["daftar"] = "harian"
    ke(at.run(), 1)
    assert not at.exception
    teks = tulisan(at)
    hari = tanggal(dt.date.today())
    assert kalimat(at) == f"Hari ini, {hari}: 2 sesi desk selesai, 1 di antaranya dengan Berita Acara ditandatangani."
    assert angka(at) == {"Sesi desk selesai": "2", "Dengan Berita Acara ditandatangani": "1",
                         "Usulan disetujui sejak awal hari": "+2", "Target disepakati sejak awal hari": "+1",
                         "Sesi terlambat": "1"}
    assert any(x.startswith("Usulan dan target: perubahan bersih sejak muat #1 (") for x in teks)
    laggard = at.get("echarts_chart")[0].proto.spec
    assert "Jawa Barat" in laggard and "Aceh" not in laggard, "the province with the late session is named"


def test_halaman_progres_desk_membaca_ukuran_yang_sama(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The desk page shows the day's figures of the slide, with their definition one click away."""
    db = bangun_db_dua_hari(tmp_path / "ekspor", tmp_path / "dua_hari.duckdb")
    monkeypatch.setenv("SELARAS_DB", str(db))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    at.switch_page("halaman/progres_desk.py").run()
    assert not at.exception
    assert f"Perubahan pada {tanggal(dt.date.today())}" in [s.value for s in at.subheader]
    hari = {m.label: m.value for m in at.metric}
    assert (hari["Sesi desk selesai"], hari["Dengan Berita Acara ditandatangani"]) == ("2", "1")
    assert (hari["Usulan disetujui sejak awal hari"], hari["Target disepakati sejak awal hari"]) == ("+2", "+1")
    assert any("sejak muat #1" in c.value for c in at.caption)
    buka_definisi(at)
    assert any("Perubahan hari ini" in m.value for e in at.expander for m in e.markdown)


def test_layar_pada_basis_data_kosong(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before the first export is loaded, every slide still draws: no figure is invented, none crashes."""
    import duckdb

    from etl.muat import pasang_tampilan, siapkan_skema

    db = tmp_path / "kosong.duckdb"
    with duckdb.connect(str(db)) as con:
        siapkan_skema(con)
        pasang_tampilan(con)
    monkeypatch.setenv("SELARAS_DB", str(db))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["layar"] = "1"
    at.run()
    for i in range(len(DAFTAR_PUTAR["utama"])):
        ke(at, i)
        assert not at.exception, i
        assert set(angka(at).values()) <= {"–", "0"}, angka(at)
    assert "Belum ada data" in tulisan(at)
    assert kalimat(ke(at, 2)) == "Belum ada sesi desk yang selesai atau berlangsung di data."
