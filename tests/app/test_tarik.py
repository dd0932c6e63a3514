"""The dashboard during pulls from the SIPD web service: new figures without a restart, and the Data page
saying per kind when it was last pulled, how many records, and the last failure."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from etl.tarik import tarik
from etl.unduh import Kesabaran
from tests import layanan_sipd as sipd
from tests.app.conftest import APP, metrik
from tests.layanan_sipd import TOKEN, LayananSipd


def test_aplikasi_yang_berjalan_menampilkan_tarikan_baru(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "tarik.duckdb"
    with LayananSipd() as layanan:
        layanan.isi("usulan", 2022, sipd.usulan(10))
        layanan.isi("target_indikator", 2022, sipd.target_indikator())
        layanan.isi("desk_sesi", 2022, sipd.desk_sesi(selesai=2))

        def tarik_sekarang() -> None:
            tarik(layanan.url, 2022, TOKEN, db=db, per_halaman=4, kesabaran=Kesabaran(batas_waktu=10, ulang=0))

        tarik_sekarang()
        monkeypatch.setenv("SELARAS_DB", str(db))
        at = AppTest.from_file(str(APP), default_timeout=60).run()
        assert metrik(at, "Berita Acara") == "2"

        layanan.isi("desk_sesi", 2022, sipd.desk_sesi(selesai=4))
        tarik_sekarang()
        at.run()  # the same running session, no restart
        assert not at.exception
        assert metrik(at, "Berita Acara") == "4"

        layanan.ganggu("usulan", 2, "json_terpotong")
        tarik_sekarang()
        at.switch_page("halaman/data.py").run()

    assert not at.exception
    tarikan = next(d.value for d in at.dataframe if "alasan_gagal" in d.value.columns)
    baris = {r["kind"]: r for r in tarikan.to_dict("records")}
    assert list(baris) == ["Usulan", "Target indikator", "Sesi desk"]
    usulan, sesi = baris["Usulan"], baris["Sesi desk"]
    assert (usulan["tahun_rencana"], usulan["status"], usulan["rekaman"]) == ("2022", "Gagal", "10")
    assert usulan["alasan_gagal"].startswith("halaman 2: jawaban bukan JSON utuh")
    assert usulan["gagal_terakhir"] != "–" and usulan["lengkap_terakhir"] != "–"
    assert (sesi["status"], sesi["rekaman"], sesi["alasan_gagal"]) == ("Tidak berubah", "5", "–")
    assert any("Usulan 2022" in w.value for w in at.warning), "a failed last pull is announced above the table"

    at.button_group(key="bahasa").set_value("en").run()
    tarikan = next(d.value for d in at.dataframe if "alasan_gagal" in d.value.columns)
    assert (tarikan["kind"].tolist(), tarikan["status"].iloc[0]) == (
        ["Proposals", "Indicator targets", "Desk sessions"], "Failed")
    assert any("The last pull failed for: Proposals 2022" in w.value for w in at.warning)
