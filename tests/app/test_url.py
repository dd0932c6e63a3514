"""URL values that are not what they seem: every page opens, drops them with a notice, and keeps the rest."""

from __future__ import annotations

import re

import pytest

from selaras.teks import t
from tests.app.conftest import Buka, galat

HALAMAN = ("ringkasan", "keselarasan", "progres_desk", "kesenjangan_target", "profil_provinsi", "data")

BESAR = "9" * 10_000
"""Python's int() refuses a decimal string of more than 4.300 digits."""


def pemberitahuan(at) -> str:
    return " ".join(w.value for w in at.warning)


@pytest.mark.parametrize("halaman", HALAMAN)
def test_angka_yang_bukan_angka_ascii_dibuang(buka: Buka, halaman: str) -> None:
    # '²' and '٣' are digits to str.isdigit() but int() refuses the first and reads the second as 3
    at = buka(halaman, tahun="²", putar="²", desk="²,٣", provinsi="32")
    assert not galat(at), galat(at)
    for dibuang in ("tahun=²", "putar=²", "desk=²", "desk=٣"):
        assert dibuang in pemberitahuan(at), dibuang
    assert at.query_params["provinsi"] == "32", "the valid value stays"
    assert at.query_params["tahun"] == "2022" and "putar" not in at.query_params


@pytest.mark.parametrize("halaman", HALAMAN)
def test_angka_sangat_panjang_dibuang(buka: Buka, halaman: str) -> None:
    at = buka(halaman, tahun=BESAR, putar=BESAR, desk=BESAR)
    assert not galat(at), galat(at)
    teks = pemberitahuan(at)
    assert "tahun=999" in teks and "putar=999" in teks and "desk=999" in teks
    assert BESAR not in teks, "a dropped value is shown shortened"
    assert at.query_params["tahun"] == "2022"


@pytest.mark.parametrize("nilai", ["²", BESAR])
def test_angka_yang_salah_tidak_menjatuhkan_projektor(buka: Buka, nilai: str) -> None:
    """The projector reads the same URL (putar is its setting): it says what it ignored and draws its slide."""
    at = buka(layar="1", tahun=nilai, putar=nilai, desk=nilai)
    assert not galat(at), galat(at)
    catatan = re.sub(r"\\(.)", r"\1", " ".join(m.value for m in at.markdown))
    assert f"putar={nilai[:3]}" in catatan
    assert at.query_params["tahun"] == "2022" and "putar" not in at.query_params


def test_nilai_sah_yang_berulang_tidak_dilaporkan(buka: Buka) -> None:
    at = buka("progres_desk", provinsi=["32", "32,33", "33"], desk="4,4")
    assert not galat(at), galat(at)
    assert not any("provinsi=" in w.value or "desk=" in w.value for w in at.warning), pemberitahuan(at)
    assert at.multiselect(key="f_provinsi").value == ["32", "33"]
    assert at.multiselect(key="f_desk").value == [4]


@pytest.mark.parametrize(("halaman", "bahasa"), [("keselarasan", "id"), ("profil_provinsi", "en")])
def test_pilihan_bahasa_kosong_dari_peramban_tidak_mengubah_bahasa(buka: Buka, halaman: str, bahasa: str) -> None:
    """The browser sends an empty choice for the language switch (a switch Streamlit drew again without its
    value, after a page switch dropped it): the session keeps its language, no page fails on it, and the URL
    never says bahasa=None."""
    at = buka(halaman, bahasa=bahasa, provinsi="32")
    at.button_group(key="bahasa").set_value(None).run()
    assert not galat(at)
    assert at.button_group(key="bahasa").value == bahasa
    assert t("filter.judul", bhs=bahasa) in [s.value for s in at.subheader]
    assert at.query_params.get("bahasa", "id") == bahasa
