"""Upload from the Data page: file names that cannot leave the data folder, the real load with its rejects
and who made it, new figures served at once, and the size limit."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit import config

from selaras.unggah import FOLDER, nama_aman, simpan
from tests.app.conftest import Buka, metrik
from tests.app.test_akses import OPERATOR, RAHASIA, masuk

BARU = ("Kode Usulan;Tahun;Kode Provinsi;Prioritas Nasional;Pagu;Status\n"
        "U10;2022;32;PN3;50.000.000;Diusulkan\n"
        "U11;2022;33;PN5;70.000.000;Diusulkan\n"
        "U12;2022;77;PN5;10.000.000;Diusulkan\n").encode()
"""Two new proposals tagged to a PN, and one of a province that does not exist."""


@pytest.mark.parametrize(("nama", "aman"), [
    ("usulan.xlsx", "usulan.xlsx"),
    ("../../../etc/cron.d/usulan.csv", "usulan.csv"),
    ("..\\..\\Windows\\usulan.CSV", "usulan.csv"),
    ("/var/lib/selaras/selaras.duckdb", "selaras_duckdb"),
    ("Usulan Jabar (final) 2022.json", "Usulan_Jabar_final_2022.json"),
    ("..csv", "berkas.csv"),
    (".bashrc", "bashrc"),
    ("a\x00b;rm -rf ~.csv", "a_b_rm_-rf.csv"),
    ("", "berkas"),
    ("x" * 300 + ".csv", "x" * 116 + ".csv"),
])
def test_nama_berkas_unggahan_tidak_dapat_keluar_dari_foldernya(nama: str, aman: str) -> None:
    assert nama_aman(nama) == aman
    assert "/" not in aman and "\\" not in aman and not aman.startswith(".")


def test_berkas_unggahan_ditulis_hanya_di_folder_barunya(tmp_path: Path) -> None:
    data = tmp_path / "data"
    jalur = simpan([("../../luar.csv", b"a"), ("/tmp/luar.csv", b"b"), ("luar.csv", b"c")], data)

    folder = jalur[0].parent
    assert folder.parent == (data / FOLDER).resolve()
    assert [p.name for p in jalur] == ["luar.csv", "luar-2.csv", "luar-3.csv"]
    assert [p.read_bytes() for p in jalur] == [b"a", b"b", b"c"]
    semua = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert semua == sorted(jalur), "nothing written anywhere else"


@pytest.fixture
def db_salinan(db_kecil: Path, tmp_path: Path) -> Path:
    """A copy of the tiny database in a data folder of its own: an upload changes it."""
    (tmp_path / "data").mkdir()
    return Path(shutil.copy(db_kecil, tmp_path / "data" / "selaras.duckdb"))


def operator_di_halaman_data(buka: Buka, db: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SELARAS_DB", str(db))
    return buka("data", rahasia=RAHASIA, pengguna=masuk(OPERATOR))


def unggah(at, berkas: list[tuple[str, bytes]], ganti: bool = False) -> None:
    """Choose the files in the upload box (and Ganti), then press Load, as an operator does."""
    at.file_uploader(key="unggah_berkas").set_value([(nama, isi, "text/csv") for nama, isi in berkas])
    if ganti:
        at.checkbox(key="unggah_ganti").check()
    next(b for b in at.button if b.label == "Muat ke basis data").click().run()


def runs(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT run_id, status, rows_loaded, rows_rejected, pengguna FROM etl_runs "
                           "ORDER BY run_id").fetchall()


def test_operator_mengunggah_ekspor_dan_melihat_ringkasan_dan_penolakannya(
        buka: Buka, db_salinan: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    at = operator_di_halaman_data(buka, db_salinan, monkeypatch)
    unggah(at, [("../../../usulan_baru.csv", BARU)])

    assert not at.exception, at.exception
    assert runs(db_salinan)[-1] == (2, "loaded", 2, 1, OPERATOR), "the load, recorded as the operator's"
    ringkas = " ".join(w.value for w in at.warning)
    assert "Muat #2 selesai: 2 baris dimuat, 1 baris ditolak, 0 berkas gagal" in ringkas
    berkas = next(d.value for d in at.dataframe if "rows_read" in d.value.columns and "run_id" not in d.value.columns)
    assert berkas["rows_loaded"].tolist() == ["2"] and berkas["file"].iloc[0].endswith("/usulan_baru.csv")
    tolak = [d.value for d in at.dataframe if "reason" in d.value.columns][0]
    assert tolak["value"].tolist() == ["77"] and "tidak dikenal" in tolak["reason"].iloc[0]
    assert at.download_button(key="csv_unggah_hasil_penolakan"), "the rejects can be downloaded"
    disimpan = list((db_salinan.parent / FOLDER).glob("*/usulan_baru.csv"))
    assert len(disimpan) == 1 and disimpan[0].read_bytes() == BARU
    assert not list(tmp_path.parent.glob("usulan_baru.csv")) and not Path("usulan_baru.csv").exists()

    at.switch_page("halaman/ringkasan.py").run()
    assert metrik(at, "Usulan selaras PN") == "80,0%", "8 of 10 proposals now: the new figures, no restart"


def test_berkas_melebihi_batas_ditolak_dengan_pesan_jelas(
        buka: Buka, db_salinan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    semula = config.get_option("server.maxUploadSize")
    config.set_option("server.maxUploadSize", 1)
    try:
        at = operator_di_halaman_data(buka, db_salinan, monkeypatch)
        assert "Paling besar 1 MB per berkas" in " ".join(c.value for c in at.caption)
        besar = BARU + b"U99;2022;32;PN3;1;Diusulkan\n" * 60_000
        unggah(at, [("besar.csv", besar)])
        galat = " ".join(e.value for e in at.error)
        assert "besar\\.csv tidak dimuat" in galat and "melebihi batas 1 MB per berkas" in galat
        assert [r[0] for r in runs(db_salinan)] == [1], "nothing loaded"

        unggah(at, [("besar.csv", besar), ("baru.csv", BARU)])
    finally:
        config.set_option("server.maxUploadSize", semula)

    assert not at.exception
    assert runs(db_salinan)[-1] == (2, "loaded", 2, 1, OPERATOR), "the file within the limit is loaded"
    assert "besar\\.csv tidak dimuat" in " ".join(e.value for e in at.error), "and the other one named"


def test_unggahan_dengan_ganti_mengganti_pasangan_tahun_provinsi_yang_dimuatnya(
        buka: Buka, db_salinan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Like `load --ganti`: Jawa Barat and Jawa Tengah 2022 are now U10 and U11 only; Aceh is untouched."""
    at = operator_di_halaman_data(buka, db_salinan, monkeypatch)
    unggah(at, [("usulan_baru.csv", BARU)], ganti=True)

    assert not at.exception, at.exception
    with duckdb.connect(str(db_salinan), read_only=True) as con:
        assert con.execute("SELECT ganti, rows_removed, pengguna FROM etl_runs WHERE run_id = 2").fetchall() == [
            ("cakupan", 6, OPERATOR)]
        assert [r[0] for r in con.execute("SELECT id_usulan FROM usulan ORDER BY 1").fetchall()] == [
            "U07", "U08", "U10", "U11"]
    assert "6 baris yang tidak ada lagi di berkas dihapus" in " ".join(i.value for i in at.info)
