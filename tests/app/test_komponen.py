"""Downloads that open safely in a spreadsheet, Indonesian formats, and a complete text catalogue."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from selaras import format as fmt
from selaras.komponen import csv_bytes, netralkan, xlsx_bytes
from selaras.teks import katalog

AKAR = Path(__file__).resolve().parents[2]

BERBAHAYA = pd.DataFrame({
    "nama": ["=SUM(A1:A2)", "+62 812", "-1+2", "@cmd", "\t=1", "aman", None],
    "pagu": [1_000_000.5, -2.0, 3.0, 4.0, 5.0, 6.0, 7.0],
})


def test_sel_rumus_dinetralkan() -> None:
    hasil = netralkan(BERBAHAYA)
    assert hasil["nama"].tolist()[:6] == ["'=SUM(A1:A2)", "'+62 812", "'-1+2", "'@cmd", "'\t=1", "aman"]
    assert hasil["pagu"].tolist() == BERBAHAYA["pagu"].tolist(), "numbers stay numbers, negative ones too"


def test_csv_indonesia_terbuka_dengan_benar() -> None:
    isi = csv_bytes(netralkan(BERBAHAYA), "id")
    assert isi.startswith("\ufeff".encode()), "a BOM so Excel reads UTF-8"
    kembali = pd.read_csv(io.BytesIO(isi), sep=";", decimal=",", encoding="utf-8-sig")
    assert kembali["pagu"].iloc[0] == 1_000_000.5
    assert not any(str(v).startswith(("=", "+", "-", "@")) for v in kembali["nama"].dropna())


def test_xlsx_bernilai_dan_tanpa_rumus() -> None:
    isi = xlsx_bytes(netralkan(BERBAHAYA), {"nama": "teks", "pagu": "rupiah"}, "Uji")
    kembali = pd.read_excel(io.BytesIO(isi), engine="calamine", header=1)
    assert kembali["nama"].iloc[0] == "'=SUM(A1:A2)"
    assert kembali["pagu"].iloc[0] == 1_000_000.5
    with zipfile.ZipFile(io.BytesIO(isi)) as z:
        lembar = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in lembar, "no cell is stored as a formula"


@pytest.mark.parametrize(("nilai", "harapan"), [
    (lambda: fmt.angka(1234.5, 1), "1.234,5"),
    (lambda: fmt.angka(0.376, 0, paling_banyak=3), "0,376"),
    (lambda: fmt.rupiah(1.234e12), "Rp 1,2 T"),
    (lambda: fmt.rupiah(350.5e9), "Rp 350,5 M"),
    (lambda: fmt.rupiah(12.3e6), "Rp 12,3 jt"),
    (lambda: fmt.rupiah(1.2e12, "en"), "Rp 1.2 tn"),
    (lambda: fmt.persen(0.7012), "70,1%"),
    (lambda: fmt.poin_persen(0.012), "+1,2 poin"),
    (lambda: fmt.selisih(-1234), "-1.234"),
    (lambda: fmt.tanggal(dt.date(2021, 2, 25)), "25 Februari 2021"),
    (lambda: fmt.tanggal(dt.date(2021, 3, 4), pendek=True), "4 Mar"),
    (lambda: fmt.waktu(dt.datetime(2021, 3, 4, 16, 5)), "4 Maret 2021, 16.05"),
    (lambda: fmt.persen(None), fmt.KOSONG),
    (lambda: fmt.tanggal(pd.NaT), fmt.KOSONG),
])
def test_format_indonesia(nilai, harapan) -> None:
    assert nilai() == harapan


def test_katalog_lengkap_dua_bahasa() -> None:
    for kunci, entri in katalog().items():
        assert entri.get("id") and entri.get("en"), f"{kunci} needs both id and en"
        assert set(re.findall(r"{(\w+)}", entri["id"])) == set(re.findall(r"{(\w+)}", entri["en"])), kunci


def test_setiap_kunci_teks_di_kode_ada_di_katalog() -> None:
    kode = "".join(p.read_text() for p in [AKAR / "app.py", *(AKAR / "selaras").glob("*.py"),
                                           *(AKAR / "halaman").glob("*.py")])
    dipakai = set(re.findall(r"""\bt\(["']([a-z_]+\.[a-z_.]+)["']""", kode))
    hilang = sorted(k for k in dipakai if k not in katalog())
    assert not hilang, hilang


def test_antrean_mendahulukan_yang_diminta_atas_penyegaran() -> None:
    """When every turn is taken, a run somebody asked for goes before a refresh that waited longer."""
    import threading
    import time

    from selaras.komponen import Antrean

    antrean = Antrean(1)
    lepas, masuk, urutan = threading.Event(), threading.Event(), []

    def pegang() -> None:
        with antrean.giliran():
            masuk.set()
            lepas.wait(30)

    def jalan(nama: str, penyegaran: bool) -> threading.Thread:
        def isi() -> None:
            with antrean.giliran(penyegaran=penyegaran):
                urutan.append(nama)
        utas = threading.Thread(target=isi)
        utas.start()
        return utas

    def menunggu(n: int) -> None:
        batas = time.monotonic() + 30
        while len(antrean._kondisi._waiters) != n:  # noqa: SLF001 (threads parked in the queue)
            assert time.monotonic() < batas, "the runs never queued"
            time.sleep(0.01)

    pemegang = threading.Thread(target=pegang)
    pemegang.start()
    assert masuk.wait(30)
    segar = jalan("penyegaran", True)
    menunggu(1)
    diminta = jalan("diminta", False)
    menunggu(2)
    lepas.set()
    for utas in (pemegang, segar, diminta):
        utas.join(30)
    assert urutan == ["diminta", "penyegaran"]


def test_waktu_run_dicatat_hanya_bila_diminta(buka, monkeypatch: pytest.MonkeyPatch) -> None:
    """SELARAS_CATAT_RUN=1 puts one line with its seconds in the server log for every whole run of app.py
    (benchmarks/beban_penonton.py reads them); without it, none."""
    import logging

    from selaras import galat, komponen

    class Simpan(logging.Handler):
        def __init__(self) -> None:
            super().__init__()
            self.pesan: list[str] = []

        def emit(self, catatan: logging.LogRecord) -> None:
            self.pesan.append(catatan.getMessage())

    simpan = Simpan()
    galat.LOG.addHandler(simpan)
    try:
        buka()
        assert not [p for p in simpan.pesan if p.startswith("waktu run")], "off by default"
        monkeypatch.setattr(komponen, "CATAT_RUN", True)
        at = buka()
        at.switch_page("halaman/data.py").run()
        baris = [p for p in simpan.pesan if p.startswith("waktu run")]
        assert len(baris) == 2, baris
        assert all(re.fullmatch(r"waktu run \d+\.\d{3} s", p) and float(p.split()[2]) > 0 for p in baris), baris
    finally:
        galat.LOG.removeHandler(simpan)
